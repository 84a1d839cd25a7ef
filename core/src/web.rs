//! The shapes of values that point outside the checkout: email addresses and URLs.

/// Whether `s` reads as an email address a mail server would take: one `@`, a local
/// part of 1 to 64 characters, a domain of dot-separated labels with at least one dot,
/// no whitespace or control characters, at most 254 characters in all. Deliverability
/// is the payment provider's and the mail server's to learn; this refuses typos such as
/// `anna@example` or `anna example.com` at the field.
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The pattern [`is_absolute_http_url`] checks, for the OpenAPI document (ECMA regex).
pub const HTTP_URL_PATTERN: &str = r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?([/?#][^\s\x00-\x1f\x7f-\x9f]*)?$";

/// Whether `url` is an absolute `http` or `https` URL to a host: a host name (ASCII
/// letters, digits, `-` and `.`, as DNS and punycode write it; an IPv4 address reads as
/// one; an IPv6 literal does not, as no regular expression the document could carry says
/// exactly which ones exist), an optional port of up to 5 digits, then a path, query or fragment without
/// whitespace or control characters; at most `max_len` characters. No user name or
/// password: a URL the engine calls or sends a buyer to never carries credentials.
pub fn is_absolute_http_url(url: &str, max_len: usize) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let (host, port) = authority.split_at(authority.find(':').unwrap_or(authority.len()));
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    is_host_name(host)
        && port_ok
        && url.chars().count() <= max_len
        && !tail.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The pattern [`is_uri_http_url`] checks, for the OpenAPI document (with `format: uri`).
pub const URI_HTTP_URL_PATTERN: &str = r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?(\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?(#(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?$";

/// [`is_absolute_http_url`], and a URI as RFC 3986 writes one: path, query and fragment
/// in ASCII, anything else percent-encoded (`%C3%BC`). For the URLs the engine itself
/// calls (webhook endpoints); the buyer's `return_url` may carry Stripe's
/// `{CHECKOUT_SESSION_ID}`, which a URI cannot.
pub fn is_uri_http_url(url: &str, max_len: usize) -> bool {
    if !is_absolute_http_url(url, max_len) {
        return false;
    }
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    let tail = &rest[rest.find(['/', '?', '#']).unwrap_or(rest.len())..];
    let (before, fragment) = tail.split_once('#').unwrap_or((tail, ""));
    let (path, query) = before.split_once('?').unwrap_or((before, ""));
    uri_chars(path, "/") && uri_chars(query, "/?") && uri_chars(fragment, "/?")
}

/// RFC 3986 `pchar`s and `extra`, with `%` only before two hex digits.
fn uri_chars(s: &str, extra: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@".contains(&c)
            || extra.as_bytes().contains(&c))
        {
            return false;
        }
        i += 1;
    }
    true
}

/// ASCII letters, digits, `-` and `.`, starting and ending with a letter or digit.
fn is_host_name(host: &str) -> bool {
    let b = host.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'.')
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "anna@example.com",
            "a.b+tag@mail.example.co.uk",
            "jörg@bücher.de",
            "x@a-b.io",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long = format!("a@{}.com", "b".repeat(250));
        for bad in [
            "",
            "anna",
            "anna@example",
            "@example.com",
            "anna@",
            "anna@@example.com",
            "anna@ex ample.com",
            "anna example@x.com",
            "anna@example..com",
            "anna@-example.com",
            "anna@example.com\n",
            long_local.as_str(),
            long.as_str(),
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }

    /// The document's pattern says what the function checks, on every example here and on
    /// generated ones.
    #[test]
    fn the_url_pattern_agrees_with_the_check() {
        let pattern = regex::Regex::new(HTTP_URL_PATTERN).unwrap();
        let parts = [
            "http://",
            "https://",
            "ftp://",
            "shop.example",
            "[::1]",
            "[]",
            "-x",
            "x-",
            "a",
            ":8080",
            ":",
            ":123456",
            "/",
            "/a b",
            "?q=ü",
            "#f",
            "\u{7f}",
            "%41",
            "@",
            "u:p@",
            "\u{85}",
            "ü",
            ".",
            "[fe80::1",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in ["", "/x", "?y"] {
                        let url = format!("{a}{b}{c}{d}");
                        assert_eq!(
                            pattern.is_match(&url),
                            is_absolute_http_url(&url, 5000),
                            "{url:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_uri_pattern_agrees_with_the_check() {
        let pattern = regex::Regex::new(URI_HTTP_URL_PATTERN).unwrap();
        let parts = [
            "https://",
            "shop.example",
            ":8080",
            "/",
            "/a%C3%BCb",
            "%4",
            "%zz",
            "?q=1&r",
            "#f",
            "#",
            "?",
            "ü",
            "{CHECKOUT_SESSION_ID}",
            "'",
            "[x]",
            " ",
            "@",
            "a",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let url = format!("https://x.io{a}{b}{c}");
                    assert_eq!(
                        pattern.is_match(&url),
                        is_uri_http_url(&url, 2048),
                        "{url:?}"
                    );
                }
            }
        }
        assert!(is_uri_http_url(
            "https://shop.example/hooks/stripe?v=2#x",
            2048
        ));
        assert!(!is_uri_http_url("https://G:5818#'\u{aa}", 2048));
        assert!(is_absolute_http_url("https://G:5818#'\u{aa}", 2048));
    }

    #[test]
    fn urls() {
        assert!(is_absolute_http_url(
            "https://shop.example/done?s={CHECKOUT_SESSION_ID}",
            5000
        ));
        assert!(is_absolute_http_url("http://localhost:8080", 5000));
        assert!(is_absolute_http_url("http://127.0.0.1:8080/hook", 5000));
        assert!(!is_absolute_http_url("http://[::1]:8080/hook", 5000));
        assert!(is_absolute_http_url(
            "https://xn--bcher-kva.example/ü?q=ä#x",
            5000
        ));
        // Characters, not bytes: as the document's maxLength counts them.
        let umlauts = format!("https://x.io/{}", "ü".repeat(4987));
        assert_eq!(umlauts.chars().count(), 5000);
        assert!(is_absolute_http_url(&umlauts, 5000));
        for bad in [
            "shop.example/done",
            "https://",
            "ftp://x.y",
            "https://a b",
            "/return",
            "https:///x",
            "https://user:pw@shop.example/",
            "https://%41.example/",
            "https://-shop.example/",
            "https://shop.example:/",
            "https://shop.example:123456/",
            "https://[]/",
            "https://[fe80::1/",
            "https://shop.example/\u{7f}",
            "https://shop.example/a\u{85}b",
        ] {
            assert!(!is_absolute_http_url(bad, 5000), "{bad}");
        }
        assert!(!is_absolute_http_url(
            &format!("https://x.io/{}", "a".repeat(5000)),
            5000
        ));
    }
}
