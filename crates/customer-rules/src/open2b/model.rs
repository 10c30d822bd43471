//! The shapes on the wire: the update request of `storefront.update-customer` and the stored
//! customer in the read shape of `storefront.customer`.
//!
//! Field names are Open2b's (camelCase), in the order the documentation lists them, which is also
//! the order in which they are validated (see the module documentation).

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, de};

use crate::Patch;

/// The body of `POST /api/v10/storefront.update-customer`: `{"customer": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct UpdateCustomerRequest {
    /// The customer data to update.
    pub customer: CustomerUpdate,
}

/// The customer data of an update: every field is optional, and a field left out stays unchanged
/// (reference §2).
///
/// `cart` and `shippingAddress` are the only fields that "can be null", so they are [`Patch`]es;
/// the others are either left out or given a value. Arrays replace the stored set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct CustomerUpdate {
    /// The cart token, `string(32)`: `null` detaches the customer's cart.
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub cart: Patch<String>,
    /// Electronic invoice recipient code or PEC email address, `string(0…256)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_recipient: Option<String>,
    /// Billing address fields to change; the others stay as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddressUpdate>,
    /// Shipping address fields to change; `null` removes the separate shipping address.
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "Open2bShippingAddressUpdate | null")
    )]
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub shipping_address: Patch<ShippingAddressUpdate>,
    /// Products (ids) on her wish list, `int(1…)`; replaces the stored list.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_numbers"
    )]
    pub wish_list: Option<Vec<u32>>,
    /// Newsletter lists (ids) she is subscribed to, `int(1…)`; replaces the stored set.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_numbers"
    )]
    pub newsletter_lists: Option<Vec<u32>>,
    /// Privacy processings (ids) she consents to, `int(1…255)`; replaces the stored set.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_numbers"
    )]
    pub privacy_consents: Option<Vec<u8>>,
}

/// A partial billing address: each field sent replaces the stored one.
///
/// There is no `email`: this call cannot change it (reference §2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct BillingAddressUpdate {
    /// First name, `string(1…25)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name, `string(1…25)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Personal (tax) code, `string(0…20)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_code: Option<String>,
    /// Company name, `string(0…100)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Company code number, `string(0…20)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_code: Option<String>,
    /// Second company code number, `string(0…20)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_code2: Option<String>,
    /// Street, first row, `string(1…60)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street1: Option<String>,
    /// Street, second row, `string(0…60)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City, `string(1…25)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code, `string(1…20)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// State, province or county, `string(0…3)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_prov: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Phone number, `string(0…15)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Mobile number, `string(0…15)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<String>,
    /// Fax number, `string(0…15)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax_number: Option<String>,
}

/// A partial shipping address: each field sent replaces the stored one. When the customer has no
/// shipping address yet, `name`, `street1`, `city`, `postalCode` and `country` must all be sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct ShippingAddressUpdate {
    /// Recipient name, `string(1…100)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street, first row, `string(1…60)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street1: Option<String>,
    /// Street, second row, `string(0…60)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City, `string(1…25)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code, `string(1…20)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Province, state or county, `string(0…3)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_prov: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A customer as the shop stores it, in the shape `storefront.customer` returns it.
///
/// Assumption 12 (reference §3, "read shape"): besides the documented `cart`, `invoiceRecipient`,
/// `billingAddress` (with `email`) and `shippingAddress`, the read shape holds the update's other
/// members, `wishList`, `newsletterLists` and `privacyConsents` (the end of the page could not be
/// read). Fields missing when reading (e.g. from a fixture) take the empty value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b", missing_as_null)
)]
pub struct Customer {
    /// The customer's cart token, or `null` when she has none.
    #[serde(default)]
    pub cart: Option<String>,
    /// Electronic invoice recipient code or PEC email address (`""` when none).
    #[serde(default)]
    pub invoice_recipient: String,
    /// The billing address, with the customer's email.
    #[serde(default)]
    pub billing_address: BillingAddress,
    /// The separate shipping address, or `null` when goods ship to the billing address.
    #[serde(default)]
    pub shipping_address: Option<ShippingAddress>,
    /// Products (ids) on her wish list.
    #[serde(default)]
    pub wish_list: Vec<u32>,
    /// Newsletter lists (ids) she is subscribed to.
    #[serde(default)]
    pub newsletter_lists: Vec<u32>,
    /// Privacy processings (ids) she consents to.
    #[serde(default)]
    pub privacy_consents: Vec<u8>,
}

/// A stored billing address: the update fields plus the customer's `email`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b", missing_as_null)
)]
pub struct BillingAddress {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Personal (tax) code.
    pub personal_code: String,
    /// Company name.
    pub company_name: String,
    /// Company code number.
    pub company_code: String,
    /// Second company code number.
    pub company_code2: String,
    /// Street, first row.
    pub street1: String,
    /// Street, second row.
    pub street2: String,
    /// City.
    pub city: String,
    /// Postal code.
    pub postal_code: String,
    /// State, province or county.
    pub state_prov: String,
    /// Country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Phone number.
    pub phone_number: String,
    /// Mobile number.
    pub mobile_number: String,
    /// Fax number.
    pub fax_number: String,
    /// The customer's email, `string(3…120)`; read-only for `update-customer`.
    pub email: String,
}

/// A stored shipping address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b", missing_as_null)
)]
pub struct ShippingAddress {
    /// Recipient name.
    pub name: String,
    /// Street, first row.
    pub street1: String,
    /// Street, second row.
    pub street2: String,
    /// City.
    pub city: String,
    /// Postal code.
    pub postal_code: String,
    /// Province, state or county.
    pub state_prov: String,
    /// Country, ISO 3166-1 alpha-2.
    pub country: String,
}

/// A privacy processing of the store (admin API `commerce.privacy-processings`, reference §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub struct PrivacyProcessing {
    /// The processing's id, `int(1…255)`.
    pub id: u8,
    /// Which data the processing is about.
    pub type_of_data: TypeOfData,
    /// True when consent is mandatory: a customer's `privacyConsents` must then include it.
    pub is_consent_required: bool,
}

/// The data a privacy processing is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Open2b")
)]
pub enum TypeOfData {
    /// Order data.
    Order,
    /// Quote data.
    Quote,
    /// Customer data: the processings `update-customer` checks consents against.
    Customer,
}

/// Reads a list of ids as the shop reads them (Assumption 3): any JSON number without a
/// fractional part, whatever its notation, so `1.8e1` is 18 here as in the shop's answer.
fn whole_numbers<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    struct WholeNumber<T>(T);

    impl<'de, T: TryFrom<u64>> Deserialize<'de> for WholeNumber<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor<T>(PhantomData<T>);

            impl<T: TryFrom<u64>> de::Visitor<'_> for Visitor<T> {
                type Value = T;

                fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                    formatter.write_str("a whole number in the id's range")
                }

                fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
                    T::try_from(value).map_err(|_| E::custom("id out of range"))
                }

                fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
                    let value = u64::try_from(value).map_err(|_| E::custom("id out of range"))?;
                    self.visit_u64(value)
                }

                fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
                    // Below 2^64, where every whole f64 converts to u64 exactly.
                    if value.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&value)
                    {
                        self.visit_u64(value as u64)
                    } else {
                        Err(E::custom("an id is a whole number"))
                    }
                }
            }

            deserializer
                .deserialize_any(Visitor(PhantomData))
                .map(WholeNumber)
        }
    }

    let ids = Option::<Vec<WholeNumber<T>>>::deserialize(deserializer)?;
    Ok(ids.map(|ids| ids.into_iter().map(|WholeNumber(id)| id).collect()))
}
