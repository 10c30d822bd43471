//! The Magento 2 admin client: update and read a customer by id.

use customer_rules::ShopResponse;
use customer_rules::magento::{
    self, Answered, Clock, Config, Date, Fingerprint, Fingerprinter, Profile, SaveRequest,
    StoredCustomer,
};
use progenitor_client::{Error as CallError, ResponseValue};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::Value;

use crate::error::{Error, MagentoError, Rejection};
use crate::transport::{self, RetryPolicy, Timeouts};
use crate::{Client, ClientInfo, IntegrationCredentials, RequestSigner, types};

/// A client of one Magento store view's admin REST API.
///
/// ```no_run
/// use customer_client::MagentoClient;
///
/// # async fn run() -> Result<(), customer_client::Error> {
/// let shop = MagentoClient::builder("https://shop.example.com")
///     .store_code("default")
///     .bearer("admin-token")
///     .build()?;
/// let jane = shop.patch_customer(1, |customer| customer.firstname = "Janet".into()).await?;
/// assert_eq!(jane.firstname, "Janet");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MagentoClient {
    api: Client,
    store_code: String,
    retry: RetryPolicy,
    pre_validate: bool,
    config: Config,
}

impl std::fmt::Debug for MagentoClient {
    // The token stays out: it sits in the HTTP client's default headers, marked sensitive.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoClient")
            .field("base_url", &self.api.baseurl())
            .field("store_code", &self.store_code)
            .field("retry", &self.retry)
            .field("pre_validate", &self.pre_validate)
            .field("profile", &self.config.version.to_string())
            .field("config", &self.config.values)
            .finish()
    }
}

/// Settings of a [`MagentoClient`].
#[derive(Clone)]
pub struct MagentoClientBuilder {
    base_url: String,
    store_code: String,
    bearer: Option<String>,
    integration: Option<IntegrationCredentials>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    pre_validate: bool,
    config: Config,
}

impl std::fmt::Debug for MagentoClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoClientBuilder")
            .field("base_url", &self.base_url)
            .field("store_code", &self.store_code)
            .field("bearer", &self.bearer.as_ref().map(|_| "<redacted>"))
            .field("integration", &self.integration)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("pre_validate", &self.pre_validate)
            .field("profile", &self.config.version.to_string())
            .field("config", &self.config.values)
            .finish()
    }
}

impl MagentoClientBuilder {
    /// The store view code in the URL (default `default`; `all` is the admin store).
    pub fn store_code(mut self, store_code: impl Into<String>) -> Self {
        self.store_code = store_code.into();
        self
    }

    /// An admin token (`POST /V1/integration/admin/token`) or an integration access token where
    /// the shop accepts it as a bearer token.
    pub fn bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }

    /// Sign every request with OAuth 1.0a (HMAC-SHA256) as a Magento integration, as 2.4.4+
    /// expects unless the shop lets integration tokens be used as bearer tokens.
    pub fn integration(mut self, credentials: IntegrationCredentials) -> Self {
        self.integration = Some(credentials);
        self
    }

    /// Timeouts of every call (default: 5 s to connect, 30 s in all).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Whether requests are checked with the rules before sending (default: on).
    pub fn pre_validate(mut self, on: bool) -> Self {
        self.pre_validate = on;
        self
    }

    /// The profile the shop runs (`customer fingerprint` tells it), which pre-validation reads
    /// the body as (default `2.4.8-p5`), in place of the store configuration's `version`.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.config.version = profile;
        self
    }

    /// The store's configuration, which pre-validation against the stored customer judges by
    /// (default: a fresh install of the profile). Required fields, allowed countries, street
    /// lines and the like are settings: a shop whose settings differ from the ones given here
    /// may accept what pre-validation refuses (turn it off with
    /// [`pre_validate`](Self::pre_validate)) or refuse what it lets through.
    pub fn store_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The client.
    pub fn build(self) -> Result<MagentoClient, Error> {
        let mut headers = HeaderMap::new();
        if let Some(token) = &self.bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::InvalidRequest("the bearer token holds characters a header cannot".into())
            })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let http = transport::http_client(self.timeouts, headers)?;
        Ok(MagentoClient {
            api: Client::new_with_client(
                self.base_url.trim_end_matches('/'),
                http,
                self.integration
                    .map(RequestSigner::from)
                    .unwrap_or_default(),
            ),
            store_code: self.store_code,
            retry: self.retry,
            pre_validate: self.pre_validate,
            config: self.config,
        })
    }
}

