//! What happened to a request: never sent, maybe sent, answered with a refusal, or answered with
//! something unreadable — so a caller can fix its input, retry or give up without matching text.

use customer_rules::{Outcome, magento};
use serde_json::Value;

/// Why a call did not succeed.
///
/// `Display` is one line that says what became of the request and, for a refusal, the HTTP
/// status and the shop's message as a person reads it:
///
/// ```text
/// Magento refused the request with HTTP 400: First Name is not valid!
/// not sent: Open2b would refuse it: FirstName is not a valid value (InvalidValue, field firstName)
/// connection to the shop failed after 3 attempts: error sending request for url (…): client error (Connect): …
/// ```
///
/// `{:?}` is that same line, so `fn main() -> Result<(), customer_client::Error>` (or a boxed
/// error) ends with `Error: ` and the sentence; `{:#?}` shows the fields. The cause of
/// [`Error::Transport`] is part of the line and also its [`source`](std::error::Error::source).
#[non_exhaustive]
pub enum Error {
    /// Not sent: the rules predict the shop would refuse the request, and this is its answer.
    /// No server context was needed to know (see [`Outcome::violations`] for every problem).
    Predicted {
        /// The shop's answer, as the rules predict it.
        rejection: Rejection,
        /// Every problem the rules found, per field.
        outcome: Box<Outcome>,
    },
    /// Not sent: the request could not be built (a base URL or a header value that is not valid).
    InvalidRequest(String),
    /// Maybe sent: the connection failed, after the retries the policy allows.
    Transport {
        /// How many times the request was tried.
        attempts: u32,
        /// The last failure.
        source: reqwest::Error,
    },
    /// Maybe sent: no answer within the timeout, after the retries the policy allows.
    Timeout {
        /// How many times the request was tried.
        attempts: u32,
    },
    /// Sent and refused by the shop, in its own format.
    Rejected(Rejection),
    /// Sent, and answered with something this client cannot read.
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The body as text (cut to 1,000 characters).
        body: String,
    },
}

impl Error {
    /// True when the request never left this process: fix the input, don't retry.
    pub fn is_not_sent(&self) -> bool {
        matches!(self, Error::Predicted { .. } | Error::InvalidRequest(_))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Predicted { rejection, .. } => {
                f.write_str("not sent: ")?;
                rejection.describe(f, Tense::Predicted)
            }
            Error::InvalidRequest(reason) => {
                write!(
                    f,
                    "not sent, the request is not valid: {}",
                    one_line(reason)
                )
            }
            Error::Transport { attempts, source } => {
                write!(
                    f,
                    "connection to the shop failed after {}",
                    Attempts(*attempts)
                )?;
                let mut cause: Option<&dyn std::error::Error> = Some(source);
                while let Some(error) = cause {
                    write!(f, ": {}", one_line(&error.to_string()))?;
                    cause = error.source();
                }
                Ok(())
            }
            Error::Timeout { attempts } => write!(
                f,
                "no answer from the shop in time after {}",
                Attempts(*attempts)
            ),
            Error::Rejected(rejection) => rejection.describe(f, Tense::Answered),
            Error::Unexpected { status, body } => {
                write!(f, "unexpected answer from the shop: HTTP {status}")?;
                with_text(f, body)
            }
        }
    }
}

/// The sentence of [`Display`](std::fmt::Display); the fields with `{:#?}`.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !f.alternate() {
            return std::fmt::Display::fmt(self, f);
        }
        match self {
            Error::Predicted { rejection, outcome } => f
                .debug_struct("Predicted")
                .field("rejection", rejection)
                .field("outcome", outcome)
                .finish(),
            Error::InvalidRequest(reason) => f.debug_tuple("InvalidRequest").field(reason).finish(),
            Error::Transport { attempts, source } => f
                .debug_struct("Transport")
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
            Error::Timeout { attempts } => f
                .debug_struct("Timeout")
                .field("attempts", attempts)
                .finish(),
            Error::Rejected(rejection) => f.debug_tuple("Rejected").field(rejection).finish(),
            Error::Unexpected { status, body } => f
                .debug_struct("Unexpected")
                .field("status", status)
                .field("body", body)
                .finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// "1 attempt", "3 attempts".
struct Attempts(u32);

impl std::fmt::Display for Attempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            count => write!(f, "{count} attempts"),
        }
    }
}

/// Whether a refusal was answered by the shop or predicted by the rules.
#[derive(Clone, Copy)]
enum Tense {
    Answered,
    Predicted,
}

