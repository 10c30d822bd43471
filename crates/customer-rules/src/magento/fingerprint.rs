//! Which profile a live shop runs, told from its answers to requests it must refuse
//! (`customer fingerprint`, `MagentoClient::fingerprint`).
//!
//! Every probe is a `PUT /V1/customers/{id}` on an existing customer whose last address has a
//! country no shop allows (`XX`): `Address/Validator/Country` refuses it in stage E2, so the
//! request never ends well. Whatever the probe changes before that address is either refused
//! earlier or rolled back: `CustomerRepository::save` runs inside
//! `Customer/Model/Plugin/CustomerRepository/TransactionWrapper::aroundSave` (blob `45041b10`,
//! 2.4.7 … 2.4.8-p1), which rolls back on any exception, and `AbstractResource::rollBack`
//! (blob `78cb485b`) drops the commit callbacks (indexers) with it. `AddressRepository::save`
//! validates an address before writing it, so the refused address is never written at all.
//!
//! Each probe sets one value that tells profiles apart: a date of birth in the future (the Dob
//! validator), the body naming `customer.Id` (2.4.7's merge), a default address the request does
//! not list (#38878), a constructor member (the CVE-2025-54236 fix), a `<script>` string (the
//! webapi check of 2.4.8), or an address before the refused one whose name, street, city and
//! telephone only some validator variants accept. The answers every profile gives are predicted
//! by [`respond`] on the customer as the shop shows it; profiles that answer every request alike
//! form one [`ProfileClass`]. The probes are chosen one at a time, each the one that splits the
//! classes still in question best, so a shop is told with few calls.
//!
//! Assumptions: the shop's configuration is an install's for what the probes read (telephone
//! required, the install's regions of the United States, `XX` not a country); a shop configured
//! otherwise gives answers that fit no class, reported as unknown. A customer whose own stored
//! data fails a customer check (an invalid email, a group that no longer exists) is refused alike
//! by every profile: pick another customer.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::pattern::Check;
use super::profile::{Profile, Rules};
use super::{Clock, Group, Shop, Store, StoredCustomer, Website, respond};
use crate::{HttpRequest, ShopResponse};

/// What a probe changes in the body every probe starts from.
enum Trial {
    /// `customer.dob`.
    Dob(&'static str),
    /// The body names the customer as `customer.Id` (capital I) and leaves the email out: 2.4.7
    /// then saves the body alone, which has no email (`Customer/Model/Plugin/UpdateCustomer`).
    BodyId,
    /// `customer.default_billing` names a stored address (or id 1) that the request does not list.
    DefaultBilling,
    /// A member named like a constructor parameter of the customer data object.
    ConstructorMember(&'static str),
    /// A string the webapi layer of 2.4.8 and later refuses, on the refused address.
    Script(&'static str),
    /// An address before the refused one, with these values.
    Address {
        firstname: &'static str,
        street: &'static str,
        city: &'static str,
        telephone: &'static str,
    },
}

/// One candidate probe: what it tells apart, and what it sends.
struct ProbeRow {
    tells: &'static str,
    trial: Trial,
}

/// A hundred letters and a final newline: ACSD-67904's City (C3q) refuses it (its anchored
/// pattern matches without the newline, and the match is not the value), C1 refuses the hundred
/// letters' run, C4q, C5 and no check accept it.
const HUNDRED_LETTERS_AND_NEWLINE: &str = concat!(
    "Aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "aaaaaaaaaa",
    "\n"
);

/// The candidate probes, in the order a tie is settled. Values from the variants' differences
/// (`pattern.rs`, reference sheet `magento-versions.md` §3–§4); every value is at most 255
/// characters, so that no column of the address table truncates it.
const PROBES: &[ProbeRow] = &[
    ProbeRow {
        tells: "address Name (2.4.7-p7, ACSD-66093, 2.4.8), Street S1/S2, City C1/C3q, \
                Telephone T1/T3q: a name with `!`, a street of S1's eleven-character unit and \
                `!`, 100 letters and a newline, 21 digits",
        trial: Trial::Address {
            firstname: "Probe!",
            street: "a,-x'’`& 1]!",
            city: HUNDRED_LETTERS_AND_NEWLINE,
            telephone: "123456789012345678901",
        },
    },
    ProbeRow {
        tells: "City C4q/C5 and Telephone T5: `Paris!`, a telephone of letters",
        trial: Trial::Address {
            firstname: "Probe",
            street: "1 Main Street",
            city: "Paris!",
            telephone: "aaaa",
        },
    },
    ProbeRow {
        tells: "the Dob validator (2.4.8 and later): a date of birth in 2999",
        trial: Trial::Dob("2999-12-31"),
    },
    ProbeRow {
        tells: "the merge of 2.4.7, skipped when the body names `customer.Id`",
        trial: Trial::BodyId,
    },
    ProbeRow {
        tells: "default addresses checked against the request's addresses (2.4.7 … 2.4.7-p3, \
                #38878) or the stored ones",
        trial: Trial::DefaultBilling,
    },
    ProbeRow {
        tells: "constructor members of the body (taken before the CVE-2025-54236 fix of \
                2.4.7-p8 and 2.4.8-p3): `customer.data`",
        trial: Trial::ConstructorMember("data"),
    },
    ProbeRow {
        tells: "the webapi `<script>` check (2.4.8 and later)",
        trial: Trial::Script("<script>x</script>"),
    },
];

/// One request a fingerprint may send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Probe {
    /// What the probe tells apart, and how.
    pub tells: &'static str,
    /// The body of `PUT /V1/customers/{id}`.
    pub body: Value,
}

/// Profiles that answer every request of this endpoint alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileClass {
    /// The members, per patch or modifier set, as ranges of consecutive releases
    /// (`2.4.8…2.4.8-p5+ACP2E-4528, 2.4.9-candidate-b`).
    pub name: String,
    /// Every member; any of them configures the package alike.
    pub profiles: Vec<Profile>,
}

/// The shop's answer to one probe.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// The probe's index in [`Fingerprinter::probes`].
    pub probe: usize,
    /// What the shop answered.
    pub response: ShopResponse,
}

