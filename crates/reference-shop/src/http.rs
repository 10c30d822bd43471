//! HTTP: every request is turned into the rules' [`HttpRequest`] and answered by the store.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use customer_rules::{HttpRequest, ShopResponse};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::limits::{BODY_LIMIT, Limits};
use crate::{AllowedOrigins, Store};

/// How a shop serves: its limits, and the web pages allowed to call it.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Timeouts and connections.
    pub limits: Limits,
    /// The origins a browser lets call the shop.
    pub origins: AllowedOrigins,
}

/// What every request is answered with.
#[derive(Clone)]
struct Shop {
    store: Arc<Store>,
    limits: Limits,
}

/// The shop's routes with the default [`ServeOptions`]: both platforms' endpoints, `/healthz`,
/// and CORS for pages served from this machine.
pub fn router(store: Arc<Store>) -> Router {
    router_with(store, &ServeOptions::default())
}

/// The shop's routes: both platforms' endpoints, `/healthz`, and CORS for the allowed origins.
pub fn router_with(store: Arc<Store>, options: &ServeOptions) -> Router {
    let shop = Shop {
        store,
        limits: options.limits,
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .fallback(answer)
        .layer(cors(options.origins.clone()))
        .layer(middleware::from_fn_with_state(
            shop.clone(),
            plain_options_to_the_shop,
        ))
        .with_state(shop)
}

/// The CORS layer takes every `OPTIONS` request for a preflight; one without
/// `Access-Control-Request-Method` is not, and the shop answers it as it answers any method.
async fn plain_options_to_the_shop(
    State(shop): State<Shop>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::OPTIONS
        && !request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        answer(State(shop), request).await
    } else {
        next.run(request).await
    }
}

/// Browsers preflight every call: `Authorization`, `X-Customer-Key` and the generated client's
/// `api-version` header are not CORS-safelisted, and neither is a JSON `Content-Type`. Without
/// the shop's answer naming its origin, a page cannot send them: both shops take their
/// credentials only from those headers, so no other page can change a customer.
fn cors(origins: AllowedOrigins) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origins.allows(origin)
        }))
        .allow_methods([Method::GET, Method::PUT, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-customer-key"),
            HeaderName::from_static("api-version"),
        ])
}

/// Which shop a path belongs to.
#[derive(Debug, Clone, Copy)]
enum Platform {
    Magento,
    Open2b,
}

impl Platform {
    fn of(path: &str) -> Option<Platform> {
        if path.starts_with("/rest/") {
            Some(Platform::Magento)
        } else if path.starts_with("/api/") {
            Some(Platform::Open2b)
        } else {
            None
        }
    }

    /// The methods its endpoints take, for the `Allow` header HTTP asks of a 405.
    fn allowed_methods(self) -> HeaderValue {
        match self {
            Platform::Magento => HeaderValue::from_static("GET, PUT, DELETE"),
            Platform::Open2b => HeaderValue::from_static("POST"),
        }
    }

    /// The shop's answer when its own machinery fails (never for bad input).
    fn internal_error(self) -> ShopResponse {
        match self {
            // Magento in production mode hides the cause behind a report id.
            Platform::Magento => json_message(
                500,
                "Internal Error. Details are available in Magento log file. Report ID: webapi-reference-shop",
            ),
            Platform::Open2b => text(500, "Internal Server Error"),
        }
    }

    /// The answer to a failure of the request's transport, which the real shops leave to
    /// their web server: Magento's `error-response` shape with the status's reason phrase, and
    /// for Open2b, like its other transport-level failures, a status other than 200 with a body
    /// that is not JSON (Assumption 16).
    fn transport(self, failure: Transport) -> ShopResponse {
        let status = failure.status().as_u16();
        match (self, failure) {
            // As nginx, in front of most Magento shops, words its 413 page.
            (Platform::Magento, Transport::TooLarge) => {
                json_message(status, "Request Entity Too Large")
            }
            (Platform::Magento, _) => json_message(status, failure.reason()),
            (Platform::Open2b, _) => text(status, failure.reason()),
        }
    }
}

/// A request the shop answers before the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    /// A body over [`BODY_LIMIT`], announced or sent.
    TooLarge,
    /// A body that cannot be read: bad chunked encoding, cut short.
    Malformed,
    /// A body not sent within [`Limits::body_read_timeout`].
    TimedOut,
    /// Another process held the database's write lock too long: the request may be sent again.
    Busy,
}

