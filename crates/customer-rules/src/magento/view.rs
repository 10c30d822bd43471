//! The customer as `GET /V1/customers/{id}` and a successful PUT answer it (reference §3.2
//! "response": `DataObjectProcessor::buildOutputDataArray` omits nulls of nullable getters, the
//! address `region` is always an object, `extension_attributes.is_subscribed` always present).

use serde_json::{Map, Value, json};

use super::model::{StoredAddress, StoredCustomer};
use super::profile::Profile;

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value);
    }
}

fn text(value: &Option<String>) -> Option<Value> {
    value.as_ref().map(|v| Value::String(v.clone()))
}

/// The JSON body of a customer as a shop running `profile` answers it: from 2.4.8,
/// `Customer/Model/Customer::getDataModel` lists the default shipping address first (blob
/// 1da156f8); before, the addresses come in the order they are stored.
pub fn customer_view(customer: &StoredCustomer, profile: &Profile) -> Value {
    let mut map = Map::with_capacity(24);
    map.insert(String::from("id"), json!(customer.id));
    map.insert(String::from("group_id"), json!(customer.group_id));
    put(
        &mut map,
        "default_billing",
        customer.default_billing.map(|id| json!(id.to_string())),
    );
    put(
        &mut map,
        "default_shipping",
        customer.default_shipping.map(|id| json!(id.to_string())),
    );
    put(&mut map, "confirmation", text(&customer.confirmation));
    map.insert(String::from("created_at"), json!(customer.created_at));
    map.insert(String::from("updated_at"), json!(customer.updated_at));
    put(&mut map, "created_in", text(&customer.created_in));
    put(&mut map, "dob", text(&customer.dob));
    map.insert(String::from("email"), json!(customer.email));
    map.insert(String::from("firstname"), json!(customer.firstname));
    map.insert(String::from("lastname"), json!(customer.lastname));
    put(&mut map, "middlename", text(&customer.middlename));
    put(&mut map, "prefix", text(&customer.prefix));
    put(&mut map, "suffix", text(&customer.suffix));
    put(&mut map, "gender", customer.gender.map(|g| json!(g)));
    map.insert(String::from("store_id"), json!(customer.store_id));
    put(&mut map, "taxvat", text(&customer.taxvat));
    map.insert(String::from("website_id"), json!(customer.website_id));
    map.insert(
        String::from("addresses"),
        Value::Array({
            let shipping_first = profile.rules().default_shipping_first;
            let is_default_shipping = |address: &&StoredAddress| {
                shipping_first && Some(address.id) == customer.default_shipping
            };
            let addresses = &customer.addresses;
            addresses
                .iter()
                .filter(is_default_shipping)
                .chain(
                    addresses
                        .iter()
                        .filter(|address| !is_default_shipping(address)),
                )
                .map(|address| address_view(address, customer))
                .collect()
        }),
    );
    map.insert(
        String::from("disable_auto_group_change"),
        json!(customer.disable_auto_group_change),
    );
    map.insert(
        String::from("extension_attributes"),
        json!({ "is_subscribed": customer.is_subscribed }),
    );
    if !customer.custom_attributes.is_empty() {
        map.insert(
            String::from("custom_attributes"),
            custom_attributes(&customer.custom_attributes),
        );
    }
    Value::Object(map)
}

fn custom_attributes(attributes: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Array(
        attributes
            .iter()
            .map(|(code, value)| json!({ "attribute_code": code, "value": value }))
            .collect(),
    )
}

fn address_view(address: &StoredAddress, customer: &StoredCustomer) -> Value {
    let mut map = Map::with_capacity(22);
    map.insert(String::from("id"), json!(address.id));
    map.insert(String::from("customer_id"), json!(customer.id));
    map.insert(
        String::from("region"),
        json!({
            "region_code": address.region_code,
            "region": address.region,
            "region_id": address.region_id.unwrap_or(0),
        }),
    );
    map.insert(
        String::from("region_id"),
        json!(address.region_id.unwrap_or(0)),
    );
    put(&mut map, "country_id", text(&address.country_id));
    map.insert(String::from("street"), json!(address.street));
    put(&mut map, "company", text(&address.company));
    put(&mut map, "telephone", text(&address.telephone));
    put(&mut map, "fax", text(&address.fax));
    put(&mut map, "postcode", text(&address.postcode));
    put(&mut map, "city", text(&address.city));
    put(&mut map, "firstname", text(&address.firstname));
    put(&mut map, "lastname", text(&address.lastname));
    put(&mut map, "middlename", text(&address.middlename));
    put(&mut map, "prefix", text(&address.prefix));
    put(&mut map, "suffix", text(&address.suffix));
    put(&mut map, "vat_id", text(&address.vat_id));
    if customer.default_shipping == Some(address.id) {
        map.insert(String::from("default_shipping"), json!(true));
    }
    if customer.default_billing == Some(address.id) {
        map.insert(String::from("default_billing"), json!(true));
    }
    if !address.custom_attributes.is_empty() {
        map.insert(
            String::from("custom_attributes"),
            custom_attributes(&address.custom_attributes),
        );
    }
    Value::Object(map)
}

