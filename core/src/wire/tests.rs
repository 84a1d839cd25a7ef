//! The reader against serde: the server writes with serde, so every test either round-trips
//! serde's output or checks that both read the same input alike.

use super::*;
use crate::testing::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// A session with every optional field present, names that need escapes, and each enum
/// in a variant other than its first.
fn full() -> ClientSession {
    let mut yearly = recurring_price("price_y", "prod_a", 99_000, Interval::Year);
    yearly.nickname = Some("Jährlich \"Pro\"".into());
    yearly.tax_behavior = TaxBehavior::Inclusive;
    let mut tiered = recurring_price("price_t", "prod_a", 0, Interval::Month);
    tiered.unit_amount = None;
    tiered.billing_scheme = BillingScheme::Tiered;
    tiered.tiers_mode = Some(TiersMode::Volume);
    tiered.tiers = Some(vec![
        Tier {
            up_to: Some(10),
            unit_amount: Some(500),
            flat_amount: None,
        },
        Tier {
            up_to: None,
            unit_amount: Some(-1),
            flat_amount: Some(2_000),
        },
    ]);
    tiered.transform_quantity = Some(TransformQuantity {
        divide_by: 5,
        round: Round::Down,
    });
    tiered.upsell = Some("price_y".into());
    if let Some(r) = tiered.recurring.as_mut() {
        r.interval_count = 3;
        r.usage_type = UsageType::Metered;
    }
    let product = ProductSummary {
        id: "prod_a".into(),
        name: "Zeitschrift für \\ Sätze\n\t😀 \u{1} \u{7f} \u{2028}".into(),
        description: Some("Mit \"Anführungszeichen\" / Schrägstrich".into()),
        images: vec!["https://example.com/a.png".into(), "".into()],
    };
    ClientSession {
        id: "cs_test_123".into(),
        object: "checkout.session".into(),
        mode: Mode::Subscription,
        status: Status::Expired,
        currency: "eur".into(),
        locale: Some("de".into()),
        version: u64::MAX >> 1,
        line_items: vec![
            ClientLineItem {
                id: "li_1".into(),
                source: LineItemSource::CrossSell,
                product: product.clone(),
                price: tiered.clone(),
                quantity: 7,
                adjustable_quantity: AdjustableQuantity {
                    enabled: true,
                    minimum: 0,
                    maximum: 99,
                },
                amount_subtotal: i64::MAX,
                amount_discount: i64::MIN,
                amount_total: -5,
            },
            ClientLineItem {
                id: "li_2".into(),
                source: LineItemSource::Original,
                product: ProductSummary {
                    description: None,
                    images: vec![],
                    ..product.clone()
                },
                price: one_time_price("price_o", "prod_a", 1_250),
                quantity: 1,
                adjustable_quantity: AdjustableQuantity::default(),
                amount_subtotal: 1_250,
                amount_discount: 0,
                amount_total: 1_250,
            },
        ],
        upsell: Some(ClientUpsell {
            line_item: "li_1".into(),
            price: yearly.clone(),
            selected: true,
            savings: Some(Savings {
                amount: 19_000,
                percent: 16,
            }),
        }),
        cross_sells: vec![ClientCrossSell {
            product,
            price: yearly,
            added: false,
        }],
        discounts: vec![
            ClientDiscount {
                coupon: percent_coupon("co_p", 12.5, CouponDuration::Repeating, Some(3)),
                invoices: Some(3),
            },
            ClientDiscount {
                coupon: Coupon {
                    id: "co_a".into(),
                    object: "coupon".into(),
                    name: None,
                    percent_off: None,
                    amount_off: Some(500),
                    currency: Some("eur".into()),
                    duration: CouponDuration::Forever,
                    duration_in_months: None,
                },
                invoices: None,
            },
        ],
        subscription_data: SubscriptionData {
            trial_period_days: Some(14),
        },
        amount_subtotal: 100,
        total_details: TotalDetails {
            amount_discount: 10,
            amount_tax: 19,
        },
        amount_total: 109,
        recurring: Some(RecurringTotal {
            interval: Interval::Week,
            interval_count: 2,
            amount: 3,
        }),
        permissions: Permissions {
            update_line_items: UpdatePermission::ServerOnly,
        },
        expires_at: Some(1_800_000_000),
        livemode: true,
    }
}

/// Every `Option` empty and every list empty.
fn minimal() -> ClientSession {
    ClientSession {
        id: "cs".into(),
        object: "checkout.session".into(),
        mode: Mode::Payment,
        status: Status::Open,
        currency: "jpy".into(),
        locale: None,
        version: 0,
        line_items: vec![],
        upsell: None,
        cross_sells: vec![],
        discounts: vec![],
        subscription_data: SubscriptionData::default(),
        amount_subtotal: 0,
        total_details: TotalDetails {
            amount_discount: 0,
            amount_tax: 0,
        },
        amount_total: 0,
        recurring: None,
        permissions: Permissions::default(),
        expires_at: None,
        livemode: false,
    }
}

