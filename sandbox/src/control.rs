//! Control endpoints under `/_sandbox/`: reset, request log, token settings, state dump. They are
//! how tests and the demo steer the sandbox; the app never calls them.

use crate::clock::{iso8601, now};
use crate::state::{LoggedRequest, Shared, World};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Control routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/requests", get(requests).delete(clear_requests))
        .route("/_sandbox/token-lifetime", post(token_lifetime))
        .route("/_sandbox/revoke-refresh-tokens", post(revoke_refresh_tokens))
        .route("/_sandbox/state/{tenant}", get(dump))
}

async fn reset(State(s): State<Arc<Shared>>) -> StatusCode {
    let mut world = s.world.lock().unwrap();
    let lifetime = world.token_lifetime;
    *world = World::from_seed(&s.seed, lifetime);
    StatusCode::NO_CONTENT
}

async fn requests(State(s): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({ "value": s.world.lock().unwrap().log }))
}

async fn clear_requests(State(s): State<Arc<Shared>>) -> StatusCode {
    s.world.lock().unwrap().log.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lifetime {
    seconds: u64,
}

async fn token_lifetime(State(s): State<Arc<Shared>>, Json(body): Json<Lifetime>) -> Response {
    if body.seconds == 0 || body.seconds > 86_400 {
        return (StatusCode::BAD_REQUEST, "seconds must be between 1 and 86400").into_response();
    }
    s.world.lock().unwrap().token_lifetime = body.seconds;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Revoke {
    #[serde(default)]
    tenant_id: Option<String>,
}

/// Revokes every refresh token (of one tenant when `tenantId` is given), as an admin's
/// "revoke sessions" would.
async fn revoke_refresh_tokens(State(s): State<Arc<Shared>>, body: Option<Json<Revoke>>) -> Json<Value> {
    let tenant = body.and_then(|b| b.0.tenant_id);
    let mut world = s.world.lock().unwrap();
    let mut count = 0;
    for grant in world.refresh_tokens.values_mut() {
        if tenant.as_ref().is_none_or(|t| t.eq_ignore_ascii_case(&grant.tenant_id)) && !grant.revoked {
            grant.revoked = true;
            count += 1;
        }
    }
    Json(json!({ "revoked": count }))
}

async fn dump(State(s): State<Arc<Shared>>, Path(tenant): Path<String>) -> Response {
    let world = s.world.lock().unwrap();
    let Some(t) = world.tenant(&tenant) else { return (StatusCode::NOT_FOUND, "no such tenant").into_response() };
    Json(json!({
        "id": t.seed.id,
        "displayName": t.seed.display_name,
        "domains": t.seed.domains,
        "admins": t.seed.admins,
        "users": t.users.len(),
        "groups": t.seed.groups.len(),
        "refreshTokens": world.refresh_tokens.values().filter(|g| g.tenant_id == t.seed.id && !g.revoked && !g.rotated).count(),
    }))
    .into_response()
}

/// CORS as a browser needs it: preflights for PUT/PATCH and custom headers, and the origin echoed
/// with the response headers the app reads exposed.
pub async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let h = response.headers_mut();
        h.insert("access-control-allow-origin", origin.unwrap_or(HeaderValue::from_static("*")));
        h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"));
        h.insert(
            "access-control-allow-headers",
            HeaderValue::from_static("authorization, content-type, consistencylevel, client-request-id, prefer, return-client-request-id"),
        );
        h.insert("access-control-max-age", HeaderValue::from_static("3600"));
        return response;
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", origin.unwrap_or(HeaderValue::from_static("*")));
    h.insert("access-control-expose-headers", HeaderValue::from_static("request-id, client-request-id, retry-after, location, date"));
    response
}

/// Records every request except the control endpoints' own.
pub async fn log(State(s): State<Arc<Shared>>, request: Request<Body>, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    let origin = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(String::from);
    let token_tenant = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(token_tenant);
    let response = next.run(request).await;
    if !path.starts_with("/_sandbox/") && method != "OPTIONS" {
        s.world.lock().unwrap().log.push(LoggedRequest {
            time: iso8601(now()),
            method,
            path,
            status: response.status().as_u16(),
            token_tenant,
            origin,
        });
    }
    response
}

/// The `tid` claim of a JWT, read without verifying it (for the log only).
fn token_tenant(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok()?.get("tid")?.as_str().map(String::from)
}
