//! The conformance corpus's two file formats, read in one place for every runner and tool: a
//! case (`tests/conformance/*.json`) and a fixture, the state a shop starts from
//! (`tests/fixtures/*.json`, `tests/fixtures/README.md`).
//!
//! Both formats are closed: a member the format does not name is refused, so a misspelt
//! `expect_stored` fails loudly instead of being skipped. The caller reads the file; a refusal
//! names the member where reading stopped (`request.headers: …`, `magento.customers[0].dob: …`)
//! with the reader's line and column, and never shows a quoted value whole: fixtures and cases
//! hold admin tokens and customer keys.
//!
//! ```
//! use customer_rules::corpus::{Case, Platform};
//!
//! let case = Case::from_json(r#"{
//!     "name": "open2b: an empty update changes nothing",
//!     "platform": "open2b",
//!     "fixture": "default",
//!     "source": "assumption 1",
//!     "request": { "method": "POST", "path": "/api/v10/storefront.update-customer",
//!                  "headers": { "X-Customer-Key": "78FzLADvJ3naIe8d/CJQMA" }, "body": {} },
//!     "expect": { "status": 200, "body": { "status": "ok" } }
//! }"#).unwrap();
//! assert_eq!(case.platform, Platform::Open2b);
//!
//! let misspelt = Case::from_json(r#"{"name": "x", "platfrom": "open2b"}"#).unwrap_err();
//! assert_eq!(misspelt.path, "platfrom");
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::HttpRequest;
use crate::magento::{self, Clock, Profile};
use crate::open2b;

/// The shop a case is answered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Magento 2 (`"magento"`).
    Magento,
    /// Open2b 7.5 (`"open2b"`).
    Open2b,
}

/// One conformance case: a request to a shop in a fixture's state, and what the shop answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows, prefixed by its platform (`"magento: …"`).
    pub name: String,
    /// The shop that answers.
    pub platform: Platform,
    /// The fixture the shop starts from: `tests/fixtures/<fixture>.json`.
    pub fixture: String,
    /// Magento: the profile the shop runs, in place of the fixture's `version` (every Magento
    /// case names one; an Open2b case none).
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Magento: the instant the request is answered at, RFC 3339 (every Magento case gives
    /// one; an Open2b case, whose rules read no clock, none). See [`Case::clock`].
    #[serde(default, deserialize_with = "instant")]
    pub now: Option<jiff::Timestamp>,
    /// Where the expected answer comes from: the shop's file (and blob) or test, or the
    /// reference's assumption.
    pub source: String,
    /// The request as the shop receives it.
    #[serde(deserialize_with = "request")]
    pub request: HttpRequest,
    /// The answer.
    pub expect: Expect,
    /// A partial view of the customer after the request (the customer of the request's path
    /// or key, unchanged when the request is refused), compared by [`mismatches`]: Magento
    /// in the fixture's stored-customer shape, Open2b in the read shape of
    /// `storefront.customer`.
    #[serde(default)]
    pub expect_stored: Option<Value>,
}

/// The answer a case expects.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The HTTP status.
    pub status: u16,
    /// The body after JSON parsing, equal to the shop's; a string for a body that is not JSON.
    #[serde(deserialize_with = "Value::deserialize")]
    pub body: Value,
}

/// The `request` of a case: [`HttpRequest`] with every member named, and a body given at most
/// one way.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseRequest {
    method: String,
    path: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    raw: Option<String>,
}

fn request<'de, D: Deserializer<'de>>(deserializer: D) -> Result<HttpRequest, D::Error> {
    let CaseRequest {
        method,
        path,
        headers,
        body,
        raw,
    } = CaseRequest::deserialize(deserializer)?;
    if body.is_some() && raw.is_some() {
        return Err(serde::de::Error::custom(
            "a request has a JSON `body` or a `raw` one, not both",
        ));
    }
    Ok(HttpRequest {
        method,
        path,
        headers,
        body,
        raw,
    })
}

