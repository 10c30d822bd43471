//! The error bodies Magento's webapi layer writes (reference §5,
//! `Framework/Webapi/ErrorProcessor::maskException`, `Framework/Webapi/Rest/Response::_renderMessages`),
//! in the store view's language when it has a [`Dictionary`] (what is translated where: the
//! dictionary module's docs).

use serde_json::{Map, Value, json};

use super::dictionary::Dictionary;
use super::render::render;
use crate::{ShopResponse, Violation};

/// A message as Magento builds it, which decides what a dictionary translates in it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Text {
    /// A `Phrase` (`__()`): its template is translated, then its placeholders are filled.
    Phrase { template: String, parameters: Value },
    /// A `SerializationException` re-thrown by an enclosing data object
    /// (`Error occurred during "%field_name" processing. %details`), `details` the message it
    /// wraps, rendered first.
    Wrapped {
        field_name: String,
        details: Box<Text>,
    },
    /// A string that is not a phrase, or a line rendered when it was built.
    Plain(String),
    /// A phrase made of another message's rendered text (`new Phrase($e->getMessage())`, as
    /// `ServiceInputProcessor::process` re-throws a `SerializationException`): looked up whole.
    Again(Box<Text>),
}

/// The template of [`Text::Wrapped`] (`Framework/Reflection/TypeProcessor` callers in
/// `Webapi/ServiceInputProcessor::_createFromArray`).
const WRAPPED: &str = "Error occurred during \"%field_name\" processing. %details";

impl Text {
    /// A phrase without parameters.
    pub(super) fn phrase(template: &str) -> Text {
        Text::Phrase {
            template: template.to_string(),
            parameters: Value::Null,
        }
    }

    /// The text as the store view renders it.
    pub(super) fn render(&self, dictionary: Option<&Dictionary>) -> String {
        match self {
            Text::Phrase {
                template,
                parameters,
            } => render(translate(dictionary, template), parameters),
            Text::Wrapped {
                field_name,
                details,
            } => render(
                translate(dictionary, WRAPPED),
                &json!({ "field_name": field_name, "details": details.render(dictionary) }),
            ),
            Text::Plain(text) => text.clone(),
            Text::Again(text) => translate(dictionary, &text.render(dictionary)).to_string(),
        }
    }

    /// The source template and parameters a program matches on.
    fn source(&self) -> (String, Value) {
        match self {
            Text::Phrase {
                template,
                parameters,
            } => (template.clone(), parameters.clone()),
            Text::Again(text) => text.source(),
            other => (other.english(), Value::Null),
        }
    }

    /// The source text a person reads without a dictionary.
    fn english(&self) -> String {
        self.render(None)
    }
}

/// The dictionary's translation of `text`, or `text` itself.
pub(super) fn translate<'a>(dictionary: Option<&'a Dictionary>, text: &'a str) -> &'a str {
    dictionary
        .and_then(|dictionary| dictionary.translation(text))
        .unwrap_or(text)
}

/// One failed check: the exception Magento throws, in the shape its error body takes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ShopError {
    /// A `WebapiException` (or a re-wrapped `SerializationException`): the message is rendered
    /// when thrown and the body has no `parameters`.
    Rendered { status: u16, message: Text },
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
    /// A `Magento\Framework\Validator\Exception` (400): the validator messages joined with
    /// `PHP_EOL`, no `parameters` (`lib/internal/Magento/Framework/Validator/Exception.php`).
    Lines(Vec<Text>),
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
            message: Text::Plain(String::from(INTERNAL_ERROR)),
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

    /// A `WebapiException` whose phrase has these parameters.
    pub(super) fn webapi(status: u16, template: &str, parameters: Value) -> ShopError {
        ShopError::Rendered {
            status,
            message: Text::Phrase {
                template: template.to_string(),
                parameters,
            },
        }
    }

    /// The HTTP answer of a store view with this dictionary (`None`: the source texts).
    pub(super) fn response(&self, dictionary: Option<&Dictionary>) -> ShopResponse {
        let translate = |text: &str| translate(dictionary, text).to_string();
        match self {
            // Production mode replaces it with a text carrying a random report id, which no
            // dictionary holds.
            ShopError::Rendered {
                status: 500,
                message,
            } => ShopResponse {
                status: 500,
                body: json!({ "message": message.english() }),
            },
            // `maskException` passes a `WebapiException` through as it was rendered.
            ShopError::Rendered { status, message } => ShopResponse {
                status: *status,
                body: json!({ "message": message.render(dictionary) }),
            },
            ShopError::Localized {
                status,
                template,
                parameters,
            } => ShopResponse {
                status: *status,
                body: error_object(&translate(template), parameters),
            },
            ShopError::Aggregate(errors) => ShopResponse {
                status: 400,
                body: match errors.as_slice() {
                    [] => json!({ "message": translate(AGGREGATE_MESSAGE) }),
                    [(template, parameters)] => error_object(&translate(template), parameters),
                    // `errors[]` items carry `getRawMessage()`: never translated.
                    _ => json!({
                        "message": translate(AGGREGATE_MESSAGE),
                        "errors": errors
                            .iter()
                            .map(|(template, parameters)| error_item(template, parameters))
                            .collect::<Vec<_>>(),
                    }),
                },
            },
            ShopError::Lines(lines) => {
                let joined: Vec<String> =
                    lines.iter().map(|line| line.render(dictionary)).collect();
                ShopResponse {
                    status: 400,
                    body: json!({ "message": translate(&joined.join("\n")) }),
                }
            }
            ShopError::Crash => ShopResponse {
                status: 500,
                body: Value::String(String::from(APPLICATION_ERROR)),
            },
        }
    }
}

