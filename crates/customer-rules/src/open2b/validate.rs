//! Validation of an `update-customer` body, walking the JSON in the order documented in the
//! module documentation, so that any JSON — wrong types, `null`s, unknown members — becomes the
//! shop's error, never a decoding failure.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::countries::is_country;
use super::error::{ErrorType, Findings, Place};
use super::model::{
    BillingAddressUpdate, Customer, CustomerUpdate, PrivacyProcessing, ShippingAddressUpdate,
    TypeOfData,
};
use crate::outcome::Violations;
use crate::{Outcome, Patch};

/// What only the shop knows, for the checks that look things up. A part left `None` makes its
/// checks undecided: they are reported with `needs_context` and do not decide the response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct Context {
    /// The tokens of the carts that exist.
    pub carts: Option<Vec<String>>,
    /// The ids of the newsletter lists that exist.
    pub newsletter_lists: Option<Vec<u32>>,
    /// The store's privacy processings.
    pub privacy_processings: Option<Vec<PrivacyProcessing>>,
}

/// What the checks know of the shop, borrowed: a caller's [`Context`], or a whole shop's state,
/// without copying it for each request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) carts: Option<&'a [String]>,
    pub(crate) newsletter_lists: Option<&'a [u32]>,
    pub(crate) privacy_processings: Option<&'a [PrivacyProcessing]>,
}

impl<'a> From<&'a Context> for Known<'a> {
    fn from(context: &'a Context) -> Self {
        Known {
            carts: context.carts.as_deref(),
            newsletter_lists: context.newsletter_lists.as_deref(),
            privacy_processings: context.privacy_processings.as_deref(),
        }
    }
}

/// Validates the body of `POST /api/v10/storefront.update-customer` (`{"customer": {…}}`) for
/// the customer `stored` (`None` when the caller does not know it).
///
/// `response` is what the shop answers: the first decided failure in the documented order, or
/// `{"status":"ok"}`. When some checks need context the caller did not give, the response is the
/// prediction assuming those checks pass. `violations` lists every failure, undecided ones
/// included.
pub fn validate(body: &Value, stored: Option<&Customer>, context: &Context) -> Outcome {
    let reading = read_update(body, stored, context.into());
    let response = reading.findings.response();
    let mut violations = Violations::default();
    violations.extend(reading.findings.into_violations());
    violations.into_outcome(response)
}

/// An update read from JSON: the fields that passed their checks, and the failed checks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub(crate) update: CustomerUpdate,
    pub(crate) findings: Findings,
}

/// The members of the body.
const BODY_MEMBERS: [&str; 1] = ["customer"];

/// The members of `customer`, in the documented order (also those the read call returns).
pub(crate) const CUSTOMER_MEMBERS: [&str; 7] = [
    "cart",
    "invoiceRecipient",
    "billingAddress",
    "shippingAddress",
    "wishList",
    "newsletterLists",
    "privacyConsents",
];

/// The length of a cart token, `string(32)`.
const CART_LENGTH: usize = 32;

/// The longest invoice recipient, `string(0…256)` (reference §2).
const INVOICE_RECIPIENT_MAX: usize = 256;

/// The largest `int` of the API (reference §1.5).
const INT_MAX: u64 = 2_147_483_647;

/// The largest privacy processing id, `int(1…255)` (reference §4.3).
const PROCESSING_MAX: u64 = 255;

/// What an address field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Free text between `min` and `max` Unicode scalar values.
    Text { min: usize, max: usize },
    /// An ISO 3166-1 alpha-2 code.
    Country,
}

/// One field of an address object: its name, form, whether a new shipping address needs it, and
/// where its value goes in the update.
struct AddressField<A> {
    name: &'static str,
    form: Form,
    required_when_new: bool,
    slot: fn(&mut A) -> &mut Option<String>,
}

