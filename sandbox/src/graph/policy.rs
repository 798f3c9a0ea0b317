//! Cross-tenant access policy: partner configurations, automatic redemption and
//! `identitySynchronization` (`groupSyncInbound` exists only in beta; v1.0 rejects it).

use super::{body_object, Caller, GraphError, GraphRequest, GraphResult, Reply, Version};
use crate::state::{IdentitySync, Partner, Shared};
use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

const PARTNER_KEYS: [&str; 14] = [
    "tenantId", "automaticUserConsentSettings", "b2bCollaborationInbound", "b2bCollaborationOutbound", "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound", "inboundTrust", "isInMultiTenantOrganization", "isServiceProvider", "m365CollaborationInbound",
    "m365CollaborationOutbound", "appServiceConnectInbound", "tenantRestrictions", "@odata.type",
];

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let read = |c: &Caller| c.require(&crate::permissions::POLICY_READ);
    let write = |c: &Caller| c.require(&crate::permissions::POLICY_WRITE);
    let mut world = s.world.lock().unwrap();
    let tenant = world.tenant_mut(&caller.claims.tid).expect("authenticated callers have a tenant");
    match (r.method.clone(), &seg[2..]) {
        (Method::GET, ["partners"]) => {
            read(caller)?;
            Ok(Reply::Json(StatusCode::OK, json!({ "value": tenant.partners.iter().map(|p| partner_json(p, r.version)).collect::<Vec<_>>() })))
        }
        (Method::POST, ["partners"]) => {
            write(caller)?;
            let body = body_object(r)?;
            reject_unknown(&body, &PARTNER_KEYS)?;
            let tid = body.get("tenantId").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
            if !is_guid(&tid) {
                return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "Invalid value specified for property 'tenantId' of resource 'CrossTenantAccessPolicyConfigurationPartner'."));
            }
            if tenant.partners.iter().any(|p| p.tenant_id == tid) {
                return Err(GraphError::new(StatusCode::CONFLICT, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same value for property tenantId already exists."));
            }
            let mut partner = Partner { tenant_id: tid, inbound_allowed: None, outbound_allowed: None, identity_sync: None };
            apply_consent(&mut partner, &body)?;
            let out = partner_json(&partner, r.version);
            tenant.partners.push(partner);
            Ok(Reply::Json(StatusCode::CREATED, out))
        }
        (method, ["partners", tid]) => {
            let idx = tenant.partners.iter().position(|p| p.tenant_id.eq_ignore_ascii_case(tid));
            match method {
                Method::GET => {
                    read(caller)?;
                    let p = idx.map(|i| &tenant.partners[i]).ok_or_else(|| not_found_partner(tid))?;
                    Ok(Reply::Json(StatusCode::OK, partner_json(p, r.version)))
                }
                Method::PATCH => {
                    write(caller)?;
                    let body = body_object(r)?;
                    reject_unknown(&body, &PARTNER_KEYS)?;
                    let i = idx.ok_or_else(|| not_found_partner(tid))?;
                    let mut updated = tenant.partners[i].clone();
                    apply_consent(&mut updated, &body)?;
                    tenant.partners[i] = updated;
                    Ok(Reply::NoContent)
                }
                Method::DELETE => {
                    write(caller)?;
                    let i = idx.ok_or_else(|| not_found_partner(tid))?;
                    tenant.partners.remove(i);
                    Ok(Reply::NoContent)
                }
                _ => Err(GraphError::method_not_allowed()),
            }
        }
        (method, ["partners", tid, "identitySynchronization"]) => {
            let idx = tenant.partners.iter().position(|p| p.tenant_id.eq_ignore_ascii_case(tid));
            let missing = || GraphError::new(StatusCode::NOT_FOUND, "Directory_ObjectNotFound", "Unable to read the company information from the directory.");
            match method {
                Method::GET => {
                    read(caller)?;
                    let p = idx.map(|i| &tenant.partners[i]).ok_or_else(missing)?;
                    let sync = p.identity_sync.as_ref().ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", "No identity synchronization policy exists for this partner."))?;
                    Ok(Reply::Json(StatusCode::OK, identity_sync_json(&p.tenant_id, sync, r.version)))
                }
                Method::PUT | Method::PATCH => {
                    write(caller)?;
                    let body = body_object(r)?;
                    let mut allowed = vec!["displayName", "userSyncInbound", "tenantId", "@odata.type"];
                    if r.version == Version::Beta {
                        allowed.extend(["groupSyncInbound", "externalCloudAuthorizedApplicationId"]);
                    }
                    reject_unknown(&body, &allowed)?;
                    let i = idx.ok_or_else(missing)?;
                    let existing = tenant.partners[i].identity_sync.clone();
                    let mut sync = match (&method, existing) {
                        (&Method::PUT, Some(_)) => {
                            return Err(GraphError::new(StatusCode::CONFLICT, "Request_MultipleObjectsWithSameKeyValue", "An identity synchronization policy already exists for this partner (ConflictingObjects). Use PATCH to change it."))
                        }
                        (&Method::PATCH, None) => return Err(missing()),
                        (_, Some(s)) => s,
                        (_, None) => IdentitySync { display_name: None, user_sync_allowed: false, group_sync_allowed: false },
                    };
                    if let Some(name) = body.get("displayName") {
                        sync.display_name = name.as_str().map(String::from);
                    }
                    if let Some(v) = body.get("userSyncInbound") {
                        sync.user_sync_allowed = sync_allowed(v, "userSyncInbound")?;
                    }
                    if let Some(v) = body.get("groupSyncInbound") {
                        sync.group_sync_allowed = sync_allowed(v, "groupSyncInbound")?;
                    }
                    tenant.partners[i].identity_sync = Some(sync);
                    Ok(Reply::NoContent)
                }
                Method::DELETE => {
                    write(caller)?;
                    let i = idx.ok_or_else(missing)?;
                    tenant.partners[i].identity_sync = None;
                    Ok(Reply::NoContent)
                }
                _ => Err(GraphError::method_not_allowed()),
            }
        }
        (_, [first, ..]) => Err(GraphError::no_segment(first)),
        (_, []) => Err(GraphError::no_segment("crossTenantAccessPolicy")),
    }
}

