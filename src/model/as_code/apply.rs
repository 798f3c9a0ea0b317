//! A document turned into the ordinary plan: the choices it stands for (name, settings, group
//! sync, assignments, start), the objects it names found in the signed-in source tenant, and the
//! writes the ordinary plan does not make (the partner switches sync does not need, group sync
//! turned off, the mappings). Nothing here sends a request.

use super::{AssignmentDoc, DocError, PairDocument, SchemaDoc, Scope};
use crate::model::mapping::lint::{blocks, lint, Finding};
use crate::model::setup::plan::{PairState, PlannedWrite, Principal, SetupChoices, WriteKind, JOB_ID};
use crate::model::setup::readiness::Lookup;
use crate::model::tenant::TenantRole;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// How the document's users and groups are found in the signed-in source tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKey {
    /// By object ID: a document made on this pair.
    ObjectId,
    /// By display name (not unique in Entra: two matches are listed, never guessed).
    DisplayName,
    /// By `mailNickname`.
    MailNickname,
}

impl MatchKey {
    pub fn label(self) -> &'static str {
        match self {
            MatchKey::ObjectId => "Object ID",
            MatchKey::DisplayName => "Display name",
            MatchKey::MailNickname => "Mail nickname",
        }
    }

    /// The value of this key in the document, if it has one.
    pub fn value_of(self, a: &AssignmentDoc) -> Option<&str> {
        match self {
            MatchKey::ObjectId => Some(a.principal_id.as_str()),
            MatchKey::DisplayName => Some(a.display_name.as_str()),
            MatchKey::MailNickname => a.mail_nickname.as_deref(),
        }
        .filter(|v| !v.is_empty())
    }
}

/// A user or group of the signed-in source tenant that a key found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub id: String,
    pub display_name: String,
    /// `User` or `Group`.
    pub principal_type: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub security_enabled: Option<bool>,
}

/// What became of one of the document's assignments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Found(Candidate),
    /// Nothing in this tenant has the key's value.
    Unmatched,
    /// Several objects have it: which one is meant is the admin's call, not ours.
    Ambiguous(usize),
    /// The document has no value for the key (for example no mail nickname).
    NoKey,
}

/// The document's assignment and what the key found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched {
    pub assignment: AssignmentDoc,
    pub outcome: Outcome,
}

/// Matches each assignment to the candidates the key's reads returned for it (`found[i]` for
/// assignment `i`, only objects of the assignment's type count).
pub fn match_assignments(doc: &PairDocument, key: MatchKey, found: &[Vec<Candidate>]) -> Vec<Matched> {
    doc.configuration
        .assignments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let outcome = if key.value_of(a).is_none() {
                Outcome::NoKey
            } else {
                let same: Vec<&Candidate> = found.get(i).map(|f| f.iter().filter(|c| c.principal_type == a.principal_type).collect()).unwrap_or_default();
                match same.as_slice() {
                    [] => Outcome::Unmatched,
                    [one] => Outcome::Found((*one).clone()),
                    many => Outcome::Ambiguous(many.len()),
                }
            };
            Matched { assignment: a.clone(), outcome }
        })
        .collect()
}

/// Why a match is not usable, for the table and the refusal.
pub fn problem(m: &Matched, key: MatchKey) -> Option<String> {
    let a = &m.assignment;
    match &m.outcome {
        Outcome::Found(_) => None,
        Outcome::Unmatched => Some(format!("{} \"{}\": no {} in this tenant has {} \"{}\". Create it, choose another key, or remove it from the document.", a.principal_type, a.display_name, a.principal_type.to_lowercase(), key.label().to_lowercase(), key.value_of(a).unwrap_or_default())),
        Outcome::Ambiguous(n) => Some(format!("{} \"{}\": {n} objects in this tenant have {} \"{}\"; which one is meant cannot be told. Choose another key, or make the value unique.", a.principal_type, a.display_name, key.label().to_lowercase(), key.value_of(a).unwrap_or_default())),
        Outcome::NoKey => Some(format!("{} \"{}\" has no {} in the document. Choose another key.", a.principal_type, a.display_name, key.label().to_lowercase())),
    }
}

/// What the wizard takes from a document to plan it: the choices, and the document for the writes
/// the ordinary plan does not make.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentChoices {
    pub choices: SetupChoices,
    /// The matched groups and users to assign.
    pub groups: Vec<Candidate>,
    pub users: Vec<Candidate>,
}

