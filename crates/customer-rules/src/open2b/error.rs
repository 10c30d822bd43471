//! Open2b's application errors: the `{"status":"error","error":{…}}` envelope, its error types
//! and description templates (reference §1.3, §1.4), and how a failed check becomes both the
//! shop's error and a [`Violation`] for forms.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::{ShopResponse, Violation};

/// The `type` of an Open2b error (reference §1.4; only the types `update-customer` can answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorType {
    /// A member that the call does not know: `Field '<Field>' is unknown`.
    UnknownField,
    /// A required member is left out: `<Field> is required`.
    Missing,
    /// A value of the wrong shape: `<Field> is not syntactically correct`.
    Malformed,
    /// A value outside what the field accepts: `<Field> is not a valid value`.
    InvalidValue,
    /// A reference to something the shop does not have (a cart, a newsletter list).
    NotFound,
}

impl ErrorType {
    /// The name on the wire, e.g. `"InvalidValue"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::UnknownField => "UnknownField",
            ErrorType::Missing => "Missing",
            ErrorType::Malformed => "Malformed",
            ErrorType::InvalidValue => "InvalidValue",
            ErrorType::NotFound => "NotFound",
        }
    }
}

/// The `error` member of Open2b's error envelope: one error per call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopError {
    /// The field the error is about, named as described in the module documentation.
    pub field: String,
    /// The error type.
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// The description, its template filled in.
    pub description: String,
}

impl ShopError {
    /// The shop's answer carrying this error: HTTP 200 with
    /// `{"status":"error","error":{"field","type","description"}}` (reference §1.3).
    pub fn to_response(&self) -> ShopResponse {
        ShopResponse {
            status: 200,
            body: json!({
                "status": "error",
                "error": {
                    "field": self.field,
                    "type": self.kind.as_str(),
                    "description": self.description,
                },
            }),
        }
    }
}

/// The shop's answer when it accepts a call without returning data: HTTP 200 `{"status":"ok"}`.
pub(crate) fn ok_response() -> ShopResponse {
    ShopResponse {
        status: 200,
        body: json!({ "status": "ok" }),
    }
}

/// Generic description templates of reference §1.4, in Open2b's placeholder notation.
const UNKNOWN_FIELD: &str = "Field '<Field>' is unknown";
const MISSING: &str = "<Field> is required";
const MALFORMED: &str = "<Field> is not syntactically correct";
const INVALID_VALUE: &str = "<Field> is not a valid value";

/// The `field` of every `UnknownField` error, as Open2b's table of common errors writes it.
const UNKNOWN_FIELD_NAME: &str = "unknown";

/// The description of a request that is not a JSON object.
const REQUEST_MALFORMED: &str = "Request is not syntactically correct";

/// The name a description starts with.
///
/// Assumption 14 (reference §1.3, "description capitalised"): the one documented example answers
/// field `name` with "Name is not syntactically correct", so `<Field>` at the start of a
/// description is the field name with its first letter in upper case (`firstName` →
/// `FirstName`).
fn described(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Fills `<name>` placeholders of a template.
fn render(template: &str, parameters: &[(&str, String)]) -> String {
    parameters
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("<{name}>"), value)
        })
}

/// One failed check: the shop's error for it and the violation a form shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) error: ShopError,
    pub(crate) violation: Violation,
}

/// Where a checked value is: its path for forms and its field name for the shop's envelope.
/// A place borrows its parent, so walking a body allocates nothing until a check fails.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    parent: Option<&'a Place<'a>>,
    step: Step<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Request,
    Member(&'a str),
    Item(usize),
}

impl<'a> Place<'a> {
    /// The request body itself.
    pub(crate) fn request() -> Place<'static> {
        Place {
            parent: None,
            step: Step::Request,
        }
    }

    /// A member of the object at this place.
    pub(crate) fn member<'b>(&'b self, name: &'b str) -> Place<'b> {
        Place {
            parent: Some(self),
            step: Step::Member(name),
        }
    }

    /// An item of the array at this place.
    pub(crate) fn item(&self, index: usize) -> Place<'_> {
        Place {
            parent: Some(self),
            step: Step::Item(index),
        }
    }

    /// The path from the request body, e.g. `customer.billingAddress.firstName`.
    pub(crate) fn path(&self) -> String {
        let mut path = self.parent.map(Place::path).unwrap_or_default();
        match self.step {
            Step::Request => {}
            Step::Member(name) if path.is_empty() => path.push_str(name),
            Step::Member(name) => {
                path.push('.');
                path.push_str(name);
            }
            Step::Item(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
        path
    }

    /// The name the shop reports in `field`.
    ///
    /// Assumption 11 (reference §1.4, §8 question 2, "field is the bare name"): `field` is the
    /// member's own name, as in the documentation's error tables (`cart`, `billingAddress`), also
    /// for nested members (`firstName`, not `billingAddress.firstName`); an item of an array is
    /// reported with the array's name. The full path stays in the violation. `UnknownField` is
    /// the exception: its `field` is `unknown` (see [`Findings::unknown_field`]).
    pub(crate) fn field(&self) -> &'a str {
        match self.step {
            Step::Request => "",
            Step::Member(name) => name,
            Step::Item(_) => self.parent.map_or("", Place::field),
        }
    }
}

