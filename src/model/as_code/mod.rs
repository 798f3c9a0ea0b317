//! Configuration as code: one versioned JSON document for a pair (both tenants' partner settings,
//! the configuration's settings, the job's mappings and the assignments), read from the live pair,
//! checked when imported, compared with the live pair (drift), and turned back into the ordinary
//! plan. The document's JSON Schema is `docs/pair-document.schema.json`; the export is validated
//! against it by the e2e suite.
//!
//! Identifiers that only exist in one place (the configuration's service principal and job) are
//! kept under `exportedFrom`: a reader can follow them, but they are not applied and not compared,
//! so a document stays equal to itself after the pair is rebuilt.

pub mod apply;
pub mod drift;
pub mod powershell;

use crate::model::mapping::graph_props::own_properties;
use crate::model::setup::directory::PartnerPolicy;
use crate::model::setup::plan::{current_choices, PairState};
use crate::model::setup::readiness::Lookup;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The document's `kind`.
pub const KIND: &str = "tenantBridge.crossTenantSyncPair";
/// The version this app writes and reads.
pub const VERSION: u32 = 1;
/// The `$schema` written into exports (the file in this repository, by its conventional name).
pub const SCHEMA_ID: &str = "https://tenant-bridge.invalid/schemas/pair-document.v1.json";

/// One pair, as code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PairDocument {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema_uri: Option<String>,
    pub kind: String,
    pub version: u32,
    pub source: SourceSide,
    pub target: TargetSide,
    pub configuration: ConfigurationDoc,
    /// Where the document was read; informational only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_from: Option<ExportedFrom>,
}

/// The source tenant and its partner entry for the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceSide {
    pub tenant_id: String,
    pub display_name: String,
    /// The source's partner configuration for the target; `null` when there is none.
    pub partner: Option<PartnerDoc>,
}

/// The target tenant and its partner entry for the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetSide {
    pub tenant_id: String,
    pub display_name: String,
    pub partner: Option<PartnerDoc>,
    /// The partner's `identitySynchronization`; `null` when there is none.
    pub inbound_sync: Option<InboundSync>,
}

/// Automatic redemption of invitations, both directions (`null` in Graph, "inherit the default",
/// is written as `false`: the default is off).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerDoc {
    pub inbound_automatic_redemption: bool,
    pub outbound_automatic_redemption: bool,
}

/// Inbound sync allowed from the partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InboundSync {
    pub users: bool,
    pub groups: bool,
}

/// The configuration in the source tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigurationDoc {
    pub display_name: String,
    pub provisioning: Provisioning,
    /// The job's synchronization rules with their object mappings (as the service gives them),
    /// `null` when the job has not been created yet.
    pub schema: Option<SchemaDoc>,
    /// Users and groups assigned, ordered by type, name and ID.
    pub assignments: Vec<AssignmentDoc>,
}

/// The provisioning settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provisioning {
    pub scope: Scope,
    /// `null`: the accidental-deletion guard is off.
    pub deletion_threshold: Option<u32>,
    /// `null`: no notification e-mails.
    pub notification_email: Option<String>,
    /// The job's schedule is active.
    pub started: bool,
}

/// Who is in scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// "Sync only assigned users and groups" (`SyncAll` false), what group sync needs.
    AssignedUsersAndGroups,
    /// "Sync all users and groups" (`SyncAll` true).
    AllUsersAndGroups,
}

/// The mapping part of the job's schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchemaDoc {
    pub synchronization_rules: Vec<RuleDoc>,
}

/// One synchronization rule: its directories identify it; its object mappings are kept whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleDoc {
    #[serde(default)]
    pub name: Option<String>,
    pub source_directory_name: String,
    pub target_directory_name: String,
    pub object_mappings: Vec<Value>,
}

/// A user or group assigned to the configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignmentDoc {
    pub principal_id: String,
    /// `User` or `Group`.
    pub principal_type: String,
    pub display_name: String,
    /// The group's or user's `mailNickname`, a matching key across tenants; `null` when unread.
    #[serde(default)]
    pub mail_nickname: Option<String>,
}

/// Where the document was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedFrom {
    pub configuration_id: String,
    pub job_id: Option<String>,
}

/// An export that cannot be made.
pub const NO_CONFIGURATION: &str = "This pair has no cross-tenant sync configuration yet, so there is nothing to export. Set the pair up first (Setup), or import a document to build one.";

fn partner_doc(p: &Lookup<PartnerPolicy>) -> Result<Option<PartnerDoc>, String> {
    match p {
        Lookup::Found(p) => Ok(Some(PartnerDoc { inbound_automatic_redemption: p.inbound_redemption(), outbound_automatic_redemption: p.outbound_redemption() })),
        Lookup::Missing => Ok(None),
        Lookup::Unreadable(e) => Err(e.clone()),
    }
}

