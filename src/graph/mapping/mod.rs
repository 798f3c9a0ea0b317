//! Mapping transport: the schema (read, save, parse an expression) and who is assigned.

pub mod blast;
pub mod schema;
