//! Documented behaviour a real tenant shows and the app must survive: role-gated reads, limited
//! directory-role information, an optional `scope` in the token response, one resource per token
//! request, no default log order, and a write applied before a 5xx answer.

mod common;
use common::*;
use serde_json::{json, Value};

fn token_for(base: &str, tenant: &str, upn_prefix: &str, scope: &str) -> Value {
    let code = authorize(base, tenant, &admin_id(tenant, upn_prefix), scope, "s");
    let (status, body) = redeem(base, tenant, &code);
    assert_eq!(status, 200, "{body}");
    body
}

fn access(v: &Value) -> String {
    v["access_token"].as_str().unwrap().to_string()
}

const ROLES_CALL: &str = "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')";

#[test]
fn active_roles_need_one_of_the_listed_roles_and_memberof_is_the_fallback() {
    let base = start();
    // Hybrid Identity + Cloud Application Administrator: the roles that configure sync, none of
    // the roles unifiedroleassignmentscheduleinstance-filterbycurrentuser supports.
    let sync = access(&token_for(&base, FABRIKAM, "sync@", "User.Read RoleManagement.Read.Directory"));
    let (status, e) = graph_get(&base, &sync, ROLES_CALL);
    assert_eq!((status, e["error"]["code"].as_str()), (403, Some("Authorization_RequestDenied")), "{e}");
    let (status, member_of) = graph_get(&base, &sync, "/v1.0/me/memberOf");
    assert_eq!(status, 200);
    let mut templates: Vec<&str> = member_of["value"].as_array().unwrap().iter().filter_map(|r| r["roleTemplateId"].as_str()).collect();
    templates.sort();
    assert_eq!(templates, ["158c047a-c907-4556-b7ef-446551a6b5f7", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"]);
    // With User.Read alone the roles come with limited information: type and ID only.
    let basic = access(&token_for(&base, FABRIKAM, "sync@", "User.Read"));
    let (_, limited) = graph_get(&base, &basic, "/v1.0/me/memberOf");
    let roles = limited["value"].as_array().unwrap();
    assert_eq!(roles.len(), 2);
    assert!(roles.iter().all(|r| r["roleTemplateId"].is_null() && r["id"].is_string()), "{limited}");
    // A Security Administrator holds a supported role.
    let admin = access(&token_for(&base, FABRIKAM, "admin@", "RoleManagement.Read.Directory"));
    assert_eq!(graph_get(&base, &admin, ROLES_CALL).0, 200);
}

#[test]
fn the_token_response_may_omit_scope_or_change_its_letter_case() {
    let base = start();
    let with = token_for(&base, FABRIKAM, "admin@", "openid offline_access https://graph.microsoft.com/User.Read");
    assert_eq!(with["scope"], "https://graph.microsoft.com/User.Read openid offline_access");
    assert_eq!(agent().post(&format!("{base}/_sandbox/token-scope")).send_json(json!({ "mode": "omit" })).unwrap().status().as_u16(), 204);
    let without = token_for(&base, FABRIKAM, "admin@", "openid https://graph.microsoft.com/User.Read");
    assert!(without.get("scope").is_none(), "{without}");
    assert_eq!(graph_get(&base, &access(&without), "/v1.0/me").0, 200, "the token still carries what was asked");
    agent().post(&format!("{base}/_sandbox/token-scope")).send_json(json!({ "mode": "lowercase" })).unwrap();
    let lower = token_for(&base, FABRIKAM, "admin@", "https://graph.microsoft.com/User.Read");
    assert_eq!(lower["scope"], "https://graph.microsoft.com/user.read");
}

#[test]
fn a_token_request_naming_two_resources_is_refused() {
    let base = start();
    let r = agent()
        .post(&format!("{base}/{FABRIKAM}/oauth2/v2.0/authorize"))
        .send_form([
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", "openid https://graph.microsoft.com/User.Read http://127.0.0.1:8081/Policy.Read.All"),
            ("state", "s"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("account", &admin_id(FABRIKAM, "admin@")),
        ])
        .unwrap();
    let location = r.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(query_param(&location, "error").as_deref(), Some("invalid_scope"), "{location}");
    assert!(query_param(&location, "error_description").unwrap().starts_with("AADSTS28000"));
    // The same resource in another letter case is one resource.
    token_for(&base, FABRIKAM, "admin@", "https://graph.microsoft.com/User.Read HTTPS://GRAPH.MICROSOFT.COM/Policy.Read.All");
}

#[test]
fn logs_without_orderby_come_in_insertion_order() {
    let base = start();
    let r = agent().post(&format!("{base}/_sandbox/generate-events")).send_json(json!({ "tenantId": FABRIKAM, "count": 3 })).unwrap();
    // Events need a job; the generator refuses without one, so create the configuration first.
    if r.status().as_u16() != 200 {
        let src = access(&token_for(&base, FABRIKAM, "admin@", "Application.ReadWrite.All Synchronization.ReadWrite.All"));
        let (_, created) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Order" }));
        let sp = created["servicePrincipal"]["id"].as_str().unwrap();
        send(&base, &src, "POST", &format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs"), json!({ "templateId": "Azure2Azure" }));
        let r = agent().post(&format!("{base}/_sandbox/generate-events")).send_json(json!({ "tenantId": FABRIKAM, "count": 3 })).unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }
    let logs = access(&token_for(&base, FABRIKAM, "admin@", "AuditLog.Read.All Directory.Read.All"));
    let times = |path: &str| -> Vec<String> {
        let (status, v) = graph_get(&base, &logs, path);
        assert_eq!(status, 200, "{v}");
        v["value"].as_array().unwrap().iter().map(|e| e["activityDateTime"].as_str().unwrap().to_string()).collect()
    };
    let plain = times("/v1.0/auditLogs/provisioning");
    let newest_first = times("/v1.0/auditLogs/provisioning?$orderby=activityDateTime%20desc");
    let mut sorted = plain.clone();
    sorted.sort();
    assert_eq!(plain, sorted, "insertion order is oldest first");
    let mut reversed = plain.clone();
    reversed.reverse();
    assert_eq!(newest_first, reversed);
    // AuditLog.Read.All alone is not enough on the strictest revision of the page.
    let thin = access(&token_for(&base, FABRIKAM, "admin@", "AuditLog.Read.All"));
    assert_eq!(graph_get(&base, &thin, "/v1.0/auditLogs/provisioning").0, 403);
}

#[test]
fn a_write_can_be_applied_and_still_answered_504() {
    let base = start();
    let rule = json!({ "rules": [{ "pathContains": "/instantiate", "method": "POST", "count": 1, "effect": { "kind": "appliedThen" } }] });
    assert_eq!(agent().put(&format!("{base}/_sandbox/faults")).send_json(rule).unwrap().status().as_u16(), 204);
    let src = access(&token_for(&base, FABRIKAM, "admin@", "Application.ReadWrite.All"));
    let (status, e) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Applied" }));
    assert_eq!(status, 504, "{e}");
    let (_, listed) = graph_get(&base, &src, "/v1.0/servicePrincipals?$filter=applicationTemplateId%20eq%20'518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'");
    assert_eq!(listed["value"].as_array().unwrap().iter().filter(|sp| sp["displayName"] == "Applied").count(), 1, "the write was applied");
}

#[test]
fn the_function_catalog_lists_more_than_the_reference_page_and_the_schema_accepts_them() {
    let base = start();
    let src = access(&token_for(&base, FABRIKAM, "admin@", "Application.ReadWrite.All Synchronization.ReadWrite.All"));
    let (_, created) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Catalog" }));
    let sp = created["servicePrincipal"]["id"].as_str().unwrap().to_string();
    let (_, job) = send(&base, &src, "POST", &format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs"), json!({ "templateId": "Azure2Azure" }));
    let schema = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{}/schema", job["id"].as_str().unwrap());
    let (_, catalog) = graph_get(&base, &src, &format!("{schema}/functions"));
    let names: Vec<&str> = catalog["value"].as_array().unwrap().iter().filter_map(|f| f["id"].as_str()).collect();
    assert!(names.len() > 43 && names.contains(&"IsNothing") && names.contains(&"DefaultDomain"), "{names:?}");
    let (status, parsed) = send(&base, &src, "POST", &format!("{schema}/parseExpression"), json!({ "expression": "IIF(IsNothing([mail]), \"none\", [mail])", "testInputObject": { "properties": [] } }));
    assert_eq!(status, 200);
    assert_eq!(parsed["parsingSucceeded"], true, "{parsed}");
}
