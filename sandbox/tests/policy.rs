//! Contract tests: partner configurations, identitySynchronization (beta-only group switch),
//! configurations from the template, and $batch.

mod common;
use common::*;
use serde_json::{json, Value};

const POLICY: &str = "User.Read Policy.ReadWrite.CrossTenantAccess Policy.Read.All Application.ReadWrite.All";

fn token(base: &str, tenant: &str) -> String {
    sign_in(base, tenant, POLICY)["access_token"].as_str().unwrap().to_string()
}

#[test]
fn a_partner_is_created_once_and_a_second_post_conflicts() {
    let base = start();
    let t = token(&base, CONTOSO);
    let (status, partner) = send(&base, &t, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    assert_eq!(status, 201, "{partner}");
    assert_eq!(partner["automaticUserConsentSettings"]["inboundAllowed"], Value::Null);
    let (status, again) = send(&base, &t, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    assert_eq!(status, 409);
    assert_eq!(again["error"]["code"], "Request_MultipleObjectsWithSameKeyValue");
    let (status, list) = graph_get(&base, &t, "/v1.0/policies/crossTenantAccessPolicy/partners");
    assert_eq!((status, list["value"].as_array().unwrap().len()), (200, 1));
}

#[test]
fn auto_redemption_patch_changes_only_its_flag() {
    let base = start();
    let t = token(&base, CONTOSO);
    send(&base, &t, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    let path = format!("/v1.0/policies/crossTenantAccessPolicy/partners/{FABRIKAM}");
    assert_eq!(send(&base, &t, "PATCH", &path, json!({ "automaticUserConsentSettings": { "inboundAllowed": true } })).0, 204);
    let (_, p) = graph_get(&base, &t, &path);
    assert_eq!(p["automaticUserConsentSettings"], json!({ "inboundAllowed": true, "outboundAllowed": null }));
    let (status, e) = send(&base, &t, "PATCH", &path, json!({ "automaticUserConsentSettings": { "sideways": true } }));
    assert_eq!((status, e["error"]["code"].as_str()), (400, Some("Request_BadRequest")));
}

#[test]
fn group_sync_inbound_is_beta_only_and_patch_keeps_the_other_flag() {
    let base = start();
    let t = token(&base, CONTOSO);
    send(&base, &t, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    let v1 = format!("/v1.0/policies/crossTenantAccessPolicy/partners/{FABRIKAM}/identitySynchronization");
    let beta = v1.replacen("/v1.0/", "/beta/", 1);
    let (status, e) = send(&base, &t, "PUT", &v1, json!({ "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": true } }));
    assert_eq!(status, 400, "{e}");
    assert!(e["error"]["message"].as_str().unwrap().contains("groupSyncInbound"));
    assert_eq!(send(&base, &t, "PUT", &beta, json!({ "displayName": "Fabrikam", "userSyncInbound": { "isSyncAllowed": true } })).0, 204);
    let (status, e) = send(&base, &t, "PUT", &beta, json!({ "userSyncInbound": { "isSyncAllowed": true } }));
    assert_eq!((status, e["error"]["code"].as_str()), (409, Some("Request_MultipleObjectsWithSameKeyValue")));
    assert_eq!(send(&base, &t, "PATCH", &beta, json!({ "groupSyncInbound": { "isSyncAllowed": true } })).0, 204);
    let (_, s) = graph_get(&base, &t, &beta);
    assert_eq!(s["userSyncInbound"]["isSyncAllowed"], true);
    assert_eq!(s["groupSyncInbound"]["isSyncAllowed"], true);
    let (_, s1) = graph_get(&base, &t, &v1);
    assert!(s1.get("groupSyncInbound").is_none(), "v1.0 does not show the beta property");
}

#[test]
fn identity_sync_on_a_missing_partner_is_directory_object_not_found() {
    let base = start();
    let t = token(&base, CONTOSO);
    let (status, e) = send(&base, &t, "PATCH", &format!("/beta/policies/crossTenantAccessPolicy/partners/{FABRIKAM}/identitySynchronization"), json!({ "userSyncInbound": { "isSyncAllowed": true } }));
    assert_eq!((status, e["error"]["code"].as_str()), (404, Some("Directory_ObjectNotFound")));
}

#[test]
fn a_reader_cannot_write_the_policy() {
    let base = start();
    let code = authorize(&base, CONTOSO, &admin_id(CONTOSO, "reader@"), POLICY, "s");
    let t = redeem(&base, CONTOSO, &code).1["access_token"].as_str().unwrap().to_string();
    let (status, e) = send(&base, &t, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    assert_eq!((status, e["error"]["code"].as_str()), (403, Some("Authorization_RequestDenied")));
    assert_eq!(graph_get(&base, &t, "/v1.0/policies/crossTenantAccessPolicy/partners").0, 200, "readers may read");
}

#[test]
fn instantiating_the_template_creates_a_findable_configuration() {
    let base = start();
    let t = token(&base, FABRIKAM);
    let (status, created) = send(&base, &t, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Sync to Contoso" }));
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["servicePrincipal"]["appRoles"][0]["displayName"], "msiam_access");
    let (_, list) = graph_get(&base, &t, "/v1.0/servicePrincipals?$filter=applicationTemplateId%20eq%20'518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'");
    assert_eq!(list["value"][0]["id"], created["servicePrincipal"]["id"]);
    let (status, _) = send(&base, &t, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": " " }));
    assert_eq!(status, 400);
}

#[test]
fn malformed_json_is_a_400_and_changes_nothing() {
    let base = start();
    let t = token(&base, CONTOSO);
    let r = agent().post(&format!("{base}/v1.0/policies/crossTenantAccessPolicy/partners")).header("Authorization", &format!("Bearer {t}")).header("Content-Type", "application/json").send("{not json").unwrap();
    assert_eq!(json(r).0, 400);
    let (_, list) = graph_get(&base, &t, "/v1.0/policies/crossTenantAccessPolicy/partners");
    assert!(list["value"].as_array().unwrap().is_empty());
}

#[test]
fn batch_runs_inner_requests_and_fails_dependants_with_424() {
    let base = start();
    let t = token(&base, CONTOSO);
    let (status, out) = send(&base, &t, "POST", "/v1.0/$batch", json!({ "requests": [
        { "id": "1", "method": "GET", "url": "/me" },
        { "id": "2", "method": "GET", "url": "/policies/crossTenantAccessPolicy/partners/00000000-0000-0000-0000-000000000001" },
        { "id": "3", "method": "GET", "url": "/organization", "dependsOn": ["2"] },
    ] }));
    assert_eq!(status, 200, "{out}");
    let by_id = |id: &str| out["responses"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(by_id("1")["status"], 200);
    assert_eq!(by_id("2")["status"], 404);
    assert_eq!(by_id("3")["status"], 424);
}

#[test]
fn a_batch_over_twenty_or_with_duplicate_ids_is_refused() {
    let base = start();
    let t = token(&base, CONTOSO);
    let many: Vec<Value> = (0..21).map(|i| json!({ "id": i.to_string(), "method": "GET", "url": "/me" })).collect();
    assert_eq!(send(&base, &t, "POST", "/v1.0/$batch", json!({ "requests": many })).0, 400);
    let dup = json!({ "requests": [{ "id": "a", "method": "GET", "url": "/me" }, { "id": "A", "method": "GET", "url": "/me" }] });
    assert_eq!(send(&base, &t, "POST", "/v1.0/$batch", dup).0, 400);
}
