//! Contract tests: test connection explains the switch that is off; jobs; secrets are PUT whole.

mod common;
use common::*;
use serde_json::{json, Value};

const SCOPES: &str = "User.Read Policy.ReadWrite.CrossTenantAccess Policy.Read.All Application.ReadWrite.All Synchronization.ReadWrite.All";

fn validate(base: &str, src: &str, sp: &str) -> (u16, Value) {
    send(base, src, "POST", &format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/validateCredentials"), json!({
        "useSavedCredentials": false, "templateId": "Azure2Azure",
        "credentials": [{ "key": "CompanyId", "value": CONTOSO }, { "key": "AuthenticationType", "value": "SyncPolicy" }]
    }))
}

#[test]
fn test_connection_names_each_switch_that_is_off_until_all_are_on() {
    let base = start();
    let src = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let tgt = sign_in(&base, CONTOSO, SCOPES)["access_token"].as_str().unwrap().to_string();
    let (_, created) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Sync to Contoso" }));
    let sp = created["servicePrincipal"]["id"].as_str().unwrap().to_string();
    let message = |r: (u16, Value)| { assert_eq!(r.0, 400, "{}", r.1); assert_eq!(r.1["error"]["code"], "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure"); r.1["error"]["message"].as_str().unwrap().to_string() };

    assert!(message(validate(&base, &src, &sp)).contains("source tenant has not enabled automatic user consent"));
    send(&base, &src, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": CONTOSO, "automaticUserConsentSettings": { "outboundAllowed": true } }));
    assert!(message(validate(&base, &src, &sp)).contains("target tenant has not enabled inbound synchronization"));
    send(&base, &tgt, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners", json!({ "tenantId": FABRIKAM }));
    send(&base, &tgt, "PUT", &format!("/beta/policies/crossTenantAccessPolicy/partners/{FABRIKAM}/identitySynchronization"), json!({ "userSyncInbound": { "isSyncAllowed": true } }));
    assert!(message(validate(&base, &src, &sp)).contains("inbound automatic redemption"));
    send(&base, &tgt, "PATCH", &format!("/v1.0/policies/crossTenantAccessPolicy/partners/{FABRIKAM}"), json!({ "automaticUserConsentSettings": { "inboundAllowed": true } }));
    assert_eq!(validate(&base, &src, &sp).0, 204);
}

#[test]
fn a_job_is_created_once_and_secrets_are_replaced_whole() {
    let base = start();
    let src = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let (_, created) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Sync to Contoso" }));
    let sp = created["servicePrincipal"]["id"].as_str().unwrap().to_string();
    let jobs = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs");
    let (status, job) = send(&base, &src, "POST", &jobs, json!({ "templateId": "Azure2Azure" }));
    assert_eq!(status, 201);
    assert!(job["id"].as_str().unwrap().starts_with("Azure2Azure."));
    assert_eq!(job["schedule"]["interval"], "PT40M");
    // Graph documents no one-job limit: a second create makes a second job, which can be deleted.
    let (status, second) = send(&base, &src, "POST", &jobs, json!({ "templateId": "Azure2Azure" }));
    assert_eq!(status, 201);
    assert_eq!(graph_get(&base, &src, &jobs).1["value"].as_array().unwrap().len(), 2);
    assert_eq!(send(&base, &src, "DELETE", &format!("{jobs}/{}", second["id"].as_str().unwrap()), json!({})).0, 204);
    assert_eq!(graph_get(&base, &src, &jobs).1["value"].as_array().unwrap().len(), 1);
    // A duplicate configuration goes with its application, addressed by appId.
    let (_, dup) = send(&base, &src, "POST", "/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "Sync to Contoso" }));
    let app_id = dup["application"]["appId"].as_str().unwrap();
    assert_eq!(send(&base, &src, "DELETE", &format!("/v1.0/applications(appId='{app_id}')"), json!({})).0, 204);
    let listed = graph_get(&base, &src, "/v1.0/servicePrincipals?$filter=applicationTemplateId%20eq%20'518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'").1;
    assert_eq!(listed["value"].as_array().unwrap().len(), 1);

    let secrets = format!("/v1.0/servicePrincipals/{sp}/synchronization/secrets");
    let full = json!({ "value": [
        { "key": "AuthenticationType", "value": "SyncPolicy" }, { "key": "CompanyId", "value": CONTOSO },
        { "key": "SyncNotificationSettings", "value": "{\"Enabled\":true,\"Recipients\":\"ops@fabrikam.com\",\"DeleteThresholdEnabled\":true,\"DeleteThresholdValue\":100}" },
        { "key": "SyncAll", "value": "false" } ] });
    assert_eq!(send(&base, &src, "PUT", &secrets, full).0, 204);
    assert_eq!(send(&base, &src, "PATCH", &secrets, json!({ "value": [] })).0, 405);
    let (status, read) = graph_get(&base, &src, &secrets.replacen("/v1.0/", "/beta/", 1));
    assert_eq!(status, 200);
    assert_eq!(read["value"].as_array().unwrap().len(), 4);
    let bad = json!({ "value": [{ "key": "SyncNotificationSettings", "value": "not json" }] });
    assert_eq!(send(&base, &src, "PUT", &secrets, bad).0, 400);
    assert_eq!(graph_get(&base, &src, &secrets.replacen("/v1.0/", "/beta/", 1)).1["value"].as_array().unwrap().len(), 4, "a refused PUT changes nothing");
}
