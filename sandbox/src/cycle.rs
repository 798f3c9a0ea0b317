//! One provisioning cycle, stage by stage: read the job and check the four policy switches,
//! work out the scope, provision users, provision groups, deprovision what left the scope (or
//! hold it at the deletion threshold), write both tenants' logs, and record the job's state.

use crate::clock::{iso8601, now};
use crate::engine::{provisioning_event, quarantine, Event};
use crate::schema::object_mapping;
use crate::seed::{GroupSeed, UserSeed};
use crate::state::World;
use crate::token::random_guid;
use serde_json::{json, Value};

/// What a cycle reads once: the pair, the job, its settings and its schema.
struct Job {
    t: usize,
    s: usize,
    target: usize,
    began: u64,
    cycle_id: String,
    source_id: String,
    target_id: String,
    sp_id: String,
    job_id: String,
    secrets: Vec<(String, String)>,
    assignments: Vec<crate::state::Assignment>,
    schema: Value,
    group_sync_allowed: bool,
}

impl Job {
    fn secret(&self, key: &str) -> Option<String> {
        self.secrets.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    fn mapping(&self, object: &str) -> Option<Value> {
        object_mapping(&self.schema, object).cloned()
    }

    fn enabled(&self, object: &str) -> bool {
        object_mapping(&self.schema, object).is_some_and(|m| m["enabled"] == true)
    }
}

/// What a cycle produces as it goes.
#[derive(Default)]
struct Outcome {
    events: Vec<Event>,
    /// Target audit entries: activity, category, object name, object ID.
    audits: Vec<(String, String, String, String)>,
    /// Source object ID to target object ID, as the job keeps them.
    links: Vec<(String, String)>,
    created: usize,
}

/// Who is in scope: enabled or not, the users filtered out, and the assigned groups.
struct Scope {
    users: Vec<UserSeed>,
    filtered_out: Vec<(String, String)>,
    groups: Vec<GroupSeed>,
}

/// A cycle, or with `only` an on-demand export of those users: no groups, no deletions, and the
/// job's status left as the last cycle wrote it.
pub fn run(world: &mut World, t: usize, s: usize, only: Option<&[String]>) -> Value {
    let job = match read_job(world, t, s) {
        Ok(job) => job,
        Err(quarantined) => return quarantined,
    };
    let scope = scope(world, &job, only);
    let mut out = Outcome { links: world.tenants[t].service_principals[s].jobs[0].links.clone(), ..Default::default() };
    provision_users(world, &job, &scope, &mut out);
    provision_groups(world, &job, &scope.groups, &mut out);
    let held = if only.is_some() { None } else { deprovision(world, &job, &scope.users, &mut out) };
    let ended = now().max(job.began + 1);
    write_logs(world, &job, &out, ended);
    if only.is_some() {
        let failures = out.events.iter().filter(|e| e.status == "failure").count();
        world.tenants[t].service_principals[s].jobs[0].links = out.links;
        return json!({ "status": if failures > 0 { "Failed" } else { "Succeeded" }, "created": out.created });
    }
    record(world, &job, &scope, out, held, ended)
}

/// The job, its settings and schema; the four switches checked at run time: a policy changed
/// after setup quarantines the job.
fn read_job(world: &mut World, t: usize, s: usize) -> Result<Job, Value> {
    let began = now();
    let sp = &world.tenants[t].service_principals[s];
    let secrets = sp.secrets.clone();
    let target_id = secrets.iter().find(|(k, _)| k == "CompanyId").map(|(_, v)| v.clone()).unwrap_or_default();
    let source_id = world.tenants[t].seed.id.clone();
    let (sp_id, job_id, assignments, schema) = (sp.id.clone(), sp.jobs[0].id.clone(), sp.assignments.clone(), sp.jobs[0].schema.clone());
    let Some(target) = world.tenants.iter().position(|x| x.seed.id.eq_ignore_ascii_case(&target_id)) else {
        return Err(quarantine(world, t, s, "EncounteredQuarantineException", "ExternalTenantNotFound", "The target tenant could not be found.", began));
    };
    let source_partner = world.tenants[t].partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(&target_id)).cloned();
    let target_partner = world.tenants[target].partners.iter().find(|p| p.tenant_id.eq_ignore_ascii_case(&source_id)).cloned();
    let sync = target_partner.as_ref().and_then(|p| p.identity_sync.clone());
    if source_partner.and_then(|p| p.outbound_allowed) != Some(true)
        || target_partner.as_ref().and_then(|p| p.inbound_allowed) != Some(true)
        || !sync.as_ref().is_some_and(|s| s.user_sync_allowed)
    {
        return Err(quarantine(world, t, s, "EncounteredQuarantineException", "AzureDirectoryB2BManagementPolicyCheckFailure", "Policy permitting auto-redemption of invitations not configured", began));
    }
    let group_sync_allowed = sync.as_ref().is_some_and(|s| s.group_sync_allowed);
    Ok(Job { t, s, target, began, cycle_id: random_guid(), source_id, target_id, sp_id, job_id, secrets, assignments, schema, group_sync_allowed })
}

