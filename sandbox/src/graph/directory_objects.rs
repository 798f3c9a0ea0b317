//! Users and groups with the query options the picker uses (`$search` with `ConsistencyLevel`,
//! `$filter`, `$select`, `$top`, `$count`, paging), group members, and assignments to a
//! configuration (`appRoleAssignedTo`).

use super::{body_object, Caller, GraphError, GraphRequest, GraphResult, Reply};
use crate::clock::{iso8601, now};
use crate::seed::{GroupSeed, UserSeed};
use crate::state::{Assignment, Shared, Tenant};
use crate::token::random_guid;
use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::permissions as perm;
const MAX_TOP: usize = 999;
const DEFAULT_TOP: usize = 100;

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    if r.method != Method::GET {
        return Err(GraphError::method_not_allowed());
    }
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let world = s.world.lock().unwrap();
    let tenant = world.tenant(&caller.claims.tid).expect("authenticated callers have a tenant");
    match seg.as_slice() {
        ["groups"] => {
            caller.require(&perm::GROUPS_READ)?;
            let items: Vec<Value> = tenant.groups.iter().map(group_json).collect();
            collection(r, items, "/groups")
        }
        ["groups", id] => {
            caller.require(&perm::GROUPS_READ)?;
            let g = tenant.groups.iter().find(|g| g.id == *id).ok_or_else(|| not_found(id))?;
            Ok(Reply::Json(StatusCode::OK, select(group_json(g), r)?))
        }
        ["groups", id, "members"] => {
            caller.require(&perm::GROUP_MEMBERS)?;
            let g = tenant.groups.iter().find(|g| g.id == *id).ok_or_else(|| not_found(id))?;
            if ["$filter", "$search", "$orderby", "$count"].iter().all(|k| !r.query.contains_key(*k)) {
                return member_page(r, tenant, g);
            }
            let members: Vec<Value> = g.members.iter().filter_map(|m| member_json(tenant, m)).collect();
            collection(r, members, &format!("/groups/{id}/members"))
        }
        ["contacts"] => {
            caller.require(&perm::CONTACTS_READ)?;
            let items: Vec<Value> = tenant.seed.contacts.iter().map(|c| json!({ "id": c.id, "displayName": c.display_name, "mail": c.mail, "proxyAddresses": c.proxy_addresses })).collect();
            collection(r, items, "/contacts")
        }
        ["users"] => {
            caller.require(&perm::USERS_READ)?;
            let items: Vec<Value> = tenant.users.iter().map(user_json).collect();
            collection(r, items, "/users")
        }
        ["users", id] => {
            caller.require(&perm::USERS_READ)?;
            let u = tenant.users.iter().find(|u| u.id == *id || u.user_principal_name.eq_ignore_ascii_case(id)).ok_or_else(|| not_found(id))?;
            Ok(Reply::Json(StatusCode::OK, select(user_json(u), r)?))
        }
        [first, ..] => Err(GraphError::no_segment(first)),
        [] => Err(GraphError::no_segment("")),
    }
}

