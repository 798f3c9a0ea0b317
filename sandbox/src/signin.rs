//! The emulated Microsoft identity platform, per tenant: OIDC discovery, authorize (a page listing
//! the tenant's admins), token (authorization code + PKCE S256, refresh with rotation), logout.

use crate::clock::{iso8601, now};
use crate::state::{AuthCode, RefreshGrant, Shared, Tenant, World};
use crate::token::{pkce_s256, random_guid, random_id, Claims};
use crate::{app::CLIENT_ID, roles};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Authorization codes live about ten minutes, as Entra's do.
const CODE_LIFETIME: u64 = 600;
/// Refresh tokens issued to SPA redirect URIs end 24 hours after the interactive sign-in.
pub const SPA_REFRESH_LIFETIME: u64 = 24 * 3600;
/// OIDC scopes: they shape the response but are not Graph permissions.
const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "offline_access", "email"];

/// Sign-in routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/{tenant}/v2.0/.well-known/openid-configuration", get(discovery))
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize_page).post(authorize_choice))
        .route("/{tenant}/oauth2/v2.0/token", axum::routing::post(token))
        .route("/{tenant}/oauth2/v2.0/logout", get(logout))
}

async fn discovery(State(s): State<Arc<Shared>>, Path(tenant): Path<String>) -> Response {
    let world = s.world.lock().unwrap();
    let Some(t) = world.tenant(&tenant) else {
        return (StatusCode::BAD_REQUEST, Json(token_error("invalid_tenant", 90002, &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")))).into_response();
    };
    let base = &s.base_url;
    let id = &t.seed.id;
    let mut doc = json!({
        "issuer": format!("{base}/{id}/v2.0"),
        "authorization_endpoint": format!("{base}/{id}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/{id}/oauth2/v2.0/token"),
        "end_session_endpoint": format!("{base}/{id}/oauth2/v2.0/logout"),
        "jwks_uri": format!("{base}/{id}/discovery/v2.0/keys"),
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "request_uri_parameter_supported": false,
        "tenant_region_scope": t.seed.cloud.tenant_region_scope,
        "cloud_instance_name": t.seed.cloud.cloud_instance_name,
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": t.seed.cloud.msgraph_host,
        "rbac_url": "https://pas.windows.net",
    });
    if let Some(sub) = &t.seed.cloud.tenant_region_sub_scope {
        doc["tenant_region_sub_scope"] = json!(sub);
    }
    Json(doc).into_response()
}

/// The query (GET) or form (POST) of an authorize request.
type Params = HashMap<String, String>;

/// What is wrong with an authorize request, and whether it may be sent back to the redirect URI.
enum AuthorizeProblem {
    /// Shown on the sign-in page: the redirect URI cannot be trusted yet.
    Page(String),
    /// Sent back to the app: `error`, AADSTS number, description.
    Redirect { redirect_uri: String, error: &'static str, code: u32, description: String },
}

/// Checks an authorize request in Entra's order; returns the tenant ID on success.
fn check_authorize(s: &Shared, tenant: &str, p: &Params) -> Result<String, AuthorizeProblem> {
    let world = s.world.lock().unwrap();
    let t = world.tenant(tenant).ok_or_else(|| {
        AuthorizeProblem::Page(format!("AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."))
    })?;
    let client_id = p.get("client_id").map(String::as_str).unwrap_or("");
    if client_id != CLIENT_ID {
        return Err(AuthorizeProblem::Page(format!(
            "AADSTS700016: Application with identifier '{client_id}' was not found in the directory '{}'.",
            t.seed.display_name
        )));
    }
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if !redirect_uri_registered(&redirect_uri) {
        return Err(AuthorizeProblem::Page(format!(
            "AADSTS50011: The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{CLIENT_ID}'."
        )));
    }
    let back = |error, code, description: &str| AuthorizeProblem::Redirect { redirect_uri: redirect_uri.clone(), error, code, description: description.into() };
    if p.get("response_type").map(String::as_str) != Some("code") {
        return Err(back("unsupported_response_type", 700054, "response_type must be 'code' for this application."));
    }
    if p.get("code_challenge").is_none_or(|c| c.len() < 43) {
        return Err(back("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption."));
    }
    if p.get("code_challenge_method").map(String::as_str) != Some("S256") {
        // Entra also accepts "plain"; the sandbox refuses it so a regression to plain PKCE fails loudly.
        return Err(back("invalid_request", 50148, "The code_challenge_method must be S256 (the sandbox refuses plain PKCE)."));
    }
    if requested_scopes(p.get("scope").map(String::as_str).unwrap_or("")).is_empty() {
        return Err(back("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid."));
    }
    if let Err(d) = one_resource(p.get("scope").map(String::as_str).unwrap_or("")) {
        return Err(back("invalid_scope", 28000, &d));
    }
    if let Err(d) = static_or_dynamic(p.get("scope").map(String::as_str).unwrap_or("")) {
        return Err(back("invalid_scope", 70011, &d));
    }
    Ok(t.seed.id.clone())
}

/// SPA redirect URIs registered for the sandbox app: the root of any loopback origin.
fn redirect_uri_registered(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else { return false };
    let (host_port, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host_port.rsplit_once(':').map(|(h, _)| h).unwrap_or(host_port);
    matches!(host, "127.0.0.1" | "localhost") && path.is_empty()
}

/// A token request names the scopes of one resource (plus OIDC scopes): Entra refuses scopes of
/// two resources in one request (auth-code flow page: "an access token covers one resource").
/// Resource identifiers compare without letter case.
fn one_resource(scope: &str) -> Result<(), String> {
    let mut resources: Vec<String> = scope.split_whitespace().filter_map(|s| s.rsplit_once('/').map(|(r, _)| r.to_ascii_lowercase())).collect();
    resources.sort();
    resources.dedup();
    if resources.len() > 1 {
        Err(format!("Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {} is not valid.", scope))
    } else {
        Ok(())
    }
}

/// `.default` (the permissions granted to the app) cannot be asked together with named
/// permissions of the same resource: "a client can't combine static (.default) consent and
/// dynamic consent in a single request" (scopes and permissions page). OIDC scopes may come along.
fn static_or_dynamic(scope: &str) -> Result<(), String> {
    let graph = requested_scopes(scope);
    if graph.iter().any(|s| s == ".default") && graph.len() > 1 {
        Err(format!("The provided value for the input parameter 'scope' is not valid. The scope '{scope}' combines '.default' with other permissions of the same resource."))
    } else {
        Ok(())
    }
}

/// What a sign-in is granted: the scopes it asked, or for `.default`, the permissions an
/// administrator granted to the app in the tenant (none unless granted), as full scope names.
fn granted_for(world: &World, tenant_id: &str, asked: Vec<String>) -> Vec<String> {
    if !requested_scopes(&asked.join(" ")).iter().any(|s| s == ".default") {
        return asked;
    }
    let oidc = asked.into_iter().filter(|s| OIDC_SCOPES.contains(&s.as_str()));
    let granted = world.app_grants.get(tenant_id).cloned().unwrap_or_default();
    oidc.chain(granted.into_iter().map(|g| format!("https://graph.microsoft.com/{g}"))).collect()
}

/// Graph scopes named in a scope parameter, without resource prefix and without OIDC scopes.
fn requested_scopes(scope: &str) -> Vec<String> {
    scope
        .split_whitespace()
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
        .filter(|s| !OIDC_SCOPES.contains(&s.as_str()) && !s.is_empty())
        .collect()
}

fn error_redirect(redirect_uri: &str, state: Option<&String>, error: &str, code: u32, description: &str) -> Response {
    let mut url = format!(
        "{redirect_uri}?error={}&error_description={}",
        enc(error),
        enc(&format!("AADSTS{code}: {description} Trace ID: {} Timestamp: {}", random_guid(), iso8601(now())))
    );
    if let Some(st) = state {
        url.push_str(&format!("&state={}", enc(st)));
    }
    Redirect::to(&url).into_response()
}

async fn authorize_page(State(s): State<Arc<Shared>>, Path(tenant): Path<String>, Query(p): Query<Params>) -> Response {
    let tenant_id = match check_authorize(&s, &tenant, &p) {
        Ok(id) => id,
        Err(AuthorizeProblem::Page(msg)) => return error_page(&msg),
        Err(AuthorizeProblem::Redirect { redirect_uri, error, code, description }) => {
            return error_redirect(&redirect_uri, p.get("state"), error, code, &description)
        }
    };
    let world = s.world.lock().unwrap();
    let t = world.tenant(&tenant_id).expect("checked");
    Html(sign_in_page(t, &p)).into_response()
}

fn sign_in_page(t: &Tenant, p: &Params) -> String {
    let hidden: String = ["client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method", "response_mode", "nonce"]
        .iter()
        .filter_map(|k| p.get(*k).map(|v| format!(r#"<input type="hidden" name="{k}" value="{}">"#, esc(v))))
        .collect();
    let accounts: String = t
        .seed
        .admins
        .iter()
        .map(|a| {
            let roles = if a.roles.is_empty() { "no directory roles".to_string() } else { a.roles.join(", ") };
            format!(
                r#"<li><form method="post">{hidden}<input type="hidden" name="account" value="{id}"><button type="submit" data-upn="{upn}"><strong>{name}</strong><br>{upn}<br><small>{roles}</small></button></form></li>"#,
                id = esc(&a.id),
                upn = esc(&a.user_principal_name),
                name = esc(&a.display_name),
                roles = esc(&roles),
            )
        })
        .collect();
    let scopes = esc(p.get("scope").map(String::as_str).unwrap_or(""));
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to {tenant} (sandbox)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}}ul{{list-style:none;padding:0}}li{{margin:.5rem 0}}button{{width:100%;text-align:left;padding:.75rem;font:inherit;cursor:pointer}}button:focus-visible{{outline:2px solid #000;outline-offset:2px}}.deny{{text-align:center}}</style></head>
<body><main><h1>Sign in to {tenant}</h1><p>Sandbox tenant <code>{tid}</code>. Pick an account. The app asks for: <code>{scopes}</code></p>
<ul>{accounts}</ul>
<form method="post">{hidden}<input type="hidden" name="deny" value="1"><button type="submit" class="deny">Deny consent</button></form></main></body></html>"#,
        tenant = esc(&t.seed.display_name),
        tid = esc(&t.seed.id),
    )
}

async fn authorize_choice(State(s): State<Arc<Shared>>, Path(tenant): Path<String>, Form(p): Form<Params>) -> Response {
    let mut p = p;
    p.entry("response_type".into()).or_insert_with(|| "code".into());
    let tenant_id = match check_authorize(&s, &tenant, &p) {
        Ok(id) => id,
        Err(AuthorizeProblem::Page(msg)) => return error_page(&msg),
        Err(AuthorizeProblem::Redirect { redirect_uri, error, code, description }) => {
            return error_redirect(&redirect_uri, p.get("state"), error, code, &description)
        }
    };
    let redirect_uri = p["redirect_uri"].clone();
    if p.contains_key("deny") {
        return error_redirect(&redirect_uri, p.get("state"), "access_denied", 65004, "User declined to consent to access the app.");
    }
    let mut world = s.world.lock().unwrap();
    let admin_id = p.get("account").cloned().unwrap_or_default();
    if world.tenant(&tenant_id).and_then(|t| t.admin(&admin_id)).is_none() {
        return error_page("AADSTS50034: The user account does not exist in this directory.");
    }
    let code = random_id(48);
    let scopes = granted_for(&world, &tenant_id, p.get("scope").map(|s| s.split_whitespace().map(String::from).collect()).unwrap_or_default());
    world.codes.insert(
        code.clone(),
        AuthCode {
            tenant_id,
            admin_id,
            client_id: CLIENT_ID.into(),
            redirect_uri: redirect_uri.clone(),
            code_challenge: p["code_challenge"].clone(),
            scopes,
            expires: now() + CODE_LIFETIME,
            redeemed: false,
        },
    );
    let sep = if p.get("response_mode").map(String::as_str) == Some("fragment") { '#' } else { '?' };
    let mut url = format!("{redirect_uri}{sep}code={}", enc(&code));
    if let Some(st) = p.get("state") {
        url.push_str(&format!("&state={}", enc(st)));
    }
    url.push_str(&format!("&session_state={}", random_guid()));
    Redirect::to(&url).into_response()
}

async fn token(State(s): State<Arc<Shared>>, Path(tenant): Path<String>, headers: HeaderMap, Form(p): Form<Params>) -> Response {
    if !headers.contains_key(header::ORIGIN) {
        return token_failure(StatusCode::BAD_REQUEST, "invalid_request", 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
    }
    let mut world = s.world.lock().unwrap();
    let Some(tenant_id) = world.tenant(&tenant).map(|t| t.seed.id.clone()) else {
        return token_failure(StatusCode::BAD_REQUEST, "invalid_request", 90002, &format!("Tenant '{tenant}' not found."));
    };
    if p.get("client_id").map(String::as_str) != Some(CLIENT_ID) {
        return token_failure(StatusCode::BAD_REQUEST, "unauthorized_client", 700016, "Application with the given identifier was not found in the directory.");
    }
    let now = now();
    let (admin_id, scopes, absolute_expiry) = match p.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = p.get("code").cloned().unwrap_or_default();
            let Some(grant) = world.codes.get_mut(&code) else {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
            };
            if grant.redeemed {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
            }
            // Any use, even a failed one, spends the code.
            grant.redeemed = true;
            let grant = grant.clone();
            if grant.tenant_id != tenant_id {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 9002313, "The authorization code was issued for another tenant.");
            }
            if now >= grant.expires {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
            }
            if p.get("redirect_uri") != Some(&grant.redirect_uri) {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 50011, "The redirect URI does not match the one used to obtain the authorization code.");
            }
            let Some(verifier) = p.get("code_verifier") else {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");
            };
            if pkce_s256(verifier) != grant.code_challenge {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
            }
            (grant.admin_id, grant.scopes, now + SPA_REFRESH_LIFETIME)
        }
        Some("refresh_token") => {
            let rt = p.get("refresh_token").cloned().unwrap_or_default();
            let Some(grant) = world.refresh_tokens.get_mut(&rt) else {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid: the refresh token is not known.");
            };
            if grant.revoked {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed.");
            }
            if grant.rotated {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 70008, "The refresh token has already been used and was replaced by a newer one.");
            }
            if grant.tenant_id != tenant_id {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 9002313, "The refresh token was issued for another tenant.");
            }
            if now >= grant.absolute_expiry {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_grant", 700084, "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.");
            }
            if let Err(d) = one_resource(p.get("scope").map(String::as_str).unwrap_or("")) {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_scope", 28000, &d);
            }
            if let Err(d) = static_or_dynamic(p.get("scope").map(String::as_str).unwrap_or("")) {
                return token_failure(StatusCode::BAD_REQUEST, "invalid_scope", 70011, &d);
            }
            grant.rotated = true;
            let scopes = p.get("scope").map(|s| s.split_whitespace().map(String::from).collect()).unwrap_or_else(|| grant.scopes.clone());
            (grant.admin_id.clone(), scopes, grant.absolute_expiry)
        }
        Some(other) => {
            return token_failure(StatusCode::BAD_REQUEST, "unsupported_grant_type", 70003, &format!("The app requested an unsupported grant type '{other}'."))
        }
        None => return token_failure(StatusCode::BAD_REQUEST, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'."),
    };
    // A refresh may ask `.default` too: the grant as it stands now.
    let scopes = granted_for(&world, &tenant_id, scopes);
    let t = world.tenant(&tenant_id).expect("checked");
    let admin = t.admin(&admin_id).expect("code names a seeded admin").clone();
    let graph_scopes = requested_scopes(&scopes.join(" "));
    let issued_at = now;
    let claims = Claims {
        aud: "https://graph.microsoft.com".into(),
        iss: format!("{}/{tenant_id}/v2.0", s.base_url),
        iat: issued_at,
        nbf: issued_at,
        exp: issued_at + world.token_lifetime,
        tid: tenant_id.clone(),
        oid: admin.id.clone(),
        scp: graph_scopes.join(" "),
        upn: admin.user_principal_name.clone(),
        name: admin.display_name.clone(),
        wids: admin.roles.iter().filter_map(|r| roles::template_id(r)).map(String::from).collect(),
        appid: CLIENT_ID.into(),
        uti: random_id(16),
    };
    let access_token = s.signer.sign(&claims);
    let mut body = json!({
        "token_type": "Bearer",
        "scope": graph_scopes.iter().map(|sc| format!("https://graph.microsoft.com/{sc}")).chain(scopes.iter().filter(|sc| OIDC_SCOPES.contains(&sc.as_str())).cloned()).collect::<Vec<_>>().join(" "),
        "expires_in": world.token_lifetime,
        "ext_expires_in": world.token_lifetime,
        "access_token": access_token,
    });
    match world.token_scope {
        crate::state::TokenScopeMode::Normal => {}
        crate::state::TokenScopeMode::Omit => {
            body.as_object_mut().expect("object").remove("scope");
        }
        crate::state::TokenScopeMode::Lowercase => body["scope"] = json!(body["scope"].as_str().unwrap_or("").to_lowercase()),
    }
    // A refresh always rotates: the grant it came from already had offline_access.
    let refreshing = p.get("grant_type").map(String::as_str) == Some("refresh_token");
    if refreshing || scopes.iter().any(|sc| sc == "offline_access") {
        let rt = random_id(64);
        world.refresh_tokens.insert(
            rt.clone(),
            RefreshGrant { tenant_id: tenant_id.clone(), admin_id: admin.id.clone(), client_id: CLIENT_ID.into(), scopes: scopes.clone(), absolute_expiry, rotated: false, revoked: false },
        );
        body["refresh_token"] = json!(rt);
        body["refresh_token_expires_in"] = json!(absolute_expiry.saturating_sub(now));
    }
    if scopes.iter().any(|sc| sc == "openid") {
        let id_claims = Claims { aud: CLIENT_ID.into(), ..claims };
        body["id_token"] = json!(s.signer.sign(&id_claims));
    }
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, "no-store".parse().expect("static"));
    response
}

async fn logout(State(s): State<Arc<Shared>>, Path(tenant): Path<String>, Query(p): Query<Params>) -> Response {
    let known = s.world.lock().unwrap().tenant(&tenant).is_some();
    match p.get("post_logout_redirect_uri") {
        Some(uri) if known && redirect_uri_registered(uri) => Redirect::to(uri).into_response(),
        _ => Html("<!DOCTYPE html><title>Signed out</title><p>You have signed out of the sandbox tenant. You can close this window.</p>").into_response(),
    }
}

/// Entra's token error body.
pub fn token_error(error: &str, code: u32, description: &str) -> Value {
    let trace = random_guid();
    let correlation = random_guid();
    let ts = iso8601(now());
    json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {ts}"),
        "error_codes": [code],
        "timestamp": ts,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
    })
}

