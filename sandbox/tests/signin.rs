//! Protocol tests of the emulated sign-in service: PKCE, state, single-use codes, refresh rotation,
//! the SPA rules and Entra-shaped errors.

mod common;
use common::*;

const SCOPE: &str = "openid profile offline_access https://graph.microsoft.com/User.Read";

fn aadsts(body: &serde_json::Value) -> u64 {
    body["error_codes"][0].as_u64().unwrap()
}

#[test]
fn discovery_names_the_endpoints_and_the_cloud() {
    let base = start();
    let (status, doc) = json(agent().get(&format!("{base}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration")).call().unwrap());
    assert_eq!(status, 200);
    assert_eq!(doc["token_endpoint"], format!("{base}/{CONTOSO}/oauth2/v2.0/token"));
    assert_eq!(doc["tenant_region_scope"], "WW");
    assert_eq!(doc["cloud_instance_name"], "microsoftonline.com");
    assert_eq!(doc["msgraph_host"], "graph.microsoft.com");
}

#[test]
fn discovery_of_an_unknown_tenant_is_aadsts90002() {
    let base = start();
    let (status, body) = json(agent().get(&format!("{base}/nobody.example/v2.0/.well-known/openid-configuration")).call().unwrap());
    assert_eq!(status, 400);
    assert_eq!(aadsts(&body), 90002);
}

#[test]
fn authorize_page_lists_the_tenants_admins_with_their_roles() {
    let base = start();
    let url = format!(
        "{base}/{FABRIKAM}/oauth2/v2.0/authorize?client_id={CLIENT_ID}&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2F&scope=openid%20User.Read&state=xyz&code_challenge={CHALLENGE}&code_challenge_method=S256"
    );
    let mut r = agent().get(&url).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let html = r.body_mut().read_to_string().unwrap();
    assert!(html.contains("admin@fabrikam.onmicrosoft.com"));
    assert!(html.contains("Hybrid Identity Administrator"));
    assert!(html.contains("reader@fabrikam.onmicrosoft.com"));
    assert!(html.contains("Deny consent"));
}

#[test]
fn authorize_without_pkce_redirects_back_with_an_error() {
    let base = start();
    let url = format!("{base}/{FABRIKAM}/oauth2/v2.0/authorize?client_id={CLIENT_ID}&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2F&scope=User.Read&state=abc");
    let r = agent().get(&url).call().unwrap();
    let location = r.headers().get("location").unwrap().to_str().unwrap();
    assert_eq!(query_param(location, "error").as_deref(), Some("invalid_request"));
    assert!(query_param(location, "error_description").unwrap().starts_with("AADSTS9002325"));
    assert_eq!(query_param(location, "state").as_deref(), Some("abc"));
}

#[test]
fn authorize_with_an_unregistered_redirect_uri_never_redirects() {
    let base = start();
    let url = format!("{base}/{FABRIKAM}/oauth2/v2.0/authorize?client_id={CLIENT_ID}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2F&scope=User.Read&code_challenge={CHALLENGE}&code_challenge_method=S256");
    let mut r = agent().get(&url).call().unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.headers().get("location").is_none());
    assert!(r.body_mut().read_to_string().unwrap().contains("AADSTS50011"));
}

#[test]
fn denying_consent_redirects_with_access_denied_and_the_state() {
    let base = start();
    let r = agent()
        .post(&format!("{base}/{FABRIKAM}/oauth2/v2.0/authorize"))
        .send_form([
            ("client_id", CLIENT_ID), ("redirect_uri", REDIRECT), ("scope", "User.Read"), ("state", "st8"),
            ("code_challenge", CHALLENGE), ("code_challenge_method", "S256"), ("deny", "1"),
        ])
        .unwrap();
    let location = r.headers().get("location").unwrap().to_str().unwrap();
    assert_eq!(query_param(location, "error").as_deref(), Some("access_denied"));
    assert!(query_param(location, "error_description").unwrap().starts_with("AADSTS65004"));
    assert_eq!(query_param(location, "state").as_deref(), Some("st8"));
}

