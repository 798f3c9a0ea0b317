//! Who is signed in and which tenant this is: `me`, `organization`, active roles, licences, and
//! tenant information by domain or ID.

use super::{function_argument, Caller, GraphError, GraphRequest, GraphResult, Reply};
use crate::roles;
use crate::state::{Shared, Tenant};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::permissions as perm;

/// A directory role's object ID in a tenant (activated roles are objects of their own, distinct
/// from the template ID); derived so it is stable and differs per tenant.
fn role_object_id(t: &Tenant, template: &str) -> String {
    format!("{}{}", &template[..24], &t.seed.id.replace('-', "")[..12])
}

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    if r.method != Method::GET {
        return Err(GraphError::method_not_allowed());
    }
    let world = s.world.lock().unwrap();
    let tenant = world.tenant(&caller.claims.tid).expect("authenticated callers have a tenant");
    match seg.as_slice() {
        ["me"] => {
            caller.require(&perm::ME)?;
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
            caller.require(&perm::ME_MEMBER_OF)?;
            // Without a scope that reads directory roles, Graph returns them with limited information.
            let full = caller.has_scopes(perm::DIRECTORY_ROLES_READ.scopes);
            let admin = tenant.admin(&caller.claims.oid).expect("token names a seeded admin");
            let value: Vec<Value> = admin
                .roles
                .iter()
                .filter_map(|name| roles::template_id(name))
                .map(|id| if full {
                    json!({ "@odata.type": "#microsoft.graph.directoryRole", "id": role_object_id(tenant, id), "roleTemplateId": id, "displayName": roles::name(id), "description": null })
                } else {
                    json!({ "@odata.type": "#microsoft.graph.directoryRole", "id": role_object_id(tenant, id), "roleTemplateId": null, "displayName": null, "description": null })
                })
                .collect();
            Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
        }
        ["organization"] => {
            caller.require(&perm::ORGANIZATION)?;
            Ok(Reply::Json(StatusCode::OK, json!({ "value": [organization(tenant)] })))
        }
        ["roleManagement", "directory", "roleAssignmentScheduleInstances", call]
            if function_argument(call, "filterByCurrentUser", "on") == Some("principal") =>
        {
            caller.require(&perm::ROLE_INSTANCES_OF_CURRENT_USER)?;
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
            caller.require(&perm::SUBSCRIBED_SKUS)?;
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
        ["tenantRelationships", "multiTenantOrganization", rest @ ..] => {
            // Read.All (with a role) gives every property; ReadBasic.All only names and IDs.
            let basic = match caller.require(&perm::MTO_READ) {
                Ok(()) => false,
                Err(full) => {
                    caller.require(&perm::MTO_READ_BASIC).map_err(|_| full)?;
                    true
                }
            };
            let Some(mto) = &tenant.seed.multi_tenant_organization else {
                return Err(GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", "This tenant is not part of a multitenant organization."));
            };
            match rest {
                [] => Ok(Reply::Json(StatusCode::OK, json!({ "id": mto.id, "displayName": mto.display_name, "description": null, "state": "active", "createdDateTime": "2026-01-01T00:00:00Z" }))),
                ["tenants"] => {
                    let value: Vec<Value> = mto.members.iter().filter(|m| !basic || m.state == "active").map(|m| if basic {
                        json!({ "tenantId": m.tenant_id, "displayName": m.display_name })
                    } else {
                        json!({ "tenantId": m.tenant_id, "displayName": m.display_name, "role": m.role, "state": m.state, "addedDateTime": "2026-01-01T00:00:00Z", "joinedDateTime": if m.state == "active" { json!("2026-01-02T00:00:00Z") } else { Value::Null }, "addedByTenantId": mto.members.iter().find(|x| x.role == "owner").map(|x| x.tenant_id.clone()), "transitionDetails": null })
                    }).collect();
                    Ok(Reply::Json(StatusCode::OK, json!({ "value": value })))
                }
                [other, ..] => Err(GraphError::no_segment(other)),
            }
        }
        ["tenantRelationships", call] => {
            caller.require(&perm::TENANT_INFORMATION)?;
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
