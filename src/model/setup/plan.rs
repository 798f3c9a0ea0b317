//! The plan: every Graph write the setup needs, computed from what both tenants hold now, so that
//! running it again after it succeeded plans nothing. Nothing here sends a request.

use crate::model::setup::directory::{IdentitySynchronization, PartnerPolicy};
use crate::model::setup::readiness::Lookup;
use crate::model::tenant::TenantRole;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Placeholder for the configuration's service principal ID, known once it is created.
pub const CONFIGURATION_ID: &str = "{configurationId}";
/// Placeholder for the configuration's `msiam_access` app role ID, known once it is created.
pub const APP_ROLE_ID: &str = "{appRoleId}";
/// Placeholder for the synchronization job's ID, known once it is created.
pub const JOB_ID: &str = "{jobId}";

/// A user or group to assign to the configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub id: String,
    pub display_name: String,
}

/// A user or group assigned to the configuration now (`appRoleAssignedTo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The assignment's own ID, which a removal addresses.
    pub id: String,
    pub principal_id: String,
    pub display_name: String,
    /// `User` or `Group`.
    pub principal_type: String,
}
/// The cross-tenant synchronization application template.
pub const CTS_TEMPLATE_ID: &str = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";

/// What the admin chose for the setup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupChoices {
    pub sync_groups: bool,
    pub configuration_name: String,
    /// Where quarantine and deletion-threshold e-mails go; `None` turns the e-mails off.
    pub notification_email: Option<String>,
    /// Accidental-deletion threshold; `None` turns the guard off.
    pub deletion_threshold: Option<u32>,
    /// Users and groups to assign (step 7).
    pub assign: Vec<Principal>,
    /// Users and groups whose assignment to remove (step 7): they leave the scope, and the next
    /// cycle removes what was provisioned for them from the target.
    pub unassign: Vec<Principal>,
    /// Start provisioning at the end (step 10).
    pub start: bool,
}

/// A field of the setup form that has a problem, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

/// Checks the form's raw text before anything is planned or sent.
pub fn validate_choices(sync_groups: bool, name: &str, email: &str, threshold: &str) -> Result<SetupChoices, Vec<FieldProblem>> {
    let mut problems = vec![];
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        problems.push(FieldProblem { field: "configuration-name", message: "Give the configuration a name of 1 to 120 characters, without line breaks.".into() });
    }
    let email = email.trim();
    if !email.is_empty() && !is_email(email) {
        problems.push(FieldProblem { field: "notification-email", message: format!("\"{email}\" is not an e-mail address like ops@contoso.com. Leave it empty to send no e-mails.") });
    }
    let threshold = threshold.trim();
    let parsed = if threshold.is_empty() {
        None
    } else {
        match threshold.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => {
                problems.push(FieldProblem { field: "deletion-threshold", message: format!("\"{threshold}\" is not a whole number from 1 to 100000. Leave it empty to turn the guard off (not recommended).") });
                None
            }
        }
    };
    if problems.is_empty() {
        Ok(SetupChoices {
            sync_groups,
            configuration_name: name.to_string(),
            notification_email: (!email.is_empty()).then(|| email.to_string()),
            deletion_threshold: parsed,
            assign: vec![],
            unassign: vec![],
            start: false,
        })
    } else {
        Err(problems)
    }
}

/// Group sync needs at least one group to sync: chosen now or assigned already.
pub fn check_group_selection(choices: &SetupChoices, state: &PairState) -> Option<FieldProblem> {
    // What stays assigned after the removals the admin chose.
    let assigned = state.configuration.as_ref().is_some_and(|c| c.assigned.iter().any(|a| !choices.unassign.iter().any(|u| u.id == a.principal_id)));
    (choices.sync_groups && choices.assign.is_empty() && !assigned).then(|| FieldProblem {
        field: "group-picker",
        message: "Group sync is chosen but no group is selected: select at least one eligible group, or clear \"Sync security groups too\".".into(),
    })
}

