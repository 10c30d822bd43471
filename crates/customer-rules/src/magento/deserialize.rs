//! Reading a request body the way Magento's webapi layer does (reference §3.1,
//! `lib/internal/Magento/Framework/Webapi/ServiceInputProcessor.php`,
//! `Framework/Reflection/TypeProcessor.php`, `Webapi/Controller/Rest/InputParamsResolver.php`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::error::{ShopError, Text};
use super::model::{
    AddressRequest, CustomAttribute, CustomerExtension, CustomerRequest, RegionRequest, SaveRequest,
};
use super::php;
use super::profile::Webapi;
use crate::Patch;

/// Why the webapi layer refused a body: the error the shop answers and the field it concerns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rejection {
    pub(super) error: ShopError,
    /// The member the error concerns.
    pub(super) path: String,
}

/// The decoded body as the PHP array Magento works on: `(array)` of the JSON value
/// (`Framework/Webapi/Rest/Request::getBodyParams`) — an object as is, a list keyed `0..n`, a
/// scalar as `[0 => scalar]`, `null` as `[]`.
fn body_params(body: &Value) -> Map<String, Value> {
    match body {
        Value::Object(map) => map.clone(),
        Value::Null => Map::new(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (index.to_string(), item.clone()))
            .collect(),
        scalar => {
            let mut map = Map::new();
            map.insert(String::from("0"), scalar.clone());
            map
        }
    }
}

/// `InputParamsResolver::filterInputData` (PUT only): in every array, a key equal to an earlier
/// key after `strtolower(str_replace('_', '', $k))` is dropped, recursively.
fn filter_input(params: Map<String, Value>) -> Map<String, Value> {
    let mut kept_keys = HashSet::with_capacity(params.len());
    let mut out = Map::new();
    for (key, value) in params {
        if kept_keys.insert(filtered_key(&key).collect::<Vec<u8>>()) {
            out.insert(key, filter_value(value));
        }
    }
    out
}

fn filter_value(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(filter_input(map)),
        Value::Array(items) => {
            // A list's keys are integers, never equal after normalisation.
            Value::Array(items.into_iter().map(filter_value).collect())
        }
        other => other,
    }
}

/// The bytes `filterInputData` compares: no `_`, ASCII lower case.
fn filtered_key(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes()
        .filter(|byte| *byte != b'_')
        .map(|byte| byte.to_ascii_lowercase())
}

/// FNV-1a of the bytes [`filtered_key`] yields.
fn fingerprint(key: &str) -> u64 {
    filtered_key(key).fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether [`filter_input`] would drop a key anywhere in `value`. Most bodies have no such
/// keys and are then read as they are, without a copy.
fn has_filtered_keys(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            // Keys equal after filtering have equal fingerprints; equal fingerprints of
            // different keys only send the body through the exact filter.
            let mut fingerprints = HashSet::with_capacity(map.len());
            !map.keys().all(|key| fingerprints.insert(fingerprint(key)))
                || map.values().any(has_filtered_keys)
        }
        Value::Array(items) => items.iter().any(has_filtered_keys),
        _ => false,
    }
}

/// The input the webapi layer reads (`InputParamsResolver::getInputData`, PUT): the body's
/// top level with the query parameters merged over it, then [`filter_input`] (2.4.7: of the
/// `customer` member only). A body object with
/// no query parameter and no key the filter drops is read in place, without a copy.
pub(super) fn input_params(
    webapi: Webapi,
    body: &Value,
    query: impl IntoIterator<Item = (String, Value)>,
) -> Cow<'_, Map<String, Value>> {
    let mut query = query.into_iter().peekable();
    if exceeds_json_nesting(members(body)) {
        // Such a body is never decoded (`read_save_request` answers so); it is read in place, as
        // the filter would recurse through every level.
        return match body {
            Value::Object(members) => Cow::Borrowed(members),
            _ => Cow::Owned(Map::from_iter([(String::from("0"), too_deep_stand_in())])),
        };
    }
    match body {
        Value::Object(members) if query.peek().is_none() && !has_filtered_keys(body) => {
            Cow::Borrowed(members)
        }
        _ => {
            let mut params = body_params(body);
            params.extend(query);
            if webapi.filter_whole_input {
                return Cow::Owned(filter_input(params));
            }
            if let Some(customer) = params.get_mut("customer") {
                *customer = filter_value(customer.take());
            }
            Cow::Owned(params)
        }
    }
}

/// The deepest nesting of arrays and objects PHP's `json_decode` accepts at its default depth
/// of 512, which `Framework/Serialize/Serializer/Json::unserialize` keeps: 511 levels decode, 512
/// fail with "Maximum stack depth exceeded" (PHP 8.2), and `Webapi/Rest/Request/Deserializer/Json`
/// answers "Decoding error.".
const JSON_NESTING_LIMIT: usize = 511;

const DECODING_ERROR: &str = "Decoding error.";

/// The values directly inside an array or object; none for a scalar.
fn members(value: &Value) -> impl Iterator<Item = &Value> {
    let items = value.as_array().into_iter().flatten();
    items.chain(value.as_object().into_iter().flat_map(Map::values))
}

/// Whether arrays and objects nest deeper than [`JSON_NESTING_LIMIT`] below a top-level array or
/// object holding `members`. Walked with a list of its own rather than by recursion, so any depth
/// a caller built is measured without exhausting the stack.
fn exceeds_json_nesting<'a>(members: impl Iterator<Item = &'a Value>) -> bool {
    let mut pending: Vec<(&Value, usize)> = members.map(|member| (member, 2)).collect();
    while let Some((value, level)) = pending.pop() {
        if value.is_array() || value.is_object() {
            if level > JSON_NESTING_LIMIT {
                return true;
            }
            pending.extend(self::members(value).map(|member| (member, level + 1)));
        }
    }
    false
}

/// The member that stands for a too-deep list body after [`input_params`]: lists nested one
/// level more than PHP decodes, built without copying the body.
fn too_deep_stand_in() -> Value {
    (1..JSON_NESTING_LIMIT).fold(Value::Array(Vec::new()), |inner, _| {
        Value::Array(vec![inner])
    })
}

/// `Framework/Serialize/Serializer/Json::unserialize` (`json_decode($text, true)`, depth 512) as
/// `Webapi/Rest/Request/Deserializer/Json` calls it: `None` where PHP fails, which the shop
/// answers "Decoding error.". Arrays and objects are read with a list of open containers, not by
/// recursion, so no depth exhausts the stack; strings, numbers and literals are read by
/// serde_json, so values are those `serde_json::from_str` gives.
pub(super) fn decode_json(text: &str) -> Option<Value> {
    enum Open {
        List(Vec<Value>),
        Object(Map<String, Value>, String),
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut open: Vec<Open> = Vec::new();
    loop {
        at = skip_whitespace(bytes, at);
        // A value starts here (or a container closes at once when empty).
        let mut value = match bytes.get(at)? {
            b'[' | b'{' if open.len() == JSON_NESTING_LIMIT => return None,
            b'[' => {
                at = skip_whitespace(bytes, at + 1);
                if bytes.get(at) == Some(&b']') {
                    at += 1;
                    Value::Array(Vec::new())
                } else {
                    open.push(Open::List(Vec::new()));
                    continue;
                }
            }
            b'{' => {
                at = skip_whitespace(bytes, at + 1);
                if bytes.get(at) == Some(&b'}') {
                    at += 1;
                    Value::Object(Map::new())
                } else {
                    let (key, next) = read_key(bytes, text, at)?;
                    at = next;
                    open.push(Open::Object(Map::new(), key));
                    continue;
                }
            }
            _ => {
                let end = scalar_end(bytes, at)?;
                let scalar = serde_json::from_str(text.get(at..end)?).ok()?;
                at = end;
                scalar
            }
        };
        // Close every container this value completes.
        loop {
            at = skip_whitespace(bytes, at);
            match open.last_mut() {
                None => {
                    return (at == bytes.len()).then_some(value);
                }
                Some(Open::List(items)) => {
                    items.push(value);
                    match bytes.get(at)? {
                        b',' => {
                            at += 1;
                            break;
                        }
                        b']' => {
                            at += 1;
                            let Some(Open::List(items)) = open.pop() else {
                                return None;
                            };
                            value = Value::Array(items);
                        }
                        _ => return None,
                    }
                }
                Some(Open::Object(members, key)) => {
                    members.insert(std::mem::take(key), value);
                    match bytes.get(at)? {
                        b',' => {
                            let (next_key, next) =
                                read_key(bytes, text, skip_whitespace(bytes, at + 1))?;
                            *key = next_key;
                            at = next;
                            break;
                        }
                        b'}' => {
                            at += 1;
                            let Some(Open::Object(members, _)) = open.pop() else {
                                return None;
                            };
                            value = Value::Object(members);
                        }
                        _ => return None,
                    }
                }
            }
        }
    }
}

/// JSON whitespace: space, tab, line feed, carriage return.
fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// `"key"` then `:`; where the member's value starts.
fn read_key(bytes: &[u8], text: &str, at: usize) -> Option<(String, usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let end = scalar_end(bytes, at)?;
    let key: String = serde_json::from_str(text.get(at..end)?).ok()?;
    let colon = skip_whitespace(bytes, end);
    (bytes.get(colon) == Some(&b':')).then_some((key, colon + 1))
}

/// The end of the string, number or literal starting at `at`: after the closing quote of a
/// string (a backslash escapes the next byte), else before the next delimiter.
fn scalar_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) == Some(&b'"') {
        let mut next = at + 1;
        loop {
            match bytes.get(next)? {
                b'"' => return Some(next + 1),
                b'\\' => next += 2,
                _ => next += 1,
            }
        }
    }
    let length = bytes
        .get(at..)?
        .iter()
        .position(|byte| {
            matches!(
                byte,
                b',' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b'"'
            )
        })
        .unwrap_or(bytes.len() - at);
    (length > 0).then_some(at + length)
}

