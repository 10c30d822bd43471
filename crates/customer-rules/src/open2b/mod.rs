//! Open2b 7.5 (API v10): `POST /api/v10/storefront.update-customer`.
//!
//! Sources: the seed table of the call (`shared/seeds/open2b-update-customer.txt`) and the
//! research notes `shared/reference/open2b-update-customer.md` ("reference §n" below). Where
//! Open2b's behaviour is not public, the code implements the reference's assumption and says so
//! with "Assumption N (reference §n, "name")" next to the rule, N being its number in the
//! list of `info.description` of `openapi/customer-api.yaml`.
//!
//! - [`validate`] predicts the shop's answer to an update body and lists every problem;
//! - [`merge`] is the customer the shop stores after an accepted update;
//! - [`diff`] is the smallest update turning one customer into another;
//! - [`respond`] answers a whole HTTP request as a store in a given [`Shop`] state does.
//!
//! ```
//! use customer_rules::open2b::{Context, Customer, CustomerUpdate, diff, merge, validate};
//! use serde_json::json;
//!
//! let stored = Customer::default();
//! let body = json!({"customer": {"invoiceRecipient": "ab7tr6k", "wishList": [0]}});
//! let outcome = validate(&body, Some(&stored), &Context::default());
//! // The shop answers the first error in its order, with HTTP 200…
//! assert_eq!(outcome.response.status, 200);
//! assert_eq!(
//!     outcome.response.body,
//!     json!({"status": "error", "error": {
//!         "field": "invoiceRecipient",
//!         "type": "Malformed",
//!         "description": "'ab7tr6k' is not a recipient code or email address"
//!     }})
//! );
//! // …and a form shows every problem at once.
//! assert_eq!(outcome.violations[1].path, "customer.wishList[0]");
//!
//! let mut after = stored.clone();
//! after.invoice_recipient = "AB7TR6K".to_owned();
//! let update: CustomerUpdate = diff(&stored, &after);
//! assert_eq!(serde_json::to_value(&update)?, json!({"invoiceRecipient": "AB7TR6K"}));
//! assert_eq!(merge(&stored, &update), after);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # One error per call, and its order
//!
//! Open2b answers an application error with HTTP 200 and one error,
//! `{"status":"error","error":{"field","type","description"}}` (reference §1.3). Which error wins
//! when several fields are wrong is not documented (reference §8 question 13). Assumption
//! (reference §1.3, §8 question 13, "check order"): the checks run in this order and the first
//! failure is the answer:
//!
//! 1. the body is a JSON object (else `Malformed`, field `""`, "Request is not syntactically
//!    correct");
//! 2. in every object, as it is entered: its unknown members (`UnknownField`), in byte order of
//!    their names, since JSON gives object members no order;
//! 3. `customer`: present (`Missing`), not `null` (`InvalidValue`), an object (`Malformed`);
//! 4. the members of `customer` in the documented order: `cart`, `invoiceRecipient`,
//!    `billingAddress` (its fields in documented order), `shippingAddress` (likewise; a field a
//!    new shipping address needs is `Missing` at its place in that order), `wishList`,
//!    `newsletterLists`, `privacyConsents`;
//! 5. within one field: its JSON type (`null` → `InvalidValue`, another type → `Malformed`), then
//!    its length, range or form, then the lookups in the shop's data (`NotFound`, required
//!    consents). Array items are checked in array order, the lookups after every item's shape.
//!
//! # The `field` of an error
//!
//! Assumption 11 (reference §1.4, §8 question 2, "field is the bare name"): `field` is the bare name
//! of the member, as in the documentation's error tables (`cart`, `firstName`, `wishList` for an
//! item of it). The description starts with that name, its first letter in upper case.
//! Assumption 14 (reference §1.3, "description capitalised"): the one documented example answers
//! field `name` with "Name is not syntactically correct", so `firstName` gives "FirstName is not
//! a valid value".
//!
//! `UnknownField` is the exception: Open2b's table of common errors (reference §1.4) gives its
//! field as `unknown`, where each placeholder of that table is in angle brackets (`<Field>`,
//! `<OtherField>`, `<Method>`), so `field` is the literal `"unknown"` and the member's name, as
//! sent, is in the description: `{"field":"unknown","type":"UnknownField","description":"Field
//! 'nickname' is unknown"}` (Assumption 11, "field of an unknown field", for reading the table
//! literally). A [`Violation`](crate::Violation) carries the full path, e.g.
//! `customer.billingAddress.firstName`, `customer.wishList[2]` or `customer.nickname`.
//!
//! # Numbers and the invoice recipient
//!
//! - Assumption 3 (reference §1.4, §1.5, "range is InvalidValue"): an `int` is any JSON number
//!   without a fractional part, whatever its notation or size. `1e2` is 100; `0`, `2147483648`,
//!   an integer of 20 or 400 digits, negative or not, and `1e400` are all out of range, so
//!   InvalidValue with the field's own description; only a fractional part, or another JSON
//!   type, is Malformed.
//! - Assumption 7 (reference §4.2, "invoice recipient forms"): `invoiceRecipient` is `""`, a
//!   recipient code `^[A-Z0-9]{6,7}$` or a PEC address; more than 256 characters is InvalidValue
//!   (Assumption 3), a value of neither form is the seed's Malformed.
//! - Assumption 17 (reference §4.2, §5.2, "PEC address syntax"): a PEC address is an SMTP mailbox
//!   (RFC 5321 §4.1.2) in ASCII, without quoted local parts or address literals: a `dot-atom`
//!   local part of at most 64 characters (RFC 5322 §3.2.3), `@`, and a domain of two host-name
//!   labels or more (RFC 1123 §2.1). `a@b.it` is one; `a,b@pec.it` and `mario..rossi@pec.it`
//!   are not.
//!
//! # Context
//!
//! Some checks need what only the shop knows: whether a cart or a newsletter list exists, which
//! privacy processings require consent ([`Context`]), and whether the customer already has a
//! shipping address (the stored [`Customer`]). When the caller leaves one out, its checks are
//! reported as violations with `needs_context: true`: their `kind`, `template` and `parameters`
//! are what the shop answers if the check fails, their `message` says what could not be decided.
//! They do not decide the response, which is then the prediction assuming they pass.

mod countries;
mod diff;
mod error;
mod merge;
mod model;
mod shop;
mod validate;

pub use countries::{COUNTRIES, is_country};
pub use diff::diff;
pub use error::{ErrorType, ShopError};
pub use merge::merge;
pub use model::{
    BillingAddress, BillingAddressUpdate, Customer, CustomerUpdate, PrivacyProcessing,
    ShippingAddress, ShippingAddressUpdate, TypeOfData, UpdateCustomerRequest,
};
pub use shop::{
    CUSTOMER_KEY_HEADER, CUSTOMER_PATH, CustomerAccount, Exchange, Shop, UPDATE_CUSTOMER_PATH,
    respond,
};
pub use validate::{Context, validate};

#[cfg(test)]
mod tests;
