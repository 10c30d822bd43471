//! Magento as a shop runs it: a release, and the quality patches or modifiers applied on it —
//! `2.4.8-p5`, `2.4.8-p3+ACP2E-4528+ACP2E-4555`, `2.4.7-p9`, `2.4.8+no-city-check`. Every
//! release is one row of [`RELEASES`] and every patch or modifier one row of [`ADDITIONS`],
//! each cited to its source (reference sheet `magento-versions.md`); the checks read the
//! resolved [`Rules`], never a release name.
//!
//! # Adding a release or a patch
//!
//! 1. Read what the release changed on this endpoint's path (the files of the reference sheet:
//!    `Customer/etc/validation.xml`, the validators, `CustomerRepository`, `UpdateCustomer`,
//!    `ServiceInputProcessor`), and compare their git blob hashes with the releases here.
//! 2. A validator file not seen before is a new [`Check`](super::pattern::Check) row in
//!    `pattern.rs`: its class, matcher and messages copied byte for byte, its blob hash.
//! 3. Add the row to [`RELEASES`] (or [`ADDITIONS`], with the releases a patch applies to), its
//!    [`Rules`] built from an earlier release's with the fields that changed.
//! 4. Add conformance cases with `"profile"` set to the new name, their answers taken from the
//!    release's PHP, citing file and blob. The four runners pick them up; `customer
//!    fingerprint` tells the new profile apart as soon as some answer differs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::pattern::{
    CITY_C1, CITY_C3Q, CITY_C4, CITY_C4Q, CITY_C5, Check, NAME, STREET_S1, STREET_S2, TELEPHONE_T1,
    TELEPHONE_T3Q, TELEPHONE_T4, TELEPHONE_T5,
};

/// When `UpdateCustomer::beforeSave` merges the body onto the customer of the path id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MergeRule {
    /// 2.4.7: only when the body has no `customer.Id` key (capital I).
    UnlessBodyId,
    /// 2.4.7-p1 and later: always, for an admin token.
    Always,
}

/// Which addresses `CustomerRepository::validateDefaultAddress` accepts a truthy
/// `default_billing` / `default_shipping` from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DefaultAddresses {
    /// ≤ 2.4.7-p3: the request's addresses (#38878).
    Requested,
    /// 2.4.7-p4 and later: the stored customer's addresses.
    Stored,
}

/// How the webapi layer reads the body (`Framework/Webapi/ServiceInputProcessor.php`,
/// `Webapi/Controller/Rest/InputParamsResolver.php`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Webapi {
    /// Keys equal after `strtolower(str_replace('_', '', $k))` are dropped across the whole
    /// input (`InputParamsResolver::filterInputData`, 2.4.7-p1 and later); 2.4.7's
    /// `Customer/Plugin/Webapi/Controller/Rest/ValidateCustomerData` filters inside `customer`
    /// only, and a `customer` that is not an array is a PHP `TypeError` there.
    pub filter_whole_input: bool,
    /// `getConstructorData` fills a constructor parameter from the body member of the same name
    /// (`extensionFactory`, `attributeValueFactory`, `metadataService`, `data`); the
    /// CVE-2025-54236 fix (APSB25-88; 2.4.8-p3, 2.4.7-p8, 2.4.9) skips every parameter whose
    /// type is neither simple nor an `Api\Data` interface, which is all of them here, so such a
    /// member reaches the setters and is "not supported".
    pub constructor_members: bool,
    /// `_createFromArray` refuses a string matching `/<script\b[^>]*>(.*?)<\/script>/is`
    /// (2.4.8 and later; blob ba58dc2b).
    pub script_check: bool,
}

