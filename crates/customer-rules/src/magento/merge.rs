//! What the shop makes of a request: the merged customer the validators see, the addresses it
//! saves, and the customer it stores (reference §1.2, §3.2;
//! `Customer/Model/Plugin/UpdateCustomer.php`, `Customer/Model/ResourceModel/CustomerRepository::save`,
//! `Customer/Model/Address::updateData`, `Customer/Model/ResourceModel/Address/Relation.php`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::config::{Config, Directory, RegionRef, Regions};
use super::model::{
    AddressRequest, CustomAttribute, CustomerRequest, StoredAddress, StoredCustomer,
};
use super::php;
use super::profile::Rules;
use crate::Patch;

/// The customer model after the `UpdateCustomer` merge, as the repository and the validators
/// see it: a request `null` unsets a field (`toNestedArray` skips nulls), absent keeps the
/// stored value.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct CustomerModel {
    pub id: Option<i64>,
    pub group_id: Option<i64>,
    pub default_billing: Option<String>,
    pub default_shipping: Option<String>,
    pub confirmation: Option<String>,
    pub created_in: Option<String>,
    pub dob: Option<String>,
    pub email: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub middlename: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub gender: Option<i64>,
    pub store_id: Option<i64>,
    pub taxvat: Option<String>,
    pub website_id: Option<i64>,
}

impl CustomerModel {
    /// A text field a validator row names.
    pub(super) fn text(&self, field: &str) -> Option<&str> {
        match field {
            "prefix" => self.prefix.as_deref(),
            "firstname" => self.firstname.as_deref(),
            "middlename" => self.middlename.as_deref(),
            "lastname" => self.lastname.as_deref(),
            "suffix" => self.suffix.as_deref(),
            "email" => self.email.as_deref(),
            "taxvat" => self.taxvat.as_deref(),
            _ => None,
        }
    }
}

/// The customer the validators see when the stored customer is unknown: the body's values alone
/// (`None` where the stored value would be).
pub(super) fn body_model(request: &CustomerRequest) -> CustomerModel {
    let unknown = StoredCustomer::default();
    let mut model = customer_model(request, &unknown);
    let absent = |present: bool, field: &mut Option<String>| {
        if !present {
            *field = None;
        }
    };
    absent(request.email.value().is_some(), &mut model.email);
    absent(request.firstname.value().is_some(), &mut model.firstname);
    absent(request.lastname.value().is_some(), &mut model.lastname);
    if request.id.value().is_none() {
        model.id = None;
    }
    if request.group_id.value().is_none() {
        model.group_id = None;
    }
    if request.store_id.value().is_none() {
        model.store_id = None;
    }
    if request.website_id.value().is_none() {
        model.website_id = None;
    }
    model
}

/// The value a validator sees: absent keeps the stored value, `null` unsets.
fn seen<T: Clone>(patch: &Patch<T>, stored: Option<T>) -> Option<T> {
    match patch {
        Patch::Absent => stored,
        Patch::Null => None,
        Patch::Value(value) => Some(value.clone()),
    }
}

/// `UpdateCustomer::getUpdatedCustomer`: every key present in the request replaces the stored
/// one on a clone of the stored customer (path id binding, reference §1.2).
pub(super) fn customer_model(request: &CustomerRequest, stored: &StoredCustomer) -> CustomerModel {
    CustomerModel {
        id: seen(&request.id, Some(stored.id)),
        group_id: seen(&request.group_id, Some(stored.group_id)),
        default_billing: seen(
            &request.default_billing,
            stored.default_billing.map(|id| id.to_string()),
        ),
        default_shipping: seen(
            &request.default_shipping,
            stored.default_shipping.map(|id| id.to_string()),
        ),
        confirmation: seen(&request.confirmation, stored.confirmation.clone()),
        created_in: seen(&request.created_in, stored.created_in.clone()),
        dob: seen(&request.dob, stored.dob.clone()),
        email: seen(&request.email, Some(stored.email.clone())),
        firstname: seen(&request.firstname, Some(stored.firstname.clone())),
        lastname: seen(&request.lastname, Some(stored.lastname.clone())),
        middlename: seen(&request.middlename, stored.middlename.clone()),
        prefix: seen(&request.prefix, stored.prefix.clone()),
        suffix: seen(&request.suffix, stored.suffix.clone()),
        gender: seen(&request.gender, stored.gender),
        store_id: seen(&request.store_id, Some(stored.store_id)),
        taxvat: seen(&request.taxvat, stored.taxvat.clone()),
        website_id: seen(&request.website_id, Some(stored.website_id)),
    }
}