/// Assigned users, and the direct user members of assigned groups (no nesting); everyone with
/// SyncAll; then the user mapping's scoping filter. On demand: only the users asked for.
fn scope(world: &World, job: &Job, only: Option<&[String]>) -> Scope {
    let source = &world.tenants[job.t];
    let find_user = |r: &str| source.users.iter().find(|u| u.id == r || u.user_principal_name.eq_ignore_ascii_case(r)).cloned();
    let mut users: Vec<UserSeed> = vec![];
    let push = |u: UserSeed, list: &mut Vec<UserSeed>| {
        if !list.iter().any(|x| x.id == u.id) {
            list.push(u);
        }
    };
    if job.secret("SyncAll").as_deref() == Some("true") || world.tenants[job.t].service_principals[job.s].jobs[0].all_users_until_restart {
        for u in &source.users {
            push(u.clone(), &mut users);
        }
    }
    let mut groups: Vec<GroupSeed> = vec![];
    for a in &job.assignments {
        if a.principal_type == "User" {
            if let Some(u) = find_user(&a.principal_id) {
                push(u, &mut users);
            }
        } else if let Some(g) = source.groups.iter().find(|g| g.id == a.principal_id) {
            for m in &g.members {
                if let Some(u) = find_user(m) {
                    push(u, &mut users);
                }
            }
            groups.push(g.clone());
        }
    }
    if let Some(only) = only {
        users.retain(|u| only.contains(&u.id));
        for id in only {
            if let Some(u) = source.users.iter().find(|u| u.id == *id) {
                push(u.clone(), &mut users);
            }
        }
        groups.clear();
    }
    let user_mapping = job.mapping("User");
    let mut filtered_out = vec![];
    users.retain(|u| {
        let passes = tenant_bridge_expression::scope::in_scope(user_mapping.as_ref(), &|name: &str| u.attribute(name)).unwrap_or(false);
        if !passes {
            filtered_out.push((u.id.clone(), u.display_name.clone()));
        }
        passes
    });
    Scope { users, filtered_out, groups }
}