impl MagentoClient {
    /// Settings for a client of the shop at `base_url` (the part before `/rest/…`).
    pub fn builder(base_url: impl Into<String>) -> MagentoClientBuilder {
        MagentoClientBuilder {
            base_url: base_url.into(),
            store_code: String::from("default"),
            bearer: None,
            integration: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            pre_validate: true,
            config: Config::default(),
        }
    }

    /// The profile the client reads bodies and pre-validates with.
    pub fn profile(&self) -> &Profile {
        &self.config.version
    }

    /// `PUT /V1/customers/{id}`: the body is merged onto the stored customer and the whole
    /// customer saved. Returns the customer as stored (without its secrets). With pre-validation
    /// on, a body Magento's webapi layer refuses to read (unknown fields, wrong types,
    /// `<script>`) is not sent ([`Error::Predicted`]); this call does not read the stored
    /// customer, so the checks of the merged customer are left to the shop
    /// ([`patch_customer`](Self::patch_customer) makes them).
    pub async fn put_customer(
        &self,
        id: i64,
        request: &SaveRequest,
    ) -> Result<StoredCustomer, Error> {
        self.pre_validated_put(id, request, None).await
    }

    /// `put_customer`, pre-validated against `before`, the customer as stored, when it is
    /// known: every check of the merged customer by the store configuration, with today's date
    /// in UTC (a date of birth within a day of today may be judged a day off in the store's
    /// timezone). Checks that need the shop's other customers, groups or websites are undecided
    /// and do not stop the request.
    async fn pre_validated_put(
        &self,
        id: i64,
        request: &SaveRequest,
        before: Option<&StoredCustomer>,
    ) -> Result<StoredCustomer, Error> {
        if self.pre_validate {
            let body = serde_json::to_value(request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            let outcome = match before {
                Some(before) => Some(magento::validate(
                    &body,
                    Some(before),
                    &self.config,
                    &magento::Context::default(),
                    &system_clock(),
                )),
                None => magento::read_request(&body, &self.config.version).err(),
            };
            if let Some(outcome) = outcome.filter(customer_rules::Outcome::is_refused) {
                return Err(predicted(outcome));
            }
        }
        let id_text = id.to_string();
        let path = format!("/rest/{}/V1/customers/{id}", self.store_code);
        let result =
            transport::with_retries(&self.retry, ("magento.put-customer", "PUT", &path), || {
                self.api
                    .magento_put_customer()
                    .store_code(&self.store_code)
                    .customer_id(&id_text)
                    .body(request.clone())
                    .send()
            })
            .await;
        stored(result).await
    }

    /// `GET /V1/customers/{id}`: the stored customer (without its secrets).
    pub async fn customer(&self, id: i64) -> Result<StoredCustomer, Error> {
        let id_text = id.to_string();
        let path = format!("/rest/{}/V1/customers/{id}", self.store_code);
        let result =
            transport::with_retries(&self.retry, ("magento.get-customer", "GET", &path), || {
                self.api
                    .magento_get_customer()
                    .store_code(&self.store_code)
                    .customer_id(&id_text)
                    .send()
            })
            .await;
        stored(result).await
    }

    /// Read, change, write: reads the customer, lets `change` edit it, and PUTs only what
    /// changed (nothing at all when nothing did). Returns the customer as now stored. With
    /// pre-validation on, the update is checked against the customer read, by the store
    /// configuration ([`MagentoClientBuilder::store_config`]), and not sent when the shop
    /// certainly refuses it ([`Error::Predicted`]).
    pub async fn patch_customer(
        &self,
        id: i64,
        change: impl FnOnce(&mut StoredCustomer),
    ) -> Result<StoredCustomer, Error> {
        let before = self.customer(id).await?;
        let mut after = before.clone();
        change(&mut after);
        let request = magento::diff(&before, &after);
        if request == SaveRequest::default() {
            return Ok(before);
        }
        self.pre_validated_put(id, &request, Some(&before)).await
    }
}

impl MagentoClient {
    /// Finds the profile the shop runs, changing nothing: reads the customer, then sends the
    /// probes of [`Fingerprinter`] one by one (each chosen from the answers so far), every one a
    /// `PUT` of this customer that every profile refuses, ending with an address in a country no
    /// shop allows. Costs one `GET` and at most a handful of `PUT`s.
    ///
    /// A probe the shop accepts (it would have to ignore its country list) stops the run with
    /// [`Error::Unexpected`]; no further probe is sent.
    pub async fn fingerprint(&self, customer_id: i64) -> Result<Fingerprint, Error> {
        let customer = self.customer(customer_id).await?;
        let fingerprinter = Fingerprinter::new(&customer, &system_clock());
        let mut answers = Vec::new();
        while let Some(probe) = fingerprinter.next_probe(&answers) {
            let Some(sent) = fingerprinter.probes().get(probe) else {
                break;
            };
            let response = self.put_probe(customer_id, &sent.body).await?;
            if (200..300).contains(&response.status) {
                return Err(Error::Unexpected {
                    status: response.status,
                    body: transport::shortened(&format!(
                        "the shop accepted a fingerprint probe ({}); no further probe was sent: {}",
                        sent.tells, response.body
                    )),
                });
            }
            answers.push(Answered { probe, response });
        }
        Ok(fingerprinter.identify(&answers))
    }

