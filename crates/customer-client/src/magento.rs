//! The Magento 2 admin client: update and read a customer by id.

use customer_rules::magento::{self, SaveRequest, StoredCustomer};
use progenitor_client::ResponseValue;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

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
}

impl std::fmt::Debug for MagentoClient {
    // The token stays out: it sits in the HTTP client's default headers, marked sensitive.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoClient")
            .field("base_url", &self.api.baseurl())
            .field("store_code", &self.store_code)
            .field("retry", &self.retry)
            .field("pre_validate", &self.pre_validate)
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
        }
    }

    /// `PUT /V1/customers/{id}`: the body is merged onto the stored customer and the whole
    /// customer saved. Returns the customer as stored (without its secrets). With pre-validation
    /// on, a body Magento's webapi layer refuses to read (unknown fields, wrong types,
    /// `<script>`) is not sent ([`Error::Predicted`]); the checks that need the store's
    /// configuration, its timezone or its other customers are left to the shop.
    pub async fn put_customer(
        &self,
        id: i64,
        request: &SaveRequest,
    ) -> Result<StoredCustomer, Error> {
        if self.pre_validate {
            let body = serde_json::to_value(request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            if let Err(outcome) = magento::read_request(&body, &magento::Profile::default()) {
                let status = outcome.response.status;
                let error =
                    MagentoError::from_body(status, &outcome.response.body).ok_or_else(|| {
                        Error::InvalidRequest("the rules gave no Magento error".into())
                    })?;
                return Err(Error::Predicted {
                    rejection: Rejection::Magento(Box::new(error)),
                    outcome: Box::new(outcome),
                });
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
    /// changed (nothing at all when nothing did). Returns the customer as now stored.
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
        self.put_customer(id, &request).await
    }
}

async fn stored(
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
