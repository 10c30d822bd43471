//! The shop at the HTTP level: routing, authentication and JSON decoding around the rules, for
//! the conformance runner, the reference shop and the WASM package.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::error::{Findings, Place, ok_response};
use super::merge::merge;
use super::model::{Customer, PrivacyProcessing};
use super::validate::{CUSTOMER_MEMBERS, Context, Known, read_update};
use crate::{HttpRequest, ShopResponse};

/// The path of the update call.
pub const UPDATE_CUSTOMER_PATH: &str = "/api/v10/storefront.update-customer";

/// The path of the read call.
pub const CUSTOMER_PATH: &str = "/api/v10/storefront.customer";

/// The header carrying the customer key (reference §1.2).
pub const CUSTOMER_KEY_HEADER: &str = "X-Customer-Key";

/// A shop's state: the `open2b` section of a fixture (`tests/fixtures/README.md`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct Shop {
    /// The customers, each with the key that authenticates her calls.
    pub customers: Vec<CustomerAccount>,
    /// The tokens of the carts that exist.
    pub carts: Vec<String>,
    /// The ids of the newsletter lists that exist.
    pub newsletter_lists: Vec<u32>,
    /// The store's privacy processings.
    pub privacy_processings: Vec<PrivacyProcessing>,
}

impl Shop {
    /// Everything the shop knows, as validation context.
    pub fn context(&self) -> Context {
        Context {
            carts: Some(self.carts.clone()),
            newsletter_lists: Some(self.newsletter_lists.clone()),
            privacy_processings: Some(self.privacy_processings.clone()),
        }
    }

    /// Everything the shop knows, borrowed for one request's checks.
    pub(crate) fn known(&self) -> Known<'_> {
        Known {
            carts: Some(&self.carts),
            newsletter_lists: Some(&self.newsletter_lists),
            privacy_processings: Some(&self.privacy_processings),
        }
    }

    /// The customer a key authenticates. The key is compared with every customer's in
    /// constant time.
    pub fn customer(&self, key: &str) -> Option<&Customer> {
        let keys = self.customers.iter().map(|account| account.key.as_str());
        crate::secret::position(keys, key)
            .and_then(|index| self.customers.get(index))
            .map(|account| &account.customer)
    }
}

/// A customer and the `X-Customer-Key` of her calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b", missing_as_null)
)]
pub struct CustomerAccount {
    /// The customer key, an opaque non-empty string (reference §1.2).
    pub key: String,
    /// The stored customer.
    pub customer: Customer,
}

/// One call answered: the response, and the customer to store when the call changed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b", missing_as_null)
)]
pub struct Exchange {
    /// What the shop answers.
    #[cfg_attr(feature = "typescript", tsify(type = "ShopResponse"))]
    pub response: ShopResponse,
    /// The customer after an accepted update, with her key; `None` for any other call.
    pub updated: Option<CustomerAccount>,
}

/// Answers a request as an Open2b 7.5 store in the state `shop` does.
///
/// Before the body is read, in this order:
/// - Assumption 16 (reference §1.3, "transport answers"; the order and the texts are ours): a path
///   other than the two calls is 404 `Not Found`, and a method other than `POST` is 405
///   `Method Not Allowed`; a query string is ignored.
/// - Assumption 2 (reference §1.2, §8 question 8, "customer key 403"): a missing or unknown
///   `X-Customer-Key` is 403 `Forbidden`.
///
/// These answers have a `text/plain` body (see [`ShopResponse::body`]). Then the body is decoded:
/// - Assumption 1 (reference §1.3, "malformed JSON envelope"): text that is not JSON, or JSON that is
///   not an object, is `Malformed` with field `""` and "Request is not syntactically correct".
/// - Assumption 1 (reference §1.3, "empty body"): an empty body (no body, or only whitespace) is
///   read as `{}`.
/// - Assumption 3 (reference §1.4, "range is InvalidValue"): JSON sets no limit to a number, so a
///   number too large for a double (`1e400`, an integer of 400 digits) does not make the text
///   malformed: it is read as a whole number out of every range.
///
/// Then `storefront.update-customer` is validated as [`validate`](super::validate) does, with the
/// shop's whole context, and on success the merged customer is returned in
/// [`Exchange::updated`]; `storefront.customer` returns the customer.
pub fn respond(shop: &Shop, request: &HttpRequest) -> Exchange {
    let path = request
        .path
        .split_once('?')
        .map_or(request.path.as_str(), |(path, _query)| path);
    let call = match path {
        UPDATE_CUSTOMER_PATH => Call::UpdateCustomer,
        CUSTOMER_PATH => Call::Customer,
        _ => return text(404, "Not Found"),
    };
    if request.method != "POST" {
        return text(405, "Method Not Allowed");
    }
    let Some((key, customer)) = request
        .header(CUSTOMER_KEY_HEADER)
        .and_then(|key| shop.customer(key).map(|customer| (key, customer)))
    else {
        return text(403, "Forbidden");
    };
    let Some(body) = body(request) else {
        let mut findings = Findings::default();
        findings.request_malformed();
        return answer(findings.response());
    };
    match call {
        Call::UpdateCustomer => update_customer(shop, key, customer, &body),
        Call::Customer => answer(read_customer(customer, &body)),
    }
}

/// The calls this shop answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    UpdateCustomer,
    Customer,
}

