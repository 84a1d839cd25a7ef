//! checkout-server: the checkout engine. It owns the catalog, the sessions, every rule and
//! every amount; it serves the engine API (`/v1`, secret key), the widget API (`/api`,
//! scoped to one session), the OpenAPI document, the built widget and a demo page.

pub mod api;
pub mod config;
pub mod dashboard;
pub mod demo;
pub mod error;
pub mod form;
pub mod guard;
pub mod openapi;
pub mod payments;
pub mod store;
pub mod webhooks;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
pub use config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;
use tower::ServiceBuilder;
use tower_http::compression::{predicate::SizeAbove, CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secret_key: Arc<String>,
    /// Serve the demo merchant page (`/`) and `POST /demo/session`.
    pub demo: bool,
    /// The widget API's origin allowlist and rate limit.
    pub guard: Arc<guard::Guard>,
    /// The payment step behind confirm (test mode unless a processor is plugged in).
    pub payments: Arc<dyn payments::PaymentStep>,
}

impl AppState {
    /// A state with the default guard (same origin only, rate limited) and no demo.
    pub fn new(store: Store, secret_key: impl Into<String>) -> AppState {
        AppState {
            store,
            secret_key: Arc::new(secret_key.into()),
            demo: false,
            guard: Arc::new(guard::Guard::default()),
            payments: Arc::new(payments::TestMode),
        }
    }
}

/// A fresh id: `prefix_` and 160 random bits in hex (session ids need at least 128).
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0_u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let mut id = String::with_capacity(prefix.len() + 41);
    id.push_str(prefix);
    id.push('_');
    for b in bytes {
        id.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        id.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    id
}

/// Gzip for the widget API's answers of more than 8 KiB, when the client accepts it.
/// Every answer is the whole session (DESIGN §4.2), and on a slow mobile link the buyer
/// waits for every byte of it after each click: a hundred lines are 74,285 B, 4,600 B
/// gzipped; ten lines (where a cart passes 8 KiB) 8,312 → 1,169 B. A one-line cart's
/// 2.2 KB go as they are: setting up a deflate stream costs more instructions than the
/// whole rest of its `GET` (callgrind, BENCHMARKS.md), to save about a kilobyte. The
/// fastest level, since each answer is compressed once. Only the widget API: the engine
/// API is server to server, and its webhook endpoint answer carries a secret next to
/// text the caller chose (the shape a BREACH attack needs).
fn session_compression() -> CompressionLayer<SizeAbove> {
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(SizeAbove::new(8 * 1024))
}

/// How long browsers may keep the widget API's CORS preflight answers: 2 hours, the
/// most Chromium keeps one.
pub const CORS_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(2 * 60 * 60);

/// The whole HTTP surface. `widget_dir` is the Trunk `dist/` to serve under `/widget`.
pub fn app(state: AppState, widget_dir: Option<PathBuf>) -> Router {
    app_with_dashboard(state, widget_dir, None)
}

