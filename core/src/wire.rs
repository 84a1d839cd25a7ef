//! A small JSON reader for what the widget receives: the client view of a session (§4.3)
//! and the error body (§4). The server writes these with serde; the widget reads them with
//! this instead of `serde_json`: serde's generic machinery and the `Deserialize` impls it
//! generated for these types were 16 KB of the widget's 146 KB brotli download, and this
//! reader is also faster on a long cart (see BENCHMARKS.md).
//!
//! It reads exactly what serde's derives accept for these types: the same field names and
//! variant names, the same defaults for missing fields, `null` for `None`, unknown fields
//! skipped. The tests serialise with serde and read back with this, so the two cannot
//! drift apart unnoticed.

use crate::catalog::*;
use crate::upsell::Savings;
use crate::view::*;
use std::borrow::Cow;
use std::fmt;

/// Why a body could not be read: what was expected, and the byte offset where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    pub at: usize,
    pub expected: &'static str,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.at)
    }
}

impl std::error::Error for WireError {}

type R<T> = Result<T, WireError>;

/// Nesting deeper than this (in fields that are skipped) is refused rather than recursed.
const MAX_DEPTH: u32 = 64;

/// Reads a client session (the body of every successful widget API answer).
pub fn client_session(json: &str) -> Result<ClientSession, WireError> {
    whole(json, ClientSession::read)
}

/// The `code` and `message` of an error body `{"error": {"code", "message", …}}`.
pub fn error_body(json: &str) -> Result<(String, String), WireError> {
    whole(json, |r| {
        let mut out = None;
        r.object(&mut |r, key| {
            if key == "error" {
                let (mut code, mut message) = (None, String::new());
                r.object(&mut |r, key| {
                    match key {
                        "code" => code = Some(r.string()?),
                        "message" => message = r.string()?,
                        _ => r.skip(0)?,
                    }
                    Ok(())
                })?;
                out = Some((r.required(code, "error.code")?, message));
            } else {
                r.skip(0)?;
            }
            Ok(())
        })?;
        r.required(out, "error")
    })
}