/// An address as the address model holds it while it is saved.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct AddressModel {
    pub id: Option<i64>,
    pub region: Option<String>,
    pub region_code: Option<String>,
    pub region_id: Option<i64>,
    pub country_id: Option<String>,
    /// The street imploded with `"\n"` and trimmed (`AbstractAddress::_implodeArrayValues`).
    pub street: Option<String>,
    pub company: Option<String>,
    pub telephone: Option<String>,
    pub fax: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub middlename: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub vat_id: Option<String>,
    pub default_billing: Option<bool>,
    pub default_shipping: Option<bool>,
    pub custom_attributes: BTreeMap<String, String>,
}

/// PHP `trim()` characters.
fn php_trim(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\u{0B}'))
}

impl AddressModel {
    /// A text field a validator row names.
    pub(super) fn text(&self, field: &str) -> Option<&str> {
        match field {
            "prefix" => self.prefix.as_deref(),
            "firstname" => self.firstname.as_deref(),
            "middlename" => self.middlename.as_deref(),
            "lastname" => self.lastname.as_deref(),
            "suffix" => self.suffix.as_deref(),
            "company" => self.company.as_deref(),
            "city" => self.city.as_deref(),
            "postcode" => self.postcode.as_deref(),
            "telephone" => self.telephone.as_deref(),
            "fax" => self.fax.as_deref(),
            _ => None,
        }
    }

    /// A stored address as `CustomerRepository::getById` hands it back, with the default flags
    /// `getDataModel` sets for the customer's default addresses.
    pub(super) fn from_stored(address: &StoredAddress, customer: &StoredCustomer) -> AddressModel {
        AddressModel {
            id: Some(address.id),
            region: address.region.clone(),
            region_code: address.region_code.clone(),
            region_id: address.region_id,
            country_id: address.country_id.clone(),
            street: Some(address.street.join("\n")),
            company: address.company.clone(),
            telephone: address.telephone.clone(),
            fax: address.fax.clone(),
            postcode: address.postcode.clone(),
            city: address.city.clone(),
            firstname: address.firstname.clone(),
            lastname: address.lastname.clone(),
            middlename: address.middlename.clone(),
            prefix: address.prefix.clone(),
            suffix: address.suffix.clone(),
            vat_id: address.vat_id.clone(),
            default_billing: (customer.default_billing == Some(address.id)).then_some(true),
            default_shipping: (customer.default_shipping == Some(address.id)).then_some(true),
            custom_attributes: address.custom_attributes.clone(),
        }
    }

    /// Whether the `customer_address_entity` columns hold what `loaded` holds, compared as
    /// `Snapshot::isModified` does (`!=`: `null` equals `""` and `0`, numeric strings compare as
    /// numbers).
    pub(super) fn same_columns(&self, loaded: &AddressModel) -> bool {
        let text = |a: &Option<String>, b: &Option<String>| match (a.as_deref(), b.as_deref()) {
            (Some(a), Some(b)) => php::loose_equals(a, b),
            (a, b) => a.unwrap_or("").is_empty() && b.unwrap_or("").is_empty(),
        };
        let columns = [
            (&self.region, &loaded.region),
            (&self.country_id, &loaded.country_id),
            (&self.street, &loaded.street),
            (&self.company, &loaded.company),
            (&self.telephone, &loaded.telephone),
            (&self.fax, &loaded.fax),
            (&self.postcode, &loaded.postcode),
            (&self.city, &loaded.city),
            (&self.firstname, &loaded.firstname),
            (&self.lastname, &loaded.lastname),
            (&self.middlename, &loaded.middlename),
            (&self.prefix, &loaded.prefix),
            (&self.suffix, &loaded.suffix),
            (&self.vat_id, &loaded.vat_id),
        ];
        columns.iter().all(|(a, b)| text(a, b))
            && self.region_id.unwrap_or(0) == loaded.region_id.unwrap_or(0)
            && self.custom_attributes == loaded.custom_attributes
    }