/// Everything that sets one release's answers apart from another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rules {
    pub webapi: Webapi,
    pub merge: MergeRule,
    pub default_addresses: DefaultAddresses,
    /// `Address/Validator/Customer`: the message for an address id of another customer.
    pub address_owner: AddressOwner,
    /// `Customer/Model/Validator/Dob.php` in the `customer`/`save` group.
    pub dob_check: bool,
    /// `Customer/Model/Customer::getDataModel` lists the default shipping address first (2.4.8;
    /// blob 1da156f8), in every answer and in the list a merge re-saves.
    pub default_shipping_first: bool,
    /// The validators of the `customer`/`save` group after EAV (Name).
    pub customer_name: Option<&'static Check>,
    /// The validators of the `customer_address`/`save` group after EAV, in order.
    pub address_name: Option<&'static Check>,
    pub street: Option<&'static Check>,
    pub city: Option<&'static Check>,
    pub telephone: Option<&'static Check>,
}

/// The `Address/Validator/Customer` error for an address that belongs to another customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AddressOwner {
    /// ≤ 2.4.7-p6: `Provided customer ID "%customer_id" isn't related to current customer
    /// address.` with the id of the customer being saved.
    ProvidedCustomerId,
    /// 2.4.8: the duplicate-email message.
    SameEmail,
}

/// How sure a row is (reference sheet, "confidence").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Read from the release's installed files or a patch that names them.
    Proven,
    /// Deduced from release notes and patch version ranges.
    Inferred,
    /// No file of the release was reachable; the likelier code is taken.
    Unverified,
}

/// One Magento release.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Release {
    pub name: &'static str,
    pub evidence: Evidence,
    pub source: &'static str,
    pub rules: Rules,
}

const V2_4_7: Rules = Rules {
    webapi: Webapi {
        filter_whole_input: false,
        constructor_members: true,
        script_check: false,
    },
    merge: MergeRule::UnlessBodyId,
    default_addresses: DefaultAddresses::Requested,
    address_owner: AddressOwner::ProvidedCustomerId,
    default_shipping_first: false,
    dob_check: false,
    customer_name: Some(&NAME),
    address_name: None,
    street: None,
    city: None,
    telephone: None,
};

const V2_4_7_P1: Rules = Rules {
    webapi: Webapi {
        filter_whole_input: true,
        ..V2_4_7.webapi
    },
    merge: MergeRule::Always,
    ..V2_4_7
};

const V2_4_7_P4: Rules = Rules {
    default_addresses: DefaultAddresses::Stored,
    ..V2_4_7_P1
};

const V2_4_7_P7: Rules = Rules {
    address_name: Some(&NAME),
    ..V2_4_7_P4
};

/// The CVE-2025-54236 fix: no body member fills a constructor parameter.
const FIXED_CONSTRUCTOR_DATA: Webapi = Webapi {
    constructor_members: false,
    ..V2_4_7_P1.webapi
};

const V2_4_7_P8: Rules = Rules {
    webapi: FIXED_CONSTRUCTOR_DATA,
    ..V2_4_7_P7
};

const V2_4_8: Rules = Rules {
    webapi: Webapi {
        script_check: true,
        ..V2_4_7_P1.webapi
    },
    merge: MergeRule::Always,
    default_addresses: DefaultAddresses::Stored,
    address_owner: AddressOwner::SameEmail,
    default_shipping_first: true,
    dob_check: true,
    customer_name: Some(&NAME),
    address_name: Some(&NAME),
    street: Some(&STREET_S1),
    city: Some(&CITY_C1),
    telephone: Some(&TELEPHONE_T1),
};

const V2_4_8_P3: Rules = Rules {
    webapi: Webapi {
        script_check: true,
        ..FIXED_CONSTRUCTOR_DATA
    },
    ..V2_4_8
};

const V2_4_9: Rules = Rules {
    street: Some(&STREET_S2),
    city: Some(&CITY_C5),
    telephone: Some(&TELEPHONE_T5),
    ..V2_4_8_P3
};

const V2_4_9_CANDIDATE_B: Rules = Rules {
    street: Some(&STREET_S1),
    city: Some(&CITY_C4),
    telephone: Some(&TELEPHONE_T4),
    ..V2_4_8_P3
};

