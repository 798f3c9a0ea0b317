//! JSON batching: requests grouped into batches of at most 20, keeping every `dependsOn` chain in
//! one batch (Graph cannot depend across batches), and answers mapped back by id.

use crate::model::error::{AppError, ErrorKind};
use crate::model::setup::readiness::Lookup;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Graph's limit on requests in one batch.
pub const MAX_BATCH: usize = 20;

/// One request inside a batch; `url` is relative to the version, e.g. `/me`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRequest {
    pub id: String,
    pub method: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

impl BatchRequest {
    /// A GET without headers or dependencies.
    pub fn get(id: &str, url: impl Into<String>) -> BatchRequest {
        BatchRequest { id: id.into(), method: "GET".into(), url: url.into(), headers: None, body: None, depends_on: vec![] }
    }
}

/// One answer inside a batch response (answers may come in any order).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BatchResponse {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: Map<String, Value>,
    #[serde(default)]
    pub body: Value,
}

impl BatchResponse {
    /// The inner `Retry-After` in milliseconds, whatever the header's case: seconds, as a string
    /// or a number, a fraction (Microsoft's throttling example writes `2.128`) rounded up, as for
    /// a direct request ([`crate::model::retry::retry_after_ms`]).
    pub fn retry_after_ms(&self) -> Option<u32> {
        let (_, value) = self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))?;
        match value {
            Value::String(s) => crate::model::retry::retry_after_ms(s),
            Value::Number(n) => n.as_f64().and_then(|f| crate::model::retry::retry_after_ms(&f.to_string())),
            _ => None,
        }
    }

    /// The error a failed answer to a GET of `path` stands for, as a direct GET would have given it
    /// (Graph's code and message, status, request IDs).
    pub fn error(&self, path: &str) -> AppError {
        AppError::from_graph(self.status, &self.body.to_string(), "GET", path)
    }

    /// Whether the inner request is worth sending again (throttled or briefly unavailable, or its
    /// prerequisite was).
    pub fn is_transient(&self) -> bool {
        matches!(self.status, 429 | 503 | 504)
    }

    /// `Found` for 2xx, `Missing` for 404, otherwise the error's code and message.
    pub fn lookup<T: DeserializeOwned>(&self) -> Lookup<T> {
        match self.status {
            200..=299 => serde_json::from_value(self.body.clone()).map(Lookup::Found).unwrap_or_else(|e| Lookup::Unreadable(format!("unexpected answer: {e}"))),
            404 => Lookup::Missing,
            status => {
                let code = self.body["error"]["code"].as_str().unwrap_or("");
                let message = self.body["error"]["message"].as_str().unwrap_or("");
                Lookup::Unreadable(format!("HTTP {status} {code}: {message}").trim_end_matches([' ', ':']).to_string())
            }
        }
    }

    /// `value` of a collection answer.
    pub fn values<T: DeserializeOwned>(&self) -> Lookup<Vec<T>> {
        match self.lookup::<Value>() {
            Lookup::Found(v) => serde_json::from_value(v["value"].clone()).map(Lookup::Found).unwrap_or_else(|e| Lookup::Unreadable(format!("unexpected answer: {e}"))),
            Lookup::Missing => Lookup::Missing,
            Lookup::Unreadable(e) => Lookup::Unreadable(e),
        }
    }
}

/// The answer with `id`, or a `Lookup` saying none came (after the client's retries).
pub fn answer<T>(all: &[BatchResponse], id: &str, read: impl Fn(&BatchResponse) -> Lookup<T>) -> Lookup<T> {
    all.iter()
        .find(|r| r.id == id)
        .map(read)
        .unwrap_or_else(|| Lookup::Unreadable("no answer from Microsoft Graph (throttled repeatedly); try again".into()))
}