/// [`app`], and the dashboard's build (`dashboard/dist`) served under `/dashboard/`: its
/// files, and its `index.html` for every other path there (the app routes in the page).
/// Its files are revalidated on every use (`no-cache`), so a deploy shows at once.
pub fn app_with_dashboard(
    state: AppState,
    widget_dir: Option<PathBuf>,
    dashboard_dir: Option<PathBuf>,
) -> Router {
    use api::{engine, widget};
    // A method a route does not take: 405 in the §4 body, set on each router before its
    // layers so they (CORS preflights, say) still run first.
    let engine_api =
        engine::router(state.clone()).method_not_allowed_fallback(api::method_not_allowed);

    // Pages on the allowlisted merchant origins may call the widget API (CORS); every other
    // foreign origin is refused before a handler runs (guard::check_origin).
    let origins: Vec<HeaderValue> = state
        .guard
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
            HeaderName::from_static("request-id"),
        ])
        // Every update sends `Idempotency-Key`, so a page on another origin sends a
        // preflight first. Browsers keep a preflight's answer this long (Chromium caps
        // it at 2 hours, Firefox at 24); without a max age they ask again after 5 s,
        // which is one more round trip before nearly every click (BENCHMARKS.md).
        .max_age(CORS_MAX_AGE);
    let widget_api = widget::router()
        .method_not_allowed_fallback(api::method_not_allowed)
        // One stack (outermost first), so each request clones one boxed service for it
        // instead of one per layer: axum's router clones a route's service per request.
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    guard::check_origin,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    guard::rate_limit,
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(cors)
                .layer(session_compression()),
        );

    let mut router = Router::new()
        .route("/v1/openapi.json", get(openapi::serve))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .method_not_allowed_fallback(api::method_not_allowed)
        .merge(engine_api)
        .merge(
            dashboard::router(state.clone()).method_not_allowed_fallback(api::method_not_allowed),
        )
        .merge(widget_api)
        .fallback(not_found);
    if state.demo {
        router = router
            .route("/", get(demo::page))
            .route("/demo/session", post(demo::session))
            .route("/demo/page.css", get(demo::stylesheet));
    }
    if let Some(dir) = dashboard_dir {
        let no_cache = || {
            SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            )
        };
        let files = ServiceBuilder::new().layer(no_cache()).service(
            ServeDir::new(&dir)
                .precompressed_br()
                .fallback(tower_http::services::ServeFile::new(dir.join("index.html"))),
        );
        router = router.nest_service("/dashboard", files);
    }
    if let Some(dir) = widget_dir {
        // Module scripts on another origin need CORS; Trunk's files are served as built
        // (a `.br` sibling, when present, goes to clients that accept brotli).
        let files = Router::new()
            .fallback_service(ServeDir::new(dir).precompressed_br())
            .layer(axum::middleware::from_fn(widget_caching))
            .layer(
                CorsLayer::new()
                    .allow_origin(tower_http::cors::Any)
                    .allow_methods([Method::GET]),
            );
        router = router.nest("/widget", files);
    }
    router
        .layer(
            ServiceBuilder::new()
                // One `info` line per request (RUST_LOG=info) in the request's span, and
                // the failure behind a 5xx logged once inside it (error::log_failures).
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_request(())
                        .on_response(
                            DefaultOnResponse::new()
                                .level(tracing::Level::INFO)
                                .latency_unit(LatencyUnit::Micros),
                        )
                        .on_failure(()),
                )
                .layer(axum::middleware::from_fn(error::log_failures))
                .layer(axum::middleware::map_response(common_headers)),
        )
        .with_state(state)
}

/// The security headers of every response (see docs/security.md), and its `Request-Id`
/// (`req_…`, Stripe's header, DESIGN §9: what a merchant quotes when asking about one
/// answer).
async fn common_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    if let Ok(id) = HeaderValue::from_str(&new_id("req")) {
        h.insert(HeaderName::from_static("request-id"), id);
    }
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            guard::CONTENT_SECURITY_POLICY,
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    res
}

