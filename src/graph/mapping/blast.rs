//! The users a job scopes, read for the blast radius of a scoping filter change: the assigned
//! users and the direct user members of the assigned groups (nested groups do not count, as the
//! service scopes them), with the attributes the filters read, and the deletion threshold. One
//! list, one `$batch` of reads per 20 assignments (members' further pages followed), and the
//! settings read beside it.

use crate::graph::client::{ApiVersion, Graph};
use crate::graph::setup::apply::{AssignedPrincipal, KeyValue, ASSIGNMENT_SELECT};
use crate::model::batch::BatchRequest;
use crate::model::error::AppError;
use crate::model::graph_url::with_query;
use crate::model::mapping::blast::ScopeUser;
use crate::model::mapping::schema::value_text;
use crate::model::setup::plan::notification_settings;
use serde_json::Value;

pub(crate) fn scope_user(v: &Value, via: &str) -> Option<ScopeUser> {
    let o = v.as_object()?;
    if o.get("@odata.type").and_then(Value::as_str).is_some_and(|t| t != "#microsoft.graph.user") {
        return None;
    }
    Some(ScopeUser {
        id: o.get("id")?.as_str()?.to_string(),
        name: o.get("displayName").and_then(Value::as_str).unwrap_or_default().to_string(),
        user_principal_name: o.get("userPrincipalName").and_then(Value::as_str).unwrap_or_default().to_string(),
        // Absent means not selected or not readable: counted as enabled (the safer reading for a
        // deletion forecast: it may over-count, never under-count).
        enabled: o.get("accountEnabled").and_then(Value::as_bool).unwrap_or(true),
        attributes: o.iter().filter(|(k, _)| !k.starts_with('@')).filter_map(|(k, v)| value_text(v).map(|t| (k.clone(), t))).collect(),
        via: via.to_string(),
    })
}

/// A user `$select`: `base`, then each of `attributes` with a safe name that is not there yet.
pub(crate) fn user_select(base: &[&str], attributes: &[String]) -> String {
    let mut select: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    for a in attributes.iter().filter(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
        if !select.iter().any(|s| s.eq_ignore_ascii_case(a)) {
            select.push(a.clone());
        }
    }
    select.join(",")
}

/// What a scope read selects of each user besides the filters' attributes.
const SCOPE_SELECT: [&str; 4] = ["id", "displayName", "userPrincipalName", "accountEnabled"];

/// The users in scope of the configuration, and its deletion threshold (`None`: off or unread).
pub async fn scope_users(graph: Graph, configuration_id: &str, attributes: &[String]) -> Result<(Vec<ScopeUser>, Option<u32>), AppError> {
    let select = user_select(&SCOPE_SELECT, attributes);
    let list_path = with_query(&format!("/servicePrincipals/{configuration_id}/appRoleAssignedTo"), &[("$select", ASSIGNMENT_SELECT), ("$top", "999")]);
    let secrets_path = format!("/servicePrincipals/{configuration_id}/synchronization/secrets");
    let (list, secrets) = futures::join!(graph.get_all::<AssignedPrincipal>(ApiVersion::V1, &list_path, &[]), graph.get_all::<KeyValue>(ApiVersion::Beta, &secrets_path, &[]));
    let list = list?;
    let threshold = secrets.ok().and_then(|kv| notification_settings(&kv.into_iter().map(|p| (p.key, p.value.unwrap_or_default())).collect::<Vec<_>>()).1);
    let requests: Vec<BatchRequest> = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let url = if a.principal_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("Group")) {
                with_query(&format!("/groups/{}/members", a.principal_id), &[("$select", &select), ("$top", "999")])
            } else {
                with_query(&format!("/users/{}", a.principal_id), &[("$select", &select)])
            };
            BatchRequest::get(&i.to_string(), url)
        })
        .collect();
    let answers = if requests.is_empty() { vec![] } else { graph.batch(ApiVersion::V1, requests).await? };
    let mut users = vec![];
    for (i, a) in list.iter().enumerate() {
        let Some(r) = answers.iter().find(|r| r.id == i.to_string()) else { continue };
        if !(200..300).contains(&r.status) {
            // An assignment whose object is gone has nobody to keep or remove.
            if r.status == 404 {
                continue;
            }
            return Err(crate::model::error::AppError::new(crate::model::error::ErrorKind::Graph, "scope_unreadable", format!("The members of \"{}\" could not be read (HTTP {}). The forecast needs every user in scope; try again.", a.principal_display_name.clone().unwrap_or_else(|| a.principal_id.clone()), r.status)));
        }
        match r.body["value"].as_array() {
            Some(members) => {
                users.extend(members.iter().filter_map(|m| scope_user(m, &a.principal_id)));
                let mut next = r.body["@odata.nextLink"].as_str().map(String::from);
                while let Some(link) = next.take() {
                    let (page, more) = graph.get_page::<Value>(&link, &[]).await?;
                    users.extend(page.iter().filter_map(|m| scope_user(m, &a.principal_id)));
                    next = more;
                }
            }
            None => users.extend(scope_user(&r.body, &a.principal_id)),
        }
    }
    Ok((users, threshold))
}

/// Every user of the source, each as reached through `via` (the scope "all users").
pub async fn all_users(graph: Graph, attributes: &[String], via: &str) -> Result<Vec<ScopeUser>, AppError> {
    let all: Vec<Value> = graph.get_all(ApiVersion::V1, &with_query("/users", &[("$select", &user_select(&SCOPE_SELECT, attributes)), ("$top", "999")]), &[]).await?;
    Ok(all.iter().filter_map(|u| scope_user(u, via)).collect())
}
