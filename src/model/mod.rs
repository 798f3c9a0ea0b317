//! Pure domain logic: no web-sys, no HTTP. Everything here is tested with native `#[test]`s.

pub mod audit;
pub mod batch;
pub mod chart;
pub mod config;
pub mod directory;
pub mod error;
pub mod explain;
pub mod gate;
pub mod groups;
pub mod session;
pub mod timeline;
pub mod job;
pub mod journey;
pub mod lint;
pub mod log_stats;
pub mod mapping;
pub mod on_demand;
pub mod paging;
pub mod permissions;
pub mod plan;
pub mod provisioning;
pub mod readiness;
pub mod retry;
pub mod roles;
pub mod schema_diff;
pub mod tenant;
