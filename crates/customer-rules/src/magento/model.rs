//! The customer as a PUT request carries it, and the customer as the shop stores it.
//!
//! Request fields are [`Patch`]es: Magento gives absent, `null` and `""` three meanings (reference
//! §3.2): absent keeps the stored value, `null` on an optional field is a no-op, `""` clears.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Patch;

/// The body of `PUT /rest/{store}/V1/customers/{customerId}` after the webapi layer read it:
/// `{"customer": {...}, "passwordHash": "..."}` (`Customer/Api/CustomerRepositoryInterface::save`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct SaveRequest {
    /// The customer data object (required by the service signature).
    pub customer: CustomerRequest,
    /// A password hash stored verbatim (`passwordHash` or `password_hash` on the wire).
    #[serde(
        default,
        rename = "passwordHash",
        skip_serializing_if = "Patch::is_absent"
    )]
    pub password_hash: Patch<String>,
}

/// `customer-data-customer-interface` as sent (reference §2.1); every field keeps absent, `null`
/// and value apart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct CustomerRequest {
    /// Entity id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub id: Patch<i64>,
    /// Customer group id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub group_id: Patch<i64>,
    /// Id of the default billing address (a string on the wire).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub default_billing: Patch<String>,
    /// Id of the default shipping address (a string on the wire).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub default_shipping: Patch<String>,
    /// Confirmation key; non-empty marks the account unconfirmed.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub confirmation: Patch<String>,
    /// Creation time; the shop always keeps the stored value.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub created_at: Patch<String>,
    /// Update time; the shop stamps the save time.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub updated_at: Patch<String>,
    /// Store view name the account was created in.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub created_in: Patch<String>,
    /// Date of birth in any form PHP's `DateTime` reads; digits are a Unix timestamp.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub dob: Patch<String>,
    /// Email address (required by the schema).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub email: Patch<String>,
    /// First name (required by the schema).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub firstname: Patch<String>,
    /// Last name (required by the schema).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub lastname: Patch<String>,
    /// Middle name or initial.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub middlename: Patch<String>,
    /// Name prefix (stored cut to 40 characters).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub prefix: Patch<String>,
    /// Name suffix (stored cut to 40 characters).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub suffix: Patch<String>,
    /// Gender option id (1 Male, 2 Female, 3 Not Specified at install).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub gender: Patch<i64>,
    /// Store id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub store_id: Patch<i64>,
    /// Tax/VAT number (stored cut to 50 characters).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub taxvat: Patch<String>,
    /// Website id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub website_id: Patch<i64>,
    /// Addresses: absent re-saves the stored ones, `[]` deletes all, a list is the final state.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub addresses: Patch<Vec<AddressRequest>>,
    /// Disables automatic group assignment; stored as 0 or 1.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub disable_auto_group_change: Patch<i64>,
    /// Extension attributes (`is_subscribed`, `assistance_allowed`).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub extension_attributes: Patch<CustomerExtension>,
    /// Custom attribute values; only the shop's custom attribute codes are kept.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub custom_attributes: Patch<Vec<CustomAttribute>>,
}

/// `customer-data-address-interface` as sent (reference §2.2); no field is required.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct AddressRequest {
    /// Address id: an existing address of the customer, or absent/0 for a new one.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub id: Patch<i64>,
    /// Owner id; the shop overwrites it with the customer's id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub customer_id: Patch<i64>,
    /// Region object; when sent it sets region name, code and id together.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub region: Patch<RegionRequest>,
    /// Region id from the directory.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub region_id: Patch<i64>,
    /// Country code (ISO 3166-1 alpha-2).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub country_id: Patch<String>,
    /// Street lines (at most `customer/address/street_lines`).
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub street: Patch<Vec<String>>,
    /// Company.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub company: Patch<String>,
    /// Telephone number.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub telephone: Patch<String>,
    /// Fax number.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub fax: Patch<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub postcode: Patch<String>,
    /// City.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub city: Patch<String>,
    /// First name.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub firstname: Patch<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub lastname: Patch<String>,
    /// Middle name or initial.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub middlename: Patch<String>,
    /// Name prefix.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub prefix: Patch<String>,
    /// Name suffix.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub suffix: Patch<String>,
    /// VAT number.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub vat_id: Patch<String>,
    /// `true` makes it the default shipping address, `false` on the default clears it.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub default_shipping: Patch<bool>,
    /// `true` makes it the default billing address, `false` on the default clears it.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub default_billing: Patch<bool>,
    /// Custom attribute values.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub custom_attributes: Patch<Vec<CustomAttribute>>,
}

/// `customer-data-region-interface` as sent (reference §2.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct RegionRequest {
    /// Region code, e.g. `TX`.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub region_code: Patch<String>,
    /// Region name.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub region: Patch<String>,
    /// Region id.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub region_id: Patch<i64>,
}