/// `ServiceInputProcessor::process` for `save(CustomerInterface $customer, $passwordHash = null)`.
/// A body nested deeper than PHP decodes is answered as the decoder answers it.
pub(super) fn read_save_request(
    webapi: Webapi,
    params: &Map<String, Value>,
) -> Result<SaveRequest, Box<Rejection>> {
    if exceeds_json_nesting(params.values()) {
        return Err(Box::new(Rejection {
            error: ShopError::plain(400, DECODING_ERROR),
            path: String::new(),
        }));
    }
    // `isset($inputArray['customer'])`: a missing key or `null` is "required".
    let customer = match params.get("customer") {
        Some(value) if !value.is_null() => value,
        _ => {
            return Err(Box::new(Rejection {
                error: ShopError::Aggregate(vec![(
                    String::from(REQUIRED),
                    json!({"fieldName": "customer"}),
                )]),
                path: String::from("customer"),
            }));
        }
    };
    // 2.4.7's `ValidateCustomerData::validateInputData(array $inputData)` is given a scalar
    // `customer`: a `TypeError`.
    if !(webapi.filter_whole_input || customer.is_object() || customer.is_array()) {
        return Err(Box::new(
            Failure::Crash {
                path: String::from("customer"),
            }
            .into_rejection(),
        ));
    }
    let customer = read_customer(webapi, customer, "customer")
        .map_err(|failure| Box::new(failure.into_rejection()))?;
    let hash = match (params.get("passwordHash"), params.get("password_hash")) {
        (Some(value), _) if !value.is_null() => Some(value),
        (_, Some(value)) if !value.is_null() => Some(value),
        _ => None,
    };
    let password_hash = match hash {
        None => Patch::Absent,
        Some(value) => match php::to_string(value) {
            Some(text) => Patch::Value(text),
            None => {
                // A top-level simple parameter has no "Error occurred during" prefix.
                return Err(Box::new(
                    Failure::Type {
                        path: String::from("passwordHash"),
                        message: type_message("array", "string"),
                    }
                    .into_rejection(),
                ));
            }
        },
    };
    Ok(SaveRequest {
        customer,
        password_hash,
    })
}

const REQUIRED: &str = "\"%fieldName\" is required. Enter and try again.";
const NOT_SUPPORTED: &str =
    "\"%fieldName\" is not supported. Correct the field name and try again.";
const SCRIPT: &str = "\"%field_name\" does not contains valid value.";

/// A failure inside a data object, unwound level by level.
enum Failure {
    /// No getter for the UpperCamel name: `"%fieldName" is not supported…` (an `InputException`
    /// that passes every level unchanged).
    NotSupported { path: String, camel: String },
    /// A string value matching `/<script\b[^>]*>(.*?)<\/script>/is` (an `InputException`).
    Script { path: String, key: String },
    /// A `SerializationException`; each enclosing level wraps it with its property name.
    Type { path: String, message: Text },
    /// A PHP warning turned into an exception (500). Deliberate simplification: the shop's
    /// report id is random, a fixed one is written here.
    Internal { path: String },
    /// A PHP `\Error`, which no webapi layer catches (500, `text/plain`).
    Crash { path: String },
}

impl Failure {
    fn wrap(self, key: &str) -> Failure {
        match self {
            Failure::Type { path, message } => Failure::Type {
                path,
                message: Text::Wrapped {
                    field_name: key.to_string(),
                    details: Box::new(message),
                },
            },
            other => other,
        }
    }

    fn into_rejection(self) -> Rejection {
        match self {
            Failure::NotSupported { path, camel } => Rejection {
                error: ShopError::Aggregate(vec![(
                    String::from(NOT_SUPPORTED),
                    json!({ "fieldName": camel }),
                )]),
                path,
            },
            Failure::Script { path, key } => Rejection {
                error: ShopError::named(400, SCRIPT, &[("field_name", json!(key))]),
                path,
            },
            // `ServiceInputProcessor::process` re-throws it as a `WebapiException` of a new
            // phrase of its message.
            Failure::Type { path, message } => Rejection {
                error: ShopError::Rendered {
                    status: 400,
                    message: Text::Again(Box::new(message)),
                },
                path,
            },
            Failure::Internal { path } => Rejection {
                error: ShopError::internal(),
                path,
            },
            Failure::Crash { path } => Rejection {
                error: ShopError::Crash,
                path,
            },
        }
    }
}

/// `Framework/Reflection/TypeProcessor`'s phrase for a value of the wrong type.
fn type_message(value: &str, expected: &str) -> Text {
    Text::Phrase {
        template: String::from(
            "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
        ),
        parameters: json!({ "value": value, "type": expected }),
    }
}

/// The entries of a PHP array made from a JSON value (`_createFromArray`: not an array → `[]`).
fn entries(value: &Value) -> Vec<(Cow<'_, str>, &Value)> {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| (Cow::Borrowed(key.as_str()), value))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (Cow::Owned(index.to_string()), item))
            .collect(),
        _ => Vec::new(),
    }
}