/// Billing address fields, in the documented order (reference §2).
#[rustfmt::skip]
const BILLING_FIELDS: [AddressField<BillingAddressUpdate>; 15] = [
    AddressField { name: "firstName", form: Form::Text { min: 1, max: 25 }, required_when_new: false, slot: |a| &mut a.first_name },
    AddressField { name: "lastName", form: Form::Text { min: 1, max: 25 }, required_when_new: false, slot: |a| &mut a.last_name },
    AddressField { name: "personalCode", form: Form::Text { min: 0, max: 20 }, required_when_new: false, slot: |a| &mut a.personal_code },
    AddressField { name: "companyName", form: Form::Text { min: 0, max: 100 }, required_when_new: false, slot: |a| &mut a.company_name },
    AddressField { name: "companyCode", form: Form::Text { min: 0, max: 20 }, required_when_new: false, slot: |a| &mut a.company_code },
    AddressField { name: "companyCode2", form: Form::Text { min: 0, max: 20 }, required_when_new: false, slot: |a| &mut a.company_code2 },
    AddressField { name: "street1", form: Form::Text { min: 1, max: 60 }, required_when_new: false, slot: |a| &mut a.street1 },
    AddressField { name: "street2", form: Form::Text { min: 0, max: 60 }, required_when_new: false, slot: |a| &mut a.street2 },
    AddressField { name: "city", form: Form::Text { min: 1, max: 25 }, required_when_new: false, slot: |a| &mut a.city },
    AddressField { name: "postalCode", form: Form::Text { min: 1, max: 20 }, required_when_new: false, slot: |a| &mut a.postal_code },
    AddressField { name: "stateProv", form: Form::Text { min: 0, max: 3 }, required_when_new: false, slot: |a| &mut a.state_prov },
    AddressField { name: "country", form: Form::Country, required_when_new: false, slot: |a| &mut a.country },
    AddressField { name: "phoneNumber", form: Form::Text { min: 0, max: 15 }, required_when_new: false, slot: |a| &mut a.phone_number },
    AddressField { name: "mobileNumber", form: Form::Text { min: 0, max: 15 }, required_when_new: false, slot: |a| &mut a.mobile_number },
    AddressField { name: "faxNumber", form: Form::Text { min: 0, max: 15 }, required_when_new: false, slot: |a| &mut a.fax_number },
];

/// Shipping address fields, in the documented order (reference §2).
///
/// Assumption 5 (reference §4.4, "new shipping address complete"): when the customer has no
/// shipping address, a partial object cannot be merged, so `name`, `street1`, `city`,
/// `postalCode` and `country` (the fields of minimum length 1 or a country) must be sent.
#[rustfmt::skip]
const SHIPPING_FIELDS: [AddressField<ShippingAddressUpdate>; 7] = [
    AddressField { name: "name", form: Form::Text { min: 1, max: 100 }, required_when_new: true, slot: |a| &mut a.name },
    AddressField { name: "street1", form: Form::Text { min: 1, max: 60 }, required_when_new: true, slot: |a| &mut a.street1 },
    AddressField { name: "street2", form: Form::Text { min: 0, max: 60 }, required_when_new: false, slot: |a| &mut a.street2 },
    AddressField { name: "city", form: Form::Text { min: 1, max: 25 }, required_when_new: true, slot: |a| &mut a.city },
    AddressField { name: "postalCode", form: Form::Text { min: 1, max: 20 }, required_when_new: true, slot: |a| &mut a.postal_code },
    AddressField { name: "stateProv", form: Form::Text { min: 0, max: 3 }, required_when_new: false, slot: |a| &mut a.state_prov },
    AddressField { name: "country", form: Form::Country, required_when_new: true, slot: |a| &mut a.country },
];

/// Whether the customer has a shipping address to merge a partial one into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShippingOnFile {
    Yes,
    No,
    Unknown,
}

/// Reads and checks an update body. See the module documentation for the order.
pub(crate) fn read_update(body: &Value, stored: Option<&Customer>, context: Known<'_>) -> Reading {
    let mut reader = Reader {
        findings: Findings::default(),
        context,
        shipping_on_file: match stored {
            Some(customer) if customer.shipping_address.is_some() => ShippingOnFile::Yes,
            Some(_) => ShippingOnFile::No,
            None => ShippingOnFile::Unknown,
        },
    };
    let update = reader.body(body);
    Reading {
        update,
        findings: reader.findings,
    }
}

/// The walk over one body.
struct Reader<'a> {
    findings: Findings,
    context: Known<'a>,
    shipping_on_file: ShippingOnFile,
}

