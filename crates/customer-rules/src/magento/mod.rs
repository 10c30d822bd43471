//! Magento 2: `PUT /rest/{storeCode}/V1/customers/{customerId}` — deserialization as the
//! webapi layer does it, the `UpdateCustomer` merge, the repository's checks in their order with
//! the exact error bodies, the stored result, and the smallest update between two customers,
//! for the shop the user runs: a [`Profile`] names its release and the quality patches or
//! modifiers applied on it (`2.4.8-p5`, the default; `2.4.8-p3+ACP2E-4528+ACP2E-4555`;
//! `2.4.7-p9`; `2.4.9`; `2.4.8+no-city-check`). The facts and their Magento sources are in the
//! reference sheets (`magento-customer-put.md`, `magento-versions.md`); each rule cites its
//! section or file.
//!
//! # Profiles
//!
//! | Releases | Evidence | What sets them apart |
//! |---|---|---|
//! | 2.4.7 | proven | no Dob, no address validators, no `<script>` check; merges only without a body `customer.Id`; duplicate keys filtered inside `customer` only; default addresses checked against the request's addresses (#38878) |
//! | 2.4.7-p1 … p3 | proven | merges always (admin token); duplicate keys filtered across the body |
//! | 2.4.7-p4 … p6 | proven | default addresses checked against the stored addresses |
//! | 2.4.7-p7 | inferred | the Name validator on addresses (QPT ACSD-66093 natively) |
//! | 2.4.7-p8 … p10 | inferred | and the CVE-2025-54236 fix: no constructor members |
//! | 2.4.8 … 2.4.8-p2 | proven (p2: City, Telephone) | Dob, address Name/Street/City/Telephone, `<script>`, default shipping address listed first |
//! | 2.4.8-p3 … p5 | inferred (City, Telephone proven) | and the CVE-2025-54236 fix |
//! | 2.4.9 | unverified | City, Telephone, Street of `AbstractAddressFieldValidator` (candidate A) |
//! | 2.4.9-candidate-b | unverified | City of ACP2E-4527, Telephone of ACP2E-4735, the 2.4.8 Street |
//!
//! Quality patches: `ACSD-66093` (2.4.7 … p6: Name on addresses), `ACSD-67904`, `ACP2E-4528`
//! (City), `ACP2E-4555` (Telephone), each on 2.4.8 … 2.4.8-p5. Modifiers, for a module that
//! removes a validator: `no-street-check`, `no-city-check`, `no-telephone-check`. For 2.4.9
//! no release tree was reachable: a user compares [`Profile::validator_files`]' git blob hashes
//! with `git hash-object vendor/magento/module-customer/Model/Validator/*.php` on their
//! install. Profiles that answer every request alike ([`Profile::answers_like`]) cannot be told
//! apart from outside; [`Fingerprinter`] finds a live shop's class without changing its data.
//!
//! # Adding a release or a quality patch
//!
//! A release is data: one row of the release table (`profile.rs`), built from an earlier
//! release's rules with the fields that changed; a patch is one row of the patch table with the
//! releases it applies to; a validator file not seen before is one `Check` row (`pattern.rs`:
//! character class, matcher, messages byte for byte, git blob). Steps:
//! 1. compare the release's files on this endpoint's path (`Customer/etc/validation.xml`, the
//!    validators, `CustomerRepository`, `Plugin/UpdateCustomer`, `ServiceInputProcessor`) with
//!    the blobs the tables cite;
//! 2. add the rows; run each new validator file under PHP and add its answers to
//!    `tests/data/magento-validators.json`, which a test compares every `Check` with;
//! 3. add conformance cases whose `"profile"` names the new release, their answers taken from
//!    the release's PHP, citing file and blob. The four runners (native, Node, Chromium, the
//!    reference shop over HTTP) pick them up, and the fingerprint tells the new profile apart as
//!    soon as one of its answers differs.
//!
//! # Language
//!
//! A store view answers in its locale: give [`Config::dictionary`] the view's language packs
//! ([`Dictionary::from_packs`], Magento's precedence order) and [`validate`] answers as that
//! view does; a [`Shop`] translates each store view by its [`Store::locale`]. What is
//! translated where is in the dictionary module's docs and the spec; in short, `message` is the
//! translated template with its placeholders, `errors[]` items stay English, validator lines are
//! translated when they are phrases and the joined text is looked up whole. A violation's
//! `message` is the problem as the shop shows it alone (a plain validator line the pack holds is
//! translated there even when the joined answer keeps it English); its `template` stays the
//! English source, for programs to match on, and its `parameters` are the values the shop fills
//! in (the EAV rules' attribute label in the store's language); the `needs_context` texts are
//! the rules' own and stay English. Choices where no release tree was reachable: the City,
//! Telephone and Street messages of `2.4.9` (and the Telephone of `2.4.9-candidate-b`) are
//! phrases, every other 2.4.9 message plain as in 2.4.8. Deliberate simplification: a
//! translation containing `{` would go through ICU's `MessageFormatter`, which is not modelled
//! (no public pack's row for these messages has one).
//!
//! Entry points: [`respond`] answers one HTTP request against a [`Shop`] (the conformance
//! runner, the reference shop and WASM use it); [`validate`] predicts the answer to a body for a
//! stored customer with what the caller knows ([`Context`]); [`merge`] is the customer stored;
//! [`diff`] the smallest body between two customers; [`read_request`] the webapi deserializer.
//!
//! Deliberate simplifications (each marked where it is made):
//! - the date of birth is read with PHP's whole date grammar (timelib 2022.12, `php_date`),
//!   relative values counting from the clock's `now` in UTC as PHP's do; a zone identifier's
//!   clock comes from its current rule, not the zone database's history;
//! - email uniqueness compares lower-cased text instead of the MySQL column collation;
//! - custom attribute values are read as `mixed`; the shop's custom attribute codes come from the
//!   configuration (none at install);
//! - one configuration scope for every store and website; gender options are the install ids;
//! - the XML request deserializer is not modelled; bracketed query keys are taken as flat keys;
//! - PHP warnings that become 500 answers carry a fixed report id (the shop's is random);
//! - the `idna` crate stands in for ICU's `idn_to_ascii` (transitional mapping is applied
//!   first, and the code points ICU 72 refuses are refused; `idna` always applies the bidi
//!   rule, ICU with flags 0 does not);
//! - a date of birth of digits beyond PHP's integer range is `Invalid date` (PHP throws a
//!   `TypeError` there, which the shop answers with a 500);
//! - with `website_id: null`, the answer is the customer as saved, not re-read through the URL
//!   store's website (which can answer 404 for a customer of another website);
//! - not modelled: newsletter confirmation states, `assistance_allowed` effects, automatic
//!   group assignment, confirmation keys (`customer/account_information/confirm`), `?fields=`.
//!
//! ```
//! use customer_rules::magento::{self, Clock, Config, Context, Date, StoredCustomer};
//! use serde_json::json;
//!
//! let stored = StoredCustomer {
//!     id: 1,
//!     email: "jane@example.com".into(),
//!     firstname: "Jane".into(),
//!     lastname: "Doe".into(),
//!     ..StoredCustomer::default()
//! };
//! let clock = Clock { today: Date::parse_iso("2026-06-15").unwrap(), now: "2026-06-15 12:00:00".into() };
//! let outcome = magento::validate(
//!     &json!({"customer": {"firstname": "John<"}}),
//!     Some(&stored),
//!     &Config::default(),
//!     &Context::default(),
//!     &clock,
//! );
//! assert_eq!(outcome.response.status, 400);
//! assert_eq!(outcome.response.body, json!({"message": "First Name is not valid!"}));
//! ```