/// Users in scope and enabled become users of the target (the mapping decides name, department
/// and userType); the rest are skipped with their reason.
fn provision_users(world: &mut World, job: &Job, scope: &Scope, out: &mut Outcome) {
    if !job.enabled("User") {
        return;
    }
    let skip = |id: &str, name: &str, reason: &str| Event { action: "other", status: "skipped", identity_type: "User", source_id: id.into(), source_name: name.into(), target_id: None, error_code: Some("NotEffectivelyEntitled"), reason: reason.into() };
    for (id, name) in &scope.filtered_out {
        out.events.push(skip(id, name, "Scoping filter evaluation passed: False."));
    }
    let user_mapping = job.mapping("User");
    let user_type = user_mapping
        .as_ref()
        .and_then(|m| m["attributeMappings"].as_array()?.iter().find(|a| a["targetAttributeName"] == "userType").map(|a| a["source"]["name"].as_str().unwrap_or("Member").to_string()))
        .unwrap_or_else(|| "Member".into());
    let user_type_always = user_mapping
        .as_ref()
        .and_then(|m| m["attributeMappings"].as_array()?.iter().find(|a| a["targetAttributeName"] == "userType").map(|a| a["flowType"] == "Always"))
        .unwrap_or(false);
    let target_domain = world.tenants[job.target].default_domain().to_string();
    for u in &scope.users {
        if !u.account_enabled {
            out.events.push(skip(&u.id, &u.display_name, "The user is not active in the source (IsActive: False)."));
            continue;
        }
        if out.links.iter().any(|(src, _)| *src == u.id) {
            continue;
        }
        let display_name = crate::schema::mapped(user_mapping.as_ref(), "displayName", &|n| u.attribute(n)).and_then(Result::ok).filter(|n| !n.is_empty()).unwrap_or_else(|| u.display_name.clone());
        let department = crate::schema::mapped(user_mapping.as_ref(), "department", &|n| u.attribute(n)).and_then(Result::ok);
        match crate::matching::find(&world.tenants[job.target], u) {
            crate::matching::Found::Match(i) => {
                let target = &mut world.tenants[job.target];
                let tu = &mut target.users[i];
                let before = tu.user_type.clone();
                // userType follows the mapping only when it applies Always.
                if user_type_always {
                    tu.user_type = user_type.clone();
                }
                tu.display_name = display_name;
                tu.department = department;
                let reason = if tu.user_type == before { format!("Matched the existing B2B user; userType stays {before}.") } else { format!("Matched the existing B2B user; userType {before} → {}.", tu.user_type) };
                let id = tu.id.clone();
                out.links.push((u.id.clone(), id.clone()));
                out.audits.push(("Update user".into(), "UserManagement".into(), tu.display_name.clone(), id.clone()));
                out.events.push(Event { action: "update", status: "success", identity_type: "User", source_id: u.id.clone(), source_name: u.display_name.clone(), target_id: Some(id.clone()), error_code: None, reason });
                if !target.synced.contains(&id) {
                    target.synced.push(id);
                }
                continue;
            }
            crate::matching::Found::Conflict(code, reason) => {
                out.events.push(Event { action: "create", status: "failure", identity_type: "User", source_id: u.id.clone(), source_name: u.display_name.clone(), target_id: None, error_code: Some(code), reason });
                continue;
            }
            crate::matching::Found::Nothing => {}
        }
        let local = u.user_principal_name.replace('@', "_");
        let target_user = UserSeed {
            id: random_guid(),
            user_principal_name: format!("{local}#EXT#@{target_domain}"),
            // The user mapping's displayName expression decides the target's name.
            display_name,
            mail: u.mail.clone(),
            account_enabled: true,
            user_type: user_type.clone(),
            department,
            employee_id: None,
            proxy_addresses: vec![],
            // Created by the service, redeemed: the next cycle matches it.
            external_user_state: Some("Accepted".into()),
            redeemed_as: Some(u.id.clone()),
        };
        out.links.push((u.id.clone(), target_user.id.clone()));
        out.audits.push(("Add user".into(), "UserManagement".into(), target_user.display_name.clone(), target_user.id.clone()));
        out.events.push(Event { action: "create", status: "success", identity_type: "User", source_id: u.id.clone(), source_name: u.display_name.clone(),
            target_id: Some(target_user.id.clone()), error_code: None, reason: format!("User '{}' was created in Azure Active Directory (target tenant)", u.display_name) });
        let target = &mut world.tenants[job.target];
        target.synced.push(target_user.id.clone());
        target.users.push(target_user);
        out.created += 1;
    }
}

/// Why an assigned group cannot be provisioned at all, if it cannot (the rule the app's preview
/// shares).
fn unsupported(g: &GroupSeed) -> Option<&'static str> {
    tenant_bridge_expression::groups::unsupported(g.is_assignable_to_role, &g.group_types, g.mail_enabled, g.security_enabled)
}

