//! The server's settings: every one an environment variable (and a flag), read by clap,
//! so `checkout-server --help` lists each with its variable and default. A bad value
//! stops the server at start with a message that names the variable and what it takes.

use crate::{guard, payments, store};
use axum::http::HeaderValue;
use clap::{Args, Parser, Subcommand};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// `checkout-server`: the checkout engine (engine API, widget API, the widget's files and
/// the merchant dashboard).
#[derive(Parser, Debug)]
#[command(
    name = "checkout-server",
    version,
    about = "The checkout engine: the engine API (/v1), the widget API (/api), the widget's files (/widget) and the merchant dashboard (/dashboard).",
    after_help = "Every setting is read from its environment variable, or from the flag of the same name; an empty variable counts as unset. docs/operations.md says how to run several instances."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

impl Cli {
    /// Reads `args` (the first is the program) and the environment. A variable set to
    /// the empty string counts as unset (its default applies), as a shell's `PORT=` or a
    /// blank line in an env file means.
    pub fn read<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = without_empty_env(<Cli as clap::CommandFactory>::command())
            .try_get_matches_from(args)?;
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
    }
}

/// `cmd` (and its subcommands) without the environment variables that are set but empty.
fn without_empty_env(cmd: clap::Command) -> clap::Command {
    let empty: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_env()
                .and_then(std::env::var_os)
                .is_some_and(|v| v.is_empty())
        })
        .map(|a| a.get_id().clone())
        .collect();
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let cmd = empty
        .into_iter()
        .fold(cmd, |c, id| c.mut_arg(id, |a| a.env(None::<&str>)));
    subcommands
        .into_iter()
        .fold(cmd, |c, name| c.mut_subcommand(name, without_empty_env))
}

/// What the binary does besides serving.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Copies the SQLite file at DATABASE_PATH into the empty PostgreSQL database at
    /// DATABASE_URL, in one transaction (docs/operations.md).
    CopyToPostgres(CopyArgs),
}

/// `copy-to-postgres`: from where, to where.
#[derive(Args, Debug)]
pub struct CopyArgs {
    /// The SQLite file to copy.
    #[arg(long, env = "DATABASE_PATH", value_name = "FILE")]
    pub database_path: PathBuf,
    /// The empty PostgreSQL database to copy it into (postgres://user:password@host:5432/db).
    #[arg(long, env = "DATABASE_URL", value_name = "URL", value_parser = postgres_url, hide_env_values = true)]
    pub database_url: String,
}

/// How the server runs.
#[derive(Args, Debug)]
pub struct Settings {
    /// The address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1", value_parser = host)]
    pub host: IpAddr,
    /// The port to listen on (0: any free one).
    #[arg(long, env = "PORT", default_value_t = 8080, value_parser = port)]
    pub port: u16,
    /// The SQLite file (WAL, synchronous=FULL), created with its migrations when missing.
    #[arg(
        long,
        env = "DATABASE_PATH",
        default_value = "data/checkout.sqlite3",
        value_name = "FILE"
    )]
    pub database_path: PathBuf,
    /// PostgreSQL instead of SQLite, for several instances on one database
    /// (postgres://user:password@host:5432/db).
    #[arg(long, env = "DATABASE_URL", value_name = "URL", value_parser = postgres_url, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Database connections per instance: SQLite's readers, or every connection to
    /// PostgreSQL (keep the instances' sum under its max_connections).
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 8, value_name = "N", value_parser = pool_size)]
    pub database_pool_size: usize,
    /// The widget's build, served under /widget/ (when the folder exists).
    #[arg(long, env = "WIDGET_DIR", default_value = "dist", value_name = "DIR")]
    pub widget_dir: PathBuf,
    /// The dashboard's build, served under /dashboard/ (when the folder exists).
    #[arg(
        long,
        env = "DASHBOARD_DIR",
        default_value = "dashboard/dist",
        value_name = "DIR"
    )]
    pub dashboard_dir: PathBuf,
    /// The engine API's secret key; when unset, one is generated and printed at start.
    #[arg(
        long,
        env = "CHECKOUT_SECRET_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub checkout_secret_key: Option<String>,
    /// The demo catalog and the demo routes (/ and POST /demo/session); 0 in production.
    #[arg(long, env = "SEED_DEMO", default_value = "1", value_name = "0|1", value_parser = switch, action = clap::ArgAction::Set)]
    pub seed_demo: bool,
    /// Comma-separated merchant origins (https://shop.example) whose pages may call the
    /// widget API; none: the server's own origin only.
    #[arg(long, env = "ALLOWED_ORIGINS", value_name = "ORIGINS", value_parser = origins)]
    pub allowed_origins: Option<Origins>,
    /// The widget API's requests per second per client and instance (0 turns the limit off).
    #[arg(long, env = "RATE_LIMIT_PER_SECOND", default_value = "10", value_name = "N", value_parser = per_second)]
    pub rate_limit_per_second: f64,
    /// The widget API's burst per client.
    #[arg(long, env = "RATE_LIMIT_BURST", default_value = "40", value_name = "N", value_parser = burst)]
    pub rate_limit_burst: f64,
    /// How many proxies run in front of the server: with N >= 1 the client address is the
    /// N-th X-Forwarded-For entry from the right.
    #[arg(long, env = "TRUST_PROXY", default_value_t = 0, value_name = "N", value_parser = trust_proxy)]
    pub trust_proxy: usize,
    /// The payment step behind "Subscribe"/"Pay": test (always succeeds),
    /// test_declines_02 (declines amounts ending in 02) or merchant (the confirm freezes
    /// the cart for the merchant's own payment provider; the merchant's server completes
    /// or reopens the session).
    #[arg(long, env = "PAYMENTS", default_value = "test", value_name = "MODE", value_parser = payment_step)]
    pub payments: PaymentMode,
    /// With the demo on: a webhook endpoint registered at start for
    /// checkout.session.completed (its signing secret is printed).
    #[arg(long, env = "DEMO_WEBHOOK_URL", value_name = "URL")]
    pub demo_webhook_url: Option<String>,
}

