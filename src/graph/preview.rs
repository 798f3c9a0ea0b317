//! What the impact preview reads. Source: the job's schema and settings, the assignments, each
//! assigned user, each assigned group with its direct members (users and nested groups), or every
//! user when the scope is "all users". Target: whether group sync is allowed, then the objects
//! holding the in-scope addresses, 15 addresses to a `$filter` (Graph's default limit for `in`:
//! "15 expressions in a filter clause"), four lookups per 15 (users by `mail in`, users by
//! `proxyAddresses/any`, groups and contacts by `mail in`), 20 to a `$batch`, four batches at a
//! time; and target groups named like the assigned ones.

use crate::graph::client::{batched, ApiVersion, Graph};
use crate::graph::mapping::blast::{scope_user, user_select};
use crate::graph::setup::apply::{AssignedPrincipal, KeyValue, ASSIGNMENT_SELECT};
use crate::model::batch::BatchRequest;
use crate::model::error::{AppError, ErrorKind};
use crate::model::graph_url::with_query;
use crate::model::mapping::schema::{mapping_of, value_text};
use crate::model::preview::{bare, Inputs, SourceGroup, SourceUser, TargetHolder, TargetUser};
use crate::model::setup::directory::IdentitySynchronization;
use serde_json::Value;

/// Values per `in (…)` list or `or`-joined lambda: Graph's documented default.
pub const PER_FILTER: usize = 15;

const GROUP_SELECT: &str = "id,displayName,description,mail,mailEnabled,securityEnabled,groupTypes,isAssignableToRole,mailNickname";
const TARGET_USER_SELECT: &str = "id,userPrincipalName,mail,proxyAddresses,userType,externalUserState";
const HOLDER_SELECT: &str = "id,displayName,mail,proxyAddresses";

fn failed(what: &str, status: u16) -> AppError {
    AppError::new(ErrorKind::Graph, "preview_unreadable", format!("{what} could not be read (HTTP {status}). The preview needs every object in scope; nothing was changed. Try again."))
}

fn is_type(v: &Value, t: &str) -> bool {
    v["@odata.type"].as_str().is_none_or(|x| x.eq_ignore_ascii_case(t))
}

/// A user as the blast radius reads it (`scope_user`), with its mail.
fn source_user(v: &Value) -> Option<SourceUser> {
    let u = scope_user(v, "")?;
    Some(SourceUser { id: u.id, name: u.name, user_principal_name: u.user_principal_name, mail: v["mail"].as_str().map(String::from), enabled: u.enabled, attributes: u.attributes })
}

fn source_group(v: &Value) -> SourceGroup {
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    SourceGroup {
        id: text("id"),
        name: text("displayName"),
        group_types: v["groupTypes"].as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default(),
        mail_enabled: v["mailEnabled"].as_bool().unwrap_or(false),
        security_enabled: v["securityEnabled"].as_bool().unwrap_or(false),
        role_assignable: v["isAssignableToRole"].as_bool().unwrap_or(false),
        attributes: v.as_object().map(|o| o.iter().filter_map(|(k, v)| value_text(v).map(|t| (k.clone(), t))).collect()).unwrap_or_default(),
        ..Default::default()
    }
}

/// The attributes a mapping's scoping filter reads (`user_select` keeps the safe names, once;
/// `IsSoftDeleted` is the service's, not a Graph property).
fn filter_attributes(mapping: Option<&Value>) -> Vec<String> {
    let clauses = mapping.and_then(|m| m["scope"]["groups"].as_array()).into_iter().flatten().flat_map(|g| g["clauses"].as_array().into_iter().flatten());
    clauses.filter_map(|c| c["sourceOperandName"].as_str()).filter(|a| !a.eq_ignore_ascii_case("IsSoftDeleted")).map(String::from).collect()
}