mod attributes;
mod categories;
mod char_set;
mod config;
mod deserialize;
mod dictionary;
mod diff;
mod dob;
mod email;
mod error;
mod fingerprint;
mod idn_tables;
mod merge;
mod model;
mod pattern;
mod php;
mod php_date;
mod profile;
mod regions;
mod render;
mod respond;
#[cfg(test)]
mod tests;
mod validate;
mod view;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use config::{Config, Directory, Region, Show};
pub use dictionary::{Dictionary, DictionaryError};
pub use diff::diff;
pub use dob::Date;
pub use fingerprint::{Answered, Fingerprint, Fingerprinter, Probe, ProbeEvidence, ProfileClass};
pub use model::{
    AddressRequest, CustomAttribute, CustomerExtension, CustomerRequest, RegionRequest,
    SaveRequest, StoredAddress, StoredCustomer,
};
pub use profile::{Evidence, Profile, ProfileError};
pub use render::render;
pub use respond::{Exchange, Group, LanguagePackError, Shop, Store, Website, respond};
pub use view::{
    AddressView, AttributeView, CustomerExtensionView, CustomerView, RegionView, customer_view,
};

use crate::Outcome;

/// The TypeScript name of a request field that is a [`Patch`](crate::Patch) (the request types
/// refer to it as `MagentoPatch<T>`).
#[cfg(feature = "typescript")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_PATCH: &str =
    "/** A field of a partial update: left out (absent), `null`, or a value. */