const TRACKER: &str = "installed tree, controlaltdelete-nl/magento2-code-tracker";
const QPT_66093: &str = "2.4.7-p6 with QPT ACSD-66093 natively (its range ends before 2.4.7-p7)";
const QPT_66093_CVE: &str = "2.4.7-p7 with the CVE-2025-54236 fix natively (APSB25-88)";
const CVE_FIXED: &str = "City and Telephone: the pre-images of QPT ACSD-67904, ACP2E-4528, \
    ACP2E-4555; the CVE-2025-54236 fix natively (APSB25-88)";

/// Every release, oldest first.
pub(super) const RELEASES: &[Release] = &[
    Release {
        name: "2.4.7",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7,
    },
    Release {
        name: "2.4.7-p1",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P1,
    },
    Release {
        name: "2.4.7-p2",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P1,
    },
    Release {
        name: "2.4.7-p3",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P1,
    },
    Release {
        name: "2.4.7-p4",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P4,
    },
    Release {
        name: "2.4.7-p5",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P4,
    },
    Release {
        name: "2.4.7-p6",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_7_P4,
    },
    Release {
        name: "2.4.7-p7",
        evidence: Evidence::Inferred,
        source: QPT_66093,
        rules: V2_4_7_P7,
    },
    Release {
        name: "2.4.7-p8",
        evidence: Evidence::Inferred,
        source: QPT_66093_CVE,
        rules: V2_4_7_P8,
    },
    Release {
        name: "2.4.7-p9",
        evidence: Evidence::Inferred,
        source: QPT_66093_CVE,
        rules: V2_4_7_P8,
    },
    Release {
        name: "2.4.7-p10",
        evidence: Evidence::Inferred,
        source: QPT_66093_CVE,
        rules: V2_4_7_P8,
    },
    Release {
        name: "2.4.8",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_8,
    },
    Release {
        name: "2.4.8-p1",
        evidence: Evidence::Proven,
        source: TRACKER,
        rules: V2_4_8,
    },
    Release {
        name: "2.4.8-p2",
        evidence: Evidence::Inferred,
        source: "City and Telephone: the pre-images of QPT ACSD-67904, ACP2E-4528, ACP2E-4555",
        rules: V2_4_8,
    },
    Release {
        name: "2.4.8-p3",
        evidence: Evidence::Inferred,
        source: CVE_FIXED,
        rules: V2_4_8_P3,
    },
    Release {
        name: "2.4.8-p4",
        evidence: Evidence::Inferred,
        source: CVE_FIXED,
        rules: V2_4_8_P3,
    },
    Release {
        name: "2.4.8-p5",
        evidence: Evidence::Inferred,
        source: CVE_FIXED,
        rules: V2_4_8_P3,
    },
    Release {
        name: "2.4.9",
        evidence: Evidence::Unverified,
        source: "candidate A: the AbstractAddressFieldValidator set of City, Telephone, Street",
        rules: V2_4_9,
    },
    Release {
        name: "2.4.9-candidate-b",
        evidence: Evidence::Unverified,
        source: "candidate B: City of ACP2E-4527, Telephone of ACP2E-4735, the 2.4.8 Street",
        rules: V2_4_9_CANDIDATE_B,
    },
];

/// The validator slot a patch or modifier changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    AddressName,
    Street,
    City,
    Telephone,
}

impl Slot {
    fn label(self) -> &'static str {
        match self {
            Slot::AddressName => "address Name",
            Slot::Street => "Street",
            Slot::City => "City",
            Slot::Telephone => "Telephone",
        }
    }

    fn of(self, rules: &mut Rules) -> &mut Option<&'static Check> {
        match self {
            Slot::AddressName => &mut rules.address_name,
            Slot::Street => &mut rules.street,
            Slot::City => &mut rules.city,
            Slot::Telephone => &mut rules.telephone,
        }
    }
}

