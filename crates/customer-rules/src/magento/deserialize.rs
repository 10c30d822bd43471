//! Reading a request body the way Magento's webapi layer does (reference §3.1,
//! `lib/internal/Magento/Framework/Webapi/ServiceInputProcessor.php`,
//! `Framework/Reflection/TypeProcessor.php`, `Webapi/Controller/Rest/InputParamsResolver.php`).

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::error::{ShopError, violation};
use super::model::{
    AddressRequest, CustomAttribute, CustomerExtension, CustomerRequest, RegionRequest, SaveRequest,
};
use super::php;
use crate::{Patch, Violation};

/// Why the webapi layer refused a body: the error the shop answers and the field it concerns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rejection {
    pub(super) error: ShopError,
    pub(super) violation: Violation,
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
    let mut out = Map::new();
    for (key, value) in params {
        if out
            .keys()
            .any(|kept: &String| same_after_filter(kept, &key))
        {
            continue;
        }
        out.insert(key, filter_value(value));
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

fn same_after_filter(left: &str, right: &str) -> bool {
    filtered_key(left).eq(filtered_key(right))
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
            let mut fingerprints: Vec<u64> = map.keys().map(|key| fingerprint(key)).collect();
            fingerprints.sort_unstable();
            fingerprints.windows(2).any(|pair| pair[0] == pair[1])
                || map.values().any(has_filtered_keys)
        }
        Value::Array(items) => items.iter().any(has_filtered_keys),
        _ => false,
    }
}

/// The input the webapi layer reads (`InputParamsResolver::getInputData`, PUT): the body's
/// top level with the query parameters merged over it, then [`filter_input`]. A body object with
/// no query parameter and no key the filter drops is read in place, without a copy.
pub(super) fn input_params(
    body: &Value,
    query: impl IntoIterator<Item = (String, Value)>,
) -> Cow<'_, Map<String, Value>> {
    let mut query = query.into_iter().peekable();
    match body {
        Value::Object(members) if query.peek().is_none() && !has_filtered_keys(body) => {
            Cow::Borrowed(members)
        }
        _ => {
            let mut params = body_params(body);
            params.extend(query);
            Cow::Owned(filter_input(params))
        }
    }
}

/// `ServiceInputProcessor::process` for `save(CustomerInterface $customer, $passwordHash = null)`.
pub(super) fn read_save_request(
    params: &Map<String, Value>,
) -> Result<SaveRequest, Box<Rejection>> {
    // `isset($inputArray['customer'])`: a missing key or `null` is "required".
    let customer = match params.get("customer") {
        Some(value) if !value.is_null() => value,
        _ => {
            return Err(Box::new(Rejection {
                error: ShopError::Aggregate(vec![(
                    String::from(REQUIRED),
                    json!({"fieldName": "customer"}),
                )]),
                violation: violation("customer", REQUIRED, json!({"fieldName": "customer"})),
            }));
        }
    };
    let customer = read_customer(customer, "customer")
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
/// The body of the 500 answer of an uncaught PHP warning; the real report id is random.
const INTERNAL: &str =
    "Internal Error. Details are available in Magento log file. Report ID: webapi-000000000000";

/// A failure inside a data object, unwound level by level.
enum Failure {
    /// No getter for the UpperCamel name: `"%fieldName" is not supported…` (an `InputException`
    /// that passes every level unchanged).
    NotSupported { path: String, camel: String },
    /// A string value matching `/<script\b[^>]*>(.*?)<\/script>/is` (an `InputException`).
    Script { path: String, key: String },
    /// A `SerializationException`; each enclosing level prefixes its property name.
    Type { path: String, message: String },
    /// A PHP warning turned into an exception (500). Deliberate simplification: the shop's
    /// report id is random, a fixed one is written here.
    Internal { path: String },
}

impl Failure {
    fn wrap(self, key: &str) -> Failure {
        match self {
            Failure::Type { path, message } => Failure::Type {
                path,
                message: format!("Error occurred during \"{key}\" processing. {message}"),
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
                violation: violation(&path, NOT_SUPPORTED, json!({ "fieldName": camel })),
            },
            Failure::Script { path, key } => Rejection {
                error: ShopError::named(400, SCRIPT, &[("field_name", json!(key))]),
                violation: violation(&path, SCRIPT, json!({ "field_name": key })),
            },
            Failure::Type { path, message } => Rejection {
                error: ShopError::Rendered {
                    status: 400,
                    message: message.clone(),
                },
                violation: violation(&path, &message, Value::Null),
            },
            Failure::Internal { path } => Rejection {
                error: ShopError::Rendered {
                    status: 500,
                    message: String::from(INTERNAL),
                },
                violation: violation(&path, INTERNAL, Value::Null),
            },
        }
    }
}

fn type_message(value: &str, expected: &str) -> String {
    format!(
        "The \"{value}\" value's type is invalid. The \"{expected}\" type was expected. Verify and try again."
    )
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
fn string(value: &Value, key: &str, at: At<'_>) -> Result<Patch<String>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", "string"),
        }),
        scalar => {
            let text = php::to_string(scalar).unwrap_or_default();
            if contains_script(&text) {
                return Err(Failure::Script {
                    path: at.path(),
                    key: key.to_string(),
                });
            }
            Ok(Patch::Value(text))
        }
    }
}

