//! WebAssembly bindings of [`customer_rules`], built into the `customer-rules` npm package by
//! `cargo xtask pkg` (see `pkg/README.md` for the JavaScript API).
//!
//! This crate only converts: JavaScript values in, the rules of `customer-rules` called, plain
//! JavaScript values out. Each function is exported under the name `<platform><Function>`
//! (`open2bValidate`, `magentoValidate`); the package's entry modules group them into one
//! namespace per platform (`open2b.validate`, `magento.validate`). The TypeScript declarations come from the Rust types (tsify), so they
//! cannot drift from what the functions accept and return.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod forms;
mod json_path;
#[cfg(feature = "magento")]
pub mod magento;
#[cfg(feature = "open2b")]
pub mod open2b;
