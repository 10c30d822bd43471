//! The hand-written layer against the reference shop (started in-process on an ephemeral port)
//! and against small servers that misbehave on purpose: success, every error class,
//! pre-validation that never reaches the network, retries, timeouts, read-modify-write.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use customer_client::{
    ClientOptions, Error, IntegrationCredentials, MagentoAccountClient, MagentoClient,
    Open2bClient, Rejection, RetryPolicy, Timeouts,
};
use customer_rules::Patch;
use customer_rules::magento::{CustomerRequest, SaveRequest};
use customer_rules::open2b::{BillingAddressUpdate, CustomerUpdate};
use reference_shop::{Fixture, RunningShop};
use serde_json::{Value, json};
use tokio::sync::Mutex;

const SHERLOCK: &str = "78FzLADvJ3naIe8d/CJQMA";

fn fixture() -> Fixture {
    Fixture::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/default.json"))
        .unwrap()
}

fn admin_token(fixture: &Fixture) -> String {
    fixture.magento.admin_tokens[0].clone()
}

fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        budget: Duration::from_secs(10),
    }
}

/// A server on an ephemeral port; returns its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// What a proxy in front of the reference shop saw: every request's method, path and body.
#[derive(Default)]
struct Recorded {
    requests: Mutex<Vec<(String, String, Value)>>,
}

/// A recording proxy in front of `shop`; `failures` answers that many requests with 503 first.
async fn proxy(shop: &RunningShop, failures: usize, recorded: Arc<Recorded>) -> String {
    #[derive(Clone)]
    struct Upstream {
        base: String,
        http: reqwest::Client,
        failures_left: Arc<AtomicUsize>,
        recorded: Arc<Recorded>,
    }
    async fn forward(State(upstream): State<Upstream>, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let body: Bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        upstream.recorded.requests.lock().await.push((
            parts.method.to_string(),
            path.clone(),
            serde_json::from_slice(&body).unwrap_or(Value::Null),
        ));
        if upstream
            .failures_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(1)
            })
            .is_ok()
        {
            return (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response();
        }
        let mut forwarded = upstream
            .http
            .request(parts.method, format!("{}{path}", upstream.base))
            .body(body);
        for (name, value) in &parts.headers {
            if name != "host" && name != "content-length" {
                forwarded = forwarded.header(name, value);
            }
        }
        let answer = forwarded.send().await.unwrap();
        let status = answer.status();
        let headers: HeaderMap = answer.headers().clone();
        let bytes = answer.bytes().await.unwrap();
        let mut response = (status, bytes).into_response();
        *response.headers_mut() = headers;
        response
    }
    let upstream = Upstream {
        base: shop.base_url(),
        http: reqwest::Client::new(),
        failures_left: Arc::new(AtomicUsize::new(failures)),
        recorded,
    };
    serve(Router::new().fallback(forward).with_state(upstream)).await
}

/// A server that counts requests and answers each with 500.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let app = Router::new().fallback(move || {
        let seen = seen.clone();
        async move {
            seen.fetch_add(1, Ordering::SeqCst);
            StatusCode::INTERNAL_SERVER_ERROR
        }
    });
    (serve(app).await, count)
}

#[tokio::test]
async fn open2b_update_and_read_back() {
    let shop = RunningShop::start(&fixture()).await.unwrap();
    let client = Open2bClient::builder(shop.base_url()).build().unwrap();
    let update = CustomerUpdate {
        billing_address: Some(BillingAddressUpdate {
            city: Some("Bath".into()),
            ..Default::default()
        }),
        newsletter_lists: Some(vec![]),
        ..Default::default()
    };
    client.update_customer(SHERLOCK, &update).await.unwrap();
    let customer = client.customer(SHERLOCK).await.unwrap();
    assert_eq!(customer.billing_address.city, "Bath");
    assert_eq!(
        customer.billing_address.street1, "221b Baker Street",
        "fields left out are kept"
    );
    assert!(
        customer.newsletter_lists.is_empty(),
        "an empty list is sent, not left out"
    );
}