export type MagentoPatch<T> = T | null;";

/// The time of a request, as the caller knows it: Magento compares the date of birth with
/// "today" in the store's timezone (`general/locale/timezone`) and stamps `updated_at` in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Clock {
    /// Today's date in the store's timezone.
    pub today: Date,
    /// Now, `Y-m-d H:i:s` in UTC (written to `updated_at`).
    pub now: String,
}

#[cfg(feature = "clock")]
impl Clock {
    /// The store's clock at `instant`: today in the store's timezone
    /// (`general/locale/timezone`, [`Config::timezone`]; an unknown zone counts as UTC, as PHP
    /// falls back to it) and now in UTC.
    pub fn at(instant: jiff::Timestamp, timezone: &str) -> Clock {
        let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        let today = instant.to_zoned(zone).date();
        Clock {
            today: Date {
                year: i64::from(today.year()),
                month: u32::try_from(today.month()).unwrap_or(1),
                day: u32::try_from(today.day()).unwrap_or(1),
            },
            now: instant.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// The store's clock now, by the system's time.
    pub fn now(timezone: &str) -> Clock {
        Clock::at(jiff::Timestamp::now(), timezone)
    }
}

/// What only the shop knows. A check whose data is missing (`None`) is reported as a violation
/// with `needs_context`, never guessed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Context {
    /// Every customer of the shop (email uniqueness, ids named in the body, address owners).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(type = "MagentoCustomer[]", optional))]
    pub customers: Option<Vec<StoredCustomer>>,
    /// Whether another customer of the website already uses the merged email (asked only when
    /// `customers` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_taken: Option<bool>,
    /// The ids of the customer groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<i64>>,
    /// The ids of the websites (a `website_id` no website has fails the customer row's foreign
    /// key: 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websites: Option<Vec<i64>>,
    /// The ids of the store views (a `store_id` no store has fails the customer row's foreign
    /// key: 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stores: Option<Vec<i64>>,
    /// Regions beyond the install data shipped with the crate.
    #[serde(default)]
    pub directory: Directory,
}

/// Decodes a body's JSON text as PHP's `json_decode` does for the webapi layer: any depth up to
/// 511 nested levels, the shop's 400 `Decoding error.` beyond it or for text that is not JSON.
/// Bindings that receive a body as a value read it through this, so that a body nested deeper
/// than a JSON library's own limit still gets the shop's answer, in the language of `config`'s
/// dictionary.
pub fn decode_body(text: &str, config: &Config) -> Result<Value, Outcome> {
    deserialize::decode_json(text).ok_or_else(|| {
        let error = error::ShopError::plain(400, "Decoding error.");
        Outcome {
            response: error.response(config.translations()),
            violations: vec![error.violation("", config.translations())],
            violations_cut: false,
        }
    })
}

/// Reads a JSON body as the webapi layer of the profile's release does (reference §3.1):
/// duplicate-key filtering, the getter-name match of every key, constructor members, type
/// coercion, `<script>` rejection (2.4.8 and later), `customer` required. A rejection is
/// returned as the [`Outcome`] the shop answers, in English; [`validate`] answers in the
/// language of its configuration's dictionary.
pub fn read_request(body: &Value, profile: &Profile) -> Result<SaveRequest, Outcome> {
    read_request_in(body, profile, None)
}

fn read_request_in(
    body: &Value,
    profile: &Profile,
    dictionary: Option<&Dictionary>,
) -> Result<SaveRequest, Outcome> {
    let webapi = profile.rules().webapi;
    let params = deserialize::input_params(webapi, body, []);
    deserialize::read_save_request(webapi, &params).map_err(|rejection| Outcome {
        response: rejection.error.response(dictionary),
        violations: vec![rejection.error.violation(&rejection.path, dictionary)],
        violations_cut: false,
    })
}

/// Validates a PUT body against the customer of the path id: the shop's exact answer (first
/// failing stage, reference §4) and every violation per field.
///
/// Without the stored customer (`None`), every check that needs no stored state still runs on
/// the values the body carries: formats, lengths, names, dates, the email, the addresses the
/// body sends in full. A field the body leaves out, and anything that depends on the stored
/// customer (its addresses, its defaults, the customer the shop answers with), is undecided: a
/// violation with `needs_context`, one of them at `customer`. The rule for `response` is the
/// same with or without a stored customer: it is exactly the shop's when no violation needs
/// context; otherwise it is the answer the shop gives if every undecided check passes — a
/// refusal is then certain, and an acceptance (`200` with a `null` body when the customer is
/// unknown) is not.
pub fn validate(
    body: &Value,
    stored: Option<&StoredCustomer>,
    config: &Config,
    context: &Context,
    clock: &Clock,
) -> Outcome {
    match read_request_in(body, &config.version, config.translations()) {
        Err(outcome) => outcome,
        Ok(request) => {
            let unknown = StoredCustomer::default();
            let stored_or_unknown = stored.unwrap_or(&unknown);
            // As `respond`: 2.4.7 saves a body that sets `customer.Id` without merging it, on a
            // new customer of the stored customer's store view.
            let unmerged = config.version.rules().merge == profile::MergeRule::UnlessBodyId
                && validate::body_sets_capital_id(body);
            let blank = unmerged.then(|| {
                validate::new_customer(
                    config,
                    (stored_or_unknown.store_id, stored_or_unknown.website_id),
                    clock,
                )
            });
            validate::evaluate(&validate::Input {
                request: &request,
                stored: stored_or_unknown,
                model_base: blank.as_ref(),
                stored_unknown: stored.is_none(),
                config,
                context: context.into(),
                clock,
            })
            .outcome
        }
    }
}

/// The customer the shop stores for a request it accepts (reference §1.2, §3.2): omitted
/// fields kept, `null` a no-op, `""` clears, `created_at` kept, addresses absent re-saved /
/// `[]` deleted / a list saved in order, default flags, `passwordHash`, truncation. New
/// addresses are numbered after the customer's highest address id. It is the save that
/// [`validate`] checks, computed by the same code; for a request the shop refuses it is the
/// customer the save would have written had every check passed.
pub fn merge(
    stored: &StoredCustomer,
    request: &SaveRequest,
    config: &Config,
    clock: &Clock,
) -> StoredCustomer {
    validate::evaluate(&validate::Input {
        request,
        stored,
        model_base: None,
        stored_unknown: false,
        config,
        context: (&Context::default()).into(),
        clock,
    })
    .written
}
