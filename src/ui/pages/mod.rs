//! One module per route.

pub mod about;
pub mod mappings;
pub mod monitor;
pub mod not_found;
pub mod setup;