fn instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<jiff::Timestamp>, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse()
        .map(Some)
        .map_err(|error| serde::de::Error::custom(format!("not an RFC 3339 instant: {error}")))
}

impl Case {
    /// Reads a case from the text of its file.
    pub fn from_json(text: &str) -> Result<Case, CorpusError> {
        let case: Case = read(text)?;
        let (profile, now) = match case.platform {
            Platform::Magento => (
                "a Magento case names the profile of the shop that answers it",
                "a Magento case gives the instant it is answered at",
            ),
            Platform::Open2b => (
                "an Open2b case has no profile",
                "an Open2b case has no clock",
            ),
        };
        let magento = case.platform == Platform::Magento;
        if case.profile.is_some() != magento {
            return Err(CorpusError::at("profile", profile));
        }
        if case.now.is_some() != magento {
            return Err(CorpusError::at("now", now));
        }
        Ok(case)
    }

    /// The Magento shop that answers the case: the fixture's (a fresh install when it has
    /// none), running the case's profile.
    pub fn magento_shop(&self, fixture: &Fixture) -> magento::Shop {
        let mut shop = fixture.magento.clone().unwrap_or_default();
        if let Some(profile) = &self.profile {
            shop.version = profile.clone();
        }
        shop
    }

    /// The store's clock at the case's `now` in the timezone of `shop`'s configuration; `None`
    /// for a case without a clock.
    pub fn clock(&self, shop: &magento::Shop) -> Option<Clock> {
        let now = self.now?;
        Some(Clock::at(now, shop.store_config().timezone()))
    }
}

/// A fixture: the state each shop starts from. A platform left out is not described by the
/// fixture; a shop that must run anyway starts as a fresh install (`unwrap_or_default`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The Magento shop: its profile, configuration, websites, stores, groups, tokens,
    /// customers and directory.
    #[serde(default)]
    pub magento: Option<magento::Shop>,
    /// The Open2b store: its customers with their keys, carts, newsletter lists and privacy
    /// processings.
    #[serde(default)]
    pub open2b: Option<open2b::Shop>,
}

impl Fixture {
    /// Reads a fixture from the text of its file.
    pub fn from_json(text: &str) -> Result<Fixture, CorpusError> {
        read(text)
    }
}

/// Why a case or a fixture was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// The member where reading stopped, e.g. `request.headers` or `magento.customers[0].dob`;
    /// `.` for the file as a whole.
    pub path: String,
    /// Why, with every quoted value shortened (see [`crate::secret::redact_quoted`]).
    pub message: String,
}

