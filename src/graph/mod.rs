//! Transport: the only code that speaks HTTP.

pub mod app_config;
pub mod client;
pub mod directory;
pub mod groups;
pub mod monitor;
pub mod schema;
pub mod on_demand;
pub mod readiness;
pub mod setup;

#[cfg(test)]
mod documented;
