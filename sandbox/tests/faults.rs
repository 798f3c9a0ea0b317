//! Fault injection: throttling with Retry-After, unavailability, dropped connections, limits.

mod common;
use common::*;
use serde_json::json;

fn set_faults(base: &str, rules: serde_json::Value) -> u16 {
    agent().put(&format!("{base}/_sandbox/faults")).send_json(json!({ "rules": rules })).unwrap().status().as_u16()
}

#[test]
fn a_counted_throttle_answers_429_with_retry_after_then_lets_requests_through() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read")["access_token"].as_str().unwrap().to_string();
    assert_eq!(set_faults(&base, json!([{ "pathContains": "/v1.0/me", "count": 2, "effect": { "kind": "throttle", "retryAfter": 3 } }])), 204);
    for _ in 0..2 {
        let r = agent().get(&format!("{base}/v1.0/me")).header("Authorization", &format!("Bearer {token}")).call().unwrap();
        assert_eq!(r.status().as_u16(), 429);
        assert_eq!(r.headers().get("retry-after").unwrap(), "3");
        let (_, body) = json(r);
        assert_eq!(body["error"]["code"], "TooManyRequests");
    }
    assert_eq!(graph_get(&base, &token, "/v1.0/me").0, 200);
}

#[test]
fn unavailable_is_503_and_only_hits_matching_paths() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read Organization.Read.All")["access_token"].as_str().unwrap().to_string();
    set_faults(&base, json!([{ "pathContains": "/organization", "effect": { "kind": "unavailable" } }]));
    assert_eq!(graph_get(&base, &token, "/v1.0/organization").0, 503);
    assert_eq!(graph_get(&base, &token, "/v1.0/me").0, 200);
}

#[test]
fn a_dropped_connection_gives_the_client_no_complete_answer() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read")["access_token"].as_str().unwrap().to_string();
    set_faults(&base, json!([{ "pathContains": "/v1.0/me", "count": 1, "effect": { "kind": "drop" } }]));
    let result = agent().get(&format!("{base}/v1.0/me")).header("Authorization", &format!("Bearer {token}")).call();
    let complete = result.ok().and_then(|mut r| r.body_mut().read_to_string().ok());
    assert!(complete.is_none(), "the body must not arrive: {complete:?}");
    assert_eq!(graph_get(&base, &token, "/v1.0/me").0, 200, "count 1: the next request passes");
}

#[test]
fn a_rate_outside_zero_to_one_is_refused() {
    let base = start();
    assert_eq!(set_faults(&base, json!([{ "rate": 1.5, "effect": { "kind": "drop" } }])), 400);
}

#[test]
fn an_in_batch_rule_answers_one_item_with_its_fault_and_its_siblings_normally() {
    let base = start();
    let token = sign_in(&base, CONTOSO, "User.Read Organization.Read.All")["access_token"].as_str().unwrap().to_string();
    assert_eq!(set_faults(&base, json!([{ "pathContains": "/v1.0/organization", "inBatch": true, "count": 1, "effect": { "kind": "throttle", "retryAfter": 2 } }])), 204);
    // The rule is for items only: the direct request passes and does not use up its count.
    assert_eq!(graph_get(&base, &token, "/v1.0/organization").0, 200);
    let batch = |label: &str| {
        let r = agent()
            .post(&format!("{base}/v1.0/$batch"))
            .header("Authorization", &format!("Bearer {token}"))
            .send_json(json!({ "requests": [{ "id": "org", "method": "GET", "url": "/organization" }, { "id": "me", "method": "GET", "url": "/me" }] }))
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{label}: the batch itself succeeds");
        let (_, body) = json(r);
        let item = |id: &str| body["responses"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
        (item("org"), item("me"))
    };
    let (org, me) = batch("first");
    assert_eq!(org["status"], 429);
    assert_eq!(org["headers"]["Retry-After"], "2");
    assert_eq!(org["body"]["error"]["code"], "TooManyRequests");
    assert_eq!(me["status"], 200);
    let (org, _) = batch("second");
    assert_eq!(org["status"], 200, "count 1: the next item passes");
    let log = agent().get(&format!("{base}/_sandbox/requests")).call().unwrap();
    let (_, log) = json(log);
    let hit: Vec<_> = log["value"].as_array().unwrap().iter().filter(|e| e["fault"] == "throttle").collect();
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0]["inBatch"], "/v1.0/$batch");
}

#[test]
fn an_in_batch_rule_with_a_connection_effect_is_refused() {
    let base = start();
    for kind in [json!({ "kind": "drop" }), json!({ "kind": "dropAfter" }), json!({ "kind": "latency", "ms": 10 })] {
        assert_eq!(set_faults(&base, json!([{ "inBatch": true, "effect": kind }])), 400);
    }
    assert_eq!(set_faults(&base, json!([{ "inBatch": true, "effect": { "kind": "status", "status": 403, "code": "Authorization_RequestDenied" } }])), 204);
}
