//! The customer as `GET /V1/customers/{id}` and a successful PUT answer it (reference §3.2
//! "response": `DataObjectProcessor::buildOutputDataArray` omits nulls of nullable getters, the
//! address `region` is always an object, `extension_attributes.is_subscribed` always present).
//!
//! This is also the JSON form of [`StoredCustomer`]: a stored customer is read from, and written
//! as, the shop's own answer, so that what a caller fetched from the shop can be passed on as it
//! is. The storage fields of the model stay an internal detail.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::model::{StoredAddress, StoredCustomer};
use super::profile::Profile;

/// `customer-data-customer-interface` as the shop answers `GET /V1/customers/{id}` (the
/// `magento-customer` schema of the OpenAPI document), the JSON form of a stored customer.
///
/// Read leniently where the shop's own forms differ: `default_billing` and `default_shipping`
/// may be numbers or strings, and an address flagged `default_billing`/`default_shipping` makes
/// it the default when the customer names none. Fields left out take the values of a new account.
/// `password_hash`, `rp_token` and `rp_token_created_at` are never in the shop's answer: they
/// let a fixture (or a merged customer) carry the secure data a PUT can change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "a customer object")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(rename = "MagentoCustomer")
)]
pub struct CustomerView {
    /// Entity id.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub id: i64,
    /// Customer group id.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub group_id: i64,
    /// Id of the default billing address (a string in the shop's answer).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "id_text",
        deserialize_with = "id_number_or_text"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | number", optional))]
    pub default_billing: Option<i64>,
    /// Id of the default shipping address (a string in the shop's answer).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "id_text",
        deserialize_with = "id_number_or_text"
    )]
    #[cfg_attr(feature = "typescript", tsify(type = "string | number", optional))]
    pub default_shipping: Option<i64>,
    /// Confirmation key of an unconfirmed account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<String>,
    /// Creation time, `Y-m-d H:i:s` UTC.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub created_at: String,
    /// Last update time, `Y-m-d H:i:s` UTC.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub updated_at: String,
    /// Store view name the account was created in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_in: Option<String>,
    /// Date of birth, `Y-m-d`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
    /// Email address.
    pub email: String,
    /// First name.
    pub firstname: String,
    /// Last name.
    pub lastname: String,
    /// Middle name or initial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middlename: Option<String>,
    /// Name prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Name suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// Gender option id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<i64>,
    /// Store id.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub store_id: i64,
    /// Tax/VAT number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxvat: Option<String>,
    /// Website id.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub website_id: i64,
    /// Addresses.
    #[cfg_attr(feature = "typescript", tsify(type = "MagentoAddress[]", optional))]
    pub addresses: Vec<AddressView>,
    /// `0` or `1`.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub disable_auto_group_change: i64,
    /// Extension attributes.
    #[cfg_attr(
        feature = "typescript",
        tsify(
            type = "{ is_subscribed?: boolean; [attribute: string]: unknown }",
            optional
        )
    )]
    pub extension_attributes: CustomerExtensionView,
    /// Custom attribute values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "MagentoCustomAttribute[]", optional)
    )]
    pub custom_attributes: Vec<AttributeView>,
    /// Password hash (`password_hash` column): never in the shop's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    /// Password-reset token: never in the shop's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rp_token: Option<String>,
    /// Creation time of the password-reset token: never in the shop's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rp_token_created_at: Option<String>,
}

impl Default for CustomerView {
    fn default() -> Self {
        CustomerView::from(StoredCustomer::default())
    }
}

/// `customer-data-customer-extension-interface` as answered. The other attributes depend on the
/// installed modules: they are read and left aside.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, expecting = "an extension_attributes object")]
pub struct CustomerExtensionView {
    /// Newsletter subscription.
    pub is_subscribed: bool,
}

