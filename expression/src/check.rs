//! Type checker: function names and arities, argument types, IIF conditions, Switch pairs.

use crate::functions::function;
use crate::parse::{Expr, ParseError};

/// Types an expression can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    String,
    Boolean,
    Integer,
    DateTime,
    MultiString,
    /// Unknown or anything (attributes are untyped without a directory definition).
    Any,
}

fn compatible(expected: ValueType, actual: ValueType) -> bool {
    use ValueType::*;
    match (expected, actual) {
        (Any, _) | (_, Any) => true,
        (String, Integer | Boolean | DateTime) => true,
        (Integer, String) => false,
        (e, a) => e == a,
    }
}

/// Checks a parsed expression; returns its type or the first problem (with its position).
pub fn check(e: &Expr) -> Result<ValueType, ParseError> {
    match e {
        Expr::Attribute(_) => Ok(ValueType::Any),
        Expr::Literal(_) => Ok(ValueType::String),
        Expr::Number(_) => Ok(ValueType::Integer),
        Expr::Compare { left, right, .. } => {
            check(left)?;
            check(right)?;
            Ok(ValueType::Boolean)
        }
        Expr::Call { name, args, at } => {
            let err = |message: String| ParseError { position: *at, message };
            let Some(spec) = function(name) else {
                if let Some(c) = crate::functions::catalog_function(name) {
                    let required = c.params.iter().filter(|p| p.1).count();
                    let repeats = c.params.last().is_some_and(|p| p.2);
                    let given = args.len();
                    if given < required || (!repeats && given > c.params.len()) {
                        return Err(err(format!("{name} takes {} argument(s) per the service's catalog, got {given}: {}", if repeats { format!("at least {required}") } else if required == c.params.len() { required.to_string() } else { format!("{required} to {}", c.params.len()) }, c.signature())));
                    }
                    for a in args.iter().flatten() {
                        check(a)?;
                    }
                    return Ok(ValueType::Any);
                }
                let hint = crate::functions::FUNCTIONS.iter().find(|f| f.name.eq_ignore_ascii_case(name)).map(|f| format!(" (functions are case-sensitive: did you mean {}?)", f.name)).unwrap_or_default();
                return Err(err(format!("'{name}' is not a known function{hint}")));
            };
            if spec.name == "Switch" && (args.len() < 4 || args.len() % 2 != 0) {
                return Err(err(format!("Switch needs a source, a default value, then key and value pairs: {}", spec.signature())));
            }
            let required = spec.params.iter().filter(|p| p.required).count();
            let given = args.len();
            if given < required.min(spec.params.len()) && !(spec.variadic && given >= required) {
                return Err(err(format!("{} needs at least {required} argument(s), got {given}: {}", spec.name, spec.signature())));
            }
            if !spec.variadic && given > spec.params.len() {
                return Err(err(format!("{} takes at most {} argument(s), got {given}: {}", spec.name, spec.params.len(), spec.signature())));
            }
            for (i, arg) in args.iter().enumerate() {
                let param = spec.params.get(i).or(spec.params.last()).expect("functions with arguments have parameters");
                match arg {
                    None if param.required && !(spec.variadic && i >= spec.params.len() - 1) => {
                        return Err(err(format!("{}: argument {} ({}) is required", spec.name, i + 1, param.name)));
                    }
                    None => {}
                    Some(a) => {
                        if matches!(a, Expr::Compare { .. }) && spec.name != "IIF" {
                            return Err(err(format!("{}: comparisons are only allowed as the condition of IIF", spec.name)));
                        }
                        let actual = check(a)?;
                        if !compatible(param.kind, actual) {
                            return Err(err(format!("{}: argument {} ({}) must be {:?}, not {:?}", spec.name, i + 1, param.name, param.kind, actual)));
                        }
                    }
                }
            }
            if let Some((i, missing)) = spec.params.iter().enumerate().skip(given).find(|(_, p)| p.required) {
                if !(spec.variadic && i + 1 == spec.params.len() && given >= required) {
                    return Err(err(format!("{} needs at least {} argument(s), got {given}: argument {} ({}) is missing: {}", spec.name, i + 1, i + 1, missing.name, spec.signature())));
                }
            }
            Ok(spec.returns)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn ok(text: &str) -> ValueType {
        check(&parse(text).unwrap()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn bad(text: &str) -> String {
        check(&parse(text).unwrap()).unwrap_err().message
    }

    #[test]
    fn documented_examples_check() {
        assert_eq!(ok(r#"Join(" ", [givenName], [surname])"#), ValueType::String);
        assert_eq!(ok(r#"Append([displayName], " (Contoso)")"#), ValueType::String);
        assert_eq!(ok(r#"IIF([country]="USA", [country], [department])"#), ValueType::Any);
        assert_eq!(ok(r#"Switch([state], "Unknown", "NY", "New York", "CA", "California")"#), ValueType::Any);
        assert_eq!(ok(r#"Mid([displayName], 1, 3)"#), ValueType::String);
        assert_eq!(ok(r#"Replace([mail], , "@.*", , "", , )"#), ValueType::String);
        assert_eq!(ok(r#"Coalesce([mail], [userPrincipalName], "none")"#), ValueType::String);
        assert_eq!(ok("Guid()"), ValueType::String);
        assert_eq!(ok("Not(IsNull([manager]))"), ValueType::Boolean);
        assert_eq!(ok(r#"FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#), ValueType::String);
    }

    #[test]
    fn case_matters_and_the_right_spelling_is_suggested() {
        assert!(bad(r#"append([a], "x")"#).contains("did you mean Append"));
        assert!(bad("Frobnicate([a])").contains("not a known function"));
    }

    #[test]
    fn arity_and_types_are_checked() {
        assert!(bad("Append([a])").contains("at least 2"));
        assert!(bad(r#"ToLower([a], "en", "x")"#).contains("at most 2"));
        assert!(bad(r#"Left([a], "three")"#).contains("must be Integer"));
        assert!(bad(r#"Switch([a], "d", "k")"#).contains("key and value pairs"));
        assert!(bad(r#"Append([a]="x", "y")"#).contains("only allowed as the condition of IIF"));
        assert!(bad(r#"Not("yes")"#).contains("must be Boolean"));
    }
}

#[cfg(test)]
mod catalog_tests {
    use crate::{check, parse, set_catalog, CatalogFunction};

    #[test]
    fn a_function_the_service_catalog_lists_is_accepted_with_its_arity() {
        let bad = |t: &str| check(&parse(t).unwrap()).map_err(|e| e.message).err();
        assert!(bad("ZzCatalogOnly([a])").unwrap().contains("not a known function"));
        let catalog: serde_json::Value = serde_json::json!({ "value": [
            { "id": "ZzCatalogOnly", "parameters": [{ "name": "value", "type": "String", "required": true, "allowMultipleOccurrences": false }] },
            { "id": "ZzNoArgs", "parameters": [] },
            { "id": "Append", "parameters": [] }
        ]});
        set_catalog(catalog["value"].as_array().unwrap().iter().filter_map(CatalogFunction::from_json).collect());
        assert_eq!(bad("ZzCatalogOnly([a])"), None);
        assert_eq!(bad("ZzNoArgs()"), None);
        assert!(bad("ZzCatalogOnly()").unwrap().contains("per the service's catalog"));
        assert!(bad("ZzNoArgs([x])").unwrap().contains("per the service's catalog"));
        // A documented function keeps its documented signature whatever the catalog says.
        assert!(bad("Append([a])").is_some());
    }
}
