//! The Magento 2 customer's own account: `/V1/customers/me` with her customer token, the path a
//! browser or an app takes without an admin token.

use customer_rules::magento::{self, Profile, SaveRequest, StoredCustomer};

use crate::error::Error;
use crate::magento::{predicted, stored};
use crate::transport;
use crate::{Client, ClientInfo, ClientOptions, RequestSigner};

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
    options: ClientOptions,
    profile: Profile,
}

impl std::fmt::Debug for MagentoAccountClient {
    // The token stays out: it sits in the HTTP client's default headers, marked sensitive.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoAccountClient")
            .field("base_url", &self.api.baseurl())
            .field("store_code", &self.store_code)
            .field("options", &self.options)
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
    options: ClientOptions,
    profile: Profile,
}

impl std::fmt::Debug for MagentoAccountClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MagentoAccountClientBuilder")
            .field("base_url", &self.base_url)
            .field("customer_token", &"<redacted>")
            .field("store_code", &self.store_code)
            .field("options", &self.options)
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

    crate::options::client_option_setters!();

    /// The profile the shop runs, which pre-validation reads the body as (default `2.4.8-p5`).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The client.
    pub fn build(self) -> Result<MagentoAccountClient, Error> {
        let headers = transport::bearer(&self.customer_token, "customer token")?;
        Ok(MagentoAccountClient {
            api: transport::api(
                &self.base_url,
                &self.options,
                headers,
                RequestSigner::default(),
            )?,
            store_code: self.store_code,
            options: self.options,
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
            options: ClientOptions::default(),
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
        let result = transport::with_retries(
            &self.options.retry,
            ("magento.get-me", "GET", &path),
            || {
                self.api
                    .magento_get_me()
                    .store_code(&self.store_code)
                    .send()
            },
        )
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
        if self.options.pre_validate {
            let body = serde_json::to_value(request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            if let Err(outcome) = magento::read_request(&body, &self.profile) {
                return Err(predicted(outcome));
            }
        }
        let path = format!("/rest/{}/V1/customers/me", self.store_code);
        let result = transport::with_retries(
            &self.options.retry,
            ("magento.put-me", "PUT", &path),
            || {
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
            },
        )
        .await;
        stored(result).await
    }
}
