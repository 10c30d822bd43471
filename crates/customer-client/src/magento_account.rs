//! The Magento 2 customer's own account: `/V1/customers/me` with her customer token, the path a
//! browser or an app takes without an admin token.

use customer_rules::magento::{self, Profile, SaveRequest, StoredCustomer};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

use crate::error::Error;
use crate::magento::{predicted, stored};
use crate::transport::{self, RetryPolicy, Timeouts};
use crate::{Client, ClientInfo, RequestSigner};

/// A client of one customer's own account in a Magento store view: `GET` and `PUT
/// /rest/{storeCode}/V1/customers/me` with her customer token (`POST
/// /V1/integration/customer/token`). The shop forces the customer's id, group, website and
/// store onto every body, whatever it says; the token is accepted only in a store view of her
/// website.
///
/// ```no_run
/// use customer_client::MagentoAccountClient;
///
/// # async fn run() -> Result<(), customer_client::Error> {
/// let account = MagentoAccountClient::builder("https://shop.example.com", "customer-token")
///     .store_code("default")
///     .build()?;
/// let jane = account.patch_me(|customer| customer.lastname = "Roe".into()).await?;
/// assert_eq!(jane.lastname, "Roe");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MagentoAccountClient {
    api: Client,
    store_code: String,
    retry: RetryPolicy,
    pre_validate: bool,
    profile: Profile,
}

impl std::fmt::Debug for MagentoAccountClient {
    // The token stays out: it sits in the HTTP client's default headers, marked sensitive.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoAccountClient")
            .field("base_url", &self.api.baseurl())
            .field("store_code", &self.store_code)
            .field("retry", &self.retry)
            .field("pre_validate", &self.pre_validate)
            .field("profile", &self.profile.to_string())
            .finish()
    }
}

/// Settings of a [`MagentoAccountClient`].
#[derive(Clone)]
pub struct MagentoAccountClientBuilder {
    base_url: String,
    customer_token: String,
    store_code: String,
    timeouts: Timeouts,
    retry: RetryPolicy,
    pre_validate: bool,
    profile: Profile,
}

impl std::fmt::Debug for MagentoAccountClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoAccountClientBuilder")
            .field("base_url", &self.base_url)
            .field("customer_token", &"<redacted>")
            .field("store_code", &self.store_code)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("pre_validate", &self.pre_validate)
            .field("profile", &self.profile.to_string())
            .finish()
    }
}

impl MagentoAccountClientBuilder {
    /// The store view code in the URL (default `default`): one of the customer's website.
    pub fn store_code(mut self, store_code: impl Into<String>) -> Self {
        self.store_code = store_code.into();
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

    /// The profile the shop runs, which pre-validation reads the body as (default `2.4.8-p5`).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The client.
    pub fn build(self) -> Result<MagentoAccountClient, Error> {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", self.customer_token)).map_err(|_| {
                Error::InvalidRequest("the customer token holds characters a header cannot".into())
            })?;
        value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, value);
        let http = transport::http_client(self.timeouts, headers)?;
        Ok(MagentoAccountClient {
            api: Client::new_with_client(
                self.base_url.trim_end_matches('/'),
                http,
                RequestSigner::default(),
            ),
            store_code: self.store_code,
            retry: self.retry,
            pre_validate: self.pre_validate,
            profile: self.profile,
        })
    }
}

impl MagentoAccountClient {
    /// Settings for the account of the customer `customer_token` belongs to, at the shop at
    /// `base_url` (the part before `/rest/…`).
    pub fn builder(
        base_url: impl Into<String>,
        customer_token: impl Into<String>,
    ) -> MagentoAccountClientBuilder {
        MagentoAccountClientBuilder {
            base_url: base_url.into(),
            customer_token: customer_token.into(),
            store_code: String::from("default"),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            pre_validate: true,
            profile: Profile::default(),
        }
    }

    /// The profile the client reads bodies with.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// `GET /V1/customers/me`: the token's customer (without her secrets).
    pub async fn me(&self) -> Result<StoredCustomer, Error> {
        let path = format!("/rest/{}/V1/customers/me", self.store_code);
        let result = transport::with_retries(&self.retry, ("magento.get-me", "GET", &path), || {
            self.api
                .magento_get_me()
                .store_code(&self.store_code)
                .send()
        })
        .await;
        stored(result).await
    }

    /// `PUT /V1/customers/me`: the body is saved as her **whole** customer, not merged onto
    /// the stored one (`email`, `firstname` and `lastname` must be in it; columns and addresses
    /// left out keep their stored values). Returns the customer as stored. With pre-validation
    /// on, a body Magento's webapi layer refuses to read (unknown fields, wrong types,
    /// `<script>`) is not sent ([`Error::Predicted`]).
    pub async fn put_me(&self, request: &SaveRequest) -> Result<StoredCustomer, Error> {
        self.send(None, request).await
    }

    /// Read, change, write: reads her customer, lets `change` edit it, and PUTs only what
    /// changed with `?customerId=<her id>`, which makes the shop merge the body onto the stored
    /// customer as the admin route does (nothing is sent when nothing changed). Returns the
    /// customer as now stored.
    pub async fn patch_me(
        &self,
        change: impl FnOnce(&mut StoredCustomer),
    ) -> Result<StoredCustomer, Error> {
        let before = self.me().await?;
        let mut after = before.clone();
        change(&mut after);
        let request = magento::diff(&before, &after);
        if request == SaveRequest::default() {
            return Ok(before);
        }
        self.send(Some(before.id), &request).await
    }

    async fn send(
        &self,
        merge_onto: Option<i64>,
        request: &SaveRequest,
    ) -> Result<StoredCustomer, Error> {
        if self.pre_validate {
            let body = serde_json::to_value(request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            if let Err(outcome) = magento::read_request(&body, &self.profile) {
                return Err(predicted(outcome));
            }
        }
        let path = format!("/rest/{}/V1/customers/me", self.store_code);
        let result = transport::with_retries(&self.retry, ("magento.put-me", "PUT", &path), || {
            let call = self
                .api
                .magento_put_me()
                .store_code(&self.store_code)
                .body(request.clone());
            match merge_onto {
                Some(id) => call.customer_id(id),
                None => call,
            }
            .send()
        })
        .await;
        stored(result).await
    }
}