/// `processSimpleAndAnyType` for `bool`: `filter_var(FILTER_VALIDATE_BOOLEAN)`, never fails on
/// a scalar.
fn boolean(value: &Value, at: At<'_>) -> Result<Patch<bool>, Failure> {
    match value {
        Value::Null => Ok(Patch::Null),
        Value::Array(_) | Value::Object(_) => Err(Failure::Type {
            path: at.path(),
            message: type_message("array", "bool"),
        }),
        scalar => Ok(Patch::Value(php::to_bool(scalar))),
    }
}

/// `processSimpleAndAnyType` for `string[]`: a scalar fails with its `gettype`; elements are
/// `settype`d to string.
fn string_list(value: &Value, at: At<'_>) -> Result<Patch<Vec<String>>, Failure> {
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

/// `/<script\b[^>]*>(.*?)<\/script>/is`.
pub(super) fn contains_script(text: &str) -> bool {
    if !text.contains('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("<script")) {
        let start = from + found;
        let after = start + "<script".len();
        let boundary = lower
            .as_bytes()
            .get(after)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        if boundary
            && let Some(close) = lower.get(after..).and_then(|rest| rest.find('>'))
            && lower
                .get(after + close + 1..)
                .is_some_and(|rest| rest.contains("</script>"))
        {
            return true;
        }
        from = after;
    }
    false
}

fn not_supported(path: &str, camel: String) -> Failure {
    Failure::NotSupported {
        path: path.to_string(),
        camel,
    }
}

fn read_customer(value: &Value, path: &str) -> Result<CustomerRequest, Failure> {
    let mut customer = CustomerRequest::default();
    for (key, value) in entries(value) {
        let camel = php::upper_camel(&key);
        let result = read_customer_field(&mut customer, &camel, &key, value, path);
        result.map_err(|failure| failure.wrap(&key))?;
    }
    Ok(customer)
}

fn read_customer_field(
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
            customer.default_billing = string(value, key, field("default_billing"))?
        }
        "DefaultShipping" => {
            customer.default_shipping = string(value, key, field("default_shipping"))?
        }
        "Confirmation" => customer.confirmation = string(value, key, field("confirmation"))?,
        "CreatedAt" => customer.created_at = string(value, key, field("created_at"))?,
        "UpdatedAt" => customer.updated_at = string(value, key, field("updated_at"))?,
        "CreatedIn" => customer.created_in = string(value, key, field("created_in"))?,
        "Dob" => customer.dob = string(value, key, field("dob"))?,
        "Email" => customer.email = string(value, key, field("email"))?,
        "Firstname" => customer.firstname = string(value, key, field("firstname"))?,
        "Lastname" => customer.lastname = string(value, key, field("lastname"))?,
        "Middlename" => customer.middlename = string(value, key, field("middlename"))?,
        "Prefix" => customer.prefix = string(value, key, field("prefix"))?,
        "Suffix" => customer.suffix = string(value, key, field("suffix"))?,
        "Gender" => customer.gender = int(value, field("gender"))?,
        "StoreId" => customer.store_id = int(value, field("store_id"))?,
        "Taxvat" => customer.taxvat = string(value, key, field("taxvat"))?,
        "WebsiteId" => customer.website_id = int(value, field("website_id"))?,
        "DisableAutoGroupChange" => {
            customer.disable_auto_group_change = int(value, field("disable_auto_group_change"))?
        }
        "Addresses" => customer.addresses = read_addresses(value, &field("addresses").path())?,
        "ExtensionAttributes" => {
            customer.extension_attributes = Patch::Value(read_customer_extension(
                value,
                &field("extension_attributes").path(),
            )?)
        }
        "CustomAttributes" => {
            customer.custom_attributes =
                read_custom_attributes(value, &field("custom_attributes").path())?
        }
        _ => return Err(not_supported(&field(key).path(), camel.to_string())),
    }
    Ok(())
}