/// Reads a customer back from its JSON body (the inverse of [`customer_view`]), so that a
/// client can diff what it read with what it wants stored. The body never carries the secrets
/// (password hash, reset token), which come back as `None`. `None` when the body is not a
/// customer (no `id`, `email`, `firstname` or `lastname`).
pub fn customer_from_view(view: &Value) -> Option<StoredCustomer> {
    let text =
        |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let number = |value: &Value, key: &str| value.get(key).and_then(Value::as_i64);
    let address_id = |key: &str| text(view, key).and_then(|id| id.parse::<i64>().ok());
    let attributes = |value: &Value| {
        value
            .get("custom_attributes")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| {
                        let code = item.get("attribute_code")?.as_str()?.to_string();
                        let value = match item.get("value")? {
                            Value::String(text) => text.clone(),
                            other => other.to_string(),
                        };
                        Some((code, value))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let addresses = view
        .get("addresses")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|address| {
                    let region = address.get("region").unwrap_or(&Value::Null);
                    Some(StoredAddress {
                        id: number(address, "id")?,
                        region: text(region, "region"),
                        region_code: text(region, "region_code"),
                        region_id: number(address, "region_id").filter(|id| *id != 0),
                        country_id: text(address, "country_id"),
                        street: address
                            .get("street")
                            .and_then(Value::as_array)
                            .map(|lines| {
                                lines
                                    .iter()
                                    .filter_map(|line| line.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default(),
                        company: text(address, "company"),
                        telephone: text(address, "telephone"),
                        fax: text(address, "fax"),
                        postcode: text(address, "postcode"),
                        city: text(address, "city"),
                        firstname: text(address, "firstname"),
                        lastname: text(address, "lastname"),
                        middlename: text(address, "middlename"),
                        prefix: text(address, "prefix"),
                        suffix: text(address, "suffix"),
                        vat_id: text(address, "vat_id"),
                        custom_attributes: attributes(address),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(StoredCustomer {
        id: number(view, "id")?,
        group_id: number(view, "group_id").unwrap_or_default(),
        default_billing: address_id("default_billing"),
        default_shipping: address_id("default_shipping"),
        confirmation: text(view, "confirmation"),
        created_at: text(view, "created_at").unwrap_or_default(),
        updated_at: text(view, "updated_at").unwrap_or_default(),
        created_in: text(view, "created_in"),
        dob: text(view, "dob"),
        email: text(view, "email")?,
        firstname: text(view, "firstname")?,
        lastname: text(view, "lastname")?,
        middlename: text(view, "middlename"),
        prefix: text(view, "prefix"),
        suffix: text(view, "suffix"),
        gender: number(view, "gender"),
        store_id: number(view, "store_id").unwrap_or_default(),
        taxvat: text(view, "taxvat"),
        website_id: number(view, "website_id").unwrap_or_default(),
        addresses,
        disable_auto_group_change: number(view, "disable_auto_group_change").unwrap_or_default(),
        is_subscribed: view
            .get("extension_attributes")
            .and_then(|extension| extension.get("is_subscribed"))
            .and_then(Value::as_bool)
            .unwrap_or_default(),
        custom_attributes: attributes(view),
        password_hash: None,
        rp_token: None,
        rp_token_created_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Profile, customer_from_view, customer_view};
    use crate::magento::Shop;

    #[test]
    fn a_customer_read_back_from_its_view_is_the_stored_one_without_secrets() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../../../tests/fixtures/default.json")).unwrap();
        let shop: Shop = serde_json::from_value(fixture["magento"].clone()).unwrap();
        assert!(!shop.customers.is_empty());
        for customer in &shop.customers {
            let mut expected = customer.clone();
            expected.password_hash = None;
            expected.rp_token = None;
            expected.rp_token_created_at = None;
            assert_eq!(
                customer_from_view(&customer_view(customer, &Profile::default())),
                Some(expected)
            );
        }
        assert_eq!(
            customer_from_view(&serde_json::json!({"message": "x"})),
            None
        );
    }
}
