//! The generated client against a local HTTP server that answers like the two shops: typed
//! success, Open2b's error envelope in HTTP 200, Magento's `parameters` as object and as array.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use customer_client::{Client, GeneratedError as Error, types};
use customer_rules::{Patch, magento, open2b};
use futures::StreamExt;
use serde_json::{Value, json};

/// What the server saw of the last request, to assert what the client sent.
#[derive(Default)]
struct Seen {
    body: Option<Value>,
    headers: Option<HeaderMap>,
}

type Shared = Arc<Mutex<Seen>>;

/// Starts the server on an ephemeral port; returns its base URL.
async fn start() -> (String, Shared) {
    let seen = Shared::default();
    let app = Router::new()
        .route(
            "/rest/{store}/V1/customers/{id}",
            get(magento_get).put(magento_put),
        )
        .route("/api/v10/storefront.update-customer", post(open2b_update))
        .route("/api/v10/storefront.customer", post(open2b_customer))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), seen)
}

/// A client sending `Authorization: Bearer <token>`, as Magento's admin API needs: progenitor
/// ignores security schemes, so the header goes on the reqwest client.
fn magento_client(base_url: &str, token: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(base_url, http)
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

async fn magento_get(Path((store, id)): Path<(String, String)>) -> Response {
    match (store.as_str(), id.as_str()) {
        ("default", "1") => json_response(
            StatusCode::OK,
            json!({"id": 1, "email": "jane@example.com", "firstname": "Jane", "lastname": "Doe",
                   "website_id": 1, "addresses": [{"id": 1, "region": {"region_code": null, "region": null, "region_id": 0}}],
                   "extension_attributes": {"is_subscribed": false}}),
        ),
        ("default", _) => json_response(
            StatusCode::NOT_FOUND,
            json!({"message": "No such entity with %fieldName = %fieldValue",
                   "parameters": {"fieldName": "customerId", "fieldValue": 999}}),
        ),
        _ => json_response(
            StatusCode::NOT_FOUND,
            json!({"message": "Request does not match any route."}),
        ),
    }
}

async fn magento_put(
    State(seen): State<Shared>,
    Path((_, id)): Path<(String, String)>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    {
        let mut seen = seen.lock().unwrap();
        seen.body = Some(body.clone());
        seen.headers = Some(headers.clone());
    }
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer admin-token") {
        return json_response(
            StatusCode::UNAUTHORIZED,
            json!({"message": "The consumer isn't authorized to access %resources.",
                   "parameters": {"resources": "Magento_Customer::manage"}}),
        );
    }
    match id.as_str() {
        "2" => json_response(
            StatusCode::BAD_REQUEST,
            json!({"message": "Attribute %1 does not contain option with Id %2", "parameters": ["gender", 99]}),
        ),
        "3" => json_response(
            StatusCode::BAD_REQUEST,
            json!({"message": "One or more input exceptions have occurred.", "errors": [
                {"message": "\"%fieldName\" is required. Enter and try again.", "parameters": {"fieldName": "city"}},
                {"message": "Invalid value of \"%value\" provided for the %fieldName field.",
                 "parameters": {"fieldName": "countryId", "value": "XX"}}]}),
        ),
        "4" => json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"message": "The PATCH HTTP method is not supported."}),
        ),
        _ => {
            let mut stored = json!({"id": 1, "email": "jane@example.com", "firstname": "Jane", "lastname": "Doe"});
            if let (Some(stored), Some(sent)) =
                (stored.as_object_mut(), body["customer"].as_object())
            {
                stored.extend(sent.clone());
            }
            json_response(StatusCode::OK, stored)
        }
    }
}

async fn open2b_update(
    State(seen): State<Shared>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    {
        let mut seen = seen.lock().unwrap();
        seen.body = Some(body.clone());
        seen.headers = Some(headers.clone());
    }
    if headers.get("x-customer-key").and_then(|v| v.to_str().ok()) != Some("78FzLADvJ3naIe8d/CJQMA")
    {
        return (StatusCode::FORBIDDEN, "Forbidden").into_response();
    }
    if body["customer"]["cart"] == json!("ebe766e73af1128d13217f1bcea6b9d9") {
        return json_response(
            StatusCode::OK,
            json!({"status": "error", "error": {"field": "cart", "type": "NotFound",
                   "description": "Cart 'ebe766e73af1128d13217f1bcea6b9d9' does not exist"}}),
        );
    }
    json_response(StatusCode::OK, json!({"status": "ok"}))
}

