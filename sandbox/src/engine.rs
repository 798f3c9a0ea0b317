//! The provisioning engine: one cycle of a started cross-tenant sync job, following the documented
//! rules. Users in scope become Member users in the target; assigned groups become static security
//! groups with their direct user members; what cannot be provisioned is skipped with its reason.
//! Every action is written to the source's provisioning log and the target's audit log (actor
//! `Microsoft.Azure.SyncFabric`).

use crate::clock::{iso8601, now};
use crate::schema::object_mapping;
use crate::seed::{GroupSeed, UserSeed};
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
    let cycle = run_cycle_for_users(world, t, s, &[user.id.clone()]);
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
    run_cycle_with(world, t, s, Some(users))["status"] != "Quarantine"
}

/// One event of the provisioning log, in `provisioningObjectSummary` shape.
struct Event {
    action: &'static str,
    status: &'static str,
    identity_type: &'static str,
    source_id: String,
    source_name: String,
    target_id: Option<String>,
    error_code: Option<&'static str>,
    reason: String,
}

/// Runs one cycle of the job of service principal `s` in tenant `t`.
fn run_cycle(world: &mut World, t: usize, s: usize) -> Value {
    run_cycle_with(world, t, s, None)
}

/// A cycle, or with `only` an on-demand export of those users: no groups, no deletions, and the
/// job's status left as the last cycle wrote it.
fn run_cycle_with(world: &mut World, t: usize, s: usize, only: Option<&[String]>) -> Value {
    let began = now();
    let cycle_id = random_guid();
    let (source_id, sp_id, job_id, secrets, assignments, schema) = {
        let sp = &world.tenants[t].service_principals[s];
        let job = &sp.jobs[0];
        (world.tenants[t].seed.id.clone(), sp.id.clone(), job.id.clone(), sp.secrets.clone(), sp.assignments.clone(), job.schema.clone())
    };
    let secret = |k: &str| secrets.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let target_id = secret("CompanyId").unwrap_or_default();
    let Some(target_index) = world.tenants.iter().position(|x| x.seed.id.eq_ignore_ascii_case(&target_id)) else {
        return quarantine(world, t, s, "EncounteredQuarantineException", "ExternalTenantNotFound", "The target tenant could not be found.", began);
    };
    // The four switches, checked at run time: a policy changed after setup quarantines the job.
    let source_partner = world.tenants[t].partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(&target_id)).cloned();
    let target_partner = world.tenants[target_index].partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(&source_id)).cloned();
    let sync = target_partner.as_ref().and_then(|p| p.identity_sync.clone());
    if source_partner.and_then(|p| p.outbound_allowed) != Some(true)
        || target_partner.as_ref().and_then(|p| p.inbound_allowed) != Some(true)
        || !sync.as_ref().is_some_and(|s| s.user_sync_allowed)
    {
        return quarantine(world, t, s, "EncounteredQuarantineException", "AzureDirectoryB2BManagementPolicyCheckFailure", "Policy permitting auto-redemption of invitations not configured", began);
    }
    let group_sync_allowed = sync.as_ref().is_some_and(|s| s.group_sync_allowed);
    let users_enabled = object_mapping(&schema, "User").is_some_and(|m| m["enabled"] == true);
    let groups_enabled = object_mapping(&schema, "Group").is_some_and(|m| m["enabled"] == true);
    let group_mapping = object_mapping(&schema, "Group").cloned();
    let user_type = object_mapping(&schema, "User")
        .and_then(|m| m["attributeMappings"].as_array()?.iter().find(|a| a["targetAttributeName"] == "userType").map(|a| a["source"]["name"].as_str().unwrap_or("Member").to_string()))
        .unwrap_or_else(|| "Member".into());
    let sync_all = secret("SyncAll").as_deref() == Some("true");

    // Scope: assigned users, and the direct user members of assigned groups (no nesting).
    let source = &world.tenants[t];
    let find_user = |r: &str| source.users.iter().find(|u| u.id == r || u.user_principal_name.eq_ignore_ascii_case(r)).cloned();
    let mut in_scope: Vec<UserSeed> = vec![];
    let push_user = |u: UserSeed, list: &mut Vec<UserSeed>| {
        if !list.iter().any(|x| x.id == u.id) {
            list.push(u);
        }
    };
    if sync_all {
        for u in &source.users {
            push_user(u.clone(), &mut in_scope);
        }
    }
    let mut assigned_groups: Vec<GroupSeed> = vec![];
    for a in &assignments {
        if a.principal_type == "User" {
            if let Some(u) = find_user(&a.principal_id) {
                push_user(u, &mut in_scope);
            }
        } else if let Some(g) = source.groups.iter().find(|g| g.id == a.principal_id) {
            for m in &g.members {
                if let Some(u) = find_user(m) {
                    push_user(u, &mut in_scope);
                }
            }
            assigned_groups.push(g.clone());
        }
    }

    if let Some(only) = only {
        in_scope.retain(|u| only.contains(&u.id));
        for id in only {
            if let Some(u) = world.tenants[t].users.iter().find(|u| u.id == *id) {
                if !in_scope.iter().any(|x| x.id == u.id) {
                    in_scope.push(u.clone());
                }
            }
        }
        assigned_groups.clear();
    }
    let mut events: Vec<Event> = vec![];
    let mut audits: Vec<(String, String, String, String)> = vec![];
    let mut links = world.tenants[t].service_principals[s].jobs[0].links.clone();
    let target_domain = world.tenants[target_index].default_domain().to_string();
    let source_domain = world.tenants[t].default_domain().to_string();
    let mut created = 0;

    // Scoping filters of the user mapping: users that do not match are out of scope (and, if
    // provisioned before, deprovisioned below).
    let user_mapping = object_mapping(&schema, "User").cloned();
    let mut out_of_scope: Vec<(String, String)> = vec![];
    in_scope.retain(|u| {
        let attribute = |name: &str| u.attribute(name);
        let passes = tenant_bridge_expression::scope::in_scope(user_mapping.as_ref(), &attribute).unwrap_or(false);
        if !passes {
            out_of_scope.push((u.id.clone(), u.display_name.clone()));
        }
        passes
    });
    if users_enabled {
        for (id, name) in &out_of_scope {
            events.push(Event { action: "other", status: "skipped", identity_type: "User", source_id: id.clone(), source_name: name.clone(), target_id: None,
                error_code: Some("NotEffectivelyEntitled"), reason: "Scoping filter evaluation passed: False.".into() });
        }
        for u in &in_scope {
            if !u.account_enabled {
                events.push(Event { action: "other", status: "skipped", identity_type: "User", source_id: u.id.clone(), source_name: u.display_name.clone(), target_id: None,
                    error_code: Some("NotEffectivelyEntitled"), reason: "The user is not active in the source (IsActive: False).".into() });
                continue;
            }
            if links.iter().any(|(src, _)| *src == u.id) {
                continue;
            }
            let local = u.user_principal_name.replace('@', "_");
            let target_user = UserSeed {
                id: random_guid(),
                user_principal_name: format!("{local}#EXT#@{target_domain}"),
                // The user mapping's displayName expression decides the target's name.
                display_name: crate::schema::mapped(user_mapping.as_ref(), "displayName", &|n| u.attribute(n)).and_then(Result::ok).filter(|n| !n.is_empty()).unwrap_or_else(|| u.display_name.clone()),
                mail: u.mail.clone(),
                account_enabled: true,
                user_type: user_type.clone(),
                department: crate::schema::mapped(user_mapping.as_ref(), "department", &|n| u.attribute(n)).and_then(Result::ok),
                employee_id: None,
            };
            links.push((u.id.clone(), target_user.id.clone()));
            audits.push(("Add user".into(), "UserManagement".into(), target_user.display_name.clone(), target_user.id.clone()));
            events.push(Event { action: "create", status: "success", identity_type: "User", source_id: u.id.clone(), source_name: u.display_name.clone(),
                target_id: Some(target_user.id.clone()), error_code: None, reason: format!("User '{}' was created in Azure Active Directory (target tenant)", u.display_name) });
            let target = &mut world.tenants[target_index];
            target.synced.push(target_user.id.clone());
            target.users.push(target_user);
            created += 1;
        }
    }

    for g in &assigned_groups {
        let kind_problem = if g.is_assignable_to_role {
            Some("Role-assignable groups are not supported.")
        } else if g.group_types.iter().any(|t| t == "Unified") {
            None
        } else if g.mail_enabled {
            Some("Mail-enabled security groups and distribution groups are not supported.")
        } else if !g.security_enabled {
            Some("Only security and Microsoft 365 groups are supported.")
        } else {
            None
        };
        let skip = |code: &'static str, reason: String| Event { action: "other", status: "skipped", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: None, error_code: Some(code), reason };
        if !groups_enabled {
            events.push(skip("EntityTypeNotSupported", "The group object mapping (Provision Microsoft Entra ID Groups) is disabled.".into()));
            continue;
        }
        if let Some(problem) = kind_problem {
            // Sandbox choice: the real skip code for unsupported group types is undocumented.
            events.push(skip("GroupTypeNotSupported", problem.into()));
            continue;
        }
        match tenant_bridge_expression::scope::in_scope(group_mapping.as_ref(), &|n| g.attribute(n)) {
            Ok(true) => {}
            Ok(false) => {
                events.push(skip("NotEffectivelyEntitled", "Scoping filter evaluation passed: False (the group mapping's scoping filter).".into()));
                continue;
            }
            Err(e) => {
                events.push(skip("ScopingFilterInvalid", format!("The group mapping's scoping filter cannot be evaluated: {e}")));
                continue;
            }
        }
        if !group_sync_allowed {
            events.push(Event { action: "create", status: "failure", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: None,
                error_code: Some("AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure"), reason: "The target tenant does not allow inbound group synchronization from this tenant.".into() });
            continue;
        }
        let members: Vec<String> = g.members.iter().filter_map(|m| {
            let source_user = world.tenants[t].users.iter().find(|u| u.id == *m || u.user_principal_name.eq_ignore_ascii_case(m))?;
            links.iter().find(|(src, _)| *src == source_user.id).map(|(_, tgt)| tgt.clone())
        }).collect();
        let existing = links.iter().find(|(src, _)| *src == g.id).map(|(_, tgt)| tgt.clone());
        let target = &mut world.tenants[target_index];
        match existing.and_then(|id| target.groups.iter_mut().find(|x| x.id == id)) {
            Some(tg) => {
                let added: Vec<String> = members.iter().filter(|m| !tg.members.contains(m)).cloned().collect();
                if !added.is_empty() {
                    tg.members.extend(added.iter().cloned());
                    let name = tg.display_name.clone();
                    let tid = tg.id.clone();
                    for _ in &added {
                        audits.push(("Add member to group".into(), "GroupManagement".into(), name.clone(), tid.clone()));
                    }
                    events.push(Event { action: "update", status: "success", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: Some(tid), error_code: None, reason: format!("{} member(s) added", added.len()) });
                }
            }
            None => {
                // Never adopt a same-name group created outside sync: always a new static security group.
                let tg = GroupSeed {
                    id: random_guid(),
                    display_name: crate::schema::mapped(group_mapping.as_ref(), "displayName", &|n| g.attribute(n)).and_then(Result::ok).filter(|n| !n.is_empty()).unwrap_or_else(|| g.display_name.clone()),
                    description: g.description.clone(),
                    security_enabled: true,
                    mail_enabled: false,
                    group_types: vec![],
                    membership_rule: None,
                    is_assignable_to_role: false,
                    members: members.clone(),
                };
                links.push((g.id.clone(), tg.id.clone()));
                audits.push(("Add group".into(), "GroupManagement".into(), tg.display_name.clone(), tg.id.clone()));
                for _ in &members {
                    audits.push(("Add member to group".into(), "GroupManagement".into(), tg.display_name.clone(), tg.id.clone()));
                }
                events.push(Event { action: "create", status: "success", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: Some(tg.id.clone()), error_code: None, reason: format!("Group '{}' was created in Azure Active Directory (target tenant)", tg.display_name) });
                target.synced.push(tg.id.clone());
                target.groups.push(tg);
                created += 1;
            }
        }
    }

    // Users that left the scope are soft-deleted, unless more than the threshold would go at once.
    let leaving: Vec<(String, String)> = if only.is_some() {
        vec![]
    } else {
        links
            .iter()
            .filter(|(src, _)| world.tenants[t].users.iter().any(|u| u.id == *src) && !in_scope.iter().any(|u| u.id == *src && u.account_enabled))
            .cloned()
            .collect()
    };
    let settings: Value = secret("SyncNotificationSettings").and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
    let threshold = (settings["DeleteThresholdEnabled"] == true).then(|| settings["DeleteThresholdValue"].as_u64().unwrap_or(500) as usize);
    let mut quarantined = None;
    let forced = std::mem::take(&mut world.tenants[t].service_principals[s].jobs[0].force_deletes);
    if !forced && threshold.is_some_and(|n| leaving.len() >= n) {
        for (src, tgt) in &leaving {
            let name = world.tenants[t].users.iter().find(|u| u.id == *src).map(|u| u.display_name.clone()).unwrap_or_default();
            events.push(Event { action: "stagedDelete", status: "skipped", identity_type: "User", source_id: src.clone(), source_name: name, target_id: Some(tgt.clone()), error_code: Some("TooManyDeletes"), reason: "The delete is held: this cycle would delete more objects than the accidental-deletion threshold allows.".into() });
        }
        quarantined = Some(json!({ "reason": "TooManyDeletes", "currentBegan": iso8601(began), "seriesBegan": iso8601(began), "seriesCount": 1, "nextAttempt": iso8601(began + 2400),
            "error": { "code": "TooManyDeletes", "message": format!("{} deletions exceed the threshold of {}.", leaving.len(), threshold.unwrap_or(0)), "tenantActionable": true } }));
    } else {
        for (src, tgt) in &leaving {
            let target = &mut world.tenants[target_index];
            if let Some(i) = target.users.iter().position(|u| u.id == *tgt) {
                let gone = target.users.remove(i);
                for g in target.groups.iter_mut() {
                    g.members.retain(|m| m != tgt);
                }
                audits.push(("Delete user".into(), "UserManagement".into(), gone.display_name.clone(), gone.id.clone()));
                events.push(Event { action: "delete", status: "success", identity_type: "User", source_id: src.clone(), source_name: gone.display_name.clone(), target_id: Some(tgt.clone()), error_code: None, reason: "The user left the scope and was soft-deleted in the target.".into() });
                target.deleted_users.push(gone);
            }
            links.retain(|(s2, _)| s2 != src);
        }
    }

    let ended = now().max(began + 1);
    let failures = events.iter().filter(|e| e.status == "failure").count();
    let execution = json!({
        "activityIdentifier": cycle_id, "state": if failures > 0 { "EntryLevelErrors" } else { "Succeeded" },
        "timeBegan": iso8601(began), "timeEnded": iso8601(ended),
        "countEntitled": in_scope.len(), "countEntitledForProvisioning": in_scope.iter().filter(|u| u.account_enabled).count(),
        "countEscrowed": failures, "countEscrowedRaw": failures, "countExported": created, "countExports": created,
        "countImported": in_scope.len() + assigned_groups.len(), "countImportedDeltas": events.len(), "countImportedReferenceDeltas": 0,
        "error": null,
    });
    let source_name = world.tenants[t].seed.display_name.clone();
    let target_name = world.tenants[target_index].seed.display_name.clone();
    let sp_name = world.tenants[t].service_principals[s].display_name.clone();
    for e in &events {
        let entry = provisioning_event(e, &job_id, &cycle_id, &sp_id, &sp_name, &source_id, &source_name, &target_id, &target_name, &source_domain);
        world.tenants[t].provisioning.push(entry);
        // The source's own audit trail of the provisioning service.
        let n = world.tenants[t].audits.len();
        world.tenants[t].audits.push(json!({
            "id": format!("Sync_{}_L5BFV_{n}", random_guid()), "category": "ProvisioningManagement", "correlationId": cycle_id,
            "result": if e.status == "failure" { "failure" } else { "success" }, "resultReason": e.reason,
            "activityDisplayName": if e.action == "create" || e.action == "update" || e.action == "delete" { "Export" } else { "Synchronization rule action" },
            "activityDateTime": iso8601(now()), "loggedByService": "Account Provisioning", "operationType": "Update",
            "initiatedBy": { "app": { "appId": null, "displayName": "Azure AD Cloud Provisioning", "servicePrincipalId": null, "servicePrincipalName": null }, "user": null },
            "targetResources": [{ "id": e.source_id, "displayName": e.source_name, "type": e.identity_type }],
            "additionalDetails": [{ "key": "Details", "value": e.reason }, { "key": "ErrorCode", "value": e.error_code.unwrap_or("") }],
        }));
    }
    for (activity, category, name, id) in audits {
        let n = world.tenants[target_index].audits.len();
        world.tenants[target_index].audits.push(json!({
            "id": format!("Sync_{}_{n}", random_guid()), "category": category, "correlationId": cycle_id,
            "result": "success", "resultReason": "", "activityDisplayName": activity, "activityDateTime": iso8601(ended), "loggedByService": "Core Directory",
            "operationType": if activity.starts_with("Delete") { "Delete" } else { "Add" },
            "initiatedBy": { "app": { "appId": "00000014-0000-0000-c000-000000000000", "displayName": "Microsoft.Azure.SyncFabric", "servicePrincipalId": null, "servicePrincipalName": null }, "user": null },
            "targetResources": [{ "id": id, "displayName": name, "type": if category == "GroupManagement" { "Group" } else { "User" } }],
            "additionalDetails": [],
        }));
    }
    if only.is_some() {
        world.tenants[t].service_principals[s].jobs[0].links = links;
        return json!({ "status": if failures > 0 { "Failed" } else { "Succeeded" }, "created": created });
    }
    let user_links = links.iter().filter(|(src, _)| world.tenants[t].users.iter().any(|u| u.id == *src)).count() as u64;
    let group_links = links.len() as u64 - user_links;
    let job = &mut world.tenants[t].service_principals[s].jobs[0];
    job.entry_counts = vec![("user to User".into(), user_links), ("group to Group".into(), group_links)];
    job.links = links;
    job.last_execution = Some(execution.clone());
    if events.is_empty() && job.steady_state_since.is_none() {
        job.steady_state_since = Some(ended);
    }
    match quarantined {
        Some(q) => {
            job.status_code = "Quarantine".into();
            job.quarantine = Some(q);
        }
        None => {
            job.status_code = "Active".into();
            job.quarantine = None;
        }
    }
    json!({ "jobId": job.id, "events": events.len(), "created": created, "status": job.status_code })
}

fn quarantine(world: &mut World, t: usize, s: usize, reason: &str, code: &str, message: &str, began: u64) -> Value {
    let job = &mut world.tenants[t].service_principals[s].jobs[0];
    job.status_code = "Quarantine".into();
    let error = json!({ "code": code, "message": message, "tenantActionable": true });
    job.quarantine = Some(json!({ "reason": reason, "error": error, "currentBegan": iso8601(began), "seriesBegan": iso8601(began), "seriesCount": 1, "nextAttempt": iso8601(began + 6 * 3600) }));
    job.last_execution = Some(json!({ "activityIdentifier": random_guid(), "state": "Failed", "timeBegan": iso8601(began), "timeEnded": iso8601(began + 1), "error": error,
        "countEntitled": 0, "countExported": 0, "countEscrowed": 0 }));
    json!({ "jobId": job.id, "status": "Quarantine", "reason": reason })
}

#[allow(clippy::too_many_arguments)]
fn provisioning_event(e: &Event, job_id: &str, cycle_id: &str, sp_id: &str, sp_name: &str, source_id: &str, source_name: &str, target_id: &str, target_name: &str, _domain: &str) -> Value {
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
