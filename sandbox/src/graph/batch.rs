//! JSON batching: at most 20 requests, unique ids, `dependsOn` (a failed prerequisite makes its
//! dependants fail with 424), each inner request routed like a direct one.

use super::{body_object, parse_query, percent_decode, route, Caller, GraphError, GraphRequest, GraphResult, Reply};
use crate::state::Shared;
use crate::token::random_guid;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Graph's limit on requests per batch.
pub const MAX_BATCH: usize = 20;

pub fn run(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let body = body_object(r)?;
    let bad = |m: String| GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", m);
    let requests = body.get("requests").and_then(Value::as_array).ok_or_else(|| bad("The batch body needs a 'requests' array.".into()))?;
    if requests.is_empty() || requests.len() > MAX_BATCH {
        return Err(bad(format!("A batch must contain between 1 and {MAX_BATCH} requests; it contained {}.", requests.len())));
    }
    let mut seen = Vec::new();
    for req in requests {
        let id = req.get("id").and_then(Value::as_str).ok_or_else(|| bad("Every batch request needs a string 'id'.".into()))?;
        if seen.iter().any(|s: &String| s.eq_ignore_ascii_case(id)) {
            return Err(bad(format!("Batch request id '{id}' is used more than once.")));
        }
        seen.push(id.to_string());
    }
    let mut statuses: HashMap<String, u16> = HashMap::new();
    let mut responses = Vec::new();
    let version = if r.version == super::Version::Beta { "beta" } else { "v1.0" };
    for req in requests {
        let id = req["id"].as_str().expect("checked").to_string();
        let depends: Vec<String> = req.get("dependsOn").and_then(Value::as_array).map(|a| a.iter().filter_map(|d| d.as_str().map(String::from)).collect()).unwrap_or_default();
        let method = req.get("method").and_then(Value::as_str).unwrap_or("GET").to_ascii_uppercase();
        let item_path = format!("/{version}{}", req.get("url").and_then(Value::as_str).unwrap_or(""));
        let mut retry_after = None;
        let mut fault = None;
        let (status, body) = if let Some(dep) = depends.iter().find(|d| statuses.get(d.as_str()).is_none_or(|st| *st >= 400)) {
            let e = GraphError::new(StatusCode::FAILED_DEPENDENCY, "BadRequest", format!("Failed dependency: request '{dep}' failed or did not run."));
            (424, e.body(&random_guid(), None))
        } else {
            let item_body = req.get("body").map(Value::to_string).unwrap_or_default();
            // Refused when the rule is set (control.rs): an item has no connection to cut or delay.
            match crate::control::pick_fault(s, &method, &item_path, &item_body, true).as_ref().and_then(crate::control::fault_answer) {
                None => inner(s, caller, r, req),
                Some(answer) => {
                    if answer.applied {
                        let _ = inner(s, caller, r, req);
                    }
                    retry_after = answer.retry_after;
                    fault = Some(answer.mark);
                    (answer.status.as_u16(), answer.body)
                }
            }
        };
        statuses.insert(id.clone(), status);
        s.world.lock().unwrap().log.push(crate::state::LoggedRequest {
            at_ms: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0),
            time: crate::clock::iso8601(crate::clock::now()),
            method,
            path: item_path,
            status,
            token_tenant: Some(caller.claims.tid.clone()),
            origin: None,
            in_batch: Some(format!("/{version}/$batch")),
            fault,
        });
        let mut response = json!({ "id": id, "status": status, "headers": { "Content-Type": "application/json" } });
        if let Some(after) = retry_after {
            // As a direct answer carries it, in the item's headers.
            response["headers"]["Retry-After"] = json!(format!("{after}"));
        }
        if !body.is_null() {
            response["body"] = body;
        }
        responses.push(response);
    }
    Ok(Reply::Json(StatusCode::OK, json!({ "responses": responses })))
}

/// Runs one inner request through the normal router with the batch's token.
fn inner(s: &Shared, caller: &Caller, outer: &GraphRequest, req: &Value) -> (u16, Value) {
    let method = req.get("method").and_then(Value::as_str).unwrap_or("GET").to_ascii_uppercase().parse::<Method>().unwrap_or(Method::GET);
    let url = req.get("url").and_then(Value::as_str).unwrap_or("");
    if url.starts_with("http") || !url.starts_with('/') {
        let e = GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "Batch request URLs must be relative, like /me.");
        return (400, e.body(&random_guid(), None));
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut headers = HeaderMap::new();
    if let Some(h) = req.get("headers").and_then(Value::as_object) {
        for (k, v) in h {
            if let (Ok(name), Some(Ok(value))) = (k.parse::<axum::http::HeaderName>(), v.as_str().map(HeaderValue::from_str)) {
                headers.insert(name, value);
            }
        }
    }
    let body = req.get("body").map(|b| Bytes::from(b.to_string())).unwrap_or_default();
    let request = GraphRequest {
        version: outer.version,
        method,
        segments: path.split('/').filter(|p| !p.is_empty()).map(percent_decode).collect(),
        query: parse_query(query),
        headers,
        body,
        base: outer.base.clone(),
    };
    match route(s, caller, &request) {
        Ok(Reply::Json(status, v)) => (status.as_u16(), v),
        Ok(Reply::NoContent) => (204, Value::Null),
        Err(e) => (e.status.as_u16(), e.body(&random_guid(), None)),
    }
}