/// A practical e-mail syntax check: one `@`, a non-empty local part without spaces, and a domain
/// with a dot and valid labels.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let label_ok = |l: &str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

/// The configuration for this pair, as found in the source tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigurationState {
    pub service_principal_id: String,
    pub display_name: String,
    pub job_id: Option<String>,
    /// The job's schedule is `Active` (started).
    pub job_active: bool,
    /// Current secrets (key, value), when readable.
    pub secrets: Option<Vec<(String, String)>>,
    /// The `msiam_access` app role that assignments use.
    pub app_role_id: Option<String>,
    /// Users and groups assigned now.
    pub assigned: Vec<Assignment>,
    /// The group object mapping's `enabled`, when the schema was read.
    pub group_mapping_enabled: Option<bool>,
    /// The job's schema as read (for configuration as code), when there is a job and it was read.
    pub schema: Option<Value>,
}

/// What both tenants hold now, as far as the setup is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairState {
    pub source_id: String,
    pub source_name: String,
    pub target_id: String,
    pub target_name: String,
    pub target_partner: Lookup<PartnerPolicy>,
    pub target_sync: Lookup<IdentitySynchronization>,
    pub source_partner: Lookup<PartnerPolicy>,
    pub configuration: Option<ConfigurationState>,
}

/// What a planned request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WriteKind {
    /// Changes the tenant.
    Write,
    /// Creates the configuration; its answer gives [`CONFIGURATION_ID`] and [`APP_ROLE_ID`].
    CreateConfiguration,
    /// Creates the job; its answer gives [`JOB_ID`].
    CreateJob,
    /// Reads the job's schema, enables the group object mapping and PUTs the complete schema back.
    EnableGroupMapping,
    /// A check that changes nothing (test connection).
    Check,
    /// Reads the job's schema, puts the body's object mappings in place of each rule's own and
    /// PUTs the complete schema back (configuration as code).
    ReplaceMappings,
}

/// One request of the plan, shown to the admin and exported before anything is sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedWrite {
    /// Stable identifier, used for resuming.
    pub id: String,
    pub step: u8,
    pub tenant: TenantRole,
    pub kind: WriteKind,
    pub method: &'static str,
    /// `v1.0` or `beta`.
    pub version: &'static str,
    /// Path under the version; may contain [`CONFIGURATION_ID`].
    pub path: String,
    pub body: Option<Value>,
    pub purpose: String,
}