/// A constructor parameter of a data object's class, which `getConstructorData` fills from the
/// member of the same name (exact case) before any setter runs.
#[derive(Clone, Copy)]
enum Parameter {
    /// A service or factory (`extensionFactory`, `attributeValueFactory`, `metadataService`): the
    /// value is built as that class (`_createFromArray`), so a scalar or an empty array is taken
    /// and the member skipped. Deliberate simplification: a non-empty array has its first key
    /// refused as the class's missing getter, whatever the class has.
    Service(&'static str),
    /// `$data` (`@param array $data`, read as `array[]`): an empty array is taken and the member
    /// skipped; the elements of a non-empty one are built as the class `array`, which does not
    /// exist (`ReflectionException`, caught), and a scalar becomes `null`, which the compiled
    /// object manager of production mode replaces by the default: either way the member then
    /// goes through the setters, where no `getData` exists.
    Data,
}

/// `Customer/Model/Data/Customer.php` and `Address.php` (`metadataService` is the customer or
/// address metadata service).
const CUSTOMER_CONSTRUCTOR: &[Parameter] = &[
    Parameter::Service("extensionFactory"),
    Parameter::Service("attributeValueFactory"),
    Parameter::Service("metadataService"),
    Parameter::Data,
];

/// `Customer/Model/Data/Region.php`, whose constructor is `Framework/Api/AbstractExtensibleObject`'s.
const REGION_CONSTRUCTOR: &[Parameter] = &[
    Parameter::Service("extensionFactory"),
    Parameter::Service("attributeValueFactory"),
    Parameter::Data,
];

/// `Framework/Api/AbstractSimpleObject`'s, inherited by the generated extension classes and by
/// `Framework/Api/AttributeValue`.
const SIMPLE_CONSTRUCTOR: &[Parameter] = &[Parameter::Data];

/// `_createFromArray`: the constructor's parameters take their members first (in the
/// constructor's order; none after the CVE-2025-54236 fix), then the other entries go through
/// the setters, in body order.
fn setter_entries<'a>(
    webapi: Webapi,
    value: &'a Value,
    constructor: &[Parameter],
    path: &str,
) -> Result<Vec<(Cow<'a, str>, &'a Value)>, Failure> {
    let members = value.as_object().filter(|_| webapi.constructor_members);
    let mut taken: Vec<&str> = Vec::new();
    for parameter in constructor {
        let name = match parameter {
            Parameter::Service(name) => name,
            Parameter::Data => "data",
        };
        let Some(argument) = members
            .and_then(|members| members.get(name))
            .filter(|argument| !argument.is_null())
        else {
            continue;
        };
        let first = entries(argument).into_iter().next();
        match (parameter, first) {
            (Parameter::Service(_), Some((key, _))) => {
                return Err(not_supported(
                    &child(&child(path, name), &key),
                    php::upper_camel(&key),
                ));
            }
            (Parameter::Data, Some(_)) => {}
            (Parameter::Data, None) if !(argument.is_array() || argument.is_object()) => {}
            (_, None) => taken.push(name),
        }
    }
    let mut remaining = entries(value);
    remaining.retain(|(key, _)| !taken.contains(&key.as_ref()));
    Ok(remaining)
}

fn child(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// Where a value sits: its parent's path and its name, joined only when a failure names it.
#[derive(Debug, Clone, Copy)]
struct At<'a>(&'a str, &'a str);

impl At<'_> {
    fn path(self) -> String {
        child(self.0, self.1)
    }
}

/// `processSimpleAndAnyType` for `int`: `is_numeric` then `settype`.
fn int(value: &Value, at: At<'_>) -> Result<Patch<i64>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", "int"),
        }),
        scalar => match php::is_numeric(scalar)
            .then(|| php::to_int(scalar))
            .flatten()
        {
            Some(int) => Ok(Patch::Value(int)),
            None => Err(Failure::Type {
                path: at.path(),
                message: type_message(&php::to_string(scalar).unwrap_or_default(), "int"),
            }),
        },
    }
}

/// `processSimpleAndAnyType` for `string` (`settype`), then the `<script>` check of
/// `_createFromArray`.
fn string(webapi: Webapi, value: &Value, key: &str, at: At<'_>) -> Result<Patch<String>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", "string"),
        }),
        scalar => {
            let text = php::to_string(scalar).unwrap_or_default();
            if webapi.script_check && contains_script(&text) {
                return Err(Failure::Script {
                    path: at.path(),
                    key: key.to_string(),
                });
            }
            Ok(Patch::Value(text))
        }
    }
}

/// `processSimpleAndAnyType` for `bool` (`boolean` where an extension attribute declares it so:
/// messages name the type as declared): `filter_var(FILTER_VALIDATE_BOOLEAN)`, never fails on a
/// scalar.
fn boolean(value: &Value, at: At<'_>, declared: &str) -> Result<Patch<bool>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", declared),
        }),
        scalar => Ok(Patch::Value(php::to_bool(scalar))),
    }
}

/// `processSimpleAndAnyType` for `integer`, the type an extension attribute declared as
/// `type="integer"` has: `TypeProcessor::setType` checks `is_numeric` only for `int` and
/// `float`, so any scalar is `settype`d (`"abc"` is 0, `"12abc"` 12, `true` 1).
fn integer(value: &Value, at: At<'_>) -> Result<Patch<i64>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", "integer"),
        }),
        Value::Bool(flag) => Ok(Patch::Value(i64::from(*flag))),
        Value::String(text) => Ok(Patch::Value(php::int_cast(text))),
        number => Ok(Patch::Value(php::to_int(number).unwrap_or(0))),
    }
}

/// `ServiceInputProcessor::_removeSoapItemNode`, applied by `convertValue` to a value of an array
/// type (`AddressInterface[]`, `string[]`) that has a non-null `item` member: a list in `item`
/// is the value, anything else in `item` becomes its only element.
fn without_soap_item(value: &Value) -> Cow<'_, Value> {
    let item = match value {
        Value::Object(map) => map.get("item").filter(|item| !item.is_null()),
        _ => None,
    };
    match item {
        None => Cow::Borrowed(value),
        Some(list) if is_php_list(list) => Cow::Owned(list.clone()),
        Some(other) => Cow::Owned(Value::Array(vec![other.clone()])),
    }
}

/// `array_keys($value) === range(0, count($value) - 1)`: a non-empty array keyed `0..n` in order
/// (an empty one fails, as `range(0, -1)` is `[0, -1]`); object keys count as PHP turns decimal
/// integer strings into integer keys.
fn is_php_list(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => {
            !map.is_empty()
                && map
                    .keys()
                    .enumerate()
                    .all(|(index, key)| *key == index.to_string())
        }
        _ => false,
    }
}

/// `convertValue` for `string[]`: [`without_soap_item`], then `processSimpleAndAnyType`: a scalar
/// fails with its `gettype`; elements are `settype`d to string.
fn string_list(value: &Value, at: At<'_>) -> Result<Patch<Vec<String>>, Failure> {
    let value = without_soap_item(value);
    let value = value.as_ref();
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => {
            let mut lines = Vec::new();
            for (_, item) in entries(value) {
                match php::to_string(item) {
                    Some(line) => lines.push(line),
                    // "Array to string conversion" warning → exception → 500.
                    None => {
                        return Err(Failure::Internal { path: at.path() });
                    }
                }
            }
            Ok(Patch::Value(lines))
        }
        scalar => Err(Failure::Type {
            path: at.path(),
            message: type_message(php::gettype(scalar), "string[]"),
        }),
    }
}

/// How far PCRE lets the lazy `(.*?)` of the `<script>` pattern step: `preg_match` runs with
/// `pcre.backtrack_limit` = 1 000 000 (php.ini default, JIT on), and each byte stepped over from
/// the opening tag's `>` costs one. Past 999 998 bytes before `</script>` it fails with
/// `PREG_BACKTRACK_LIMIT_ERROR`, which `validateParamsValue` reads as "no match" (measured with
/// PHP 8.2 `preg_match`).
const SCRIPT_CONTENT_LIMIT: usize = 999_998;

/// `ServiceInputProcessor::validateParamsValue`: `preg_match('/<script\b[^>]*>(.*?)<\/script>/is')`
/// in one pass. The first `<script` followed by a non-word byte (or the end) decides: a later
/// opening tag's `[^>]*>` ends at the same `>` or after it, so it can only find fewer
/// `</script>` behind it. The pattern matches iff a `</script>` (ASCII case-insensitive) starts
/// after that `>`; PCRE reaches the first one iff at most [`SCRIPT_CONTENT_LIMIT`] bytes lie
/// between, and otherwise gives up in that first attempt, before any later opening tag.
fn contains_script(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(name_end) = tag_starts(bytes, 0).find_map(|at| script_tag_name_end(bytes, at)) else {
        return false;
    };
    // `\b[^>]*>`: the first `>` from the byte after the name.
    let Some(content_start) = bytes
        .get(name_end..)
        .and_then(|rest| rest.iter().position(|byte| *byte == b'>'))
        .map(|offset| name_end + offset + 1)
    else {
        return false;
    };
    tag_starts(bytes, content_start)
        .find(|at| {
            bytes
                .get(*at..*at + CLOSING_TAG.len())
                .is_some_and(|tag| tag.eq_ignore_ascii_case(CLOSING_TAG))
        })
        .is_some_and(|closing| closing - content_start <= SCRIPT_CONTENT_LIMIT)
}