/// One value, with nothing but whitespace after it.
fn whole<T>(json: &str, read: impl FnOnce(&mut Reader) -> R<T>) -> R<T> {
    let mut r = Reader {
        b: json.as_bytes(),
        i: 0,
    };
    let value = read(&mut r)?;
    r.ws();
    if r.i != r.b.len() {
        return r.fail("end of input");
    }
    Ok(value)
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self, expected: &'static str) -> R<T> {
        Err(WireError {
            at: self.i,
            expected,
        })
    }

    fn required<T>(&self, value: Option<T>, field: &'static str) -> R<T> {
        match value {
            Some(v) => Ok(v),
            None => self.fail(field),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, byte: u8, expected: &'static str) -> R<()> {
        if self.peek() == Some(byte) {
            self.i += 1;
            Ok(())
        } else {
            self.fail(expected)
        }
    }

    fn literal(&mut self, word: &'static str) -> R<()> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            self.fail(word)
        }
    }

    /// Consumes `null` if it comes next.
    fn null(&mut self) -> R<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Calls `field` with each key of an object, the reader placed on its value; the
    /// callback must read or skip that value.
    fn object(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> R<()>) -> R<()> {
        self.eat(b'{', "an object")?;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            let key = self.str()?;
            self.eat(b':', "':'")?;
            field(self, &key)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.fail("',' or '}'"),
            }
        }
    }

    fn array<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        self.eat(b'[', "an array")?;
        let mut out = Vec::new();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(out);
        }
        loop {
            out.push(item(self)?);
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => return self.fail("',' or ']'"),
            }
        }
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> R<T>) -> R<Option<T>> {
        if self.null()? {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    fn bool(&mut self) -> R<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => self.fail("true or false"),
        }
    }

    fn string(&mut self) -> R<String> {
        self.str().map(Cow::into_owned)
    }

    /// A string, borrowed from the input unless it has escapes.
    fn str(&mut self) -> R<Cow<'a, str>> {
        self.eat(b'"', "a string")?;
        let start = self.i;
        let b = self.b;
        // The common case: no escapes, so the input (valid UTF-8) is the value.
        while let Some(&c) = b.get(self.i) {
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(Cow::Borrowed(utf8(&b[start..self.i - 1])));
                }
                b'\\' => break,
                0..=0x1f => return self.fail("no control characters in a string"),
                _ => self.i += 1,
            }
        }
        let mut out = b[start..self.i].to_vec();
        loop {
            let Some(&c) = b.get(self.i) else {
                return self.fail("the end of the string");
            };
            self.i += 1;
            match c {
                b'"' => return Ok(Cow::Owned(String::from_utf8(out).unwrap_or_default())),
                b'\\' => {
                    let Some(&e) = b.get(self.i) else {
                        return self.fail("an escape");
                    };
                    self.i += 1;
                    let simple = match e {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let ch = self.unicode_escape()?;
                            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        _ => {
                            self.i -= 1;
                            return self.fail("a valid escape");
                        }
                    };
                    out.push(simple);
                }
                0..=0x1f => {
                    self.i -= 1;
                    return self.fail("no control characters in a string");
                }
                _ => out.push(c),
            }
        }
    }

    /// The character of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    fn unicode_escape(&mut self) -> R<char> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if !self.b[self.i..].starts_with(b"\\u") {
                return self.fail("the low half of a surrogate pair");
            }
            self.i += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return self.fail("the low half of a surrogate pair");
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => self.fail("a valid \\u escape"),
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.b.get(self.i).map(|&c| (c as char).to_digit(16)) {
                Some(Some(d)) => d,
                _ => return self.fail("four hex digits"),
            };
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    /// An integer without fraction or exponent, as `serde` reads one into an integer field.
    fn i64(&mut self) -> R<i64> {
        self.ws();
        let negative = self.b.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        let mut v: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
            let d = (c - b'0') as i64;
            v = match v.checked_mul(10).and_then(|v| {
                if negative {
                    v.checked_sub(d)
                } else {
                    v.checked_add(d)
                }
            }) {
                Some(v) => v,
                None => return self.fail("an integer in range"),
            };
            self.i += 1;
        }
        if self.i == start || matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E')) {
            return self.fail("an integer");
        }
        Ok(v)
    }

    fn u64(&mut self) -> R<u64> {
        match u64::try_from(self.i64()?) {
            Ok(v) => Ok(v),
            Err(_) => self.fail("a non-negative integer"),
        }
    }

    fn u32(&mut self) -> R<u32> {
        match u32::try_from(self.i64()?) {
            Ok(v) => Ok(v),
            Err(_) => self.fail("an integer from 0 to 4294967295"),
        }
    }

    /// A number as `f64`. Exact for every value with at most 15 significant digits and a
    /// decimal exponent within ±22 (a percentage such as `12.5` always is); beyond that
    /// it is within a few units in the last place.
    fn f64(&mut self) -> R<f64> {
        self.ws();
        let start = self.i;
        let negative = self.b.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let (mut mantissa, mut exp, mut digits) = (0u64, 0i32, 0);
        let mut fraction = false;
        loop {
            match self.b.get(self.i) {
                Some(&c @ b'0'..=b'9') => {
                    if mantissa < (1 << 53) / 10 {
                        mantissa = mantissa * 10 + (c - b'0') as u64;
                        exp -= fraction as i32;
                    } else {
                        exp += !fraction as i32;
                    }
                    digits += 1;
                }
                Some(b'.') if !fraction && digits > 0 => fraction = true,
                _ => break,
            }
            self.i += 1;
        }
        if digits == 0 || self.b[self.i - 1] == b'.' {
            self.i = start;
            return self.fail("a number");
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            let sign = match self.b.get(self.i) {
                Some(b'-') => {
                    self.i += 1;
                    -1
                }
                Some(b'+') => {
                    self.i += 1;
                    1
                }
                _ => 1,
            };
            let (mut e, mut any) = (0i32, false);
            while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
                e = e.saturating_mul(10).saturating_add((c - b'0') as i32);
                any = true;
                self.i += 1;
            }
            if !any {
                return self.fail("an exponent");
            }
            exp = exp.saturating_add(sign * e);
        }
        let m = mantissa as f64;
        let v = if exp >= 0 {
            m * 10f64.powi(exp)
        } else if exp >= -22 {
            m / 10f64.powi(-exp)
        } else {
            m / 1e22 / 10f64.powi(-exp - 22)
        };
        Ok(if negative { -v } else { v })
    }

    /// Skips one value of any kind.
    fn skip(&mut self, depth: u32) -> R<()> {
        if depth > MAX_DEPTH {
            return self.fail("less deeply nested data");
        }
        match self.peek() {
            Some(b'{') => self.object(&mut |r, _| r.skip(depth + 1)),
            Some(b'[') => self.array(|r| r.skip(depth + 1)).map(drop),
            Some(b'"') => self.str().map(drop),
            Some(b't' | b'f') => self.bool().map(drop),
            Some(b'n') => self.literal("null"),
            _ => self.f64().map(drop),
        }
    }
}

