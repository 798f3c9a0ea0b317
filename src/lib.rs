//! Tenant Bridge: set up and watch Microsoft Entra cross-tenant synchronization.
//!
//! Three layers: [`model`] is pure Rust (tested natively), [`graph`] is the only code that speaks
//! HTTP, and [`ui`] holds the Leptos pages and components that read signals and call the other two.

pub mod auth;
pub mod graph;
pub mod model;
pub mod ui;