impl Reader<'_> {
    fn body(&mut self, body: &Value) -> CustomerUpdate {
        let request = Place::request();
        let Value::Object(members) = body else {
            self.findings.request_malformed();
            return CustomerUpdate::default();
        };
        self.findings
            .unknown_members(members, &BODY_MEMBERS, &request);
        let place = request.member("customer");
        match members.get("customer") {
            None => {
                self.findings.missing(&place);
                CustomerUpdate::default()
            }
            Some(Value::Object(customer)) => self.customer(customer, &place),
            Some(Value::Null) => {
                self.findings.invalid_value(&place);
                CustomerUpdate::default()
            }
            Some(_) => {
                self.findings.malformed(&place);
                CustomerUpdate::default()
            }
        }
    }

    fn customer(&mut self, members: &Map<String, Value>, place: &Place<'_>) -> CustomerUpdate {
        self.findings
            .unknown_members(members, &CUSTOMER_MEMBERS, place);
        let mut update = CustomerUpdate::default();
        if let Some(value) = members.get("cart") {
            update.cart = self.cart(value, &place.member("cart"));
        }
        if let Some(value) = members.get("invoiceRecipient") {
            update.invoice_recipient =
                self.invoice_recipient(value, &place.member("invoiceRecipient"));
        }
        if let Some(value) = members.get("billingAddress") {
            update.billing_address = self.billing_address(value, &place.member("billingAddress"));
        }
        if let Some(value) = members.get("shippingAddress") {
            update.shipping_address =
                self.shipping_address(value, &place.member("shippingAddress"));
        }
        if let Some(value) = members.get("wishList") {
            update.wish_list = self.ids(value, &place.member("wishList"), INT_MAX);
        }
        if let Some(value) = members.get("newsletterLists") {
            update.newsletter_lists =
                self.newsletter_lists(value, &place.member("newsletterLists"));
        }
        if let Some(value) = members.get("privacyConsents") {
            update.privacy_consents =
                self.privacy_consents(value, &place.member("privacyConsents"));
        }
        update
    }

    /// `cart`, `string(32)`, can be null; the token must name an existing cart (seed).
    fn cart(&mut self, value: &Value, place: &Place<'_>) -> Patch<String> {
        let token = match value {
            Value::Null => return Patch::Null,
            Value::String(token) => token,
            _ => {
                self.findings.malformed(place);
                return Patch::Absent;
            }
        };
        // Assumption 15 (reference §4.1, "cart length first"): a token of another length is
        // InvalidValue, and the length check comes before the lookup.
        if token.chars().count() != CART_LENGTH {
            self.findings.invalid_value(place);
            return Patch::Absent;
        }
        let template = "Cart '<cart>' does not exist";
        let parameters = [("cart", token.clone())];
        match &self.context.carts {
            Some(carts) if carts.contains(token) => {}
            Some(_) => {
                self.findings
                    .add(place, ErrorType::NotFound, template, &parameters);
                return Patch::Absent;
            }
            None => self.findings.undecided(
                place,
                ErrorType::NotFound,
                template,
                &parameters,
                format!(
                    "Whether cart '{token}' exists is unknown: the shop's carts were not given"
                ),
            ),
        }
        Patch::Value(token.clone())
    }

    /// `invoiceRecipient`, `string(0…256)`: `""`, a recipient code or a PEC email address (seed).
    ///
    /// Assumption 3 (reference §1.4, §4.2, "length is InvalidValue"): a value longer than 256
    /// characters is InvalidValue, as every length outside its range is; its length is checked
    /// before its form, so only a value of at most 256 characters gets the seed's Malformed.
    fn invoice_recipient(&mut self, value: &Value, place: &Place<'_>) -> Option<String> {
        let text = self.string(value, place)?;
        if text.chars().count() > INVOICE_RECIPIENT_MAX {
            self.findings.invalid_value(place);
            return None;
        }
        if is_invoice_recipient(text) {
            return Some(text.to_owned());
        }
        self.findings.add(
            place,
            ErrorType::Malformed,
            "'<invoiceRecipient>' is not a recipient code or email address",
            &[("invoiceRecipient", text.to_owned())],
        );
        None
    }

    /// `billingAddress`: not nullable; a partial object merges field by field.
    fn billing_address(
        &mut self,
        value: &Value,
        place: &Place<'_>,
    ) -> Option<BillingAddressUpdate> {
        let members = self.object(value, place)?;
        Some(self.address(members, place, &BILLING_FIELDS))
    }

    /// `shippingAddress`, can be null: `null` removes it, an object merges field by field.
    fn shipping_address(
        &mut self,
        value: &Value,
        place: &Place<'_>,
    ) -> Patch<ShippingAddressUpdate> {
        if value.is_null() {
            return Patch::Null;
        }
        match self.object(value, place) {
            Some(members) => Patch::Value(self.address(members, place, &SHIPPING_FIELDS)),
            None => Patch::Absent,
        }
    }

    /// An address object: unknown members first, then each field in the documented order.
    ///
    /// Assumption 10 (reference §4.4, "billing email unknown"): `email`, which the read call shows
    /// in `billingAddress`, is not an update field, so sending it is `UnknownField`.
    fn address<A: Default>(
        &mut self,
        members: &Map<String, Value>,
        place: &Place<'_>,
        fields: &[AddressField<A>],
    ) -> A {
        let known: Vec<&str> = fields.iter().map(|field| field.name).collect();
        self.findings.unknown_members(members, &known, place);
        let mut address = A::default();
        for field in fields {
            let field_place = place.member(field.name);
            match members.get(field.name) {
                Some(value) => {
                    *(field.slot)(&mut address) =
                        self.address_field(value, &field_place, field.form)
                }
                None if field.required_when_new => {
                    self.required_for_new_shipping_address(&field_place)
                }
                None => {}
            }
        }
        address
    }

    fn required_for_new_shipping_address(&mut self, place: &Place<'_>) {
        match self.shipping_on_file {
            ShippingOnFile::Yes => {}
            ShippingOnFile::No => self.findings.missing(place),
            ShippingOnFile::Unknown => self.findings.missing_undecided(
                place,
                format!(
                    "{} is required if the customer has no shipping address yet: the stored customer was not given",
                    place.field()
                ),
            ),
        }
    }

    /// One address field: a string of its length, or a country code.
    ///
    /// Assumption 4 (reference §1.4, §1.5, "lengths in characters"): lengths count Unicode scalar
    /// values, without trimming or normalising; a length outside the range is InvalidValue.
    /// Assumption 8 (reference §4.4, "country code"): a country that is not an ISO 3166-1 alpha-2
    /// code is InvalidValue. Assumption 8 (reference §4.4, "stateProv length only"): `stateProv` is
    /// checked for its length only.
    fn address_field(&mut self, value: &Value, place: &Place<'_>, form: Form) -> Option<String> {
        let text = self.string(value, place)?;
        let fits = match form {
            Form::Text { min, max } => (min..=max).contains(&text.chars().count()),
            Form::Country => is_country(text),
        };
        if fits {
            Some(text.to_owned())
        } else {
            self.findings.invalid_value(place);
            None
        }
    }

    /// `newsletterLists`: ids `int(1…)` of lists that exist (seed).
    fn newsletter_lists(&mut self, value: &Value, place: &Place<'_>) -> Option<Vec<u32>> {
        let (lists, all_valid) = self.checked_ids::<u32>(value, place, INT_MAX)?;
        let template = "Newsletter list <list> does not exist";
        let known: Option<BTreeSet<u32>> = self
            .context
            .newsletter_lists
            .as_ref()
            .map(|known| known.iter().copied().collect());
        let mut all_found = true;
        for list in &lists {
            let parameters = [("list", list.to_string())];
            match &known {
                Some(known) if known.contains(list) => {}
                Some(_) => {
                    self.findings.add(place, ErrorType::NotFound, template, &parameters);
                    all_found = false;
                }
                None => self.findings.undecided(
                    place,
                    ErrorType::NotFound,
                    template,
                    &parameters,
                    format!("Whether newsletter list {list} exists is unknown: the shop's newsletter lists were not given"),
                ),
            }
        }
        (all_valid && all_found).then_some(lists)
    }

    /// `privacyConsents`: ids `int(1…255)`; every processing of customer data whose consent is
    /// required must be among them (seed).
    ///
    /// Assumption 9 (reference §4.3, "required consents when sent"): the check runs only when
    /// `privacyConsents` is sent, and covers the processings with `typeOfData = Customer` and
    /// `isConsentRequired = true`, in increasing id order. Ids of processings the store does not
    /// have are accepted, as nothing documents an error for them.
    fn privacy_consents(&mut self, value: &Value, place: &Place<'_>) -> Option<Vec<u8>> {
        let (consents, all_valid) = self.checked_ids::<u8>(value, place, PROCESSING_MAX)?;
        let template = "Consent to processing <id> is required";
        match &self.context.privacy_processings {
            Some(processings) => {
                let mut required: Vec<u8> = processings
                    .iter()
                    .filter(|processing| {
                        processing.type_of_data == TypeOfData::Customer
                            && processing.is_consent_required
                    })
                    .map(|processing| processing.id)
                    .collect();
                required.sort_unstable();
                required.dedup();
                let mut all_given = true;
                for id in required.into_iter().filter(|id| !consents.contains(id)) {
                    self.findings.add(
                        place,
                        ErrorType::InvalidValue,
                        template,
                        &[("id", id.to_string())],
                    );
                    all_given = false;
                }
                (all_valid && all_given).then_some(consents)
            }
            None => {
                self.findings.undecided(
                    place,
                    ErrorType::InvalidValue,
                    template,
                    &[],
                    "Whether a required consent is missing is unknown: the shop's privacy processings were not given".to_owned(),
                );
                all_valid.then_some(consents)
            }
        }
    }

    /// An array of ids between 1 and `max`, duplicates removed (first occurrence kept).
    ///
    /// Assumption 3 (reference §1.4, "type mismatch is Malformed"): a non-array, or an item that is
    /// not an integer, is Malformed. Assumption 3 (reference §1.4, "range is InvalidValue"): an
    /// integer below 1 or above `max`, of any size, is InvalidValue (see [`id_in_range`]).
    /// Assumption 6 (reference §4.3, "arrays replace"): the array replaces the stored set, `[]` is
    /// allowed and duplicates are removed. `None` when any item fails.
    fn ids<T: TryFrom<u64>>(
        &mut self,
        value: &Value,
        place: &Place<'_>,
        max: u64,
    ) -> Option<Vec<T>> {
        let (ids, all_valid) = self.checked_ids(value, place, max)?;
        all_valid.then_some(ids)
    }

    /// The valid ids of an array (see [`Reader::ids`]) and whether every item was valid; `None`
    /// when the value is not an array.
    fn checked_ids<T: TryFrom<u64>>(
        &mut self,
        value: &Value,
        place: &Place<'_>,
        max: u64,
    ) -> Option<(Vec<T>, bool)> {
        let items = match value {
            Value::Array(items) => items,
            Value::Null => {
                self.findings.invalid_value(place);
                return None;
            }
            _ => {
                self.findings.malformed(place);
                return None;
            }
        };
        let mut ids: Vec<T> = Vec::with_capacity(items.len());
        let mut seen = BTreeSet::new();
        let mut all_valid = true;
        for (index, item) in items.iter().enumerate() {
            let item_place = place.item(index);
            let id = match id_in_range(item, max) {
                IdReading::Id(id) => T::try_from(id).ok().map(|typed| (id, typed)),
                IdReading::OutOfRange => None,
                IdReading::NotAnInteger => {
                    self.findings.malformed(&item_place);
                    all_valid = false;
                    continue;
                }
            };
            match id {
                Some((id, typed)) => {
                    if seen.insert(id) {
                        ids.push(typed);
                    }
                }
                None => {
                    self.findings.invalid_value(&item_place);
                    all_valid = false;
                }
            }
        }
        Some((ids, all_valid))
    }

    /// A string field that cannot be null.
    ///
    /// Assumption 3 (reference §1.4, "null is InvalidValue"): `null` on a field not marked "can be
    /// null" is InvalidValue. Assumption 3 (reference §1.4, "type mismatch is Malformed"): a value
    /// of another JSON type is Malformed.
    fn string<'v>(&mut self, value: &'v Value, place: &Place<'_>) -> Option<&'v str> {
        match value {
            Value::String(text) => Some(text),
            Value::Null => {
                self.findings.invalid_value(place);
                None
            }
            _ => {
                self.findings.malformed(place);
                None
            }
        }
    }

    /// An object field that cannot be null (same assumptions as [`Reader::string`]).
    fn object<'v>(
        &mut self,
        value: &'v Value,
        place: &Place<'_>,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(members) => Some(members),
            Value::Null => {
                self.findings.invalid_value(place);
                None
            }
            _ => {
                self.findings.malformed(place);
                None
            }
        }
    }
}