/// Assigned groups become static security groups in the target with their provisioned direct
/// members (never adopting a same-name group); later cycles add new members.
fn provision_groups(world: &mut World, job: &Job, groups: &[GroupSeed], out: &mut Outcome) {
    let group_mapping = job.mapping("Group");
    for g in groups {
        let skip = |code: &'static str, reason: String| Event { action: "other", status: "skipped", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: None, error_code: Some(code), reason };
        if !job.enabled("Group") {
            out.events.push(skip("EntityTypeNotSupported", "The group object mapping (Provision Microsoft Entra ID Groups) is disabled.".into()));
            continue;
        }
        if let Some(problem) = unsupported(g) {
            // Sandbox choice: the real skip code for unsupported group types is undocumented.
            out.events.push(skip("GroupTypeNotSupported", problem.into()));
            continue;
        }
        match tenant_bridge_expression::scope::in_scope(group_mapping.as_ref(), &|n| g.attribute(n)) {
            Ok(true) => {}
            Ok(false) => {
                out.events.push(skip("NotEffectivelyEntitled", "Scoping filter evaluation passed: False (the group mapping's scoping filter).".into()));
                continue;
            }
            Err(e) => {
                out.events.push(skip("ScopingFilterInvalid", format!("The group mapping's scoping filter cannot be evaluated: {e}")));
                continue;
            }
        }
        if !job.group_sync_allowed {
            out.events.push(Event { action: "create", status: "failure", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: None,
                error_code: Some("AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure"), reason: "The target tenant does not allow inbound group synchronization from this tenant.".into() });
            continue;
        }
        let members: Vec<String> = g.members.iter().filter_map(|m| {
            let source_user = world.tenants[job.t].users.iter().find(|u| u.id == *m || u.user_principal_name.eq_ignore_ascii_case(m))?;
            out.links.iter().find(|(src, _)| *src == source_user.id).map(|(_, tgt)| tgt.clone())
        }).collect();
        let existing = out.links.iter().find(|(src, _)| *src == g.id).map(|(_, tgt)| tgt.clone());
        let target = &mut world.tenants[job.target];
        match existing.and_then(|id| target.groups.iter_mut().find(|x| x.id == id)) {
            Some(tg) => {
                let added: Vec<String> = members.iter().filter(|m| !tg.members.contains(m)).cloned().collect();
                if !added.is_empty() {
                    tg.members.extend(added.iter().cloned());
                    for _ in &added {
                        out.audits.push(("Add member to group".into(), "GroupManagement".into(), tg.display_name.clone(), tg.id.clone()));
                    }
                    out.events.push(Event { action: "update", status: "success", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: Some(tg.id.clone()), error_code: None, reason: format!("{} member(s) added", added.len()) });
                }
            }
            None => {
                let tg = GroupSeed {
                    id: random_guid(),
                    display_name: crate::schema::mapped(group_mapping.as_ref(), "displayName", &|n| g.attribute(n)).and_then(Result::ok).filter(|n| !n.is_empty()).unwrap_or_else(|| g.display_name.clone()),
                    description: g.description.clone(),
                    security_enabled: true,
                    mail_enabled: false,
                    group_types: vec![],
                    membership_rule: None,
                    is_assignable_to_role: false,
                    mail: None,
                    members: members.clone(),
                };
                out.links.push((g.id.clone(), tg.id.clone()));
                out.audits.push(("Add group".into(), "GroupManagement".into(), tg.display_name.clone(), tg.id.clone()));
                for _ in &members {
                    out.audits.push(("Add member to group".into(), "GroupManagement".into(), tg.display_name.clone(), tg.id.clone()));
                }
                out.events.push(Event { action: "create", status: "success", identity_type: "Group", source_id: g.id.clone(), source_name: g.display_name.clone(), target_id: Some(tg.id.clone()), error_code: None, reason: format!("Group '{}' was created in Azure Active Directory (target tenant)", tg.display_name) });
                target.synced.push(tg.id.clone());
                target.groups.push(tg);
                out.created += 1;
            }
        }
    }
}