    /// `PUT /V1/customers/{id}` with a body as it is, answered as the shop's status and JSON
    /// body (a body that is not JSON as a JSON string of its text). Retried as every call is:
    /// a probe is refused however often it arrives.
    async fn put_probe(&self, id: i64, body: &Value) -> Result<ShopResponse, Error> {
        let path = format!("/rest/{}/V1/customers/{id}", self.store_code);
        let url = format!("{}{path}", self.api.baseurl());
        let result = transport::with_retries(
            &self.retry,
            ("magento.fingerprint-probe", "PUT", &path),
            || async {
                let mut request = self
                    .api
                    .client()
                    .put(&url)
                    .header(ACCEPT, "application/json")
                    .json(body)
                    .build()
                    .map_err(CallError::CommunicationError)?;
                crate::auth::sign(self.api.inner(), &mut request);
                let response = self
                    .api
                    .client()
                    .execute(request)
                    .await
                    .map_err(CallError::CommunicationError)?;
                let status = response.status();
                let headers = response.headers().clone();
                let bytes = response
                    .bytes()
                    .await
                    .map_err(CallError::ResponseBodyError)?;
                let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(&bytes).into_owned())
                });
                let answer = ResponseValue::new(body, status, headers);
                if status.is_success() {
                    Ok(answer)
                } else {
                    Err(CallError::ErrorResponse(answer))
                }
            },
        )
        .await;
        let answer = match result {
            Ok(answer) => answer,
            Err(failure) => match transport::common_failure(failure).await {
                Ok(error) => return Err(error),
                Err((_, answer)) => answer,
            },
        };
        Ok(ShopResponse {
            status: answer.status().as_u16(),
            body: answer.into_inner(),
        })
    }
}

/// Today and now in UTC. The store's timezone is not known before the fingerprint; the date only
/// matters to a stored date of birth within a day of today.
fn system_clock() -> Clock {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0));
    let today = Date::from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    Clock {
        now: format!(
            "{today} {:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ),
        today,
    }
}

/// The error of a request the rules refuse before it is sent: the shop's own error body.
pub(crate) fn predicted(outcome: customer_rules::Outcome) -> Error {
    let status = outcome.response.status;
    match MagentoError::from_body(status, &outcome.response.body) {
        Some(error) => Error::Predicted {
            rejection: Rejection::Magento(Box::new(error)),
            outcome: Box::new(outcome),
        },
        None => Error::InvalidRequest("the rules gave no Magento error".into()),
    }
}

/// The customer a read or a save answers with, or the shop's refusal.
pub(crate) async fn stored(
    result: Result<
        ResponseValue<types::MagentoCustomer>,
        transport::Failure<types::MagentoErrorResponse>,
    >,
) -> Result<StoredCustomer, Error> {
    match result {
        Ok(answer) => {
            let status = answer.status().as_u16();
            let view = serde_json::to_value(answer.into_inner()).unwrap_or_default();
            magento::customer_from_view(&view).ok_or_else(|| Error::Unexpected {
                status,
                body: transport::shortened(&view.to_string()),
            })
        }
        Err(failure) => Err(match transport::common_failure(failure).await {
            Ok(error) => error,
            Err((_, answer)) => {
                let status = answer.status().as_u16();
                let body = serde_json::to_value(answer.into_inner()).unwrap_or_default();
                match MagentoError::from_body(status, &body) {
                    Some(error) => Error::Rejected(Rejection::Magento(Box::new(error))),
                    None => Error::Unexpected {
                        status,
                        body: transport::shortened(&body.to_string()),
                    },
                }
            }
        }),
    }
}