/// The bytes between two quotes of a `&str`'s bytes are UTF-8: the quote is ASCII, so it
/// cannot end a multi-byte character.
fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// A string that names one variant of an enum.
macro_rules! variants {
    ($($ty:ident { $($name:literal => $variant:ident),* $(,)? })*) => {$(
        impl $ty {
            fn read(r: &mut Reader) -> R<Self> {
                let at = r.i;
                match &*r.str()? {
                    $($name => Ok($ty::$variant),)*
                    _ => Err(WireError { at, expected: concat!("a ", stringify!($ty)) }),
                }
            }
        }
    )*};
}

variants! {
    Mode { "payment" => Payment, "subscription" => Subscription }
    Status { "open" => Open, "complete" => Complete, "expired" => Expired }
    UpdatePermission { "client" => Client, "server_only" => ServerOnly }
    LineItemSource { "original" => Original, "cross_sell" => CrossSell }
    PriceType { "one_time" => OneTime, "recurring" => Recurring }
    Interval { "day" => Day, "week" => Week, "month" => Month, "year" => Year }
    UsageType { "licensed" => Licensed, "metered" => Metered }
    BillingScheme { "per_unit" => PerUnit, "tiered" => Tiered }
    TiersMode { "graduated" => Graduated, "volume" => Volume }
    Round { "up" => Up, "down" => Down }
    TaxBehavior { "inclusive" => Inclusive, "exclusive" => Exclusive, "unspecified" => Unspecified }
    CouponDuration { "once" => Once, "repeating" => Repeating, "forever" => Forever }
}

impl ClientSession {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut id, mut object, mut mode, mut status, mut currency) =
            (None, None, None, None, None);
        let (mut version, mut line_items, mut cross_sells, mut discounts) =
            (None, None, None, None);
        let (mut subscription_data, mut amount_subtotal, mut total_details) = (None, None, None);
        let (mut amount_total, mut upsell, mut recurring, mut locale) = (None, None, None, None);
        let (mut permissions, mut expires_at, mut livemode) = (Permissions::default(), None, false);
        r.object(&mut |r, key| {
            match key {
                "id" => id = Some(r.string()?),
                "object" => object = Some(r.string()?),
                "mode" => mode = Some(Mode::read(r)?),
                "status" => status = Some(Status::read(r)?),
                "currency" => currency = Some(r.string()?),
                "locale" => locale = r.option(Reader::string)?,
                "version" => version = Some(r.u64()?),
                "line_items" => line_items = Some(r.array(ClientLineItem::read)?),
                "upsell" => upsell = r.option(ClientUpsell::read)?,
                "cross_sells" => cross_sells = Some(r.array(ClientCrossSell::read)?),
                "discounts" => discounts = Some(r.array(ClientDiscount::read)?),
                "subscription_data" => subscription_data = Some(SubscriptionData::read(r)?),
                "amount_subtotal" => amount_subtotal = Some(r.i64()?),
                "total_details" => total_details = Some(TotalDetails::read(r)?),
                "amount_total" => amount_total = Some(r.i64()?),
                "recurring" => recurring = r.option(RecurringTotal::read)?,
                "permissions" => permissions = Permissions::read(r)?,
                "expires_at" => expires_at = r.option(Reader::i64)?,
                "livemode" => livemode = r.bool()?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ClientSession {
            id: r.required(id, "id")?,
            object: r.required(object, "object")?,
            mode: r.required(mode, "mode")?,
            status: r.required(status, "status")?,
            currency: r.required(currency, "currency")?,
            locale,
            version: r.required(version, "version")?,
            line_items: r.required(line_items, "line_items")?,
            upsell,
            cross_sells: r.required(cross_sells, "cross_sells")?,
            discounts: r.required(discounts, "discounts")?,
            subscription_data: r.required(subscription_data, "subscription_data")?,
            amount_subtotal: r.required(amount_subtotal, "amount_subtotal")?,
            total_details: r.required(total_details, "total_details")?,
            amount_total: r.required(amount_total, "amount_total")?,
            recurring,
            permissions,
            expires_at,
            livemode,
        })
    }
}