/// `customer-data-address-interface` as answered (the `magento-address` schema).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "an address object")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(rename = "MagentoAddress")
)]
pub struct AddressView {
    /// Address id (unique in the shop).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub id: i64,
    /// The id of the customer the address belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    /// The region, always an object in the shop's answer.
    #[cfg_attr(feature = "typescript", tsify(type = "MagentoAddressRegion", optional))]
    pub region: RegionView,
    /// Region id, `0` for none.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub region_id: i64,
    /// Country code (ISO 3166-1 alpha-2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_id: Option<String>,
    /// Street lines.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub street: Vec<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Fax number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// Middle name or initial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middlename: Option<String>,
    /// Name prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Name suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// VAT number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
    /// Present (`true`) on the customer's default shipping address.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub default_shipping: bool,
    /// Present (`true`) on the customer's default billing address.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub default_billing: bool,
    /// Address extension attributes (none in Magento Open Source): read and left aside.
    #[serde(skip_serializing)]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "Record<string, unknown>", optional)
    )]
    pub extension_attributes: Map<String, Value>,
    /// Custom attribute values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "MagentoCustomAttribute[]", optional)
    )]
    pub custom_attributes: Vec<AttributeView>,
}

impl Default for AddressView {
    fn default() -> Self {
        AddressView {
            id: 0,
            customer_id: None,
            region: RegionView::default(),
            region_id: 0,
            country_id: None,
            street: Vec::new(),
            company: None,
            telephone: None,
            fax: None,
            postcode: None,
            city: None,
            firstname: None,
            lastname: None,
            middlename: None,
            prefix: None,
            suffix: None,
            vat_id: None,
            default_shipping: false,
            default_billing: false,
            extension_attributes: Map::new(),
            custom_attributes: Vec::new(),
        }
    }
}

/// `customer-data-region-interface` as answered: an address without a region has
/// `{"region_code": null, "region": null, "region_id": 0}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "a region object")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(rename = "MagentoAddressRegion")
)]
pub struct RegionView {
    /// Region code, e.g. `TX`.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub region_code: Option<String>,
    /// Region name.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub region: Option<String>,
    /// Region id, `0` for none.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub region_id: i64,
    /// Region extension attributes (none in Magento Open Source): read and left aside.
    #[serde(skip_serializing)]
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "Record<string, unknown>", optional)
    )]
    pub extension_attributes: Map<String, Value>,
}

/// One `framework-attribute-interface` entry as answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an {attribute_code, value} object")]
pub struct AttributeView {
    /// The attribute code.
    pub attribute_code: String,
    /// The value: the shop stores it as text, so a number or a boolean is kept as its JSON text.
    #[serde(deserialize_with = "value_text")]
    pub value: String,
}

fn id_text<S: Serializer>(id: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => serializer.collect_str(id),
        None => serializer.serialize_none(),
    }
}

fn id_number_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(
        untagged,
        expecting = "an address id, as a number or a string of digits"
    )]
    enum Id {
        Number(i64),
        Text(String),
    }
    match Option::<Id>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Id::Number(id)) => Ok(Some(id)),
        Some(Id::Text(text)) => text.parse().map(Some).map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"an address id, as a number or a string of digits",
            )
        }),
    }
}

fn value_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

fn attributes_view(attributes: BTreeMap<String, String>) -> Vec<AttributeView> {
    attributes
        .into_iter()
        .map(|(attribute_code, value)| AttributeView {
            attribute_code,
            value,
        })
        .collect()
}

fn attributes_stored(attributes: Vec<AttributeView>) -> BTreeMap<String, String> {
    attributes
        .into_iter()
        .map(|attribute| (attribute.attribute_code, attribute.value))
        .collect()
}