/// What an item of an id array holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdReading {
    /// A whole number between 1 and the field's maximum.
    Id(u64),
    /// A whole number outside that range, whatever its size.
    OutOfRange,
    /// Not a number, or a number with a fractional part.
    NotAnInteger,
}

/// Reads an item of an id array as an integer between 1 and `max`.
///
/// Assumption 3 (reference §1.4, §1.5, "range is InvalidValue"): an `int` is any JSON number
/// without a fractional part, whatever its notation or size: `1e2` is 100, and
/// `99999999999999999999`, `-1e400` or an integer of 400 digits are out of range like `0`, so
/// InvalidValue. A number is read as a 64-bit integer when it is one, otherwise as the nearest
/// double, as a browser reads it; one too large for a double is read as out of range (see
/// [`respond`](super::respond)). Only a fractional part, or another JSON type, is Malformed.
fn id_in_range(item: &Value, max: u64) -> IdReading {
    let Some(number) = item.as_number() else {
        return IdReading::NotAnInteger;
    };
    let in_range = |id: u64| {
        if (1..=max).contains(&id) {
            IdReading::Id(id)
        } else {
            IdReading::OutOfRange
        }
    };
    if let Some(id) = number.as_u64() {
        return in_range(id);
    }
    if number.is_i64() {
        return IdReading::OutOfRange;
    }
    match number.as_f64() {
        Some(float) if float.is_finite() && float.fract() == 0.0 => {
            // Every bound is below 2^53, so the comparison is exact.
            if float >= 1.0 && float <= max as f64 {
                in_range(float as u64)
            } else {
                IdReading::OutOfRange
            }
        }
        _ => IdReading::NotAnInteger,
    }
}