/// `appRoleAssignedTo` of a configuration: list, add, remove.
pub fn assignments(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let mut world = s.world.lock().unwrap();
    let tenant_id = caller.claims.tid.clone();
    let tenant = world.tenant_mut(&tenant_id).expect("authenticated callers have a tenant");
    let principal = |t: &Tenant, id: &str| -> Option<(&'static str, String)> {
        t.users.iter().find(|u| u.id == id).map(|u| ("User", u.display_name.clone())).or_else(|| t.groups.iter().find(|g| g.id == id).map(|g| ("Group", g.display_name.clone())))
    };
    let sp_id = seg[1];
    let sp_index = tenant.service_principals.iter().position(|sp| sp.id == sp_id).ok_or_else(|| not_found(sp_id))?;
    match (r.method.clone(), &seg[3..]) {
        (Method::GET, []) => {
            caller.require(&perm::ASSIGNMENTS_READ)?;
            let sp = &tenant.service_principals[sp_index];
            let items: Vec<Value> = sp.assignments.iter().map(|a| assignment_json(a, sp)).collect();
            drop(world);
            collection(r, items, &format!("/servicePrincipals/{sp_id}/appRoleAssignedTo"))
        }
        (Method::POST, []) => {
            caller.require(&perm::ASSIGNMENTS_WRITE)?;
            let body = body_object(r)?;
            let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (principal_id, resource_id, app_role_id) = (field("principalId"), field("resourceId"), field("appRoleId"));
            let (kind, name) = principal(tenant, &principal_id).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Resource '{principal_id}' does not exist or one of its queried reference-property objects are not present.")))?;
            let sp = &mut tenant.service_principals[sp_index];
            if resource_id != sp.id {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "resourceId must be the ID of the service principal in the URL."));
            }
            if app_role_id != sp.app_role_id {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "Permission being assigned was not found on application."));
            }
            if sp.assignments.iter().any(|a| a.principal_id == principal_id) {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "Permission being assigned already exists on the object"));
            }
            let a = Assignment { id: random_guid(), principal_id, principal_type: kind, principal_display_name: name, created: now() };
            let out = assignment_json(&a, sp);
            sp.assignments.push(a);
            Ok(Reply::Json(StatusCode::CREATED, out))
        }
        (Method::DELETE, [id]) => {
            caller.require(&perm::ASSIGNMENTS_WRITE)?;
            let sp = &mut tenant.service_principals[sp_index];
            let i = sp.assignments.iter().position(|a| a.id == *id).ok_or_else(|| not_found(id))?;
            sp.assignments.remove(i);
            Ok(Reply::NoContent)
        }
        _ => Err(GraphError::method_not_allowed()),
    }
}

fn assignment_json(a: &Assignment, sp: &crate::state::ServicePrincipal) -> Value {
    json!({
        "id": a.id, "appRoleId": sp.app_role_id, "principalId": a.principal_id, "principalType": a.principal_type,
        "principalDisplayName": a.principal_display_name, "resourceId": sp.id, "resourceDisplayName": sp.display_name,
        "createdDateTime": iso8601(a.created),
    })
}

fn not_found(id: &str) -> GraphError {
    GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."))
}

fn group_json(g: &GroupSeed) -> Value {
    json!({
        "id": g.id, "displayName": g.display_name, "description": g.description, "securityEnabled": g.security_enabled,
        "mailEnabled": g.mail_enabled, "groupTypes": g.group_types, "membershipRule": g.membership_rule,
        "isAssignableToRole": g.is_assignable_to_role, "mailNickname": g.display_name.replace(' ', ""), "mail": g.mail,
        "proxyAddresses": g.mail.iter().map(|m| format!("SMTP:{m}")).collect::<Vec<_>>(),
    })
}

fn user_json(u: &UserSeed) -> Value {
    json!({
        "id": u.id, "displayName": u.display_name, "userPrincipalName": u.user_principal_name, "mail": u.mail,
        "accountEnabled": u.account_enabled, "userType": u.user_type, "department": u.department, "employeeId": u.employee_id,
        "givenName": u.attribute("givenName"), "surname": u.attribute("surname"),
        // As Entra sets it for a user created with a UPN: the UPN's local part.
        "mailNickname": u.user_principal_name.split('@').next().unwrap_or_default(),
        "proxyAddresses": u.proxy_addresses, "externalUserState": u.external_user_state,
        "creationType": u.external_user_state.as_ref().map(|_| "Invitation"),
    })
}

/// A member reference (user principal name, user ID or group ID) as a directory object.
fn member_json(t: &Tenant, m: &str) -> Option<Value> {
    if let Some(u) = t.users.iter().find(|u| u.id == m || u.user_principal_name.eq_ignore_ascii_case(m)) {
        let mut v = user_json(u);
        v["@odata.type"] = json!("#microsoft.graph.user");
        return Some(v);
    }
    t.groups.iter().find(|g| g.id == m).map(|g| {
        let mut v = group_json(g);
        v["@odata.type"] = json!("#microsoft.graph.group");
        v
    })
}