fn both(
    json: &str,
) -> (
    Result<ClientSession, WireError>,
    Result<ClientSession, serde_json::Error>,
) {
    (client_session(json), serde_json::from_str(json))
}

#[test]
fn reads_back_what_serde_writes_compact_and_pretty() {
    for session in [full(), minimal()] {
        let compact = serde_json::to_string(&session).unwrap();
        assert_eq!(client_session(&compact), Ok(session.clone()));
        let pretty = serde_json::to_string_pretty(&session).unwrap();
        assert_eq!(client_session(&pretty), Ok(session));
    }
}

#[test]
fn fills_missing_defaulted_fields_as_serde_does() {
    let mut v = serde_json::to_value(full()).unwrap();
    for key in ["locale", "permissions", "expires_at", "livemode"] {
        v.as_object_mut().unwrap().remove(key);
    }
    let price = &mut v["line_items"][0]["price"];
    for key in [
        "object",
        "billing_scheme",
        "tiers_mode",
        "tiers",
        "transform_quantity",
        "tax_behavior",
        "upsell",
        "nickname",
    ] {
        price.as_object_mut().unwrap().remove(key);
    }
    for key in ["interval_count", "usage_type"] {
        price["recurring"].as_object_mut().unwrap().remove(key);
    }
    v["line_items"][0]["product"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    v["line_items"][0]["product"]
        .as_object_mut()
        .unwrap()
        .remove("images");
    for key in [
        "object",
        "name",
        "percent_off",
        "amount_off",
        "currency",
        "duration_in_months",
    ] {
        v["discounts"][0]["coupon"]
            .as_object_mut()
            .unwrap()
            .remove(key);
    }
    v["discounts"][0]
        .as_object_mut()
        .unwrap()
        .remove("invoices");
    v["upsell"].as_object_mut().unwrap().remove("savings");
    v["subscription_data"]
        .as_object_mut()
        .unwrap()
        .remove("trial_period_days");
    let json = v.to_string();
    let (ours, serde) = both(&json);
    let serde = serde.expect("serde reads it");
    assert_eq!(ours, Ok(serde.clone()));
    // And the defaults are the documented ones, not merely equal.
    let price = &serde.line_items[0].price;
    assert_eq!(
        (price.object.as_str(), price.billing_scheme),
        ("price", BillingScheme::PerUnit)
    );
    assert_eq!(price.recurring.unwrap().interval_count, 1);
    assert_eq!(serde.discounts[0].coupon.object, "coupon");
    assert_eq!(
        serde.permissions.update_line_items,
        UpdatePermission::Client
    );
}

#[test]
fn skips_fields_it_does_not_know_of_any_shape() {
    let mut v = serde_json::to_value(full()).unwrap();
    v["future"] = json!({"a": [1, -2.5e-3, true, false, null, "s\"\\", {"b": []}], "c": {}});
    v["line_items"][1]["price"]["metadata"] = json!({"k": "v"});
    v["total_details"]["breakdown"] = json!([[[]]]);
    assert_eq!(client_session(&v.to_string()), Ok(full()));
}

#[test]
fn refuses_what_serde_refuses_naming_where() {
    let good = serde_json::to_value(full()).unwrap();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"line_items": [{"quantity": "2"}]}), "an integer"),
        (
            json!({"line_items": [{"quantity": -1}]}),
            "a non-negative integer",
        ),
        (json!({"line_items": [{"quantity": 1.5}]}), "an integer"),
        (
            json!({"amount_total": 9_223_372_036_854_775_808u64}),
            "an integer in range",
        ),
        (json!({"mode": "setup"}), "a Mode"),
        (json!({"status": null}), "a string"),
        (json!({"livemode": "yes"}), "true or false"),
        (json!({"line_items": {}}), "an array"),
        (
            json!({"upsell": {"line_item": "li_1", "price": good["upsell"]["price"]}}),
            "upsell.selected",
        ),
        (
            json!({"total_details": {"amount_tax": 1}}),
            "total_details.amount_discount",
        ),
    ];
    for (patch, expected) in cases {
        let mut v = good.clone();
        for (k, val) in patch.as_object().unwrap() {
            if let (Some(items), Some(p)) = (val.as_array(), v[k].as_array_mut()) {
                if let Some(obj) = items.first().and_then(Value::as_object) {
                    for (ik, iv) in obj {
                        p[0][ik] = iv.clone();
                    }
                    continue;
                }
            }
            v[k] = val.clone();
        }
        let json = v.to_string();
        let (ours, serde) = both(&json);
        assert!(serde.is_err(), "serde accepts {patch}");
        assert_eq!(ours.map_err(|e| e.expected), Err(expected), "for {patch}");
    }
    let missing = {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove("version");
        v.to_string()
    };
    assert_eq!(client_session(&missing).unwrap_err().expected, "version");
}