impl ShopError {
    /// The violation of the field at `path` when this error is the only one: its message as a
    /// person reads it in the store view's language.
    pub(super) fn violation(&self, path: &str, dictionary: Option<&Dictionary>) -> Violation {
        match self {
            ShopError::Rendered {
                status: 500,
                message,
            } => violation(path, &message.english(), Value::Null, None),
            ShopError::Rendered { message, .. } => text_violation(path, message, dictionary),
            ShopError::Localized {
                template,
                parameters,
                ..
            } => violation(path, template, parameters.clone(), dictionary),
            ShopError::Aggregate(errors) => match errors.as_slice() {
                [(template, parameters), ..] => {
                    violation(path, template, parameters.clone(), dictionary)
                }
                [] => violation(path, AGGREGATE_MESSAGE, Value::Null, dictionary),
            },
            ShopError::Lines(lines) => match lines.as_slice() {
                [line, ..] => line_violation(path, line, dictionary),
                [] => violation(path, "", Value::Null, None),
            },
            ShopError::Crash => violation(path, APPLICATION_ERROR, Value::Null, None),
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

/// A violation of a field: its message is the template translated, placeholders filled.
pub(super) fn violation(
    path: &str,
    template: &str,
    parameters: Value,
    dictionary: Option<&Dictionary>,
) -> Violation {
    Violation {
        path: path.to_string(),
        kind: None,
        message: render(translate(dictionary, template), &parameters),
        template: template.to_string(),
        parameters,
        needs_context: false,
    }
}

/// A violation whose message the shop renders when it builds it (a `WebapiException`).
pub(super) fn text_violation(
    path: &str,
    text: &Text,
    dictionary: Option<&Dictionary>,
) -> Violation {
    let (template, parameters) = text.source();
    Violation {
        path: path.to_string(),
        kind: None,
        message: text.render(dictionary),
        template,
        parameters,
        needs_context: false,
    }
}

/// A violation of one line of a `Validator\Exception`: the message as the shop shows the line
/// alone — rendered, then looked up whole.
pub(super) fn line_violation(
    path: &str,
    line: &Text,
    dictionary: Option<&Dictionary>,
) -> Violation {
    Violation {
        message: translate(dictionary, &line.render(dictionary)).to_string(),
        ..text_violation(path, line, None)
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
            error.response(None).body,
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
            error.response(None).body,
            json!({"message":"One or more input exceptions have occurred.","errors":[
                {"message":required,"parameters":{"fieldName":"firstname"}},
                {"message":required,"parameters":{"fieldName":"city"}},
                {"message":"Invalid value of \"%value\" provided for the %fieldName field.","parameters":{"fieldName":"countryId","value":"XX"}}]})
        );
    }

    #[test]
    fn validator_exceptions_join_lines_without_parameters() {
        let error = ShopError::Lines(vec![
            Text::Plain(String::from("\"First Name\" is a required value.")),
            Text::Plain(String::from("Last Name is not valid!")),
            Text::Plain(String::from(
                "The Date of Birth should not be greater than today.",
            )),
        ]);
        assert_eq!(
            error.response(None).body,
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
            error.response(None).body,
            json!({"message":"The %fieldName value is invalid. Set the correct value and try again.","parameters":{"fieldName":"default_billing"}})
        );
        assert_eq!(
            ShopError::plain(400, "Invalid date").response(None).body,
            json!({"message":"Invalid date"})
        );
    }

    #[test]
    fn only_a_rethrown_message_is_looked_up_again_whole() {
        let dictionary = Dictionary::from_packs([concat!(
            "\"Request does not match any route.\",\"Keine Route.\"\n",
            "\"Keine Route.\",\"Looked up twice\"\n",
            "\"Error occurred during \"\"%field_name\"\" processing. %details\",",
            "\"Fehler bei \"\"%field_name\"\". %details\"\n",
            "\"Fehler bei \"\"street\"\". Inner.\",\"Whole text\"\n",
        )])
        .unwrap();
        let german = Some(&dictionary);
        // A `WebapiException` thrown as such is rendered once.
        let no_route = ShopError::webapi(404, "Request does not match any route.", Value::Null);
        assert_eq!(
            no_route.response(german).body,
            json!({"message": "Keine Route."})
        );
        // A re-thrown `SerializationException`: each level, then the whole text.
        let wrapped = Text::Wrapped {
            field_name: String::from("street"),
            details: Box::new(Text::Plain(String::from("Inner."))),
        };
        let rethrown = ShopError::Rendered {
            status: 400,
            message: Text::Again(Box::new(wrapped.clone())),
        };
        assert_eq!(
            rethrown.response(german).body,
            json!({"message": "Whole text"})
        );
        assert_eq!(wrapped.render(german), "Fehler bei \"street\". Inner.");
        assert_eq!(
            rethrown.response(None).body,
            json!({"message": "Error occurred during \"street\" processing. Inner."})
        );
    }
}
