//! `parseExpression`, `functions` and `filterOperators` of a job's schema, on the same parser and
//! evaluator the app uses.

use super::{body_object, GraphError, GraphRequest, GraphResult, Reply};
use axum::http::StatusCode;
use serde_json::{json, Value};
use tenant_bridge_expression::{check, evaluate, parse, to_source, FUNCTIONS};

/// `POST …/schema/parseExpression`.
pub fn parse_expression(r: &GraphRequest) -> GraphResult {
    let body = body_object(r)?;
    let text = body.get("expression").and_then(Value::as_str).ok_or_else(|| GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "The body needs an 'expression' string."))?;
    let failed = |code: &str, message: String, parsed: Value| {
        Reply::Json(StatusCode::OK, json!({
            "parsingSucceeded": parsed != Value::Null, "evaluationSucceeded": false, "evaluationResult": null,
            "error": { "code": code, "message": message, "target": "expression", "details": [] }, "parsedExpression": parsed,
        }))
    };
    let expr = match parse(text) {
        Ok(e) => e,
        Err(e) => return Ok(failed("ExpressionParsingFailed", e.to_string(), Value::Null)),
    };
    if let Err(e) = check(&expr) {
        return Ok(Reply::Json(StatusCode::OK, json!({
            "parsingSucceeded": false, "evaluationSucceeded": false, "evaluationResult": null,
            "error": { "code": "ExpressionParsingFailed", "message": e.to_string(), "target": "expression", "details": [] }, "parsedExpression": null,
        })));
    }
    let parsed = to_source(&expr);
    let properties: Vec<(String, tenant_bridge_expression::Value)> = body
        .get("testInputObject")
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_array)
        .map(|props| props.iter().filter_map(|p| Some((p["key"].as_str()?.to_string(), to_value(&p["value"])))).collect())
        .unwrap_or_default();
    let lookup = |name: &str| properties.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).unwrap_or(tenant_bridge_expression::Value::Null);
    match evaluate(&expr, &lookup) {
        Ok(v) => Ok(Reply::Json(StatusCode::OK, json!({
            "parsingSucceeded": true, "evaluationSucceeded": true, "evaluationResult": v.as_strings(), "error": null, "parsedExpression": parsed,
        }))),
        Err(e) => Ok(failed("ExpressionEvaluationFailed", e.to_string(), parsed)),
    }
}

fn to_value(v: &Value) -> tenant_bridge_expression::Value {
    use tenant_bridge_expression::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => n.as_i64().map(V::Int).unwrap_or_else(|| V::Str(n.to_string())),
        Value::String(s) => V::Str(s.clone()),
        Value::Array(a) => V::Multi(a.iter().map(|x| x.as_str().map(String::from).unwrap_or_else(|| x.to_string())).collect()),
        Value::Object(_) => V::Str(v.to_string()),
    }
}

/// Functions the live catalog lists beyond the documented ones (seen in the service's
/// `schema/functions` answer; undocumented, so their parameters here are the catalog's shape with
/// guessed names). The sandbox's checker accepts them (see `catalog`); its evaluator does not know
/// them, so `parseExpression` parses but cannot evaluate them.
pub fn undocumented_catalog() -> Value {
    json!([
        { "id": "DefaultDomain", "parameters": [] },
        { "id": "IsNothing", "parameters": [{ "name": "value", "type": "String", "required": true, "allowMultipleOccurrences": false }] },
    ])
}

/// Makes the undocumented catalog functions known to the shared checker (schema validation,
/// `parseExpression`), as the service knows them.
pub fn register_catalog() {
    let list = undocumented_catalog().as_array().map(|a| a.iter().filter_map(tenant_bridge_expression::CatalogFunction::from_json).collect()).unwrap_or_default();
    tenant_bridge_expression::set_catalog(list);
}

/// `GET …/schema/functions`: the documented functions and the undocumented ones the service lists.
pub fn functions() -> GraphResult {
    let mut value: Vec<Value> = FUNCTIONS
        .iter()
        .map(|f| json!({
            "id": f.name,
            "parameters": f.params.iter().enumerate().map(|(i, p)| json!({
                "name": p.name, "type": format!("{:?}", p.kind), "required": p.required,
                "allowMultipleOccurrences": f.variadic && i + 1 == f.params.len(),
            })).collect::<Vec<_>>(),
        }))
        .collect();
    value.extend(undocumented_catalog().as_array().cloned().unwrap_or_default());
    Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
}

/// `GET …/schema/filterOperators`. Only `EQUALS` is documented as an API name; the others use the
/// portal's labels (unverified spelling), which the app takes from this list rather than hard-coding.
pub fn filter_operators() -> GraphResult {
    let op = |name: &str, arity: &str, types: &[&str]| json!({ "name": name, "arity": arity, "multivaluedComparisonType": "All", "supportedAttributeTypes": types });
    let strings = ["String"];
    let value = vec![
        op("EQUALS", "Binary", &["String", "Integer", "Boolean"]),
        op("NOT EQUALS", "Binary", &["String", "Integer", "Boolean"]),
        op("IS TRUE", "Unary", &["Boolean"]),
        op("IS FALSE", "Unary", &["Boolean"]),
        op("IS NULL", "Unary", &["String", "Integer", "Boolean", "DateTime"]),
        op("IS NOT NULL", "Unary", &["String", "Integer", "Boolean", "DateTime"]),
        op("REGEX MATCH", "Binary", &strings),
        op("NOT REGEX MATCH", "Binary", &strings),
        op("Greater_Than", "Binary", &["Integer"]),
        op("Greater_Than_OR_EQUALS", "Binary", &["Integer"]),
        op("Includes", "Binary", &strings),
        op("ENDS_WITH", "Binary", &strings),
        op("&", "Binary", &["Integer"]),
        op("!&", "Binary", &["Integer"]),
    ];
    Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
}