/// Users that left the scope are soft-deleted in the target, unless at least the
/// accidental-deletion threshold would go at once (and no ForceDeletes restart allowed it): then
/// every delete is held and the job quarantined. Returns that quarantine.
fn deprovision(world: &mut World, job: &Job, in_scope: &[UserSeed], out: &mut Outcome) -> Option<Value> {
    let (t, s) = (job.t, job.s);
    let leaving: Vec<(String, String)> = out
        .links
        .iter()
        .filter(|(src, _)| world.tenants[t].users.iter().any(|u| u.id == *src) && !in_scope.iter().any(|u| u.id == *src && u.account_enabled))
        .cloned()
        .collect();
    let settings: Value = job.secret("SyncNotificationSettings").and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
    let threshold = (settings["DeleteThresholdEnabled"] == true).then(|| settings["DeleteThresholdValue"].as_u64().unwrap_or(500) as usize);
    let forced = std::mem::take(&mut world.tenants[t].service_principals[s].jobs[0].force_deletes);
    if !forced && threshold.is_some_and(|n| leaving.len() >= n) {
        for (src, tgt) in &leaving {
            let name = world.tenants[t].users.iter().find(|u| u.id == *src).map(|u| u.display_name.clone()).unwrap_or_default();
            out.events.push(Event { action: "stagedDelete", status: "skipped", identity_type: "User", source_id: src.clone(), source_name: name, target_id: Some(tgt.clone()), error_code: Some("TooManyDeletes"), reason: "The delete is held: this cycle would delete more objects than the accidental-deletion threshold allows.".into() });
        }
        let began = iso8601(job.began);
        return Some(json!({ "reason": "TooManyDeletes", "currentBegan": began, "seriesBegan": began, "seriesCount": 1, "nextAttempt": iso8601(job.began + 2400),
            "error": { "code": "TooManyDeletes", "message": format!("{} deletions exceed the threshold of {}.", leaving.len(), threshold.unwrap_or(0)), "tenantActionable": true } }));
    }
    for (src, tgt) in &leaving {
        let target = &mut world.tenants[job.target];
        if let Some(i) = target.users.iter().position(|u| u.id == *tgt) {
            let gone = target.users.remove(i);
            for g in target.groups.iter_mut() {
                g.members.retain(|m| m != tgt);
            }
            out.audits.push(("Delete user".into(), "UserManagement".into(), gone.display_name.clone(), gone.id.clone()));
            out.events.push(Event { action: "delete", status: "success", identity_type: "User", source_id: src.clone(), source_name: gone.display_name.clone(), target_id: Some(tgt.clone()), error_code: None, reason: "The user left the scope and was soft-deleted in the target.".into() });
            target.deleted_users.push(gone);
        }
        out.links.retain(|(s2, _)| s2 != src);
    }
    None
}

