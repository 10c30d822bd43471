#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The client generated from `openapi/customer-api.yaml`; see the crate documentation.
#[rustfmt::skip]
#[allow(missing_docs, unused_imports, unreachable_patterns, rust_2018_idioms)]
#[allow(clippy::all, clippy::restriction)]
mod generated;

mod auth;
#[cfg(not(target_arch = "wasm32"))]
mod error;
#[cfg(not(target_arch = "wasm32"))]
mod magento;
#[cfg(not(target_arch = "wasm32"))]
mod magento_account;
#[cfg(not(target_arch = "wasm32"))]
mod open2b;
#[cfg(not(target_arch = "wasm32"))]
mod options;
#[cfg(not(target_arch = "wasm32"))]
mod transport;

/// The shops' rules the clients check updates with, and their models: the request and customer
/// types of both shops, `validate`, `merge` and `diff`.
pub use customer_rules;

#[cfg(not(target_arch = "wasm32"))]
pub use auth::IntegrationCredentials;
pub use auth::RequestSigner;
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};

/// The generated client's error type, for calls made on [`Client`] directly.
pub use generated::Error as GeneratedError;

#[cfg(not(target_arch = "wasm32"))]
pub use error::{Error, MagentoError, Open2bError, Rejection};
#[cfg(not(target_arch = "wasm32"))]
pub use magento::{MagentoClient, MagentoClientBuilder};
#[cfg(not(target_arch = "wasm32"))]
pub use magento_account::{MagentoAccountClient, MagentoAccountClientBuilder};
#[cfg(not(target_arch = "wasm32"))]
pub use open2b::{Open2bClient, Open2bClientBuilder};
#[cfg(not(target_arch = "wasm32"))]
pub use options::ClientOptions;
#[cfg(not(target_arch = "wasm32"))]
pub use transport::{RetryPolicy, Timeouts};
