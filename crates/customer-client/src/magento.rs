//! The Magento 2 admin client: update and read a customer by id.

use customer_rules::ShopResponse;
use customer_rules::magento::{
    self, Answered, Clock, Config, Fingerprint, Fingerprinter, Profile, SaveRequest, StoredCustomer,
};
use progenitor_client::{Error as CallError, ResponseValue};
use reqwest::header::{ACCEPT, HeaderMap};
use serde_json::Value;

use crate::error::{Error, MagentoError, Rejection};
use crate::transport;
use crate::{Client, ClientInfo, ClientOptions, IntegrationCredentials, RequestSigner, types};

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
    options: ClientOptions,
    config: Config,
}

impl std::fmt::Debug for MagentoClient {
    // The token stays out: it sits in the HTTP client's default headers, marked sensitive.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoClient")
            .field("base_url", &self.api.baseurl())
            .field("store_code", &self.store_code)
            .field("options", &self.options)
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
    options: ClientOptions,
    config: Config,
}

impl std::fmt::Debug for MagentoClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoClientBuilder")
            .field("base_url", &self.base_url)
            .field("store_code", &self.store_code)
            .field("bearer", &self.bearer.as_ref().map(|_| "<redacted>"))
            .field("integration", &self.integration)
            .field("options", &self.options)
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

    crate::options::client_option_setters!();

    /// The profile the shop runs (`customer fingerprint` tells it), which pre-validation reads
    /// the body as (default `2.4.8-p5`), in place of the store configuration's `version`.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.config.version = profile;
        self
    }

    /// The store's configuration, which pre-validation judges by, with its profile (default: a
    /// fresh install of `2.4.8-p5`). Required fields, allowed countries, street lines and the
    /// like are settings: a shop whose settings differ from the ones given here may accept what
    /// pre-validation refuses (turn it off with [`pre_validate`](Self::pre_validate)) or refuse
    /// what it lets through. Its [`Config::dictionary`] gives predicted refusals in the language
    /// of the store view [`store_code`](Self::store_code) names, as the shop words them.
    pub fn store_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The client.
    pub fn build(self) -> Result<MagentoClient, Error> {
        let headers = match &self.bearer {
            Some(token) => transport::bearer(token, "bearer token")?,
            None => HeaderMap::new(),
        };
        let signer = self
            .integration
            .map(RequestSigner::from)
            .unwrap_or_default();
        Ok(MagentoClient {
            api: transport::api(&self.base_url, &self.options, headers, signer)?,
            store_code: self.store_code,
            options: self.options,
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
            options: ClientOptions::default(),
            config: Config::default(),
        }
    }

    /// The profile the client reads bodies and pre-validates with.
    pub fn profile(&self) -> &Profile {
        &self.config.version
    }

    /// `PUT /V1/customers/{id}`: the body is merged onto the stored customer and the whole
    /// customer saved. Returns the customer as stored (without its secrets).
    ///
    /// With pre-validation on, the body is checked before it is sent, by the store configuration
    /// ([`MagentoClientBuilder::store_config`]). This call has only the body, not the stored
    /// customer: it checks the values the body carries (formats, lengths, names, dates, the
    /// email, the addresses it sends in full), and a body the shop certainly refuses is not sent
    /// ([`Error::Predicted`]). The checks that need the stored customer (fields the body leaves
    /// out, her addresses and defaults) are undecided, `needs_context` in the outcome, and never
    /// stop the request; the shop makes them. [`patch_customer`](Self::patch_customer) reads
    /// the customer and makes them too.
    pub async fn put_customer(
        &self,
        id: i64,
        request: &SaveRequest,
    ) -> Result<StoredCustomer, Error> {
        self.pre_validated_put(id, request, None).await
    }

    /// `put_customer`, pre-validated by the store configuration against `before`, the customer
    /// as stored, when it is known (every check of the merged customer), else against the body
    /// alone; with today's date in UTC (a date of birth within a day of today may be judged a
    /// day off in the store's timezone). Checks that need the shop's other customers, groups or
    /// websites, or the stored customer when it is not known, are undecided and do not stop the
    /// request.
    async fn pre_validated_put(
        &self,
        id: i64,
        request: &SaveRequest,
        before: Option<&StoredCustomer>,
    ) -> Result<StoredCustomer, Error> {
        if self.options.pre_validate {
            let body = serde_json::to_value(request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            let outcome = magento::validate(
                &body,
                before,
                &self.config,
                &magento::Context::default(),
                &Clock::now(self.config.timezone()),
            );
            if outcome.is_refused() {
                return Err(predicted(outcome));
            }
        }
        let id_text = id.to_string();
        let path = format!("/rest/{}/V1/customers/{id}", self.store_code);
        let result = transport::with_retries(
            &self.options.retry,
            ("magento.put-customer", "PUT", &path),
            || {
                self.api
                    .magento_put_customer()
                    .store_code(&self.store_code)
                    .customer_id(&id_text)
                    .body(request.clone())
                    .send()
            },
        )
        .await;
        stored(result).await
    }

    /// `GET /V1/customers/{id}`: the stored customer (without its secrets).
    pub async fn customer(&self, id: i64) -> Result<StoredCustomer, Error> {
        let id_text = id.to_string();
        let path = format!("/rest/{}/V1/customers/{id}", self.store_code);
        let result = transport::with_retries(
            &self.options.retry,
            ("magento.get-customer", "GET", &path),
            || {
                self.api
                    .magento_get_customer()
                    .store_code(&self.store_code)
                    .customer_id(&id_text)
                    .send()
            },
        )
        .await;
        stored(result).await
    }

    /// Read, change, write: reads the customer, lets `change` edit it, and PUTs only what
    /// changed (nothing at all when nothing did). Returns the customer as now stored.
    ///
    /// With pre-validation on, the update is checked against the customer just read, by the
    /// store configuration ([`MagentoClientBuilder::store_config`]): every check of the merged
    /// customer, as the shop makes them, and an update the shop certainly refuses is not sent
    /// ([`Error::Predicted`]). Only the checks that need the shop's other customers, groups or
    /// websites are undecided (`needs_context`); they never stop the request.
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
        // The store's timezone is not known before the fingerprint: UTC. The date only matters
        // to a stored date of birth within a day of today.
        let fingerprinter = Fingerprinter::new(&customer, &Clock::now("UTC"));
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
            &self.options.retry,
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
            serde_json::from_value::<StoredCustomer>(view.clone()).map_err(|_| Error::Unexpected {
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