/// The source's provisioning log and its provisioning-service audit entries; the target's audit
/// log of what `Microsoft.Azure.SyncFabric` wrote.
fn write_logs(world: &mut World, job: &Job, out: &Outcome, ended: u64) {
    let (t, target) = (job.t, job.target);
    let source_name = world.tenants[t].seed.display_name.clone();
    let target_name = world.tenants[target].seed.display_name.clone();
    let sp_name = world.tenants[t].service_principals[job.s].display_name.clone();
    let source_domain = world.tenants[t].default_domain().to_string();
    for e in &out.events {
        let entry = provisioning_event(e, &job.job_id, &job.cycle_id, &job.sp_id, &sp_name, &job.source_id, &source_name, &job.target_id, &target_name, &source_domain);
        world.tenants[t].provisioning.push(entry);
        let n = world.tenants[t].audits.len();
        world.tenants[t].audits.push(json!({
            "id": format!("Sync_{}_L5BFV_{n}", random_guid()), "category": "ProvisioningManagement", "correlationId": job.cycle_id,
            "result": if e.status == "failure" { "failure" } else { "success" }, "resultReason": e.reason,
            "activityDisplayName": if e.action == "create" || e.action == "update" || e.action == "delete" { "Export" } else { "Synchronization rule action" },
            "activityDateTime": iso8601(now()), "loggedByService": "Account Provisioning", "operationType": "Update",
            "initiatedBy": { "app": { "appId": null, "displayName": "Azure AD Cloud Provisioning", "servicePrincipalId": null, "servicePrincipalName": null }, "user": null },
            "targetResources": [{ "id": e.source_id, "displayName": e.source_name, "type": e.identity_type }],
            "additionalDetails": [{ "key": "Details", "value": e.reason }, { "key": "ErrorCode", "value": e.error_code.unwrap_or("") }],
        }));
    }
    for (activity, category, name, id) in &out.audits {
        let n = world.tenants[target].audits.len();
        // targetResource.userPrincipalName: a user's UPN, null for other types (resource page).
        let upn = world.tenants[target].users.iter().chain(world.tenants[target].deleted_users.iter()).find(|u| u.id == *id).map(|u| u.user_principal_name.clone());
        world.tenants[target].audits.push(json!({
            "id": format!("Sync_{}_{n}", random_guid()), "category": category, "correlationId": job.cycle_id,
            "result": "success", "resultReason": "", "activityDisplayName": activity, "activityDateTime": iso8601(ended), "loggedByService": "Core Directory",
            "operationType": if activity.starts_with("Delete") { "Delete" } else { "Add" },
            "initiatedBy": { "app": { "appId": "00000014-0000-0000-c000-000000000000", "displayName": "Microsoft.Azure.SyncFabric", "servicePrincipalId": null, "servicePrincipalName": null }, "user": null },
            "targetResources": [{ "id": id, "displayName": name, "type": if category == "GroupManagement" { "Group" } else { "User" }, "userPrincipalName": upn }],
            "additionalDetails": [],
        }));
    }
}

/// The job after the cycle: its links and counts, the last execution, and Active or Quarantine.
fn record(world: &mut World, job: &Job, scope: &Scope, out: Outcome, held: Option<Value>, ended: u64) -> Value {
    let failures = out.events.iter().filter(|e| e.status == "failure").count();
    let in_scope = &scope.users;
    let execution = json!({
        "activityIdentifier": job.cycle_id, "state": if failures > 0 { "EntryLevelErrors" } else { "Succeeded" },
        "timeBegan": iso8601(job.began), "timeEnded": iso8601(ended),
        "countEntitled": in_scope.len(), "countEntitledForProvisioning": in_scope.iter().filter(|u| u.account_enabled).count(),
        "countEscrowed": failures, "countEscrowedRaw": failures, "countExported": out.created, "countExports": out.created,
        "countImported": in_scope.len() + scope.groups.len(), "countImportedDeltas": out.events.len(), "countImportedReferenceDeltas": 0,
        "error": null,
    });
    let user_links = out.links.iter().filter(|(src, _)| world.tenants[job.t].users.iter().any(|u| u.id == *src)).count() as u64;
    let group_links = out.links.len() as u64 - user_links;
    let all_users = job.secret("SyncAll").as_deref() == Some("true");
    let j = &mut world.tenants[job.t].service_principals[job.s].jobs[0];
    j.all_users_until_restart |= all_users;
    j.entry_counts = vec![("user to User".into(), user_links), ("group to Group".into(), group_links)];
    j.links = out.links;
    j.last_execution = Some(execution);
    if out.events.is_empty() && j.steady_state_since.is_none() {
        j.steady_state_since = Some(ended);
    }
    match held {
        Some(q) => {
            j.status_code = "Quarantine".into();
            j.quarantine = Some(q);
        }
        None => {
            j.status_code = "Active".into();
            j.quarantine = None;
        }
    }
    json!({ "jobId": j.id, "events": out.events.len(), "created": out.created, "status": j.status_code })
}