    /// `Customer/Model/Address::updateData`: the request's non-null fields are set on the
    /// loaded (or new) address; omitted and `null` fields keep what the address had.
    pub(super) fn apply(&mut self, request: &AddressRequest, config: &Config) {
        let set = |target: &mut Option<String>, patch: &Patch<String>| {
            if let Patch::Value(value) = patch {
                *target = Some(value.clone());
            }
        };
        set(&mut self.country_id, &request.country_id);
        set(&mut self.company, &request.company);
        // `Customer/Model/Data/Address::setTelephone` trims a non-empty string.
        if let Patch::Value(telephone) = &request.telephone {
            self.telephone = Some(php_trim(telephone).to_string());
        }
        set(&mut self.fax, &request.fax);
        set(&mut self.postcode, &request.postcode);
        set(&mut self.city, &request.city);
        set(&mut self.firstname, &request.firstname);
        set(&mut self.lastname, &request.lastname);
        set(&mut self.middlename, &request.middlename);
        set(&mut self.prefix, &request.prefix);
        set(&mut self.suffix, &request.suffix);
        set(&mut self.vat_id, &request.vat_id);
        if let Patch::Value(lines) = &request.street {
            self.street = Some(php_trim(&lines.join("\n")).to_string());
        }
        // A region object sets all three region fields, absent ones to null
        // (`Customer/Model/Address::updateData`); a top-level `region_id` then wins.
        if let Patch::Value(region) = &request.region {
            self.region = region.region.value().cloned();
            self.region_code = region.region_code.value().cloned();
            self.region_id = region.region_id.value().copied();
        }
        if let Patch::Value(id) = request.region_id {
            self.region_id = Some(id);
        }
        if let Patch::Value(flag) = request.default_billing {
            self.default_billing = Some(flag);
        }
        if let Patch::Value(flag) = request.default_shipping {
            self.default_shipping = Some(flag);
        }
        if let Patch::Value(attributes) = &request.custom_attributes {
            apply_custom_attributes(
                &mut self.custom_attributes,
                attributes,
                config,
                "customer_address",
            );
        }
    }

    /// The street lines (`AbstractAddress::getStreet`: `explode("\n", $street)`).
    pub(super) fn street_lines(&self) -> Vec<String> {
        match &self.street {
            Some(street) => street.split('\n').map(str::to_string).collect(),
            None => Vec::new(),
        }
    }

    /// The region id the address checks and the save see. `Customer/Model/Address::getRegionId`
    /// is `(int)` of the `region_id` data, which only `region_id` or `region.region_id` set
    /// (`updateData`); a region code or name never yields an id. One exception comes from a
    /// side effect: `AbstractAddress::getRegion`, which `Validator/Country::validateRegion` and
    /// `beforeSave` call first, takes a numeric region text as the id when that region belongs
    /// to the address's country. `None` is Magento's `0`.
    pub(super) fn effective_region_id(&self, directory: &Directory) -> Option<i64> {
        if let Some(id) = self.region_id.filter(|id| *id != 0) {
            return Some(id);
        }
        let id = self.numeric_region()?;
        self.country_region(directory, |region| region.id == id)
            .map(|region| region.id)
    }

    /// The region text as a region id, when it is a PHP numeric string of an integer.
    fn numeric_region(&self) -> Option<i64> {
        let number = php::numeric_string(self.region.as_deref()?)?;
        (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64)
    }

    /// The first region of the address's country that `matches`.
    fn country_region<'a>(
        &self,
        directory: &'a Directory,
        matches: impl Fn(&RegionRef<'a>) -> bool,
    ) -> Option<RegionRef<'a>> {
        match directory.regions(self.country_id.as_deref()?) {
            Regions::Listed(regions) => regions.iter().find(matches),
            Regions::None | Regions::Unknown => None,
        }
    }

    /// The address as stored: `""` becomes `NULL`, a text is cut to its column's width
    /// (`customer_address_entity` in `Customer/etc/db_schema.xml`: varchar(255), prefix and
    /// suffix varchar(40)), the street is split into lines, the region name and code follow a
    /// known `region_id`.
    pub(super) fn stored(&self, id: i64, directory: &Directory) -> StoredAddress {
        let column_of = |value: &Option<String>, width: usize| {
            value
                .clone()
                .filter(|v| !v.is_empty())
                .map(|v| truncate(v, width))
        };
        let column = |value: &Option<String>| column_of(value, 255);
        let region_id = self.effective_region_id(directory);
        let known_region =
            region_id.and_then(|id| self.country_region(directory, |region| region.id == id));
        // `beforeSave` names a known region after the directory; the read call's region code is
        // `AbstractAddress::getRegionCode` on the loaded row, which has no code column: the
        // known region's code; no code for an id outside the directory; else a numeric text
        // found as a code (or as a region id) of the country, else the region text itself.
        let region = match &known_region {
            Some(known) => Some(known.name.to_owned()),
            None => column(&self.region),
        };
        let region_code = match (&known_region, &region) {
            (Some(known), _) => Some(known.code.to_owned()),
            (None, _) if region_id.is_some() => None,
            (None, Some(text)) if php::numeric_string(text).is_some() => {
                match self.country_region(directory, |r| r.code == text.as_str()) {
                    Some(_) => Some(text.clone()),
                    None => self
                        .numeric_region()
                        .and_then(|id| self.country_region(directory, |r| r.id == id))
                        .map(|r| r.code.to_owned()),
                }
            }
            (None, text) => text.clone(),
        };
        StoredAddress {
            id,
            region,
            region_code,
            region_id,
            country_id: column(&self.country_id),
            street: match self.street.as_deref() {
                Some("") | None => Vec::new(),
                Some(street) => street.split('\n').map(str::to_string).collect(),
            },
            company: column(&self.company),
            telephone: column(&self.telephone),
            fax: column(&self.fax),
            postcode: column(&self.postcode),
            city: column(&self.city),
            firstname: column(&self.firstname),
            lastname: column(&self.lastname),
            middlename: column(&self.middlename),
            prefix: column_of(&self.prefix, 40),
            suffix: column_of(&self.suffix, 40),
            vat_id: column(&self.vat_id),
            custom_attributes: self.custom_attributes.clone(),
        }
    }
}