/// Reads the source side and the target's group-sync switch: everything but the address lookups.
pub async fn read_scope(source: Graph, target: Graph, source_tenant_id: &str, configuration_id: &str, job_id: &str) -> Result<Inputs, AppError> {
    let schema_path = format!("/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}/schema");
    let secrets_path = format!("/servicePrincipals/{configuration_id}/synchronization/secrets");
    let list_path = with_query(&format!("/servicePrincipals/{configuration_id}/appRoleAssignedTo"), &[("$select", ASSIGNMENT_SELECT), ("$top", "999")]);
    let sync_path = format!("/policies/crossTenantAccessPolicy/partners/{source_tenant_id}/identitySynchronization");
    let (schema, secrets, list, sync) = futures::join!(
        source.get::<Value>(ApiVersion::V1, &schema_path),
        source.get_all::<KeyValue>(ApiVersion::Beta, &secrets_path, &[]),
        source.get_all::<AssignedPrincipal>(ApiVersion::V1, &list_path, &[]),
        target.get::<IdentitySynchronization>(ApiVersion::Beta, &sync_path),
    );
    let schema = schema?;
    let user_mapping = mapping_of(&schema, "User").cloned();
    let group_mapping = mapping_of(&schema, "Group").cloned();
    let group_sync_allowed = match sync {
        Ok(s) => s.groups_allowed(),
        Err(e) if e.status == Some(404) => false,
        Err(e) => return Err(e),
    };
    let sync_all = secrets?.iter().any(|kv| kv.key == "SyncAll" && kv.value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("true")));
    let select = user_select(&["id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType"], &filter_attributes(user_mapping.as_ref()));
    let mut input = Inputs { user_mapping, group_mapping, group_sync_allowed, ..Default::default() };
    if sync_all {
        let all: Vec<Value> = source.get_all(ApiVersion::V1, &with_query("/users", &[("$select", &select), ("$top", "999")]), &[]).await?;
        input.users.extend(all.iter().filter_map(source_user));
    }
    let list = list?;
    let mut requests = vec![];
    for (i, a) in list.iter().enumerate() {
        if a.principal_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("Group")) {
            requests.push(BatchRequest::get(&format!("g{i}"), with_query(&format!("/groups/{}", a.principal_id), &[("$select", GROUP_SELECT)])));
            requests.push(BatchRequest::get(&format!("m{i}"), with_query(&format!("/groups/{}/members", a.principal_id), &[("$select", &format!("{select},securityEnabled")), ("$top", "999")])));
        } else {
            requests.push(BatchRequest::get(&format!("u{i}"), with_query(&format!("/users/{}", a.principal_id), &[("$select", &select)])));
        }
    }
    let answers = batched(source, ApiVersion::V1, requests).await?;
    let answer = |id: String| answers.iter().find(|r| r.id == id);
    for (i, a) in list.iter().enumerate() {
        let name = a.principal_display_name.clone().unwrap_or_else(|| a.principal_id.clone());
        if let Some(r) = answer(format!("u{i}")) {
            match r.status {
                200..=299 => input.users.extend(source_user(&r.body)),
                // An assignment whose object is gone has nobody to provision.
                404 => {}
                s => return Err(failed(&format!("The assigned user \"{name}\""), s)),
            }
            continue;
        }
        let (Some(g), Some(m)) = (answer(format!("g{i}")), answer(format!("m{i}"))) else { continue };
        if g.status == 404 {
            continue;
        }
        for r in [g, m] {
            if !(200..300).contains(&r.status) {
                return Err(failed(&format!("The assigned group \"{name}\""), r.status));
            }
        }
        let mut group = source_group(&g.body);
        for member in m.body["value"].as_array().into_iter().flatten() {
            if is_type(member, "#microsoft.graph.user") {
                if let Some(u) = source_user(member) {
                    group.members.push(u.id.clone());
                    input.users.push(u);
                }
            } else if is_type(member, "#microsoft.graph.group") {
                group.nested.push((member["id"].as_str().unwrap_or_default().to_string(), member["displayName"].as_str().unwrap_or_default().to_string()));
            }
        }
        input.groups.push(group);
    }
    let mut seen = std::collections::HashSet::new();
    input.users.retain(|u| seen.insert(u.id.clone()));
    // Same-name groups in the target, 15 names to a filter.
    let names: Vec<String> = input.groups.iter().map(|g| g.name.clone()).collect();
    let requests: Vec<BatchRequest> = names
        .chunks(PER_FILTER)
        .enumerate()
        .map(|(i, chunk)| BatchRequest::get(&format!("n{i}"), with_query("/groups", &[("$filter", &format!("displayName in ({})", quoted(chunk))), ("$select", "id,displayName"), ("$top", "999")])))
        .collect();
    for r in batched(target, ApiVersion::V1, requests).await? {
        if !(200..300).contains(&r.status) {
            return Err(failed("The target's groups", r.status));
        }
        for g in r.body["value"].as_array().into_iter().flatten() {
            input.target_group_names.push((g["id"].as_str().unwrap_or_default().to_string(), g["displayName"].as_str().unwrap_or_default().to_string()));
        }
    }
    Ok(input)
}

/// OData string literals, comma-separated (`'` doubled).
fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect::<Vec<_>>().join(",")
}

/// The in-scope addresses (bare, lower case, each once), in the users' order.
pub fn addresses(users: &[SourceUser]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    users.iter().filter_map(|u| u.mail.as_deref().map(bare)).filter(|a| !a.is_empty() && seen.insert(a.clone())).collect()
}

