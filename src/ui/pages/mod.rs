//! One module per route.

pub mod about;
pub mod as_code;
pub mod fleet;
pub mod mappings;
pub mod monitor;
pub mod not_found;
pub mod preview;
pub mod setup;

