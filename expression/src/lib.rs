//! The expression language of Entra provisioning attribute mappings:
//! `FunctionName(arg, …)`, `[attribute]`, `"string"` (escape `\` and `"` with a backslash),
//! numbers, and in `IIF` conditions the comparisons `= <> > >= < <=`. Functions are
//! case-sensitive. Shared by the app (local checks with error positions) and the sandbox
//! (`parseExpression`), so both judge an expression the same way.

mod check;
mod eval;
mod functions;
mod parse;
pub mod addresses;
pub mod groups;
pub mod scope;
mod source;

pub use check::{check, ValueType};
pub use eval::{evaluate, EvalError, Value};
pub use functions::{catalog_function, catalog_functions, function, set_catalog, CatalogFunction, FunctionSpec, Param, FUNCTIONS, SERVICE_FUNCTIONS};
pub use parse::{parse, Expr, ParseError};
pub use source::{quote, source_text, to_source, to_text};

/// Longest expression the service accepts.
pub const MAX_LENGTH: usize = 10_000;
