//! Monitor: job health, provisioning and audit logs, charts, explanations, on-demand results.

pub mod audit;
pub mod chart;
pub mod explain;
pub mod fleet;
pub mod job;
pub mod kusto;
pub mod log_stats;
pub mod on_demand;
pub mod provisioning;
pub mod timeline;