impl From<StoredCustomer> for CustomerView {
    fn from(customer: StoredCustomer) -> Self {
        let StoredCustomer {
            id,
            group_id,
            default_billing,
            default_shipping,
            confirmation,
            created_at,
            updated_at,
            created_in,
            dob,
            email,
            firstname,
            lastname,
            middlename,
            prefix,
            suffix,
            gender,
            store_id,
            taxvat,
            website_id,
            addresses,
            disable_auto_group_change,
            is_subscribed,
            custom_attributes,
            password_hash,
            rp_token,
            rp_token_created_at,
        } = customer;
        let addresses = addresses
            .into_iter()
            .map(|address| AddressView {
                id: address.id,
                customer_id: Some(id),
                region: RegionView {
                    region_code: address.region_code,
                    region: address.region,
                    region_id: address.region_id.unwrap_or(0),
                    extension_attributes: Map::new(),
                },
                region_id: address.region_id.unwrap_or(0),
                country_id: address.country_id,
                street: address.street,
                company: address.company,
                telephone: address.telephone,
                fax: address.fax,
                postcode: address.postcode,
                city: address.city,
                firstname: address.firstname,
                lastname: address.lastname,
                middlename: address.middlename,
                prefix: address.prefix,
                suffix: address.suffix,
                vat_id: address.vat_id,
                default_shipping: default_shipping == Some(address.id),
                default_billing: default_billing == Some(address.id),
                extension_attributes: Map::new(),
                custom_attributes: attributes_view(address.custom_attributes),
            })
            .collect();
        CustomerView {
            id,
            group_id,
            default_billing,
            default_shipping,
            confirmation,
            created_at,
            updated_at,
            created_in,
            dob,
            email,
            firstname,
            lastname,
            middlename,
            prefix,
            suffix,
            gender,
            store_id,
            taxvat,
            website_id,
            addresses,
            disable_auto_group_change,
            extension_attributes: CustomerExtensionView { is_subscribed },
            custom_attributes: attributes_view(custom_attributes),
            password_hash,
            rp_token,
            rp_token_created_at,
        }
    }
}

impl From<CustomerView> for StoredCustomer {
    fn from(view: CustomerView) -> Self {
        let flagged = |flag: fn(&AddressView) -> bool| {
            view.addresses
                .iter()
                .find(|address| flag(address))
                .map(|address| address.id)
        };
        let default_billing = view
            .default_billing
            .or_else(|| flagged(|address| address.default_billing));
        let default_shipping = view
            .default_shipping
            .or_else(|| flagged(|address| address.default_shipping));
        let addresses = view
            .addresses
            .into_iter()
            .map(|address| {
                // The top-level `region_id` is the column; the object repeats it.
                let region_id = Some(address.region_id)
                    .filter(|id| *id != 0)
                    .or(Some(address.region.region_id).filter(|id| *id != 0));
                StoredAddress {
                    id: address.id,
                    region: address.region.region,
                    region_code: address.region.region_code,
                    region_id,
                    country_id: address.country_id,
                    street: address.street,
                    company: address.company,
                    telephone: address.telephone,
                    fax: address.fax,
                    postcode: address.postcode,
                    city: address.city,
                    firstname: address.firstname,
                    lastname: address.lastname,
                    middlename: address.middlename,
                    prefix: address.prefix,
                    suffix: address.suffix,
                    vat_id: address.vat_id,
                    custom_attributes: attributes_stored(address.custom_attributes),
                }
            })
            .collect();
        StoredCustomer {
            id: view.id,
            group_id: view.group_id,
            default_billing,
            default_shipping,
            confirmation: view.confirmation,
            created_at: view.created_at,
            updated_at: view.updated_at,
            created_in: view.created_in,
            dob: view.dob,
            email: view.email,
            firstname: view.firstname,
            lastname: view.lastname,
            middlename: view.middlename,
            prefix: view.prefix,
            suffix: view.suffix,
            gender: view.gender,
            store_id: view.store_id,
            taxvat: view.taxvat,
            website_id: view.website_id,
            addresses,
            disable_auto_group_change: view.disable_auto_group_change,
            is_subscribed: view.extension_attributes.is_subscribed,
            custom_attributes: attributes_stored(view.custom_attributes),
            password_hash: view.password_hash,
            rp_token: view.rp_token,
            rp_token_created_at: view.rp_token_created_at,
        }
    }
}