/// The answer `id` read as `T` from `part` of its body, or the error a direct GET of `path` (with
/// its version, `/v1.0/me`) would have given: Graph's own for a failed item (code, status, request
/// IDs: what the error view and support need), "no answer" for one still throttled after the
/// client's retries, "unexpected shape" for a body that does not parse. [`answer`] gives the same
/// as a [`Lookup`] (a 404 apart, a string for an error) where only the text is kept.
pub fn answered<T: DeserializeOwned>(all: &[BatchResponse], id: &str, path: &str, part: impl Fn(&BatchResponse) -> Value) -> Result<T, AppError> {
    match all.iter().find(|a| a.id == id) {
        Some(a) if (200..300).contains(&a.status) => serde_json::from_value(part(a)).map_err(|e| AppError::unexpected_shape(e, "GET", path)),
        Some(a) => Err(a.error(path)),
        None => Err(AppError::new(ErrorKind::Graph, "no_answer", "Microsoft Graph did not answer this read (throttled repeatedly). Wait a minute and reload the page.").at("GET", path)),
    }
}

/// Splits requests into batches of at most [`MAX_BATCH`], each dependency chain whole and in
/// order. Fails when one chain alone is longer than a batch or names an unknown id.
pub fn split(requests: Vec<BatchRequest>) -> Result<Vec<Vec<BatchRequest>>, String> {
    // Union the requests linked by dependsOn into groups (indices), keeping the original order.
    let n = requests.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn find(group: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while group[r] != r {
            r = group[r];
        }
        group[i] = r;
        r
    }
    for (i, r) in requests.iter().enumerate() {
        for dep in &r.depends_on {
            let j = requests[..i].iter().position(|o| &o.id == dep).ok_or_else(|| format!("request '{}' depends on '{dep}', which does not come before it", r.id))?;
            let (a, b) = (find(&mut group, i), find(&mut group, j));
            group[a] = b;
        }
    }
    let mut groups: Vec<(usize, Vec<BatchRequest>)> = Vec::new();
    for (i, r) in requests.into_iter().enumerate() {
        let root = find(&mut group, i);
        match groups.iter_mut().find(|(g, _)| *g == root) {
            Some((_, members)) => members.push(r),
            None => groups.push((root, vec![r])),
        }
    }
    let mut batches: Vec<Vec<BatchRequest>> = Vec::new();
    for (_, members) in groups {
        if members.len() > MAX_BATCH {
            return Err(format!("a chain of {} dependent requests does not fit in one batch of {MAX_BATCH}", members.len()));
        }
        match batches.last_mut() {
            Some(last) if last.len() + members.len() <= MAX_BATCH => last.extend(members),
            _ => batches.push(members),
        }
    }
    Ok(batches)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: &str, deps: &[&str]) -> BatchRequest {
        BatchRequest { depends_on: deps.iter().map(|d| d.to_string()).collect(), ..BatchRequest::get(id, "/me") }
    }

    #[test]
    fn forty_five_independent_requests_make_three_batches() {
        let batches = split((0..45).map(|i| req(&i.to_string(), &[])).collect()).unwrap();
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(batches[2][4].id, "44");
    }

    #[test]
    fn a_dependency_chain_is_never_cut_between_batches() {
        let mut requests: Vec<BatchRequest> = (0..19).map(|i| req(&format!("x{i}"), &[])).collect();
        requests.push(req("a", &[]));
        requests.push(req("b", &["a"]));
        let batches = split(requests).unwrap();
        let holding = |id: &str| batches.iter().position(|b| b.iter().any(|r| r.id == id)).unwrap();
        assert_eq!(holding("a"), holding("b"));
        assert!(batches.iter().all(|b| b.len() <= MAX_BATCH));
        let b = &batches[holding("a")];
        assert!(b.iter().position(|r| r.id == "a") < b.iter().position(|r| r.id == "b"));
    }

    #[test]
    fn an_unknown_or_later_dependency_and_an_oversized_chain_are_refused() {
        assert!(split(vec![req("a", &["zzz"])]).is_err());
        assert!(split(vec![req("a", &["b"]), req("b", &[])]).is_err());
        let chain: Vec<BatchRequest> = (0..21).map(|i| if i == 0 { req("0", &[]) } else { req(&i.to_string(), &[&(i - 1).to_string()]) }).collect();
        assert!(split(chain).is_err());
    }

    #[test]
    fn requests_serialise_as_graph_expects() {
        let v = serde_json::to_value(req("2", &["1"])).unwrap();
        assert_eq!(v, serde_json::json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"] }));
    }

    #[test]
    fn answers_become_results_with_the_errors_a_direct_get_gives() {
        let all: Vec<BatchResponse> = serde_json::from_value(serde_json::json!([
            { "id": "me", "status": 200, "body": { "id": "u1", "displayName": "Ada" } },
            { "id": "org", "status": 200, "body": { "value": "not a list" } },
            { "id": "roles", "status": 403, "body": { "error": { "code": "Authorization_RequestDenied", "message": "Insufficient privileges.", "innerError": { "request-id": "r-1", "client-request-id": "c-1" } } } },
            { "id": "jobs", "status": 404, "body": { "error": { "code": "ResourceNotFound", "message": "Not found." } } }
        ]))
        .unwrap();
        let me: Value = answered(&all, "me", "/v1.0/me", |a| a.body.clone()).unwrap();
        assert_eq!(me["displayName"], "Ada");

        let shape = answered::<Vec<Value>>(&all, "org", "/v1.0/organization", |a| a.body["value"].clone()).unwrap_err();
        assert_eq!((shape.code.as_str(), shape.kind), ("unexpected_response", ErrorKind::Decode));
        assert!(shape.message.starts_with("Microsoft Graph answered in an unexpected shape: "), "{}", shape.message);
        assert_eq!((shape.method.as_str(), shape.path.as_str()), ("GET", "/v1.0/organization"));

        // The item's own error, whole: what the error view shows and support asks for.
        let denied = answered::<Value>(&all, "roles", "/v1.0/roles", |a| a.body.clone()).unwrap_err();
        assert_eq!((denied.code.as_str(), denied.status), ("Authorization_RequestDenied", Some(403)));
        assert_eq!((denied.request_id.as_deref(), denied.client_request_id.as_deref()), (Some("r-1"), Some("c-1")));
        assert_eq!(answered::<Value>(&all, "jobs", "/beta/x", |a| a.body.clone()).unwrap_err().status, Some(404));

        // Still throttled after the client's retries: no item at all.
        let none = answered::<Value>(&all, "absent", "/v1.0/absent", |a| a.body.clone()).unwrap_err();
        assert_eq!((none.code.as_str(), none.path.as_str()), ("no_answer", "/v1.0/absent"));
        assert!(none.message.contains("Wait a minute"), "{}", none.message);
    }

    #[test]
    fn answers_become_lookups() {
        let ok: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "1", "status": 200, "body": { "value": [{ "id": "a" }] } })).unwrap();
        assert!(matches!(ok.values::<Value>(), Lookup::Found(v) if v.len() == 1));
        let missing: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "2", "status": 404, "body": {} })).unwrap();
        assert_eq!(missing.lookup::<Value>(), Lookup::Missing);
        let denied: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "3", "status": 403, "body": { "error": { "code": "Authorization_RequestDenied", "message": "Insufficient privileges." } } })).unwrap();
        assert_eq!(denied.lookup::<Value>(), Lookup::Unreadable("HTTP 403 Authorization_RequestDenied: Insufficient privileges.".into()));
        let throttled: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "4", "status": 429, "headers": { "Retry-After": "7" } })).unwrap();
        assert!(throttled.is_transient());
        assert_eq!(throttled.retry_after_ms(), Some(7_000));
        let fraction: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "5", "status": 429, "headers": { "retry-after": "2.128" } })).unwrap();
        assert_eq!(fraction.retry_after_ms(), Some(2_128), "Microsoft's example is waited out in full");
        let number: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "6", "status": 503, "headers": { "Retry-After": 3 } })).unwrap();
        assert_eq!(number.retry_after_ms(), Some(3_000));
        let none: BatchResponse = serde_json::from_value(serde_json::json!({ "id": "7", "status": 429, "headers": { "Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT" } })).unwrap();
        assert_eq!(none.retry_after_ms(), None, "the HTTP-date form falls back to the client's own wait");
    }
}
