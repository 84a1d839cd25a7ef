//! Money: integer minor units plus a currency, with the payment-industry exponent table
//! and checked arithmetic that reports overflow instead of wrapping or panicking.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies without a minor unit (payment-industry table, not only ISO 4217).
pub const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];
/// Currencies with three decimal places.
pub const THREE_DECIMAL: &[&str] = &["bhd", "jod", "kwd", "omr", "tnd"];

/// Number of decimal places of a currency's minor unit (`usd` → 2, `jpy` → 0, `kwd` → 3).
pub fn exponent(currency: &str) -> u32 {
    if ZERO_DECIMAL.contains(&currency) {
        0
    } else if THREE_DECIMAL.contains(&currency) {
        3
    } else {
        2
    }
}

/// `10^exponent` for a currency: how many minor units make one major unit.
pub fn minor_per_major(currency: &str) -> i64 {
    10_i64.pow(exponent(currency))
}

/// True when `code` is a syntactically valid lowercase ISO 4217 code (three ASCII letters).
pub fn is_valid_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// Why a money operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// The result does not fit in an `i64` of minor units.
    Overflow,
    /// The operands are in different currencies.
    CurrencyMismatch { left: String, right: String },
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Overflow => f.write_str("amount overflows the supported range"),
            MoneyError::CurrencyMismatch { left, right } => {
                write!(f, "cannot combine amounts in {left} and {right}")
            }
        }
    }
}

impl std::error::Error for MoneyError {}

/// An amount in a currency's minor unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: String,
}

impl Money {
    pub fn new(amount: i64, currency: impl Into<String>) -> Self {
        Money {
            amount,
            currency: currency.into(),
        }
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency.clone(),
                right: other.currency.clone(),
            })
        }
    }

    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        add(self.amount, other.amount).map(|a| Money::new(a, self.currency.clone()))
    }

    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        sub(self.amount, other.amount).map(|a| Money::new(a, self.currency.clone()))
    }

    pub fn checked_mul(&self, factor: u64) -> Result<Money, MoneyError> {
        mul(self.amount, factor).map(|a| Money::new(a, self.currency.clone()))
    }
}

/// Checked `a + b` on minor units.
pub fn add(a: i64, b: i64) -> Result<i64, MoneyError> {
    a.checked_add(b).ok_or(MoneyError::Overflow)
}

/// Checked `a - b` on minor units.
pub fn sub(a: i64, b: i64) -> Result<i64, MoneyError> {
    a.checked_sub(b).ok_or(MoneyError::Overflow)
}

/// Checked `amount × factor` on minor units.
pub fn mul(amount: i64, factor: u64) -> Result<i64, MoneyError> {
    let factor = i64::try_from(factor).map_err(|_| MoneyError::Overflow)?;
    amount.checked_mul(factor).ok_or(MoneyError::Overflow)
}

/// Checked sum of minor-unit amounts.
pub fn sum<I: IntoIterator<Item = i64>>(amounts: I) -> Result<i64, MoneyError> {
    amounts.into_iter().try_fold(0_i64, add)
}

