//! The provisioning engine: one cycle of a started cross-tenant sync job, following the documented
//! rules. Users in scope become Member users in the target; assigned groups become static security
//! groups with their direct user members; what cannot be provisioned is skipped with its reason.
//! Every action is written to the source's provisioning log and the target's audit log (actor
//! `Microsoft.Azure.SyncFabric`).

use crate::clock::{iso8601, now};
use crate::state::{Tenant, World};
use crate::token::random_guid;
use serde_json::{json, Value};

/// Runs a cycle for every started job; returns what each did.
pub fn run_all(world: &mut World) -> Vec<Value> {
    let mut jobs = vec![];
    for t in 0..world.tenants.len() {
        for s in 0..world.tenants[t].service_principals.len() {
            let active = world.tenants[t].service_principals[s].jobs.first().is_some_and(|j| j.schedule_state == "Active");
            if active {
                jobs.push(run_cycle(world, t, s));
            }
        }
    }
    jobs
}

/// Provisions one user now (`provisionOnDemand`): scope check, match, create. Returns the steps in
/// the shape of the API reference sample (`key` = result JSON, `value` = details JSON, both strings).
pub fn provision_user_on_demand(world: &mut World, t: usize, s: usize, user_id: &str) -> Value {
    let began = now();
    let (assignments, links) = {
        let sp = &world.tenants[t].service_principals[s];
        (sp.assignments.clone(), sp.jobs[0].links.clone())
    };
    let source = &world.tenants[t];
    let Some(user) = source.users.iter().find(|u| u.id == user_id).cloned() else {
        return on_demand_result("Failure", Some(("ResourceNotFound", "The user does not exist in the source tenant.")), vec![], began);
    };
    let assigned_directly = assignments.iter().any(|a| a.principal_id == user.id);
    let via_group = assignments.iter().filter(|a| a.principal_type == "Group").any(|a| {
        source.groups.iter().find(|g| g.id == a.principal_id).is_some_and(|g| g.members.iter().any(|m| *m == user.id || m.eq_ignore_ascii_case(&user.user_principal_name)))
    });
    let mut steps = vec![step("EntryImport", "Import", "Success", &format!("Retrieved User '{}' from Azure Active Directory", user.display_name))];
    let entitled = (assigned_directly || via_group) && user.account_enabled;
    steps.push(step("EntrySynchronizationScoping", "Scoping", if entitled { "Success" } else { "Skipped" },
        &format!("Active in the source system: {}. Assigned to the application: {}. Scoping filter evaluation passed: True.", cap(user.account_enabled), cap(assigned_directly || via_group))));
    if !entitled {
        return on_demand_result("Skipped", Some(("NotEffectivelyEntitled", "The user is not effectively entitled: not assigned (directly or as a direct member of an assigned group) or not active.")), steps, began);
    }
    if let Some((_, target_id)) = links.iter().find(|(src, _)| *src == user.id) {
        steps.push(step("EntrySynchronizationAdd", "Matching", "Success", &format!("Matched the existing user {target_id} in the target.")));
        return on_demand_result("Skipped", Some(("RedundantExport", "The target already matches the source; nothing to export.")), steps, began);
    }
    steps.push(step("EntrySynchronizationAdd", "Matching", "Success", "No matching user in the target: it will be created."));
    let cycle = run_cycle_for_users(world, t, s, std::slice::from_ref(&user.id));
    steps.push(step("EntryExportAdd", "Export", if cycle { "Success" } else { "Failure" }, &format!("User '{}' was created in Azure Active Directory (target tenant)", user.display_name)));
    on_demand_result(if cycle { "Success" } else { "Failure" }, None, steps, began)
}