/// A quality patch or a modifier: one validator slot set to a check, or emptied.
#[derive(Debug)]
pub(super) struct Addition {
    pub name: &'static str,
    pub slot: Slot,
    pub check: Option<&'static Check>,
    /// The releases a quality patch applies to; a modifier (empty list) applies wherever the
    /// slot holds a validator.
    pub releases: &'static [&'static str],
    /// Where the row comes from.
    pub source: &'static str,
}

const V2_4_7_UP_TO_P6: &[&str] = &[
    "2.4.7", "2.4.7-p1", "2.4.7-p2", "2.4.7-p3", "2.4.7-p4", "2.4.7-p5", "2.4.7-p6",
];
const V2_4_8_UP_TO_P5: &[&str] = &[
    "2.4.8", "2.4.8-p1", "2.4.8-p2", "2.4.8-p3", "2.4.8-p4", "2.4.8-p5",
];

/// Every quality patch and modifier, in the order a profile names them.
pub(super) const ADDITIONS: &[Addition] = &[
    Addition {
        name: "ACSD-66093",
        slot: Slot::AddressName,
        check: Some(&NAME),
        releases: V2_4_7_UP_TO_P6,
        source: "magento/quality-patches ACSD-66093: check_name in the customer_address group",
    },
    Addition {
        name: "ACSD-67904",
        slot: Slot::City,
        check: Some(&CITY_C3Q),
        releases: V2_4_8_UP_TO_P5,
        source: "magento/quality-patches os/ACSD-67904_2.4.8.patch",
    },
    Addition {
        name: "ACP2E-4528",
        slot: Slot::City,
        check: Some(&CITY_C4Q),
        releases: V2_4_8_UP_TO_P5,
        source: "magento/quality-patches os/ACP2E-4528_2.4.8-p3.patch",
    },
    Addition {
        name: "ACP2E-4555",
        slot: Slot::Telephone,
        check: Some(&TELEPHONE_T3Q),
        releases: V2_4_8_UP_TO_P5,
        source: "magento/quality-patches os/ACP2E-4555_2.4.8-p3.patch",
    },
    Addition {
        name: "no-street-check",
        slot: Slot::Street,
        check: None,
        releases: &[],
        source: "a module that removes check_street from Customer/etc/validation.xml",
    },
    Addition {
        name: "no-city-check",
        slot: Slot::City,
        check: None,
        releases: &[],
        source: "a module that removes check_city from Customer/etc/validation.xml",
    },
    Addition {
        name: "no-telephone-check",
        slot: Slot::Telephone,
        check: None,
        releases: &[],
        source: "a module that removes check_telephone from Customer/etc/validation.xml",
    },
];

/// A release and what is applied on it; the string form is the profile's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    release: &'static Release,
    /// Indexes into [`ADDITIONS`], ascending.
    additions: Vec<usize>,
    rules: Rules,
}

/// The release every profile-less configuration means: 2.4.8-p5 (checked by a test; an index
/// outside the table fails the build).
const DEFAULT_RELEASE: &Release = &RELEASES[16];

impl Default for Profile {
    fn default() -> Self {
        Profile::of_release(DEFAULT_RELEASE)
    }
}

/// Why a profile name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError(String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