/// The JSON body of a customer as a shop running `profile` answers it: from 2.4.8,
/// `Customer/Model/Customer::getDataModel` lists the default shipping address first (blob
/// 1da156f8); before, the addresses come in the order they are stored. The secure data is
/// never shown.
pub fn customer_view(customer: &StoredCustomer, profile: &Profile) -> Value {
    let mut view = CustomerView::from(StoredCustomer {
        password_hash: None,
        rp_token: None,
        rp_token_created_at: None,
        ..customer.clone()
    });
    if profile.rules().default_shipping_first {
        // A stable sort: the default shipping address first, the others in stored order.
        view.addresses
            .sort_by_key(|address| !address.default_shipping);
    }
    serde_json::to_value(view).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::{Profile, customer_view};
    use crate::magento::{Shop, StoredCustomer};

    fn default_shop() -> Shop {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../../../tests/fixtures/default.json")).unwrap();
        serde_json::from_value(fixture["magento"].clone()).unwrap()
    }

    #[test]
    fn a_customer_read_back_from_its_answer_is_the_stored_one_without_secrets() {
        let shop = default_shop();
        assert!(!shop.customers.is_empty());
        for customer in &shop.customers {
            let mut expected = customer.clone();
            expected.password_hash = None;
            expected.rp_token = None;
            expected.rp_token_created_at = None;
            let answer = customer_view(customer, &Profile::default());
            assert_eq!(answer.get("password_hash"), None);
            let read: StoredCustomer = serde_json::from_value(answer).unwrap();
            assert_eq!(read, expected);
        }
    }

    #[test]
    fn a_stored_customer_is_written_and_read_as_the_shops_answer_with_its_secrets() {
        for customer in default_shop().customers {
            let text = serde_json::to_string(&customer).unwrap();
            assert_eq!(
                serde_json::from_str::<StoredCustomer>(&text).unwrap(),
                customer
            );
        }
    }

    #[test]
    fn the_shops_own_forms_of_ids_flags_and_attributes_are_read() {
        let view = serde_json::json!({
            "id": 7, "email": "a@example.com", "firstname": "A", "lastname": "B",
            "default_shipping": 12,
            "addresses": [
                {"id": 11, "customer_id": 7, "default_billing": true, "extension_attributes": {},
                 "region": {"region_code": "TX", "region": "Texas", "region_id": 57},
                 "custom_attributes": [{"attribute_code": "floor", "value": 3}]},
                {"id": 12, "region": {"region_code": null, "region": null, "region_id": 0}}
            ],
            "extension_attributes": {"is_subscribed": true, "assistance_allowed": 2},
            "custom_attributes": [{"attribute_code": "tier", "value": "gold"}]
        });
        let customer: StoredCustomer = serde_json::from_value(view).unwrap();
        assert_eq!(customer.default_billing, Some(11));
        assert_eq!(customer.default_shipping, Some(12));
        assert_eq!(customer.addresses[0].region_id, Some(57));
        assert_eq!(customer.addresses[0].region.as_deref(), Some("Texas"));
        assert_eq!(customer.addresses[0].custom_attributes["floor"], "3");
        assert_eq!(customer.addresses[1].region_id, None);
        assert!(customer.is_subscribed);
        assert_eq!(customer.custom_attributes["tier"], "gold");
    }

    #[test]
    fn a_shape_error_names_the_field() {
        let view = serde_json::json!({"addresses": [{"id": 1, "region": "Texas"}]});
        let error = serde_json::from_value::<StoredCustomer>(view).unwrap_err();
        assert!(
            error.to_string().contains("expected a region object"),
            "{error}"
        );
        let view = serde_json::json!({"default_billing": "one"});
        let error = serde_json::from_value::<StoredCustomer>(view).unwrap_err();
        assert!(error.to_string().contains("an address id"), "{error}");
    }
}
