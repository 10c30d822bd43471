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
use customer_client::{Error, MagentoClient, Open2bClient, Rejection, RetryPolicy, Timeouts};
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

    let bad_email = SaveRequest {
        customer: CustomerRequest {
            email: Patch::Value("a,b@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    match client.put_customer(1, &bad_email).await {
        Err(Error::Rejected(Rejection::Magento(error))) => {
            assert_eq!(error.status, 400);
            assert_eq!(error.message(), "\"Email\" is not a valid email address.");
        }
        other => panic!("expected Magento's 400, got {other:?}"),
    }
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
