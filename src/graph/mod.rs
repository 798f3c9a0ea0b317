//! Transport: the only code that speaks HTTP.

pub mod app_config;
