//! The whole conformance corpus (`tests/conformance/*.json`) against the live shop over HTTP,
//! sent through the generated `customer-client`: with its typed operations whenever the typed
//! request carries the case's body unchanged, with the client's own HTTP connection otherwise
//! (malformed JSON, wrong methods, unknown fields the types reject). What the case expects to be
//! stored is read back through the read calls.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use customer_client::{Client, ClientInfo, GeneratedError as Error, RequestSigner, types};
use customer_rules::HttpRequest;
use customer_rules::corpus::{self, Case, Platform};
use futures::StreamExt;
use reference_shop::{Fixture, RunningShop, ShopClock};
use serde_json::Value;

fn workspace_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// An answer as received: status and body (JSON, or a string for a text body).
#[derive(Debug, PartialEq)]
struct Answer {
    status: u16,
    body: Value,
}

fn parse_body(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

async fn read_stream(stream: customer_client::ByteStream) -> String {
    let mut stream = stream.into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.expect("a readable body"));
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Sends the request as it is, on the generated client's connection.
async fn send_raw(client: &Client, request: &HttpRequest) -> Answer {
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("a valid method");
    let mut builder = client
        .client()
        .request(method, format!("{}{}", client.baseurl(), request.path));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let body = request.body_text();
    if !body.is_empty() {
        builder = builder.body(body);
    }
    let response = builder.send().await.expect("the shop answers");
    let status = response.status().as_u16();
    Answer {
        status,
        body: parse_body(&response.text().await.expect("a readable body")),
    }
}

/// The typed body, when the typed request carries the case's JSON body unchanged.
fn typed_body<T: serde::de::DeserializeOwned + serde::Serialize>(
    request: &HttpRequest,
) -> Option<T> {
    let content_type = request.header("content-type")?;
    if !content_type.eq_ignore_ascii_case("application/json") || request.raw.is_some() {
        return None;
    }
    let body = request.body.as_ref()?;
    let typed: T = serde_json::from_value(body.clone()).ok()?;
    (serde_json::to_value(&typed).ok()? == *body).then_some(typed)
}

/// An answer received through a typed operation, and how the case's expected body reads
/// through the same type (the types fold `null` into "left out"; both sides get the same fold).
struct TypedAnswer {
    answer: Answer,
    as_typed: fn(&Value) -> Value,
}

fn through<T: serde::de::DeserializeOwned + serde::Serialize>(body: &Value) -> Value {
    serde_json::from_value::<T>(body.clone())
        .ok()
        .and_then(|typed| serde_json::to_value(typed).ok())
        .unwrap_or_else(|| body.clone())
}

async fn open2b_answer<T: serde::de::DeserializeOwned + serde::Serialize>(
    result: Result<customer_client::ResponseValue<T>, Error<customer_client::ByteStream>>,
) -> TypedAnswer {
    let identity: fn(&Value) -> Value = Value::clone;
    match result {
        Ok(answer) => TypedAnswer {
            answer: Answer {
                status: answer.status().as_u16(),
                body: serde_json::to_value(answer.into_inner()).expect("serialisable"),
            },
            as_typed: through::<T>,
        },
        Err(Error::ErrorResponse(answer)) => TypedAnswer {
            answer: Answer {
                status: answer.status().as_u16(),
                body: Value::String(read_stream(answer.into_inner()).await),
            },
            as_typed: identity,
        },
        Err(Error::UnexpectedResponse(response)) => TypedAnswer {
            answer: Answer {
                status: response.status().as_u16(),
                body: parse_body(&response.text().await.expect("a readable body")),
            },
            as_typed: identity,
        },
        Err(other) => panic!("the client failed: {other}"),
    }
}

async fn magento_answer<T: serde::de::DeserializeOwned + serde::Serialize>(
    result: Result<customer_client::ResponseValue<T>, Error<types::MagentoErrorResponse>>,
) -> TypedAnswer {
    match result {
        Ok(answer) => TypedAnswer {
            answer: Answer {
                status: answer.status().as_u16(),
                body: serde_json::to_value(answer.into_inner()).expect("serialisable"),
            },
            as_typed: through::<T>,
        },
        Err(Error::ErrorResponse(answer)) => TypedAnswer {
            answer: Answer {
                status: answer.status().as_u16(),
                body: serde_json::to_value(answer.into_inner()).expect("serialisable"),
            },
            as_typed: through::<types::MagentoErrorResponse>,
        },
        Err(Error::UnexpectedResponse(response)) => TypedAnswer {
            answer: Answer {
                status: response.status().as_u16(),
                body: parse_body(&response.text().await.expect("a readable body")),
            },
            as_typed: Value::clone,
        },
        Err(other) => panic!("the client failed: {other}"),
    }
}

/// A client whose every request carries the case's `Authorization` header: the generated client
/// leaves authentication to the HTTP client it is given.
fn client_with_authorization(base_url: &str, request: &HttpRequest) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(value) = request
        .header("authorization")
        .and_then(|value| value.parse().ok())
    {
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("a client");
    Client::new_with_client(base_url, http, RequestSigner::default())
}

/// `/rest/{storeCode}/V1/customers/{customerId}` with plain segments, as a typed call sends it.
fn magento_route(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/rest/")?;
    let rest = rest.split_once('?').map_or(rest, |(path, _query)| path);
    let (store, id) = rest.split_once("/V1/customers/")?;
    let plain = |segment: &str| {
        !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (plain(store) && plain(id)).then(|| (store.to_owned(), id.to_owned()))
}

/// Sends a Magento request through a typed operation when the types can carry it.
async fn send_typed_magento(base_url: &str, request: &HttpRequest) -> Option<TypedAnswer> {
    if request.path.contains('?') {
        return None; // The typed operations take no query string.
    }
    let (store, id) = magento_route(&request.path)?;
    if request.headers.keys().any(|name| {
        !name.eq_ignore_ascii_case("authorization") && !name.eq_ignore_ascii_case("content-type")
    }) {
        return None;
    }
    let client = client_with_authorization(base_url, request);
    match request.method.as_str() {
        "GET" if request.body.is_none() && request.raw.is_none() => {
            let result = client
                .magento_get_customer()
                .store_code(store)
                .customer_id(id)
                .send()
                .await;
            Some(magento_answer(result).await)
        }
        "PUT" => {
            let body: customer_rules::magento::SaveRequest = typed_body(request)?;
            let result = client
                .magento_put_customer()
                .store_code(store)
                .customer_id(id)
                .body(body)
                .send()
                .await;
            Some(magento_answer(result).await)
        }
        _ => None,
    }
}

/// Sends through a typed operation when the request is one the types can carry; `None` otherwise.
async fn send_typed(client: &Client, request: &HttpRequest) -> Option<TypedAnswer> {
    if request.path.starts_with("/rest/") {
        return send_typed_magento(client.baseurl(), request).await;
    }
    if request.method != "POST" {
        return None;
    }
    let key = request.header("x-customer-key")?.to_owned();
    if request.headers.keys().any(|name| {
        !name.eq_ignore_ascii_case("x-customer-key") && !name.eq_ignore_ascii_case("content-type")
    }) {
        return None;
    }
    match request.path.as_str() {
        "/api/v10/storefront.update-customer" => {
            let body: customer_rules::open2b::UpdateCustomerRequest = typed_body(request)?;
            let result = client
                .open2b_update_customer()
                .x_customer_key(key)
                .body(body)
                .send()
                .await;
            Some(open2b_answer(result).await)
        }
        "/api/v10/storefront.customer" => {
            let body: types::Open2bCustomerRequest = typed_body(request)?;
            let result = client
                .open2b_get_customer()
                .x_customer_key(key)
                .body(body)
                .send()
                .await;
            Some(open2b_answer(result).await)
        }
        _ => None,
    }
}

/// The stored customer, read back through the platform's read call.
async fn read_back(
    client: &Client,
    shop: &RunningShop,
    platform: Platform,
    request: &HttpRequest,
) -> Value {
    match platform {
        Platform::Magento => {
            let Some((store, id)) = magento_route(&request.path) else {
                return Value::Null;
            };
            let Ok(number) = id.parse::<i64>() else {
                return Value::Null;
            };
            let stored = shop
                .store
                .magento_customer(number)
                .expect("readable")
                .map(|customer| serde_json::to_value(customer).expect("serialisable"));
            // The typed read call answers with the same customer (it shows no secrets, so the
            // comparison with what the case expects uses the stored record).
            if stored.is_some() {
                let typed = client_with_authorization(client.baseurl(), request)
                    .magento_get_customer()
                    .store_code(store)
                    .customer_id(id)
                    .send()
                    .await
                    .expect("the stored customer can be read back");
                assert_eq!(typed.status(), 200);
            }
            stored.unwrap_or(Value::Null)
        }
        Platform::Open2b => {
            let key = request.header("x-customer-key").unwrap_or_default();
            let answer = client
                .client()
                .post(format!("{}/api/v10/storefront.customer", client.baseurl()))
                .header("X-Customer-Key", key)
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .expect("the shop answers");
            let body: Value = answer.json().await.expect("a JSON answer");
            // The typed read call understands the same answer.
            serde_json::from_value::<types::Open2bCustomerResponse>(body.clone())
                .expect("a typed customer");
            body.get("customer").cloned().unwrap_or(Value::Null)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conformance_corpus_passes_over_http() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace_tests().join("conformance"))
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    files.sort();
    let mut fixtures: BTreeMap<String, Fixture> = BTreeMap::new();
    let (mut cases, mut typed) = (0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let case =
            Case::from_json(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let fixture = fixtures.entry(case.fixture.clone()).or_insert_with(|| {
            Fixture::load(&workspace_tests().join(format!("fixtures/{}.json", case.fixture)))
                .expect("a valid fixture")
        });
        // A Magento case is answered by a shop running its profile.
        if let Some(profile) = &case.profile {
            fixture.magento.version = profile.clone();
        }
        let request = &case.request;
        let expected = Answer {
            status: case.expect.status,
            body: case.expect.body.clone(),
        };
        let mut problems = Vec::new();

        // Through a typed operation, on a shop of its own, when the types can carry the request.
        let clock = case.now.map_or(ShopClock::System, ShopClock::Fixed);
        let shop = RunningShop::start_at(fixture, clock)
            .await
            .expect("the shop starts");
        let client = Client::new(&shop.base_url(), RequestSigner::default());
        if let Some(TypedAnswer { answer, as_typed }) = send_typed(&client, request).await {
            typed += 1;
            let expected = Answer {
                status: expected.status,
                body: as_typed(&expected.body),
            };
            if answer != expected {
                problems.push(format!(
                    "typed answer: expected {expected:?}\n  got      {answer:?}"
                ));
            }
        }

        // Byte for byte (after JSON parsing) on the client's connection, on a fresh shop.
        let shop = RunningShop::start_at(fixture, clock)
            .await
            .expect("the shop starts");
        let client = Client::new(&shop.base_url(), RequestSigner::default());
        let answer = send_raw(&client, request).await;
        cases += 1;
        if answer != expected {
            problems.push(format!(
                "answer: expected {expected:?}\n  got      {answer:?}"
            ));
        }
        if let Some(expected_stored) = &case.expect_stored {
            let stored = read_back(&client, &shop, case.platform, request).await;
            problems.extend(corpus::mismatches(expected_stored, &stored, "stored"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                case.name,
                file.display(),
                problems.join("\n  ")
            ));
        }
    }
    println!("{cases} cases over HTTP, {typed} of them also through typed operations");
    assert!(cases >= 400, "too few cases ran: {cases}");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