#[test]
fn a_code_redeems_once_with_the_right_verifier_into_tokens() {
    let base = start();
    let code = authorize(&base, FABRIKAM, &admin_id(FABRIKAM, "admin@"), SCOPE, "s1");
    let (status, body) = redeem(&base, FABRIKAM, &code);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["access_token"].as_str().unwrap().split('.').count() == 3);
    assert!(body["refresh_token"].is_string());
    assert!(body["id_token"].is_string());
    let (again, replay) = redeem(&base, FABRIKAM, &code);
    assert_eq!(again, 400);
    assert_eq!(replay["error"], "invalid_grant");
    assert_eq!(aadsts(&replay), 54005);
}

#[test]
fn a_wrong_or_missing_verifier_is_invalid_grant_and_spends_the_code() {
    let base = start();
    for verifier in [Some("wrong-verifier-wrong-verifier-wrong-verifier-0"), None] {
        let code = authorize(&base, FABRIKAM, &admin_id(FABRIKAM, "admin@"), SCOPE, "s");
        let mut form = vec![("client_id", CLIENT_ID), ("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
        if let Some(v) = verifier {
            form.push(("code_verifier", v));
        }
        let (status, body) = json(agent().post(&format!("{base}/{FABRIKAM}/oauth2/v2.0/token")).header("Origin", "http://127.0.0.1:9").send_form(form).unwrap());
        assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")));
        assert_eq!(aadsts(&body), if verifier.is_some() { 501481 } else { 9002325 });
        assert_eq!(aadsts(&redeem(&base, FABRIKAM, &code).1), 54005, "the failed attempt spent the code");
    }
}

#[test]
fn token_requests_without_an_origin_header_are_refused_as_spa_rules_demand() {
    let base = start();
    let code = authorize(&base, FABRIKAM, &admin_id(FABRIKAM, "admin@"), SCOPE, "s");
    let (status, body) = json(
        agent()
            .post(&format!("{base}/{FABRIKAM}/oauth2/v2.0/token"))
            .send_form([("client_id", CLIENT_ID), ("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT), ("code_verifier", VERIFIER)])
            .unwrap(),
    );
    assert_eq!(status, 400);
    assert_eq!(aadsts(&body), 9002327);
}

#[test]
fn a_code_for_one_tenant_cannot_be_redeemed_at_another() {
    let base = start();
    let code = authorize(&base, FABRIKAM, &admin_id(FABRIKAM, "admin@"), SCOPE, "s");
    let (status, body) = redeem(&base, CONTOSO, &code);
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")));
}

fn refresh(base: &str, tenant: &str, rt: &str) -> (u16, serde_json::Value) {
    json(
        agent()
            .post(&format!("{base}/{tenant}/oauth2/v2.0/token"))
            .header("Origin", "http://127.0.0.1:9")
            .send_form([("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", rt), ("scope", SCOPE)])
            .unwrap(),
    )
}

#[test]
fn refresh_rotates_the_refresh_token_and_the_old_one_stops_working() {
    let base = start();
    let first = sign_in(&base, FABRIKAM, SCOPE);
    let rt1 = first["refresh_token"].as_str().unwrap();
    let (status, second) = refresh(&base, FABRIKAM, rt1);
    assert_eq!(status, 200, "{second}");
    let rt2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(rt1, rt2);
    assert!(second["refresh_token_expires_in"].as_u64().unwrap() <= 24 * 3600);
    assert_eq!(refresh(&base, FABRIKAM, rt1).1["error"], "invalid_grant");
    assert_eq!(refresh(&base, FABRIKAM, rt2).0, 200);
}

#[test]
fn a_revoked_refresh_token_is_refused_with_aadsts50173() {
    let base = start();
    let tokens = sign_in(&base, CONTOSO, SCOPE);
    let (status, _) = json(agent().post(&format!("{base}/_sandbox/revoke-refresh-tokens")).send_json(serde_json::json!({ "tenantId": CONTOSO })).unwrap());
    assert_eq!(status, 200);
    let (status, body) = refresh(&base, CONTOSO, tokens["refresh_token"].as_str().unwrap());
    assert_eq!(status, 400);
    assert_eq!(aadsts(&body), 50173);
}

#[test]
fn without_offline_access_there_is_no_refresh_token() {
    let base = start();
    let tokens = sign_in(&base, FABRIKAM, "openid https://graph.microsoft.com/User.Read");
    assert!(tokens.get("refresh_token").is_none());
}
