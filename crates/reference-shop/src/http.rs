//! HTTP: every request is turned into the rules' [`HttpRequest`] and answered by the store.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use customer_rules::{HttpRequest, ShopResponse};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::Store;

/// The largest request body read, 1 MiB: a customer update is a few kilobytes.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The shop's routes: both platforms' endpoints, `/healthz`, and CORS for browser callers.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .fallback(answer)
        .layer(cors())
        .layer(middleware::from_fn_with_state(
            store.clone(),
            plain_options_to_the_shop,
        ))
        .with_state(store)
}

/// The CORS layer takes every `OPTIONS` request for a preflight; one without
/// `Access-Control-Request-Method` is not, and the shop answers it as it answers any method.
async fn plain_options_to_the_shop(
    State(store): State<Arc<Store>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::OPTIONS
        && !request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        answer(State(store), request).await
    } else {
        next.run(request).await
    }
}

/// Browsers preflight every call: `Authorization`, `X-Customer-Key` and the generated client's
/// `api-version` header are not CORS-safelisted, and neither is a JSON `Content-Type`.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
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

    /// The answer to a body over [`BODY_LIMIT`], which the real shops leave to their web
    /// server: Magento's `error-response` shape, and for Open2b, like its other transport-level
    /// failures, a status other than 200 with a body that is not JSON (Assumption 16).
    fn too_large(self) -> ShopResponse {
        match self {
            Platform::Magento => json_message(413, "Request Entity Too Large"),
            Platform::Open2b => text(413, "Payload Too Large"),
        }
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

async fn answer(State(store): State<Arc<Store>>, request: Request) -> Response {
    let started = std::time::Instant::now();
    let (parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map_or_else(
        || parts.uri.path().to_owned(),
        |path| path.as_str().to_owned(),
    );
    let Some(platform) = Platform::of(&path) else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return into_response(platform.too_large()),
    };
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
    // The store answers in tens of microseconds (WAL commits do not wait for the disk), less
    // than handing the request to a blocking thread would cost.
    let answered = match platform {
        Platform::Magento => store.magento(&request),
        Platform::Open2b => store.open2b(&request),
    };
    let response = match answered {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "the store failed");
            platform.internal_error()
        }
    };
    // The path only: a query string or a header may carry secrets.
    tracing::info!(
        method = %parts.method,
        path = parts.uri.path(),
        status = response.status,
        elapsed_us = started.elapsed().as_micros(),
        "answered"
    );
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
