//! `fieldErrors` of both namespaces: the decided messages of an outcome by field, for a form.

use customer_rules::Outcome;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::convert::{read_required, write_plain};

fn field_errors(outcome: &Ts<Outcome>) -> Result<JsValue, JsValue> {
    let outcome: Outcome = read_required("outcome", &outcome.js_value())?;
    write_plain(&outcome.field_errors())
}

/// The decided messages of a Magento outcome grouped by field, in the order the fields first
/// appear, each with its path as segments (`["customer", "addresses", 0, "city"]`); checks that
/// need context are left out.
#[cfg(feature = "magento")]
#[wasm_bindgen(js_name = magentoFieldErrors, unchecked_return_type = "FieldErrors[]")]
pub fn magento_field_errors(outcome: Ts<Outcome>) -> Result<JsValue, JsValue> {
    field_errors(&outcome)
}

/// The decided messages of an Open2b outcome grouped by field, in the order the fields first
/// appear, each with its path as segments (`["customer", "billingAddress", "city"]`); checks that
/// need context are left out.
#[cfg(feature = "open2b")]
#[wasm_bindgen(js_name = open2bFieldErrors, unchecked_return_type = "FieldErrors[]")]
pub fn open2b_field_errors(outcome: Ts<Outcome>) -> Result<JsValue, JsValue> {
    field_errors(&outcome)
}
