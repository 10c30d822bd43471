//! Store configuration with the values of a fresh install (reference §4.2), the Magento
//! profile, and the directory data (countries and regions) the address checks need.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::dictionary::Dictionary;
use super::profile::Profile;
use super::regions::{InstallRegions, InstallRows, install_regions};

/// How a `customer/address/*_show` setting shows an attribute
/// (`Customer/Model/Config/Backend/Show/Customer.php`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// `''`: not required, not visible.
    Hidden,
    /// `'opt'` or `'1'`: not required, visible.
    Optional,
    /// `'req'`: required and visible.
    Required,
}

/// A store's configuration: the profile and `core_config_data` paths. A path not set
/// takes its install default (`Customer/etc/config.xml`, `Directory/etc/config.xml`, the
/// directory data patches). Deliberate simplification: one scope for all stores and websites.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", hashmap_as_object)
)]
pub struct Config {
    /// The profile: the Magento release and the quality patches or modifiers applied on it,
    /// e.g. `2.4.8-p3+ACP2E-4528` (default `2.4.8-p5`).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub version: Profile,
    /// Configuration values by path, e.g. `customer/address/telephone_show` → `req`.
    /// Attribute labels are set as `customer/labels/<code>` and `customer_address/labels/<code>`.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// The translations of the store view's locale (`general/locale/code`): its language packs
    /// read as one [`Dictionary`]. Without one, the shop's messages are its English source texts.
    #[serde(skip)]
    pub dictionary: Option<Arc<Dictionary>>,
}

// The install defaults of comma-separated country lists, sorted so that a lookup is a binary
// search.

/// `general/country/allow` of `Directory/etc/config.xml`.
const ALLOWED_COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AN", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR",
    "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM",
    "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC",
    "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "FX", "GA", "GB", "GD",
    "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
    "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
    "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
    "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY",
    "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE",
    "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO",
    "SR", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN",
    "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG",
    "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// `general/region/state_required` after install (reference §4.6): the countries with regions
/// in `InitializeDirectoryData` minus FR, DE, AT, FI, then every `AddDataFor*` patch's country.
const STATE_REQUIRED: &[&str] = &[
    "AL", "AR", "AU", "BE", "BG", "BO", "BR", "BY", "CA", "CH", "CL", "CN", "CO", "CR", "CZ", "DK",
    "EC", "EE", "ES", "GR", "GY", "HR", "IN", "IS", "IT", "LT", "LV", "MX", "PE", "PL", "PT", "PY",
    "RO", "SE", "SR", "UA", "US", "UY", "VE",
];

/// Countries whose regions come from the later `AddDataFor*` patches; their region ids depend
/// on the order the patches ran, so they are not shipped and must come from the shop.
const PATCHED_REGION_COUNTRIES: &[&str] = &[
    "AL", "AR", "AU", "BE", "BG", "BO", "BY", "CL", "CN", "CO", "CR", "CZ", "DK", "EC", "GR", "GY",
    "HR", "IN", "IS", "IT", "MX", "PE", "PL", "PT", "PY", "SE", "SR", "UA", "UY", "VE",
];

/// `general/country/optional_zip_countries` of `Directory/etc/config.xml`.
const OPTIONAL_ZIP_COUNTRIES: &[&str] = &["GB", "HK", "IE", "MO", "PA"];

impl Config {
    /// A configuration with every path at its install default.
    pub fn install_defaults(version: Profile) -> Config {
        Config {
            version,
            values: BTreeMap::new(),
            dictionary: None,
        }
    }

    fn value(&self, path: &str) -> Option<&str> {
        self.values.get(path).map(String::as_str)
    }

    /// The value at the path made of `parts`, built only when some path is set.
    fn value_at(&self, parts: &[&str]) -> Option<&str> {
        if self.values.is_empty() {
            return None;
        }
        self.value(&parts.concat())
    }

    /// `customer/address/<attribute>_show` (defaults: telephone `req`, company `opt`, others `''`).
    pub fn show(&self, attribute: &str) -> Show {
        let default = match attribute {
            "telephone" => "req",
            "company" => "opt",
            _ => "",
        };
        let value = self
            .value_at(&["customer/address/", attribute, "_show"])
            .unwrap_or(default);
        match value {
            "req" => Show::Required,
            "" | "0" => Show::Hidden,
            _ => Show::Optional,
        }
    }

