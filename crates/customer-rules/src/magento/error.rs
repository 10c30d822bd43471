//! The error bodies Magento's webapi layer writes (reference §5,
//! `Framework/Webapi/ErrorProcessor::maskException`, `Framework/Webapi/Rest/Response::_renderMessages`).

use serde_json::{Map, Value, json};

use super::render::render;
use crate::{ShopResponse, Violation};

/// One failed check: the exception Magento throws, in the shape its error body takes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ShopError {
    /// A `WebapiException` (or a re-wrapped `SerializationException`): the message is already
    /// rendered and the body has no `parameters`.
    Rendered { status: u16, message: String },
    /// Any other `LocalizedException`: the raw template and its arguments (an object for named
    /// placeholders, an array for positional ones, `null` for none — then omitted).
    Localized {
        status: u16,
        template: String,
        parameters: Value,
    },
    /// An `InputException` holding errors added with `addError` (400): one error is written as
    /// that error, two or more as `One or more input exceptions have occurred.` + `errors[]`
    /// (`Framework/Exception/AbstractAggregateException`).
    Aggregate(Vec<(String, Value)>),
    /// A `Magento\Framework\Validator\Exception` (400): the rendered validator messages joined
    /// with `PHP_EOL`, no `parameters` (`lib/internal/Magento/Framework/Validator/Exception.php`).
    Lines(Vec<String>),
    /// A PHP `\Error` (`TypeError`, `ArgumentCountError`): the REST controller catches only
    /// `\Exception`, so `App/Bootstrap::terminate` answers 500 with a `text/plain` body
    /// (production mode).
    Crash,
}

/// The message of an aggregate `InputException` holding two or more errors.
pub(super) const AGGREGATE_MESSAGE: &str = "One or more input exceptions have occurred.";

impl ShopError {
    /// A `LocalizedException` with named parameters.
    pub(super) fn named(status: u16, template: &str, parameters: &[(&str, Value)]) -> ShopError {
        let mut map = Map::new();
        for (key, value) in parameters {
            map.insert((*key).to_string(), value.clone());
        }
        ShopError::Localized {
            status,
            template: template.to_string(),
            parameters: Value::Object(map),
        }
    }

    /// The 500 answer of an exception that is not a `LocalizedException` (an uncaught PHP
    /// warning), in production mode.
    pub(super) fn internal() -> ShopError {
        ShopError::Rendered {
            status: 500,
            message: String::from(INTERNAL_ERROR),
        }
    }

    /// A `LocalizedException` without parameters.
    pub(super) fn plain(status: u16, template: &str) -> ShopError {
        ShopError::Localized {
            status,
            template: template.to_string(),
            parameters: Value::Null,
        }
    }

    /// The HTTP answer.
    pub(super) fn response(&self) -> ShopResponse {
        match self {
            ShopError::Rendered { status, message } => ShopResponse {
                status: *status,
                body: json!({ "message": message }),
            },
            ShopError::Localized {
                status,
                template,
                parameters,
            } => ShopResponse {
                status: *status,
                body: error_object(template, parameters),
            },
            ShopError::Aggregate(errors) => ShopResponse {
                status: 400,
                body: match errors.as_slice() {
                    [] => json!({ "message": AGGREGATE_MESSAGE }),
                    [(template, parameters)] => error_object(template, parameters),
                    _ => json!({
                        "message": AGGREGATE_MESSAGE,
                        "errors": errors
                            .iter()
                            .map(|(template, parameters)| error_item(template, parameters))
                            .collect::<Vec<_>>(),
                    }),
                },
            },
            ShopError::Lines(lines) => ShopResponse {
                status: 400,
                body: json!({ "message": lines.join("\n") }),
            },
            ShopError::Crash => ShopResponse {
                status: 500,
                body: Value::String(String::from(APPLICATION_ERROR)),
            },
        }
    }
}

/// The `text/plain` body of `App/Bootstrap::terminate` in production mode.
pub(super) const APPLICATION_ERROR: &str =
    "An error has happened during application run. See exception log for details.\n";

