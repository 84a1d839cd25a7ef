//! checkout-server: the checkout engine. It owns the catalog, the sessions, every rule and
//! every amount; it serves the engine API (`/v1`, secret key), the widget API (`/api`,
//! scoped to one session), the OpenAPI document, the built widget and a demo page.

pub mod api;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod store;

use axum::http::{header, HeaderValue, Method};
use axum::routing::{delete, get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secret_key: Arc<String>,
    /// Serve the demo merchant page (`/`) and `POST /demo/session`.
    pub demo: bool,
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

/// The whole HTTP surface. `widget_dir` is the Trunk `dist/` to serve under `/widget`.
pub fn app(state: AppState, widget_dir: Option<PathBuf>) -> Router {
    use api::{engine, widget};
    let engine_api = Router::new()
        .route(
            "/v1/products",
            post(engine::create_product).get(engine::list_products),
        )
        .route(
            "/v1/products/{id}",
            get(engine::get_product)
                .patch(engine::update_product)
                .post(engine::update_product),
        )
        .route(
            "/v1/prices",
            post(engine::create_price).get(engine::list_prices),
        )
        .route(
            "/v1/prices/{id}",
            get(engine::get_price)
                .patch(engine::update_price)
                .post(engine::update_price),
        )
        .route(
            "/v1/coupons",
            post(engine::create_coupon).get(engine::list_coupons),
        )
        .route("/v1/coupons/{id}", get(engine::get_coupon))
        .route(
            "/v1/checkout/sessions",
            post(engine::create_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}",
            get(engine::get_checkout_session).post(engine::update_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}/expire",
            post(engine::expire_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}/line_items",
            get(engine::get_checkout_line_items),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::require_secret_key,
        ));

    // The widget may be embedded on any merchant origin; the session id is the credential.
    let cors = CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE]);
    let widget_api = Router::new()
        .route("/api/checkout/{session}", get(widget::get_checkout))
        .route("/api/checkout/{session}/upsell", post(widget::post_upsell))
        .route(
            "/api/checkout/{session}/cross-sells",
            post(widget::post_cross_sell),
        )
        .route(
            "/api/checkout/{session}/cross-sells/{product}",
            delete(widget::delete_cross_sell),
        )
        .route(
            "/api/checkout/{session}/line-items/{line_item}/quantity",
            post(widget::post_quantity),
        )
        .layer(cors)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let mut router = Router::new()
        .merge(engine_api)
        .merge(widget_api)
        .route("/v1/openapi.json", get(openapi::serve))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(not_found);
    if state.demo {
        router = router
            .route("/", get(demo::page))
            .route("/demo/session", post(demo::session));
    }
    if let Some(dir) = widget_dir {
        // Module scripts on another origin need CORS; Trunk's files are served as built
        // (a `.br` sibling, when present, goes to clients that accept brotli).
        let files = Router::new()
            .fallback_service(ServeDir::new(dir).precompressed_br())
            .layer(
                CorsLayer::new()
                    .allow_origin(tower_http::cors::Any)
                    .allow_methods([Method::GET]),
            );
        router = router.nest("/widget", files);
    }
    router.with_state(state)
}

async fn not_found() -> error::AppError {
    error::AppError::new(checkout_core::Code::ResourceMissing, "no such endpoint")
}

/// Settings read from the environment.
pub struct Config {
    pub addr: SocketAddr,
    pub database: PathBuf,
    pub widget_dir: Option<PathBuf>,
    pub secret_key: Option<String>,
    pub seed_demo: bool,
}

impl Config {
    /// `HOST` (127.0.0.1), `PORT` (8080), `DATABASE_PATH` (data/checkout.sqlite3),
    /// `WIDGET_DIR` (dist), `CHECKOUT_SECRET_KEY`, `SEED_DEMO` (1).
    pub fn from_env() -> Result<Config, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let host = var("HOST").unwrap_or_else(|| "127.0.0.1".into());
        let port: u16 = var("PORT")
            .unwrap_or_else(|| "8080".into())
            .parse()
            .map_err(|_| "PORT must be a number")?;
        let addr = format!("{host}:{port}")
            .parse()
            .map_err(|e| format!("HOST/PORT: {e}"))?;
        let widget_dir = PathBuf::from(var("WIDGET_DIR").unwrap_or_else(|| "dist".into()));
        Ok(Config {
            addr,
            database: PathBuf::from(
                var("DATABASE_PATH").unwrap_or_else(|| "data/checkout.sqlite3".into()),
            ),
            widget_dir: widget_dir.is_dir().then_some(widget_dir),
            secret_key: var("CHECKOUT_SECRET_KEY"),
            seed_demo: var("SEED_DEMO").is_none_or(|v| v != "0"),
        })
    }
}

/// Opens the store, seeds the demo catalog once, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), String> {
    let store = Store::open(&config.database, 8)
        .map_err(|e| format!("open {}: {e:?}", config.database.display()))?;
    let secret_key = match config.secret_key {
        Some(k) => k,
        None => {
            let k = new_id("sk_test");
            println!("CHECKOUT_SECRET_KEY was not set; this run's engine API key is: {k}");
            k
        }
    };
    let state = AppState {
        store,
        secret_key: Arc::new(secret_key),
        demo: config.seed_demo,
    };
    if config.seed_demo {
        demo::seed(&state)
            .await
            .map_err(|e| format!("seeding the demo catalog: {e:?}"))?;
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
    axum::serve(listener, app(state, config.widget_dir))
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

/// Entry point of the binary.
pub fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let run = || -> Result<(), String> {
        let config = Config::from_env()?;
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