/// Assumption 7 (reference §4.2, "invoice recipient forms"): `""`, a recipient code matching
/// `^[A-Z0-9]{6,7}$` (FatturaPA `CodiceDestinatarioType`), or a PEC email address (Assumption
/// 17, [`is_email_address`]); anything else of at most 256 characters (see
/// [`Reader::invoice_recipient`]) is Malformed with the seed's description.
pub(crate) fn is_invoice_recipient(text: &str) -> bool {
    text.is_empty() || is_recipient_code(text) || is_email_address(text)
}

/// `^[A-Z0-9]{6,7}$`.
fn is_recipient_code(text: &str) -> bool {
    (6..=7).contains(&text.len())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
}

/// Assumption 17 (reference §4.2, §5.2, "PEC address syntax"): Open2b documents no syntax for the
/// PEC address of `invoiceRecipient`, and a PEC address is an ordinary email address, so it is an
/// SMTP mailbox (RFC 5321 §4.1.2) without the rare forms (quoted local parts, address literals)
/// and in ASCII:
///
/// - a local part of at most 64 characters (RFC 5321 §4.5.3.1.1) that is a `dot-atom` (RFC 5322
///   §3.2.3): atoms of letters, digits and ``!#$%&'*+-/=?^_`{|}~``, joined by single dots, with
///   no dot first or last;
/// - one `@`;
/// - a domain of two labels or more, joined by single dots, each of 1 to 63 letters, digits and
///   hyphens, neither first nor last a hyphen (RFC 1123 §2.1); the 256 characters of the field
///   keep it within the 255 of RFC 5321 §4.5.3.1.2.
///
/// So `mario..rossi@pec.it` and `a,b@pec.it` are refused, and `a@b.it` is accepted.
fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    local.len() <= LOCAL_PART_MAX
        && local.split('.').all(is_atom)
        && domain.contains('.')
        && domain.split('.').all(is_domain_label)
}

/// The longest local part of an email address (RFC 5321 §4.5.3.1.1).
const LOCAL_PART_MAX: usize = 64;

/// An `atom` of RFC 5322 §3.2.3: one `atext` character or more.
fn is_atom(atom: &str) -> bool {
    !atom.is_empty()
        && atom
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&byte))
}

/// A label of a host name (RFC 1123 §2.1): 1 to 63 letters, digits and hyphens, not starting or
/// ending with a hyphen.
fn is_domain_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
}
