//! Who is signed in and which tenant this is: `me`, `organization`, active roles, licences, and
//! tenant information by domain or ID.

use super::{function_argument, Caller, GraphError, GraphRequest, GraphResult, Reply};
use crate::roles;
use crate::state::{Shared, Tenant};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const ROLE_READ: [&str; 3] = ["RoleAssignmentSchedule.Read.Directory", "RoleManagement.Read.Directory", "Directory.Read.All"];
const ORG_READ: [&str; 4] = ["User.Read", "Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All"];
const SKU_READ: [&str; 3] = ["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All"];

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    if r.method != Method::GET {
        return Err(GraphError::method_not_allowed());
    }
    let world = s.world.lock().unwrap();
    let tenant = world.tenant(&caller.claims.tid).expect("authenticated callers have a tenant");
    match seg.as_slice() {
        ["me"] => {
            caller.require_scope(&["User.Read", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All"])?;
            let admin = tenant.admin(&caller.claims.oid).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", "Resource 'me' does not exist."))?;
            Ok(Reply::Json(StatusCode::OK, json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                "id": admin.id,
                "displayName": admin.display_name,
                "userPrincipalName": admin.user_principal_name,
                "mail": admin.user_principal_name,
            })))
        }
        ["me", "memberOf"] => {
            caller.require_scope(&["User.Read", "Directory.Read.All"])?;
            let admin = tenant.admin(&caller.claims.oid).expect("token names a seeded admin");
            let value: Vec<Value> = admin
                .roles
                .iter()
                .filter_map(|name| roles::template_id(name))
                .map(|id| json!({ "@odata.type": "#microsoft.graph.directoryRole", "id": id, "roleTemplateId": id, "displayName": roles::name(id) }))
                .collect();
            Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
        }
        ["organization"] => {
            caller.require_scope(&ORG_READ)?;
            Ok(Reply::Json(StatusCode::OK, json!({ "value": [organization(tenant)] })))
        }
        ["roleManagement", "directory", "roleAssignmentScheduleInstances", call]
            if function_argument(call, "filterByCurrentUser", "on") == Some("principal") =>
        {
            caller.require_scope(&ROLE_READ)?;
            let admin = tenant.admin(&caller.claims.oid).expect("token names a seeded admin");
            let value: Vec<Value> = admin
                .roles
                .iter()
                .filter_map(|name| roles::template_id(name))
                .map(|id| json!({
                    "id": format!("{}-{}", id, admin.id),
                    "principalId": admin.id,
                    "roleDefinitionId": id,
                    "directoryScopeId": "/",
                    "appScopeId": null,
                    "assignmentType": "Assigned",
                    "memberType": "Direct",
                    "startDateTime": null,
                    "endDateTime": null,
                }))
                .collect();
            Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
        }
        ["subscribedSkus"] => {
            caller.require_scope(&SKU_READ)?;
            let value: Vec<Value> = tenant
                .seed
                .skus
                .iter()
                .map(|sku| json!({
                    "id": format!("{}_{}", tenant.seed.id, sku.sku_id),
                    "skuId": sku.sku_id,
                    "skuPartNumber": sku.sku_part_number,
                    "capabilityStatus": "Enabled",
                    "appliesTo": "User",
                    "consumedUnits": 10,
                    "prepaidUnits": { "enabled": 1000, "suspended": 0, "warning": 0, "lockedOut": 0 },
                    "servicePlans": sku.service_plans.iter().map(|p| json!({
                        "servicePlanId": p.service_plan_id,
                        "servicePlanName": p.service_plan_name,
                        "provisioningStatus": "Success",
                        "appliesTo": "User",
                    })).collect::<Vec<_>>(),
                }))
                .collect();
            Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
        }
        ["tenantRelationships", call] => {
            caller.require_scope(&["CrossTenantInformation.ReadBasic.All"])?;
            let other = if let Some(domain) = function_argument(call, "findTenantInformationByDomainName", "domainName") {
                world.tenants.iter().find(|t| t.seed.domains.iter().any(|d| d.eq_ignore_ascii_case(domain)))
            } else if let Some(id) = function_argument(call, "findTenantInformationByTenantId", "tenantId") {
                world.tenants.iter().find(|t| t.seed.id.eq_ignore_ascii_case(id))
            } else {
                return Err(GraphError::no_segment(call));
            };
            let other = other.ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", "The tenant could not be found. Check the tenant ID or domain name."))?;
            Ok(Reply::Json(StatusCode::OK, json!({
                "@odata.type": "#microsoft.graph.tenantInformation",
                "tenantId": other.seed.id,
                "displayName": other.seed.display_name,
                "defaultDomainName": other.default_domain(),
                "federationBrandName": null,
            })))
        }
        [first, ..] => Err(GraphError::no_segment(first)),
        [] => Err(GraphError::no_segment("")),
    }
}

fn organization(t: &Tenant) -> Value {
    json!({
        "id": t.seed.id,
        "displayName": t.seed.display_name,
        "tenantType": "AAD",
        "verifiedDomains": t.seed.domains.iter().enumerate().map(|(i, d)| json!({
            "name": d, "isDefault": i == 0, "isInitial": d.ends_with(".onmicrosoft.com"), "type": "Managed", "capabilities": "Email, OfficeCommunicationsOnline"
        })).collect::<Vec<_>>(),
    })
}
