//! Control endpoints under `/_sandbox/`: reset, request log, token settings, state dump. They are
//! how tests and the demo steer the sandbox; the app never calls them.

use crate::clock::{iso8601, now};
use crate::state::{FaultEffect, FaultRule, LoggedRequest, Shared, World};
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
        .route("/_sandbox/faults", get(list_faults).put(set_faults).delete(clear_faults))
        .route("/_sandbox/token", post(mint_token))
        .route("/_sandbox/cycle", post(cycle))
        .route("/_sandbox/report-limit", post(report_limit))
        .route("/_sandbox/token-scope", post(token_scope))
        .route("/_sandbox/app-grant", post(app_grant))
        .route("/_sandbox/bulk-assign", post(bulk_assign))
        .route("/_sandbox/generate-events", post(generate_events))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BulkAssign {
    tenant_id: String,
    count: usize,
}

/// Adds `count` new users to the tenant and assigns them all to its first configuration (for
/// paging past 999 assignments). Answers the configuration's ID.
async fn bulk_assign(State(s): State<Arc<Shared>>, Json(body): Json<BulkAssign>) -> Response {
    if body.count == 0 || body.count > 20_000 {
        return (StatusCode::BAD_REQUEST, "count must be 1 to 20000").into_response();
    }
    let mut world = s.world.lock().unwrap();
    let Some(t) = world.tenant_mut(&body.tenant_id) else { return (StatusCode::NOT_FOUND, "no such tenant").into_response() };
    let domain = t.seed.domains.first().cloned().unwrap_or_default();
    if t.service_principals.is_empty() {
        return (StatusCode::CONFLICT, "the tenant has no configuration yet").into_response();
    }
    let start = t.users.len();
    for n in 0..body.count {
        let id = crate::token::random_guid();
        let name = format!("Bulk User {:05}", start + n);
        t.users.push(crate::seed::UserSeed {
            id: id.clone(),
            user_principal_name: format!("bulk{:05}@{domain}", start + n),
            display_name: name.clone(),
            mail: None,
            account_enabled: true,
            user_type: "Member".into(),
            department: None,
            employee_id: None,
            proxy_addresses: vec![],
            external_user_state: None,
            redeemed_as: None,
        });
        t.service_principals[0].assignments.push(crate::state::Assignment { id: crate::token::random_guid(), principal_id: id, principal_type: "User", principal_display_name: name, created: now() });
    }
    Json(json!({ "servicePrincipalId": t.service_principals[0].id, "assignments": t.service_principals[0].assignments.len() })).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenScope {
    mode: crate::state::TokenScopeMode,
}

/// How token responses state `scope` from now on: `normal`, `omit` or `lowercase` (until reset).
async fn token_scope(State(s): State<Arc<Shared>>, Json(body): Json<TokenScope>) -> StatusCode {
    s.world.lock().unwrap().token_scope = body.mode;
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppGrant {
    /// Tenant ID or domain.
    tenant_id: String,
    /// Graph permission names, without the resource prefix.
    scopes: Vec<String>,
}

/// An administrator grants the app these delegated permissions for the whole tenant (what
/// "Grant admin consent" on the app registration does); `.default` sign-ins then get them.
async fn app_grant(State(s): State<Arc<Shared>>, Json(body): Json<AppGrant>) -> StatusCode {
    let mut world = s.world.lock().unwrap();
    let Some(id) = world.tenant(&body.tenant_id).map(|t| t.seed.id.clone()) else { return StatusCode::NOT_FOUND };
    world.app_grants.insert(id, body.scopes);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportLimit {
    requests: u32,
}

/// Sets the report requests allowed per 10 s per tenant (Graph: 5; 0 turns the limit off).
async fn report_limit(State(s): State<Arc<Shared>>, Json(body): Json<ReportLimit>) -> StatusCode {
    let mut world = s.world.lock().unwrap();
    world.report_limit = body.requests;
    world.report_sent.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GenerateEvents {
    tenant_id: String,
    count: usize,
}

/// Appends `count` provisioning events for the tenant's first job, as months of cycles would
/// leave them: benchmarks and scale tests of the log views. See `engine::synthetic_events`.
async fn generate_events(State(s): State<Arc<Shared>>, Json(body): Json<GenerateEvents>) -> Response {
    if body.count == 0 || body.count > 1_000_000 {
        return (StatusCode::BAD_REQUEST, "count must be 1 to 1000000").into_response();
    }
    let mut world = s.world.lock().unwrap();
    match crate::engine::synthetic_events(&mut world, &body.tenant_id, body.count) {
        Ok(summary) => Json(summary).into_response(),
        Err(e) => (StatusCode::CONFLICT, e).into_response(),
    }
}

/// Runs one provisioning cycle of every started job now.
async fn cycle(State(s): State<Arc<Shared>>) -> Json<Value> {
    let mut world = s.world.lock().unwrap();
    Json(json!({ "jobs": crate::engine::run_all(&mut world) }))
}

async fn reset(State(s): State<Arc<Shared>>) -> StatusCode {
    let mut world = s.world.lock().unwrap();
    let (lifetime, report_limit) = (world.token_lifetime, world.report_limit);
    *world = World::from_seed(&s.seed, lifetime);
    world.report_limit = report_limit;
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
        "groups": t.groups.len(),
        "syncedUsers": t.users.iter().filter(|u| t.synced.contains(&u.id)).map(|u| json!({ "displayName": u.display_name, "userPrincipalName": u.user_principal_name, "userType": u.user_type })).collect::<Vec<_>>(),
        "syncedGroups": t.groups.iter().filter(|g| t.synced.contains(&g.id)).map(|g| json!({ "displayName": g.display_name, "securityEnabled": g.security_enabled, "mailEnabled": g.mail_enabled, "groupTypes": g.group_types, "members": g.members.len() })).collect::<Vec<_>>(),
        "groupNames": t.groups.iter().map(|g| g.display_name.clone()).collect::<Vec<_>>(),
        "deletedUsers": t.deleted_users.len(),
        "provisioning": t.provisioning.iter().map(|e| json!({
            "action": e["provisioningAction"], "status": e["provisioningStatusInfo"]["status"], "identityType": e["sourceIdentity"]["identityType"],
            "displayName": e["sourceIdentity"]["displayName"], "sourceId": e["sourceIdentity"]["id"], "errorCode": e["provisioningStatusInfo"]["errorInformation"]["errorCode"],
        })).collect::<Vec<_>>(),
        "audits": t.audits.iter().map(|a| json!({ "activity": a["activityDisplayName"], "actor": a["initiatedBy"]["app"]["displayName"], "target": a["targetResources"][0]["displayName"] })).collect::<Vec<_>>(),
        "configurations": t.service_principals.len(),
        "configurationDetails": t.service_principals.iter().map(|sp| json!({
            "id": sp.id, "displayName": sp.display_name,
            "jobs": sp.jobs.iter().map(|j| json!({ "id": j.id, "schedule": j.schedule_state, "status": j.status_code, "quarantine": j.quarantine, "lastExecution": j.last_execution })).collect::<Vec<_>>(),
            "assignments": sp.assignments.iter().map(|a| a.principal_display_name.clone()).collect::<Vec<_>>(),
            "secrets": sp.secrets.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "partners": t.partners.iter().map(|p| json!({
            "tenantId": p.tenant_id, "inboundAllowed": p.inbound_allowed, "outboundAllowed": p.outbound_allowed,
            "userSyncAllowed": p.identity_sync.as_ref().map(|s| s.user_sync_allowed),
            "groupSyncAllowed": p.identity_sync.as_ref().map(|s| s.group_sync_allowed),
        })).collect::<Vec<_>>(),
        "refreshTokens": world.refresh_tokens.values().filter(|g| g.tenant_id == t.seed.id && !g.revoked && !g.rotated).count(),
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MintRequest {
    tenant_id: String,
    user_principal_name: String,
    scopes: String,
}

/// Issues an access token without the browser flow, for benchmarks and load tests only.
async fn mint_token(State(s): State<Arc<Shared>>, Json(body): Json<MintRequest>) -> Response {
    let world = s.world.lock().unwrap();
    let Some(t) = world.tenant(&body.tenant_id) else { return (StatusCode::NOT_FOUND, "no such tenant").into_response() };
    let Some(admin) = t.seed.admins.iter().find(|a| a.user_principal_name.eq_ignore_ascii_case(&body.user_principal_name)) else {
        return (StatusCode::NOT_FOUND, "no such admin").into_response();
    };
    let issued = now();
    let claims = crate::token::Claims {
        aud: "https://graph.microsoft.com".into(),
        iss: format!("{}/{}/v2.0", s.base_url, t.seed.id),
        iat: issued,
        nbf: issued,
        exp: issued + world.token_lifetime,
        tid: t.seed.id.clone(),
        oid: admin.id.clone(),
        scp: body.scopes.split_whitespace().collect::<Vec<_>>().join(" "),
        upn: admin.user_principal_name.clone(),
        name: admin.display_name.clone(),
        wids: admin.roles.iter().filter_map(|r| crate::roles::template_id(r)).map(String::from).collect(),
        appid: crate::app::CLIENT_ID.into(),
        uti: crate::token::random_id(16),
    };
    Json(json!({ "access_token": s.signer.sign(&claims) })).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Faults {
    rules: Vec<FaultRule>,
}

async fn set_faults(State(s): State<Arc<Shared>>, Json(body): Json<Faults>) -> Response {
    if let Some(r) = body.rules.iter().find(|r| !(0.0..=1.0).contains(&r.rate)) {
        return (StatusCode::BAD_REQUEST, format!("rate {} is not between 0 and 1", r.rate)).into_response();
    }
    if body.rules.iter().any(|r| r.in_batch && matches!(r.effect, FaultEffect::Drop | FaultEffect::DropAfter | FaultEffect::Latency { .. })) {
        return (StatusCode::BAD_REQUEST, "inBatch rules answer one item: use throttle, unavailable, status or appliedThen (a connection or a delay belongs to the whole batch)").into_response();
    }
    s.world.lock().unwrap().faults = body.rules;
    StatusCode::NO_CONTENT.into_response()
}

async fn list_faults(State(s): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({ "rules": s.world.lock().unwrap().faults }))
}

async fn clear_faults(State(s): State<Arc<Shared>>) -> StatusCode {
    s.world.lock().unwrap().faults.clear();
    StatusCode::NO_CONTENT
}

/// Picks the fault for a direct request (`in_batch` false) or an item of a `$batch` (true), if
/// any, and counts it against its rule.
pub(crate) fn pick_fault(s: &Shared, method: &str, path: &str, body: &str, in_batch: bool) -> Option<FaultEffect> {
    let mut world = s.world.lock().unwrap();
    for rule in world.faults.iter_mut() {
        let bare = path.split('?').next().unwrap_or(path);
        let matches = rule.in_batch == in_batch
            && path.contains(&rule.path_contains)
            && rule.path_ends_with.as_deref().is_none_or(|e| bare.ends_with(e))
            && rule.body_contains.as_deref().is_none_or(|b| body.contains(b))
            && rule.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method));
        if !matches || rule.count == Some(0) {
            continue;
        }
        if rule.rate < 1.0 && random_unit() >= rule.rate {
            continue;
        }
        if let Some(c) = rule.count.as_mut() {
            *c -= 1;
        }
        return Some(rule.effect.clone());
    }
    None
}

fn random_unit() -> f64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random bytes");
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

/// What a fault answers instead of the handler, for the effects that are an answer rather than a
/// cut connection or a delay; direct requests and `$batch` items answer alike.
pub(crate) struct FaultAnswer {
    pub(crate) status: StatusCode,
    /// The Graph error body (`error.code`, `error.message`, `innerError`).
    pub(crate) body: Value,
    /// Seconds; Graph writes whole seconds, and Microsoft's throttling example a fraction (2.128).
    pub(crate) retry_after: Option<f64>,
    /// The request was processed before the answer (`appliedThen`).
    pub(crate) applied: bool,
    /// The request log's name for the fault.
    pub(crate) mark: &'static str,
}

/// The answer of `effect`; `None` for `drop`, `dropAfter` and `latency`.
pub(crate) fn fault_answer(effect: &FaultEffect) -> Option<FaultAnswer> {
    let answer = |status: StatusCode, code: &str, message: &str, retry_after: Option<f64>, applied: bool, mark: &'static str| FaultAnswer {
        status,
        body: json!({ "error": { "code": code, "message": message, "innerError": {
            "date": iso8601(now()).trim_end_matches('Z'), "request-id": crate::token::random_guid() } } }),
        retry_after,
        applied,
        mark,
    };
    let status = |code: u16, default: StatusCode| StatusCode::from_u16(code).unwrap_or(default);
    Some(match effect {
        FaultEffect::Throttle { retry_after } => answer(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests.", Some(*retry_after), false, "throttle"),
        FaultEffect::Unavailable { retry_after } => answer(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable", "The service is temporarily unavailable.", retry_after.map(f64::from), false, "unavailable"),
        FaultEffect::Status { status: code_number, code } => answer(status(*code_number, StatusCode::BAD_REQUEST), code, "Insufficient privileges to complete the operation.", None, false, "status"),
        FaultEffect::AppliedThen { status: code_number } => answer(status(*code_number, StatusCode::GATEWAY_TIMEOUT), "UnknownError", "The gateway timed out waiting for the service.", None, true, "appliedThen"),
        FaultEffect::Drop | FaultEffect::DropAfter | FaultEffect::Latency { .. } => return None,
    })
}

/// Injects the configured faults (throttling, unavailability, dropped connections, latency).
pub async fn faults(State(s): State<Arc<Shared>>, request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    if path.starts_with("/_sandbox/") || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    // The body is read only when a rule looks into it (and given back to the handler).
    let wants_body = s.world.lock().unwrap().faults.iter().any(|r| r.body_contains.is_some());
    let (request, body) = if wants_body {
        let (parts, b) = request.into_parts();
        let bytes = axum::body::to_bytes(b, 64 * 1024 * 1024).await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (Request::from_parts(parts, Body::from(bytes)), text)
    } else {
        (request, String::new())
    };
    let Some(effect) = pick_fault(&s, request.method().as_str(), &path, &body, false) else { return next.run(request).await };
    let (mut response, mark) = match effect {
        FaultEffect::Latency { ms } => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            (next.run(request).await, "latency")
        }
        FaultEffect::Throttle { .. } | FaultEffect::Unavailable { .. } | FaultEffect::Status { .. } | FaultEffect::AppliedThen { .. } => {
            let answer = fault_answer(&effect).expect("an answering effect");
            if answer.applied {
                let _ = next.run(request).await;
            }
            let mut response = (answer.status, Json(answer.body)).into_response();
            if let Some(seconds) = answer.retry_after {
                response.headers_mut().insert("retry-after", HeaderValue::from_str(&format!("{seconds}")).expect("a number"));
            }
            (response, answer.mark)
        }
        effect @ (FaultEffect::Drop | FaultEffect::DropAfter) => {
            let after = matches!(effect, FaultEffect::DropAfter);
            if after {
                let _ = next.run(request).await;
            }
            // Headers go out, then the body stream fails: the client sees the connection cut.
            let broken = futures_util::stream::once(async { Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("fault injected: connection dropped")) });
            let r = Response::builder().status(StatusCode::OK).header(header::CONTENT_TYPE, "application/json").header(header::CONTENT_LENGTH, "1000").body(Body::from_stream(broken)).expect("valid response");
            (r, if after { "dropAfter" } else { "drop" })
        }
    };
    response.extensions_mut().insert(crate::state::FaultMark(mark));
    response
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
            at_ms: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0),
            method,
            path,
            status: response.status().as_u16(),
            token_tenant,
            origin,
            in_batch: None,
            fault: response.extensions().get::<crate::state::FaultMark>().map(|m| m.0),
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
