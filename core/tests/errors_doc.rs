//! docs/errors.md lists every error code with its status and meaning, exactly as the
//! engine answers them. Regenerate with `UPDATE_ERRORS_DOC=1 cargo test -p checkout-core`.

use checkout_core::Code;

fn render() -> String {
    let mut out = String::from(
        "# Error codes\n\nEvery error answer of both APIs has the shape\n\n```json\n{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"currency_mismatch\", \"message\": \"…\", \"param\": \"line_items[2][price]\"}}\n```\n\n`type` is Stripe's: `authentication_error` (401), `rate_limit_error` (429), `api_error` (5xx),\n`card_error` (`payment_declined`), `idempotency_error` (`idempotency_key_reused`) or\n`invalid_request_error` (everything else). `code` is stable; `message` is for people and may change;\n`param` names the offending field when there is one, in Stripe's bracket form\n(`line_items[2][price]`, `subscription_data[trial_period_days]`). A refused request changes nothing.\n\nEvery answer carries `Request-Id: req_…`. A refusal carries `Stripe-Should-Retry`: `false` on every 4xx\nbut 429 (the same request meets the same refusal), `true` on 429 and 503, so Stripe's SDKs retry only\nwhat may pass.\n\nThis table is generated from `checkout_core::error::Code` and checked by a test.\n\n| code | status | meaning |\n| --- | --- | --- |\n",
    );
    for c in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.as_str(),
            c.http_status(),
            c.meaning()
        ));
    }
    out
}

#[test]
fn errors_doc_lists_every_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let expected = render();
    if std::env::var_os("UPDATE_ERRORS_DOC").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(actual, expected, "docs/errors.md is out of date: run UPDATE_ERRORS_DOC=1 cargo test -p checkout-core --test errors_doc");
}
