//! What happened to a request: never sent, maybe sent, answered with a refusal, or answered with
//! something unreadable — so a caller can fix its input, retry or give up without matching text.

use customer_rules::{Outcome, magento};
use serde_json::Value;

/// Why a call did not succeed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not sent: the rules predict the shop would refuse the request, and this is its answer.
    /// No server context was needed to know (see [`Outcome::violations`] for every problem).
    #[error("not sent, the shop would refuse it: {rejection}")]
    Predicted {
        /// The shop's answer, as the rules predict it.
        rejection: Rejection,
        /// Every problem the rules found, per field.
        outcome: Box<Outcome>,
    },
    /// Not sent: the request could not be built (a base URL or a header value that is not valid).
    #[error("not sent, the request is not valid: {0}")]
    InvalidRequest(String),
    /// Maybe sent: the connection failed, after the retries the policy allows.
    #[error("connection to the shop failed after {attempts} attempt(s): {source}")]
    Transport {
        /// How many times the request was tried.
        attempts: u32,
        /// The last failure.
        source: reqwest::Error,
    },
    /// Maybe sent: no answer within the timeout, after the retries the policy allows.
    #[error("no answer from the shop in time after {attempts} attempt(s)")]
    Timeout {
        /// How many times the request was tried.
        attempts: u32,
    },
    /// Sent and refused by the shop, in its own format.
    #[error("the shop refused the request: {0}")]
    Rejected(Rejection),
    /// Sent, and answered with something this client cannot read.
    #[error("unexpected answer from the shop: HTTP {status}: {body}")]
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

/// A refusal in the shop's own format.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// Magento's `error-response`.
    #[error("{0}")]
    Magento(Box<MagentoError>),
    /// Open2b's error envelope (answered with HTTP 200).
    #[error("{0}")]
    Open2b(Open2bError),
    /// A refusal without a JSON body, e.g. Open2b's 403 for an unknown customer key or its 429.
    #[error("HTTP {status}: {text}")]
    Plain {
        /// HTTP status.
        status: u16,
        /// The body.
        text: String,
    },
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