fn list(names: impl Iterator<Item = &'static str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

impl Profile {
    fn of_release(release: &'static Release) -> Profile {
        Profile {
            release,
            additions: Vec::new(),
            rules: release.rules,
        }
    }

    /// Reads a profile name: a release, then `+`-separated quality patches and modifiers
    /// (case does not matter for them). An unknown name, a patch for another release, two
    /// changes to one validator, or a modifier removing a validator the release lacks is an
    /// error that says what is known.
    pub fn parse(text: &str) -> Result<Profile, ProfileError> {
        let mut parts = text.trim().split('+');
        let release_name = parts.next().unwrap_or("").trim();
        let release = RELEASES
            .iter()
            .find(|row| row.name == release_name)
            .ok_or_else(|| {
                ProfileError(format!(
                    "unknown Magento release \"{release_name}\"; known releases: {}",
                    list(RELEASES.iter().map(|row| row.name))
                ))
            })?;
        let mut profile = Profile::of_release(release);
        let mut changed: Vec<(Slot, &'static str)> = Vec::new();
        for name in parts.map(str::trim) {
            let index = ADDITIONS
                .iter()
                .position(|row| row.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    ProfileError(format!(
                        "unknown quality patch or modifier \"{name}\"; known: {}",
                        list(ADDITIONS.iter().map(|row| row.name))
                    ))
                })?;
            let Some(addition) = ADDITIONS.get(index) else {
                continue;
            };
            let release_name = release.name;
            if !addition.releases.is_empty() && !addition.releases.contains(&release_name) {
                return Err(ProfileError(format!(
                    "{} does not apply to {release_name}; it applies to {}",
                    addition.name,
                    list(addition.releases.iter().copied())
                )));
            }
            if let Some((_, earlier)) = changed.iter().find(|(slot, _)| *slot == addition.slot) {
                return Err(ProfileError(if *earlier == addition.name {
                    format!("{} is named twice", addition.name)
                } else {
                    format!(
                        "{earlier} and {} both change the {} validator; a shop runs one of them",
                        addition.name,
                        addition.slot.label()
                    )
                }));
            }
            let slot = addition.slot.of(&mut profile.rules);
            if addition.check.is_none() && slot.is_none() {
                return Err(ProfileError(format!(
                    "{}: {release_name} has no {} validator to remove",
                    addition.name,
                    addition.slot.label()
                )));
            }
            *slot = addition.check;
            changed.push((addition.slot, addition.name));
            profile.additions.push(index);
        }
        profile.additions.sort_unstable();
        Ok(profile)
    }

    /// The release's name.
    pub fn release(&self) -> &'static str {
        self.release.name
    }

    /// How sure the release's rows are.
    pub fn evidence(&self) -> Evidence {
        self.release.evidence
    }

    /// Where each part of the profile comes from: the release, then each patch or modifier.
    pub fn sources(&self) -> Vec<(&'static str, &'static str)> {
        std::iter::once((self.release.name, self.release.source))
            .chain(
                self.additions
                    .iter()
                    .filter_map(|index| ADDITIONS.get(*index))
                    .map(|addition| (addition.name, addition.source)),
            )
            .collect()
    }

    /// The rows the checks read.
    pub(super) fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Whether two profiles answer every request of this endpoint alike.
    pub fn answers_like(&self, other: &Profile) -> bool {
        self.rules == other.rules
    }

    /// The names of every release, oldest first.
    pub fn releases() -> impl Iterator<Item = &'static str> {
        RELEASES.iter().map(|row| row.name)
    }

    /// Every profile: each release alone and with each combination of the patches and modifiers
    /// that apply to it.
    pub fn all() -> Vec<Profile> {
        let mut profiles = Vec::new();
        for release in RELEASES {
            let applicable: Vec<&Addition> = ADDITIONS
                .iter()
                .filter(|addition| {
                    addition.releases.is_empty() || addition.releases.contains(&release.name)
                })
                .collect();
            for subset in 0u32..(1 << applicable.len()) {
                let mut name = release.name.to_owned();
                for (bit, addition) in applicable.iter().enumerate() {
                    if subset & (1 << bit) != 0 {
                        name.push('+');
                        name.push_str(addition.name);
                    }
                }
                if let Ok(profile) = Profile::parse(&name) {
                    profiles.push(profile);
                }
            }
        }
        profiles
    }

    /// The validator files this profile runs, as `(variant, file, git blob)`: a user compares
    /// the blobs with `git hash-object` on their install.
    pub fn validator_files(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let rules = &self.rules;
        let mut files = Vec::new();
        let slots = [
            ("Name.php", rules.customer_name.or(rules.address_name)),
            ("Street.php", rules.street),
            ("City.php", rules.city),
            ("Telephone.php", rules.telephone),
        ];
        for (file, check) in slots {
            if let Some(check) = check {
                files.push((check.variant, file, check.blob));
            }
        }
        files
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.release())?;
        for addition in self.additions.iter().filter_map(|i| ADDITIONS.get(*i)) {
            f.write_str("+")?;
            f.write_str(addition.name)?;
        }
        Ok(())
    }
}