/// `processComplexTypes` for `AddressInterface[]`: a non-array gives `null`; each element goes
/// through `_createFromArray` (a non-array element is an empty address).
fn read_addresses(value: &Value, path: &str) -> Result<Patch<Vec<AddressRequest>>, Failure> {
    match value {
        Value::Array(_) | Value::Object(_) => {
            let mut addresses = Vec::new();
            for (index, (_, item)) in entries(value).into_iter().enumerate() {
                addresses.push(read_address(item, &format!("{path}[{index}]"))?);
            }
            Ok(Patch::Value(addresses))
        }
        _ => Ok(Patch::Null),
    }
}

fn read_address(value: &Value, path: &str) -> Result<AddressRequest, Failure> {
    let mut address = AddressRequest::default();
    for (key, value) in entries(value) {
        let camel = php::upper_camel(&key);
        read_address_field(&mut address, &camel, &key, value, path)
            .map_err(|failure| failure.wrap(&key))?;
    }
    Ok(address)
}

fn read_address_field(
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
        "Region" => address.region = Patch::Value(read_region(value, &field("region").path())?),
        "RegionId" => address.region_id = int(value, field("region_id"))?,
        "CountryId" => address.country_id = string(value, key, field("country_id"))?,
        "Street" => address.street = string_list(value, field("street"))?,
        "Company" => address.company = string(value, key, field("company"))?,
        "Telephone" => address.telephone = string(value, key, field("telephone"))?,
        "Fax" => address.fax = string(value, key, field("fax"))?,
        "Postcode" => address.postcode = string(value, key, field("postcode"))?,
        "City" => address.city = string(value, key, field("city"))?,
        "Firstname" => address.firstname = string(value, key, field("firstname"))?,
        "Lastname" => address.lastname = string(value, key, field("lastname"))?,
        "Middlename" => address.middlename = string(value, key, field("middlename"))?,
        "Prefix" => address.prefix = string(value, key, field("prefix"))?,
        "Suffix" => address.suffix = string(value, key, field("suffix"))?,
        "VatId" => address.vat_id = string(value, key, field("vat_id"))?,
        "DefaultShipping" => address.default_shipping = boolean(value, field("default_shipping"))?,
        "DefaultBilling" => address.default_billing = boolean(value, field("default_billing"))?,
        // The address extension interface is empty in Open Source: any key is unsupported.
        "ExtensionAttributes" => {
            read_empty_extension(value, &field("extension_attributes").path())?
        }
        "CustomAttributes" => {
            address.custom_attributes =
                read_custom_attributes(value, &field("custom_attributes").path())?
        }
        _ => return Err(not_supported(&field(key).path(), camel.to_string())),
    }
    Ok(())
}

