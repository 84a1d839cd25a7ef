//! The binary's settings as an operator meets them: `--help` lists every one with its
//! environment variable and default, and a bad value stops the server at start with a
//! message that names the variable (the real binary, its real environment).

use std::process::Command;

fn server() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_checkout-server"));
    // Nothing from the test's own environment leaks in.
    for (k, _) in std::env::vars() {
        c.env_remove(k);
    }
    c
}

#[test]
fn help_lists_every_setting_with_its_variable_and_default() {
    let out = server().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for (var, default) in [
        ("HOST", Some("127.0.0.1")),
        ("PORT", Some("8080")),
        ("DATABASE_PATH", Some("data/checkout.sqlite3")),
        ("DATABASE_URL", None),
        ("WIDGET_DIR", Some("dist")),
        ("DASHBOARD_DIR", Some("dashboard/dist")),
        ("CHECKOUT_SECRET_KEY", None),
        ("SEED_DEMO", Some("1")),
        ("ALLOWED_ORIGINS", None),
        ("RATE_LIMIT_PER_SECOND", Some("10")),
        ("RATE_LIMIT_BURST", Some("40")),
        ("TRUST_PROXY", Some("0")),
        ("PAYMENTS", Some("test")),
        ("DEMO_WEBHOOK_URL", None),
    ] {
        let line = help
            .lines()
            .find(|l| l.contains(&format!("[env: {var}")))
            .unwrap_or_else(|| panic!("--help does not list {var}:\n{help}"));
        if let Some(d) = default {
            assert!(line.contains(&format!("[default: {d}]")), "{var}: {line}");
        }
    }
    assert!(help.contains("copy-to-postgres"), "{help}");
}

#[test]
fn a_bad_value_stops_the_server_and_names_its_variable() {
    for (var, value, says) in [
        (
            "PORT",
            "80a",
            "PORT must be a number from 0 to 65535, not `80a`",
        ),
        (
            "TRUST_PROXY",
            "x",
            "TRUST_PROXY must be the number of proxies in front of the server, 0 to 10",
        ),
        (
            "ALLOWED_ORIGINS",
            "shop.example",
            "ALLOWED_ORIGINS: `shop.example` is not an origin like https://shop.example",
        ),
        (
            "DATABASE_URL",
            "mysql://db",
            "DATABASE_URL must be a postgres:// or postgresql:// URL",
        ),
        (
            "PAYMENTS",
            "live",
            "PAYMENTS must be `test`, `test_declines_02` or `merchant`, not `live`",
        ),
    ] {
        let out = server().env(var, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}={value}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{var}={value}: {err}");
    }
    // The copy needs both of its databases, and says which.
    let out = server()
        .arg("copy-to-postgres")
        .env("DATABASE_PATH", "old.sqlite3")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let missing = err.split("Usage:").next().unwrap();
    assert!(
        missing.contains("--database-url") && !missing.contains("--database-path"),
        "{err}"
    );
}

#[test]
fn an_empty_variable_counts_as_unset() {
    // DATABASE_URL= is not a bad URL but no URL: the copy asks for one.
    let out = server()
        .arg("copy-to-postgres")
        .env("DATABASE_PATH", "old.sqlite3")
        .env("DATABASE_URL", "")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("required arguments were not provided") && !err.contains("must be a postgres"),
        "{err}"
    );
    // PORT= would be a bad port; unset, it is the default, and the next bad value is named.
    let bad = server()
        .env("PORT", "")
        .env("TRUST_PROXY", "12")
        .output()
        .unwrap();
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("TRUST_PROXY") && !err.contains("PORT must"),
        "{err}"
    );
}
