//! Cross-tenant sync configurations: instantiating the application template and finding the
//! service principals made from it.

use super::{body_object, Caller, GraphError, GraphRequest, GraphResult, Reply};
use crate::clock::{iso8601, now};
use crate::state::{ServicePrincipal, Shared};
use crate::token::random_guid;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

/// The cross-tenant synchronization application template.
pub const CTS_TEMPLATE_ID: &str = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let mut world = s.world.lock().unwrap();
    let tenant = world.tenant_mut(&caller.claims.tid).expect("authenticated callers have a tenant");
    match (r.method.clone(), seg.as_slice()) {
        (Method::GET, ["servicePrincipals"]) => {
            caller.require(&crate::permissions::SERVICE_PRINCIPALS_READ)?;
            let filter = r.query.get("$filter").map(String::as_str).unwrap_or("");
            let template = if filter.is_empty() {
                None
            } else {
                Some(template_filter(filter).ok_or_else(|| {
                    GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", format!("Unsupported or invalid query filter clause specified: {filter}"))
                })?)
            };
            let value: Vec<Value> = tenant
                .service_principals
                .iter()
                .filter(|sp| template.as_deref().is_none_or(|t| sp.application_template_id.eq_ignore_ascii_case(t)))
                .map(sp_json)
                .collect();
            Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
        }
        (Method::GET, ["servicePrincipals", id]) => {
            caller.require(&crate::permissions::SERVICE_PRINCIPALS_READ)?;
            let sp = tenant.service_principals.iter().find(|sp| sp.id == *id).ok_or_else(|| {
                GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."))
            })?;
            Ok(Reply::Json(StatusCode::OK, sp_json(sp)))
        }
        (Method::POST, ["applicationTemplates", template, "instantiate"]) => {
            caller.require(&crate::permissions::INSTANTIATE)?;
            if !template.eq_ignore_ascii_case(CTS_TEMPLATE_ID) {
                return Err(GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Application template '{template}' was not found.")));
            }
            let body = body_object(r)?;
            let name = body.get("displayName").and_then(Value::as_str).map(str::trim).unwrap_or("");
            if name.is_empty() || name.chars().count() > 256 {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "The 'displayName' property is required and must be 1 to 256 characters."));
            }
            let sp = ServicePrincipal {
                id: random_guid(),
                app_id: random_guid(),
                application_object_id: random_guid(),
                display_name: name.to_string(),
                application_template_id: CTS_TEMPLATE_ID.into(),
                app_role_id: random_guid(),
                created: now(),
                jobs: Vec::new(),
                secrets: Vec::new(),
                assignments: Vec::new(),
            };
            let out = json!({
                "application": { "id": sp.application_object_id, "appId": sp.app_id, "displayName": sp.display_name, "applicationTemplateId": CTS_TEMPLATE_ID, "createdDateTime": iso8601(sp.created) },
                "servicePrincipal": sp_json(&sp),
            });
            tenant.service_principals.push(sp);
            Ok(Reply::Json(StatusCode::CREATED, out))
        }
        // An application and, with it, its service principal (the configuration): by alternate key.
        (Method::DELETE, [key]) if key.starts_with("applications(") => {
            caller.require(&crate::permissions::APPLICATION_DELETE)?;
            let app_id = super::function_argument(key, "applications", "appId").ok_or_else(|| GraphError::no_segment(key))?;
            let i = tenant.service_principals.iter().position(|sp| sp.app_id.eq_ignore_ascii_case(app_id)).ok_or_else(|| {
                GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Resource '{app_id}' does not exist or one of its queried reference-property objects are not present."))
            })?;
            tenant.service_principals.remove(i);
            Ok(Reply::NoContent)
        }
        (_, [key]) if key.starts_with("applications(") => Err(GraphError::method_not_allowed()),
        (_, ["servicePrincipals", _, "appRoleAssignedTo", ..]) => {
            drop(world);
            super::directory_objects::assignments(s, caller, r)
        }
        (_, ["servicePrincipals", _, "synchronization", ..]) => {
            drop(world);
            super::synchronization::route(s, caller, r)
        }
        (_, ["servicePrincipals", ..]) | (_, ["applicationTemplates", ..]) => Err(GraphError::method_not_allowed()),
        (_, [first, ..]) => Err(GraphError::no_segment(first)),
        (_, []) => Err(GraphError::no_segment("")),
    }
}

/// `applicationTemplateId eq '…'` → the ID; other filters are not supported here.
fn template_filter(filter: &str) -> Option<String> {
    let rest = filter.trim().strip_prefix("applicationTemplateId")?.trim_start().strip_prefix("eq")?.trim();
    let id = rest.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(id.to_string())
}

fn sp_json(sp: &ServicePrincipal) -> Value {
    json!({
        "id": sp.id,
        "appId": sp.app_id,
        "displayName": sp.display_name,
        "applicationTemplateId": sp.application_template_id,
        "appRoleAssignmentRequired": true,
        "servicePrincipalType": "Application",
        "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
        "homepage": "https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=aad2aadsync|ISV9.1|primary|z",
        "appRoles": [{
            "allowedMemberTypes": ["User"], "description": "msiam_access", "displayName": "msiam_access",
            "id": sp.app_role_id, "isEnabled": true, "origin": "Application", "value": null
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::template_filter;

    #[test]
    fn only_the_template_filter_is_understood() {
        assert_eq!(template_filter("applicationTemplateId eq '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7'").as_deref(), Some("518e5f48-1fc8-4c48-9387-9fdf28b0dfe7"));
        assert_eq!(template_filter("displayName eq 'x'"), None);
    }
}
