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