    /// `general/country/optional_zip_countries` (default `HK,IE,MO,PA,GB`).
    pub fn postcode_optional(&self, country: &str) -> bool {
        self.value("general/country/optional_zip_countries")
            .map_or_else(
                || listed(OPTIONAL_ZIP_COUNTRIES, country),
                |list| list_contains(list, country),
            )
    }

    /// `general/country/allow`.
    pub fn country_allowed(&self, country: &str) -> bool {
        self.value("general/country/allow").map_or_else(
            || listed(ALLOWED_COUNTRIES, country),
            |list| list_contains(list, country),
        )
    }

    /// `general/region/state_required`.
    pub fn state_required(&self, country: &str) -> bool {
        self.value("general/region/state_required").map_or_else(
            || listed(STATE_REQUIRED, country),
            |list| list_contains(list, country),
        )
    }

    /// `customer/address/street_lines` (default 2; the multiline attribute's line count).
    pub fn street_lines(&self) -> usize {
        self.value("customer/address/street_lines")
            .and_then(|lines| lines.trim().parse().ok())
            .unwrap_or(2)
    }

    /// `customer/create_account/default_group` (1 at install): the group of a new customer
    /// (`Customer/Model/Customer::getGroupId`).
    pub fn default_group(&self) -> i64 {
        self.value("customer/create_account/default_group")
            .and_then(|group| group.trim().parse().ok())
            .unwrap_or(1)
    }

    /// `customer/account_share/scope`: `1` (default) = emails unique per website, `0` = global.
    pub fn share_per_website(&self) -> bool {
        self.value("customer/account_share/scope").unwrap_or("1") != "0"
    }

    /// `general/locale/timezone` (default `America/Los_Angeles`): the zone in which the caller
    /// computes "today" for the date-of-birth rule.
    pub fn timezone(&self) -> &str {
        self.value("general/locale/timezone")
            .unwrap_or("America/Los_Angeles")
    }

    /// The store view's dictionary, if it has one.
    pub fn translations(&self) -> Option<&Dictionary> {
        self.dictionary.as_deref()
    }

    /// The store label of a customer (`entity` = `customer`) or address
    /// (`entity` = `customer_address`) attribute.
    pub fn label<'a>(&'a self, entity: &str, code: &str, default: &'a str) -> &'a str {
        self.value_at(&[entity, "/labels/", code])
            .unwrap_or(default)
    }
}

/// Whether a sorted install list holds `code`.
fn listed(sorted: &[&str], code: &str) -> bool {
    sorted.binary_search(&code).is_ok()
}

fn list_contains(list: &str, item: &str) -> bool {
    // Only an entry longer than the item can equal it once trimmed.
    list.split(',')
        .any(|entry| entry == item || (entry.len() > item.len() && entry.trim() == item))
}

/// One region of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Region {
    /// `region_id`.
    pub id: i64,
    /// Region code, e.g. `TX`.
    pub code: String,
    /// Default name, e.g. `Texas`.
    pub name: String,
}

/// The regions the address checks know (`directory_country_region`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", hashmap_as_object)
)]
pub struct Directory {
    /// Regions by country, added to (and replacing, per country) the install data shipped with
    /// the crate.
    #[serde(default)]
    pub regions: BTreeMap<String, Vec<Region>>,
}

/// What the directory knows about a country's regions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Regions<'a> {
    /// The country has no region list.
    None,
    /// The country's regions.
    Listed(RegionList<'a>),
    /// The country has regions the caller did not give.
    Unknown,
}

/// A country's regions, borrowed from the caller's directory or from the install data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RegionList<'a> {
    /// Regions the caller gave.
    Given(&'a [Region]),
    /// The regions of a fresh install.
    Installed(InstallRegions),
}

/// One region of a [`RegionList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RegionRef<'a> {
    pub id: i64,
    pub code: &'a str,
    pub name: &'a str,
}