/// One page of a group's members without query options but `$select` and `$top`: only the page's
/// members are resolved (one pass over the directory), so a group of 50,000 reads in pages.
fn member_page(r: &GraphRequest, t: &Tenant, g: &GroupSeed) -> GraphResult {
    let (top, skip) = page_bounds(r, MAX_TOP)?;
    let refs: Vec<&String> = g.members.iter().skip(skip).take(top).collect();
    let wanted: std::collections::HashSet<String> = refs.iter().map(|m| m.to_lowercase()).collect();
    let mut users: std::collections::HashMap<String, &UserSeed> = std::collections::HashMap::new();
    for u in &t.users {
        for key in [u.id.to_lowercase(), u.user_principal_name.to_lowercase()] {
            if wanted.contains(&key) {
                users.insert(key, u);
            }
        }
    }
    let page: Vec<Value> = refs
        .iter()
        .filter_map(|m| match users.get(&m.to_lowercase()) {
            Some(u) => {
                let mut v = user_json(u);
                v["@odata.type"] = json!("#microsoft.graph.user");
                Some(v)
            }
            None => member_json(t, m),
        })
        .map(|v| select(v, r))
        .collect::<Result<_, _>>()?;
    let mut out = json!({ "value": page });
    if skip + top < g.members.len() {
        out["@odata.nextLink"] = json!(next_link(r, &format!("/groups/{}/members", g.id), top, skip));
    }
    Ok(Reply::Json(StatusCode::OK, out))
}

/// Applies `$search`, `$filter`, `$count`, `$select`, `$top` and `$skiptoken` to a collection.
pub fn collection(r: &GraphRequest, items: Vec<Value>, path: &str) -> GraphResult {
    collection_with(r, items, path, MAX_TOP)
}

/// [`collection`] with another `$top` limit.
pub fn collection_with(r: &GraphRequest, items: Vec<Value>, path: &str, max_top: usize) -> GraphResult {
    collection_of(r, items.iter().collect(), path, max_top)
}

