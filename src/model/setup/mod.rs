//! The setup journey: readiness, the plan and its apply, the wizard's pages, group eligibility.

pub mod apply;
pub mod directory;
pub mod draft;
pub mod gate;
pub mod groups;
pub mod journey;
pub mod plan;
pub mod readiness;
pub mod roles;