#[tokio::test]
async fn open2b_refusals_are_typed_and_never_taken_for_success() {
    let shop = RunningShop::start(&fixture()).await.unwrap();
    let client = Open2bClient::builder(shop.base_url()).build().unwrap();
    // An unknown cart needs the shop's carts: the rules cannot decide, so it is sent.
    let unknown_cart = CustomerUpdate {
        cart: Patch::Value("a".repeat(32)),
        ..Default::default()
    };
    match client.update_customer(SHERLOCK, &unknown_cart).await {
        Err(Error::Rejected(Rejection::Open2b(error))) => {
            assert_eq!(
                (error.field.as_str(), error.kind.as_str()),
                ("cart", "NotFound")
            );
            assert_eq!(
                error.description,
                format!("Cart '{}' does not exist", "a".repeat(32))
            );
        }
        other => panic!("expected the shop's NotFound, got {other:?}"),
    }
    match client
        .update_customer("no-such-key", &CustomerUpdate::default())
        .await
    {
        Err(Error::Rejected(Rejection::Plain { status: 403, text })) => {
            assert_eq!(text, "Forbidden")
        }
        other => panic!("expected the 403, got {other:?}"),
    }
}

#[tokio::test]
async fn open2b_predicted_rejection_never_reaches_the_network() {
    let (base_url, requests) = counting_server().await;
    let client = Open2bClient::builder(base_url).build().unwrap();
    let update = CustomerUpdate {
        invoice_recipient: Some("AB-7".into()),
        ..Default::default()
    };
    match client.update_customer(SHERLOCK, &update).await {
        Err(error @ Error::Predicted { .. }) => {
            assert!(error.is_not_sent());
            let Error::Predicted {
                rejection: Rejection::Open2b(predicted),
                outcome,
            } = error
            else {
                unreachable!()
            };
            assert_eq!(predicted.kind, "Malformed");
            assert_eq!(
                predicted.description,
                "'AB-7' is not a recipient code or email address"
            );
            assert_eq!(outcome.violations[0].path, "customer.invoiceRecipient");
        }
        other => panic!("expected a predicted rejection, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 0);

    // With pre-validation off, the same update is sent (and here the server fails it).
    let unchecked = Open2bClient::builder(counting_server_url(&requests).await)
        .pre_validate(false)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    assert!(unchecked.update_customer(SHERLOCK, &update).await.is_err());
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

/// Another counting server sharing `requests`.
async fn counting_server_url(requests: &Arc<AtomicUsize>) -> String {
    let seen = requests.clone();
    serve(Router::new().fallback(move || {
        let seen = seen.clone();
        async move {
            seen.fetch_add(1, Ordering::SeqCst);
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }))
    .await
}

#[tokio::test]
async fn open2b_patch_sends_only_the_changed_fields() {
    let shop = RunningShop::start(&fixture()).await.unwrap();
    let recorded = Arc::new(Recorded::default());
    let client = Open2bClient::builder(proxy(&shop, 0, recorded.clone()).await)
        .build()
        .unwrap();
    let after = client
        .patch_customer(SHERLOCK, |customer| {
            customer.billing_address.phone_number = "+44 20 0000".into()
        })
        .await
        .unwrap();
    assert_eq!(after.billing_address.phone_number, "+44 20 0000");
    let requests = recorded.requests.lock().await;
    assert_eq!(requests.len(), 2, "one read, one update");
    assert_eq!(
        requests[1].2,
        json!({"customer": {"billingAddress": {"phoneNumber": "+44 20 0000"}}})
    );
    let stored = shop.store.open2b_customer(SHERLOCK).unwrap().unwrap();
    assert_eq!(stored.billing_address.phone_number, "+44 20 0000");
}

#[tokio::test]
async fn magento_put_patch_and_the_shops_refusals() {
    let fixture = fixture();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let recorded = Arc::new(Recorded::default());
    let client = MagentoClient::builder(proxy(&shop, 0, recorded.clone()).await)
        .bearer(admin_token(&fixture))
        .build()
        .unwrap();

    let jane = client
        .patch_customer(1, |jane| jane.middlename = Some("Q".into()))
        .await
        .unwrap();
    assert_eq!(jane.middlename.as_deref(), Some("Q"));
    assert_eq!(jane.email, "jane.doe@example.com");
    {
        let requests = recorded.requests.lock().await;
        assert_eq!(requests.len(), 2, "one GET, one PUT");
        assert_eq!(requests[1].0, "PUT");
        assert_eq!(requests[1].2, json!({"customer": {"middlename": "Q"}}));
    }

    // Whether another customer of her website has the email needs the shop's customers: the
    // rules cannot decide it, so the body is sent and the shop refuses it.
    let taken_email = SaveRequest {
        customer: CustomerRequest {
            email: Patch::Value("john.smith@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    match client.put_customer(1, &taken_email).await {
        Err(Error::Rejected(Rejection::Magento(error))) => {
            assert_eq!(error.status, 400);
            assert_eq!(
                error.message(),
                "A customer with the same email address already exists in an associated website."
            );
        }
        other => panic!("expected Magento's 400, got {other:?}"),
    }
    assert_eq!(recorded.requests.lock().await.len(), 3, "the PUT was sent");
    match client.customer(999).await {
        Err(Error::Rejected(Rejection::Magento(error))) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.message(), "No such entity with customerId = 999");
        }
        other => panic!("expected Magento's 404, got {other:?}"),
    }
    let stranger = MagentoClient::builder(shop.base_url())
        .bearer("not-a-token")
        .build()
        .unwrap();
    match stranger.customer(1).await {
        Err(Error::Rejected(Rejection::Magento(error))) => {
            assert_eq!(error.status, 401);
            // Reading needs `Magento_Customer::customer` (webapi.xml), saving `Magento_Customer::manage`.
            assert_eq!(
                error.message(),
                "The consumer isn't authorized to access Magento_Customer::customer."
            );
        }
        other => panic!("expected Magento's 401, got {other:?}"),
    }
}

#[tokio::test]
async fn magento_unreadable_body_is_predicted_and_not_sent() {
    let (base_url, requests) = counting_server().await;
    let client = MagentoClient::builder(base_url)
        .bearer("token")
        .build()
        .unwrap();
    let script = SaveRequest {
        customer: CustomerRequest {
            firstname: Patch::Value("<script>alert(1)</script>".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    match client.put_customer(1, &script).await {
        Err(Error::Predicted {
            rejection: Rejection::Magento(error),
            ..
        }) => {
            assert_eq!(error.status, 400);
            assert_eq!(
                error.message(),
                "\"firstname\" does not contains valid value."
            );
        }
        other => panic!("expected a predicted rejection, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn magento_put_checks_the_values_of_the_body_alone() {
    let (base_url, requests) = counting_server().await;
    let client = MagentoClient::builder(base_url)
        .bearer("token")
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let bad_email = SaveRequest {
        customer: CustomerRequest {
            email: Patch::Value("jane.doe@example".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    match client.put_customer(1, &bad_email).await {
        Err(error @ Error::Predicted { .. }) => {
            assert!(error.is_not_sent());
            let Error::Predicted {
                rejection: Rejection::Magento(predicted),
                outcome,
            } = error
            else {
                unreachable!()
            };
            assert_eq!(predicted.status, 400);
            assert_eq!(
                predicted.message(),
                "\"Email\" is not a valid hostname.\n\
                 The input does not match the expected structure for a DNS hostname\n\
                 'example' looks like a local network name, which is not an acceptable format."
            );
            // What depends on the stored customer is left undecided, not guessed.
            assert!(outcome.violations.iter().any(|v| v.needs_context));
        }
        other => panic!("expected a predicted rejection, got {other:?}"),
    }
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request reached the shop"
    );

    // A body whose only open questions need the stored customer is sent (and here the server
    // fails it).
    let rename = SaveRequest {
        customer: CustomerRequest {
            firstname: Patch::Value("Janet".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let error = client.put_customer(1, &rename).await.unwrap_err();
    assert!(!error.is_not_sent(), "{error}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn magento_patch_checks_the_update_against_the_customer_it_read() {
    let fixture = fixture();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let recorded = Arc::new(Recorded::default());
    let client = MagentoClient::builder(proxy(&shop, 0, recorded.clone()).await)
        .bearer(admin_token(&fixture))
        .build()
        .unwrap();
    // Louis's stored city, `St. Louis`, fails the City validator once his address changes.
    let refused = "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces";
    let louis = client.customer(5).await.unwrap();
    let mut moved = louis.clone();
    moved.addresses[0].postcode = Some("63102".into());
    match client
        .patch_customer(5, |louis| louis.addresses[0] = moved.addresses[0].clone())
        .await
    {
        Err(error @ Error::Predicted { .. }) => assert_eq!(
            error.to_string(),
            format!("not sent: Magento would refuse it with HTTP 400: {refused}")
        ),
        other => panic!("expected a predicted rejection, got {other:?}"),
    }
    {
        let requests = recorded.requests.lock().await;
        let methods: Vec<&str> = requests
            .iter()
            .map(|(method, ..)| method.as_str())
            .collect();
        assert_eq!(methods, ["GET", "GET"], "two reads, no PUT");
    }

    // The same update through put_customer: without the stored customer, whether the address
    // changed is undecided, so it is sent and the shop refuses it.
    let update = customer_rules::magento::diff(&louis, &moved);
    match client.put_customer(5, &update).await {
        Err(Error::Rejected(Rejection::Magento(error))) => assert_eq!(error.message(), refused),
        other => panic!("expected Magento's 400, got {other:?}"),
    }
    assert_eq!(recorded.requests.lock().await.len(), 3, "the PUT was sent");
}

#[tokio::test]
async fn one_options_value_sets_up_every_client() {
    // A shop that is always unavailable: 503 is retried, so attempts show the retry policy.
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let base_url = serve(Router::new().fallback(move || {
        let seen = seen.clone();
        async move {
            seen.fetch_add(1, Ordering::SeqCst);
            let unavailable = json!({"message": "Service Unavailable"});
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(unavailable))
        }
    }))
    .await;
    let options = ClientOptions {
        retry: quick_retries(2),
        pre_validate: false,
        ..ClientOptions::default()
    };
    // Bodies the rules refuse: sent all the same, as pre-validation is off.
    let script = SaveRequest {
        customer: CustomerRequest {
            firstname: Patch::Value("<script>alert(1)</script>".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let bad_recipient = CustomerUpdate {
        invoice_recipient: Some("AB-7".into()),
        ..Default::default()
    };
    let magento = MagentoClient::builder(&base_url)
        .bearer("token")
        .options(options.clone())
        .build()
        .unwrap();
    let account = MagentoAccountClient::builder(&base_url, "customer-token")
        .options(options.clone())
        .build()
        .unwrap();
    let open2b = Open2bClient::builder(&base_url)
        .options(options.clone())
        .build()
        .unwrap();
    let errors = [
        magento.put_customer(1, &script).await.unwrap_err(),
        account.put_me(&script).await.unwrap_err(),
        open2b
            .update_customer(SHERLOCK, &bad_recipient)
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        assert!(!error.is_not_sent(), "{error}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 6, "two attempts each");

    // A setter after `options` changes that one setting only.
    calls.store(0, Ordering::SeqCst);
    let checking = Open2bClient::builder(&base_url)
        .options(options)
        .pre_validate(true)
        .build()
        .unwrap();
    let error = checking
        .update_customer(SHERLOCK, &bad_recipient)
        .await
        .unwrap_err();
    assert!(error.is_not_sent(), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn unavailable_shop_is_retried_until_it_answers() {
    let shop = RunningShop::start(&fixture()).await.unwrap();
    let recorded = Arc::new(Recorded::default());
    let client = Open2bClient::builder(proxy(&shop, 2, recorded.clone()).await)
        .retry(quick_retries(4))
        .build()
        .unwrap();
    let customer = client.customer(SHERLOCK).await.unwrap();
    assert_eq!(customer.billing_address.first_name, "Sherlock");
    assert_eq!(
        recorded.requests.lock().await.len(),
        3,
        "two 503s, then the answer"
    );

    // Out of attempts: the last refusal is returned.
    let recorded = Arc::new(Recorded::default());
    let client = Open2bClient::builder(proxy(&shop, 5, recorded.clone()).await)
        .retry(quick_retries(3))
        .build()
        .unwrap();
    match client.customer(SHERLOCK).await {
        Err(Error::Unexpected { status: 503, .. }) => {}
        other => panic!("expected the last 503, got {other:?}"),
    }
    assert_eq!(recorded.requests.lock().await.len(), 3);
}

#[tokio::test]
async fn too_many_requests_waits_as_long_as_retry_after_says() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let app = Router::new().fallback(move || {
        let seen = seen.clone();
        async move {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "1")],
                    "Too Many Requests",
                )
                    .into_response()
            } else {
                axum::Json(json!({"status": "ok"})).into_response()
            }
        }
    });
    let client = Open2bClient::builder(serve(app).await)
        .retry(quick_retries(3))
        .build()
        .unwrap();
    let started = Instant::now();
    client
        .update_customer(SHERLOCK, &CustomerUpdate::default())
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_shop_that_does_not_answer_in_time_is_a_timeout() {
    let app = Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        StatusCode::OK
    });
    let client = MagentoClient::builder(serve(app).await)
        .bearer("token")
        .timeouts(Timeouts {
            connect: Duration::from_secs(1),
            total: Duration::from_millis(200),
        })
        .retry(quick_retries(2))
        .build()
        .unwrap();
    match client.customer(1).await {
        Err(Error::Timeout { attempts: 2 }) => {}
        other => panic!("expected a timeout after 2 attempts, got {other:?}"),
    }
}

#[tokio::test]
async fn a_shop_that_is_not_there_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Open2bClient::builder(format!("http://{address}"))
        .retry(quick_retries(2))
        .build()
        .unwrap();
    match client.customer(SHERLOCK).await {
        Err(error @ Error::Transport { attempts: 2, .. }) => assert!(!error.is_not_sent()),
        other => panic!("expected a transport error after 2 attempts, got {other:?}"),
    }
}

#[test]
fn debug_and_display_never_show_the_token() {
    let builder = MagentoClient::builder("http://127.0.0.1:1").bearer("s3cret-token");
    assert!(!format!("{builder:?}").contains("s3cret-token"));
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains("s3cret-token"));
}

/// RFC 3986 percent-encoding, written here independently of the client's.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            decoded.push(u8::from_str_radix(&text[index + 1..index + 3], 16).unwrap());
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}

/// Checks an `Authorization: OAuth …` header the way Magento does: rebuild the signature base
/// string (RFC 5849 §3.4.1) and compare HMAC-SHA256 signatures.
fn oauth_signature_is_valid(
    header: &str,
    method: &str,
    url: &str,
    consumer_secret: &str,
    token_secret: &str,
) -> bool {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let Some(parameters) = header.strip_prefix("OAuth ") else {
        return false;
    };
    let mut pairs: Vec<(String, String)> = parameters
        .split(',')
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            Some((decode(key), decode(value.trim_matches('"'))))
        })
        .collect();
    let Some(position) = pairs.iter().position(|(key, _)| key == "oauth_signature") else {
        return false;
    };
    let (_, signature) = pairs.remove(position);
    if !pairs
        .iter()
        .any(|(key, value)| key == "oauth_signature_method" && value == "HMAC-SHA256")
    {
        return false;
    }
    let mut encoded: Vec<(String, String)> =
        pairs.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    encoded.sort();
    let normalized = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let base = format!("{method}&{}&{}", encode(url), encode(&normalized));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(
        format!("{}&{}", encode(consumer_secret), encode(token_secret)).as_bytes(),
    )
    .unwrap();
    mac.update(base.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()) == signature
}

#[tokio::test]
async fn magento_integration_requests_carry_a_valid_oauth_signature() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let expected_url = format!("{base_url}/rest/default/V1/customers/1");
    let app = Router::new().fallback(move |request: Request| {
        let expected_url = expected_url.clone();
        async move {
            let header = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            if oauth_signature_is_valid(&header, request.method().as_str(), &expected_url, "cs-secret", "at-secret") {
                axum::Json(json!({"id": 1, "email": "jane@example.com", "firstname": "Jane", "lastname": "Doe"})).into_response()
            } else {
                (StatusCode::UNAUTHORIZED, axum::Json(json!({
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": {"resources": "Magento_Customer::customer"}
                }))).into_response()
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let credentials = |consumer_secret: &str| IntegrationCredentials {
        consumer_key: "ck-123".into(),
        consumer_secret: consumer_secret.into(),
        access_token: "at-456".into(),
        access_token_secret: "at-secret".into(),
    };
    let signed = MagentoClient::builder(&base_url)
        .integration(credentials("cs-secret"))
        .build()
        .unwrap();
    assert_eq!(signed.customer(1).await.unwrap().firstname, "Jane");
    // A wrong secret makes a signature the server rejects: the check is real.
    let wrong = MagentoClient::builder(&base_url)
        .integration(credentials("not-the-secret"))
        .build()
        .unwrap();
    assert!(
        matches!(wrong.customer(1).await, Err(Error::Rejected(Rejection::Magento(error))) if error.status == 401)
    );
    assert!(!format!("{signed:?}").contains("cs-secret"));
}

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_attempt_is_traced_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fixture = fixture();
    let token = admin_token(&fixture);
    let shop = RunningShop::start(&fixture).await.unwrap();
    let magento = MagentoClient::builder(shop.base_url())
        .bearer(&token)
        .build()
        .unwrap();
    magento.customer(1).await.unwrap();
    let open2b = Open2bClient::builder(shop.base_url()).build().unwrap();
    open2b.customer(SHERLOCK).await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("shop_call")
            && log.contains("operation=\"magento.get-customer\"")
            && log.contains("attempt=1"),
        "{log}"
    );
    assert!(
        log.contains("method=\"GET\"") && log.contains("path=\"/rest/default/V1/customers/1\""),
        "{log}"
    );
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains(&token), "the admin token leaked into the log");
    assert!(
        !log.contains(SHERLOCK),
        "the customer key leaked into the log"
    );
}

#[tokio::test]
async fn a_german_store_views_refusal_is_predicted_in_german_byte_for_byte() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let fixture = Fixture::load(&fixtures.join("languages.json")).unwrap();
    let shop = RunningShop::start(&fixture).await.unwrap();
    let pack = std::fs::read_to_string(fixtures.join("dictionaries/de_DE.csv")).unwrap();
    let config = customer_rules::magento::Config {
        dictionary: Some(Arc::new(
            customer_rules::magento::Dictionary::from_packs([pack.as_str()]).unwrap(),
        )),
        ..Default::default()
    };
    let client = |pre_validate: bool| {
        MagentoClient::builder(shop.base_url())
            .store_code("de")
            .bearer(admin_token(&fixture))
            .store_config(config.clone())
            .pre_validate(pre_validate)
            .build()
            .unwrap()
    };
    let predicted = match client(true)
        .patch_customer(1, |jane| jane.firstname = String::new())
        .await
    {
        Err(Error::Predicted {
            rejection: Rejection::Magento(error),
            ..
        }) => error,
        other => panic!("expected a predicted rejection, got {other:?}"),
    };
    let answered = match client(false)
        .patch_customer(1, |jane| jane.firstname = String::new())
        .await
    {
        Err(Error::Rejected(Rejection::Magento(error))) => error,
        other => panic!("expected the shop's refusal, got {other:?}"),
    };
    assert_eq!(
        predicted.message(),
        "\"Vorname\" ist ein erforderlicher Wert."
    );
    assert_eq!(predicted, answered);
}
