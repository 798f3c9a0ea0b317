//! Synchronization of a configuration: jobs, test connection (`validateCredentials`) and secrets.
//! Everything lives in the source tenant; test connection also reads the target's policy.

use super::{body_object, Caller, GraphError, GraphRequest, GraphResult, Reply, Version};
use crate::clock::{iso8601, now};
use crate::state::{Shared, SyncJob, World};
use crate::token::random_id;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const TEMPLATE: &str = "Azure2Azure";

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let write = |c: &Caller| c.require(&crate::permissions::SYNC_WRITE);
    let mut world = s.world.lock().unwrap();
    let sp_id = seg[1].to_string();
    let tenant_id = caller.claims.tid.clone();
    let not_found = || GraphError::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", format!("Resource '{sp_id}' does not exist or one of its queried reference-property objects are not present."));
    match (r.method.clone(), &seg[3..]) {
        (Method::POST, ["jobs", "validateCredentials"]) => {
            write(caller)?;
            let body = body_object(r)?;
            let credentials = body.get("credentials").and_then(Value::as_array).cloned().unwrap_or_default();
            let company = credentials.iter().find(|c| c["key"] == "CompanyId").and_then(|c| c["value"].as_str()).unwrap_or("").to_string();
            if world.tenant(&tenant_id).and_then(|t| t.service_principals.iter().find(|sp| sp.id == sp_id)).is_none() {
                return Err(not_found());
            }
            match policy_problem(&world, &tenant_id, &company) {
                Some(problem) => Err(GraphError::new(StatusCode::BAD_REQUEST, problem.0, problem.1)),
                None => Ok(Reply::NoContent),
            }
        }
        (method, rest) => {
            let tenant = world.tenant_mut(&tenant_id).expect("authenticated callers have a tenant");
            let sp = tenant.service_principals.iter_mut().find(|sp| sp.id == sp_id).ok_or_else(not_found)?;
            match (method, rest) {
                (Method::GET, ["jobs"]) => {
                    caller.require(&crate::permissions::SYNC_READ)?;
                    Ok(Reply::Json(StatusCode::OK, json!({ "value": sp.jobs.iter().map(job_json).collect::<Vec<_>>() })))
                }
                (Method::POST, ["jobs"]) => {
                    write(caller)?;
                    let body = body_object(r)?;
                    if body.get("templateId").and_then(Value::as_str) != Some(TEMPLATE) {
                        return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "templateId must be 'Azure2Azure' for a cross-tenant synchronization configuration."));
                    }
                    // Graph documents no limit of one job per configuration, so a second create
                    // makes a second job (strictest reading: the client must not create twice).
                    let hex: String = random_id(16).bytes().map(|b| format!("{:x}", b % 16)).take(32).collect();
                    let id = format!("{TEMPLATE}.{hex}.{}", tenant_id);
                    let job = SyncJob {
                        schema: crate::schema::default_schema(&id),
                        id,
                        template_id: TEMPLATE.into(),
                        schedule_state: "Disabled".into(),
                        status_code: "Paused".into(),
                        created: now(),
                        links: Vec::new(),
                        last_execution: None,
                        quarantine: None,
                        steady_state_since: None,
                        entry_counts: Vec::new(),
                        force_deletes: false,
                        all_users_until_restart: false,
                    };
                    let out = job_json(&job);
                    sp.jobs.push(job);
                    Ok(Reply::Json(StatusCode::CREATED, out))
                }
                (Method::DELETE, ["jobs", job]) => {
                    write(caller)?;
                    let i = sp.jobs.iter().position(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    sp.jobs.remove(i);
                    Ok(Reply::NoContent)
                }
                (Method::GET, ["jobs", job]) => {
                    caller.require(&crate::permissions::SYNC_READ)?;
                    let j = sp.jobs.iter().find(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    Ok(Reply::Json(StatusCode::OK, job_json(j)))
                }
                (Method::POST, ["jobs", job, action @ ("start" | "pause" | "restart")]) => {
                    write(caller)?;
                    let j = sp.jobs.iter_mut().find(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    match *action {
                        // A started job has not run yet: NotRun, not a failure, until its first cycle.
                        "start" => {
                            j.schedule_state = "Active".into();
                            if j.status_code != "Quarantine" {
                                j.status_code = "NotRun".into();
                            }
                        }
                        "pause" => {
                            j.schedule_state = "Paused".into();
                            j.status_code = "Paused".into();
                        }
                        _ => {
                            let body = body_object(r)?;
                            let scope = body.get("criteria").and_then(|c| c.get("resetScope")).and_then(Value::as_str).unwrap_or("");
                            let allowed = ["None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes"];
                            if scope.split(',').map(str::trim).any(|f| !allowed.contains(&f)) {
                                return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", format!("'{scope}' is not a valid resetScope.")));
                            }
                            if j.status_code == "Quarantine" && (scope.contains("QuarantineState") || scope.contains("ForceDeletes") || scope.contains("Full")) {
                                j.status_code = "NotRun".into();
                                j.quarantine = None;
                            }
                            if scope.contains("ForceDeletes") {
                                j.force_deletes = true;
                            }
                            // A restart re-reads the scope setting (and starts a full sync).
                            if scope.contains("Watermark") || scope.contains("Full") {
                                j.all_users_until_restart = false;
                            }
                        }
                    }
                    Ok(Reply::NoContent)
                }
                (Method::POST, ["jobs", job, "schema", "parseExpression"]) => {
                    write(caller)?;
                    sp.jobs.iter().find(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    super::expressions::parse_expression(r)
                }
                (Method::GET, ["jobs", job, "schema", catalog @ ("functions" | "filterOperators")]) => {
                    write(caller)?;
                    sp.jobs.iter().find(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    if *catalog == "functions" { super::expressions::functions() } else { super::expressions::filter_operators() }
                }
                (method, ["jobs", job, "schema"]) => {
                    let j = sp.jobs.iter_mut().find(|j| j.id == *job).ok_or_else(|| GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")))?;
                    match method {
                        Method::GET => {
                            caller.require(&crate::permissions::SYNC_READ)?;
                            // As Graph answers: with the response-only annotation a client must not send back.
                            let mut out = j.schema.clone();
                            out["@odata.context"] = json!(format!("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('{sp_id}')/synchronization/jobs('{}')/schema/$entity", j.id));
                            Ok(Reply::Json(StatusCode::OK, out))
                        }
                        Method::PUT => {
                            write(caller)?;
                            let body = Value::Object(body_object(r)?);
                            // A request body holds the resource's own properties; response
                            // annotations such as @odata.context are refused (strictest reading).
                            if let Some(k) = body.as_object().and_then(|o| o.keys().find(|k| k.starts_with("@odata.") && *k != "@odata.type")) {
                                return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", format!("The property '{k}' is a response annotation and cannot be written.")));
                            }
                            crate::schema::validate(&body, &j.id).map_err(|m| GraphError::new(StatusCode::BAD_REQUEST, "SchemaInvalid", m))?;
                            j.schema = body;
                            Ok(Reply::NoContent)
                        }
                        // What the SDKs' PATCH gets (peers.md 4.1): the schema accepts only a full PUT.
                        _ => Err(GraphError::new(StatusCode::NOT_FOUND, "BadRequest", "No HTTP resource was found that matches the request URI.")),
                    }
                }
                (Method::POST, ["jobs", job, "provisionOnDemand"]) => {
                    write(caller)?;
                    if !sp.jobs.iter().any(|j| j.id == *job) {
                        return Err(GraphError::new(StatusCode::NOT_FOUND, "NotFound", format!("Job '{job}' was not found.")));
                    }
                    let body = body_object(r)?;
                    let subject = body.get("parameters").and_then(|p| p.get(0)).and_then(|p| p.get("subjects")).and_then(|s| s.get(0)).cloned().unwrap_or_default();
                    let object_id = subject["objectId"].as_str().unwrap_or("").to_string();
                    match subject["objectTypeName"].as_str() {
                        Some("User") => {}
                        // Sandbox choice: the CTS docs say on-demand provisioning of groups is not supported.
                        Some("Group") => return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "On-demand provisioning of groups is not supported for cross-tenant synchronization; assign the group and let a cycle provision it.")),
                        _ => return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "parameters[0].subjects[0] needs an objectId and objectTypeName 'User'.")),
                    }
                    let sp_id = sp.id.clone();
                    let t = world.tenants.iter().position(|x| x.seed.id == tenant_id).expect("caller's tenant");
                    let s_index = world.tenants[t].service_principals.iter().position(|x| x.id == sp_id).expect("found above");
                    Ok(Reply::Json(StatusCode::OK, crate::engine::provision_user_on_demand(&mut world, t, s_index, &object_id)))
                }
                (Method::PUT, ["secrets"]) => {
                    write(caller)?;
                    let body = body_object(r)?;
                    let pairs = body.get("value").and_then(Value::as_array).ok_or_else(|| GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "The body needs a 'value' array of key/value pairs."))?;
                    let mut secrets = Vec::new();
                    for p in pairs {
                        let (Some(k), Some(v)) = (p["key"].as_str(), p["value"].as_str()) else {
                            return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "Every secret needs a string 'key' and a string 'value'."));
                        };
                        if k == "SyncNotificationSettings" && serde_json::from_str::<Value>(v).map(|j| !j.is_object()).unwrap_or(true) {
                            return Err(GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", "SyncNotificationSettings must be a JSON object encoded as a string."));
                        }
                        secrets.push((k.to_string(), v.to_string()));
                    }
                    sp.secrets = secrets;
                    Ok(Reply::NoContent)
                }
                (Method::GET, ["secrets"]) if r.version == Version::Beta => {
                    caller.require(&crate::permissions::SYNC_READ)?;
                    Ok(Reply::Json(StatusCode::OK, json!({ "value": sp.secrets.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect::<Vec<_>>() })))
                }
                (_, ["secrets"]) => Err(GraphError::new(StatusCode::METHOD_NOT_ALLOWED, "BadRequest", "Secrets can only be replaced as a whole with PUT (and read with GET on beta).")),
                (_, [first, ..]) => Err(GraphError::no_segment(first)),
                (_, []) => Err(GraphError::no_segment("synchronization")),
            }
        }
    }
}