impl ClientLineItem {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut id, mut source, mut product, mut price, mut quantity) =
            (None, None, None, None, None);
        let (mut adjustable_quantity, mut amount_subtotal) = (None, None);
        let (mut amount_discount, mut amount_total) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "id" => id = Some(r.string()?),
                "source" => source = Some(LineItemSource::read(r)?),
                "product" => product = Some(ProductSummary::read(r)?),
                "price" => price = Some(Price::read(r)?),
                "quantity" => quantity = Some(r.u64()?),
                "adjustable_quantity" => adjustable_quantity = Some(AdjustableQuantity::read(r)?),
                "amount_subtotal" => amount_subtotal = Some(r.i64()?),
                "amount_discount" => amount_discount = Some(r.i64()?),
                "amount_total" => amount_total = Some(r.i64()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ClientLineItem {
            id: r.required(id, "line_items[].id")?,
            source: r.required(source, "line_items[].source")?,
            product: r.required(product, "line_items[].product")?,
            price: r.required(price, "line_items[].price")?,
            quantity: r.required(quantity, "line_items[].quantity")?,
            adjustable_quantity: r
                .required(adjustable_quantity, "line_items[].adjustable_quantity")?,
            amount_subtotal: r.required(amount_subtotal, "line_items[].amount_subtotal")?,
            amount_discount: r.required(amount_discount, "line_items[].amount_discount")?,
            amount_total: r.required(amount_total, "line_items[].amount_total")?,
        })
    }
}

impl AdjustableQuantity {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut enabled, mut minimum, mut maximum) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "enabled" => enabled = Some(r.bool()?),
                "minimum" => minimum = Some(r.u64()?),
                "maximum" => maximum = Some(r.u64()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(AdjustableQuantity {
            enabled: r.required(enabled, "adjustable_quantity.enabled")?,
            minimum: r.required(minimum, "adjustable_quantity.minimum")?,
            maximum: r.required(maximum, "adjustable_quantity.maximum")?,
        })
    }
}

impl ProductSummary {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut id, mut name, mut description, mut images) = (None, None, None, Vec::new());
        r.object(&mut |r, key| {
            match key {
                "id" => id = Some(r.string()?),
                "name" => name = Some(r.string()?),
                "description" => description = r.option(Reader::string)?,
                "images" => images = r.array(Reader::string)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ProductSummary {
            id: r.required(id, "product.id")?,
            name: r.required(name, "product.name")?,
            description,
            images,
        })
    }
}

impl Price {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut id, mut object, mut product, mut active, mut currency) =
            (None, None, None, None, None);
        let (mut unit_amount, mut price_type, mut recurring) = (None, None, None);
        let (mut billing_scheme, mut tiers_mode, mut tiers) =
            (BillingScheme::default(), None, None);
        let (mut transform_quantity, mut tax_behavior) = (None, TaxBehavior::default());
        let (mut upsell, mut nickname) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "id" => id = Some(r.string()?),
                "object" => object = Some(r.string()?),
                "product" => product = Some(r.string()?),
                "active" => active = Some(r.bool()?),
                "currency" => currency = Some(r.string()?),
                "unit_amount" => unit_amount = r.option(Reader::i64)?,
                "type" => price_type = Some(PriceType::read(r)?),
                "recurring" => recurring = r.option(Recurring::read)?,
                "billing_scheme" => billing_scheme = BillingScheme::read(r)?,
                "tiers_mode" => tiers_mode = r.option(TiersMode::read)?,
                "tiers" => tiers = r.option(|r| r.array(Tier::read))?,
                "transform_quantity" => transform_quantity = r.option(TransformQuantity::read)?,
                "tax_behavior" => tax_behavior = TaxBehavior::read(r)?,
                "upsell" => upsell = r.option(Reader::string)?,
                "nickname" => nickname = r.option(Reader::string)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Price {
            id: r.required(id, "price.id")?,
            object: object.unwrap_or_else(|| "price".into()),
            product: r.required(product, "price.product")?,
            active: r.required(active, "price.active")?,
            currency: r.required(currency, "price.currency")?,
            unit_amount,
            price_type: r.required(price_type, "price.type")?,
            recurring,
            billing_scheme,
            tiers_mode,
            tiers,
            transform_quantity,
            tax_behavior,
            upsell,
            nickname,
        })
    }
}

impl Recurring {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut interval, mut interval_count, mut usage_type) = (None, 1, UsageType::default());
        r.object(&mut |r, key| {
            match key {
                "interval" => interval = Some(Interval::read(r)?),
                "interval_count" => interval_count = r.u32()?,
                "usage_type" => usage_type = UsageType::read(r)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Recurring {
            interval: r.required(interval, "recurring.interval")?,
            interval_count,
            usage_type,
        })
    }
}

impl Tier {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut up_to, mut unit_amount, mut flat_amount) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "up_to" => up_to = r.option(Reader::u64)?,
                "unit_amount" => unit_amount = r.option(Reader::i64)?,
                "flat_amount" => flat_amount = r.option(Reader::i64)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Tier {
            up_to,
            unit_amount,
            flat_amount,
        })
    }
}