impl CorpusError {
    fn at(path: &str, message: &str) -> CorpusError {
        CorpusError {
            path: path.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for CorpusError {}

/// Reads one JSON document into `T`, naming the member path where it stops.
fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, CorpusError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let refused = |path: String, error: serde_json::Error| CorpusError {
        path,
        message: crate::secret::redact_quoted(&error.to_string()),
    };
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| refused(error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| refused(String::from("."), error))?;
    Ok(value)
}

/// How `actual` fails to contain `expected`, one line per difference, each starting with its
/// path below `at`; empty when it contains it. Objects contain by member (an expected `null`
/// also matches a member left out, as a stored record leaves out what is not set), arrays
/// element by element with equal length, scalars by equality.
pub fn mismatches(expected: &Value, actual: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    collect_mismatches(expected, actual, at, &mut found);
    found
}

fn collect_mismatches(expected: &Value, actual: &Value, at: &str, found: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (name, value) in expected {
                match actual.get(name) {
                    Some(actual) => {
                        collect_mismatches(value, actual, &format!("{at}.{name}"), found)
                    }
                    None if value.is_null() => {}
                    None => found.push(format!("{at}.{name}: missing, expected {value}")),
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) if expected.len() == actual.len() => {
            for (index, (expected, actual)) in expected.iter().zip(actual).enumerate() {
                collect_mismatches(expected, actual, &format!("{at}[{index}]"), found);
            }
        }
        _ if expected == actual => {}
        _ => found.push(format!("{at}: expected {expected}, got {actual}")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::{Case, CorpusError, Fixture, Platform, mismatches};

    fn corpus_files(folder: &str) -> Vec<PathBuf> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests")
            .join(folder);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .collect();
        files.sort();
        files
    }

    fn case(changes: serde_json::Value) -> serde_json::Value {
        let mut case = json!({
            "name": "magento: a case",
            "platform": "magento",
            "fixture": "default",
            "profile": "2.4.8-p1",
            "now": "2026-06-15T12:00:00Z",
            "source": "assumption 1",
            "request": {
                "method": "PUT",
                "path": "/rest/default/V1/customers/1",
                "headers": { "Content-Type": "application/json" },
                "body": { "customer": {} }
            },
            "expect": { "status": 200, "body": { "id": 1 } },
            "expect_stored": { "id": 1 }
        });
        merge(&mut case, changes);
        case
    }

    /// `changes` into `value`: objects member by member, `null` removes a member.
    fn merge(value: &mut serde_json::Value, changes: serde_json::Value) {
        match (value, changes) {
            (serde_json::Value::Object(value), serde_json::Value::Object(changes)) => {
                for (name, change) in changes {
                    if change.is_null() {
                        value.remove(&name);
                    } else {
                        merge(value.entry(name).or_insert(serde_json::Value::Null), change);
                    }
                }
            }
            (value, change) => *value = change,
        }
    }

    fn refusal(case: &serde_json::Value) -> CorpusError {
        Case::from_json(&case.to_string()).unwrap_err()
    }

    #[test]
    fn every_case_and_fixture_of_the_corpus_reads() {
        let cases = corpus_files("conformance");
        assert!(cases.len() > 900, "{} cases", cases.len());
        let mut fixtures = std::collections::BTreeSet::new();
        for file in &cases {
            let case = Case::from_json(&std::fs::read_to_string(file).unwrap())
                .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            fixtures.insert(case.fixture);
        }
        let files = corpus_files("fixtures");
        for file in &files {
            Fixture::from_json(&std::fs::read_to_string(file).unwrap())
                .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        }
        for name in fixtures {
            assert!(
                files
                    .iter()
                    .any(|file| file.file_stem().is_some_and(|stem| *stem == *name)),
                "no fixture {name}"
            );
        }
    }

    #[test]
    fn a_case_reads_into_its_types() {
        let case = Case::from_json(&case(json!({})).to_string()).unwrap();
        assert_eq!(case.platform, Platform::Magento);
        assert_eq!(case.profile.unwrap().to_string(), "2.4.8-p1");
        assert_eq!(
            case.request.header("content-type"),
            Some("application/json")
        );
        assert_eq!(case.expect.status, 200);
        assert_eq!(case.expect_stored, Some(json!({ "id": 1 })));
    }

    #[test]
    fn a_misspelt_member_is_refused_with_its_path() {
        let misspelt = refusal(&case(
            json!({ "expect_stored": null, "expected_stored": {} }),
        ));
        assert_eq!(misspelt.path, "expected_stored");
        assert!(
            misspelt
                .message
                .starts_with("unknown field `expected_stored`"),
            "{misspelt}"
        );

        let mut nested = case(json!({}));
        nested["expect"] = json!({ "status": 200, "bdy": {} });
        assert_eq!(refusal(&nested).path, "expect.bdy");

        let mut header = case(json!({}));
        header["request"]["header"] = json!({});
        assert_eq!(refusal(&header).path, "request.header");

        let fixture = Fixture::from_json(
            r#"{"magento": {"stores": [{"id": 1, "code": "default", "website": 1}]}}"#,
        )
        .unwrap_err();
        assert_eq!(fixture.path, "magento.stores[0].website");
        let fixture = Fixture::from_json(r#"{"open2b": {}, "open2bb": {}}"#).unwrap_err();
        assert_eq!(fixture.path, "open2bb");
    }

    #[test]
    fn a_member_missing_or_of_the_wrong_type_is_refused_with_its_path() {
        assert_eq!(refusal(&case(json!({ "source": null }))).path, ".");
        let mut no_body = case(json!({}));
        no_body["expect"] = json!({ "status": 200 });
        let refused = refusal(&no_body);
        assert_eq!(
            (
                refused.path.as_str(),
                refused.message.starts_with("missing field `body`")
            ),
            ("expect", true),
            "{refused}"
        );
        assert_eq!(
            refusal(&case(json!({ "expect": { "status": "200" } }))).path,
            "expect.status"
        );
        assert_eq!(
            refusal(&case(json!({ "platform": "shopify" }))).path,
            "platform"
        );
        assert_eq!(
            refusal(&case(json!({ "profile": "2.3.0" }))).path,
            "profile"
        );
        assert_eq!(refusal(&case(json!({ "now": "June 15th" }))).path, "now");
        assert_eq!(
            refusal(&case(json!({ "request": { "raw": "{" } }))).path,
            "request"
        );
    }

    #[test]
    fn a_magento_case_names_its_profile_and_clock_and_an_open2b_case_neither() {
        assert_eq!(refusal(&case(json!({ "profile": null }))).path, "profile");
        assert_eq!(refusal(&case(json!({ "now": null }))).path, "now");
        let open2b = case(json!({ "platform": "open2b", "profile": null }));
        assert_eq!(refusal(&open2b).path, "now");
        let open2b = case(json!({ "platform": "open2b", "now": null }));
        assert_eq!(refusal(&open2b).path, "profile");
        let open2b = case(json!({ "platform": "open2b", "now": null, "profile": null }));
        assert!(Case::from_json(&open2b.to_string()).is_ok());
    }

    #[test]
    fn text_after_the_document_is_refused() {
        let text = format!("{} {{}}", case(json!({})));
        assert_eq!(Case::from_json(&text).unwrap_err().path, ".");
    }

    #[test]
    fn a_refusal_shows_no_token_whole() {
        let refused = Fixture::from_json(
            r#"{"magento": {"admin_tokens": "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.admin.token"}}"#,
        )
        .unwrap_err();
        assert_eq!(refused.path, "magento.admin_tokens");
        assert!(refused.message.contains("\"eyJr…\""), "{refused}");
        assert!(!refused.to_string().contains("admin.token"), "{refused}");
    }

    #[test]
    fn the_case_runs_on_the_fixture_shop_with_its_profile_and_the_store_clock() {
        let case =
            Case::from_json(&case(json!({ "now": "2026-06-15T03:00:00Z" })).to_string()).unwrap();
        let fixture = Fixture::from_json(
            r#"{"magento": {"version": "2.4.7", "config": {"general/locale/timezone": "America/Los_Angeles"}}}"#,
        )
        .unwrap();
        let shop = case.magento_shop(&fixture);
        assert_eq!(shop.version.to_string(), "2.4.8-p1");
        let clock = case.clock(&shop).unwrap();
        assert_eq!(clock.today.to_string(), "2026-06-14");
        assert_eq!(clock.now, "2026-06-15 03:00:00");
        assert_eq!(case.magento_shop(&Fixture::default()).customers, vec![]);
    }

    #[test]
    fn mismatches_name_each_difference_by_path() {
        let actual = json!({ "id": 1, "addresses": [{ "city": "Austin", "street": ["1 Main"] }] });
        assert!(
            mismatches(
                &json!({ "addresses": [{ "city": "Austin" }], "dob": null }),
                &actual,
                "stored"
            )
            .is_empty()
        );
        assert_eq!(
            mismatches(
                &json!({ "id": 2, "email": "a@b.c", "addresses": [{ "street": ["2 Main"] }] }),
                &actual,
                "stored"
            ),
            [
                "stored.id: expected 2, got 1",
                "stored.email: missing, expected \"a@b.c\"",
                "stored.addresses[0].street[0]: expected \"2 Main\", got \"1 Main\"",
            ]
        );
        assert_eq!(
            mismatches(&json!({ "addresses": [] }), &actual, "stored").len(),
            1
        );
    }
}