fn update_customer(shop: &Shop, key: &str, stored: &Customer, body: &Value) -> Exchange {
    let reading = read_update(body, Some(stored), shop.known());
    if let Some(error) = reading.findings.first_error() {
        return answer(error.to_response());
    }
    Exchange {
        response: ok_response(),
        updated: Some(CustomerAccount {
            key: key.to_owned(),
            customer: merge(stored, &reading.update),
        }),
    }
}

/// `storefront.customer`: `{"fields": [...]}` selects members (all when absent).
///
/// Assumption 12 (reference §3, "read call fields"): an unknown member of the body is
/// `UnknownField`; `fields` that is not an array of strings is `Malformed`, `null` is
/// `InvalidValue`, and a name that is not a member of `customer` is `InvalidValue`.
fn read_customer(customer: &Customer, body: &Value) -> ShopResponse {
    let mut findings = Findings::default();
    let request = Place::request();
    let Value::Object(members) = body else {
        findings.request_malformed();
        return findings.response();
    };
    findings.unknown_members(members, &["fields"], &request);
    let place = request.member("fields");
    let selected: Vec<&str> = match members.get("fields") {
        None => CUSTOMER_MEMBERS.to_vec(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match item {
                Value::String(name) if CUSTOMER_MEMBERS.contains(&name.as_str()) => {
                    Some(name.as_str())
                }
                Value::String(_) => {
                    findings.invalid_value(&place.item(index));
                    None
                }
                _ => {
                    findings.malformed(&place.item(index));
                    None
                }
            })
            .collect(),
        Some(Value::Null) => {
            findings.invalid_value(&place);
            Vec::new()
        }
        Some(_) => {
            findings.malformed(&place);
            Vec::new()
        }
    };
    if !findings.is_empty() {
        return findings.response();
    }
    let mut all = match serde_json::to_value(customer) {
        Ok(Value::Object(all)) => all,
        _ => Map::new(),
    };
    let selection: Map<String, Value> = selected
        .into_iter()
        .filter_map(|name| all.remove_entry(name))
        .collect();
    ShopResponse {
        status: 200,
        body: json!({ "status": "ok", "customer": selection }),
    }
}

/// The body as JSON: `None` when it is not JSON.
fn body(request: &HttpRequest) -> Option<Cow<'_, Value>> {
    match (&request.raw, &request.body) {
        (Some(raw), _) if raw.trim().is_empty() => Some(Cow::Owned(Value::Object(Map::new()))),
        (Some(raw), _) => json_text(raw).map(Cow::Owned),
        (None, Some(body)) => Some(Cow::Borrowed(body)),
        (None, None) => Some(Cow::Owned(Value::Object(Map::new()))),
    }
}

/// The largest magnitude kept as written: a number at or beyond it is read as `±1e308`.
const HUGE: f64 = 1e308;

/// JSON text as a value, also when a number in it is beyond what a double holds.
///
/// serde_json refuses a whole text for one number beyond ±1.8e308 ("number out of range"). Such
/// a number is whole and out of the range of every field, as `±1e308` is, and no answer repeats
/// a number's digits, so it is read as `±1e308`. Text that is not JSON for another reason stays
/// refused.
fn json_text(raw: &str) -> Option<Value> {
    serde_json::from_str(raw).ok().or_else(|| {
        let within_doubles = huge_numbers_capped(raw)?;
        serde_json::from_str(&within_doubles).ok()
    })
}

/// `raw` with every JSON number of magnitude [`HUGE`] or more outside strings written as
/// `1e308` or `-1e308`; `None` when there is none. One pass over the text.
fn huge_numbers_capped(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut capped = String::new();
    let mut copied = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'"' => index = string_end(bytes, index + 1),
            b'-' | b'0'..=b'9' => {
                let start = index;
                index += 1;
                while bytes.get(index).is_some_and(|byte| {
                    matches!(byte, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    index += 1;
                }
                let token = &raw[start..index];
                if is_json_number(token) && token.parse::<f64>().is_ok_and(|n| n.abs() >= HUGE) {
                    capped.push_str(&raw[copied..start]);
                    capped.push_str(if byte == b'-' { "-1e308" } else { "1e308" });
                    copied = index;
                }
            }
            _ => index += 1,
        }
    }
    if copied == 0 {
        return None;
    }
    capped.push_str(&raw[copied..]);
    Some(capped)
}

/// The index after the closing quote of a JSON string whose content starts at `index`.
fn string_end(bytes: &[u8], mut index: usize) -> usize {
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\\' => index += 2,
            b'"' => return index + 1,
            _ => index += 1,
        }
    }
    index
}

/// True when `token` is a number by the JSON grammar (RFC 8259 §6).
fn is_json_number(token: &str) -> bool {
    let unsigned = token.strip_prefix('-').unwrap_or(token);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (integer, fraction) = match mantissa.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    digits(integer)
        && (integer == "0" || !integer.starts_with('0'))
        && fraction.is_none_or(digits)
        && exponent
            .is_none_or(|exponent| digits(exponent.strip_prefix(['+', '-']).unwrap_or(exponent)))
}

fn answer(response: ShopResponse) -> Exchange {
    Exchange {
        response,
        updated: None,
    }
}

fn text(status: u16, text: &str) -> Exchange {
    answer(ShopResponse {
        status,
        body: Value::String(text.to_owned()),
    })
}