impl Transport {
    fn status(self) -> StatusCode {
        match self {
            Transport::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Transport::Malformed => StatusCode::BAD_REQUEST,
            Transport::TimedOut => StatusCode::REQUEST_TIMEOUT,
            Transport::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Transport::TooLarge => "Payload Too Large",
            Transport::Malformed => "Bad Request",
            Transport::TimedOut => "Request Timeout",
            Transport::Busy => "Service Unavailable",
        }
    }

    /// Its answer; the connection is closed after a body that was not read to its end.
    fn answer(self, platform: Platform) -> Response {
        let mut answer = into_response(platform.transport(self));
        let headers = answer.headers_mut();
        match self {
            Transport::Busy => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
        }
        answer
    }
}

fn json_message(status: u16, message: &str) -> ShopResponse {
    ShopResponse {
        status,
        body: serde_json::json!({ "message": message }),
    }
}

fn text(status: u16, text: &str) -> ShopResponse {
    ShopResponse {
        status,
        body: serde_json::Value::String(text.to_owned()),
    }
}

async fn answer(State(shop): State<Shop>, request: Request) -> Response {
    let started = std::time::Instant::now();
    let (parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map_or_else(
        || parts.uri.path().to_owned(),
        |path| path.as_str().to_owned(),
    );
    let Some(platform) = Platform::of(&path) else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let answer = match read_body(&parts.headers, body, shop.limits).await {
        Ok(bytes) => {
            let request = HttpRequest {
                method: parts.method.as_str().to_owned(),
                path,
                headers: parts
                    .headers
                    .iter()
                    .filter_map(|(name, value)| {
                        Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                    })
                    .collect(),
                body: None,
                raw: Some(HttpRequest::raw_from_bytes(&bytes)),
            };
            respond(shop.store, platform, request).await
        }
        Err(failure) => failure.answer(platform),
    };
    // The path only: a query string or a header may carry secrets.
    tracing::info!(
        method = %parts.method,
        path = parts.uri.path(),
        status = answer.status().as_u16(),
        elapsed_us = started.elapsed().as_micros(),
        "answered"
    );
    answer
}

/// The body, read within the limits. A `Content-Length` over the limit is refused before
/// reading, so a client that asked `Expect: 100-continue` is not told to send it.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    limits: Limits,
) -> Result<axum::body::Bytes, Transport> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|length| length > BODY_LIMIT as u64) {
        return Err(Transport::TooLarge);
    }
    match tokio::time::timeout(
        limits.body_read_timeout,
        Limited::new(body, BODY_LIMIT).collect(),
    )
    .await
    {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Transport::TooLarge)
        }
        Ok(Err(_)) => Err(Transport::Malformed),
        Err(_) => Err(Transport::TimedOut),
    }
}

/// The store's answer, worked out on a blocking thread: the rules take time in proportion to the
/// body (up to [`BODY_LIMIT`]) and a write may wait for another process's lock, and neither may
/// hold up the connections this runtime serves.
async fn respond(store: Arc<Store>, platform: Platform, request: HttpRequest) -> Response {
    let answered = tokio::task::spawn_blocking(move || match platform {
        Platform::Magento => store.magento(&request),
        Platform::Open2b => store.open2b(&request),
    })
    .await;
    let response = match answered {
        Ok(Ok(response)) => response,
        Ok(Err(error)) if error.is_busy() => {
            tracing::warn!(%error, "the database stayed locked by another process");
            return Transport::Busy.answer(platform);
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "the store failed");
            platform.internal_error()
        }
        Err(error) => {
            tracing::error!(%error, "the store failed");
            platform.internal_error()
        }
    };
    let mut answer = into_response(response);
    if answer.status() == StatusCode::METHOD_NOT_ALLOWED {
        answer
            .headers_mut()
            .insert(header::ALLOW, platform.allowed_methods());
    }
    answer
}

/// A string body is a `text/plain` answer: neither shop answers with a bare JSON string.
fn into_response(response: ShopResponse) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, body) = match response.body {
        serde_json::Value::String(text) => ("text/plain; charset=utf-8", text),
        json => ("application/json; charset=utf-8", json.to_string()),
    };
    let mut answer = Response::new(Body::from(body));
    *answer.status_mut() = status;
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    answer
}
