//! Amounts as the widget writes them in English: "$100.00 / month", "$500.00".

use crate::strings::{fill, fill2, t};
use checkout_core::catalog::{Interval, Price};
use checkout_core::money::exponent;

/// `amount` minor units of `currency`, with its symbol and exponent ("$1,000.00").
pub fn money(amount: i64, currency: &str) -> String {
    let exp = exponent(currency);
    let scale = 10_i64.pow(exp);
    let (whole, fraction) = (amount.abs() / scale, amount.abs() % scale);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let number = if exp == 0 {
        grouped
    } else {
        format!("{grouped}.{fraction:0width$}", width = exp as usize)
    };
    let sign = if amount < 0 { "-" } else { "" };
    match currency {
        "usd" => format!("{sign}${number}"),
        "eur" => format!("{sign}€{number}"),
        "gbp" => format!("{sign}£{number}"),
        "jpy" => format!("{sign}¥{number}"),
        other => format!("{sign}{number} {}", other.to_uppercase()),
    }
}

/// Savings as the widget's label: trailing zero minor units dropped ("$200", "$19.90").
pub fn savings(amount: i64, currency: &str) -> String {
    let full = money(amount, currency);
    let zeros = format!(".{}", "0".repeat(exponent(currency) as usize));
    if exponent(currency) > 0 && full.ends_with(&zeros) {
        full[..full.len() - zeros.len()].to_string()
    } else {
        full
    }
}

fn interval(i: Interval, plural: bool) -> &'static str {
    let s = t();
    match (i, plural) {
        (Interval::Day, false) => s.day,
        (Interval::Week, false) => s.week,
        (Interval::Month, false) => s.month,
        (Interval::Year, false) => s.year,
        (Interval::Day, true) => s.days,
        (Interval::Week, true) => s.weeks,
        (Interval::Month, true) => s.months_lower,
        (Interval::Year, true) => s.years,
    }
}

/// A price's amount and interval: "$100.00 / month", "$500.00", "$10.00 / 3 months".
pub fn price(p: &Price) -> String {
    let amount = match p.unit_amount {
        Some(a) => money(a, &p.currency),
        None => t().tiered.to_string(),
    };
    match &p.recurring {
        None => amount,
        Some(r) if r.interval_count == 1 => {
            fill2(t().per_interval, amount, interval(r.interval, false))
        }
        Some(r) => fill(
            &fill2(t().per_n_intervals, amount, r.interval_count),
            interval(r.interval, true),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_as_the_widget_writes_them() {
        assert_eq!(super::money(10_000, "usd"), "$100.00");
        assert_eq!(super::money(100_000_000, "usd"), "$1,000,000.00");
        assert_eq!(super::money(1000, "jpy"), "¥1,000");
        assert_eq!(super::money(1234, "kwd"), "1.234 KWD");
        assert_eq!(super::savings(20_000, "usd"), "$200");
        assert_eq!(super::savings(1_990, "eur"), "€19.90");
    }
}
