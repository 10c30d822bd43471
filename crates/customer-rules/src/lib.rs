#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The rules run inside servers and browsers on untrusted input: no code path may panic.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(feature = "corpus")]
pub mod corpus;
pub mod forms;
pub mod http;
#[cfg(feature = "magento")]
pub mod magento;
#[cfg(feature = "open2b")]
pub mod open2b;
pub mod outcome;
pub mod patch;
pub mod secret;

pub use forms::{FieldErrors, PathSegment};
pub use http::HttpRequest;
pub use outcome::{MAX_VIOLATIONS, Outcome, ShopResponse, Violation};
pub use patch::Patch;
