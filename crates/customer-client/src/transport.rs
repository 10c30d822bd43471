//! The connection every client makes: one `reqwest::Client` with timeouts, and retries with
//! exponential backoff and jitter.
//!
//! Retrying is safe for every call of this crate: Magento's PUT stores the same customer however
//! often it arrives, Open2b's update-customer sets fields to values (never increments or appends),
//! and the read calls change nothing. A request that timed out may have been applied; applying it
//! again leaves the same state.

use std::future::Future;
use std::time::{Duration, Instant};

use progenitor_client::{Error as CallError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};

use crate::{Client, ClientOptions, Error, RequestSigner};

/// How failed calls are retried: on connection errors, timeouts, 429 (honouring `Retry-After`)
/// and 502/503/504, with exponential backoff and full jitter, within a time budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles each time.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first): full jitter over the exponential
    /// backoff, or the shop's `Retry-After` when it gave one (never beyond the budget).
    fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.budget);
        }
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Timeouts of every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting to the shop.
    pub connect: Duration,
    /// The whole call, from sending to reading the answer.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
        }
    }
}

/// The generated client of the shop at `base_url` (a trailing `/` left out), on a
/// `reqwest::Client` with the options' timeouts that sends `headers` with every request.
pub(crate) fn api(
    base_url: &str,
    options: &ClientOptions,
    headers: HeaderMap,
    signer: RequestSigner,
) -> Result<Client, Error> {
    let http = reqwest::Client::builder()
        .connect_timeout(options.timeouts.connect)
        .timeout(options.timeouts.total)
        .default_headers(headers)
        .build()
        .map_err(|error| Error::InvalidRequest(format!("cannot build the HTTP client: {error}")))?;
    Ok(Client::new_with_client(
        base_url.trim_end_matches('/'),
        http,
        signer,
    ))
}

/// `Authorization: Bearer <token>`, marked sensitive so that no `Debug` shows it; `what` names
/// the token in the error of one a header cannot hold.
pub(crate) fn bearer(token: &str, what: &str) -> Result<HeaderMap, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
        Error::InvalidRequest(format!("the {what} holds characters a header cannot"))
    })?;
    value.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, value);
    Ok(headers)
}

/// A call's last failure and how many attempts were made.
pub(crate) struct Failure<E> {
    pub(crate) attempts: u32,
    pub(crate) error: CallError<E>,
}

/// Runs `call` (given the attempt number) until it succeeds, fails for good, or the policy says
/// stop.
pub(crate) async fn with_retries<T, E, F, Fut>(
    policy: &RetryPolicy,
    (operation, method, path): (&'static str, &'static str, &str),
    mut call: F,
) -> Result<ResponseValue<T>, Failure<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, CallError<E>>>,
{
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        // The path holds no secret (tokens and keys travel in headers); bodies are not logged.
        let span = tracing::info_span!("shop_call", operation, method, path, attempt);
        let result = {
            let _entered = span.enter();
            tracing::debug!("sending");
            call()
        }
        .await;
        let retry_after = match &result {
            Ok(answer) => {
                tracing::debug!(parent: &span, status = answer.status().as_u16(), "answered");
                return result.map_err(|error| Failure {
                    attempts: attempt,
                    error,
                });
            }
            Err(error) => {
                tracing::debug!(parent: &span, status = error.status().map(|s| s.as_u16()), "failed");
                match retryable(error) {
                    Some(retry_after) => retry_after,
                    None => {
                        return result.map_err(|error| Failure {
                            attempts: attempt,
                            error,
                        });
                    }
                }
            }
        };
        let wait = policy.wait(attempt, retry_after);
        if attempt >= policy.max_attempts || started.elapsed() + wait > policy.budget {
            return result.map_err(|error| Failure {
                attempts: attempt,
                error,
            });
        }
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// `Some(Retry-After)` when the failure is worth retrying: connection failures, timeouts, 429,
/// 502, 503 and 504.
fn retryable<E>(error: &CallError<E>) -> Option<Option<Duration>> {
    let (status, headers) = match error {
        CallError::CommunicationError(error) => {
            return (error.is_connect() || error.is_timeout() || error.is_request())
                .then_some(None);
        }
        CallError::ErrorResponse(answer) => (answer.status(), Some(answer.headers())),
        CallError::UnexpectedResponse(response) => (response.status(), Some(response.headers())),
        _ => return None,
    };
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
    .then(|| headers.and_then(retry_after))
}

/// `Retry-After` in seconds (the HTTP-date form is read as "now").
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    Some(
        value
            .trim()
            .parse::<u64>()
            .map(Duration::from_secs)
            .unwrap_or_default(),
    )
}

/// Turns the failures both platforms share into an [`Error`]; gives back an error answer with a
/// body for the platform to read.
pub(crate) async fn common_failure<E>(
    failure: Failure<E>,
) -> Result<Error, (u32, ResponseValue<E>)> {
    let attempts = failure.attempts;
    let error = match failure.error {
        CallError::ErrorResponse(answer) => return Err((attempts, answer)),
        CallError::CommunicationError(error) | CallError::ResponseBodyError(error)
            if error.is_timeout() =>
        {
            Error::Timeout { attempts }
        }
        CallError::CommunicationError(source)
        | CallError::ResponseBodyError(source)
        | CallError::InvalidUpgrade(source) => Error::Transport { attempts, source },
        CallError::InvalidRequest(message) | CallError::Custom(message) => {
            Error::InvalidRequest(message)
        }
        CallError::InvalidResponsePayload(bytes, _) => Error::Unexpected {
            status: 200,
            body: shortened(&String::from_utf8_lossy(&bytes)),
        },
        CallError::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            Error::Unexpected {
                status,
                body: shortened(&body),
            }
        }
    };
    Ok(error)
}

/// At most 1,000 characters of a body, for error messages.
pub(crate) fn shortened(text: &str) -> String {
    text.chars().take(1000).collect()
}