/// The choices a document stands for on the signed-in pair. Every assignment must be matched;
/// the live assignments the document does not name are removed (the document is the whole scope).
pub fn choices(doc: &PairDocument, matched: &[Matched], key: MatchKey, state: &PairState) -> Result<DocumentChoices, Vec<DocError>> {
    let mut problems = vec![];
    let p = &doc.configuration.provisioning;
    if p.scope == Scope::AllUsersAndGroups {
        problems.push(DocError {
            field: "configuration.provisioning.scope".into(),
            message: "\"allUsersAndGroups\" is not applied by Tenant Bridge: it syncs only assigned users and groups, which group sync needs and which keeps the scope reviewable. Change it to \"assignedUsersAndGroups\" and list the assignments.".into(),
        });
    }
    for (i, m) in matched.iter().enumerate() {
        if let Some(text) = problem(m, key) {
            problems.push(DocError { field: format!("configuration.assignments[{i}]"), message: text });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let found: Vec<Candidate> = matched.iter().filter_map(|m| if let Outcome::Found(c) = &m.outcome { Some(c.clone()) } else { None }).collect();
    let groups_allowed = doc.target.inbound_sync.is_some_and(|s| s.groups);
    let live = state.configuration.as_ref().map(|c| c.assigned.clone()).unwrap_or_default();
    let choices = SetupChoices {
        sync_groups: groups_allowed,
        configuration_name: doc.configuration.display_name.clone(),
        notification_email: p.notification_email.clone(),
        deletion_threshold: p.deletion_threshold,
        assign: found.iter().map(|c| Principal { id: c.id.clone(), display_name: c.display_name.clone() }).collect(),
        unassign: live.iter().filter(|a| !found.iter().any(|c| c.id == a.principal_id)).map(|a| Principal { id: a.principal_id.clone(), display_name: a.display_name.clone() }).collect(),
        start: p.started,
    };
    let (groups, users) = found.into_iter().partition(|c| c.principal_type == "Group");
    Ok(DocumentChoices { choices, groups, users })
}

/// The live schema with the document's object mappings in place of its own: each rule of the
/// document replaces the live rule with the same source and target directory. A document rule
/// without a live counterpart is refused (the job's template decides which rules exist).
pub fn merge_mappings(live: &Value, doc: &SchemaDoc) -> Result<Value, String> {
    let mut merged = live.clone();
    let Some(rules) = merged["synchronizationRules"].as_array_mut() else {
        return Err("The job's schema as read has no synchronizationRules; the mappings cannot be placed. Read it again, or check the job in the admin center.".into());
    };
    for d in &doc.synchronization_rules {
        let Some(rule) = rules.iter_mut().find(|r| r["sourceDirectoryName"] == d.source_directory_name.as_str() && r["targetDirectoryName"] == d.target_directory_name.as_str()) else {
            return Err(format!("The document's rule from \"{}\" to \"{}\" has no counterpart in this job's schema; the job was made from another template. Export a document from a cross-tenant sync job.", d.source_directory_name, d.target_directory_name));
        };
        rule["objectMappings"] = Value::Array(d.object_mappings.clone());
    }
    Ok(merged)
}

/// The linter's verdict on the document's mappings placed in the live schema (or alone, before
/// the job exists); the findings that block the save block the document too.
pub fn lint_document(live: Option<&Value>, doc: &SchemaDoc) -> Result<Vec<Finding>, String> {
    let (original, edited) = match live {
        Some(l) => (l.clone(), merge_mappings(l, doc)?),
        // Before the job exists there is no live schema: lint the mappings alone (the directories
        // come from the job's template, so their absence here is not the document's fault).
        None => {
            let mut alone = doc.as_schema();
            alone["directories"] = json!([]);
            (alone.clone(), alone)
        }
    };
    let findings = lint(&original, &edited, None);
    if blocks(&findings) {
        let list: Vec<String> = findings.iter().filter(|f| f.level == crate::model::mapping::lint::Level::Error).map(|f| format!("{} ({})", f.message, f.mapping)).collect();
        return Err(format!("The document's mappings would not pass the mapping editor's checks: {}", list.join("; ")));
    }
    Ok(findings)
}

/// Adds to the ordinary plan what the document holds beyond the choices: both redemption switches
/// on each side as the document has them (the plan itself only turns on the ones sync needs),
/// group sync as the document has it (the plan never turns it off), and the mappings (one
/// read-modify-PUT of the schema, in place of enabling the group mapping alone).
pub fn extend(plan: &mut Vec<PlannedWrite>, doc: &PairDocument, state: &PairState) {
    let partners = "/policies/crossTenantAccessPolicy/partners";
    let (src, tgt) = (&state.source_id, &state.target_id);
    // Target: inbound is what sync needs; outbound as the document says.
    if let Some(want) = doc.target.partner {
        let outbound = want.outbound_automatic_redemption;
        set_consent(plan, &["target-partner", "target-redemption"], "outboundAllowed", outbound, || match &state.target_partner {
            Lookup::Found(p) if p.outbound_redemption() != outbound => Some(PlannedWrite {
                id: "target-redemption".into(), step: 2, tenant: TenantRole::Target, kind: WriteKind::Write, method: "PATCH", version: "v1.0",
                path: format!("{partners}/{src}"),
                body: Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": true, "outboundAllowed": outbound } })),
                purpose: format!("Set outbound automatic redemption in {} for {} to {} (as the document has it).", state.target_name, state.source_name, on_off(outbound)),
            }),
            _ => None,
        });
    }
    if let Some(want) = doc.source.partner {
        let inbound = want.inbound_automatic_redemption;
        set_consent(plan, &["source-partner", "source-redemption"], "inboundAllowed", inbound, || match &state.source_partner {
            Lookup::Found(p) if p.inbound_redemption() != inbound => Some(PlannedWrite {
                id: "source-redemption".into(), step: 3, tenant: TenantRole::Source, kind: WriteKind::Write, method: "PATCH", version: "v1.0",
                path: format!("{partners}/{tgt}"),
                body: Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": inbound, "outboundAllowed": true } })),
                purpose: format!("Set inbound automatic redemption in {} for {} to {} (as the document has it).", state.source_name, state.target_name, on_off(inbound)),
            }),
            _ => None,
        });
    }
    // Group sync off when the document has it off and the tenant allows it.
    if doc.target.inbound_sync.is_some_and(|s| !s.groups) {
        if let Some(w) = plan.iter_mut().find(|w| w.id == "target-sync") {
            if let Some(b) = w.body.as_mut() {
                b["groupSyncInbound"] = json!({ "isSyncAllowed": false });
            }
        } else if matches!(&state.target_sync, Lookup::Found(s) if s.groups_allowed()) {
            insert_after_tenant(plan, TenantRole::Target, PlannedWrite {
                id: "target-sync".into(), step: 2, tenant: TenantRole::Target, kind: WriteKind::Write, method: "PATCH", version: "beta",
                path: format!("{partners}/{src}/identitySynchronization"),
                body: Some(json!({ "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": false } })),
                purpose: format!("Stop allowing inbound group sync from {} (the document has it off; users stay allowed).", state.source_name),
            });
        }
    }
    // The mappings, when they differ from the live schema (or the job is new).
    let Some(schema) = &doc.configuration.schema else { return };
    let config = state.configuration.as_ref();
    let live = config.and_then(|c| c.schema.as_ref());
    let same = live.is_some_and(|l| super::schema_doc(l).synchronization_rules == schema.synchronization_rules);
    if same {
        return;
    }
    let sp = config.map(|c| c.service_principal_id.clone()).unwrap_or_else(|| crate::model::setup::plan::CONFIGURATION_ID.to_string());
    let job = config.and_then(|c| c.job_id.clone()).unwrap_or_else(|| JOB_ID.to_string());
    plan.retain(|w| w.kind != WriteKind::EnableGroupMapping);
    let at = plan.iter().position(|w| w.step >= 7 && w.tenant == TenantRole::Source).unwrap_or(plan.len());
    let count: usize = schema.synchronization_rules.iter().map(|r| r.object_mappings.len()).sum();
    plan.insert(at, PlannedWrite {
        id: "mappings".into(), step: 8, tenant: TenantRole::Source, kind: WriteKind::ReplaceMappings, method: "PUT", version: "v1.0",
        path: format!("/servicePrincipals/{sp}/synchronization/jobs/{job}/schema"),
        body: Some(schema.as_schema()),
        purpose: format!("Put the document's {count} object mappings in place: read the schema, replace each rule's object mappings, PUT the complete schema back (never PATCH)."),
    });
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// Sets one direction of `automaticUserConsentSettings` in the plan's partner write, or adds a
/// write when the plan has none and the tenant differs.
fn set_consent(plan: &mut Vec<PlannedWrite>, ids: &[&str], key: &str, value: bool, otherwise: impl FnOnce() -> Option<PlannedWrite>) {
    if let Some(w) = plan.iter_mut().find(|w| ids.contains(&w.id.as_str())) {
        if let Some(b) = w.body.as_mut() {
            b["automaticUserConsentSettings"][key] = json!(value);
        }
        return;
    }
    if let Some(w) = otherwise() {
        let tenant = w.tenant;
        insert_after_tenant(plan, tenant, w);
    }
}

/// Inserts a partner write after the writes of its step, keeping target before source.
fn insert_after_tenant(plan: &mut Vec<PlannedWrite>, tenant: TenantRole, w: PlannedWrite) {
    let step = w.step;
    let at = plan.iter().rposition(|x| x.tenant == tenant && x.step <= step).map(|i| i + 1).unwrap_or_else(|| plan.iter().position(|x| x.step > step).unwrap_or(plan.len()));
    plan.insert(at, w);
}
