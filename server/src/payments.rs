//! The payment step behind confirm (§10): the test modes charge inside the confirm;
//! `merchant` hands the frozen cart to the merchant's own payment provider, and the
//! merchant's server completes or reopens the session.

use checkout_core::session::PaymentFlow;
use std::fmt;

/// Why a payment did not go through (shown to the buyer as "declined").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined(pub String);

/// Takes the amount due today for a session. Called inside the confirm transaction, so
/// an implementation must answer quickly (a real processor would authorise first and
/// capture after the commit).
pub trait PaymentStep: Send + Sync {
    /// False for test modes: the widget shows "Test mode" and no money moves.
    fn livemode(&self) -> bool;
    /// Who takes the money: this step, inside the confirm, or the merchant's provider.
    fn flow(&self) -> PaymentFlow {
        PaymentFlow::Immediate
    }
    /// Charges `amount` (minor units of `currency`) for `session`.
    fn charge(&self, session: &str, amount: i64, currency: &str) -> Result<(), Declined>;
}

/// Test mode: every payment succeeds. The default.
pub struct TestMode;

impl PaymentStep for TestMode {
    fn livemode(&self) -> bool {
        false
    }
    fn charge(&self, _session: &str, _amount: i64, _currency: &str) -> Result<(), Declined> {
        Ok(())
    }
}

/// Test mode that declines every amount whose minor units end in 02 (e.g. $1,000.02), to
/// exercise the failure path; everything else succeeds.
pub struct TestModeDeclines02;

impl PaymentStep for TestModeDeclines02 {
    fn livemode(&self) -> bool {
        false
    }
    fn charge(&self, _session: &str, amount: i64, _currency: &str) -> Result<(), Declined> {
        if amount.rem_euclid(100) == 2 {
            Err(Declined("test mode declines amounts ending in 02".into()))
        } else {
            Ok(())
        }
    }
}

/// The merchant's own payment provider (`PAYMENTS=merchant`): the confirm freezes the
/// cart (`awaiting_payment`) and `POST /v1/checkout/sessions/{id}/complete` or `…/reopen`
/// from the merchant's server decides. Money moves at the provider, so sessions are live.
pub struct Merchant;

impl PaymentStep for Merchant {
    fn livemode(&self) -> bool {
        true
    }
    fn flow(&self) -> PaymentFlow {
        PaymentFlow::Merchant
    }
    fn charge(&self, _session: &str, _amount: i64, _currency: &str) -> Result<(), Declined> {
        // Never asked: a confirm under this flow charges nothing here.
        Err(Declined(
            "the merchant's payment provider takes the payment".into(),
        ))
    }
}

impl fmt::Debug for dyn PaymentStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PaymentStep(livemode: {})", self.livemode())
    }
}

/// The payment step named by `PAYMENTS`: `test` (default), `test_declines_02` or
/// `merchant`.
pub fn from_name(name: &str) -> Result<std::sync::Arc<dyn PaymentStep>, String> {
    match name {
        "" | "test" => Ok(std::sync::Arc::new(TestMode)),
        "test_declines_02" => Ok(std::sync::Arc::new(TestModeDeclines02)),
        "merchant" => Ok(std::sync::Arc::new(Merchant)),
        other => Err(format!(
            "PAYMENTS must be `test`, `test_declines_02` or `merchant`, not `{other}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declining_test_mode_declines_amounts_ending_in_02_only() {
        let p = TestModeDeclines02;
        assert!(p.charge("cs", 100_002, "usd").is_err());
        assert!(p.charge("cs", 2, "usd").is_err());
        assert!(p.charge("cs", 100_000, "usd").is_ok());
        assert!(p.charge("cs", 120, "usd").is_ok());
        assert!(TestMode.charge("cs", 100_002, "usd").is_ok());
        assert!(!TestMode.livemode() && !p.livemode());
        assert!(from_name("live").is_err());
        let merchant = from_name("merchant").unwrap();
        assert!(merchant.livemode() && merchant.flow() == PaymentFlow::Merchant);
        assert_eq!(TestMode.flow(), PaymentFlow::Immediate);
    }
}