/// `RegionInterface`: a scalar (or `null`) where the object is expected is an empty object.
fn read_region(value: &Value, path: &str) -> Result<RegionRequest, Failure> {
    let mut region = RegionRequest::default();
    for (key, value) in entries(value) {
        let camel = php::upper_camel(&key);
        let field = |name| At(path, name);
        let result = match camel.as_str() {
            "RegionCode" => string(value, &key, field("region_code")).map(|v| {
                region.region_code = v;
            }),
            "Region" => string(value, &key, field("region")).map(|v| {
                region.region = v;
            }),
            "RegionId" => int(value, field("region_id")).map(|v| {
                region.region_id = v;
            }),
            "ExtensionAttributes" => {
                read_empty_extension(value, &field("extension_attributes").path())
            }
            _ => Err(not_supported(&child(path, &key), camel.clone())),
        };
        result.map_err(|failure| failure.wrap(&key))?;
    }
    Ok(region)
}

fn read_empty_extension(value: &Value, path: &str) -> Result<(), Failure> {
    match entries(value).into_iter().next() {
        Some((key, _)) => Err(not_supported(&child(path, &key), php::upper_camel(&key))),
        None => Ok(()),
    }
}

/// The generated `CustomerExtension` of Open Source 2.4.8-p1 (reference §2.5).
fn read_customer_extension(value: &Value, path: &str) -> Result<CustomerExtension, Failure> {
    let mut extension = CustomerExtension::default();
    for (key, value) in entries(value) {
        let camel = php::upper_camel(&key);
        let result = match camel.as_str() {
            "IsSubscribed" => boolean(value, At(path, "is_subscribed")).map(|v| {
                extension.is_subscribed = v;
            }),
            "AssistanceAllowed" => int(value, At(path, "assistance_allowed")).map(|v| {
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
                            "An empty custom attribute is specified. Enter the attribute and try again.",
                        ));
                    }
                    (None, _) => {
                        return Err(custom_attribute_error(
                            path,
                            "A custom attribute is specified with a missing attribute code. Verify the code and try again.",
                        ));
                    }
                    (Some(code), None) => {
                        let code = php::to_string(code).unwrap_or_else(|| String::from("Array"));
                        return Err(custom_attribute_error(
                            path,
                            &format!(
                                "The \"{code}\" attribute code doesn't have a value set. Enter the value and try again."
                            ),
                        ));
                    }
                    (Some(code), Some(value)) => (
                        php::to_string(code).unwrap_or_else(|| String::from("Array")),
                        value.clone(),
                    ),
                }
            }
            Value::Array(_) => {
                return Err(custom_attribute_error(
                    path,
                    "An empty custom attribute is specified. Enter the attribute and try again.",
                ));
            }
            scalar => (key.into_owned(), scalar.clone()),
        };
        // `$result[$code] = …`: a repeated code replaces the earlier one in place.
        match attributes.iter_mut().find(|a| a.attribute_code == code) {
            Some(existing) => existing.value = attribute_value,
            None => attributes.push(CustomAttribute {
                attribute_code: code,
                value: attribute_value,
            }),
        }
    }
    Ok(Patch::Value(attributes))
}

fn custom_attribute_error(path: &str, message: &str) -> Failure {
    Failure::Type {
        path: path.to_string(),
        message: message.to_string(),
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
    use super::*;

    fn read(body: Value) -> Result<SaveRequest, ShopError> {
        let params = filter_input(body_params(&body));
        read_save_request(&params).map_err(|rejection| rejection.error)
    }

    fn message(body: Value) -> Value {
        match read(body) {
            Ok(_) => Value::Null,
            Err(error) => error.response().body,
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
}