/// A refusal in the shop's own format.
///
/// `Display` names the shop, the HTTP status and its message on one line, e.g. `Magento
/// refused the request with HTTP 400: First Name is not valid!`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rejection {
    /// Magento's `error-response`.
    Magento(Box<MagentoError>),
    /// Open2b's error envelope (answered with HTTP 200).
    Open2b(Open2bError),
    /// A refusal without a JSON body, e.g. Open2b's 403 for an unknown customer key or its 429.
    Plain {
        /// HTTP status.
        status: u16,
        /// The body.
        text: String,
    },
}

impl Rejection {
    /// The refusal as a sentence: who refuses, with which status, and the shop's message, its
    /// line breaks (Magento joins the messages of one stage with them) read as spaces.
    fn describe(&self, f: &mut std::fmt::Formatter<'_>, tense: Tense) -> std::fmt::Result {
        let refuses = match tense {
            Tense::Answered => "refused the request",
            Tense::Predicted => "would refuse it",
        };
        match self {
            Rejection::Magento(error) => {
                write!(f, "Magento {refuses} with HTTP {}", error.status)?;
                with_text(f, &error.messages().join(" "))
            }
            Rejection::Open2b(error) => {
                let description = one_line(&error.description);
                write!(f, "Open2b {refuses}: {description} ({}", error.kind)?;
                if !error.field.is_empty() {
                    write!(f, ", field {}", error.field)?;
                }
                f.write_str(")")
            }
            Rejection::Plain { status, text } => {
                write!(f, "the shop {refuses} with HTTP {status}")?;
                with_text(f, text)
            }
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.describe(f, Tense::Answered)
    }
}

impl std::error::Error for Rejection {}

/// `: text` on one line, or nothing when the text is blank.
fn with_text(f: &mut std::fmt::Formatter<'_>, text: &str) -> std::fmt::Result {
    let text = one_line(text);
    if text.is_empty() {
        Ok(())
    } else {
        write!(f, ": {text}")
    }
}

/// The lines of `text`, trimmed and joined with one space.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Magento's `error-response`: the raw template and its parameters, as the shop sends them.
#[derive(Debug, Clone, PartialEq)]
pub struct MagentoError {
    /// HTTP status (400, 401, 404, …).
    pub status: u16,
    /// The message template (`%fieldName` placeholders left in) or an already rendered message.
    pub template: String,
    /// The placeholder values: an object, an array, or `null`.
    pub parameters: Value,
    /// Every error of the failing stage when there are two or more, each `(template, parameters)`.
    pub errors: Vec<(String, Value)>,
}

impl MagentoError {
    /// The message as a person reads it, rendered with Magento's placeholder algorithm.
    pub fn message(&self) -> String {
        magento::render(&self.template, &self.parameters)
    }

    /// Every error of the failing stage rendered, or the one message when there is one.
    pub fn messages(&self) -> Vec<String> {
        if self.errors.is_empty() {
            vec![self.message()]
        } else {
            self.errors
                .iter()
                .map(|(template, parameters)| magento::render(template, parameters))
                .collect()
        }
    }

    /// Reads a Magento error body.
    pub(crate) fn from_body(status: u16, body: &Value) -> Option<MagentoError> {
        let template = body.get("message")?.as_str()?.to_string();
        let errors = body
            .get("errors")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| {
                        let template = item.get("message")?.as_str()?.to_string();
                        Some((
                            template,
                            item.get("parameters").cloned().unwrap_or(Value::Null),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(MagentoError {
            status,
            template,
            parameters: body.get("parameters").cloned().unwrap_or(Value::Null),
            errors,
        })
    }
}

impl std::fmt::Display for MagentoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.messages().join(" / "))
    }
}

/// Open2b's error: the field, the error type and the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open2bError {
    /// The field in error (its bare name).
    pub field: String,
    /// The error type (`InvalidValue`, `NotFound`, …).
    pub kind: String,
    /// The description.
    pub description: String,
}

impl Open2bError {
    /// Reads an Open2b error envelope.
    pub(crate) fn from_envelope(body: &Value) -> Option<Open2bError> {
        if body.get("status")?.as_str()? != "error" {
            return None;
        }
        let error = body.get("error")?;
        let text = |key: &str| error.get(key).and_then(Value::as_str).map(str::to_string);
        Some(Open2bError {
            field: text("field")?,
            kind: text("type")?,
            description: text("description")?,
        })
    }
}

impl std::fmt::Display for Open2bError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.field, self.kind, self.description)
    }
}

#[cfg(test)]
mod tests {
    use customer_rules::{Outcome, ShopResponse};
    use serde_json::json;

    use super::*;

    fn magento(status: u16, body: Value) -> Rejection {
        Rejection::Magento(Box::new(
            MagentoError::from_body(status, &body).expect("a Magento error body"),
        ))
    }