/// `customer-data-customer-extension-interface` of Open Source 2.4.8-p1 (reference §2.5).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct CustomerExtension {
    /// Newsletter subscription: `true` subscribes, `false` unsubscribes, absent/`null` keeps.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub is_subscribed: Patch<bool>,
    /// Login-as-customer assistance: `1` denied, `2` allowed.
    #[serde(skip_serializing_if = "Patch::is_absent")]
    pub assistance_allowed: Patch<i64>,
}

/// One `framework-attribute-interface` entry (reference §2.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct CustomAttribute {
    /// The attribute code.
    pub attribute_code: String,
    /// The value after type coercion; `null` or `""` deletes a stored value.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub value: Value,
}

/// A customer as the shop stores it (the `GET /V1/customers/{id}` answer plus the secure data a
/// PUT can touch). Its JSON form is the shop's answer, [`CustomerView`](super::CustomerView):
/// what a caller read from the shop is a stored customer as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "super::CustomerView", into = "super::CustomerView")]
pub struct StoredCustomer {
    /// Entity id.
    pub id: i64,
    /// Customer group id.
    pub group_id: i64,
    /// Id of the default billing address.
    pub default_billing: Option<i64>,
    /// Id of the default shipping address.
    pub default_shipping: Option<i64>,
    /// Confirmation key of an unconfirmed account.
    pub confirmation: Option<String>,
    /// Creation time, `Y-m-d H:i:s` UTC.
    pub created_at: String,
    /// Last update time, `Y-m-d H:i:s` UTC.
    pub updated_at: String,
    /// Store view name the account was created in.
    pub created_in: Option<String>,
    /// Date of birth, `Y-m-d`.
    pub dob: Option<String>,
    /// Email address.
    pub email: String,
    /// First name.
    pub firstname: String,
    /// Last name.
    pub lastname: String,
    /// Middle name or initial.
    pub middlename: Option<String>,
    /// Name prefix.
    pub prefix: Option<String>,
    /// Name suffix.
    pub suffix: Option<String>,
    /// Gender option id.
    pub gender: Option<i64>,
    /// Store id.
    pub store_id: i64,
    /// Tax/VAT number.
    pub taxvat: Option<String>,
    /// Website id.
    pub website_id: i64,
    /// Addresses, in id order.
    pub addresses: Vec<StoredAddress>,
    /// `0` or `1`.
    pub disable_auto_group_change: i64,
    /// Newsletter subscription.
    pub is_subscribed: bool,
    /// Values of custom attributes by code.
    pub custom_attributes: BTreeMap<String, String>,
    /// Password hash (`password_hash` column).
    pub password_hash: Option<String>,
    /// Password-reset token.
    pub rp_token: Option<String>,
    /// Creation time of the password-reset token.
    pub rp_token_created_at: Option<String>,
}

impl Default for StoredCustomer {
    fn default() -> Self {
        StoredCustomer {
            id: 0,
            group_id: 1,
            default_billing: None,
            default_shipping: None,
            confirmation: None,
            created_at: String::from("2026-01-01 00:00:00"),
            updated_at: String::from("2026-01-01 00:00:00"),
            created_in: Some(String::from("Default Store View")),
            dob: None,
            email: String::new(),
            firstname: String::new(),
            lastname: String::new(),
            middlename: None,
            prefix: None,
            suffix: None,
            gender: None,
            store_id: 1,
            taxvat: None,
            website_id: 1,
            addresses: Vec::new(),
            disable_auto_group_change: 0,
            is_subscribed: false,
            custom_attributes: BTreeMap::new(),
            password_hash: None,
            rp_token: None,
            rp_token_created_at: None,
        }
    }
}

/// A stored customer address (its JSON form is [`AddressView`](super::AddressView), inside a
/// customer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredAddress {
    /// Address id (unique in the shop).
    pub id: i64,
    /// Region name.
    pub region: Option<String>,
    /// Region code, e.g. `TX`.
    pub region_code: Option<String>,
    /// Region id from the directory.
    pub region_id: Option<i64>,
    /// Country code (ISO 3166-1 alpha-2).
    pub country_id: Option<String>,
    /// Street lines.
    pub street: Vec<String>,
    /// Company.
    pub company: Option<String>,
    /// Telephone number.
    pub telephone: Option<String>,
    /// Fax number.
    pub fax: Option<String>,
    /// Postal code.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// Middle name or initial.
    pub middlename: Option<String>,
    /// Name prefix.
    pub prefix: Option<String>,
    /// Name suffix.
    pub suffix: Option<String>,
    /// VAT number.
    pub vat_id: Option<String>,
    /// Custom attribute values by code.
    pub custom_attributes: BTreeMap<String, String>,
}