/// One probe, its answer, and the classes that answer so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeEvidence {
    /// What the probe tells apart, and how.
    pub tells: &'static str,
    /// What the shop answered.
    pub answer: ShopResponse,
    /// The names of the classes still in question that give this answer.
    pub kept: Vec<String>,
    /// How many classes were in question before the probe.
    pub of: usize,
}

/// What the answers say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fingerprint {
    /// The class of profiles the shop runs; `None` when the answers fit no profile.
    pub class: Option<ProfileClass>,
    /// Every probe answered, in order, while some class fitted.
    pub evidence: Vec<ProbeEvidence>,
    /// The answers no class gives: from the first that fitted none, in order.
    pub unknown: Vec<ProbeEvidence>,
}

/// The probes for one customer, and every class's answer to each.
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    probes: Vec<Probe>,
    classes: Vec<ProfileClass>,
    /// `predicted[class][probe]`.
    predicted: Vec<Vec<ShopResponse>>,
}

/// The bearer token of the shop the answers are predicted on.
const TOKEN: &str = "fingerprint";

impl Fingerprinter {
    /// The probes for `customer` (as the shop shows it: the `GET /V1/customers/{id}` answer read
    /// as a [`StoredCustomer`]), and every class's answers to them at `clock`.
    pub fn new(customer: &StoredCustomer, clock: &Clock) -> Fingerprinter {
        let probes: Vec<Probe> = PROBES
            .iter()
            .map(|row| Probe {
                tells: row.tells,
                body: body(&row.trial, customer),
            })
            .collect();
        let classes = classes(Profile::all());
        let request = |body: &Value| HttpRequest {
            method: String::from("PUT"),
            path: format!("/rest/default/V1/customers/{}", customer.id),
            headers: [
                (String::from("Authorization"), format!("Bearer {TOKEN}")),
                (
                    String::from("Content-Type"),
                    String::from("application/json"),
                ),
            ]
            .into_iter()
            .collect(),
            body: Some(body.clone()),
            raw: None,
        };
        let requests: Vec<HttpRequest> = probes.iter().map(|p| request(&p.body)).collect();
        let predicted = classes
            .iter()
            .map(|class| {
                let shop = shop_of(&class.profiles[0], customer);
                requests
                    .iter()
                    .map(|request| respond(&shop, request, clock).response)
                    .collect()
            })
            .collect();
        Fingerprinter {
            probes,
            classes,
            predicted,
        }
    }

    /// Every candidate probe.
    pub fn probes(&self) -> &[Probe] {
        &self.probes
    }

