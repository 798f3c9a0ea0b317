//! A real sandbox on 127.0.0.1 for the protocol tests, and a small HTTP client.

#![allow(dead_code)]

use serde_json::Value;
use tenant_bridge_sandbox::{load_seed, router, Options};
use ureq::Agent;

pub const FABRIKAM: &str = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
pub const CONTOSO: &str = "b3dc6c65-54f5-553b-935b-b02a6b5be925";
pub const CLIENT_ID: &str = tenant_bridge_sandbox::app::CLIENT_ID;
pub const REDIRECT: &str = "http://127.0.0.1:9/";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mJ92IXVZZ3ukMbT-cZ1HjO-fAmiDXo";
pub const CHALLENGE: &str = "WsLtIrHitAh11Ci8-YCr-ILuF8htWDiDECq0Vpueyxg";

/// Starts a sandbox on a free port in a background thread and returns its origin.
pub fn start() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let options = Options::default();
    let app = router(load_seed(&options).unwrap(), &options, base.clone());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        })
    });
    base
}

/// A client that neither follows redirects nor treats 4xx/5xx as errors.
pub fn agent() -> Agent {
    Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

/// Status and JSON body (Null when the body is not JSON).
pub fn json(mut r: ureq::http::Response<ureq::Body>) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Value of a query parameter in a URL.
pub fn query_param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once(['?', '#'])?.1;
    query.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == key).then(|| urlencoding_decode(v))
    })
}

fn urlencoding_decode(s: &str) -> String {
    tenant_bridge_sandbox::graph::percent_decode(s)
}

/// Picks `admin_upn` on the authorize page and returns the redirect's code.
pub fn authorize(base: &str, tenant: &str, admin_id: &str, scope: &str, state: &str) -> String {
    let r = agent()
        .post(&format!("{base}/{tenant}/oauth2/v2.0/authorize"))
        .send_form([
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", scope),
            ("state", state),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("account", admin_id),
        ])
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "authorize choice redirects");
    let location = r.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(query_param(&location, "state").as_deref(), Some(state));
    query_param(&location, "code").expect("a code")
}

/// Redeems a code with the right verifier; returns the token response.
pub fn redeem(base: &str, tenant: &str, code: &str) -> (u16, Value) {
    json(
        agent()
            .post(&format!("{base}/{tenant}/oauth2/v2.0/token"))
            .header("Origin", "http://127.0.0.1:9")
            .send_form([
                ("client_id", CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ])
            .unwrap(),
    )
}

/// The admin IDs of the default seed.
pub fn admin_id(tenant: &str, upn_prefix: &str) -> String {
    let seed = load_seed(&Options::default()).unwrap();
    let t = seed.tenants.iter().find(|t| t.id == tenant).unwrap();
    t.admins.iter().find(|a| a.user_principal_name.starts_with(upn_prefix)).unwrap().id.clone()
}

/// Signs in as the full-rights admin of a tenant and returns an access token.
pub fn sign_in(base: &str, tenant: &str, scope: &str) -> Value {
    let code = authorize(base, tenant, &admin_id(tenant, "admin@"), scope, "s");
    let (status, body) = redeem(base, tenant, &code);
    assert_eq!(status, 200, "{body}");
    body
}

/// GET a Graph path with a bearer token.
pub fn graph_get(base: &str, token: &str, path: &str) -> (u16, Value) {
    json(agent().get(&format!("{base}{path}")).header("Authorization", &format!("Bearer {token}")).call().unwrap())
}

/// Sends a JSON write with a bearer token; returns status and body.
pub fn send(base: &str, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let url = format!("{base}{path}");
    let auth = format!("Bearer {token}");
    let a = agent();
    let r = match method {
        "POST" => a.post(&url).header("Authorization", &auth).send_json(body),
        "PATCH" => a.patch(&url).header("Authorization", &auth).send_json(body),
        "PUT" => a.put(&url).header("Authorization", &auth).send_json(body),
        "DELETE" => a.delete(&url).header("Authorization", &auth).call(),
        other => panic!("send does not do {other}"),
    };
    json(r.unwrap())
}
