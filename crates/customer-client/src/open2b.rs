//! The Open2b 7.5 storefront client: update and read a customer given its key.

use customer_rules::open2b::{self, Customer, CustomerUpdate, UpdateCustomerRequest};
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::header::HeaderMap;

use crate::error::{Error, Open2bError, Rejection};
use crate::transport;
use crate::{Client, ClientInfo, ClientOptions, RequestSigner, types};

/// A client of one Open2b store's storefront API.
///
/// ```no_run
/// use customer_client::Open2bClient;
/// use customer_rules::{Patch, open2b::CustomerUpdate};
///
/// # async fn run() -> Result<(), customer_client::Error> {
/// let shop = Open2bClient::builder("https://shop.example.com").build()?;
/// let detach_cart = CustomerUpdate { cart: Patch::Null, ..CustomerUpdate::default() };
/// shop.update_customer("78FzLADvJ3naIe8d/CJQMA", &detach_cart).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Open2bClient {
    api: Client,
    options: ClientOptions,
}

impl std::fmt::Debug for Open2bClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Open2bClient")
            .field("base_url", &self.api.baseurl())
            .field("options", &self.options)
            .finish()
    }
}

/// Settings of an [`Open2bClient`].
#[derive(Debug, Clone)]
pub struct Open2bClientBuilder {
    base_url: String,
    options: ClientOptions,
}

impl Open2bClientBuilder {
    crate::options::client_option_setters!();

    /// The client.
    pub fn build(self) -> Result<Open2bClient, Error> {
        Ok(Open2bClient {
            api: transport::api(
                &self.base_url,
                &self.options,
                HeaderMap::new(),
                RequestSigner::default(),
            )?,
            options: self.options,
        })
    }
}

impl Open2bClient {
    /// Settings for a client of the store at `base_url` (the part before `/api/v10/…`).
    pub fn builder(base_url: impl Into<String>) -> Open2bClientBuilder {
        Open2bClientBuilder {
            base_url: base_url.into(),
            options: ClientOptions::default(),
        }
    }

    /// `storefront.update-customer`: fields left out stay unchanged; `Patch::Null` on `cart` or
    /// `shipping_address` is sent as `null`. With pre-validation on, an update the rules know the
    /// store refuses is not sent ([`Error::Predicted`]).
    pub async fn update_customer(&self, key: &str, update: &CustomerUpdate) -> Result<(), Error> {
        self.send_update(key, update, None).await
    }

    /// `storefront.customer`: the customer with every field.
    pub async fn customer(&self, key: &str) -> Result<Customer, Error> {
        let request = types::Open2bCustomerRequest { fields: Vec::new() };
        let result = transport::with_retries(
            &self.options.retry,
            ("open2b.customer", "POST", "/api/v10/storefront.customer"),
            || {
                self.api
                    .open2b_get_customer()
                    .x_customer_key(key)
                    .body(request.clone())
                    .send()
            },
        )
        .await;
        match result.map(ResponseValue::into_inner) {
            Ok(types::Open2bCustomerResponse::CustomerOk(ok)) => Ok(ok.customer),
            Ok(types::Open2bCustomerResponse::ErrorEnvelope(envelope)) => Err(rejected(&envelope)),
            Err(failure) => Err(failed(failure).await),
        }
    }

    /// Read, change, write: reads the customer, lets `change` edit it, and sends only the fields
    /// that changed (nothing at all when none did). Returns the customer as now stored. With
    /// pre-validation on, the update is checked against the customer read.
    pub async fn patch_customer(
        &self,
        key: &str,
        change: impl FnOnce(&mut Customer),
    ) -> Result<Customer, Error> {
        let before = self.customer(key).await?;
        let mut after = before.clone();
        change(&mut after);
        let update = open2b::diff(&before, &after);
        if update == CustomerUpdate::default() {
            return Ok(before);
        }
        self.send_update(key, &update, Some(&before)).await?;
        Ok(open2b::merge(&before, &update))
    }

    async fn send_update(
        &self,
        key: &str,
        update: &CustomerUpdate,
        stored: Option<&Customer>,
    ) -> Result<(), Error> {
        let request = UpdateCustomerRequest {
            customer: update.clone(),
        };
        if self.options.pre_validate {
            let body = serde_json::to_value(&request)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            let outcome = open2b::validate(&body, stored, &open2b::Context::default());
            if outcome.is_refused()
                && let Some(error) = Open2bError::from_envelope(&outcome.response.body)
            {
                return Err(Error::Predicted {
                    rejection: Rejection::Open2b(error),
                    outcome: Box::new(outcome),
                });
            }
        }
        let result = transport::with_retries(
            &self.options.retry,
            (
                "open2b.update-customer",
                "POST",
                "/api/v10/storefront.update-customer",
            ),
            || {
                self.api
                    .open2b_update_customer()
                    .x_customer_key(key)
                    .body(request.clone())
                    .send()
            },
        )
        .await;
        match result.map(ResponseValue::into_inner) {
            Ok(types::Open2bUpdateCustomerResponse::Ok(_)) => Ok(()),
            Ok(types::Open2bUpdateCustomerResponse::ErrorEnvelope(envelope)) => {
                Err(rejected(&envelope))
            }
            Err(failure) => Err(failed(failure).await),
        }
    }
}

fn rejected(envelope: &types::Open2bErrorEnvelope) -> Error {
    Error::Rejected(Rejection::Open2b(Open2bError {
        field: envelope.error.field.clone(),
        kind: envelope.error.type_.clone(),
        description: envelope.error.description.clone(),
    }))
}

/// Open2b's refusals without JSON (403 for a missing or unknown key, 429) and the common failures.
async fn failed(failure: transport::Failure<ByteStream>) -> Error {
    match transport::common_failure(failure).await {
        Ok(error) => error,
        Err((_, answer)) => {
            let status = answer.status().as_u16();
            let text = read_text(answer.into_inner()).await;
            Error::Rejected(Rejection::Plain { status, text })
        }
    }
}

async fn read_text(body: ByteStream) -> String {
    use futures_util::StreamExt;
    let mut stream = body.into_inner();
    let mut bytes = Vec::new();
    while let Some(Ok(chunk)) = stream.next().await {
        bytes.extend_from_slice(&chunk);
    }
    transport::shortened(&String::from_utf8_lossy(&bytes))
}