/// How long browsers keep the widget's files. The release build names the wasm by a hash
/// of its bytes (`checkout-widget-<16 hex>.wasm`, see scripts/build-widget): that name
/// never changes content, so it is kept for a year without asking again, and a returning
/// buyer's browser neither downloads nor revalidates it. Every other file (above all
/// `checkout-widget.js`, the one URL merchants embed, which names the wasm it goes with)
/// is revalidated on each use, so a new build reaches buyers at once.
async fn widget_caching(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let immutable = is_hashed_wasm(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let policy = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// `…/checkout-widget-<16 lowercase hex digits>.wasm`.
fn is_hashed_wasm(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.strip_prefix("checkout-widget-")
        .and_then(|rest| rest.strip_suffix(".wasm"))
        .is_some_and(|hash| {
            hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// The span of one request: method and the route it matched (`/api/checkout/{session}`),
/// never the path itself, so ids (a session id is the widget API's credential) never
/// reach the log. Headers and bodies are never logged.
pub fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(axum::extract::MatchedPath::as_str)
        .unwrap_or("(no route)");
    tracing::info_span!("request", method = %req.method(), route = %route)
}

/// `GET /readyz`: 200 while the store answers, else 503 `store_unavailable` (a load
/// balancer takes the instance out until it answers again).
async fn ready(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, error::AppError> {
    state.store.ping().await?;
    Ok("ready")
}

async fn not_found() -> error::AppError {
    error::AppError::new(
        checkout_core::Code::RouteMissing,
        "no endpoint has this path; GET /v1/openapi.json lists them",
    )
}

/// Opens the store, seeds the demo catalog once, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), String> {
    let store = Store::open(&config.database, config.pool_size)
        .await
        .map_err(|e| format!("open the {}: {e:?}", config.database.describe()))?;
    let secret_key = match config.secret_key {
        Some(k) => k,
        None => {
            let k = new_id("sk_test");
            println!("CHECKOUT_SECRET_KEY was not set; this run's engine API key is: {k}");
            k
        }
    };
    let state = AppState {
        store: store.clone(),
        secret_key: Arc::new(secret_key),
        demo: config.seed_demo,
        guard: Arc::new(config.guard),
        payments: config.payments,
    };
    webhooks::spawn_worker(store.clone());
    // Idempotency keys live 24 hours; a sweep every 10 minutes deletes older ones.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.prune().await {
                tracing::warn!("pruning idempotency keys failed: {e:?}");
            }
        }
    });
    if config.seed_demo {
        demo::seed(&state)
            .await
            .map_err(|e| format!("seeding the demo catalog: {e:?}"))?;
        if let Some(url) = &config.demo_webhook_url {
            match demo::register_webhook(&state, url).await {
                Ok(Some(secret)) => {
                    println!("webhook endpoint {url} registered; its signing secret: {secret}")
                }
                Ok(None) => println!(
                    "webhook endpoint {url} was registered before (its secret was printed then)"
                ),
                Err(e) => return Err(format!("registering DEMO_WEBHOOK_URL: {e:?}")),
            }
        }
    }
    if config.widget_dir.is_none() {
        eprintln!(
            "warning: no widget build found (WIDGET_DIR, default dist/); /widget is not served"
        );
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("bind {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("checkout server listening on http://{addr}/");
    let service = app_with_dashboard(state, config.widget_dir, config.dashboard_dir)
        .into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// `checkout-server copy-to-postgres`: copies the SQLite file at `DATABASE_PATH` into
/// the empty PostgreSQL database at `DATABASE_URL` (see docs/operations.md).
fn copy_to_postgres(args: config::CopyArgs) -> std::process::ExitCode {
    let path = args.database_path;
    let url = args.database_url;
    match store::copy::sqlite_to_postgres(&path, &url) {
        Ok(copied) => {
            for (table, n) in copied {
                println!("{table}: {n} rows");
            }
            println!(
                "copied {} to {}",
                path.display(),
                store::postgres::redact_url(&url)
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            let detail = match e {
                error::AppError::Rule(r) => r.message,
                error::AppError::Internal(d) | error::AppError::Unavailable(d) => d,
            };
            eprintln!("copy-to-postgres: {detail}; nothing was copied");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Entry point of the binary.
pub fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    // `--help` lists every setting with its variable and default; a bad value stops here
    // with a message naming its variable (clap's exit code 2).
    let cli = config::Cli::read(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let settings = match cli.command {
        Some(config::Command::CopyToPostgres(args)) => return copy_to_postgres(args),
        None => cli.settings,
    };
    let run = || -> Result<(), String> {
        let config = Config::from(settings);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(serve(config))
    };
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("checkout-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