/// What the target holds for `addresses` (at most a few hundred at a time: the caller paces).
pub async fn read_holders(target: Graph, addresses: &[String]) -> Result<(Vec<TargetUser>, Vec<TargetHolder>, Vec<TargetHolder>), AppError> {
    let mut requests = vec![];
    for (i, chunk) in addresses.chunks(PER_FILTER).enumerate() {
        let mails = quoted(chunk);
        let proxies = chunk.iter().map(|a| format!("proxyAddresses/any(p:p eq 'smtp:{}')", a.replace('\'', "''"))).collect::<Vec<_>>().join(" or ");
        requests.push(BatchRequest::get(&format!("um{i}"), with_query("/users", &[("$filter", &format!("mail in ({mails})")), ("$select", TARGET_USER_SELECT), ("$top", "999")])));
        requests.push(BatchRequest::get(&format!("up{i}"), with_query("/users", &[("$filter", &proxies), ("$select", TARGET_USER_SELECT), ("$top", "999")])));
        requests.push(BatchRequest::get(&format!("gm{i}"), with_query("/groups", &[("$filter", &format!("mail in ({mails})")), ("$select", HOLDER_SELECT), ("$top", "999")])));
        requests.push(BatchRequest::get(&format!("cm{i}"), with_query("/contacts", &[("$filter", &format!("mail in ({mails})")), ("$select", HOLDER_SELECT), ("$top", "999")])));
    }
    let answers = batched(target, ApiVersion::V1, requests).await?;
    if let Some(r) = answers.iter().find(|r| !(200..300).contains(&r.status)) {
        return Err(failed("The target's users, groups and contacts", r.status));
    }
    Ok(holders_of(answers))
}

/// Users, groups and contacts from answers whose ID starts with `u`, `g` or `c`; a user found by
/// two lookups is kept once.
fn holders_of(answers: Vec<crate::model::batch::BatchResponse>) -> (Vec<TargetUser>, Vec<TargetHolder>, Vec<TargetHolder>) {
    let (mut users, mut groups, mut contacts) = (Vec::<TargetUser>::new(), vec![], vec![]);
    let mut seen = std::collections::HashSet::new();
    let strings = |v: &Value| v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect::<Vec<_>>()).unwrap_or_default();
    let text = |v: &Value| v.as_str().map(String::from);
    for r in answers {
        for v in r.body["value"].as_array().into_iter().flatten() {
            let id = v["id"].as_str().unwrap_or_default().to_string();
            let holder = || TargetHolder { id: id.clone(), name: v["displayName"].as_str().unwrap_or_default().to_string(), mail: text(&v["mail"]), proxy_addresses: strings(&v["proxyAddresses"]) };
            match r.id.get(..1) {
                Some("u") if seen.insert(id.clone()) => users.push(TargetUser {
                    id: id.clone(),
                    user_principal_name: v["userPrincipalName"].as_str().unwrap_or_default().to_string(),
                    mail: text(&v["mail"]),
                    proxy_addresses: strings(&v["proxyAddresses"]),
                    user_type: text(&v["userType"]),
                    external_user_state: text(&v["externalUserState"]),
                }),
                Some("g") => groups.push(holder()),
                Some("c") => contacts.push(holder()),
                _ => {}
            }
        }
    }
    (users, groups, contacts)
}

/// How many users, groups and contacts the target holds (`$count`, an advanced query with
/// `ConsistencyLevel: eventual`), three requests side by side; `None` when a count cannot be read.
/// Not through `$batch`: the client follows a batched collection's next pages, and these need only
/// the first.
pub async fn target_sizes(target: Graph) -> Option<[u64; 3]> {
    let count = |c: &'static str| async move {
        let url = target.url(ApiVersion::V1, &with_query(&format!("/{c}"), &[("$count", "true"), ("$top", "1"), ("$select", "id")]));
        let body = target.send(gloo_net::http::Method::GET, &url, None, &[("ConsistencyLevel", "eventual")]).await.ok()?;
        serde_json::from_str::<Value>(&body).ok()?["@odata.count"].as_u64()
    };
    let (u, g, c) = futures::join!(count("users"), count("groups"), count("contacts"));
    Some([u?, g?, c?])
}

/// Every user, group and contact of the target that holds an address (mail or proxy), read whole:
/// cheaper than lookups when the scope is large and the target small. Three collections read side
/// by side, 999 to a page.
pub async fn read_all_holders(target: Graph) -> Result<(Vec<TargetUser>, Vec<TargetHolder>, Vec<TargetHolder>), AppError> {
    let path = |c: &str, select: &str| with_query(&format!("/{c}"), &[("$select", select), ("$top", "999")]);
    let (u, g, c) = (path("users", TARGET_USER_SELECT), path("groups", HOLDER_SELECT), path("contacts", HOLDER_SELECT));
    let (users, groups, contacts) = futures::join!(target.get_all::<Value>(ApiVersion::V1, &u, &[]), target.get_all::<Value>(ApiVersion::V1, &g, &[]), target.get_all::<Value>(ApiVersion::V1, &c, &[]));
    let answer = |id: &str, items: Vec<Value>| crate::model::batch::BatchResponse { id: id.into(), status: 200, headers: Default::default(), body: serde_json::json!({ "value": items }) };
    Ok(holders_of(vec![answer("u", users?), answer("g", groups?), answer("c", contacts?)]))
}