impl FromStr for Profile {
    type Err = ProfileError;

    fn from_str(text: &str) -> Result<Profile, ProfileError> {
        Profile::parse(text)
    }
}

impl Serialize for Profile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Profile, D::Error> {
        let text = String::deserialize(deserializer)?;
        Profile::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> String {
        match Profile::parse(text) {
            Ok(profile) => profile.to_string(),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn names_round_trip_in_table_order() {
        assert_eq!(name("2.4.8-p5"), "2.4.8-p5");
        assert_eq!(
            name("2.4.8-p3+acp2e-4555+ACP2E-4528"),
            "2.4.8-p3+ACP2E-4528+ACP2E-4555"
        );
        assert_eq!(Profile::default().to_string(), "2.4.8-p5");
        assert_eq!(name("2.4.7-p9"), "2.4.7-p9");
    }

    #[test]
    fn refusals_say_what_is_known() {
        assert!(
            name("2.4.6")
                .starts_with("unknown Magento release \"2.4.6\"; known releases: 2.4.7, 2.4.7-p1,")
        );
        assert!(name("2.4.8+ACP2E-9999").contains("known: ACSD-66093, ACSD-67904"));
        assert_eq!(
            name("2.4.7+ACP2E-4528"),
            "ACP2E-4528 does not apply to 2.4.7; it applies to 2.4.8, 2.4.8-p1, 2.4.8-p2, 2.4.8-p3, 2.4.8-p4, 2.4.8-p5"
        );
        assert_eq!(
            name("2.4.8+ACSD-67904+ACP2E-4528"),
            "ACSD-67904 and ACP2E-4528 both change the City validator; a shop runs one of them"
        );
        assert_eq!(
            name("2.4.7-p2+no-city-check"),
            "no-city-check: 2.4.7-p2 has no City validator to remove"
        );
    }

    #[test]
    fn releases_that_run_the_same_code_answer_alike() {
        let profile = |text: &str| Profile::parse(text).expect("a known profile");
        assert!(profile("2.4.8").answers_like(&profile("2.4.8-p2")));
        assert!(profile("2.4.8-p3").answers_like(&profile("2.4.8-p5")));
        // The CVE-2025-54236 fix changes how bodies are read.
        assert!(!profile("2.4.8-p2").answers_like(&profile("2.4.8-p3")));
        assert_eq!(DEFAULT_RELEASE.name, "2.4.8-p5");
        assert!(!profile("2.4.8-p1").answers_like(&profile("2.4.8-p1+ACP2E-4528")));
        assert!(profile("2.4.7-p6+ACSD-66093").answers_like(&profile("2.4.7-p7")));
        assert!(!profile("2.4.7-p7").answers_like(&profile("2.4.7-p8")));
        // Candidate B's City and Telephone files run the code of ACP2E-4528 and candidate A.
        assert!(CITY_C4 == CITY_C4Q && TELEPHONE_T4 == TELEPHONE_T5);
        assert!(!profile("2.4.9").answers_like(&profile("2.4.9-candidate-b")));
        assert!(!profile("2.4.7-p3").answers_like(&profile("2.4.7-p4")));
        let all = Profile::all();
        assert!(
            all.iter()
                .all(|p| Profile::parse(&p.to_string()).as_ref() == Ok(p))
        );
        assert!(all.len() > RELEASES.len());
    }
}
