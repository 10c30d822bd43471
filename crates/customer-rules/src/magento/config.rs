//! Store configuration with the values of a fresh install (reference §4.2), the Magento version
//! profile, and the directory data (countries and regions) the address checks need.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::regions::INSTALL_REGIONS;

/// The Magento release whose rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub enum Version {
    /// Magento Open Source 2.4.8-p1 (the default).
    #[default]
    #[serde(rename = "2.4.8-p1")]
    V2_4_8P1,
    /// Magento Open Source 2.4.7: no address Name/Street/City/Telephone validators, no Dob
    /// validator, the default-address check reads the request's addresses (#38878), and a body
    /// `customer.Id` key turns the merge off.
    #[serde(rename = "2.4.7")]
    V2_4_7,
}

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

/// A store's configuration: the version profile and `core_config_data` paths. A path not set
/// takes its install default (`Customer/etc/config.xml`, `Directory/etc/config.xml`, the
/// directory data patches). Deliberate simplification: one scope for all stores and websites.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", hashmap_as_object)
)]
pub struct Config {
    /// The Magento release.
    #[serde(default)]
    pub version: Version,
    /// Configuration values by path, e.g. `customer/address/telephone_show` → `req`.
    /// Attribute labels are set as `customer/labels/<code>` and `customer_address/labels/<code>`.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// `general/country/allow` of `Directory/etc/config.xml`.
const ALLOWED_COUNTRIES: &str = "AF,AL,DZ,AS,AD,AO,AI,AQ,AG,AR,AM,AW,AU,AT,AX,AZ,BS,BH,BD,BB,BY,BE,BZ,BJ,BM,BL,BT,BO,BQ,BA,BW,BV,BR,IO,VG,BN,BG,BF,BI,KH,CM,CA,CD,CV,KY,CF,TD,CL,CN,CX,CW,CC,CO,KM,CG,CK,CR,HR,CU,CY,CZ,DK,DJ,DM,DO,EC,EG,SV,GQ,ER,EE,ET,FK,FO,FJ,FI,FR,GF,PF,TF,GA,GM,GE,DE,GG,GH,GI,GR,GL,GD,GP,GU,GT,GN,GW,GY,HT,HM,HN,HK,HU,IS,IM,IN,ID,IR,IQ,IE,IL,IT,CI,JE,JM,JP,JO,KZ,KE,KI,KW,KG,LA,LV,LB,LS,LR,LY,LI,LT,LU,ME,MF,MO,MK,MG,MW,MY,MV,ML,MT,MH,MQ,MR,MU,YT,FX,MX,FM,MD,MC,MN,MS,MA,MZ,MM,NA,NR,NP,NL,AN,NC,NZ,NI,NE,NG,NU,NF,KP,MP,NO,OM,PK,PW,PA,PG,PY,PE,PH,PN,PL,PS,PT,PR,QA,RE,RO,RS,RU,RW,SH,KN,LC,PM,VC,WS,SM,ST,SA,SN,SC,SL,SG,SK,SI,SB,SO,ZA,GS,KR,ES,LK,SD,SR,SJ,SZ,SE,CH,SX,SY,TL,TW,TJ,TZ,TH,TG,TK,TO,TT,TN,TR,TM,TC,TV,VI,UG,UA,AE,GB,US,UM,UY,UZ,VU,VA,VE,VN,WF,EH,XK,YE,ZM,ZW";

/// `general/region/state_required` after install (reference §4.6): the countries with regions
/// in `InitializeDirectoryData` minus FR, DE, AT, FI, then every `AddDataFor*` patch's country.
const STATE_REQUIRED: &str = "BR,CA,CH,EE,ES,LT,LV,RO,US,AL,AR,AU,BE,BG,BO,BY,CL,CN,CO,CR,CZ,DK,EC,GR,GY,HR,IN,IS,IT,MX,PE,PL,PT,PY,SE,SR,UA,UY,VE";

/// Countries whose regions come from the later `AddDataFor*` patches; their region ids depend
/// on the order the patches ran, so they are not shipped and must come from the shop.
const PATCHED_REGION_COUNTRIES: &str =
    "AL,AR,AU,BE,BG,BO,BY,CL,CN,CO,CR,CZ,DK,EC,GR,GY,HR,IN,IS,IT,MX,PE,PL,PT,PY,SE,SR,UA,UY,VE";

impl Config {
    /// A configuration with every path at its install default.
    pub fn install_defaults(version: Version) -> Config {
        Config {
            version,
            values: BTreeMap::new(),
        }
    }

