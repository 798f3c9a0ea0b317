//! Emulated Microsoft Graph (v1.0 and beta). One dispatcher matches method and path segments so
//! unknown paths and wrong methods get Graph-shaped 400/404/405 errors.

pub(crate) mod application;
mod audit;
mod batch;
mod directory;
mod directory_objects;
mod expressions;
pub use expressions::register_catalog;
mod policy;
mod synchronization;

use crate::clock::{iso8601, now};
use crate::roles;
use crate::state::Shared;
use crate::token::{random_guid, Claims, TokenError};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Graph routes under `/v1.0` and `/beta`.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/{version}/{*path}", any(dispatch))
}

/// API version of a request; some properties exist only in beta.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    Beta,
}

/// One Graph request, parsed.
pub struct GraphRequest {
    pub version: Version,
    pub method: Method,
    pub segments: Vec<String>,
    pub query: HashMap<String, String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The sandbox's own base URL, for absolute `@odata.nextLink`s as Graph gives them.
    pub base: String,
}

/// A Graph error: status, code and message; rendered with innerError (request-id, date).
#[derive(Debug)]
pub struct GraphError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// `Retry-After` seconds, for 429 and 503.
    pub retry_after: Option<u64>,
}

impl GraphError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> GraphError {
        GraphError { status, code, message: message.into(), retry_after: None }
    }

    /// Adds a `Retry-After` header (seconds).
    pub fn retry_after(mut self, seconds: u64) -> GraphError {
        self.retry_after = Some(seconds);
        self
    }

    /// The answer for a path Graph does not have.
    pub fn no_segment(segment: &str) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", format!("Resource not found for the segment '{segment}'."))
    }

    /// The answer for a known path with a method it does not support.
    pub fn method_not_allowed() -> GraphError {
        GraphError::new(StatusCode::METHOD_NOT_ALLOWED, "Request_BadRequest", "The requested HTTP method is not supported on this resource.")
    }

    /// Graph's error body for this error.
    pub fn body(&self, request_id: &str, client_request_id: Option<&str>) -> Value {
        json!({ "error": {
            "code": self.code,
            "message": self.message,
            "innerError": {
                "date": iso8601(now()).trim_end_matches('Z'),
                "request-id": request_id,
                "client-request-id": client_request_id.unwrap_or(request_id),
            }
        }})
    }

    fn into_response_with(self, client_request_id: Option<&str>) -> Response {
        let request_id = random_guid();
        let body = json!({ "error": {
            "code": self.code,
            "message": self.message,
            "innerError": {
                "date": iso8601(now()).trim_end_matches('Z'),
                "request-id": request_id,
                "client-request-id": client_request_id.unwrap_or(&request_id),
            }
        }});
        let mut response = (self.status, Json(body)).into_response();
        response.headers_mut().insert("request-id", request_id.parse().expect("guid"));
        if let Some(s) = self.retry_after {
            response.headers_mut().insert("retry-after", s.to_string().parse().expect("digits"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert("www-authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\"".parse().expect("static"));
        }
        response
    }
}

/// A successful Graph answer.
pub enum Reply {
    Json(StatusCode, Value),
    NoContent,
}

pub type GraphResult = Result<Reply, GraphError>;

/// Who is calling: the verified token's claims and the tenant index they belong to.
pub struct Caller {
    pub claims: Claims,
}

impl Caller {
    /// True when the token carries every scope of one of `alternatives`.
    pub fn has_scopes(&self, alternatives: &[&[&str]]) -> bool {
        let granted: Vec<&str> = self.claims.scp.split_whitespace().collect();
        alternatives.iter().any(|alt| alt.iter().all(|s| granted.iter().any(|g| g.eq_ignore_ascii_case(s))))
    }

    /// Requires what the reference documents for a call: one set of its delegated scopes, and one
    /// of its directory roles where it names any (Global Administrator always passes).
    pub fn require(&self, p: &crate::permissions::Permission) -> Result<(), GraphError> {
        if !self.has_scopes(p.scopes) {
            let wanted = p.scopes.iter().map(|alt| alt.join(" and ")).collect::<Vec<_>>().join("; or ");
            return Err(GraphError::new(
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
                format!("Insufficient privileges to complete the operation. The token lacks the delegated permissions this call needs: {wanted}."),
            ));
        }
        if !p.roles.is_empty() && !self.claims.wids.iter().any(|w| w == roles::GLOBAL_ADMINISTRATOR || p.roles.contains(&w.as_str())) {
            return Err(GraphError::new(StatusCode::FORBIDDEN, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        }
        Ok(())
    }
}

/// Verifies the bearer token of a request.
fn authenticate(s: &Shared, headers: &HeaderMap) -> Result<Caller, GraphError> {
    let unauthorized = |m: &str| GraphError::new(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", m);
    let value = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = value.strip_prefix("Bearer ").ok_or_else(|| unauthorized("Access token is empty."))?;
    match s.signer.verify(token.trim(), now()) {
        Ok(claims) => {
            if s.world.lock().unwrap().tenant(&claims.tid).is_none() {
                return Err(unauthorized("The tenant of the access token is not known to this service."));
            }
            Ok(Caller { claims })
        }
        Err(TokenError::Expired) => Err(unauthorized("Lifetime validation failed, the token is expired.")),
        Err(TokenError::BadSignature) => Err(unauthorized("Access token validation failure. Invalid signature.")),
        Err(TokenError::Malformed) => Err(unauthorized("IDX14100: JWT is not well formed, there are no dots (.).")),
    }
}

async fn dispatch(
    State(s): State<Arc<Shared>>,
    Path((version, path)): Path<(String, String)>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let client_request_id = headers.get("client-request-id").and_then(|v| v.to_str().ok()).map(String::from);
    let version = match version.as_str() {
        "v1.0" => Version::V1,
        "beta" => Version::Beta,
        other => {
            return GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", format!("Invalid version: {other}"))
                .into_response_with(client_request_id.as_deref())
        }
    };
    let request = GraphRequest {
        version,
        method,
        segments: path.split('/').filter(|p| !p.is_empty()).map(percent_decode).collect(),
        query: parse_query(query.as_deref().unwrap_or("")),
        headers,
        body,
        base: s.base_url.clone(),
    };
    let result = authenticate(&s, &request.headers).and_then(|caller| route(&s, &caller, &request));
    let mut response = match result {
        Ok(Reply::Json(status, value)) => (status, Json(value)).into_response(),
        Ok(Reply::NoContent) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => return e.into_response_with(client_request_id.as_deref()),
    };
    response.headers_mut().insert("request-id", random_guid().parse().expect("guid"));
    if let Some(id) = client_request_id.and_then(|id| id.parse().ok()) {
        response.headers_mut().insert("client-request-id", id);
    }
    response
}

/// Routes one (possibly batched) request to its area.
pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let first = r.segments.first().map(String::as_str).unwrap_or("");
    match first {
        "me" | "organization" | "roleManagement" | "tenantRelationships" | "subscribedSkus" => directory::route(s, caller, r),
        "policies" if r.segments.get(1).map(String::as_str) == Some("crossTenantAccessPolicy") => policy::route(s, caller, r),
        "servicePrincipals" | "applicationTemplates" => application::route(s, caller, r),
        first if first.starts_with("applications(") => application::route(s, caller, r),
        "groups" | "users" | "contacts" => directory_objects::route(s, caller, r),
        "auditLogs" => audit::route(s, caller, r),
        "$batch" if r.method == Method::POST && r.segments.len() == 1 => batch::run(s, caller, r),
        other => Err(GraphError::no_segment(other)),
    }
}

/// The JSON object body of a write; malformed JSON is Graph's 400.
pub fn body_object(r: &GraphRequest) -> Result<serde_json::Map<String, Value>, GraphError> {
    match serde_json::from_slice::<Value>(&r.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "The request body must be a JSON object.")),
        Err(e) => Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", format!("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. ({e})"))),
    }
}

/// Decodes `%XX` escapes (Graph paths carry quoted function arguments).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=x%20y` → map; keys keep their `$`.
pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The argument of a Graph function segment: `name(key='value')` → `value`.
pub fn function_argument<'a>(segment: &'a str, name: &str, key: &str) -> Option<&'a str> {
    let inner = segment.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')?;
    let (k, v) = inner.split_once('=')?;
    (k.trim() == key).then(|| v.trim().trim_matches('\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_arguments_are_unquoted() {
        assert_eq!(function_argument("findTenantInformationByDomainName(domainName='contoso.com')", "findTenantInformationByDomainName", "domainName"), Some("contoso.com"));
        assert_eq!(function_argument("filterByCurrentUser(on='principal')", "filterByCurrentUser", "on"), Some("principal"));
        assert_eq!(function_argument("filterByCurrentUser(x='principal')", "filterByCurrentUser", "on"), None);
    }

    #[test]
    fn queries_decode_percent_escapes_and_plus() {
        let q = parse_query("%24filter=displayName%20eq%20%27A%27&%24top=5&x=a+b");
        assert_eq!(q["$filter"], "displayName eq 'A'");
        assert_eq!(q["$top"], "5");
        assert_eq!(q["x"], "a b");
    }
}
