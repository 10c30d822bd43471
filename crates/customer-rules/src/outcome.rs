//! What a validation predicts: the shop's exact answer, and every problem per field for forms.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most violations one [`Outcome`] lists. A request of 1 MiB can hold hundreds of thousands
/// of faulty members (`[{},{},…]` as addresses); listing each would cost memory and time in
/// proportion, while a form shows a few dozen. Past the cap the checks that can no longer change
/// the `response` are skipped and [`Outcome::violations_cut`] says the list is not complete; the
/// `response` is exact whatever the count.
pub const MAX_VIOLATIONS: usize = 1000;

/// The result of validating one request against one platform's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Outcome {
    /// Exactly what the shop answers: the first failing check in the shop's own order, or success.
    pub response: ShopResponse,
    /// Every problem found, in the shop's order, so a form can show them all at once; at most
    /// [`MAX_VIOLATIONS`].
    pub violations: Vec<Violation>,
    /// True when the request has more problems than [`MAX_VIOLATIONS`] and the list stops there
    /// (left out when false).
    #[serde(default, skip_serializing_if = "is_false")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub violations_cut: bool,
}

fn is_false(flag: &bool) -> bool {
    !*flag
}

impl Outcome {
    /// True when no check failed, decided or not: the shop accepts the request. A request with
    /// only undecided violations (`needs_context`) is neither accepted nor
    /// [refused](Outcome::is_refused): its answer depends on shop data the caller did not give.
    pub fn is_accepted(&self) -> bool {
        self.violations.is_empty()
    }

    /// True when the shop certainly refuses the request: `response` is a refusal, an HTTP
    /// status outside 2xx or Open2b's `{"status": "error"}` envelope. Both shops' rules decide
    /// the response by the checks they had the data for only, so a check that needed context
    /// never makes it a refusal, and every decided failure does. This is the test to apply
    /// before sending: a request that is not refused may still be refused by the shop for a
    /// check listed with `needs_context`.
    pub fn is_refused(&self) -> bool {
        !(200..300).contains(&self.response.status)
            || self.response.body.get("status").and_then(Value::as_str) == Some("error")
    }
}

/// The violations of one request as they are found, keeping at most [`MAX_VIOLATIONS`], so that
/// memory stays bounded whatever the request holds.
#[derive(Debug, Default)]
pub(crate) struct Violations {
    listed: Vec<Violation>,
    cut: bool,
}

impl Violations {
    /// Adds one violation, or notes that the list is cut once it is full.
    pub(crate) fn push(&mut self, violation: Violation) {
        if self.is_full() {
            self.cut = true;
        } else {
            self.listed.push(violation);
        }
    }

    /// True when nothing was found.
    #[cfg(feature = "magento")]
    pub(crate) fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// True when the list holds [`MAX_VIOLATIONS`]: further problems only cut it.
    pub(crate) fn is_full(&self) -> bool {
        self.listed.len() >= MAX_VIOLATIONS
    }

    /// Notes that problems past the cap were not looked for.
    #[cfg(feature = "magento")]
    pub(crate) fn cut(&mut self) {
        self.cut = true;
    }

    /// The outcome with the shop's answer.
    pub(crate) fn into_outcome(self, response: ShopResponse) -> Outcome {
        Outcome {
            response,
            violations: self.listed,
            violations_cut: self.cut,
        }
    }
}

impl Extend<Violation> for Violations {
    fn extend<I: IntoIterator<Item = Violation>>(&mut self, violations: I) {
        for violation in violations {
            self.push(violation);
        }
    }
}

/// An HTTP answer of a shop: its status code and JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct ShopResponse {
    /// HTTP status code (Open2b answers application errors with 200).
    pub status: u16,
    /// The JSON body, equal to the shop's after JSON parsing. A body that is not JSON (the
    /// `text/plain` answers to a wrong method, path or key) is held as a JSON string of its text.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub body: Value,
}

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Violation {
    /// Where the problem is, e.g. `customer.addresses[0].city`.
    pub path: String,
    /// The shop's error type where it has one (Open2b: `InvalidValue`, `NotFound`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The shop's message template, placeholders left in (`"%fieldName" is required. …`).
    pub template: String,
    /// The template's parameters: an object for named placeholders, an array for positional ones,
    /// `null` when there are none.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    #[serde(default)]
    pub parameters: Value,
    /// The message as a person reads it, placeholders filled in.
    pub message: String,
    /// True when the check needs shop data the caller did not give (e.g. whether an email is
    /// taken); the violation then says what could not be decided instead of guessing.
    #[serde(default)]
    pub needs_context: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::{Outcome, ShopResponse, Violation, magento, open2b};

    #[test]
    fn refused_means_a_decided_failure_and_never_an_undecided_one() {
        // Open2b: a decided failure, only undecided ones (a cart the caller's context does not
        // list), none.
        let context = open2b::Context::default();
        let malformed = open2b::validate(
            &json!({"customer": {"invoiceRecipient": "AB-7"}}),
            None,
            &context,
        );
        assert!(malformed.is_refused() && !malformed.is_accepted());
        let cart = open2b::validate(
            &json!({"customer": {"cart": "0123456789abcdef0123456789abcdef"}}),
            None,
            &context,
        );
        assert!(cart.violations.iter().all(|v| v.needs_context) && !cart.violations.is_empty());
        assert!(!cart.is_refused() && !cart.is_accepted());
        let fine = open2b::validate(&json!({"customer": {"cart": null}}), None, &context);
        assert!(!fine.is_refused() && fine.is_accepted());

        // Magento: an error status is a refusal; the customer's 200 view is not, even beside an
        // undecided check.
        let script = magento::read_request(
            &json!({"customer": {"firstname": "<script>alert(1)</script>"}}),
            &magento::Profile::default(),
        )
        .unwrap_err();
        assert_eq!(script.response.status, 400);
        assert!(script.is_refused());
        let undecided = Outcome {
            response: ShopResponse {
                status: 200,
                body: json!({"id": 1, "email": "jane@example.com"}),
            },
            violations: vec![Violation {
                path: "customer.email".into(),
                kind: None,
                template: "Whether another customer uses this email is known only to the shop."
                    .into(),
                parameters: serde_json::Value::Null,
                message: "Whether another customer uses this email is known only to the shop."
                    .into(),
                needs_context: true,
            }],
            violations_cut: false,
        };
        assert!(!undecided.is_refused() && !undecided.is_accepted());
    }
}