    fn value(&self, path: &str) -> Option<&str> {
        self.values.get(path).map(String::as_str)
    }

    /// `customer/address/<attribute>_show` (defaults: telephone `req`, company `opt`, others `''`).
    pub fn show(&self, attribute: &str) -> Show {
        let default = match attribute {
            "telephone" => "req",
            "company" => "opt",
            _ => "",
        };
        let value = self
            .value(&format!("customer/address/{attribute}_show"))
            .unwrap_or(default);
        match value {
            "req" => Show::Required,
            "" | "0" => Show::Hidden,
            _ => Show::Optional,
        }
    }

    /// `general/country/optional_zip_countries` (default `HK,IE,MO,PA,GB`).
    pub fn postcode_optional(&self, country: &str) -> bool {
        list_contains(
            self.value("general/country/optional_zip_countries")
                .unwrap_or("HK,IE,MO,PA,GB"),
            country,
        )
    }

    /// `general/country/allow`.
    pub fn country_allowed(&self, country: &str) -> bool {
        list_contains(
            self.value("general/country/allow")
                .unwrap_or(ALLOWED_COUNTRIES),
            country,
        )
    }

    /// `general/region/state_required`.
    pub fn state_required(&self, country: &str) -> bool {
        list_contains(
            self.value("general/region/state_required")
                .unwrap_or(STATE_REQUIRED),
            country,
        )
    }

    /// `customer/address/street_lines` (default 2; the multiline attribute's line count).
    pub fn street_lines(&self) -> usize {
        self.value("customer/address/street_lines")
            .and_then(|lines| lines.trim().parse().ok())
            .unwrap_or(2)
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

    /// The store label of a customer (`entity` = `customer`) or address
    /// (`entity` = `customer_address`) attribute.
    pub fn label<'a>(&'a self, entity: &str, code: &str, default: &'a str) -> &'a str {
        self.value(&format!("{entity}/labels/{code}"))
            .unwrap_or(default)
    }
}

fn list_contains(list: &str, item: &str) -> bool {
    list.split(',').any(|entry| entry.trim() == item)
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
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Regions {
    /// The country has no region list.
    None,
    /// The country's regions.
    Listed(Vec<Region>),
    /// The country has regions the caller did not give.
    Unknown,
}

impl Directory {
    /// The regions of a country.
    pub(super) fn regions(&self, country: &str) -> Regions {
        if let Some(regions) = self.regions.get(country) {
            return if regions.is_empty() {
                Regions::None
            } else {
                Regions::Listed(regions.clone())
            };
        }
        let installed: Vec<Region> = INSTALL_REGIONS
            .iter()
            .enumerate()
            .filter(|(_, (c, _, _))| *c == country)
            .map(|(index, (_, code, name))| Region {
                id: i64::try_from(index).map_or(0, |index| index + 1),
                code: (*code).to_string(),
                name: (*name).to_string(),
            })
            .collect();
        if !installed.is_empty() {
            Regions::Listed(installed)
        } else if list_contains(PATCHED_REGION_COUNTRIES, country) {
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
    fn install_region_ids() {
        let directory = Directory::default();
        let Regions::Listed(us) = directory.regions("US") else {
            panic!("US has regions");
        };
        assert_eq!(us[0].id, 1);
        assert_eq!(us[0].code, "AL");
        let texas = us.iter().find(|r| r.code == "TX").unwrap();
        assert_eq!(texas.id, 57);
        assert_eq!(directory.regions("GB"), Regions::None);
        assert_eq!(directory.regions("IT"), Regions::Unknown);
    }
}