/// The failed checks of one call, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Findings {
    list: Vec<Finding>,
}

impl Findings {
    /// Records a failed check that the shop reports with `kind` and a filled-in template.
    pub(crate) fn add(
        &mut self,
        place: &Place<'_>,
        kind: ErrorType,
        template: &str,
        parameters: &[(&str, String)],
    ) {
        self.push(place, place.field(), kind, template, parameters, None);
    }

    /// Records a check that could not be made because the caller did not give the shop data it
    /// needs. `kind`, `template` and `parameters` are what the shop answers if the check fails;
    /// `message` says what could not be decided.
    pub(crate) fn undecided(
        &mut self,
        place: &Place<'_>,
        kind: ErrorType,
        template: &str,
        parameters: &[(&str, String)],
        message: String,
    ) {
        self.push(
            place,
            place.field(),
            kind,
            template,
            parameters,
            Some(message),
        );
    }

    /// Records a failed check at `place` that the shop reports as `field`; `undecided` holds the
    /// message of a check that needs context.
    fn push(
        &mut self,
        place: &Place<'_>,
        field: &str,
        kind: ErrorType,
        template: &str,
        parameters: &[(&str, String)],
        undecided: Option<String>,
    ) {
        let description = render(template, parameters);
        let needs_context = undecided.is_some();
        self.list.push(Finding {
            violation: Violation {
                path: place.path(),
                kind: Some(kind.as_str().to_owned()),
                template: template.to_owned(),
                parameters: parameters_object(parameters),
                message: undecided.unwrap_or_else(|| description.clone()),
                needs_context,
            },
            error: ShopError {
                field: field.to_owned(),
                kind,
                description,
            },
        });
    }

    /// Assumption 1 (reference §1.3, "malformed JSON envelope"): a body that is not JSON, or not a
    /// JSON object, is `Malformed` with field `""` and "Request is not syntactically correct".
    pub(crate) fn request_malformed(&mut self) {
        self.add(
            &Place::request(),
            ErrorType::Malformed,
            REQUEST_MALFORMED,
            &[],
        );
    }

    /// `Field '<Field>' is unknown`, with `field` `unknown`.
    ///
    /// Assumption 11 (reference §1.4, §8 question 2, "field of an unknown field"): Open2b's table
    /// of common errors gives the field of `UnknownField` as `unknown`, where each placeholder
    /// of the table is in angle brackets (`<Field>`, `<OtherField>`, `<Method>`), so `unknown`
    /// is the value itself; the member's name, as sent, is in the description.
    fn unknown_field(&mut self, place: &Place<'_>) {
        let name = place.field().to_owned();
        self.push(
            place,
            UNKNOWN_FIELD_NAME,
            ErrorType::UnknownField,
            UNKNOWN_FIELD,
            &[("Field", name)],
            None,
        );
    }

    /// `<Field> is required`.
    pub(crate) fn missing(&mut self, place: &Place<'_>) {
        let name = described(place.field());
        self.add(place, ErrorType::Missing, MISSING, &[("Field", name)]);
    }

    /// `<Field> is required`, for a check that needs context the caller did not give.
    pub(crate) fn missing_undecided(&mut self, place: &Place<'_>, message: String) {
        let name = described(place.field());
        self.undecided(
            place,
            ErrorType::Missing,
            MISSING,
            &[("Field", name)],
            message,
        );
    }

    /// `<Field> is not syntactically correct`.
    pub(crate) fn malformed(&mut self, place: &Place<'_>) {
        let name = described(place.field());
        self.add(place, ErrorType::Malformed, MALFORMED, &[("Field", name)]);
    }

