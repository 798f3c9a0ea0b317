//! Tenant Bridge: set up and watch Microsoft Entra cross-tenant synchronization.
//!
//! Three layers: [`model`] is pure Rust (tested natively), [`graph`] is the only code that speaks
//! HTTP, and [`ui`] holds the Leptos pages and components that read signals and call the other two.

// `AppError` carries what an admin needs to act on a failure and to quote it to support (code,
// status, method, path, request and client-request IDs, date): it is large by design, errors are rare,
// and boxing it would touch every fallible call for no measured gain.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod graph;
pub mod model;
pub mod ui;