/// One address the repository saves, in order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AddressSave {
    /// Field path of the address in the request (`customer.addresses[0]`), or of the stored
    /// address re-saved (`customer.addresses(id 3)`).
    pub path: String,
    /// The address id the element names (`0`/`null` = a new address).
    pub id: Option<i64>,
    /// The request element; `None` for a stored address re-saved as it is.
    pub request: Option<AddressRequest>,
    /// The stored address re-saved (when `request` is `None`).
    pub stored: Option<AddressModel>,
}

/// Which addresses the repository saves (`CustomerRepository::save` l.276–296).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum AddressPlan {
    /// `addresses: null` (or a scalar): `getAddresses()` is `null`, nothing saved or deleted.
    Untouched,
    /// The list saved in order; stored addresses not in it are deleted.
    Save(Vec<AddressSave>),
}

/// The addresses of the merged customer: the request's list, or — when the request omits
/// `addresses` — every stored address re-saved with its default flags.
pub(super) fn address_plan(
    request: &CustomerRequest,
    stored: &StoredCustomer,
    rules: &Rules,
) -> AddressPlan {
    // The merge base is `getById`'s data object, whose addresses come from `getDataModel`.
    let is_default_shipping = |address: &&StoredAddress| {
        rules.default_shipping_first && Some(address.id) == stored.default_shipping
    };
    match &request.addresses {
        Patch::Null => AddressPlan::Untouched,
        Patch::Absent => AddressPlan::Save(
            stored
                .addresses
                .iter()
                .filter(is_default_shipping)
                .chain(stored.addresses.iter().filter(|a| !is_default_shipping(a)))
                .map(|address| AddressSave {
                    path: format!("customer.addresses(id {})", address.id),
                    id: Some(address.id),
                    request: None,
                    stored: Some(AddressModel::from_stored(address, stored)),
                })
                .collect(),
        ),
        Patch::Value(list) => AddressPlan::Save(
            list.iter()
                .enumerate()
                .map(|(index, address)| AddressSave {
                    path: format!("customer.addresses[{index}]"),
                    id: address.id.value().copied().filter(|id| *id != 0),
                    request: Some(address.clone()),
                    stored: None,
                })
                .collect(),
        ),
    }
}

