//! The customer as `GET /V1/customers/{id}` and a successful PUT answer it (reference §3.2
//! "response": `DataObjectProcessor::buildOutputDataArray` omits nulls of nullable getters, the
//! address `region` is always an object, `extension_attributes.is_subscribed` always present).

use serde_json::{Map, Value, json};

use super::model::{StoredAddress, StoredCustomer};

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value);
    }
}

fn text(value: &Option<String>) -> Option<Value> {
    value.as_ref().map(|v| Value::String(v.clone()))
}

/// The JSON body of a customer.
pub fn customer_view(customer: &StoredCustomer) -> Value {
    let mut map = Map::new();
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
        Value::Array(
            customer
                .addresses
                .iter()
                .map(|address| address_view(address, customer))
                .collect(),
        ),
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
    let mut map = Map::new();
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