fn cap(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn step(name: &str, kind: &str, status: &str, description: &str) -> Value {
    json!({ "name": name, "type": kind, "status": status, "description": description, "timestamp": iso8601(now()), "details": {} })
}

fn on_demand_result(result: &str, error: Option<(&str, &str)>, steps: Vec<Value>, began: u64) -> Value {
    let key = json!({ "result": result, "details": error.map(|(c, m)| json!({ "errorCode": c, "errorMessage": m })).unwrap_or(json!({})) });
    let value = json!({
        "action": if result == "Success" { "Create" } else { "Other" }, "startTime": iso8601(began), "endTime": iso8601(now()),
        "provisioningSteps": steps,
        "statusInfo": { "status": result, "errorCode": error.map(|e| e.0), "reason": error.map(|e| e.1) },
    });
    json!({ "key": key.to_string(), "value": value.to_string() })
}

/// Runs the export for the given source users only (on demand); true when none failed.
fn run_cycle_for_users(world: &mut World, t: usize, s: usize, users: &[String]) -> bool {
    crate::cycle::run(world, t, s, Some(users))["status"] != "Quarantine"
}

/// One event of the provisioning log, in `provisioningObjectSummary` shape.
pub(crate) struct Event {
    pub(crate) action: &'static str,
    pub(crate) status: &'static str,
    pub(crate) identity_type: &'static str,
    pub(crate) source_id: String,
    pub(crate) source_name: String,
    pub(crate) target_id: Option<String>,
    pub(crate) error_code: Option<&'static str>,
    pub(crate) reason: String,
}

/// Runs one cycle of the job of service principal `s` in tenant `t`.
fn run_cycle(world: &mut World, t: usize, s: usize) -> Value {
    crate::cycle::run(world, t, s, None)
}

pub(crate) fn quarantine(world: &mut World, t: usize, s: usize, reason: &str, code: &str, message: &str, began: u64) -> Value {
    let job = &mut world.tenants[t].service_principals[s].jobs[0];
    job.status_code = "Quarantine".into();
    let error = json!({ "code": code, "message": message, "tenantActionable": true });
    job.quarantine = Some(json!({ "reason": reason, "error": error, "currentBegan": iso8601(began), "seriesBegan": iso8601(began), "seriesCount": 1, "nextAttempt": iso8601(began + 6 * 3600) }));
    job.last_execution = Some(json!({ "activityIdentifier": random_guid(), "state": "Failed", "timeBegan": iso8601(began), "timeEnded": iso8601(began + 1), "error": error,
        "countEntitled": 0, "countExported": 0, "countEscrowed": 0 }));
    json!({ "jobId": job.id, "status": "Quarantine", "reason": reason })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn provisioning_event(e: &Event, job_id: &str, cycle_id: &str, sp_id: &str, sp_name: &str, source_id: &str, source_name: &str, target_id: &str, target_name: &str, _domain: &str) -> Value {
    json!({
        "id": random_guid(), "activityDateTime": iso8601(now()), "tenantId": source_id, "jobId": job_id, "cycleId": cycle_id, "changeId": random_guid(),
        "provisioningAction": e.action, "durationInMilliseconds": 120,
        "initiatedBy": { "id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system" },
        "servicePrincipal": { "id": sp_id, "displayName": sp_name },
        "sourceSystem": { "id": source_id, "displayName": "Azure Active Directory", "details": { "TenantName": source_name } },
        "targetSystem": { "id": target_id, "displayName": "Azure Active Directory (target tenant)", "details": { "ServicePrincipalId": sp_id, "ServicePrincipalDisplayName": sp_name, "TenantName": target_name } },
        "sourceIdentity": { "id": e.source_id, "displayName": e.source_name, "identityType": e.identity_type, "details": {} },
        "targetIdentity": { "id": e.target_id, "displayName": e.source_name, "identityType": e.identity_type, "details": {} },
        "provisioningStatusInfo": { "status": e.status, "errorInformation": e.error_code.map(|c| json!({ "errorCode": c, "reason": e.reason, "additionalDetails": null, "errorCategory": if e.status == "failure" { "failure" } else { "nonServiceFailure" }, "recommendedAction": null })) },
        "provisioningSteps": [
            { "name": "EntryImport", "provisioningStepType": "import", "status": "success", "description": format!("Retrieved {} '{}' from Azure Active Directory", e.identity_type, e.source_name), "details": {} },
            { "name": "EntrySynchronizationScoping", "provisioningStepType": "scoping", "status": if e.error_code == Some("NotEffectivelyEntitled") { "skipped" } else { "success" }, "description": e.reason, "details": {} },
        ],
        "modifiedProperties": [],
    })
}

/// Appends `count` synthetic events to the provisioning log of the tenant's first job: users and
/// groups of the tenant in turn, one event a minute backwards from now, with a realistic mix
/// (per 100: 80 successes of create, update or delete, 12 skips, 6 failures, 2 warnings). Returns
/// the counts by status, so tests can check the dashboards' numbers against it.
pub fn synthetic_events(world: &mut World, tenant: &str, count: usize) -> Result<Value, String> {
    let t = world.tenants.iter().position(|x| x.seed.id.eq_ignore_ascii_case(tenant) || x.seed.domains.iter().any(|d| d.eq_ignore_ascii_case(tenant))).ok_or("no such tenant")?;
    let sp = world.tenants[t].service_principals.iter().find(|sp| !sp.jobs.is_empty()).ok_or("the tenant has no configuration with a job yet: run the setup first")?;
    let (job_id, sp_id, sp_name) = (sp.jobs[0].id.clone(), sp.id.clone(), sp.display_name.clone());
    let source_id = world.tenants[t].seed.id.clone();
    let source_name = world.tenants[t].seed.display_name.clone();
    let domain = world.tenants[t].seed.domains[0].clone();
    let objects: Vec<(String, String, &'static str)> = world.tenants[t]
        .users
        .iter()
        .map(|u| (u.id.clone(), u.display_name.clone(), "User"))
        .chain(world.tenants[t].groups.iter().map(|g| (g.id.clone(), g.display_name.clone(), "Group")))
        .collect();
    let start = now().saturating_sub(count as u64 * 60);
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut entries = Vec::with_capacity(count);
    for i in 0..count {
        let (id, name, kind) = &objects[i % objects.len()];
        let slot = i % 100;
        let (action, status, code): (&'static str, &'static str, Option<&'static str>) = match slot {
            0..=59 => ("update", "success", None),
            60..=74 => ("create", "success", None),
            75..=79 => ("delete", "success", None),
            80..=85 => ("other", "skipped", Some("NotEffectivelyEntitled")),
            86..=91 => ("other", "skipped", Some(if *kind == "Group" { "EntityTypeNotSupported" } else { "RedundantExport" })),
            92..=94 => ("create", "failure", Some("DuplicateTargetEntries")),
            95..=96 => ("update", "failure", Some("AzureActiveDirectoryQuotaLimitExceeded")),
            97 => ("create", "failure", Some("InvitationCreationFailureInvalidPropertyValue")),
            _ => ("update", "warning", Some("RedundantExport")),
        };
        *counts.entry(status).or_default() += 1;
        let e = Event { action, status, identity_type: kind, source_id: id.clone(), source_name: name.clone(), target_id: None, error_code: code, reason: format!("Synthetic event {i} ({status})") };
        let cycle_id = format!("cycle-{}", i / 500);
        let mut entry = provisioning_event(&e, &job_id, &cycle_id, &sp_id, &sp_name, &source_id, &source_name, "", "", &domain);
        entry["activityDateTime"] = json!(iso8601(start + i as u64 * 60));
        entries.push(entry);
    }
    world.tenants[t].provisioning.extend(entries);
    Ok(json!({ "jobId": job_id, "added": count, "byStatus": counts, "total": world.tenants[t].provisioning.len() }))
}

/// Finds a tenant's index by ID.
pub fn tenant_index(world: &World, id: &str) -> Option<usize> {
    world.tenants.iter().position(|t: &Tenant| t.seed.id.eq_ignore_ascii_case(id))
}
