//! Contract tests: every Graph call checks the token, its tenant, scope and role, and answers with
//! Graph's shapes.

mod common;
use common::*;

#[test]
fn me_answers_for_the_signed_in_admin_of_the_tokens_tenant() {
    let base = start();
    let tokens = sign_in(&base, CONTOSO, "openid offline_access User.Read");
    let (status, me) = graph_get(&base, tokens["access_token"].as_str().unwrap(), "/v1.0/me");
    assert_eq!(status, 200);
    assert_eq!(me["userPrincipalName"], "admin@contoso.onmicrosoft.com");
}

#[test]
fn a_missing_or_forged_token_gets_401_with_graphs_error_body() {
    let base = start();
    let (status, body) = json(agent().get(&format!("{base}/v1.0/me")).header("client-request-id", "abc-123").call().unwrap());
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(body["error"]["innerError"]["client-request-id"], "abc-123");
    assert!(body["error"]["innerError"]["request-id"].is_string());
    assert!(body["error"]["innerError"]["date"].is_string());
    let (status, _) = graph_get(&base, "a.b.c", "/v1.0/me");
    assert_eq!(status, 401);
}

#[test]
fn a_call_without_its_scope_is_403_authorization_request_denied() {
    let base = start();
    let tokens = sign_in(&base, FABRIKAM, "User.Read");
    let (status, body) = graph_get(&base, tokens["access_token"].as_str().unwrap(), "/v1.0/subscribedSkus");
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
}

#[test]
fn active_roles_come_from_filter_by_current_user() {
    let base = start();
    let tokens = sign_in(&base, FABRIKAM, "RoleAssignmentSchedule.Read.Directory");
    let (status, body) = graph_get(&base, tokens["access_token"].as_str().unwrap(), "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')");
    assert_eq!(status, 200, "{body}");
    let ids: Vec<&str> = body["value"].as_array().unwrap().iter().map(|v| v["roleDefinitionId"].as_str().unwrap()).collect();
    assert!(ids.contains(&"8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"), "Hybrid Identity Administrator: {ids:?}");
}

#[test]
fn tenant_information_resolves_by_domain_and_by_id() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "CrossTenantInformation.ReadBasic.All")["access_token"].as_str().unwrap().to_string();
    let (status, info) = graph_get(&base, &token, "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='fabrikam.com')");
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["tenantId"], FABRIKAM);
    assert_eq!(info["defaultDomainName"], "fabrikam.onmicrosoft.com");
    let (_, by_id) = graph_get(&base, &token, &format!("/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='{FABRIKAM}')"));
    assert_eq!(by_id["displayName"], "Fabrikam");
    let (status, missing) = graph_get(&base, &token, "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='nobody.example')");
    assert_eq!(status, 404);
    assert_eq!(missing["error"]["code"], "Request_ResourceNotFound");
}

#[test]
fn unknown_segments_and_wrong_methods_are_graph_shaped() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read")["access_token"].as_str().unwrap().to_string();
    let (status, body) = graph_get(&base, &token, "/v1.0/nonsense");
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "BadRequest");
    let (status, body) = json(agent().delete(&format!("{base}/v1.0/me")).header("Authorization", &format!("Bearer {token}")).call().unwrap());
    assert_eq!(status, 405);
    assert!(body["error"]["message"].is_string());
}

#[test]
fn preflight_allows_the_headers_the_app_sends() {
    let base = start();
    let r = agent()
        .options(&format!("{base}/v1.0/me"))
        .header("Origin", "http://127.0.0.1:8080")
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization, consistencylevel, client-request-id")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    let allow = r.headers().get("access-control-allow-headers").unwrap().to_str().unwrap();
    for h in ["authorization", "consistencylevel", "client-request-id"] {
        assert!(allow.contains(h), "{allow}");
    }
    assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "http://127.0.0.1:8080");
    assert!(r.headers().get("access-control-allow-methods").unwrap().to_str().unwrap().contains("PATCH"));
}

#[test]
fn the_request_log_names_the_tokens_tenant() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read")["access_token"].as_str().unwrap().to_string();
    graph_get(&base, &token, "/v1.0/me");
    let (_, log) = json(agent().get(&format!("{base}/_sandbox/requests")).call().unwrap());
    let me = log["value"].as_array().unwrap().iter().find(|e| e["path"] == "/v1.0/me").unwrap();
    assert_eq!(me["tokenTenant"], CONTOSO);
    assert_eq!(me["status"], 200);
}