/// [`collection_with`] over borrowed items: only the page served is cloned (logs of 100,000
/// events are filtered in place).
pub fn collection_of(r: &GraphRequest, items: Vec<&Value>, path: &str, max_top: usize) -> GraphResult {
    let eventual = r.headers.get("consistencylevel").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("eventual"));
    let mut items = items;
    if let Some(search) = r.query.get("$search") {
        if !eventual {
            return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"));
        }
        let (property, term) = parse_search(search)?;
        items.retain(|v| v[&property].as_str().is_some_and(|s| s.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&term)) || s.to_lowercase().starts_with(&term)));
    }
    if let Some(filter) = r.query.get("$filter") {
        let test = parse_filter(filter)?;
        items.retain(|v| test(v));
    }
    if let Some(order) = r.query.get("$orderby") {
        // One or more `path [asc|desc]`, comma-separated; text order (which orders ISO dates);
        // a stable sort keeps items that compare equal in their order.
        let mut keys: Vec<(String, bool)> = vec![];
        for part in order.split(',') {
            let part = part.trim();
            let (path, descending) = match part.rsplit_once(' ') {
                Some((p, dir)) if dir.eq_ignore_ascii_case("desc") => (p.trim(), true),
                Some((p, dir)) if dir.eq_ignore_ascii_case("asc") => (p.trim(), false),
                _ => (part, false),
            };
            if path.is_empty() || path.contains(' ') {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", format!("Unsupported $orderby: {order}")));
            }
            keys.push((path.to_string(), descending));
        }
        items.sort_by(|a, b| {
            keys.iter()
                .map(|(path, descending)| {
                    let (x, y) = (text_of(at(a, path)), text_of(at(b, path)));
                    if *descending { y.cmp(&x) } else { x.cmp(&y) }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let count = items.len();
    if r.query.get("$count").is_some_and(|c| c == "true") && !eventual {
        return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", "$count requires the ConsistencyLevel: eventual header."));
    }
    let (top, skip) = page_bounds(r, max_top)?;
    let page: Vec<Value> = items.into_iter().skip(skip).take(top).map(|v| select(v.clone(), r)).collect::<Result<_, _>>()?;
    let mut out = json!({ "value": page });
    if skip + top < count {
        out["@odata.nextLink"] = json!(next_link(r, path, top, skip));
    }
    if r.query.get("$count").is_some_and(|c| c == "true") && skip == 0 {
        out["@odata.count"] = json!(count);
    }
    Ok(Reply::Json(StatusCode::OK, out))
}

/// `$top` (default 100, at most `max_top`) and the `$skiptoken` offset of a page request.
fn page_bounds(r: &GraphRequest, max_top: usize) -> Result<(usize, usize), GraphError> {
    let top = match r.query.get("$top") {
        None => DEFAULT_TOP,
        Some(t) => match t.parse::<usize>() {
            Ok(n) if (1..=max_top).contains(&n) => n,
            _ => return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", format!("Invalid page size specified: '{t}'. Must be between 1 and {max_top} inclusive."))),
        },
    };
    let skip: usize = match r.query.get("$skiptoken") {
        None => 0,
        Some(t) => t.strip_prefix("X'").and_then(|x| x.strip_suffix('\'')).and_then(|x| usize::from_str_radix(x, 16).ok()).ok_or_else(|| GraphError::new(StatusCode::BAD_REQUEST, "Directory_InvalidSkipToken", "The skip token is not valid."))?,
    };
    Ok((top, skip))
}

/// The `@odata.nextLink` after the page at `skip` of `top` items under `path`, carrying the
/// request's query options.
fn next_link(r: &GraphRequest, path: &str, top: usize, skip: usize) -> String {
    let mut next = format!("{path}?$top={top}&$skiptoken=X'{:x}'", skip + top);
    for key in ["$search", "$filter", "$select", "$count", "$orderby"] {
        if let Some(v) = r.query.get(key) {
            next.push_str(&format!("&{key}={}", crate::signin::enc(v)));
        }
    }
    format!("{}{}{next}", r.base.trim_end_matches('/'), if r.version == super::Version::Beta { "/beta" } else { "/v1.0" })
}

/// A value as sortable text: strings as they are, numbers and booleans by their JSON text.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `"displayName:term"` → (property, lower-case term).
fn parse_search(s: &str) -> Result<(String, String), GraphError> {
    let inner = s.trim().strip_prefix('"').and_then(|x| x.strip_suffix('"')).ok_or_else(|| GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", "Syntax error: the $search value must be quoted, like \"displayName:sales\"."))?;
    let (prop, term) = inner.split_once(':').ok_or_else(|| GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", "The $search value must name a property, like \"displayName:sales\"."))?;
    Ok((prop.trim().to_string(), term.trim().to_lowercase()))
}

type Test = Box<dyn Fn(&Value) -> bool>;

/// A property path like `provisioningStatusInfo/status` in a JSON object.
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('/').fold(v, |v, key| &v[key.trim()])
}

/// Splits `f` at top-level ` and ` / ` or ` (outside quotes and parentheses); returns the terms
/// and whether they are joined by `or`. Mixing both at one level is refused.
fn split_top(f: &str) -> Option<(Vec<String>, bool)> {
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    let (mut terms, mut joins) = (vec![], vec![]);
    let bytes = f.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth -= 1,
            b' ' if !quoted && depth == 0 => {
                for (word, is_or) in [(" and ", false), (" or ", true)] {
                    if f.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word)) {
                        terms.push(f[start..i].trim().to_string());
                        joins.push(is_or);
                        start = i + word.len();
                        i = start - 1;
                        break;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    terms.push(f[start..].trim().to_string());
    let or = joins.first().copied().unwrap_or(false);
    (joins.iter().all(|j| *j == or) && depth == 0 && !quoted).then_some((terms, or))
}

/// Strips one pair of parentheses around the whole of `t`, when they match each other.
fn unwrap_parens(t: &str) -> &str {
    let t = t.trim();
    if t.starts_with('(') && t.ends_with(')') {
        let inner = &t[1..t.len() - 1];
        if inner.chars().try_fold(0i32, |d, c| match c { '(' => Some(d + 1), ')' if d == 0 => None, ')' => Some(d - 1), _ => Some(d) }).is_some() {
            return unwrap_parens(inner);
        }
    }
    t
}

/// A quoted literal's text (`''` is a quote).
fn literal(v: &str) -> Option<String> {
    let v = v.trim();
    (v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'')).then(|| v[1..v.len() - 1].replace("''", "'"))
}

/// Graph's default limit for `in` (and the `or`-joined expressions beside it): 15 expressions
/// in a filter clause (filter-query-parameter page: "limited to 15 expressions in a filter
/// clause by default"). Which error Graph returns above it is not documented; the sandbox
/// refuses with 400 `Request_UnsupportedQuery`.
const MAX_EXPRESSIONS: usize = 15;

/// The `$filter` forms the app uses, joined by `and` or by `or`: `p eq 'v'` (and `ne`, `gt`, `ge`,
/// `lt`, `le`, compared as text, which orders ISO dates), `p eq true|false|null`,
/// `startswith(p,'v')`, `contains(p,'v')`, `p in ('a','b')` and `c/any(x:x eq 'v')` on a
/// collection, where `p` may be a path like `initiatedBy/app/displayName`. Strings compare
/// without regard to case, as the directory does.
pub fn parse_filter(f: &str) -> Result<Test, GraphError> {
    let unsupported = || GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", format!("Unsupported or invalid query filter clause specified: {f}"));
    let (terms, or) = split_top(f).ok_or_else(unsupported)?;
    let mut tests: Vec<Test> = vec![];
    let mut expressions = 0usize;
    let mut uses_in = or;
    for clause in &terms {
        let clause = unwrap_parens(clause);
        let function = ["startswith(", "contains("].iter().find_map(|name| clause.strip_prefix(name).map(|args| (*name, args)));
        if let Some((name, args)) = function {
            let (p, v) = args.split_once(',').ok_or_else(unsupported)?;
            let (p, v) = (p.trim().to_string(), v.trim().trim_end_matches(')').trim_matches('\'').to_lowercase());
            let starts = name == "startswith(";
            tests.push(Box::new(move |x: &Value| at(x, &p).as_str().is_some_and(|s| if starts { s.to_lowercase().starts_with(&v) } else { s.to_lowercase().contains(&v) })));
            expressions += 1;
            continue;
        }
        // `collection/any(x:x eq 'v')`
        if let Some((collection, rest)) = clause.split_once("/any(") {
            let body = rest.strip_suffix(')').ok_or_else(unsupported)?;
            let (var, cond) = body.split_once(':').ok_or_else(unsupported)?;
            let value = cond.trim().strip_prefix(var.trim()).and_then(|c| c.trim().strip_prefix("eq ")).and_then(literal).ok_or_else(unsupported)?.to_lowercase();
            let collection = collection.trim().to_string();
            tests.push(Box::new(move |x: &Value| at(x, &collection).as_array().is_some_and(|a| a.iter().any(|e| e.as_str().is_some_and(|s| s.to_lowercase() == value)))));
            expressions += 1;
            continue;
        }
        if let Some((p, list)) = clause.split_once(" in ") {
            let inner = list.trim().strip_prefix('(').and_then(|l| l.strip_suffix(')')).ok_or_else(unsupported)?;
            let values: Vec<String> = inner.split(',').map(|v| literal(v).map(|v| v.to_lowercase())).collect::<Option<_>>().ok_or_else(unsupported)?;
            expressions += values.len();
            uses_in = true;
            let p = p.trim().to_string();
            tests.push(Box::new(move |x: &Value| at(x, &p).as_str().is_some_and(|s| values.contains(&s.to_lowercase()))));
            continue;
        }
        let op = [" eq ", " ne ", " gt ", " ge ", " lt ", " le "].into_iter().find(|op| clause.contains(op)).ok_or_else(unsupported)?;
        let (p, v) = clause.split_once(op).ok_or_else(unsupported)?;
        let p = p.trim().to_string();
        let v = v.trim();
        let expected = match v {
            "true" | "false" => json!(v == "true"),
            "null" => Value::Null,
            _ if v.starts_with('\'') => json!(literal(v).ok_or_else(unsupported)?),
            // Unquoted dates (activityDateTime gt 2026-01-01T00:00:00Z) compare as text.
            _ if v.chars().next().is_some_and(|c| c.is_ascii_digit()) => json!(v),
            _ => return Err(unsupported()),
        };
        expressions += 1;
        let op = op.trim().to_string();
        tests.push(Box::new(move |x: &Value| {
            let actual = at(x, &p);
            let ord = match (actual, &expected) {
                (Value::String(a), Value::String(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
                (a, b) if a == b => Some(std::cmp::Ordering::Equal),
                _ => None,
            };
            match op.as_str() {
                "eq" => ord == Some(std::cmp::Ordering::Equal),
                "ne" => ord != Some(std::cmp::Ordering::Equal),
                "gt" => ord == Some(std::cmp::Ordering::Greater),
                "ge" => matches!(ord, Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)),
                "lt" => ord == Some(std::cmp::Ordering::Less),
                _ => matches!(ord, Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)),
            }
        }));
    }
    if uses_in && expressions > MAX_EXPRESSIONS {
        return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", format!("Too many expressions in the filter clause ({expressions}); at most {MAX_EXPRESSIONS} are allowed.")));
    }
    Ok(Box::new(move |v| if or { tests.iter().any(|t| t(v)) } else { tests.iter().all(|t| t(v)) }))
}

/// `$select=a,b`: keeps only those properties (and `@odata.type`).
fn select(v: Value, r: &GraphRequest) -> Result<Value, GraphError> {
    let Some(list) = r.query.get("$select") else { return Ok(v) };
    let Value::Object(map) = v else { return Ok(v) };
    let mut out = Map::new();
    // In a collection of directory objects of several types (a group's members), a property
    // of one type is simply absent from the others, as Graph answers.
    let derived = map.contains_key("@odata.type");
    for key in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        if derived && !map.contains_key(key) {
            continue;
        }
        if !map.contains_key(key) {
            return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", format!("Could not find a property named '{key}' on type 'microsoft.graph.directoryObject'.")));
        }
        out.insert(key.to_string(), map[key].clone());
    }
    if let Some(t) = map.get("@odata.type") {
        out.insert("@odata.type".into(), t.clone());
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::parse_filter;
    use serde_json::json;

    #[test]
    fn in_lists_lambdas_and_or_joined_terms_filter_as_graph_documents() {
        let ada = json!({ "mail": "Ada@Fabrikam.com", "proxyAddresses": ["SMTP:ada@fabrikam.com"], "displayName": "Sales and Marketing" });
        let bob = json!({ "mail": "bob@fabrikam.com", "proxyAddresses": [], "displayName": "Other" });
        let t = parse_filter("mail in ('ada@fabrikam.com','x@y')").unwrap();
        assert!(t(&ada) && !t(&bob));
        let t = parse_filter("proxyAddresses/any(p:p eq 'smtp:ada@fabrikam.com') or proxyAddresses/any(p:p eq 'smtp:z@z')").unwrap();
        assert!(t(&ada) && !t(&bob));
        let t = parse_filter("displayName in ('Sales and Marketing','It''s')").unwrap();
        assert!(t(&ada) && !t(&bob), "a quoted ' and ' is not a join");
        let t = parse_filter("(mail eq 'bob@fabrikam.com') and displayName eq 'Other'").unwrap();
        assert!(t(&bob) && !t(&ada));
    }

    #[test]
    fn more_than_fifteen_expressions_and_mixed_joins_are_refused() {
        let values: Vec<String> = (0..16).map(|n| format!("'u{n}@x'")).collect();
        assert!(parse_filter(&format!("mail in ({})", values[..15].join(","))).is_ok());
        let refused = parse_filter(&format!("mail in ({})", values.join(","))).err().expect("16 values are refused");
        assert!(refused.message.contains("at most 15"), "{}", refused.message);
        assert!(parse_filter("mail eq 'a' and mail eq 'b' or mail eq 'c'").is_err());
    }
}