#[test]
fn refuses_malformed_json_at_the_right_place() {
    let cases = [
        ("", 0, "an object"),
        ("{\"id\": \"cs\"", 11, "',' or '}'"),
        ("{\"id\" \"cs\"}", 6, "':'"),
        ("{\"id\": \"c\ts\"}", 9, "no control characters in a string"),
        ("{\"id\": \"c\\qs\"}", 10, "a valid escape"),
        (
            "{\"id\": \"\\ud800x\"}",
            14,
            "the low half of a surrogate pair",
        ),
        ("{\"id\": \"\\u12\"}", 12, "four hex digits"),
        ("{\"x\": tru}", 6, "true"),
        ("{\"x\": 1e}", 8, "an exponent"),
        ("{\"x\": -}", 6, "a number"),
        ("{\"x\": 1.}", 6, "a number"),
    ];
    for (json, at, expected) in cases {
        assert_eq!(
            client_session(json),
            Err(WireError { at, expected }),
            "for {json:?}"
        );
        assert!(
            serde_json::from_str::<Value>(json).is_err(),
            "serde accepts {json:?}"
        );
    }
    let trailing = format!("{} x", serde_json::to_string(&minimal()).unwrap());
    assert_eq!(
        client_session(&trailing).unwrap_err().expected,
        "end of input"
    );
}

#[test]
fn every_cut_of_a_valid_answer_is_an_error_never_a_panic() {
    let json = serde_json::to_string(&full()).unwrap();
    for end in (0..json.len()).filter(|&i| json.is_char_boundary(i)) {
        assert!(client_session(&json[..end]).is_err(), "cut at {end}");
    }
}

#[test]
fn deep_nesting_in_a_skipped_field_is_refused_without_exhausting_the_stack() {
    let deep = format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        client_session(&deep).unwrap_err().expected,
        "less deeply nested data"
    );
}

#[test]
fn reads_the_error_body() {
    let body = r#"{"error": {"type": "invalid_request_error", "code": "upsell_not_eligible",
        "message": "Der Preis \"x\" ist nicht berechtigt.", "param": "selected"}}"#;
    assert_eq!(
        error_body(body),
        Ok((
            "upsell_not_eligible".into(),
            "Der Preis \"x\" ist nicht berechtigt.".into()
        ))
    );
    assert_eq!(
        error_body(r#"{"error": {"code": "x"}}"#),
        Ok(("x".into(), String::new()))
    );
    assert_eq!(
        error_body(r#"{"error": {"message": "m"}}"#)
            .unwrap_err()
            .expected,
        "error.code"
    );
    assert_eq!(error_body(r#"{"id": "cs"}"#).unwrap_err().expected, "error");
    assert!(error_body("<html>Bad Gateway</html>").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_strings_and_integers_round_trip(
        name in any::<String>(),
        id in "\\PC*",
        total in any::<i64>(),
        version in 0..=i64::MAX as u64,
        trial in any::<Option<u32>>(),
    ) {
        let mut s = full();
        s.line_items[0].product.name = name;
        s.line_items[1].id = id;
        s.amount_total = total;
        s.version = version;
        s.subscription_data.trial_period_days = trial;
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(client_session(&json), Ok(s));
    }

    /// Percentages as the engine accepts them: 0 to 100 with up to two decimals.
    #[test]
    fn percentages_read_to_the_same_f64(hundredths in 0u32..=10_000, exp_form in any::<bool>()) {
        let p = hundredths as f64 / 100.0;
        let mut s = full();
        s.discounts[0].coupon.percent_off = Some(p);
        let mut json = serde_json::to_string(&s).unwrap();
        if exp_form {
            json = json.replace(&format!("\"percent_off\":{}", serde_json::to_string(&p).unwrap()),
                &format!("\"percent_off\":{}e-2", hundredths));
        }
        let serde: ClientSession = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(client_session(&json), Ok(serde));
    }

    #[test]
    fn arbitrary_input_is_an_error_or_what_serde_reads(json in "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,64}") {
        if let Ok(ours) = client_session(&json) {
            prop_assert_eq!(Ok(ours), serde_json::from_str::<ClientSession>(&json).map_err(|_| ()));
        }
    }
}
