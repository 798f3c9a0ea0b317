//! Monitor transport: configurations, job, provisioning and audit logs, provisioning on demand.

pub mod logs;
pub mod on_demand;