/// `ALLOWED_ORIGINS`, each checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins(pub Vec<String>);

/// `PAYMENTS`, checked against the payment steps built in.
#[derive(Clone)]
pub struct PaymentMode(pub Arc<dyn payments::PaymentStep>);

impl std::fmt::Debug for PaymentMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaymentMode")
    }
}

fn host(v: &str) -> Result<IpAddr, String> {
    v.parse().map_err(|_| {
        format!("HOST must be an IP address to listen on, like 127.0.0.1 or 0.0.0.0, not `{v}`")
    })
}

fn port(v: &str) -> Result<u16, String> {
    v.parse()
        .map_err(|_| format!("PORT must be a number from 0 to 65535, not `{v}`"))
}

fn postgres_url(v: &str) -> Result<String, String> {
    match store::Database::from_env_values(Some(v.to_string()), None)? {
        store::Database::Postgres(url) => Ok(url),
        store::Database::Sqlite(_) => Err("DATABASE_URL must be a postgres:// URL".into()),
    }
}

fn switch(v: &str) -> Result<bool, String> {
    match v {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("SEED_DEMO must be 1 or 0, not `{v}`")),
    }
}

fn origins(v: &str) -> Result<Origins, String> {
    let mut out = vec![];
    for o in v.split(',') {
        let o = o.trim().trim_end_matches('/');
        if o.is_empty() {
            continue;
        }
        if !(o.starts_with("https://") || o.starts_with("http://"))
            || HeaderValue::from_str(o).is_err()
        {
            return Err(format!(
                "ALLOWED_ORIGINS: `{o}` is not an origin like https://shop.example"
            ));
        }
        out.push(o.to_string());
    }
    Ok(Origins(out))
}

fn non_negative(name: &str, v: &str) -> Result<f64, String> {
    v.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| format!("{name} must be a number >= 0, not `{v}`"))
}

fn per_second(v: &str) -> Result<f64, String> {
    non_negative("RATE_LIMIT_PER_SECOND", v)
}

fn burst(v: &str) -> Result<f64, String> {
    non_negative("RATE_LIMIT_BURST", v)
}

fn trust_proxy(v: &str) -> Result<usize, String> {
    v.parse::<usize>().ok().filter(|n| *n <= 10).ok_or_else(|| {
        format!(
            "TRUST_PROXY must be the number of proxies in front of the server, 0 to 10, not `{v}`"
        )
    })
}

fn pool_size(v: &str) -> Result<usize, String> {
    v.parse::<usize>()
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| format!("DATABASE_POOL_SIZE must be a number from 1 to 1000, not `{v}`"))
}

fn payment_step(v: &str) -> Result<PaymentMode, String> {
    payments::from_name(v).map(PaymentMode)
}

/// Settings read from the environment (and flags), checked.
pub struct Config {
    pub addr: SocketAddr,
    pub database: store::Database,
    /// Pooled database connections (`DATABASE_POOL_SIZE`).
    pub pool_size: usize,
    pub widget_dir: Option<PathBuf>,
    /// The dashboard's build, served under `/dashboard/` (`DASHBOARD_DIR`).
    pub dashboard_dir: Option<PathBuf>,
    pub secret_key: Option<String>,
    pub seed_demo: bool,
    pub guard: guard::Guard,
    pub payments: Arc<dyn payments::PaymentStep>,
    /// Registered as a webhook endpoint of the demo at start (`DEMO_WEBHOOK_URL`).
    pub demo_webhook_url: Option<String>,
}

