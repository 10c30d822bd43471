//! The shop under hostile input, without credentials, under concurrent load and killed in the
//! middle of one: nothing stored changes unless an update is accepted, nothing acknowledged is
//! lost, and no answer is a 500 of the shop's own making.
//!
//! The loads are bounded for `cargo xtask test`; `cargo xtask soak` runs them longer through the
//! environment variables `SOAK_UPDATES` (updates of the concurrency test) and `SOAK_KILLS`
//! (kill-and-restart rounds of the crash test).

mod auth;
mod concurrency;
mod crash;
mod hostile;
mod support;