impl TransformQuantity {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut divide_by, mut round) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "divide_by" => divide_by = Some(r.u64()?),
                "round" => round = Some(Round::read(r)?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(TransformQuantity {
            divide_by: r.required(divide_by, "transform_quantity.divide_by")?,
            round: r.required(round, "transform_quantity.round")?,
        })
    }
}

impl ClientUpsell {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut line_item, mut price, mut selected, mut savings) = (None, None, None, None);
        r.object(&mut |r, key| {
            match key {
                "line_item" => line_item = Some(r.string()?),
                "price" => price = Some(Price::read(r)?),
                "selected" => selected = Some(r.bool()?),
                "savings" => savings = r.option(Savings::read)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ClientUpsell {
            line_item: r.required(line_item, "upsell.line_item")?,
            price: r.required(price, "upsell.price")?,
            selected: r.required(selected, "upsell.selected")?,
            savings,
        })
    }
}

impl Savings {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut amount, mut percent) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "amount" => amount = Some(r.i64()?),
                "percent" => percent = Some(r.u32()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Savings {
            amount: r.required(amount, "savings.amount")?,
            percent: r.required(percent, "savings.percent")?,
        })
    }
}

impl ClientCrossSell {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut product, mut price, mut added) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "product" => product = Some(ProductSummary::read(r)?),
                "price" => price = Some(Price::read(r)?),
                "added" => added = Some(r.bool()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ClientCrossSell {
            product: r.required(product, "cross_sells[].product")?,
            price: r.required(price, "cross_sells[].price")?,
            added: r.required(added, "cross_sells[].added")?,
        })
    }
}

impl ClientDiscount {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut coupon, mut invoices) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "coupon" => coupon = Some(Coupon::read(r)?),
                "invoices" => invoices = r.option(Reader::u32)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(ClientDiscount {
            coupon: r.required(coupon, "discounts[].coupon")?,
            invoices,
        })
    }
}

impl Coupon {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut id, mut object, mut name, mut percent_off, mut amount_off) =
            (None, None, None, None, None);
        let (mut currency, mut duration, mut duration_in_months) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "id" => id = Some(r.string()?),
                "object" => object = Some(r.string()?),
                "name" => name = r.option(Reader::string)?,
                "percent_off" => percent_off = r.option(Reader::f64)?,
                "amount_off" => amount_off = r.option(Reader::i64)?,
                "currency" => currency = r.option(Reader::string)?,
                "duration" => duration = Some(CouponDuration::read(r)?),
                "duration_in_months" => duration_in_months = r.option(Reader::u32)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Coupon {
            id: r.required(id, "coupon.id")?,
            object: object.unwrap_or_else(|| "coupon".into()),
            name,
            percent_off,
            amount_off,
            currency,
            duration: r.required(duration, "coupon.duration")?,
            duration_in_months,
        })
    }
}

impl SubscriptionData {
    fn read(r: &mut Reader) -> R<Self> {
        let mut trial_period_days = None;
        r.object(&mut |r, key| {
            match key {
                "trial_period_days" => trial_period_days = r.option(Reader::u32)?,
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(SubscriptionData { trial_period_days })
    }
}

impl TotalDetails {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut amount_discount, mut amount_tax) = (None, None);
        r.object(&mut |r, key| {
            match key {
                "amount_discount" => amount_discount = Some(r.i64()?),
                "amount_tax" => amount_tax = Some(r.i64()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(TotalDetails {
            amount_discount: r.required(amount_discount, "total_details.amount_discount")?,
            amount_tax: r.required(amount_tax, "total_details.amount_tax")?,
        })
    }
}

impl RecurringTotal {
    fn read(r: &mut Reader) -> R<Self> {
        let (mut interval, mut interval_count, mut amount) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "interval" => interval = Some(Interval::read(r)?),
                "interval_count" => interval_count = Some(r.u32()?),
                "amount" => amount = Some(r.i64()?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(RecurringTotal {
            interval: r.required(interval, "recurring.interval")?,
            interval_count: r.required(interval_count, "recurring.interval_count")?,
            amount: r.required(amount, "recurring.amount")?,
        })
    }
}

impl Permissions {
    fn read(r: &mut Reader) -> R<Self> {
        let mut update_line_items = None;
        r.object(&mut |r, key| {
            match key {
                "update_line_items" => update_line_items = Some(UpdatePermission::read(r)?),
                _ => r.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Permissions {
            update_line_items: r.required(update_line_items, "permissions.update_line_items")?,
        })
    }
}

#[cfg(test)]
mod tests;