    fn open2b(field: &str, kind: &str, description: &str) -> Rejection {
        Rejection::Open2b(Open2bError {
            field: field.into(),
            kind: kind.into(),
            description: description.into(),
        })
    }

    /// What `fn main() -> Result<(), Error>` prints when it returns the error.
    fn returned_from_main(error: &Error) -> String {
        format!("Error: {error:?}")
    }

    #[test]
    fn a_magento_refusal_names_the_status_and_the_rendered_message_on_one_line() {
        let error = Error::Rejected(magento(
            400,
            json!({"message": "\"%fieldName\" is a required value.",
                   "parameters": {"fieldName": "lastname"}}),
        ));
        assert_eq!(
            error.to_string(),
            "Magento refused the request with HTTP 400: \"lastname\" is a required value."
        );
        assert_eq!(
            returned_from_main(&error),
            "Error: Magento refused the request with HTTP 400: \"lastname\" is a required value."
        );

        // The messages of one stage, joined by Magento with line breaks or listed in `errors`.
        let lines = Error::Rejected(magento(
            400,
            json!({"message": "First Name is not valid!\nInvalid Phone Number. Please use 0-9, +, -, (, ) and space."}),
        ));
        assert_eq!(
            lines.to_string(),
            "Magento refused the request with HTTP 400: First Name is not valid! Invalid Phone \
             Number. Please use 0-9, +, -, (, ) and space."
        );
        let listed = Error::Rejected(magento(
            400,
            json!({"message": "internal", "errors": [
                {"message": "\"%fieldName\" is a required value.", "parameters": {"fieldName": "firstname"}},
                {"message": "\"%1\" is a required value.", "parameters": ["lastname"]}
            ]}),
        ));
        assert_eq!(
            listed.to_string(),
            "Magento refused the request with HTTP 400: \"firstname\" is a required value. \
             \"lastname\" is a required value."
        );
    }

    #[test]
    fn a_predicted_refusal_says_it_was_not_sent() {
        let description = "Cart '0123456789abcdef0123456789abcdef' does not exist";
        let outcome = Outcome {
            response: ShopResponse {
                status: 200,
                body: json!({"status": "error", "error":
                    {"field": "cart", "type": "NotFound", "description": description}}),
            },
            violations: Vec::new(),
            violations_cut: false,
        };
        let error = Error::Predicted {
            rejection: open2b("cart", "NotFound", description),
            outcome: Box::new(outcome),
        };
        assert_eq!(
            returned_from_main(&error),
            format!(
                "Error: not sent: Open2b would refuse it: {description} (NotFound, field cart)"
            )
        );
        let malformed = Error::Rejected(open2b(
            "",
            "Malformed",
            "Request is not syntactically correct",
        ));
        assert_eq!(
            malformed.to_string(),
            "Open2b refused the request: Request is not syntactically correct (Malformed)"
        );
    }

    #[test]
    fn a_plain_refusal_and_an_unreadable_answer_are_one_line() {
        let forbidden = Error::Rejected(Rejection::Plain {
            status: 403,
            text: "Forbidden\n".into(),
        });
        assert_eq!(
            forbidden.to_string(),
            "the shop refused the request with HTTP 403: Forbidden"
        );
        let empty = Error::Rejected(Rejection::Plain {
            status: 429,
            text: String::new(),
        });
        assert_eq!(
            empty.to_string(),
            "the shop refused the request with HTTP 429"
        );
        let unexpected = Error::Unexpected {
            status: 502,
            body: "<html>\n  <h1>Bad Gateway</h1>\n</html>\n".into(),
        };
        assert_eq!(
            unexpected.to_string(),
            "unexpected answer from the shop: HTTP 502: <html> <h1>Bad Gateway</h1> </html>"
        );
    }

    #[test]
    fn a_failed_connection_names_its_cause_and_keeps_it_as_source() {
        let source = reqwest::Client::new()
            .get("/no-base")
            .build()
            .expect_err("a relative URL is not a request");
        let cause = std::error::Error::source(&source)
            .expect("reqwest names why")
            .to_string();
        let error = Error::Transport {
            attempts: 1,
            source,
        };
        assert_eq!(
            error.to_string(),
            format!("connection to the shop failed after 1 attempt: builder error: {cause}")
        );
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(
            Error::Timeout { attempts: 3 }.to_string(),
            "no answer from the shop in time after 3 attempts"
        );
    }

    #[test]
    fn the_alternate_debug_shows_the_fields() {
        let error = Error::Rejected(Rejection::Plain {
            status: 403,
            text: "Forbidden".into(),
        });
        assert_eq!(
            format!("{error:#?}"),
            "Rejected(\n    Plain {\n        status: 403,\n        text: \"Forbidden\",\n    },\n)"
        );
    }
}