fn token_failure(status: StatusCode, error: &str, code: u32, description: &str) -> Response {
    (status, Json(token_error(error, code, description))).into_response()
}

fn error_page(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in error (sandbox)</title></head><body><main><h1>Sorry, but we're having trouble signing you in.</h1><p role=\"alert\">{}</p></main></body></html>",
            esc(message)
        )),
    )
        .into_response()
}

/// HTML-escapes text for the sign-in page.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_roots_are_registered_redirect_uris() {
        assert!(redirect_uri_registered("http://127.0.0.1:8080/"));
        assert!(redirect_uri_registered("http://localhost:3000/"));
        assert!(!redirect_uri_registered("http://127.0.0.1:8080/elsewhere"));
        assert!(!redirect_uri_registered("http://evil.example/"));
        assert!(!redirect_uri_registered("https://127.0.0.1.evil.example/"));
    }

    #[test]
    fn scopes_lose_their_resource_prefix_and_oidc_scopes() {
        assert_eq!(
            requested_scopes("openid profile offline_access https://graph.microsoft.com/User.Read Policy.Read.All"),
            ["User.Read", "Policy.Read.All"]
        );
    }

    #[test]
    fn default_is_not_combined_with_named_permissions_but_may_bring_oidc_scopes() {
        assert!(static_or_dynamic("openid profile offline_access https://graph.microsoft.com/.default").is_ok());
        assert!(static_or_dynamic("https://graph.microsoft.com/.default https://graph.microsoft.com/User.Read").is_err());
        assert!(static_or_dynamic("openid https://graph.microsoft.com/User.Read").is_ok());
    }

    #[test]
    fn default_gets_what_an_administrator_granted_and_nothing_before_a_grant() {
        let mut world = World::from_seed(&crate::seed::Seed::parse(crate::seed::DEFAULT_SEED).unwrap(), 3600);
        let asked = vec!["openid".to_string(), "offline_access".into(), "https://graph.microsoft.com/.default".into()];
        assert_eq!(granted_for(&world, "t1", asked.clone()), ["openid", "offline_access"]);
        world.app_grants.insert("t1".into(), vec!["User.Read".into(), "Policy.Read.All".into()]);
        assert_eq!(granted_for(&world, "t1", asked.clone()), ["openid", "offline_access", "https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Policy.Read.All"]);
        assert_eq!(granted_for(&world, "t2", asked), ["openid", "offline_access"], "a grant is per tenant");
        let named = vec!["https://graph.microsoft.com/User.Read".to_string()];
        assert_eq!(granted_for(&world, "t1", named.clone()), named, "named permissions are asked as named");
    }

    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(esc(r#"<script>"x"&'y'"#), "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;");
        assert_eq!(enc("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