/// Plans the writes of steps 2 to 6 that are still needed, in the order they must run (target
/// before source: a configuration made before the target allows inbound sync is not supported).
pub fn plan(choices: &SetupChoices, state: &PairState) -> Result<Vec<PlannedWrite>, String> {
    let (src, tgt) = (&state.source_id, &state.target_id);
    let mut writes = vec![];
    let mut push = |id: &str, step, tenant, kind, method, version, path: String, body: Option<Value>, purpose: String| {
        writes.push(PlannedWrite { id: id.into(), step, tenant, kind, method, version, path, body, purpose });
    };
    let partners = "/policies/crossTenantAccessPolicy/partners";

    // Step 2, target: partner with inbound automatic redemption.
    match &state.target_partner {
        Lookup::Missing => push("target-partner", 2, TenantRole::Target, WriteKind::Write, "POST", "v1.0", partners.into(),
            Some(json!({ "tenantId": src, "automaticUserConsentSettings": { "inboundAllowed": true, "outboundAllowed": null } })),
            format!("Add {} as a partner organisation of {} with inbound automatic redemption.", state.source_name, state.target_name)),
        Lookup::Found(p) if !p.inbound_redemption() => push("target-redemption", 2, TenantRole::Target, WriteKind::Write, "PATCH", "v1.0", format!("{partners}/{src}"),
            // Send both directions: a PATCH of the complex property may replace it whole.
            Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": true, "outboundAllowed": p.automatic_user_consent_settings.as_ref().and_then(|s| s.outbound_allowed) } })),
            format!("Turn on inbound automatic redemption in {} for {}.", state.target_name, state.source_name)),
        Lookup::Found(_) => {}
        Lookup::Unreadable(e) => return Err(format!("The target's partner configuration could not be read: {e}")),
    }
    // Step 2, target: inbound user (and group) sync, one read-modify-write of both flags.
    let sync_path = format!("{partners}/{src}/identitySynchronization");
    match &state.target_sync {
        Lookup::Missing => push("target-sync", 2, TenantRole::Target, WriteKind::Write, "PUT", "beta", sync_path,
            Some(json!({ "displayName": state.source_name, "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": choices.sync_groups } })),
            format!("Allow inbound user{} sync from {} into {}.", if choices.sync_groups { " and group" } else { "" }, state.source_name, state.target_name)),
        Lookup::Found(s) => {
            let groups = s.groups_allowed() || choices.sync_groups;
            if !s.users_allowed() || groups != s.groups_allowed() {
                push("target-sync", 2, TenantRole::Target, WriteKind::Write, "PATCH", "beta", sync_path,
                    Some(json!({ "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": groups } })),
                    format!("Allow inbound user{} sync from {} (both switches written together so neither overwrites the other).", if groups { " and group" } else { "" }, state.source_name));
            }
        }
        Lookup::Unreadable(e) => return Err(format!("The target's synchronization policy could not be read: {e}")),
    }
    // Step 3, source: partner with outbound automatic redemption.
    match &state.source_partner {
        Lookup::Missing => push("source-partner", 3, TenantRole::Source, WriteKind::Write, "POST", "v1.0", partners.into(),
            Some(json!({ "tenantId": tgt, "automaticUserConsentSettings": { "inboundAllowed": null, "outboundAllowed": true } })),
            format!("Add {} as a partner organisation of {} with outbound automatic redemption.", state.target_name, state.source_name)),
        Lookup::Found(p) if !p.outbound_redemption() => push("source-redemption", 3, TenantRole::Source, WriteKind::Write, "PATCH", "v1.0", format!("{partners}/{tgt}"),
            Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": p.automatic_user_consent_settings.as_ref().and_then(|s| s.inbound_allowed), "outboundAllowed": true } })),
            format!("Turn on outbound automatic redemption in {} for {}.", state.source_name, state.target_name)),
        Lookup::Found(_) => {}
        Lookup::Unreadable(e) => return Err(format!("The source's partner configuration could not be read: {e}")),
    }
    // Step 4, source: the configuration.
    let sp = match &state.configuration {
        Some(c) => c.service_principal_id.clone(),
        None => {
            push("configuration", 4, TenantRole::Source, WriteKind::CreateConfiguration, "POST", "v1.0", format!("/applicationTemplates/{CTS_TEMPLATE_ID}/instantiate"),
                Some(json!({ "displayName": choices.configuration_name })),
                format!("Create the configuration \"{}\" from the cross-tenant synchronization template.", choices.configuration_name));
            CONFIGURATION_ID.to_string()
        }
    };
    let sync = format!("/servicePrincipals/{sp}/synchronization");
    // Step 5 and 6: test connection before the job exists, then the job.
    if state.configuration.as_ref().and_then(|c| c.job_id.as_ref()).is_none() {
        push("test-connection", 5, TenantRole::Source, WriteKind::Check, "POST", "v1.0", format!("{sync}/jobs/validateCredentials"),
            Some(json!({ "useSavedCredentials": false, "templateId": "Azure2Azure", "credentials": [{ "key": "CompanyId", "value": tgt }, { "key": "AuthenticationType", "value": "SyncPolicy" }] })),
            format!("Test the connection to {} (changes nothing).", state.target_name));
        push("job", 6, TenantRole::Source, WriteKind::CreateJob, "POST", "v1.0", format!("{sync}/jobs"), Some(json!({ "templateId": "Azure2Azure" })),
            "Create the synchronization job.".into());
    }
    let job = state.configuration.as_ref().and_then(|c| c.job_id.clone()).unwrap_or_else(|| JOB_ID.to_string());
    // Step 6: provisioning settings, always the complete set (secrets have no PATCH).
    let wanted = secrets(choices, tgt);
    let current = state.configuration.as_ref().and_then(|c| c.secrets.clone());
    if current.as_ref().is_none_or(|c| !same_secrets(c, &wanted)) {
        let value: Vec<Value> = wanted.iter().map(|(k, v)| json!({ "key": k, "value": v })).collect();
        push("settings", 6, TenantRole::Source, WriteKind::Write, "PUT", "v1.0", format!("{sync}/secrets"), Some(json!({ "value": value })),
            format!("Provisioning settings: sync only assigned users and groups, deletion threshold {}, notification e-mail {}.",
                choices.deletion_threshold.map(|n| n.to_string()).unwrap_or_else(|| "off".into()),
                choices.notification_email.clone().unwrap_or_else(|| "off".into())));
    }
    // Step 8 (part): group sync needs the group object mapping, which is off by default.
    if choices.sync_groups && state.configuration.as_ref().and_then(|c| c.group_mapping_enabled) != Some(true) {
        push("group-mapping", 8, TenantRole::Source, WriteKind::EnableGroupMapping, "PUT", "v1.0", format!("{sync}/jobs/{job}/schema"), None,
            "Enable the group object mapping (\"Provision Microsoft Entra ID Groups\"): read the schema, set enabled on the Group mapping only, PUT the complete schema back (never PATCH), read it again.".into());
    }
    // Step 7: assignments that do not exist yet, and removals of those the admin took out.
    let role = state.configuration.as_ref().and_then(|c| c.app_role_id.clone()).unwrap_or_else(|| APP_ROLE_ID.to_string());
    let assigned = state.configuration.as_ref().map(|c| c.assigned.clone()).unwrap_or_default();
    for a in assigned.iter().filter(|a| choices.unassign.iter().any(|p| p.id == a.principal_id)) {
        push(&format!("unassign-{}", a.principal_id), 7, TenantRole::Source, WriteKind::Write, "DELETE", "v1.0", format!("/servicePrincipals/{sp}/appRoleAssignedTo/{}", a.id), None,
            format!("Remove \"{}\" from the configuration: it leaves the scope, and the next cycle removes from the target what was provisioned for it (users are soft-deleted; more deletions than the threshold are held for review).", a.display_name));
    }
    for p in choices.assign.iter().filter(|p| !assigned.iter().any(|a| a.principal_id == p.id) && !choices.unassign.iter().any(|u| u.id == p.id)) {
        push(&format!("assign-{}", p.id), 7, TenantRole::Source, WriteKind::Write, "POST", "v1.0", format!("/servicePrincipals/{sp}/appRoleAssignedTo"),
            Some(json!({ "principalId": p.id, "resourceId": sp, "appRoleId": role })),
            format!("Assign \"{}\" to the configuration (in scope for provisioning).", p.display_name));
    }
    // Switching from all users to assigned only takes effect after a restart (known issues: "Sync
    // All → Sync Assigned"), so the plan restarts the job once the setting and assignments are in.
    let all_users_now = current.as_ref().is_some_and(|c| c.iter().any(|(k, v)| k == "SyncAll" && v.eq_ignore_ascii_case("true")));
    if all_users_now && state.configuration.as_ref().is_some_and(|c| c.job_id.is_some()) {
        push("restart-scope", 7, TenantRole::Source, WriteKind::Write, "POST", "v1.0", format!("{sync}/jobs/{job}/restart"),
            Some(json!({ "criteria": { "resetScope": "Watermark, Escrows, QuarantineState" } })),
            "Restart the job: the configuration syncs all users now, and switching to assigned users and groups only takes effect after a restart (Microsoft's known issues). The next cycle then soft-deletes in the target every user that no assignment reaches (see the forecast); without the restart nothing would change.".into());
    }
    // Step 10: start provisioning.
    if choices.start && !state.configuration.as_ref().is_some_and(|c| c.job_active) {
        push("start", 10, TenantRole::Source, WriteKind::Write, "POST", "v1.0", format!("{sync}/jobs/{job}/start"), None,
            "Start provisioning (cycles then run about every 40 minutes).".into());
    }
    Ok(writes)
}

