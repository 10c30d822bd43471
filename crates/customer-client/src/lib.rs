#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The client generated from `openapi/customer-api.yaml`; see the crate documentation.
#[rustfmt::skip]
#[allow(missing_docs, unused_imports, unreachable_patterns, rust_2018_idioms)]
#[allow(clippy::all, clippy::restriction)]
mod generated;

pub use generated::{ByteStream, Client, ClientInfo, Error, ResponseValue, builder, types};