/// The mapping part of a schema as read: each rule's directories and object mappings, without
/// response annotations.
pub fn schema_doc(schema: &Value) -> SchemaDoc {
    let rules = schema["synchronizationRules"].as_array().map(Vec::as_slice).unwrap_or_default();
    SchemaDoc {
        synchronization_rules: rules
            .iter()
            .map(|r| RuleDoc {
                name: r["name"].as_str().map(String::from),
                source_directory_name: r["sourceDirectoryName"].as_str().unwrap_or_default().to_string(),
                target_directory_name: r["targetDirectoryName"].as_str().unwrap_or_default().to_string(),
                object_mappings: r["objectMappings"].as_array().map(|a| a.iter().map(own_properties).collect()).unwrap_or_default(),
            })
            .collect(),
    }
}

impl SchemaDoc {
    /// As a schema-shaped value, for the readable diff and the linter.
    pub fn as_schema(&self) -> Value {
        serde_json::json!({ "synchronizationRules": self.synchronization_rules.iter().map(|r| serde_json::json!({
            "name": r.name, "sourceDirectoryName": r.source_directory_name, "targetDirectoryName": r.target_directory_name, "objectMappings": r.object_mappings,
        })).collect::<Vec<_>>() })
    }
}

/// The live pair as a document. `nicknames` holds the `mailNickname` of assigned principals, by ID.
pub fn export(state: &PairState, schema: Option<&Value>, nicknames: &[(String, String)]) -> Result<PairDocument, String> {
    let config = state.configuration.as_ref().ok_or_else(|| NO_CONFIGURATION.to_string())?;
    let unreadable = |what: &str, e: String| format!("{what} could not be read, so the document would be incomplete: {e}");
    let source_partner = partner_doc(&state.source_partner).map_err(|e| unreadable("The source's partner configuration", e))?;
    let target_partner = partner_doc(&state.target_partner).map_err(|e| unreadable("The target's partner configuration", e))?;
    let inbound_sync = match &state.target_sync {
        Lookup::Found(s) => Some(InboundSync { users: s.users_allowed(), groups: s.groups_allowed() }),
        Lookup::Missing => None,
        Lookup::Unreadable(e) => return Err(unreadable("The target's synchronization policy", e.clone())),
    };
    let secrets = config.secrets.as_ref().ok_or_else(|| "The configuration's provisioning settings (secrets) could not be read; the document would be incomplete. Check Synchronization.ReadWrite.All in the source and try again.".to_string())?;
    let settings = current_choices(state).expect("configuration and secrets are present");
    let sync_all = secrets.iter().any(|(k, v)| k == "SyncAll" && v.eq_ignore_ascii_case("true"));
    let mut assignments: Vec<AssignmentDoc> = config
        .assigned
        .iter()
        .map(|a| AssignmentDoc {
            principal_id: a.principal_id.clone(),
            principal_type: a.principal_type.clone(),
            display_name: a.display_name.clone(),
            mail_nickname: nicknames.iter().find(|(id, _)| *id == a.principal_id).map(|(_, n)| n.clone()),
        })
        .collect();
    assignments.sort_by(|a, b| (&a.principal_type, &a.display_name, &a.principal_id).cmp(&(&b.principal_type, &b.display_name, &b.principal_id)));
    assignments.dedup_by(|a, b| a.principal_id == b.principal_id);
    Ok(PairDocument {
        schema_uri: Some(SCHEMA_ID.into()),
        kind: KIND.into(),
        version: VERSION,
        source: SourceSide { tenant_id: state.source_id.clone(), display_name: state.source_name.clone(), partner: source_partner },
        target: TargetSide { tenant_id: state.target_id.clone(), display_name: state.target_name.clone(), partner: target_partner, inbound_sync },
        configuration: ConfigurationDoc {
            display_name: config.display_name.clone(),
            provisioning: Provisioning {
                scope: if sync_all { Scope::AllUsersAndGroups } else { Scope::AssignedUsersAndGroups },
                deletion_threshold: settings.deletion_threshold,
                notification_email: settings.notification_email,
                started: config.job_active,
            },
            schema: schema.map(schema_doc),
            assignments,
        },
        exported_from: Some(ExportedFrom { configuration_id: config.service_principal_id.clone(), job_id: config.job_id.clone() }),
    })
}

