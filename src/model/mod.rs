//! Pure domain logic: no web-sys, no HTTP. Everything here is tested with native `#[test]`s.
//! Grouped by feature as the UI and Graph layers are (setup, mapping, monitor); beside them the
//! shared session, configuration, error, retry, batch and paging rules.

pub mod as_code;
pub mod mapping;
pub mod monitor;
pub mod preview;
pub mod setup;

pub mod batch;
pub mod config;
pub mod configuration;
pub mod error;
pub mod graph_url;
pub mod nullable;
pub mod paging;
pub mod permissions;
pub mod retry;
pub mod session;
pub mod tenant;
