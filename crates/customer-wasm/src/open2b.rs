//! Open2b 7.5 `storefront.update-customer`: the functions of the `open2b` namespace.
//!
//! Each one converts its arguments, calls the function of the same name in
//! [`customer_rules::open2b`] and converts the result; the rules are documented there.

use customer_rules::HttpRequest;
use customer_rules::open2b::{self, Context, Customer, CustomerUpdate, Exchange, Shop};
use serde::Deserialize;
use serde_json::Value;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::convert::{read, read_required, write, write_plain};

/// The second argument of `open2b.validate`: what the caller knows besides the body.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(default, deny_unknown_fields)]
#[tsify(type_prefix = "Open2b")]
pub struct ValidateOptions {
    /// The customer as stored, when known (the shipping address rules depend on it).
    pub stored: Option<Customer>,
    /// What only the shop knows: carts, newsletter lists, privacy processings. Checks whose part
    /// is left out are reported with `needs_context` instead of being guessed.
    pub context: Context,
}

/// Predicts the shop's answer to the body of an update (`{ customer: { … } }`) and lists every
/// problem for a form. Any JSON is accepted as `body`: wrong types become the shop's errors.
#[wasm_bindgen(js_name = open2bValidate, unchecked_return_type = "Open2bOutcome")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
    options: Option<Ts<ValidateOptions>>,
) -> Result<JsValue, JsValue> {
    let body: Value = read_required("body", &body)?;
    let options: ValidateOptions = match options {
        Some(options) => read("options", &options.js_value())?.unwrap_or_default(),
        None => ValidateOptions::default(),
    };
    write_plain(&open2b::validate(
        &body,
        options.stored.as_ref(),
        &options.context,
    ))
}

/// What `open2b.validate` returns: an [`Outcome`](customer_rules::Outcome) whose answer is typed as Open2b answers.
#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_OUTCOME: &str = r#"
/** One error as Open2b reports it: the field by its bare name, the kind, and the text. */
export interface Open2bError {
    field: string;
    type: string;
    description: string;
}

/** The body of Open2b's answer: `ok`, the error envelope, or the text of a `text/plain` answer. */
export type Open2bResponseBody =
    | { status: "ok" }
    | { status: "error"; error: Open2bError }
    | string;

/** The outcome of `open2b.validate`, its `response` typed as Open2b answers. */
export interface Open2bOutcome extends Outcome {
    response: { status: number; body: Open2bResponseBody };
}
"#;

/// The customer the shop stores after accepting `update` for the customer `stored`.
#[wasm_bindgen(js_name = open2bMerge)]
pub fn merge(stored: Ts<Customer>, update: Ts<CustomerUpdate>) -> Result<Ts<Customer>, JsValue> {
    let stored: Customer = read_required("stored", &stored.js_value())?;
    let update: CustomerUpdate = read_required("update", &update.js_value())?;
    write(&open2b::merge(&stored, &update))
}

/// The smallest update that turns the customer `before` into `after`.
#[wasm_bindgen(js_name = open2bDiff)]
pub fn diff(before: Ts<Customer>, after: Ts<Customer>) -> Result<Ts<CustomerUpdate>, JsValue> {
    let before: Customer = read_required("before", &before.js_value())?;
    let after: Customer = read_required("after", &after.js_value())?;
    write(&open2b::diff(&before, &after))
}

/// Answers a whole HTTP request (conformance-case format) as a store in the state `shop` does:
/// the response, and the customer to store when the call changed her.
#[wasm_bindgen(js_name = open2bRespond)]
pub fn respond(shop: Ts<Shop>, request: Ts<HttpRequest>) -> Result<Ts<Exchange>, JsValue> {
    let shop: Shop = read_required("shop", &shop.js_value())?;
    let request: HttpRequest = read_required("request", &request.js_value())?;
    write(&open2b::respond(&shop, &request))
}
