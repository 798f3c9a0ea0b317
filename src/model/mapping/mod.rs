//! The mapping editor: schema model, linter, diff, and what Graph resources hold.

pub mod blast;
pub mod graph_props;
pub mod lint;
pub mod schema;
pub mod schema_diff;