const CLOSING_TAG: &[u8] = b"</script>";

/// The positions of `<` from `from` on.
fn tag_starts(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = bytes.get(from..).unwrap_or_default();
    rest.iter()
        .enumerate()
        .filter(|(_, byte)| **byte == b'<')
        .map(move |(offset, _)| from + offset)
}

/// Where the name ends when `<script\b` (ASCII case-insensitive, a PCRE word boundary without
/// `/u`: the next byte is not `[A-Za-z0-9_]`) starts at `at`.
fn script_tag_name_end(bytes: &[u8], at: usize) -> Option<usize> {
    let end = at + "<script".len();
    let tag = bytes.get(at..end)?;
    let boundary = bytes
        .get(end)
        .is_none_or(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'_'));
    (tag.eq_ignore_ascii_case(b"<script") && boundary).then_some(end)
}

fn not_supported(path: &str, camel: String) -> Failure {
    Failure::NotSupported {
        path: path.to_string(),
        camel,
    }
}

fn read_customer(webapi: Webapi, value: &Value, path: &str) -> Result<CustomerRequest, Failure> {
    let mut customer = CustomerRequest::default();
    for (key, value) in setter_entries(webapi, value, CUSTOMER_CONSTRUCTOR, path)? {
        let camel = php::upper_camel(&key);
        let result = read_customer_field(webapi, &mut customer, &camel, &key, value, path);
        result.map_err(|failure| failure.wrap(&key))?;
    }
    Ok(customer)
}

fn read_customer_field(
    webapi: Webapi,
    customer: &mut CustomerRequest,
    camel: &str,
    key: &str,
    value: &Value,
    path: &str,
) -> Result<(), Failure> {
    // Getters of `Customer/Api/Data/CustomerInterface` (+ `getCustomAttributes`), matched with
    // their exact case (`Framework/Reflection/NameFinder::hasMethod`).
    let field = |name| At(path, name);
    match camel {
        "Id" => customer.id = int(value, field("id"))?,
        "GroupId" => customer.group_id = int(value, field("group_id"))?,
        "DefaultBilling" => {
            customer.default_billing = string(webapi, value, key, field("default_billing"))?
        }
        "DefaultShipping" => {
            customer.default_shipping = string(webapi, value, key, field("default_shipping"))?
        }
        "Confirmation" => {
            customer.confirmation = string(webapi, value, key, field("confirmation"))?
        }
        "CreatedAt" => customer.created_at = string(webapi, value, key, field("created_at"))?,
        "UpdatedAt" => customer.updated_at = string(webapi, value, key, field("updated_at"))?,
        "CreatedIn" => customer.created_in = string(webapi, value, key, field("created_in"))?,
        "Dob" => customer.dob = string(webapi, value, key, field("dob"))?,
        "Email" => customer.email = string(webapi, value, key, field("email"))?,
        "Firstname" => customer.firstname = string(webapi, value, key, field("firstname"))?,
        "Lastname" => customer.lastname = string(webapi, value, key, field("lastname"))?,
        "Middlename" => customer.middlename = string(webapi, value, key, field("middlename"))?,
        "Prefix" => customer.prefix = string(webapi, value, key, field("prefix"))?,
        "Suffix" => customer.suffix = string(webapi, value, key, field("suffix"))?,
        "Gender" => customer.gender = int(value, field("gender"))?,
        "StoreId" => customer.store_id = int(value, field("store_id"))?,
        "Taxvat" => customer.taxvat = string(webapi, value, key, field("taxvat"))?,
        "WebsiteId" => customer.website_id = int(value, field("website_id"))?,
        "DisableAutoGroupChange" => {
            customer.disable_auto_group_change = int(value, field("disable_auto_group_change"))?
        }
        "Addresses" => {
            customer.addresses = read_addresses(webapi, value, &field("addresses").path())?
        }
        "ExtensionAttributes" => {
            customer.extension_attributes = Patch::Value(read_customer_extension(
                webapi,
                value,
                &field("extension_attributes").path(),
            )?)
        }
        "CustomAttributes" => {
            customer.custom_attributes =
                read_custom_attributes(value, &field("custom_attributes").path())?
        }
        "CustomAttribute" => return Err(read_custom_attribute(webapi, value, path)),
        _ => return Err(not_supported(&field(key).path(), camel.to_string())),
    }
    Ok(())
}

/// `convertValue` for `AddressInterface[]`: [`without_soap_item`], then `processComplexTypes`: a
/// non-array gives `null`; each element goes through `_createFromArray` (a non-array element is
/// an empty address).
fn read_addresses(
    webapi: Webapi,
    value: &Value,
    path: &str,
) -> Result<Patch<Vec<AddressRequest>>, Failure> {
    let value = without_soap_item(value);
    let value = value.as_ref();
    match value {
        Value::Array(_) | Value::Object(_) => {
            let mut addresses = Vec::new();
            for (index, (_, item)) in entries(value).into_iter().enumerate() {
                addresses.push(read_address(webapi, item, &format!("{path}[{index}]"))?);
            }
            Ok(Patch::Value(addresses))
        }
        _ => Ok(Patch::Null),
    }
}

fn read_address(webapi: Webapi, value: &Value, path: &str) -> Result<AddressRequest, Failure> {
    let mut address = AddressRequest::default();
    for (key, value) in setter_entries(webapi, value, CUSTOMER_CONSTRUCTOR, path)? {
        let camel = php::upper_camel(&key);
        read_address_field(webapi, &mut address, &camel, &key, value, path)
            .map_err(|failure| failure.wrap(&key))?;
    }
    Ok(address)
}

fn read_address_field(
    webapi: Webapi,
    address: &mut AddressRequest,
    camel: &str,
    key: &str,
    value: &Value,
    path: &str,
) -> Result<(), Failure> {
    // Getters of `Customer/Api/Data/AddressInterface`; `isDefaultBilling`/`isDefaultShipping`
    // answer `DefaultBilling`/`DefaultShipping` through the `is` prefix.
    let field = |name| At(path, name);
    match camel {
        "Id" => address.id = int(value, field("id"))?,
        "CustomerId" => address.customer_id = int(value, field("customer_id"))?,
        "Region" => {
            address.region = Patch::Value(read_region(webapi, value, &field("region").path())?)
        }
        "RegionId" => address.region_id = int(value, field("region_id"))?,
        "CountryId" => address.country_id = string(webapi, value, key, field("country_id"))?,
        "Street" => address.street = string_list(value, field("street"))?,
        "Company" => address.company = string(webapi, value, key, field("company"))?,
        "Telephone" => address.telephone = string(webapi, value, key, field("telephone"))?,
        "Fax" => address.fax = string(webapi, value, key, field("fax"))?,
        "Postcode" => address.postcode = string(webapi, value, key, field("postcode"))?,
        "City" => address.city = string(webapi, value, key, field("city"))?,
        "Firstname" => address.firstname = string(webapi, value, key, field("firstname"))?,
        "Lastname" => address.lastname = string(webapi, value, key, field("lastname"))?,
        "Middlename" => address.middlename = string(webapi, value, key, field("middlename"))?,
        "Prefix" => address.prefix = string(webapi, value, key, field("prefix"))?,
        "Suffix" => address.suffix = string(webapi, value, key, field("suffix"))?,
        "VatId" => address.vat_id = string(webapi, value, key, field("vat_id"))?,
        "DefaultShipping" => {
            address.default_shipping = boolean(value, field("default_shipping"), "bool")?
        }
        "DefaultBilling" => {
            address.default_billing = boolean(value, field("default_billing"), "bool")?
        }
        // The address extension interface is empty in Open Source: any key is unsupported.
        "ExtensionAttributes" => {
            read_empty_extension(webapi, value, &field("extension_attributes").path())?
        }
        "CustomAttributes" => {
            address.custom_attributes =
                read_custom_attributes(value, &field("custom_attributes").path())?
        }
        "CustomAttribute" => return Err(read_custom_attribute(webapi, value, path)),
        _ => return Err(not_supported(&field(key).path(), camel.to_string())),
    }
    Ok(())
}

