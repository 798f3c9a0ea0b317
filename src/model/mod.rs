//! Pure domain logic: no web-sys, no HTTP. Everything here is tested with native `#[test]`s.

pub mod config;
pub mod journey;
pub mod tenant;