    /// Every class of profiles.
    pub fn classes(&self) -> &[ProfileClass] {
        &self.classes
    }

    /// The answer the profiles of class `class` give to probe `probe`.
    pub fn predicted(&self, class: usize, probe: usize) -> Option<&ShopResponse> {
        self.predicted.get(class)?.get(probe)
    }

    /// The probe to send next: of those not answered yet, the one whose answers leave the fewest
    /// classes in the worst case (then the one with most different answers). `None` when one
    /// class is left, none fits, or no probe tells the classes left apart.
    pub fn next_probe(&self, answers: &[Answered]) -> Option<usize> {
        let left = self.fitting(answers);
        if left.len() < 2 {
            return None;
        }
        let mut best: Option<(usize, (usize, usize))> = None;
        for probe in 0..self.probes.len() {
            if answers.iter().any(|answered| answered.probe == probe) {
                continue;
            }
            let groups = self.split(&left, probe);
            if groups.len() < 2 {
                continue;
            }
            let largest = groups.iter().map(Vec::len).max().unwrap_or(0);
            let score = (largest, usize::MAX - groups.len());
            if best.is_none_or(|(_, best_score)| score < best_score) {
                best = Some((probe, score));
            }
        }
        best.map(|(probe, _)| probe)
    }

    /// What the answers say: the class that gives them all, with the evidence of each answer.
    /// Classes no probe tells apart are named together.
    pub fn identify(&self, answers: &[Answered]) -> Fingerprint {
        let mut left: Vec<usize> = (0..self.classes.len()).collect();
        let mut evidence = Vec::new();
        let mut unknown = Vec::new();
        for answered in answers {
            let answer = without_trace(&answered.response);
            let kept: Vec<usize> = left
                .iter()
                .copied()
                .filter(|class| self.predicted(*class, answered.probe) == Some(&answer))
                .collect();
            let entry = ProbeEvidence {
                tells: self.probes.get(answered.probe).map_or("", |p| p.tells),
                answer,
                kept: kept
                    .iter()
                    .filter_map(|class| self.classes.get(*class))
                    .map(|class| class.name.clone())
                    .collect(),
                of: left.len(),
            };
            if kept.is_empty() || !unknown.is_empty() {
                unknown.push(entry);
            } else {
                evidence.push(entry);
                left = kept;
            }
        }
        let class = (unknown.is_empty() && !left.is_empty()).then(|| {
            let profiles: Vec<Profile> = left
                .iter()
                .filter_map(|class| self.classes.get(*class))
                .flat_map(|class| class.profiles.iter().cloned())
                .collect();
            ProfileClass {
                name: class_name(&profiles),
                profiles,
            }
        });
        Fingerprint {
            class,
            evidence,
            unknown,
        }
    }

    /// The classes that give every answer.
    fn fitting(&self, answers: &[Answered]) -> Vec<usize> {
        (0..self.classes.len())
            .filter(|class| {
                answers.iter().all(|answered| {
                    self.predicted(*class, answered.probe)
                        == Some(&without_trace(&answered.response))
                })
            })
            .collect()
    }

    /// The classes of `left` grouped by their answer to `probe`.
    fn split(&self, left: &[usize], probe: usize) -> Vec<Vec<usize>> {
        let mut groups: Vec<(&ShopResponse, Vec<usize>)> = Vec::new();
        for class in left {
            let Some(answer) = self.predicted(*class, probe) else {
                continue;
            };
            match groups.iter_mut().find(|(seen, _)| *seen == answer) {
                Some((_, members)) => members.push(*class),
                None => groups.push((answer, vec![*class])),
            }
        }
        groups.into_iter().map(|(_, members)| members).collect()
    }
}

/// An answer without the `trace` a shop in developer mode adds to its errors.
fn without_trace(response: &ShopResponse) -> ShopResponse {
    let mut response = response.clone();
    if let Value::Object(body) = &mut response.body {
        body.remove("trace");
    }
    response
}