fn not_found_partner(tid: &str) -> GraphError {
    GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("No partner configuration exists for tenant '{tid}'."))
}

fn sync_allowed(v: &Value, name: &str) -> Result<bool, GraphError> {
    v.get("isSyncAllowed").and_then(Value::as_bool).ok_or_else(|| {
        GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", format!("Property '{name}' needs a Boolean 'isSyncAllowed'."))
    })
}

fn apply_consent(p: &mut Partner, body: &Map<String, Value>) -> Result<(), GraphError> {
    if let Some(settings) = body.get("automaticUserConsentSettings") {
        let bad = || GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", "Invalid value for 'automaticUserConsentSettings'.");
        let obj = settings.as_object().ok_or_else(bad)?;
        for (key, value) in obj {
            let v = match value {
                Value::Null => None,
                Value::Bool(b) => Some(*b),
                _ => return Err(bad()),
            };
            match key.as_str() {
                "inboundAllowed" => p.inbound_allowed = v,
                "outboundAllowed" => p.outbound_allowed = v,
                other => return Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", format!("Invalid property '{other}'."))),
            }
        }
    }
    Ok(())
}

/// Refuses properties the resource does not have, as Graph does.
fn reject_unknown(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), GraphError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", format!("Invalid property '{k}'. The property does not exist on this resource."))),
        None => Ok(()),
    }
}

fn partner_json(p: &Partner, _version: Version) -> Value {
    json!({
        "tenantId": p.tenant_id,
        "isServiceProvider": null,
        "isInMultiTenantOrganization": false,
        "inboundTrust": null,
        "b2bCollaborationOutbound": null,
        "b2bCollaborationInbound": null,
        "b2bDirectConnectOutbound": null,
        "b2bDirectConnectInbound": null,
        "tenantRestrictions": null,
        "automaticUserConsentSettings": { "inboundAllowed": p.inbound_allowed, "outboundAllowed": p.outbound_allowed },
    })
}

fn identity_sync_json(tid: &str, s: &IdentitySync, version: Version) -> Value {
    let mut v = json!({
        "tenantId": tid,
        "displayName": s.display_name,
        "userSyncInbound": { "isSyncAllowed": s.user_sync_allowed },
    });
    if version == Version::Beta {
        v["groupSyncInbound"] = json!({ "isSyncAllowed": s.group_sync_allowed });
        v["externalCloudAuthorizedApplicationId"] = Value::Null;
    }
    v
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5 && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}