impl<'a> RegionList<'a> {
    /// The regions, in directory order.
    pub(super) fn iter(self) -> impl Iterator<Item = RegionRef<'a>> {
        let (given, installed) = match self {
            RegionList::Given(regions) => (regions, InstallRows::default()),
            RegionList::Installed(installed) => (&[][..], installed.iter()),
        };
        let given = given.iter().map(|region| RegionRef {
            id: region.id,
            code: &region.code,
            name: &region.name,
        });
        let installed = installed.map(|(id, code, name)| RegionRef { id, code, name });
        given.chain(installed)
    }
}

impl Directory {
    /// The regions an address of `country` may name by `region_id`, in directory order: `[]` for
    /// a country without a region list (its region is free text), `None` when the country's
    /// list is known only to the shop (give it in the `regions` field). The address checks
    /// take the id only from `region_id` or `region.region_id`, never from a code or a name,
    /// so a form picks the id from this list.
    pub fn regions_of(&self, country: &str) -> Option<Vec<Region>> {
        match self.regions(country) {
            Regions::None => Some(Vec::new()),
            Regions::Listed(list) => Some(
                list.iter()
                    .map(|region| Region {
                        id: region.id,
                        code: region.code.to_owned(),
                        name: region.name.to_owned(),
                    })
                    .collect(),
            ),
            Regions::Unknown => None,
        }
    }

    /// The regions of a country.
    pub(super) fn regions(&self, country: &str) -> Regions<'_> {
        if let Some(regions) = self.regions.get(country) {
            return if regions.is_empty() {
                Regions::None
            } else {
                Regions::Listed(RegionList::Given(regions))
            };
        }
        if let Some(installed) = install_regions(country) {
            return Regions::Listed(RegionList::Installed(installed));
        }
        if listed(PATCHED_REGION_COUNTRIES, country) {
            Regions::Unknown
        } else {
            Regions::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_a_country() {
        let directory = Directory::default();
        let us = directory
            .regions_of("US")
            .expect("US regions ship with the install data");
        assert!(
            us.iter()
                .any(|r| r.id == 57 && r.code == "TX" && r.name == "Texas")
        );
        assert_eq!(directory.regions_of("GB"), Some(Vec::new()));
        assert_eq!(directory.regions_of("IT"), None);
    }

    #[test]
    fn install_defaults() {
        let config = Config::default();
        assert_eq!(config.show("telephone"), Show::Required);
        assert_eq!(config.show("company"), Show::Optional);
        assert_eq!(config.show("middlename"), Show::Hidden);
        assert!(config.postcode_optional("GB") && !config.postcode_optional("US"));
        assert!(config.country_allowed("US") && !config.country_allowed("XX"));
        assert!(config.state_required("US") && !config.state_required("DE"));
        assert_eq!(config.street_lines(), 2);
        assert!(config.share_per_website());
        assert_eq!(config.timezone(), "America/Los_Angeles");
    }

    #[test]
    fn install_lists_are_sorted_for_binary_search() {
        for list in [
            ALLOWED_COUNTRIES,
            STATE_REQUIRED,
            PATCHED_REGION_COUNTRIES,
            OPTIONAL_ZIP_COUNTRIES,
        ] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
        assert_eq!(ALLOWED_COUNTRIES.len(), 251);
    }

    #[test]
    fn configured_lists_are_comma_separated_and_trimmed() {
        let mut config = Config::default();
        config
            .values
            .insert("general/country/allow".into(), "FR, DE ,IT".into());
        assert!(config.country_allowed("DE") && config.country_allowed("IT"));
        assert!(!config.country_allowed("US") && !config.country_allowed("D"));
    }

    #[test]
    fn install_region_ids() {
        let directory = Directory::default();
        let Regions::Listed(us) = directory.regions("US") else {
            panic!("US has regions");
        };
        let first = us.iter().next().unwrap();
        assert_eq!((first.id, first.code), (1, "AL"));
        let texas = us.iter().find(|r| r.code == "TX").unwrap();
        assert_eq!(texas.id, 57);
        let Regions::Listed(canada) = directory.regions("CA") else {
            panic!("CA has regions");
        };
        let alberta = canada.iter().next().unwrap();
        assert_eq!(
            (alberta.id, alberta.code, alberta.name),
            (66, "AB", "Alberta")
        );
        assert!(canada.iter().all(|region| region.id >= 66));
        assert_eq!(directory.regions("GB"), Regions::None);
        assert_eq!(directory.regions("IT"), Regions::Unknown);
    }
}