/// The body of one probe for `customer`.
fn body(trial: &Trial, customer: &StoredCustomer) -> Value {
    // Names every profile's Name validator accepts, so that the stored ones cannot make every
    // profile refuse the customer alike; no default address, so that #38878 (a default address
    // the request does not list) refuses only the probe meant for it.
    let mut fields = Map::new();
    fields.insert("firstname".into(), json!("Probe"));
    fields.insert("lastname".into(), json!("Probe"));
    if customer
        .middlename
        .as_deref()
        .is_some_and(|m| !m.is_empty())
    {
        fields.insert("middlename".into(), json!("Probe"));
    }
    fields.insert("default_billing".into(), json!(""));
    fields.insert("default_shipping".into(), json!(""));
    let mut refused = json!({
        "firstname": "Probe",
        "lastname": "Probe",
        "street": ["1 Main Street"],
        "city": "Springfield",
        "country_id": "XX",
        "postcode": "90210",
        "telephone": "5550100",
    });
    let stored_address = customer.addresses.first().map(|address| address.id);
    let mut addresses = Vec::new();
    match trial {
        Trial::Dob(date) => {
            fields.insert("dob".into(), json!(date));
        }
        Trial::BodyId => {
            fields.insert("Id".into(), json!(customer.id));
        }
        Trial::DefaultBilling => {
            fields.insert(
                "default_billing".into(),
                json!(stored_address.unwrap_or(1).to_string()),
            );
        }
        Trial::ConstructorMember(name) => {
            fields.insert((*name).into(), json!([]));
        }
        Trial::Script(text) => {
            refused["company"] = json!(text);
        }
        Trial::Address {
            firstname,
            street,
            city,
            telephone,
        } => {
            // A stored address is updated, not inserted: a rolled-back insert would still use up
            // an id of the table's auto-increment.
            let mut address = json!({
                "firstname": firstname,
                "lastname": "Probe",
                "street": [street],
                "city": city,
                "country_id": "US",
                "region_id": 12,
                "region": {"region_id": 12, "region_code": "CA", "region": "California"},
                "postcode": "90210",
                "telephone": telephone,
            });
            if let Some(id) = stored_address {
                address["id"] = json!(id);
            }
            addresses.push(address);
        }
    }
    addresses.push(refused);
    fields.insert("addresses".into(), Value::Array(addresses));
    json!({ "customer": fields })
}

/// A shop of `profile` holding `customer`, with the group, website and store the customer names
/// (only their existence is read).
fn shop_of(profile: &Profile, customer: &StoredCustomer) -> Shop {
    let mut shop = Shop {
        version: profile.clone(),
        admin_tokens: vec![String::from(TOKEN)],
        customers: vec![customer.clone()],
        ..Shop::default()
    };
    if !shop.groups.iter().any(|g| g.id == customer.group_id) {
        shop.groups.push(Group {
            id: customer.group_id,
            code: String::from("customer's group"),
        });
    }
    if !shop.websites.iter().any(|w| w.id == customer.website_id) {
        shop.websites.push(Website {
            id: customer.website_id,
            code: String::from("customer's website"),
        });
    }
    if !shop.stores.iter().any(|s| s.id == customer.store_id) {
        shop.stores.push(Store {
            id: customer.store_id,
            code: String::from("customer's store"),
            website_id: customer.website_id,
            locale: None,
        });
    }
    shop
}

/// Whether two validator slots answer alike: the same matcher, fields and messages (a variant
/// that runs the same code under another file header, as C4 and C4q, answers as that one).
fn same_check(a: Option<&'static Check>, b: Option<&'static Check>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.matcher == b.matcher && a.fields == b.fields && a.street == b.street
        }
        (None, None) => true,
        _ => false,
    }
}

/// Whether two profiles answer every request alike: the same rules, validators compared by
/// what they do. Any other field of [`Rules`] is compared as it is, so that a new one can only
/// set profiles apart.
fn answers_alike(a: &Profile, b: &Profile) -> bool {
    let (a, b) = (a.rules(), b.rules());
    let without_validators = |rules: &Rules| Rules {
        customer_name: None,
        address_name: None,
        street: None,
        city: None,
        telephone: None,
        ..*rules
    };
    without_validators(a) == without_validators(b)
        && same_check(a.customer_name, b.customer_name)
        && same_check(a.address_name, b.address_name)
        && same_check(a.street, b.street)
        && same_check(a.city, b.city)
        && same_check(a.telephone, b.telephone)
}

