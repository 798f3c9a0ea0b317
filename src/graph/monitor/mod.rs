//! Monitor transport: configurations, job, provisioning and audit logs, provisioning on demand.

pub mod fleet;
pub mod logs;
pub mod on_demand;