/// `RegionInterface`: a scalar (or `null`) where the object is expected is an empty object.
fn read_region(webapi: Webapi, value: &Value, path: &str) -> Result<RegionRequest, Failure> {
    let mut region = RegionRequest::default();
    for (key, value) in setter_entries(webapi, value, REGION_CONSTRUCTOR, path)? {
        let camel = php::upper_camel(&key);
        let field = |name| At(path, name);
        let result = match camel.as_str() {
            "RegionCode" => string(webapi, value, &key, field("region_code")).map(|v| {
                region.region_code = v;
            }),
            "Region" => string(webapi, value, &key, field("region")).map(|v| {
                region.region = v;
            }),
            "RegionId" => int(value, field("region_id")).map(|v| {
                region.region_id = v;
            }),
            "ExtensionAttributes" => {
                read_empty_extension(webapi, value, &field("extension_attributes").path())
            }
            _ => Err(not_supported(&child(path, &key), camel.clone())),
        };
        result.map_err(|failure| failure.wrap(&key))?;
    }
    Ok(region)
}

fn read_empty_extension(webapi: Webapi, value: &Value, path: &str) -> Result<(), Failure> {
    match setter_entries(webapi, value, SIMPLE_CONSTRUCTOR, path)?
        .into_iter()
        .next()
    {
        Some((key, _)) => Err(not_supported(&child(path, &key), php::upper_camel(&key))),
        None => Ok(()),
    }
}

/// The generated `CustomerExtension` of Open Source 2.4.8-p1 (reference §2.5).
fn read_customer_extension(
    webapi: Webapi,
    value: &Value,
    path: &str,
) -> Result<CustomerExtension, Failure> {
    let mut extension = CustomerExtension::default();
    for (key, value) in setter_entries(webapi, value, SIMPLE_CONSTRUCTOR, path)? {
        let camel = php::upper_camel(&key);
        let result = match camel.as_str() {
            // `Newsletter/etc/extension_attributes.xml`: `type="boolean"`.
            "IsSubscribed" => boolean(value, At(path, "is_subscribed"), "boolean").map(|v| {
                extension.is_subscribed = v;
            }),
            // `LoginAsCustomerAssistance/etc/extension_attributes.xml`: `type="integer"`.
            "AssistanceAllowed" => integer(value, At(path, "assistance_allowed")).map(|v| {
                extension.assistance_allowed = v;
            }),
            _ => Err(not_supported(&child(path, &key), camel.clone())),
        };
        result.map_err(|failure| failure.wrap(&key))?;
    }
    Ok(extension)
}

/// `convertCustomAttributeValue`: a list of `{attribute_code|attributeCode, value}` or a map
/// `{code: value}`. Deliberate simplification: every code is read as `mixed` (Open Source has no
/// customer or address custom attribute at install, so every code is dropped later); `null` or a
/// scalar in place of the list is a PHP warning (`foreach`) and so a 500.
fn read_custom_attributes(
    value: &Value,
    path: &str,
) -> Result<Patch<Vec<CustomAttribute>>, Failure> {
    if !matches!(value, Value::Array(_) | Value::Object(_)) {
        return Err(Failure::Internal {
            path: path.to_string(),
        });
    }
    let mut attributes: Vec<CustomAttribute> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (key, entry) in entries(value) {
        let (code, attribute_value) = match entry {
            Value::Object(map) => {
                let code = map
                    .get("attribute_code")
                    .filter(|v| !v.is_null())
                    .or_else(|| map.get("attributeCode").filter(|v| !v.is_null()));
                let code = code.filter(|code| php_truthy(code));
                match (code, map.get("value")) {
                    (None, value) if value.is_none_or(Value::is_null) => {
                        return Err(custom_attribute_error(
                            path,
                            Text::phrase(EMPTY_CUSTOM_ATTRIBUTE),
                        ));
                    }
                    (None, _) => {
                        return Err(custom_attribute_error(
                            path,
                            Text::phrase(MISSING_ATTRIBUTE_CODE),
                        ));
                    }
                    // An array as the code: PHP warns when the message joins it to a string,
                    // and refuses it as the key of `$result` (`TypeError`): a 500 either way.
                    (Some(Value::Array(_) | Value::Object(_)), _) => {
                        return Err(Failure::Internal {
                            path: path.to_string(),
                        });
                    }
                    (Some(code), None) => {
                        let code = php::to_string(code).unwrap_or_default();
                        return Err(custom_attribute_error(
                            path,
                            Text::phrase(&format!(
                                "The \"{code}\" attribute code doesn't have a value set. Enter the value and try again."
                            )),
                        ));
                    }
                    (Some(code), Some(value)) => {
                        (php::to_string(code).unwrap_or_default(), value.clone())
                    }
                }
            }
            Value::Array(_) => {
                return Err(custom_attribute_error(
                    path,
                    Text::phrase(EMPTY_CUSTOM_ATTRIBUTE),
                ));
            }
            // `[attribute_code => $key, value => $entry]`: the key is the code, and the key `0`
            // (a list's first index, or `"0"`, which PHP turns into it) or `""` is no code.
            scalar if key.is_empty() || key == "0" => {
                return Err(custom_attribute_error(
                    path,
                    Text::phrase(if scalar.is_null() {
                        EMPTY_CUSTOM_ATTRIBUTE
                    } else {
                        MISSING_ATTRIBUTE_CODE
                    }),
                ));
            }
            scalar => (key.into_owned(), scalar.clone()),
        };
        // `$result[$code] = …`: a repeated code replaces the earlier one in place.
        match positions.get(&code) {
            Some(&position) => {
                if let Some(existing) = attributes.get_mut(position) {
                    existing.value = attribute_value;
                }
            }
            None => {
                positions.insert(code.clone(), attributes.len());
                attributes.push(CustomAttribute {
                    attribute_code: code,
                    value: attribute_value,
                });
            }
        }
    }
    Ok(Patch::Value(attributes))
}

const EMPTY_CUSTOM_ATTRIBUTE: &str =
    "An empty custom attribute is specified. Enter the attribute and try again.";
const MISSING_ATTRIBUTE_CODE: &str =
    "A custom attribute is specified with a missing attribute code. Verify the code and try again.";

/// A `custom_attribute` member: `getCustomAttribute($attributeCode)` is a getter of
/// `Framework/Api/CustomAttributesDataInterface`, so the value is built as its return type
/// `AttributeInterface` (`attribute_code` a string, `value` mixed, both checked for `<script>`),
/// then given to `setCustomAttribute($attributeCode, $attributeValue)` alone: PHP's
/// `ArgumentCountError` (a `text/plain` 500), unless building the value failed first.
fn read_custom_attribute(webapi: Webapi, value: &Value, path: &str) -> Failure {
    let path = child(path, "custom_attribute");
    let entries = match setter_entries(webapi, value, SIMPLE_CONSTRUCTOR, &path) {
        Ok(entries) => entries,
        Err(failure) => return failure,
    };
    for (key, member) in entries {
        let camel = php::upper_camel(&key);
        let at = At(&path, &key);
        let result = match camel.as_str() {
            "AttributeCode" => {
                string(webapi, member, &key, At(&path, "attribute_code")).map(|_| ())
            }
            "Value" => match member {
                Value::String(text) if webapi.script_check && contains_script(text) => {
                    Err(Failure::Script {
                        path: at.path(),
                        key: key.to_string(),
                    })
                }
                _ => Ok(()),
            },
            _ => Err(not_supported(&at.path(), camel.clone())),
        };
        if let Err(failure) = result {
            return failure.wrap(&key);
        }
    }
    Failure::Crash { path }
}

fn custom_attribute_error(path: &str, message: Text) -> Failure {
    Failure::Type {
        path: path.to_string(),
        message,
    }
}