async fn open2b_customer() -> Response {
    json_response(
        StatusCode::OK,
        json!({"status": "ok", "customer": {"cart": null, "invoiceRecipient": "AB7TR6K",
               "billingAddress": {"email": "sherlock@example.com", "firstName": "Sherlock", "country": "GB"},
               "shippingAddress": null, "newsletterLists": [5, 7]}}),
    )
}

fn magento_error(error: Error<types::MagentoErrorResponse>) -> (u16, types::MagentoErrorResponse) {
    match error {
        Error::ErrorResponse(response) => (response.status().as_u16(), response.into_inner()),
        other => panic!("expected a typed Magento error, got {other:?}"),
    }
}

#[tokio::test]
async fn magento_put_sends_the_customer_and_reads_the_stored_one() {
    let (base_url, seen) = start().await;
    let stored = magento_client(&base_url, "admin-token")
        .magento_put_customer()
        .store_code("default")
        .customer_id("1")
        .body(magento::SaveRequest {
            customer: magento::CustomerRequest {
                firstname: Patch::Value("Janet".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stored.firstname, "Janet");
    assert_eq!(stored.email, "jane@example.com");
    // Only the field that was set reaches the wire: the rest is kept by Magento's merge.
    assert_eq!(
        seen.lock().unwrap().body,
        Some(json!({"customer": {"firstname": "Janet"}}))
    );
}

#[tokio::test]
async fn magento_errors_decode_parameters_as_object_and_as_array() {
    let (base_url, _) = start().await;
    let put = |id: &'static str, token: &'static str| {
        let client = magento_client(&base_url, token);
        async move {
            client
                .magento_put_customer()
                .store_code("default")
                .customer_id(id)
                .body(magento::SaveRequest::default())
                .send()
                .await
        }
    };

    let (status, error) = magento_error(put("1", "wrong").await.unwrap_err());
    assert_eq!(status, 401);
    assert_eq!(
        error.message,
        "The consumer isn't authorized to access %resources."
    );
    match error.parameters {
        Some(types::MagentoErrorParameters::Object(map)) => {
            assert_eq!(
                map.get("resources"),
                Some(&json!("Magento_Customer::manage"))
            )
        }
        other => panic!("expected named parameters, got {other:?}"),
    }

    let (status, error) = magento_error(put("2", "admin-token").await.unwrap_err());
    assert_eq!(status, 400);
    match error.parameters {
        Some(types::MagentoErrorParameters::Array(values)) => {
            assert_eq!(values, vec![json!("gender"), json!(99)])
        }
        other => panic!("expected positional parameters, got {other:?}"),
    }

    let (_, error) = magento_error(put("3", "admin-token").await.unwrap_err());
    assert_eq!(error.message, "One or more input exceptions have occurred.");
    assert_eq!(error.errors.len(), 2);
    assert_eq!(
        error.errors[1].message,
        "Invalid value of \"%value\" provided for the %fieldName field."
    );

    // A status the spec only covers through `default` is still a typed Magento error.
    let (status, error) = magento_error(put("4", "admin-token").await.unwrap_err());
    assert_eq!(status, 405);
    assert_eq!(error.message, "The PATCH HTTP method is not supported.");
}

#[tokio::test]
async fn magento_get_reads_a_customer_and_a_typed_404() {
    let (base_url, _) = start().await;
    let client = magento_client(&base_url, "admin-token");
    let customer = client
        .magento_get_customer()
        .store_code("default")
        .customer_id("1")
        .send()
        .await
        .unwrap();
    assert_eq!(customer.id, Some(1));
    assert_eq!(
        customer.addresses[0]
            .region
            .as_ref()
            .and_then(|r| r.region_id),
        Some(0)
    );
    assert_eq!(
        customer
            .extension_attributes
            .as_ref()
            .and_then(|e| e.is_subscribed),
        Some(false)
    );

    let error = client
        .magento_get_customer()
        .store_code("default")
        .customer_id("999")
        .send()
        .await
        .unwrap_err();
    let (status, error) = magento_error(error);
    assert_eq!(status, 404);
    assert_eq!(
        error.message,
        "No such entity with %fieldName = %fieldValue"
    );
}

#[tokio::test]
async fn open2b_error_envelope_in_http_200_is_not_a_success() {
    let (base_url, _) = start().await;
    let answer = Client::new(&base_url)
        .open2b_update_customer()
        .x_customer_key("78FzLADvJ3naIe8d/CJQMA")
        .body(open2b::UpdateCustomerRequest {
            customer: open2b::CustomerUpdate {
                cart: Patch::Value("ebe766e73af1128d13217f1bcea6b9d9".into()),
                ..Default::default()
            },
        })
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    match answer.into_inner() {
        types::Open2bUpdateCustomerResponse::ErrorEnvelope(envelope) => {
            assert_eq!(envelope.error.field, "cart");
            assert_eq!(envelope.error.type_, "NotFound");
            assert_eq!(
                envelope.error.description,
                "Cart 'ebe766e73af1128d13217f1bcea6b9d9' does not exist"
            );
        }
        other => panic!("an error envelope must not decode as success: {other:?}"),
    }
}

#[tokio::test]
async fn open2b_update_sends_null_and_empty_lists_and_the_customer_key() {
    let (base_url, seen) = start().await;
    let answer = Client::new(&base_url)
        .open2b_update_customer()
        .x_customer_key("78FzLADvJ3naIe8d/CJQMA")
        .body(open2b::UpdateCustomerRequest {
            customer: open2b::CustomerUpdate {
                cart: Patch::Null,
                shipping_address: Patch::Null,
                newsletter_lists: Some(vec![]),
                ..Default::default()
            },
        })
        .send()
        .await
        .unwrap();
    assert!(matches!(
        answer.into_inner(),
        types::Open2bUpdateCustomerResponse::Ok(_)
    ));
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.body,
        Some(json!({"customer": {"cart": null, "shippingAddress": null, "newsletterLists": []}}))
    );
    let headers = seen.headers.as_ref().unwrap();
    assert_eq!(
        headers.get("x-customer-key").unwrap(),
        "78FzLADvJ3naIe8d/CJQMA"
    );
}

#[tokio::test]
async fn open2b_unknown_key_is_a_403_with_a_text_body() {
    let (base_url, _) = start().await;
    let error = Client::new(&base_url)
        .open2b_update_customer()
        .x_customer_key("unknown")
        .body(open2b::UpdateCustomerRequest::default())
        .send()
        .await
        .unwrap_err();
    match error {
        Error::ErrorResponse(response) => {
            assert_eq!(response.status(), 403);
            let mut body = response.into_inner().into_inner();
            let mut text = Vec::new();
            while let Some(chunk) = body.next().await {
                text.extend_from_slice(&chunk.unwrap());
            }
            assert_eq!(String::from_utf8(text).unwrap(), "Forbidden");
        }
        other => panic!("expected the text/plain 403, got {other:?}"),
    }
}

#[tokio::test]
async fn open2b_customer_reads_the_read_shape() {
    let (base_url, _) = start().await;
    let answer = Client::new(&base_url)
        .open2b_get_customer()
        .x_customer_key("78FzLADvJ3naIe8d/CJQMA")
        .body(types::Open2bCustomerRequest { fields: vec![] })
        .send()
        .await
        .unwrap();
    match answer.into_inner() {
        types::Open2bCustomerResponse::CustomerOk(ok) => {
            let customer = ok.customer;
            assert_eq!(customer.cart, None);
            assert_eq!(customer.shipping_address, None);
            assert_eq!(customer.invoice_recipient, "AB7TR6K");
            assert_eq!(customer.billing_address.email, "sherlock@example.com");
            assert_eq!(customer.newsletter_lists, vec![5, 7]);
        }
        other => panic!("expected the customer, got {other:?}"),
    }
}