/// The custom attribute codes the shop has for an entity (`customer/custom_attributes`,
/// `customer_address/custom_attributes`: comma-separated; none at install). Codes that are not
/// custom attributes are dropped (`AbstractExtensibleObject::setCustomAttributes`).
fn custom_attribute_codes(config: &Config, entity: &str) -> BTreeSet<String> {
    config
        .values
        .get(&format!("{entity}/custom_attributes"))
        .map(|list| {
            list.split(',')
                .map(|code| code.trim().to_string())
                .filter(|code| !code.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Listed custom attributes are written; `null` or `""` deletes the value; omitted ones keep
/// theirs (`CustomAttributesProcessor`, `_collectSaveData`).
fn apply_custom_attributes(
    stored: &mut BTreeMap<String, String>,
    attributes: &[CustomAttribute],
    config: &Config,
    entity: &str,
) {
    let codes = custom_attribute_codes(config, entity);
    for attribute in attributes {
        if !codes.contains(&attribute.attribute_code) {
            continue;
        }
        match php::to_string(&attribute.value) {
            Some(value) if !value.is_empty() => {
                stored.insert(attribute.attribute_code.clone(), value);
            }
            _ => {
                stored.remove(&attribute.attribute_code);
            }
        }
    }
}

/// MySQL with `SQL_MODE=''` cuts a value to its column width (`Customer/etc/db_schema.xml`).
fn truncate(value: String, width: usize) -> String {
    if value.chars().count() <= width {
        value
    } else {
        value.chars().take(width).collect()
    }
}

/// The written value of an optional varchar column: absent or `null` keep it, `""` clears it
/// (`Pdo/Mysql::prepareColumnValue` turns `''` into `NULL`), a value is cut to the column width.
fn column(patch: &Patch<String>, stored: Option<String>, width: usize) -> Option<String> {
    match patch {
        Patch::Absent | Patch::Null => stored,
        Patch::Value(value) if value.is_empty() => None,
        Patch::Value(value) => Some(truncate(value.clone(), width)),
    }
}

/// Everything the save writes once every check passed.
pub(super) struct Save<'a> {
    /// The customer being updated (the merge base).
    pub stored: &'a StoredCustomer,
    /// The customer row written: the merged id's stored customer, or `None` for a new one.
    pub target: Option<&'a StoredCustomer>,
    /// The merged model.
    pub model: &'a CustomerModel,
    /// The request.
    pub request: &'a CustomerRequest,
    /// `passwordHash`.
    pub password_hash: &'a Patch<String>,
    /// The addresses saved, already merged onto their base, each with its final id.
    pub addresses: Option<Vec<(i64, AddressModel)>>,
    /// The id of the customer written.
    pub id: i64,
    /// `updated_at` of the save (`Y-m-d H:i:s` UTC).
    pub now: &'a str,
    /// The normalised date of birth (`Y-m-d`), when the request set one.
    pub dob: Option<Option<String>>,
    /// Store configuration.
    pub config: &'a Config,
    /// Directory data.
    pub directory: &'a Directory,
}

/// The customer the shop stores after a successful save (`CustomerRepository::save`, §3.2).
pub(super) fn saved_customer(save: &Save<'_>) -> StoredCustomer {
    let request = save.request;
    let stored = save.stored;
    let target = save.target.unwrap_or(stored);
    let model = save.model;
    let mut customer = StoredCustomer {
        id: save.id,
        // `setCustomerGroupId`: an absent/null group keeps the stored one.
        group_id: request.group_id.value().copied().unwrap_or(stored.group_id),
        // `Customer/Relation::processRelation` writes the merged `default_billing`/`_shipping`
        // as they are: an explicit `null` clears the default (a re-saved address with its
        // `true` flag sets it again below).
        default_billing: match &request.default_billing {
            Patch::Absent => stored.default_billing,
            Patch::Null => None,
            Patch::Value(value) => php::to_int(&Value::String(value.clone())).filter(|id| *id != 0),
        },
        default_shipping: match &request.default_shipping {
            Patch::Absent => stored.default_shipping,
            Patch::Null => None,
            Patch::Value(value) => php::to_int(&Value::String(value.clone())).filter(|id| *id != 0),
        },
        confirmation: column(&request.confirmation, stored.confirmation.clone(), 64),
        // `created_at` is forced to the stored value (CustomerRepository l.212).
        created_at: target.created_at.clone(),
        // The `updated_at` backend stamps the save time.
        updated_at: save.now.to_string(),
        created_in: column(&request.created_in, stored.created_in.clone(), 255),
        dob: match &save.dob {
            Some(dob) => dob.clone(),
            None => stored.dob.clone(),
        },
        email: match &request.email {
            Patch::Value(email) => truncate(email.clone(), 255),
            Patch::Absent | Patch::Null => stored.email.clone(),
        },
        firstname: match &request.firstname {
            Patch::Value(name) => truncate(name.clone(), 255),
            Patch::Absent | Patch::Null => stored.firstname.clone(),
        },
        lastname: match &request.lastname {
            Patch::Value(name) => truncate(name.clone(), 255),
            Patch::Absent | Patch::Null => stored.lastname.clone(),
        },
        middlename: column(&request.middlename, stored.middlename.clone(), 255),
        prefix: column(&request.prefix, stored.prefix.clone(), 40),
        suffix: column(&request.suffix, stored.suffix.clone(), 40),
        gender: match request.gender {
            Patch::Value(gender) => Some(gender),
            Patch::Absent | Patch::Null => stored.gender,
        },
        store_id: request.store_id.value().copied().unwrap_or(stored.store_id),
        taxvat: column(&request.taxvat, stored.taxvat.clone(), 50),
        website_id: request
            .website_id
            .value()
            .copied()
            .unwrap_or(stored.website_id),
        addresses: stored.addresses.clone(),
        // `Attribute/Backend/Data/Boolean`: '1' if non-empty else '0'.
        disable_auto_group_change: match request.disable_auto_group_change {
            Patch::Value(flag) => i64::from(flag != 0),
            Patch::Absent | Patch::Null => stored.disable_auto_group_change,
        },
        is_subscribed: match &request.extension_attributes {
            Patch::Value(extension) => extension
                .is_subscribed
                .value()
                .copied()
                .unwrap_or(stored.is_subscribed),
            Patch::Absent | Patch::Null => stored.is_subscribed,
        },
        custom_attributes: stored.custom_attributes.clone(),
        password_hash: target.password_hash.clone(),
        rp_token: target.rp_token.clone(),
        rp_token_created_at: target.rp_token_created_at.clone(),
    };
    if let Patch::Value(attributes) = &request.custom_attributes {
        apply_custom_attributes(
            &mut customer.custom_attributes,
            attributes,
            save.config,
            "customer",
        );
    }
    // `populateCustomerWithSecureData`: a non-empty hash is stored verbatim and resets the
    // password-reset token.
    if let Patch::Value(hash) = save.password_hash
        && !hash.is_empty()
    {
        customer.password_hash = Some(truncate(hash.clone(), 128));
        customer.rp_token = None;
        customer.rp_token_created_at = None;
    }
    // An email change (strict `!==`, so case counts) resets the password-reset token.
    if model.email.as_deref() != Some(target.email.as_str()) {
        customer.rp_token = None;
        customer.rp_token_created_at = None;
    }
    if let Some(addresses) = &save.addresses {
        // By id: a later save of the same id replaces the earlier one, and the list comes out
        // in id order.
        let mut kept: BTreeMap<i64, StoredAddress> = BTreeMap::new();
        for (id, address) in addresses {
            let stored_address = address.stored(*id, save.directory);
            // `ResourceModel/Address/Relation`: a `true` flag makes the address the default, an
            // explicit `false` clears the default that pointed to it.
            match address.default_billing {
                Some(true) => customer.default_billing = Some(*id),
                Some(false) if customer.default_billing == Some(*id) => {
                    customer.default_billing = None;
                }
                _ => {}
            }
            match address.default_shipping {
                Some(true) => customer.default_shipping = Some(*id),
                Some(false) if customer.default_shipping == Some(*id) => {
                    customer.default_shipping = None;
                }
                _ => {}
            }
            kept.insert(*id, stored_address);
        }
        // Stored addresses not saved are deleted; `DeleteRelation` nulls defaults on them.
        for default in [
            &mut customer.default_billing,
            &mut customer.default_shipping,
        ] {
            let deleted =
                |id: i64| !kept.contains_key(&id) && target.addresses.iter().any(|a| a.id == id);
            if default.is_some_and(deleted) {
                *default = None;
            }
        }
        customer.addresses = kept.into_values().collect();
    }
    customer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn street_is_imploded_and_trimmed_as_a_whole() {
        let mut address = AddressModel::default();
        let request = AddressRequest {
            street: Patch::Value(vec![String::new(), String::from("Line 2")]),
            ..AddressRequest::default()
        };
        address.apply(&request, &Config::default());
        assert_eq!(address.street.as_deref(), Some("Line 2"));
        assert_eq!(address.street_lines(), vec![String::from("Line 2")]);
    }

    #[test]
    fn null_unsets_for_validators_but_keeps_for_storage() {
        let stored = StoredCustomer {
            middlename: Some(String::from("Q")),
            ..StoredCustomer::default()
        };
        let request = CustomerRequest {
            middlename: Patch::Null,
            ..CustomerRequest::default()
        };
        assert_eq!(customer_model(&request, &stored).middlename, None);
        assert_eq!(
            column(&request.middlename, stored.middlename.clone(), 255),
            Some(String::from("Q"))
        );
        assert_eq!(
            column(&Patch::Value(String::new()), Some(String::from("Q")), 255),
            None
        );
        assert_eq!(
            column(&Patch::Value("x".repeat(60)), None, 50).map(|v| v.len()),
            Some(50)
        );
    }
}