/// The choices an existing setup already embodies, to prefill the form: the configuration's name
/// and settings, and group sync if the target already allows it.
pub fn current_choices(state: &PairState) -> Option<SetupChoices> {
    let config = state.configuration.as_ref()?;
    let (email, threshold) = notification_settings(config.secrets.as_ref()?);
    let groups = matches!(&state.target_sync, Lookup::Found(s) if s.groups_allowed());
    Some(SetupChoices {
        sync_groups: groups,
        configuration_name: config.display_name.clone(),
        notification_email: email,
        deletion_threshold: threshold,
        assign: vec![],
        unassign: vec![],
        start: config.job_active,
    })
}

/// The notification e-mail and the deletion threshold the secrets hold (`SyncNotificationSettings`,
/// a JSON string); `None` for each that is off. A threshold turned on without a value is 500, the
/// service's default.
pub fn notification_settings(secrets: &[(String, String)]) -> (Option<String>, Option<u32>) {
    let settings = secrets.iter().find(|(k, _)| k == "SyncNotificationSettings").and_then(|(_, v)| serde_json::from_str::<Value>(v).ok()).unwrap_or_default();
    let email = settings["Recipients"].as_str().filter(|r| !r.is_empty() && settings["Enabled"] == true).map(String::from);
    let threshold = (settings["DeleteThresholdEnabled"] == true).then(|| settings["DeleteThresholdValue"].as_u64().unwrap_or(500) as u32);
    (email, threshold)
}

