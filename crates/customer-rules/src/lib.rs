#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod http;
pub mod outcome;
pub mod patch;

pub use http::HttpRequest;
pub use outcome::{Outcome, ShopResponse, Violation};
pub use patch::Patch;