/// `amount × numerator / denominator`, rounded half up, computed in 128 bits.
pub fn mul_div_round(amount: i64, numerator: i64, denominator: i64) -> Result<i64, MoneyError> {
    if denominator == 0 {
        return Err(MoneyError::Overflow);
    }
    let product = i128::from(amount) * i128::from(numerator);
    let d = i128::from(denominator);
    let half = d.abs() / 2;
    let rounded = if (product >= 0) == (d > 0) {
        (product.abs() + half) / d.abs()
    } else {
        -((product.abs() + half) / d.abs())
    };
    i64::try_from(rounded).map_err(|_| MoneyError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exponents_follow_the_payment_table() {
        assert_eq!(exponent("usd"), 2);
        assert_eq!(exponent("eur"), 2);
        assert_eq!(exponent("jpy"), 0);
        assert_eq!(exponent("krw"), 0);
        assert_eq!(exponent("kwd"), 3);
        assert_eq!(exponent("bhd"), 3);
        assert_eq!(minor_per_major("kwd"), 1000);
        assert_eq!(minor_per_major("jpy"), 1);
    }

    #[test]
    fn currency_codes_are_lowercase_three_letters() {
        assert!(is_valid_currency("usd"));
        assert!(!is_valid_currency("USD"));
        assert!(!is_valid_currency("us"));
        assert!(!is_valid_currency("usd1"));
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(add(i64::MAX, 1), Err(MoneyError::Overflow));
        assert_eq!(sub(i64::MIN, 1), Err(MoneyError::Overflow));
        assert_eq!(mul(i64::MAX / 2 + 1, 2), Err(MoneyError::Overflow));
        assert_eq!(mul(1, u64::MAX), Err(MoneyError::Overflow));
        assert_eq!(add(2, 3), Ok(5));
    }

    #[test]
    fn mixing_currencies_is_refused() {
        let a = Money::new(100, "usd");
        let b = Money::new(100, "eur");
        assert!(matches!(
            a.checked_add(&b),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert_eq!(a.checked_add(&a).unwrap().amount, 200);
    }

    #[test]
    fn mul_div_rounds_half_up() {
        assert_eq!(mul_div_round(10_000, 5_000, 10_000), Ok(5_000));
        assert_eq!(mul_div_round(333, 1, 2), Ok(167));
        assert_eq!(mul_div_round(1, 1, 3), Ok(0));
        assert_eq!(mul_div_round(5, 1, 0), Err(MoneyError::Overflow));
    }

    proptest! {
        #[test]
        fn arithmetic_never_panics(a in any::<i64>(), b in any::<i64>(), f in any::<u64>(), n in any::<i64>(), d in any::<i64>()) {
            let _ = add(a, b);
            let _ = sub(a, b);
            let _ = mul(a, f);
            let _ = mul_div_round(a, n, d);
            let _ = Money::new(a, "usd").checked_add(&Money::new(b, "usd"));
            let _ = Money::new(a, "usd").checked_mul(f);
        }

        #[test]
        fn checked_ops_agree_with_wide_arithmetic(a in any::<i64>(), b in any::<i64>()) {
            let wide = i128::from(a) + i128::from(b);
            match add(a, b) {
                Ok(v) => prop_assert_eq!(i128::from(v), wide),
                Err(_) => prop_assert!(wide > i128::from(i64::MAX) || wide < i128::from(i64::MIN)),
            }
        }
    }
}

/// Reads an amount a merchant typed in major units ("100.00", "100", "0.5"; "1000" yen) as
/// minor units of `currency`, with the currency's exponent: at most that many decimals,
/// no sign, no thousands separators. The refusal says what to type instead.
pub fn parse_major(text: &str, currency: &str) -> Result<i64, crate::RuleError> {
    use crate::{Code, RuleError};
    let refuse = |msg: String| Err(RuleError::new(Code::AmountInvalid, msg).param("amount"));
    let text = text.trim();
    let exp = exponent(currency) as usize;
    let example = if exp == 0 {
        "1000".to_string()
    } else {
        format!("1000.{}", "0".repeat(exp))
    };
    if text.is_empty() {
        return refuse("enter an amount".into());
    }
    if text.starts_with('-') {
        return refuse("the amount cannot be negative".into());
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return refuse(format!(
            "write the amount with digits and a decimal point, like {example}"
        ));
    }
    let fraction = fraction.unwrap_or("");
    if fraction.len() > exp {
        return refuse(match exp {
            0 => format!(
                "{} has no minor unit: write whole amounts, like {example}",
                currency.to_uppercase()
            ),
            n => format!(
                "{} has {n} decimal places at most, like {example}",
                currency.to_uppercase()
            ),
        });
    }
    let minor: String = format!("{whole}{fraction:0<exp$}");
    let too_large = || refuse("the amount is too large".to_string());
    let Ok(value) = minor.parse::<i64>() else {
        return too_large();
    };
    // Amounts stay far below i64::MAX so that quantities and sums fit (as the engine's
    // price validation requires).
    if value > 99_999_999_999 {
        return too_large();
    }
    Ok(value)
}

#[cfg(test)]
mod parse_tests {
    use super::parse_major;

    #[test]
    fn major_units_with_the_currencys_exponent() {
        assert_eq!(parse_major("100.00", "usd"), Ok(10_000));
        assert_eq!(parse_major(" 100 ", "usd"), Ok(10_000));
        assert_eq!(parse_major("19.9", "eur"), Ok(1_990));
        assert_eq!(parse_major("0.05", "usd"), Ok(5));
        assert_eq!(parse_major("1000", "jpy"), Ok(1_000));
        assert_eq!(parse_major("1.234", "kwd"), Ok(1_234));
        let refused = |t: &str, c: &str| parse_major(t, c).unwrap_err().message;
        assert!(refused("100.5", "jpy").contains("JPY has no minor unit"));
        assert!(refused("1.001", "usd").contains("USD has 2 decimal places"));
        assert!(refused("1,000.00", "usd").contains("like 1000.00"));
        assert!(refused("abc", "usd").contains("digits"));
        assert!(refused("-5", "usd").contains("negative"));
        assert!(refused("", "usd").contains("enter an amount"));
        assert!(refused("1.", "usd").contains("digits"));
        assert!(refused("99999999999999999999", "usd").contains("too large"));
        assert_eq!(
            parse_major("x", "usd").unwrap_err().param.as_deref(),
            Some("amount")
        );
    }
}