/// The document as the file is written: pretty, with a final newline, stable key order.
pub fn to_text(doc: &PairDocument) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Why an imported document was refused; `field` is its JSON path (`configuration.provisioning.deletionThreshold`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

fn refuse(field: &str, message: impl Into<String>) -> DocError {
    DocError { field: field.into(), message: message.into() }
}

/// Reads an imported document: JSON, the kind and version, then every field, then the values.
/// Every refusal names the field and says what to do; nothing is sent for a refused document.
pub fn parse(text: &str) -> Result<PairDocument, DocError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        refuse("", format!("This is not JSON (line {}, column {}: {e}). Choose a file exported by Tenant Bridge (Configuration as code → Export).", e.line(), e.column()))
    })?;
    if !value.is_object() {
        return Err(refuse("", "The JSON is not an object. A pair document is an object with kind, version, source, target and configuration."));
    }
    if value["kind"] != KIND {
        return Err(refuse("kind", format!("expected \"{KIND}\", found {}. This file is not a Tenant Bridge pair document (a schema exported from the Mappings page is imported there instead).", short(&value["kind"]))));
    }
    match value["version"].as_u64() {
        Some(v) if v == VERSION as u64 => {}
        Some(v) => return Err(refuse("version", format!("version {v} is not known to this app, which reads version {VERSION}. Export the document again with this version of Tenant Bridge, or use the version that wrote it."))),
        None => return Err(refuse("version", format!("expected the number {VERSION}, found {}.", short(&value["version"])))),
    }
    let doc: PairDocument = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        refuse(if path == "." { "" } else { &path }, format!("{}. Fix this field, or export the document again.", e.inner()))
    })?;
    check_values(&doc)?;
    Ok(doc)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s }
}

fn check_values(doc: &PairDocument) -> Result<(), DocError> {
    use crate::model::config::is_guid;
    if !is_guid(&doc.source.tenant_id) {
        return Err(refuse("source.tenantId", format!("\"{}\" is not a tenant ID (a GUID).", doc.source.tenant_id)));
    }
    if !is_guid(&doc.target.tenant_id) {
        return Err(refuse("target.tenantId", format!("\"{}\" is not a tenant ID (a GUID).", doc.target.tenant_id)));
    }
    if doc.source.tenant_id.eq_ignore_ascii_case(&doc.target.tenant_id) {
        return Err(refuse("target.tenantId", "the source and the target are the same tenant; cross-tenant sync needs two."));
    }
    let c = &doc.configuration;
    let threshold = c.provisioning.deletion_threshold.map(|n| n.to_string()).unwrap_or_default();
    let email = c.provisioning.notification_email.clone().unwrap_or_default();
    if let Err(problems) = crate::model::setup::plan::validate_choices(false, &c.display_name, &email, &threshold) {
        let p = &problems[0];
        let field = match p.field {
            "configuration-name" => "configuration.displayName",
            "notification-email" => "configuration.provisioning.notificationEmail",
            _ => "configuration.provisioning.deletionThreshold",
        };
        return Err(refuse(field, p.message.clone()));
    }
    for (i, a) in c.assignments.iter().enumerate() {
        if !is_guid(&a.principal_id) {
            return Err(refuse(&format!("configuration.assignments[{i}].principalId"), format!("\"{}\" is not an object ID (a GUID).", a.principal_id)));
        }
        if a.principal_type != "User" && a.principal_type != "Group" {
            return Err(refuse(&format!("configuration.assignments[{i}].principalType"), format!("\"{}\" is neither User nor Group; only users and groups can be assigned to a configuration.", a.principal_type)));
        }
    }
    if let Some(s) = &c.schema {
        for (r, rule) in s.synchronization_rules.iter().enumerate() {
            for (m, mapping) in rule.object_mappings.iter().enumerate() {
                let at = format!("configuration.schema.synchronizationRules[{r}].objectMappings[{m}]");
                if !mapping.is_object() {
                    return Err(refuse(&at, "an object mapping must be an object."));
                }
                for key in ["sourceObjectName", "targetObjectName"] {
                    if !mapping[key].is_string() {
                        return Err(refuse(&format!("{at}.{key}"), "missing: every object mapping names its source and target object."));
                    }
                }
                if !mapping["attributeMappings"].is_array() {
                    return Err(refuse(&format!("{at}.attributeMappings"), "missing: an object mapping carries its attribute mappings (a list, which may be empty)."));
                }
            }
        }
    }
    Ok(())
}

/// How a document relates to the pair signed in now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairMatch {
    /// Made on this pair: drift can be shown, objects are used by ID.
    Same,
    /// Made on another pair: objects must be matched by a key before planning.
    Other,
}

/// The document's pair against the signed-in pair. A document whose source is this pair's target
/// (or the other way round) is refused: applying it would reverse the direction of sync.
pub fn pair_match(doc: &PairDocument, source_id: &str, target_id: &str) -> Result<PairMatch, DocError> {
    let (s, t) = (doc.source.tenant_id.to_ascii_lowercase(), doc.target.tenant_id.to_ascii_lowercase());
    let (src, tgt) = (source_id.to_ascii_lowercase(), target_id.to_ascii_lowercase());
    if s == src && t == tgt {
        return Ok(PairMatch::Same);
    }
    if s == tgt || t == src {
        return Err(refuse("source.tenantId", format!(
            "this document syncs {} ({}) to {} ({}), but you are signed in with {} as the source and {} as the target: it would reverse the direction. Sign in to the tenants the other way round, or choose another document.",
            doc.source.display_name, doc.source.tenant_id, doc.target.display_name, doc.target.tenant_id, source_id, target_id)));
    }
    Ok(PairMatch::Other)
}

#[cfg(test)]
pub(crate) mod tests;