impl From<Settings> for Config {
    fn from(s: Settings) -> Config {
        let per_second = s.rate_limit_per_second;
        Config {
            addr: SocketAddr::new(s.host, s.port),
            database: match s.database_url {
                Some(url) => store::Database::Postgres(url),
                None => store::Database::Sqlite(s.database_path),
            },
            pool_size: s.database_pool_size,
            widget_dir: s.widget_dir.is_dir().then_some(s.widget_dir),
            dashboard_dir: s.dashboard_dir.is_dir().then_some(s.dashboard_dir),
            secret_key: s.checkout_secret_key,
            seed_demo: s.seed_demo,
            guard: guard::Guard {
                sign_in: guard::RateLimit::new(0.2, 5.0),
                allowed_origins: s.allowed_origins.map(|o| o.0).unwrap_or_default(),
                rate: (per_second > 0.0)
                    .then(|| guard::RateLimit::new(per_second, s.rate_limit_burst)),
                trust_proxy: s.trust_proxy,
            },
            payments: s.payments.0,
            demo_webhook_url: s.demo_webhook_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings with these flags and nothing from the environment but what the test
    /// process has (these tests set none of the variables).
    fn parse(args: &[&str]) -> Result<Settings, String> {
        let mut argv = vec!["checkout-server"];
        argv.extend_from_slice(args);
        Cli::read(argv)
            .map(|c| c.settings)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let c = Config::from(parse(&[]).unwrap());
        assert_eq!(c.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(
            c.database,
            store::Database::Sqlite("data/checkout.sqlite3".into())
        );
        assert!(c.seed_demo);
        assert!(c.guard.allowed_origins.is_empty());
        assert!(c.guard.rate.is_some());
        assert_eq!(c.guard.trust_proxy, 0);
        assert_eq!(c.pool_size, 8);
        assert!(!c.payments.livemode());
    }

    #[test]
    fn values_are_read_and_checked() {
        let c = Config::from(
            parse(&[
                "--port",
                "0",
                "--host",
                "0.0.0.0",
                "--allowed-origins",
                " https://shop.example/ , ,http://localhost:8081",
                "--rate-limit-per-second",
                "0",
                "--trust-proxy",
                "2",
                "--seed-demo",
                "0",
                "--database-url",
                "postgresql://u@db/checkout",
                "--database-pool-size",
                "32",
            ])
            .unwrap(),
        );
        assert_eq!(c.addr, "0.0.0.0:0".parse().unwrap());
        assert_eq!(
            c.guard.allowed_origins,
            ["https://shop.example", "http://localhost:8081"]
        );
        assert!(c.guard.rate.is_none(), "0 turns the limit off");
        assert_eq!(c.guard.trust_proxy, 2);
        assert_eq!(c.pool_size, 32);
        assert!(!c.seed_demo);
        assert_eq!(
            c.database,
            store::Database::Postgres("postgresql://u@db/checkout".into())
        );
    }

    #[test]
    fn a_bad_value_names_its_variable_and_what_it_takes() {
        for (args, says) in [
            (
                &["--port", "80a"][..],
                "PORT must be a number from 0 to 65535, not `80a`",
            ),
            (
                &["--port", "70000"][..],
                "PORT must be a number from 0 to 65535",
            ),
            (&["--host", "example.com"][..], "HOST must be an IP address"),
            (
                &["--database-url", "mysql://db/x"][..],
                "DATABASE_URL must be a postgres:// or postgresql:// URL, not `mysql`",
            ),
            (
                &["--allowed-origins", "shop.example"][..],
                "ALLOWED_ORIGINS: `shop.example` is not an origin like https://shop.example",
            ),
            (
                &["--rate-limit-per-second=-1"][..],
                "RATE_LIMIT_PER_SECOND must be a number >= 0",
            ),
            (
                &["--rate-limit-burst", "lots"][..],
                "RATE_LIMIT_BURST must be a number >= 0",
            ),
            (
                &["--database-pool-size", "0"][..],
                "DATABASE_POOL_SIZE must be a number from 1 to 1000, not `0`",
            ),
            (
                &["--trust-proxy", "11"][..],
                "TRUST_PROXY must be the number of proxies in front of the server, 0 to 10",
            ),
            (&["--seed-demo", "maybe"][..], "SEED_DEMO must be 1 or 0"),
            (
                &["--payments", "live"][..],
                "PAYMENTS must be `test`, `test_declines_02` or `merchant`, not `live`",
            ),
            (&["--colour", "blue"][..], "unexpected argument '--colour'"),
        ] {
            let e = parse(args)
                .err()
                .unwrap_or_else(|| panic!("{args:?} was taken"));
            assert!(e.contains(says), "{args:?}: {e}");
        }
    }

    #[test]
    fn the_copy_command_needs_both_databases() {
        let e = Cli::read(["checkout-server", "copy-to-postgres"])
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("--database-path"), "{e}");
        let c = Cli::read([
            "checkout-server",
            "copy-to-postgres",
            "--database-path",
            "old.sqlite3",
            "--database-url",
            "postgres://u@db/x",
        ])
        .unwrap();
        assert!(
            matches!(c.command, Some(Command::CopyToPostgres(a)) if a.database_url == "postgres://u@db/x")
        );
    }
}