/// What test connection finds wrong with the four switches, as the portal words it.
fn policy_problem(world: &World, source_id: &str, target_id: &str) -> Option<(&'static str, String)> {
    const CODE: &str = "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure";
    let Some(target) = world.tenants.iter().find(|t| t.seed.id.eq_ignore_ascii_case(target_id)) else {
        return Some(("ExternalTenantNotFound", format!("The target tenant '{target_id}' could not be found.")));
    };
    let source = world.tenants.iter().find(|t| t.seed.id == source_id)?;
    let source_partner = source.partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(target_id));
    if source_partner.and_then(|p| p.outbound_allowed) != Some(true) {
        return Some((CODE, "The source tenant has not enabled automatic user consent with the target tenant.".into()));
    }
    let target_partner = target.partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(source_id));
    if target_partner.and_then(|p| p.identity_sync.as_ref()).is_none_or(|s| !s.user_sync_allowed) {
        return Some((CODE, "The target tenant has not enabled inbound synchronization with this tenant.".into()));
    }
    if target_partner.and_then(|p| p.inbound_allowed) != Some(true) {
        return Some((CODE, "The target tenant has not enabled automatic user consent (inbound automatic redemption) with this tenant.".into()));
    }
    None
}

fn job_json(j: &SyncJob) -> Value {
    json!({
        "id": j.id,
        "templateId": j.template_id,
        "schedule": { "expiration": null, "interval": "PT40M", "state": j.schedule_state },
        "status": {
            "code": j.status_code,
            "countSuccessiveCompleteFailures": 0,
            "escrowsPruned": false,
            "lastExecution": j.last_execution,
            "lastSuccessfulExecution": j.last_execution.as_ref().filter(|e| e["state"] != "Failed"),
            "lastSuccessfulExecutionWithExports": j.last_execution.as_ref().filter(|e| e["state"] != "Failed" && e["countExported"].as_u64().unwrap_or(0) > 0),
            "quarantine": j.quarantine,
            "steadyStateFirstAchievedTime": j.steady_state_since.map(iso8601).unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
            "steadyStateLastAchievedTime": j.steady_state_since.map(iso8601).unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
            "troubleshootingUrl": null,
            "progress": [],
            "synchronizedEntryCountByType": j.entry_counts.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect::<Vec<_>>(),
        },
        "synchronizationJobSettings": [
            { "name": "AzureIngestionAttributeOptimization", "value": "False" },
            { "name": "LookaheadQueryEnabled", "value": "False" },
        ],
        "createdDateTime": iso8601(j.created),
    })
}
