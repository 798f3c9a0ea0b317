//! Setup transport: readiness reads, the plan's state reads and writes, group details.

pub mod apply;
pub mod groups;
pub mod readiness;
