//! Expressions as Graph's `attributeMappingSource` objects, and back to text.

use crate::functions::function;
use crate::parse::Expr;
use serde_json::{json, Value};

/// A string literal as the language writes it: quoted, `\` and `"` escaped.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The canonical text of an expression (empty argument slots kept).
pub fn to_text(e: &Expr) -> String {
    match e {
        Expr::Attribute(name) => format!("[{name}]"),
        Expr::Literal(s) => quote(s),
        Expr::Number(n) => n.to_string(),
        Expr::Compare { op, left, right } => format!("{}{op}{}", to_text(left), to_text(right)),
        Expr::Call { name, args, .. } => {
            let args: Vec<String> = args.iter().map(|a| a.as_ref().map(to_text).unwrap_or_default()).collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

/// An expression as an `attributeMappingSource`: `type` Attribute, Constant or Function, its
/// `expression` text, and for a function its arguments keyed by the function's parameter names.
pub fn to_source(e: &Expr) -> Value {
    match e {
        Expr::Attribute(name) => json!({ "type": "Attribute", "name": name, "expression": to_text(e), "parameters": [] }),
        Expr::Literal(s) => json!({ "type": "Constant", "name": s, "expression": to_text(e), "parameters": [] }),
        Expr::Number(n) => json!({ "type": "Constant", "name": n.to_string(), "expression": to_text(e), "parameters": [] }),
        Expr::Compare { op, left, right } => json!({ "type": "Function", "name": op, "expression": to_text(e), "parameters": [
            { "key": "left", "value": to_source(left) }, { "key": "right", "value": to_source(right) } ] }),
        Expr::Call { name, args, .. } => {
            let spec = function(name);
            let parameters: Vec<Value> = args
                .iter()
                .enumerate()
                .filter_map(|(i, a)| {
                    let key = spec.and_then(|s| s.params.get(i).or(s.params.last())).map(|p| p.name).unwrap_or("source");
                    a.as_ref().map(|a| json!({ "key": key, "value": to_source(a) }))
                })
                .collect();
            json!({ "type": "Function", "name": name, "expression": to_text(e), "parameters": parameters })
        }
    }
}

/// The expression text of an `attributeMappingSource`: its `expression` when present, else
/// rebuilt from `type`, `name` and `parameters` (Graph output sometimes leaves it empty).
pub fn source_text(source: &Value) -> String {
    if let Some(text) = source["expression"].as_str().filter(|t| !t.trim().is_empty()) {
        return text.to_string();
    }
    let name = source["name"].as_str().unwrap_or_default();
    match source["type"].as_str().unwrap_or_default() {
        "Attribute" => format!("[{name}]"),
        "Constant" => quote(name),
        _ => {
            let args: Vec<String> = source["parameters"].as_array().into_iter().flatten().map(|p| source_text(&p["value"])).collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn the_documented_append_example_becomes_the_documented_source() {
        let s = to_source(&parse(r#"Append([displayName], " (Contoso)")"#).unwrap());
        assert_eq!(s["type"], "Function");
        assert_eq!(s["expression"], r#"Append([displayName], " (Contoso)")"#);
        assert_eq!(s["parameters"][0]["key"], "source");
        assert_eq!(s["parameters"][0]["value"]["expression"], "[displayName]");
        assert_eq!(s["parameters"][1]["key"], "suffix");
        assert_eq!(s["parameters"][1]["value"]["name"], " (Contoso)");
    }

    #[test]
    fn text_round_trips_with_escapes_and_empty_slots() {
        for text in [r#"Replace([mail], , "@.*", , "", , )"#, r#"Append([a], "say \"hi\" \\ bye")"#, r#"IIF([country]="USA", [country], "other")"#] {
            let printed = to_text(&parse(text).unwrap());
            assert_eq!(to_text(&parse(&printed).unwrap()), printed, "{text}");
        }
        assert_eq!(to_text(&parse(r#"Append([a],"x")"#).unwrap()), r#"Append([a], "x")"#);
    }

    #[test]
    fn source_text_prefers_the_expression_and_rebuilds_otherwise() {
        assert_eq!(source_text(&json!({ "type": "Attribute", "name": "mail", "expression": "[mail]" })), "[mail]");
        assert_eq!(source_text(&json!({ "type": "Constant", "name": "Member", "expression": "" })), "\"Member\"");
        let f = json!({ "type": "Function", "name": "Not", "parameters": [{ "key": "source", "value": { "type": "Attribute", "name": "IsSoftDeleted" } }] });
        assert_eq!(source_text(&f), "Not([IsSoftDeleted])");
    }
}
