//! JavaScript values across the boundary, as JSON text.
//!
//! A value goes in through `JSON.stringify`, the very text `fetch` sends to the shop, so the rules
//! see what the shop would: an object member whose value is `undefined` is left out (absent),
//! while `null` stays `null`. serde-wasm-bindgen would instead read both as `null`, which would
//! turn "keep the cart" into "detach the cart". Results come back through `JSON.parse`, as plain
//! objects, arrays, strings, numbers, booleans and `null`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsValue;

use crate::json_path::path_at;

/// Reads the argument `name` as JSON: `None` when it is `undefined`.
///
/// Fails with a `TypeError` naming the argument when the value has no JSON form (a function, a
/// symbol) or does not have the shape `T` needs, then with the path of the member at fault
/// (`options.stored.addresses[0].region: …`); `JSON.stringify`'s own errors (a cycle, a
/// `BigInt`) are passed on as they are.
pub(crate) fn read<T: DeserializeOwned>(name: &str, value: &JsValue) -> Result<Option<T>, JsValue> {
    let Some(text) = json_text(name, value)? else {
        return Ok(None);
    };
    serde_json::from_str::<T>(&text).map(Some).map_err(|error| {
        // `JSON.stringify` writes one line: the column is the offset of the error's end.
        let path = match text.get(..error.column()) {
            Some(prefix) if error.line() == 1 => path_at(prefix),
            _ => String::new(),
        };
        // A member is `options.stored`, an item of an array argument `packs[1]`.
        let separator = if path.is_empty() || path.starts_with('[') {
            ""
        } else {
            "."
        };
        type_error(&format!(
            "{name}{separator}{path}: {}",
            without_position(&error)
        ))
    })
}

/// The argument `name` as the JSON text `fetch` would send: `None` when it is `undefined`.
pub(crate) fn json_text(name: &str, value: &JsValue) -> Result<Option<String>, JsValue> {
    if value.is_undefined() {
        return Ok(None);
    }
    js_sys::JSON::stringify(value)?
        .as_string()
        .map(Some)
        .ok_or_else(|| type_error(&format!("{name}: the value has no JSON form")))
}

/// serde_json's message without where in the JSON text it arose: the caller passed a value, and
/// the text is ours.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// Reads the argument `name`, which must not be `undefined`.
pub(crate) fn read_required<T: DeserializeOwned>(
    name: &str,
    value: &JsValue,
) -> Result<T, JsValue> {
    read(name, value)?.ok_or_else(|| type_error(&format!("{name} is required")))
}

/// Writes a result as a plain JavaScript value typed as `T`.
pub(crate) fn write<T: Serialize + Tsify>(value: &T) -> Result<Ts<T>, JsValue> {
    write_plain(value).map(Ts::new_unchecked)
}

/// Writes a result as a plain JavaScript value, for results whose type the function declares.
pub(crate) fn write_plain<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|error| type_error(&error.to_string()))?;
    js_sys::JSON::parse(&text)
}

pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
