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

/// Whether `url` is an absolute `http` or `https` URL with a host, no whitespace or
/// control characters, of at most `max_len` bytes.
pub fn is_absolute_http_url(url: &str, max_len: usize) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or("");
    !host.is_empty()
        && url.len() <= max_len
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
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

    #[test]
    fn urls() {
        assert!(is_absolute_http_url(
            "https://shop.example/done?s={CHECKOUT_SESSION_ID}",
            5000
        ));
        assert!(is_absolute_http_url("http://localhost:8080", 5000));
        for bad in [
            "shop.example/done",
            "https://",
            "ftp://x.y",
            "https://a b",
            "/return",
            "https:///x",
        ] {
            assert!(!is_absolute_http_url(bad, 5000), "{bad}");
        }
        assert!(!is_absolute_http_url(
            &format!("https://x.io/{}", "a".repeat(5000)),
            5000
        ));
    }
}