/// The complete secret set for the choices.
pub fn secrets(choices: &SetupChoices, target_id: &str) -> Vec<(String, String)> {
    let notification = json!({
        "Enabled": choices.notification_email.is_some(),
        "Recipients": choices.notification_email.clone().unwrap_or_default(),
        "DeleteThresholdEnabled": choices.deletion_threshold.is_some(),
        "DeleteThresholdValue": choices.deletion_threshold.unwrap_or(500),
        "HumanResourcesLookaheadQueryEnabled": false,
    });
    vec![
        ("AuthenticationType".into(), "SyncPolicy".into()),
        ("CompanyId".into(), target_id.to_string()),
        ("SyncNotificationSettings".into(), notification.to_string()),
        // "Sync only assigned users and groups": required for group sync.
        ("SyncAll".into(), "false".into()),
    ]
}

/// Equal as sets, comparing the JSON-encoded settings by value rather than by text.
fn same_secrets(current: &[(String, String)], wanted: &[(String, String)]) -> bool {
    let value = |v: &str| serde_json::from_str::<Value>(v).unwrap_or(Value::String(v.to_string()));
    current.len() == wanted.len()
        && wanted.iter().all(|(k, v)| current.iter().any(|(ck, cv)| ck == k && (cv == v || (k == "SyncNotificationSettings" && value(cv) == value(v)))))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::setup::directory::{AutomaticUserConsent, SyncAllowed};

    /// An empty pair, group sync chosen, `n` groups to assign and start at the end.
    pub(crate) fn with_groups(n: usize) -> (SetupChoices, PairState) {
        let mut c = choices();
        c.assign = (0..n).map(|i| Principal { id: format!("g{i:02}"), display_name: format!("Group {i:02}") }).collect();
        c.start = true;
        (c, empty_pair())
    }

    pub(crate) fn choices() -> SetupChoices {
        SetupChoices {
            sync_groups: true,
            configuration_name: "Fabrikam to Contoso".into(),
            notification_email: Some("ops@fabrikam.com".into()),
            deletion_threshold: Some(500),
            assign: vec![],
            unassign: vec![],
            start: false,
        }
    }

    pub(crate) fn empty_pair() -> PairState {
        PairState {
            source_id: "src".into(),
            source_name: "Fabrikam".into(),
            target_id: "tgt".into(),
            target_name: "Contoso".into(),
            target_partner: Lookup::Missing,
            target_sync: Lookup::Missing,
            source_partner: Lookup::Missing,
            configuration: None,
        }
    }

    fn partner(inbound: Option<bool>, outbound: Option<bool>) -> Lookup<PartnerPolicy> {
        Lookup::Found(PartnerPolicy { tenant_id: "x".into(), automatic_user_consent_settings: Some(AutomaticUserConsent { inbound_allowed: inbound, outbound_allowed: outbound }) })
    }

    fn sync(users: bool, groups: bool) -> Lookup<IdentitySynchronization> {
        Lookup::Found(IdentitySynchronization { display_name: None, user_sync_inbound: Some(SyncAllowed { is_sync_allowed: users }), group_sync_inbound: Some(SyncAllowed { is_sync_allowed: groups }) })
    }

    fn done_pair() -> PairState {
        PairState {
            target_partner: partner(Some(true), None),
            target_sync: sync(true, true),
            source_partner: partner(None, Some(true)),
            configuration: Some(ConfigurationState {
                service_principal_id: "sp1".into(),
                display_name: "x".into(),
                job_id: Some("job".into()),
                job_active: false,
                secrets: Some(secrets(&choices(), "tgt")),
                app_role_id: Some("role".into()),
                assigned: vec![Assignment { id: "a1".into(), principal_id: "g1".into(), display_name: "Sales".into(), principal_type: "Group".into() }],
                group_mapping_enabled: Some(true),
                schema: None,
            }),
            ..empty_pair()
        }
    }

    fn ids(p: &[PlannedWrite]) -> Vec<&str> {
        p.iter().map(|w| w.id.as_str()).collect()
    }

    #[test]
    fn an_empty_pair_plans_every_step_target_first() {
        let p = plan(&choices(), &empty_pair()).unwrap();
        assert_eq!(ids(&p), ["target-partner", "target-sync", "source-partner", "configuration", "test-connection", "job", "settings", "group-mapping"]);
        assert_eq!(p[0].tenant, TenantRole::Target);
        assert_eq!(p[4].path, "/servicePrincipals/{configurationId}/synchronization/jobs/validateCredentials");
        assert_eq!(p[1].version, "beta", "groupSyncInbound exists only in beta");
    }

    #[test]
    fn the_group_mapping_is_enabled_only_for_group_sync_and_only_when_off() {
        let mut state = done_pair();
        state.configuration.as_mut().unwrap().group_mapping_enabled = Some(false);
        let p = plan(&choices(), &state).unwrap();
        assert_eq!(ids(&p), ["group-mapping"]);
        assert_eq!((p[0].method, p[0].kind), ("PUT", WriteKind::EnableGroupMapping));
        assert_eq!(p[0].path, "/servicePrincipals/sp1/synchronization/jobs/job/schema");
        let mut users_only = choices();
        users_only.sync_groups = false;
        assert!(plan(&users_only, &state).unwrap().is_empty());
    }

    #[test]
    fn a_finished_pair_plans_nothing() {
        assert!(plan(&choices(), &done_pair()).unwrap().is_empty());
    }

    #[test]
    fn identity_sync_is_patched_once_with_both_flags() {
        let state = PairState { target_sync: sync(true, false), ..done_pair() };
        let p = plan(&choices(), &state).unwrap();
        assert_eq!(ids(&p), ["target-sync"]);
        assert_eq!(p[0].method, "PATCH");
        assert_eq!(p[0].body, Some(json!({ "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": true } })));
    }

    #[test]
    fn group_sync_already_allowed_is_kept_even_when_not_chosen() {
        let mut c = choices();
        c.sync_groups = false;
        let state = PairState { target_sync: sync(false, true), ..done_pair() };
        let p = plan(&c, &state).unwrap();
        assert_eq!(p[0].body.as_ref().unwrap()["groupSyncInbound"]["isSyncAllowed"], true);
    }

    #[test]
    fn turning_on_redemption_keeps_the_other_direction() {
        let state = PairState { target_partner: partner(None, Some(false)), ..done_pair() };
        let p = plan(&choices(), &state).unwrap();
        assert_eq!(p[0].body, Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": true, "outboundAllowed": false } })));
    }

    #[test]
    fn an_existing_configuration_is_reused_and_only_changed_settings_are_written() {
        let mut state = done_pair();
        let mut c = choices();
        c.deletion_threshold = Some(50);
        let p = plan(&c, &state).unwrap();
        assert_eq!(ids(&p), ["settings"]);
        assert_eq!(p[0].method, "PUT");
        assert_eq!(p[0].path, "/servicePrincipals/sp1/synchronization/secrets");
        assert_eq!(p[0].body.as_ref().unwrap()["value"].as_array().unwrap().len(), 4, "always the full set");
        state.configuration.as_mut().unwrap().job_id = None;
        assert_eq!(ids(&plan(&c, &state).unwrap()), ["test-connection", "job", "settings"]);
    }

    #[test]
    fn secrets_differing_only_in_json_key_order_are_the_same() {
        let mut state = done_pair();
        let cfg = state.configuration.as_mut().unwrap();
        let s = cfg.secrets.as_mut().unwrap();
        s[2].1 = r#"{"HumanResourcesLookaheadQueryEnabled":false,"DeleteThresholdValue":500,"DeleteThresholdEnabled":true,"Recipients":"ops@fabrikam.com","Enabled":true}"#.into();
        assert!(plan(&choices(), &state).unwrap().is_empty());
    }

    fn principal(id: &str) -> Principal {
        Principal { id: id.into(), display_name: format!("Group {id}") }
    }

    #[test]
    fn only_missing_assignments_are_planned_and_start_comes_last() {
        let mut c = choices();
        c.assign = vec![principal("g1"), principal("g2")];
        c.start = true;
        let p = plan(&c, &done_pair()).unwrap();
        assert_eq!(ids(&p), ["assign-g2", "start"]);
        assert_eq!(p[0].body, Some(json!({ "principalId": "g2", "resourceId": "sp1", "appRoleId": "role" })));
        assert_eq!(p[1].path, "/servicePrincipals/sp1/synchronization/jobs/job/start");
        let mut started = done_pair();
        started.configuration.as_mut().unwrap().job_active = true;
        c.assign.clear();
        assert!(plan(&c, &started).unwrap().is_empty());
    }

    #[test]
    fn switching_from_all_users_to_assigned_restarts_the_job_after_the_setting() {
        let (choices, mut state) = with_groups(1);
        let mut c = done_pair().configuration.unwrap();
        c.secrets.as_mut().unwrap().retain(|(k, _)| k != "SyncAll");
        c.secrets.as_mut().unwrap().push(("SyncAll".into(), "true".into()));
        state.configuration = Some(c);
        let p = plan(&choices, &state).unwrap();
        let at = |id: &str| p.iter().position(|w| w.id == id).unwrap_or_else(|| panic!("{id} in {:?}", ids(&p)));
        assert!(at("settings") < at("restart-scope"));
        assert_eq!(p[at("restart-scope")].body.as_ref().unwrap()["criteria"]["resetScope"], "Watermark, Escrows, QuarantineState");
        assert!(!ids(&plan(&choices, &done_pair()).unwrap()).contains(&"restart-scope"), "assigned only already: no restart");
    }

    #[test]
    fn a_removed_assignment_is_one_delete_of_that_assignment() {
        let mut c = choices();
        c.unassign = vec![principal("g1"), principal("never-assigned")];
        c.assign = vec![principal("g1")];
        let p = plan(&c, &done_pair()).unwrap();
        assert_eq!(ids(&p), ["unassign-g1"], "removal wins over a stale selection; an unassigned principal needs nothing");
        assert_eq!((p[0].method, p[0].path.as_str()), ("DELETE", "/servicePrincipals/sp1/appRoleAssignedTo/a1"));
        assert!(p[0].purpose.contains("Remove \"Sales\""));
    }

    #[test]
    fn on_an_empty_pair_assignments_and_start_use_placeholders_filled_at_apply() {
        let mut c = choices();
        c.assign = vec![principal("g1")];
        c.start = true;
        let p = plan(&c, &empty_pair()).unwrap();
        let assign = p.iter().find(|w| w.id == "assign-g1").unwrap();
        assert_eq!(assign.body, Some(json!({ "principalId": "g1", "resourceId": CONFIGURATION_ID, "appRoleId": APP_ROLE_ID })));
        assert_eq!(p.last().unwrap().path, format!("/servicePrincipals/{CONFIGURATION_ID}/synchronization/jobs/{JOB_ID}/start"));
        assert_eq!(p.iter().find(|w| w.id == "job").unwrap().kind, WriteKind::CreateJob);
    }

    #[test]
    fn a_finished_setup_prefills_the_form_with_what_it_holds() {
        let mut state = done_pair();
        state.configuration.as_mut().unwrap().display_name = "Fabrikam to Contoso".into();
        assert_eq!(current_choices(&state), Some(choices()));
        assert_eq!(current_choices(&empty_pair()), None);
    }

    #[test]
    fn settings_say_sync_only_assigned() {
        let s = secrets(&choices(), "tgt");
        assert!(s.contains(&("SyncAll".into(), "false".into())));
        let n: Value = serde_json::from_str(&s[2].1).unwrap();
        assert_eq!(n["DeleteThresholdValue"], 500);
        assert_eq!(n["Recipients"], "ops@fabrikam.com");
    }

    #[test]
    fn an_unreadable_policy_stops_planning() {
        let state = PairState { target_sync: Lookup::Unreadable("403".into()), ..empty_pair() };
        assert!(plan(&choices(), &state).is_err());
    }

    #[test]
    fn form_validation_names_each_bad_field() {
        let problems = validate_choices(true, " ", "ops@", "0").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["configuration-name", "notification-email", "deletion-threshold"]);
        assert!(validate_choices(true, "x", "", "abc").is_err());
        assert!(validate_choices(true, "x", "", "-5").is_err());
        let ok = validate_choices(false, " Sync ", "", "").unwrap();
        assert_eq!((ok.configuration_name.as_str(), ok.notification_email, ok.deletion_threshold), ("Sync", None, None));
    }

    #[test]
    fn group_sync_needs_a_selected_or_assigned_group() {
        assert_eq!(check_group_selection(&choices(), &empty_pair()).unwrap().field, "group-picker");
        let mut with_group = choices();
        with_group.assign = vec![principal("g1")];
        assert_eq!(check_group_selection(&with_group, &empty_pair()), None);
        assert_eq!(check_group_selection(&choices(), &done_pair()), None, "already assigned");
        let mut users_only = choices();
        users_only.sync_groups = false;
        assert_eq!(check_group_selection(&users_only, &empty_pair()), None);
    }

    #[test]
    fn e_mail_syntax() {
        for good in ["ops@contoso.com", "first.last+cts@sub.contoso.co.uk"] {
            assert!(is_email(good), "{good}");
        }
        for bad in ["ops", "ops@contoso", "@contoso.com", "a b@contoso.com", "ops@@contoso.com", "ops@-x.com", ".ops@contoso.com", "a..b@contoso.com", "ops@contoso..com"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