/// The message of a 500 answer in production mode (`Framework/Webapi/ErrorProcessor::maskException`);
/// the shop's report id is random, this one fixed.
pub(super) const INTERNAL_ERROR: &str =
    "Internal Error. Details are available in Magento log file. Report ID: webapi-000000000000";

/// `{"message": template, "parameters": ...}`, `parameters` left out when there are none
/// (PHP's `[]` is omitted at the top level by `ErrorProcessor`/`_renderMessages`).
fn error_object(template: &str, parameters: &Value) -> Value {
    let mut body = Map::new();
    body.insert(String::from("message"), Value::String(template.to_string()));
    if !no_parameters(parameters) {
        body.insert(String::from("parameters"), parameters.clone());
    }
    Value::Object(body)
}

/// An item of `errors[]`: it always carries `parameters`, `[]` when there are none
/// (`Framework/Webapi/Rest/Response::_renderMessages` sets it unconditionally).
fn error_item(template: &str, parameters: &Value) -> Value {
    let parameters = if no_parameters(parameters) {
        Value::Array(Vec::new())
    } else {
        parameters.clone()
    };
    json!({ "message": template, "parameters": parameters })
}

/// PHP's empty parameter list.
fn no_parameters(parameters: &Value) -> bool {
    match parameters {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// A violation of a field, its message rendered from the template.
pub(super) fn violation(path: &str, template: &str, parameters: Value) -> Violation {
    Violation {
        path: path.to_string(),
        kind: None,
        message: render(template, &parameters),
        template: template.to_string(),
        parameters,
        needs_context: false,
    }
}

/// A check that could not be decided because the caller did not give the shop data it needs.
pub(super) fn needs_context(path: &str, what: &str) -> Violation {
    Violation {
        path: path.to_string(),
        kind: None,
        template: what.to_string(),
        parameters: Value::Null,
        message: what.to_string(),
        needs_context: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_aggregate_error_is_written_as_that_error() {
        let error = ShopError::Aggregate(vec![(
            String::from("\"%fieldName\" is required. Enter and try again."),
            json!({"fieldName": "telephone"}),
        )]);
        assert_eq!(
            error.response().body,
            json!({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"telephone"}})
        );
    }

    #[test]
    fn two_aggregate_errors_get_the_default_message_and_errors() {
        let required = "\"%fieldName\" is required. Enter and try again.";
        let error = ShopError::Aggregate(vec![
            (required.to_string(), json!({"fieldName": "firstname"})),
            (required.to_string(), json!({"fieldName": "city"})),
            (
                String::from("Invalid value of \"%value\" provided for the %fieldName field."),
                json!({"fieldName": "countryId", "value": "XX"}),
            ),
        ]);
        assert_eq!(
            error.response().body,
            json!({"message":"One or more input exceptions have occurred.","errors":[
                {"message":required,"parameters":{"fieldName":"firstname"}},
                {"message":required,"parameters":{"fieldName":"city"}},
                {"message":"Invalid value of \"%value\" provided for the %fieldName field.","parameters":{"fieldName":"countryId","value":"XX"}}]})
        );
    }

    #[test]
    fn validator_exceptions_join_lines_without_parameters() {
        let error = ShopError::Lines(vec![
            String::from("\"First Name\" is a required value."),
            String::from("Last Name is not valid!"),
            String::from("The Date of Birth should not be greater than today."),
        ]);
        assert_eq!(
            error.response().body,
            json!({"message":"\"First Name\" is a required value.\nLast Name is not valid!\nThe Date of Birth should not be greater than today."})
        );
    }

    #[test]
    fn localized_errors_keep_the_raw_template() {
        let error = ShopError::named(
            400,
            "The %fieldName value is invalid. Set the correct value and try again.",
            &[("fieldName", json!("default_billing"))],
        );
        assert_eq!(
            error.response().body,
            json!({"message":"The %fieldName value is invalid. Set the correct value and try again.","parameters":{"fieldName":"default_billing"}})
        );
        assert_eq!(
            ShopError::plain(400, "Invalid date").response().body,
            json!({"message":"Invalid date"})
        );
    }
}