    /// `<Field> is not a valid value`.
    pub(crate) fn invalid_value(&mut self, place: &Place<'_>) {
        let name = described(place.field());
        self.add(
            place,
            ErrorType::InvalidValue,
            INVALID_VALUE,
            &[("Field", name)],
        );
    }

    /// Reports every member of `object` whose name is not in `known`, in byte order of the
    /// names (JSON gives object members no order), as `UnknownField`.
    pub(crate) fn unknown_members(
        &mut self,
        object: &Map<String, Value>,
        known: &[&str],
        place: &Place<'_>,
    ) {
        let mut unknown: Vec<&String> = object
            .keys()
            .filter(|name| !known.contains(&name.as_str()))
            .collect();
        unknown.sort();
        for name in unknown {
            self.unknown_field(&place.member(name));
        }
    }

    /// True when no check has failed, decided or not.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The error the shop answers: the first failed check that could be decided.
    pub(crate) fn first_error(&self) -> Option<&ShopError> {
        self.list
            .iter()
            .find(|finding| !finding.violation.needs_context)
            .map(|finding| &finding.error)
    }

    /// The shop's answer: its first decided error, or `{"status":"ok"}`.
    pub(crate) fn response(&self) -> ShopResponse {
        self.first_error()
            .map_or_else(ok_response, ShopError::to_response)
    }

    /// Every violation, in check order.
    pub(crate) fn into_violations(self) -> Vec<Violation> {
        self.list
            .into_iter()
            .map(|finding| finding.violation)
            .collect()
    }
}

/// The parameters as a JSON object, or `null` when there are none.
fn parameters_object(parameters: &[(&str, String)]) -> Value {
    if parameters.is_empty() {
        return Value::Null;
    }
    Value::Object(
        parameters
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Value::String(value.clone())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_start_with_an_upper_case_letter() {
        assert_eq!(described("name"), "Name");
        assert_eq!(described("firstName"), "FirstName");
        assert_eq!(described(""), "");
    }

    #[test]
    fn the_envelope_has_field_type_and_description() {
        let error = ShopError {
            field: "cart".to_owned(),
            kind: ErrorType::NotFound,
            description: "Cart 'x' does not exist".to_owned(),
        };
        let response = error.to_response();
        assert_eq!(response.status, 200);
        assert_eq!(
            response.body,
            json!({"status":"error","error":{"field":"cart","type":"NotFound","description":"Cart 'x' does not exist"}})
        );
    }

    #[test]
    fn undecided_checks_do_not_decide_the_response() {
        let mut findings = Findings::default();
        let request = Place::request();
        let place = request.member("cart");
        findings.undecided(
            &place,
            ErrorType::NotFound,
            "Cart '<cart>' does not exist",
            &[("cart", "c".to_owned())],
            "unknown".to_owned(),
        );
        assert_eq!(findings.response(), ok_response());
        findings.invalid_value(&place);
        assert_eq!(
            findings.first_error().map(|error| error.kind),
            Some(ErrorType::InvalidValue)
        );
        let violations = findings.into_violations();
        assert_eq!(violations.len(), 2);
        assert!(violations[0].needs_context);
        assert_eq!(violations[1].message, "Cart is not a valid value");
    }

    #[test]
    fn places_name_paths_and_fields() {
        let request = Place::request();
        let customer = request.member("customer");
        let wish_list = customer.member("wishList");
        let place = wish_list.item(2);
        assert_eq!(place.path(), "customer.wishList[2]");
        assert_eq!(place.field(), "wishList");
        assert_eq!(Place::request().path(), "");
        assert_eq!(request.member("cart").path(), "cart");
    }

    #[test]
    fn unknown_members_answer_field_unknown_and_keep_their_path() {
        let mut findings = Findings::default();
        let request = Place::request();
        let billing = request.member("customer");
        let billing = billing.member("billingAddress");
        let members = json!({"city": "Pisa", "email": "x@example.com"});
        let Value::Object(members) = members else {
            unreachable!("an object literal")
        };
        findings.unknown_members(&members, &["city"], &billing);
        assert_eq!(
            findings.first_error(),
            Some(&ShopError {
                field: "unknown".to_owned(),
                kind: ErrorType::UnknownField,
                description: "Field 'email' is unknown".to_owned(),
            })
        );
        let violations = findings.into_violations();
        assert_eq!(violations[0].path, "customer.billingAddress.email");
        assert_eq!(violations[0].parameters, json!({"Field": "email"}));
    }
}
