//! Contract tests: group and user queries the picker uses, members, assignments, start.

mod common;
use common::*;
use serde_json::{json, Value};

const SCOPES: &str = "User.Read Group.Read.All User.ReadBasic.All GroupMember.Read.All Application.ReadWrite.All AppRoleAssignment.ReadWrite.All Synchronization.ReadWrite.All";

fn get_with(base: &str, token: &str, path: &str, eventual: bool) -> (u16, Value) {
    let mut req = agent().get(&format!("{base}{path}")).header("Authorization", &format!("Bearer {token}"));
    if eventual {
        req = req.header("ConsistencyLevel", "eventual");
    }
    json(req.call().unwrap())
}

#[test]
fn search_needs_consistency_level_and_finds_by_word_prefix() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let path = "/v1.0/groups?$search=%22displayName:sales%22&$count=true&$select=id,displayName";
    let (status, e) = get_with(&base, &t, path, false);
    assert_eq!((status, e["error"]["code"].as_str()), (400, Some("Request_UnsupportedQuery")));
    let (status, found) = get_with(&base, &t, path, true);
    assert_eq!(status, 200, "{found}");
    let names: Vec<&str> = found["value"].as_array().unwrap().iter().map(|g| g["displayName"].as_str().unwrap()).collect();
    assert_eq!(names, ["Sales", "Sales UK", "EMEA Sales"]);
    assert_eq!(found["@odata.count"], 3);
    assert!(found["value"][0].get("mailEnabled").is_none(), "$select keeps only the named properties");
}

#[test]
fn paging_follows_next_links_to_the_end_without_repeats() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let mut url = "/v1.0/users?$top=100&$select=id".to_string();
    let mut ids = std::collections::HashSet::new();
    let mut pages = 0;
    loop {
        let (status, page) = get_with(&base, &t, &url, false);
        assert_eq!(status, 200);
        pages += 1;
        for u in page["value"].as_array().unwrap() {
            assert!(ids.insert(u["id"].as_str().unwrap().to_string()));
        }
        match page["@odata.nextLink"].as_str() {
            // Absolute, as Graph gives it.
            Some(next) => url = next.strip_prefix(base.as_str()).expect("an absolute nextLink on the sandbox").to_string(),
            None => break,
        }
    }
    assert_eq!((ids.len(), pages), (303, 4));
}

#[test]
fn oversized_top_and_unknown_filters_are_400() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    assert_eq!(get_with(&base, &t, "/v1.0/groups?$top=1000", false).0, 400);
    assert_eq!(get_with(&base, &t, "/v1.0/groups?$filter=displayName%20has%20'x'", false).0, 400);
    let (status, v) = get_with(&base, &t, "/v1.0/groups?$filter=securityEnabled%20eq%20false%20and%20mailEnabled%20eq%20true", false);
    assert_eq!(status, 200);
    assert!(v["value"].as_array().unwrap().iter().all(|g| g["mailEnabled"] == true && g["securityEnabled"] == false));
}

#[test]
fn members_list_users_and_nested_groups_with_their_type() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let (_, groups) = get_with(&base, &t, "/v1.0/groups?$filter=displayName%20eq%20'EMEA%20Sales'", false);
    let id = groups["value"][0]["id"].as_str().unwrap();
    let (_, members) = get_with(&base, &t, &format!("/v1.0/groups/{id}/members?$top=999"), false);
    let types: Vec<&str> = members["value"].as_array().unwrap().iter().map(|m| m["@odata.type"].as_str().unwrap()).collect();
    assert_eq!(types.iter().filter(|t| **t == "#microsoft.graph.user").count(), 5);
    assert_eq!(types.iter().filter(|t| **t == "#microsoft.graph.group").count(), 1);
}

#[test]
fn assignment_is_created_once_then_started() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let post = |path: &str, body: Value| json(agent().post(&format!("{base}{path}")).header("Authorization", &format!("Bearer {t}")).send_json(body).unwrap());
    let (_, created) = post("/v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate", json!({ "displayName": "x" }));
    let sp = created["servicePrincipal"]["id"].as_str().unwrap().to_string();
    let role = created["servicePrincipal"]["appRoles"][0]["id"].as_str().unwrap().to_string();
    let (_, groups) = get_with(&base, &t, "/v1.0/groups?$filter=displayName%20eq%20'Sales'", false);
    let gid = groups["value"][0]["id"].as_str().unwrap().to_string();
    let body = json!({ "principalId": gid, "resourceId": sp, "appRoleId": role });
    let (status, a) = post(&format!("/v1.0/servicePrincipals/{sp}/appRoleAssignedTo"), body.clone());
    assert_eq!(status, 201, "{a}");
    assert_eq!(a["principalType"], "Group");
    let (status, again) = post(&format!("/v1.0/servicePrincipals/{sp}/appRoleAssignedTo"), body);
    assert_eq!(status, 400);
    assert!(again["error"]["message"].as_str().unwrap().contains("already exists"));
    let (_, job) = post(&format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs"), json!({ "templateId": "Azure2Azure" }));
    let job = job["id"].as_str().unwrap().to_string();
    assert_eq!(post(&format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}/start"), json!({})).0, 204);
    let (_, j) = get_with(&base, &t, &format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}"), false);
    assert_eq!((j["schedule"]["state"].as_str(), j["status"]["code"].as_str()), (Some("Active"), Some("NotRun")));
}

#[test]
fn orderby_sorts_ascending_or_descending_and_keeps_paging() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    let (status, asc) = get_with(&base, &t, "/v1.0/groups?$orderby=displayName&$top=3&$select=displayName", false);
    assert_eq!(status, 200);
    let names: Vec<&str> = asc["value"].as_array().unwrap().iter().map(|g| g["displayName"].as_str().unwrap()).collect();
    assert_eq!(names, ["<img src=x onerror=\"window.__xss=1\">Marketing <script>window.__xss=2</script>", "All Staff Distribution", "Dynamic Distribution Everyone"]);
    assert!(asc["@odata.nextLink"].as_str().unwrap().contains("$orderby=displayName"));
    let (_, desc) = get_with(&base, &t, "/v1.0/groups?$orderby=displayName%20desc&$top=1&$select=displayName", false);
    assert_eq!(desc["value"][0]["displayName"], "Team 25");
    assert_eq!(get_with(&base, &t, "/v1.0/groups?$orderby=displayName%20sideways", false).0, 400);
}

#[test]
fn orderby_takes_several_properties_in_turn() {
    let base = start();
    let t = sign_in(&base, FABRIKAM, SCOPES)["access_token"].as_str().unwrap().to_string();
    // Security groups first (true > false descending), then by name within each.
    let (status, page) = get_with(&base, &t, "/v1.0/groups?$orderby=mailEnabled,displayName%20desc&$top=999&$select=displayName,mailEnabled", false);
    assert_eq!(status, 200, "{page}");
    let list: Vec<(bool, String)> = page["value"].as_array().unwrap().iter().map(|g| (g["mailEnabled"].as_bool().unwrap(), g["displayName"].as_str().unwrap().to_string())).collect();
    let mut sorted = list.clone();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    assert_eq!(list, sorted);
    assert!(list.first().is_some_and(|g| !g.0) && list.last().is_some_and(|g| g.0), "both kinds are present");
}