/// `profiles` grouped into classes, in the order of their first member.
fn classes(profiles: Vec<Profile>) -> Vec<ProfileClass> {
    let mut groups: Vec<Vec<Profile>> = Vec::new();
    for profile in profiles {
        match groups.iter_mut().find(|group| {
            group
                .first()
                .is_some_and(|first| answers_alike(first, &profile))
        }) {
            Some(group) => group.push(profile),
            None => groups.push(vec![profile]),
        }
    }
    groups
        .into_iter()
        .map(|profiles| ProfileClass {
            name: class_name(&profiles),
            profiles,
        })
        .collect()
}

/// The name of a set of profiles: per patch or modifier set (in the order first met), its
/// releases as ranges `first…last` of releases consecutive in the release table.
fn class_name(profiles: &[Profile]) -> String {
    let releases: Vec<&'static str> = Profile::releases().collect();
    let position = |name: &str| releases.iter().position(|release| *release == name);
    let mut suffixes: Vec<(String, Vec<usize>)> = Vec::new();
    for profile in profiles {
        let name = profile.to_string();
        let suffix = name.get(profile.release().len()..).unwrap_or("").to_owned();
        let Some(index) = position(profile.release()) else {
            continue;
        };
        match suffixes.iter_mut().find(|(seen, _)| *seen == suffix) {
            Some((_, indexes)) => indexes.push(index),
            None => suffixes.push((suffix, vec![index])),
        }
    }
    let mut parts = Vec::new();
    for (suffix, mut indexes) in suffixes {
        indexes.sort_unstable();
        indexes.dedup();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for index in indexes {
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == index => *last = index,
                _ => runs.push((index, index)),
            }
        }
        for (first, last) in runs {
            let name = |index: usize| releases.get(index).copied().unwrap_or("");
            parts.push(if first == last {
                format!("{}{suffix}", name(first))
            } else {
                format!("{}…{}{suffix}", name(first), name(last))
            });
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::magento::{Date, StoredAddress};

    fn clock() -> Clock {
        Clock {
            today: Date::parse_iso("2026-06-15").expect("a date"),
            now: String::from("2026-06-15 12:00:00"),
        }
    }

    fn customer(addresses: Vec<StoredAddress>) -> StoredCustomer {
        StoredCustomer {
            id: 7,
            group_id: 1,
            email: String::from("jane@example.com"),
            firstname: String::from("Jane"),
            lastname: String::from("Doe"),
            website_id: 1,
            store_id: 1,
            default_billing: addresses.first().map(|a| a.id),
            addresses,
            ..StoredCustomer::default()
        }
    }

    fn address(id: i64) -> StoredAddress {
        StoredAddress {
            id,
            country_id: Some(String::from("US")),
            region_id: Some(57),
            region: Some(String::from("Texas")),
            region_code: Some(String::from("TX")),
            street: vec![String::from("1 Elm Street")],
            city: Some(String::from("Austin")),
            postcode: Some(String::from("78701")),
            telephone: Some(String::from("5125550100")),
            firstname: Some(String::from("Jane")),
            lastname: Some(String::from("Doe")),
            ..StoredAddress::default()
        }
    }

    /// Answers every probe as the profile would, choosing probes as a client does.
    fn run(
        fingerprinter: &Fingerprinter,
        profile: &Profile,
        customer: &StoredCustomer,
    ) -> Fingerprint {
        let shop = shop_of(profile, customer);
        let mut answers = Vec::new();
        while let Some(probe) = fingerprinter.next_probe(&answers) {
            let request = HttpRequest {
                method: String::from("PUT"),
                path: format!("/rest/default/V1/customers/{}", customer.id),
                headers: [
                    (String::from("authorization"), format!("Bearer {TOKEN}")),
                    (
                        String::from("content-type"),
                        String::from("application/json"),
                    ),
                ]
                .into_iter()
                .collect(),
                body: Some(fingerprinter.probes()[probe].body.clone()),
                raw: None,
            };
            answers.push(Answered {
                probe,
                response: respond(&shop, &request, &clock()).response,
            });
        }
        fingerprinter.identify(&answers)
    }

    #[test]
    fn every_probe_is_refused_by_every_profile() {
        for customer in [customer(vec![address(3), address(4)]), customer(Vec::new())] {
            let fingerprinter = Fingerprinter::new(&customer, &clock());
            for (class, answers) in fingerprinter.predicted.iter().enumerate() {
                for (probe, answer) in answers.iter().enumerate() {
                    assert!(
                        (400..500).contains(&answer.status),
                        "{} accepts probe {probe}: {answer:?}",
                        fingerprinter.classes[class].name
                    );
                }
            }
        }
    }

    #[test]
    fn every_profile_is_found_in_its_class() {
        for customer in [customer(vec![address(3), address(4)]), customer(Vec::new())] {
            let fingerprinter = Fingerprinter::new(&customer, &clock());
            let mut calls = Vec::new();
            for profile in Profile::all() {
                let found = run(&fingerprinter, &profile, &customer);
                let class = found.class.expect("a class");
                assert!(
                    class.profiles.contains(&profile),
                    "{profile} found as {}",
                    class.name
                );
                assert!(
                    fingerprinter.classes.iter().any(|c| c.name == class.name),
                    "{profile}: classes left together: {}",
                    class.name
                );
                calls.push(found.evidence.len());
            }
            let most = calls.iter().max().copied().unwrap_or(0);
            assert!(most <= 6, "up to {most} probes");
        }
    }

    #[test]
    fn an_answer_no_profile_gives_is_unknown() {
        let customer = customer(vec![address(3)]);
        let fingerprinter = Fingerprinter::new(&customer, &clock());
        let first = fingerprinter.next_probe(&[]).expect("a probe");
        let odd = ShopResponse {
            status: 400,
            body: json!({"message": "Something else."}),
        };
        let found = fingerprinter.identify(&[Answered {
            probe: first,
            response: odd.clone(),
        }]);
        assert_eq!(found.class, None);
        assert!(found.evidence.is_empty());
        assert_eq!(found.unknown.len(), 1);
        assert_eq!(found.unknown[0].answer, odd);
        assert!(found.unknown[0].kept.is_empty());
        assert_eq!(
            fingerprinter.next_probe(&[Answered {
                probe: first,
                response: odd
            }]),
            None
        );
    }

    #[test]
    fn a_developer_mode_trace_does_not_matter() {
        let customer = customer(vec![address(3)]);
        let fingerprinter = Fingerprinter::new(&customer, &clock());
        let probe = fingerprinter.next_probe(&[]).expect("a probe");
        let mut response = fingerprinter
            .predicted(0, probe)
            .expect("an answer")
            .clone();
        response.body["trace"] = json!("#0 vendor/magento/...");
        let found = fingerprinter.identify(&[Answered { probe, response }]);
        assert!(found.unknown.is_empty());
        assert!(
            found.evidence[0]
                .kept
                .contains(&fingerprinter.classes[0].name)
        );
    }

    #[test]
    fn class_names_are_ranges_of_releases_per_patch_set() {
        let profiles = |names: &[&str]| -> Vec<Profile> {
            names
                .iter()
                .map(|name| Profile::parse(name).expect("a profile"))
                .collect()
        };
        assert_eq!(
            class_name(&profiles(&[
                "2.4.8",
                "2.4.8-p1",
                "2.4.8-p2",
                "2.4.8-p4+ACP2E-4528",
                "2.4.8-p5+ACP2E-4528",
                "2.4.8-p5",
            ])),
            "2.4.8…2.4.8-p2, 2.4.8-p5, 2.4.8-p4…2.4.8-p5+ACP2E-4528"
        );
        assert_eq!(class_name(&profiles(&["2.4.7"])), "2.4.7");
    }

    #[test]
    fn classes_join_profiles_that_run_the_same_code() {
        let fingerprinter = Fingerprinter::new(&customer(Vec::new()), &clock());
        let class_of = |name: &str| {
            let profile = Profile::parse(name).expect("a profile");
            fingerprinter
                .classes
                .iter()
                .position(|class| class.profiles.contains(&profile))
        };
        assert_eq!(class_of("2.4.8"), class_of("2.4.8-p2"));
        assert_ne!(class_of("2.4.8"), class_of("2.4.8+ACP2E-4528"));
        assert_eq!(class_of("2.4.7-p6+ACSD-66093"), class_of("2.4.7-p7"));
        // C4 and C4q, T4 and T5: the same code under another file header.
        assert_eq!(
            class_of("2.4.9-candidate-b+no-telephone-check"),
            class_of("2.4.8-p3+ACP2E-4528+no-telephone-check")
        );
        let total: usize = fingerprinter.classes.iter().map(|c| c.profiles.len()).sum();
        assert_eq!(total, Profile::all().len());
    }
}