/// PHP truthiness of a scalar (`!$code`).
fn php_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !php::empty_string(s),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::Strategy;

    use super::*;

    /// The webapi layer of the default profile.
    fn webapi() -> Webapi {
        super::super::Profile::default().rules().webapi
    }

    fn read(body: Value) -> Result<SaveRequest, ShopError> {
        read_in(webapi(), body)
    }

    fn read_in(webapi: Webapi, body: Value) -> Result<SaveRequest, ShopError> {
        let params = filter_input(body_params(&body));
        read_save_request(webapi, &params).map_err(|rejection| rejection.error)
    }

    fn message(body: Value) -> Value {
        match read(body) {
            Ok(_) => Value::Null,
            Err(error) => error.response(None).body,
        }
    }

    #[test]
    fn snake_and_matching_camel_keys_are_accepted() {
        let request =
            read(json!({"customer": {"firstname": "A", "groupId": "2", "Lastname": "B"}})).unwrap();
        assert_eq!(request.customer.firstname, Patch::Value(String::from("A")));
        assert_eq!(request.customer.group_id, Patch::Value(2));
        assert_eq!(request.customer.lastname, Patch::Value(String::from("B")));
    }

    #[test]
    fn a_key_without_getter_is_not_supported_in_upper_camel() {
        assert_eq!(
            message(json!({"customer": {"firstName": "A", "password": "x"}})),
            json!({"message":"\"%fieldName\" is not supported. Correct the field name and try again.","parameters":{"fieldName":"FirstName"}})
        );
        assert_eq!(
            message(json!({"customer": {"addresses": [{"street_1": "x"}]}})),
            json!({"message":"\"%fieldName\" is not supported. Correct the field name and try again.","parameters":{"fieldName":"Street1"}})
        );
    }

    #[test]
    fn duplicate_keys_after_normalisation_keep_the_first() {
        let request = read(json!({"customer": {"group_id": 1, "groupId": "x"}})).unwrap();
        assert_eq!(request.customer.group_id, Patch::Value(1));
    }

    #[test]
    fn type_errors_name_every_level() {
        assert_eq!(
            message(json!({"customer": {"group_id": "abc"}})),
            json!({"message":"Error occurred during \"group_id\" processing. The \"abc\" value's type is invalid. The \"int\" type was expected. Verify and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"gender": "male"}})),
            json!({"message":"Error occurred during \"gender\" processing. The \"male\" value's type is invalid. The \"int\" type was expected. Verify and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"addresses": [{"street": "Main St"}]}})),
            json!({"message":"Error occurred during \"addresses\" processing. Error occurred during \"street\" processing. The \"string\" value's type is invalid. The \"string[]\" type was expected. Verify and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"firstname": ["x"]}})),
            json!({"message":"Error occurred during \"firstname\" processing. The \"array\" value's type is invalid. The \"string\" type was expected. Verify and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"id": true}})),
            json!({"message":"Error occurred during \"id\" processing. The \"1\" value's type is invalid. The \"int\" type was expected. Verify and try again."})
        );
    }

    #[test]
    fn coercions_follow_php() {
        let request = read(json!({"customer": {"group_id": "12.7", "store_id": "1e3", "firstname": 12,
            "addresses": [{"default_billing": "yes", "default_shipping": "no", "street": [1, true, null]}]}}))
        .unwrap();
        assert_eq!(request.customer.group_id, Patch::Value(12));
        assert_eq!(request.customer.store_id, Patch::Value(1000));
        assert_eq!(request.customer.firstname, Patch::Value(String::from("12")));
        let address = &request.customer.addresses.value().unwrap()[0];
        assert_eq!(address.default_billing, Patch::Value(true));
        assert_eq!(address.default_shipping, Patch::Value(false));
        assert_eq!(
            address.street,
            Patch::Value(vec![String::from("1"), String::from("1"), String::new()])
        );
    }

    #[test]
    fn scalars_where_objects_are_expected_are_empty_objects() {
        let request = read(json!({"customer": "x"})).unwrap();
        assert_eq!(request.customer, CustomerRequest::default());
        let request = read(json!({"customer": {"addresses": [{"region": "Texas"}]}})).unwrap();
        assert_eq!(
            request.customer.addresses.value().unwrap()[0].region,
            Patch::Value(RegionRequest::default())
        );
    }

    /// The pattern read literally: every start, every `</script>` after the opening tag's `>`.
    /// Quadratic; kept here only to check the one-pass reading.
    fn script_by_definition(text: &str) -> bool {
        let bytes = text.as_bytes();
        let is_word = |byte: &u8| byte.is_ascii_alphanumeric() || *byte == b'_';
        (0..bytes.len()).any(|open| {
            let name_end = open + 7;
            let opening = bytes
                .get(open..name_end)
                .is_some_and(|tag| tag.eq_ignore_ascii_case(b"<script"))
                && !bytes.get(name_end).is_some_and(is_word);
            let content_start = (name_end..bytes.len())
                .find(|at| bytes.get(*at) == Some(&b'>'))
                .map(|at| at + 1);
            opening
                && content_start.is_some_and(|start| {
                    (start..bytes.len()).any(|at| {
                        bytes
                            .get(at..at + 9)
                            .is_some_and(|tag| tag.eq_ignore_ascii_case(b"</script>"))
                    })
                })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn the_one_pass_script_check_agrees_with_the_pattern(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<script", "<SCRIPT", "<ScRiPt", "<scripts", "<script_", "<script9", "<script-",
                "</script>", "</SCRIPT>", "</script", "</scrip", "script>", ">", "<", "/", "a",
                " ", "\n", "é", "t>",
            ]), 0..24)
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(contains_script(&text), script_by_definition(&text));
        }
    }

    #[test]
    fn script_check_answers_as_php_preg_match() {
        // `preg_match('/<script\b[^>]*>(.*?)<\/script>/is', …)` in PHP 8.2 (pcre.jit=1,
        // pcre.backtrack_limit=1000000): truthy (match) or not (no match, or limit error).
        let a = |n: usize| "a".repeat(n);
        let cases: Vec<(String, bool)> = vec![
            (String::from("<script>x</script>"), true),
            (String::from("a<SCRIPT type=x>b</sCrIpT>"), true),
            (String::from("<script\n>x</script>"), true),
            (String::from("<scripté>x</script>"), true),
            (String::from("<scripts>x</script>"), false),
            (String::from("<script_>x</script>"), false),
            (String::from("<script>never closed"), false),
            (String::from("<script </script>"), false),
            (String::from("<scripts><script>x</script>"), true),
            (format!("<script>{}</script>", a(999_998)), true),
            (format!("<script>{}</script>", a(999_999)), false),
            (format!("<script>{}</script>", "é".repeat(499_999)), true),
            (format!("<script>{}</script>", "é".repeat(500_000)), false),
            (
                format!("<script>{}aa</script>", "</scri".repeat(166_666)),
                true,
            ),
            (
                format!("<script>{}aaa</script>", "</scri".repeat(166_666)),
                false,
            ),
            (
                format!(
                    "<script x=\"{}\">{}</script>",
                    a(3_000_000),
                    "b".repeat(999_998)
                ),
                true,
            ),
            (
                format!(
                    "{}<script>{}</script>",
                    "<scripts".repeat(500_000),
                    a(999_998)
                ),
                true,
            ),
            // The first opening tag decides, although the second is close to its end tag.
            (
                format!("<script>{}<script>{}</script>", a(10), a(999_990)),
                false,
            ),
            (
                format!("<script>{}<script>{}</script>", a(10), a(999_970)),
                true,
            ),
            (format!("{}</script>", "<script><".repeat(111_111)), true),
            (format!("{}</script>", "<script><".repeat(111_112)), false),
        ];
        for (text, expected) in cases {
            assert_eq!(contains_script(&text), expected, "{:?}", text.get(..40));
        }
    }

    #[test]
    fn script_tags_are_rejected_with_the_key_as_sent() {
        assert_eq!(
            message(json!({"customer": {"Firstname": "<script>alert(1)</script>"}})),
            json!({"message":"\"%field_name\" does not contains valid value.","parameters":{"field_name":"Firstname"}})
        );
        assert!(contains_script("a<SCRIPT type=x>b</script>"));
        assert!(!contains_script("<scripts>x</script>"));
        assert!(!contains_script("<script>never closed"));
    }

    #[test]
    fn the_soap_item_node_is_removed_as_php_removes_it() {
        let read_street = |value: Value| string_list(&value, At("customer.addresses[0]", "street"));
        let street = |value: Value| read_street(value).ok();
        let lines =
            |lines: &[&str]| Some(Patch::Value(lines.iter().map(|l| l.to_string()).collect()));
        assert_eq!(street(json!({"item": "Main St"})), lines(&["Main St"]));
        assert_eq!(street(json!({"item": ["a", "b"]})), lines(&["a", "b"]));
        // Keys "0", "1" are PHP's integer keys of a list.
        assert_eq!(
            street(json!({"item": {"0": "a", "1": "b"}})),
            lines(&["a", "b"])
        );
        assert_eq!(street(json!({"item": 0})), lines(&["0"]));
        // Not a list (an empty array fails `range(0, -1)`, "0", "2" skip 1): wrapped, so the one
        // line is an array: PHP's "Array to string conversion" warning, a 500.
        for value in [json!({"item": []}), json!({"item": {"0": "a", "2": "b"}})] {
            assert!(matches!(read_street(value), Err(Failure::Internal { .. })));
        }
        // `isset` is false for null: the object's values are the lines.
        assert_eq!(street(json!({"item": null, "x": "a"})), lines(&["", "a"]));
        let request = read(json!({"customer": {"addresses": {"item": []}}})).unwrap();
        assert_eq!(
            request.customer.addresses,
            Patch::Value(vec![AddressRequest::default()])
        );
    }

    #[test]
    fn extension_attributes_take_their_declared_types() {
        let extension = |value: Value| {
            read(json!({"customer": {"extension_attributes": value}}))
                .map(|request| request.customer.extension_attributes)
        };
        let allowed = |allowed| {
            Ok(Patch::Value(CustomerExtension {
                assistance_allowed: Patch::Value(allowed),
                ..CustomerExtension::default()
            }))
        };
        assert_eq!(extension(json!({"assistance_allowed": "abc"})), allowed(0));
        assert_eq!(extension(json!({"assistance_allowed": " 2x"})), allowed(2));
        assert_eq!(extension(json!({"assistance_allowed": "1e1"})), allowed(10));
        assert_eq!(extension(json!({"assistance_allowed": true})), allowed(1));
        assert_eq!(extension(json!({"assistance_allowed": 2.9})), allowed(2));
        assert_eq!(
            message(json!({"customer": {"extension_attributes": {"is_subscribed": {}}}})),
            json!({"message":"Error occurred during \"extension_attributes\" processing. Error occurred during \"is_subscribed\" processing. The \"array\" value's type is invalid. The \"boolean\" type was expected. Verify and try again."})
        );
    }

    #[test]
    fn constructor_members_are_taken_before_the_setters() {
        let not_supported =
            |name: &str| json!({"message": NOT_SUPPORTED, "parameters": {"fieldName": name}});
        // Before the CVE-2025-54236 fix (2.4.8-p1).
        let before: Webapi = "2.4.8-p1"
            .parse::<super::super::Profile>()
            .expect("a known profile")
            .rules()
            .webapi;
        let message = |body: Value| match read_in(before, body) {
            Ok(_) => Value::Null,
            Err(error) => error.response(None).body,
        };
        // Taken by the constructor and skipped.
        for member in [
            json!({"data": []}),
            json!({"extensionFactory": 1}),
            json!({"attributeValueFactory": []}),
            json!({"metadataService": "x"}),
        ] {
            let mut customer = member.as_object().unwrap().clone();
            customer.insert(String::from("firstname"), json!("A"));
            let body = json!({ "customer": customer });
            assert_eq!(message(body), Value::Null);
        }
        // Through the setters, where `getData`/`getExtensionFactory` do not exist.
        assert_eq!(
            message(json!({"customer": {"data": "x"}})),
            not_supported("Data")
        );
        assert_eq!(
            message(json!({"customer": {"data": [1]}})),
            not_supported("Data")
        );
        assert_eq!(
            message(json!({"customer": {"extensionFactory": null}})),
            not_supported("ExtensionFactory")
        );
        // Exact case only; `Data` is a setter key.
        assert_eq!(
            message(json!({"customer": {"Data": {}}})),
            not_supported("Data")
        );
        // A region has no `metadataService`; extension objects have only `data`.
        assert_eq!(
            message(json!({"customer": {"addresses": [{"region": {"metadataService": "x"}}]}})),
            not_supported("MetadataService")
        );
        assert_eq!(
            message(json!({"customer": {"extension_attributes": {"extensionFactory": "x"}}})),
            not_supported("ExtensionFactory")
        );
        assert_eq!(
            message(json!({"customer": {"addresses": [{"extension_attributes": {"data": {}}}]}})),
            Value::Null
        );
        // After the fix no member fills a constructor parameter: each reaches the setters.
        for (member, name) in [
            (json!({"data": []}), "Data"),
            (json!({"extensionFactory": 1}), "ExtensionFactory"),
            (
                json!({"attributeValueFactory": []}),
                "AttributeValueFactory",
            ),
            (json!({"metadataService": "x"}), "MetadataService"),
        ] {
            let after = match read(json!({ "customer": member })) {
                Ok(_) => Value::Null,
                Err(error) => error.response(None).body,
            };
            assert_eq!(after, not_supported(name));
        }
    }

    #[test]
    fn customer_missing_or_null_is_required() {
        let required = json!({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"customer"}});
        assert_eq!(message(json!({})), required);
        assert_eq!(message(json!({"customer": null})), required);
        assert_eq!(message(json!([1, 2])), required);
        assert_eq!(message(json!({"Customer": {}})), required);
    }

    #[test]
    fn password_hash_in_either_spelling() {
        let request = read(json!({"customer": {}, "password_hash": "h"})).unwrap();
        assert_eq!(request.password_hash, Patch::Value(String::from("h")));
        assert_eq!(
            message(json!({"customer": {}, "passwordHash": ["h"]})),
            json!({"message":"The \"array\" value's type is invalid. The \"string\" type was expected. Verify and try again."})
        );
    }

    #[test]
    fn custom_attribute_errors() {
        assert_eq!(
            message(json!({"customer": {"custom_attributes": [{"value": null}]}})),
            json!({"message":"Error occurred during \"custom_attributes\" processing. An empty custom attribute is specified. Enter the attribute and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"custom_attributes": [{"value": "x"}]}})),
            json!({"message":"Error occurred during \"custom_attributes\" processing. A custom attribute is specified with a missing attribute code. Verify the code and try again."})
        );
        assert_eq!(
            message(json!({"customer": {"custom_attributes": [{"attribute_code": "shoe"}]}})),
            json!({"message":"Error occurred during \"custom_attributes\" processing. The \"shoe\" attribute code doesn't have a value set. Enter the value and try again."})
        );
        let request = read(json!({"customer": {"custom_attributes": {"shoe": "42"}}})).unwrap();
        assert_eq!(
            request.customer.custom_attributes.value().unwrap()[0].attribute_code,
            "shoe"
        );
    }

    fn reading_time(body: &Value) -> std::time::Duration {
        let started = std::time::Instant::now();
        let params = input_params(webapi(), body, []);
        let _ = std::hint::black_box(read_save_request(webapi(), &params));
        started.elapsed()
    }

    /// A pass over the same bytes known to be linear: writing the body as JSON text.
    fn writing_time(body: &Value) -> std::time::Duration {
        let started = std::time::Instant::now();
        let _ = std::hint::black_box(serde_json::to_string(body));
        started.elapsed()
    }

    /// Reading 16 times the input may take at most 4 times the growth of writing the same body as
    /// JSON text: linear work grows like the writing (16 times, more where the large input
    /// leaves the CPU caches or meets a busy machine, which slows the writing alike), quadratic
    /// work 16 times faster still. Each of the four is timed in turns, five times, and the best
    /// time counts; a growth above the bound is measured again, up to three times, as a burst of
    /// load can still hit one timing only, while quadratic work exceeds it every time. Holds in
    /// debug builds on a busy two-core machine.
    fn assert_linear(what: &str, make: &dyn Fn(usize) -> Value) {
        let (small_body, large_body) = (make(64 * 1024), make(1024 * 1024));
        let mut measured = Vec::new();
        for _ in 0..3 {
            let mut best = [std::time::Duration::MAX; 4];
            for _ in 0..5 {
                best[0] = best[0].min(reading_time(&small_body));
                best[1] = best[1].min(reading_time(&large_body));
                best[2] = best[2].min(writing_time(&small_body));
                best[3] = best[3].min(writing_time(&large_body));
            }
            let [small, large, small_text, large_text] =
                best.map(|time| time.max(std::time::Duration::from_micros(20)).as_secs_f64());
            let growth = (large / small) / (large_text / small_text);
            if growth <= 4.0 {
                return;
            }
            measured.push(format!(
                "reading x{:.1}, writing x{:.1}",
                large / small,
                large_text / small_text
            ));
        }
        panic!("{what}: {}", measured.join("; "));
    }

    #[test]
    fn reading_is_linear_in_the_input() {
        assert_linear(
            "repeated opening tags",
            &|size| json!({"customer": {"firstname": "<script><".repeat(size / 9)}}),
        );
        assert_linear("keys filtered after normalisation", &|size| {
            let mut body = Map::new();
            body.insert(String::from("customer"), json!({}));
            for index in 0..size / 8 {
                body.insert(format!("k_{index:05}"), Value::Null);
            }
            body.insert(String::from("K00000"), Value::Null);
            Value::Object(body)
        });
        assert_linear("distinct custom attribute codes", &|size| {
            let attributes: Vec<Value> = (0..size / 40)
                .map(|index| json!({"attribute_code": format!("code_{index}"), "value": "v"}))
                .collect();
            json!({"customer": {"custom_attributes": attributes}})
        });
        assert_linear("custom attribute map", &|size| {
            let attributes: Map<String, Value> = (0..size / 16)
                .map(|index| (format!("code_{index}"), json!("v")))
                .collect();
            json!({"customer": {"custom_attributes": attributes}})
        });
    }

    /// `levels` arrays or objects nested around `innermost`, built without recursion.
    fn nested(levels: usize, innermost: Value, wrap: fn(Value) -> Value) -> Value {
        (0..levels).fold(innermost, |inner, _| wrap(inner))
    }

    fn in_list(inner: Value) -> Value {
        Value::Array(vec![inner])
    }

    fn in_object(inner: Value) -> Value {
        object("a", inner)
    }

    /// `{key: value}` without `json!`, which copies an interpolated value by recursion.
    fn object(key: &str, value: Value) -> Value {
        Value::Object(Map::from_iter([(key.to_string(), value)]))
    }

    #[test]
    fn nesting_is_read_as_php_decodes_it() {
        let decoding = json!({"message": "Decoding error."});
        // The body is level 1, `customer` 2, `custom_attributes` 3, its entry 4: 507 lists in
        // `value` reach level 511.
        let accepted = |levels| {
            let mut entry = Map::new();
            entry.insert(String::from("attribute_code"), json!("x"));
            entry.insert(String::from("value"), nested(levels, json!(1), in_list));
            let list = Value::Array(vec![Value::Object(entry)]);
            object("customer", object("custom_attributes", list))
        };
        assert_eq!(message(accepted(507)), Value::Null);
        assert_eq!(message(accepted(508)), decoding);
        let unknown = |levels| {
            object(
                "customer",
                object("foo", nested(levels, json!({}), in_object)),
            )
        };
        assert_eq!(
            message(unknown(508)),
            json!({"message":"\"%fieldName\" is not supported. Correct the field name and try again.","parameters":{"fieldName":"Foo"}})
        );
        assert_eq!(message(unknown(509)), decoding);
        let subscribed = |levels| {
            let value = nested(levels, json!([]), in_list);
            object(
                "customer",
                object("extension_attributes", object("is_subscribed", value)),
            )
        };
        assert_eq!(
            message(subscribed(300)),
            json!({"message":"Error occurred during \"extension_attributes\" processing. Error occurred during \"is_subscribed\" processing. The \"array\" value's type is invalid. The \"boolean\" type was expected. Verify and try again."})
        );
        // A list body: level 1 is the list itself.
        assert_eq!(
            message(nested(511, json!(1), in_list)),
            json!({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"customer"}})
        );
        assert_eq!(message(nested(512, json!(1), in_list)), decoding);
    }

    #[test]
    fn bodies_decode_as_php_json_decode_at_depth_512() {
        for (levels, decodes) in [(511, true), (512, false)] {
            let lists = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            let objects = format!(
                "{}{{}}{}",
                "{\"a\":".repeat(levels - 1),
                "}".repeat(levels - 1)
            );
            assert_eq!(decode_json(&lists).is_some(), decodes, "{levels} lists");
            assert_eq!(decode_json(&objects).is_some(), decodes, "{levels} objects");
        }
        assert_eq!(decode_json(&"[".repeat(1 << 20)), None);
        assert_eq!(decode_json(&"{\"a\":".repeat(1 << 20)), None);
    }

    proptest::proptest! {
        #[test]
        fn decoding_gives_the_values_serde_json_gives(
            text in proptest::string::string_regex(r#"[\[\]{}:,"\\ a-e0-9.\-+ntrufls\n\u{e9}]{0,40}"#).unwrap()
        ) {
            let expected: Option<Value> = serde_json::from_str(&text).ok();
            proptest::prop_assert_eq!(decode_json(&text), expected);
        }

        #[test]
        fn decoding_reads_written_values_back(
            value in proptest::prelude::any::<u64>().prop_map(|seed| sample_value(seed, 0))
        ) {
            for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap_or_default()] {
                proptest::prop_assert_eq!(decode_json(&text), Some(value.clone()));
            }
        }
    }

    /// A value of every JSON kind, nested a few levels, drawn from `seed`.
    fn sample_value(seed: u64, depth: u32) -> Value {
        let pick = |shift: u32, choices: u64| (seed >> shift) % choices;
        let next = seed.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(depth);
        match pick(0, if depth > 4 { 5 } else { 7 }) {
            0 => Value::Null,
            1 => json!(pick(3, 2) == 0),
            2 => json!((seed as i64) >> pick(5, 64)),
            3 => json!((seed >> 11) as f64 / 1e7),
            4 => json!(["", "a\"b", "\\", "é€😀", "\u{1}\n", "}]"][pick(7, 6) as usize]),
            5 => Value::Array(
                (0..pick(9, 4))
                    .map(|index| sample_value(next ^ index, depth + 1))
                    .collect(),
            ),
            _ => Value::Object(
                (0..pick(9, 4))
                    .map(|index| {
                        (
                            ["a", "", "é\"", "a"][(index % 4) as usize].to_string(),
                            sample_value(next ^ index, depth + 1),
                        )
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn any_nesting_a_caller_builds_is_answered_without_exhausting_the_stack() {
        let deep_list = nested(200_000, json!(1), in_list);
        let deep_customer = object(
            "customer",
            object("addresses", nested(200_000, json!({}), in_list)),
        );
        for body in [deep_list, deep_customer] {
            let params = input_params(webapi(), &body, []);
            let rejection = read_save_request(webapi(), &params)
                .map(|_| ())
                .unwrap_err();
            assert_eq!(rejection.error, ShopError::plain(400, DECODING_ERROR));
            drop(params);
            // serde_json drops a value by recursion: take it apart level by level.
            let mut pending = vec![body];
            while let Some(mut value) = pending.pop() {
                match &mut value {
                    Value::Array(items) => pending.append(items),
                    Value::Object(map) => {
                        pending.extend(std::mem::take(map).into_iter().map(|(_, v)| v))
                    }
                    _ => {}
                }
            }
        }
    }
}
