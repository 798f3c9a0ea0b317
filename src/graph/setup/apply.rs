//! Reads the state the plan is computed from, and applies a plan write by write.

use crate::graph::client::{ApiVersion, Graph};
use crate::model::batch::{answer, BatchRequest, BatchResponse};
use crate::model::configuration::{choose, Candidate, Target};
use crate::model::setup::directory::{ServicePrincipalSummary, SubscribedSku};
use crate::model::error::{AppError, ErrorKind};
use crate::model::mapping::schema::{object_mappings, set_enabled};
use crate::model::setup::plan::{Assignment, ConfigurationState, PairState, PlannedWrite, WriteKind, APP_ROLE_ID, CONFIGURATION_ID, JOB_ID};
use std::collections::BTreeMap;
use crate::model::setup::readiness::Lookup;
use crate::model::tenant::{TenantProfile, TenantRole};
use gloo_net::http::Method;
use serde::Deserialize;
use serde_json::Value;
use crate::model::graph_url::with_query;

/// Reads both tenants' current setup: policies, the configuration that serves this pair, and the
/// source's licences (for the group-sync gate).
pub async fn read_state(source: Graph, target: Graph, sp: &TenantProfile, tp: &TenantProfile, configuration_name: &str) -> Result<(PairState, Lookup<Vec<SubscribedSku>>), AppError> {
    let (src, tgt) = (sp.tenant_id.clone(), tp.tenant_id.clone());
    let target_reads = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{src}")),
        BatchRequest::get("sync", format!("/policies/crossTenantAccessPolicy/partners/{src}/identitySynchronization")),
    ];
    // Beta on the source too: secrets can be read only there (v1.0 GET is unverified).
    let source_reads = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{tgt}")),
        BatchRequest::get("configs", crate::graph::setup::readiness::configurations_path()),
        BatchRequest::get("skus", with_query("/subscribedSkus", &[("$select", crate::graph::setup::readiness::SKU_SELECT)])),
    ];
    let (t, s) = futures::join!(target.batch(ApiVersion::Beta, target_reads), source.batch(ApiVersion::Beta, source_reads));
    let (t, s) = (t?, s?);
    let configs: Vec<ServicePrincipalSummary> = match answer(&s, "configs", BatchResponse::values) {
        Lookup::Found(list) => list,
        Lookup::Missing => vec![],
        Lookup::Unreadable(e) => return Err(AppError::new(ErrorKind::Graph, "configurations_unreadable", format!("The configurations in {} could not be read: {e}", sp.display_name))),
    };
    let configuration = find_configuration(source, &configs, &tgt, configuration_name).await?;
    let skus = answer(&s, "skus", BatchResponse::values);
    let state = PairState {
        source_id: src,
        source_name: sp.display_name.clone(),
        target_id: tgt,
        target_name: tp.display_name.clone(),
        target_partner: answer(&t, "partner", BatchResponse::lookup),
        target_sync: answer(&t, "sync", BatchResponse::lookup),
        source_partner: answer(&s, "partner", BatchResponse::lookup),
        configuration,
    };
    Ok((state, skus))
}

#[derive(Deserialize)]
pub(crate) struct KeyValue {
    pub(crate) key: String,
    #[serde(default)]
    pub(crate) value: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct JobSummary {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) schedule: Option<Schedule>,
}

#[derive(Deserialize)]
pub(crate) struct Schedule {
    #[serde(default)]
    pub(crate) state: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppRoles {
    #[serde(default)]
    pub(crate) app_roles: Vec<AppRole>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppRole {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) display_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssignedPrincipal {
    pub(crate) id: String,
    pub(crate) principal_id: String,
    #[serde(default)]
    pub(crate) principal_display_name: Option<String>,
    #[serde(default)]
    pub(crate) principal_type: Option<String>,
}

/// The `$select` of an `appRoleAssignedTo` read that [`AssignedPrincipal`] decodes.
pub(crate) const ASSIGNMENT_SELECT: &str = "id,principalId,principalDisplayName,principalType";

impl AssignedPrincipal {
    /// As the plan holds it: a missing name shows the principal's ID.
    pub(crate) fn into_assignment(self) -> Assignment {
        Assignment { display_name: self.principal_display_name.unwrap_or_else(|| self.principal_id.clone()), id: self.id, principal_id: self.principal_id, principal_type: self.principal_type.unwrap_or_default() }
    }
}

/// The `msiam_access` role (the configuration's only one, per the reference); the first role if
/// the name differs, since the shape is documented for one tenant only.
pub(crate) fn access_role(roles: &[AppRole]) -> Option<String> {
    roles.iter().find(|r| r.display_name.as_deref() == Some("msiam_access")).or(roles.first()).map(|r| r.id.clone())
}

/// The configuration serving this target: the one whose `CompanyId` secret names it; failing that
/// (a configuration created but not yet set up), the one with the chosen name. Never a guess
/// between several.
async fn find_configuration(source: Graph, configs: &[ServicePrincipalSummary], target_id: &str, name: &str) -> Result<Option<ConfigurationState>, AppError> {
    if configs.is_empty() {
        return Ok(None);
    }
    let mut reads = vec![];
    for (i, c) in configs.iter().enumerate() {
        reads.push(BatchRequest::get(&format!("secrets{i}"), format!("/servicePrincipals/{}/synchronization/secrets", c.id)));
        reads.push(BatchRequest::get(&format!("jobs{i}"), format!("/servicePrincipals/{}/synchronization/jobs", c.id)));
        reads.push(BatchRequest::get(&format!("sp{i}"), with_query(&format!("/servicePrincipals/{}", c.id), &[("$select", "id,appRoles")])));
        reads.push(BatchRequest::get(&format!("assigned{i}"), with_query(&format!("/servicePrincipals/{}/appRoleAssignedTo", c.id), &[("$select", ASSIGNMENT_SELECT), ("$top", "999")])));
    }
    let answers = source.batch(ApiVersion::Beta, reads).await?;
    let mut states = vec![];
    for (i, c) in configs.iter().enumerate() {
        let secrets: Option<Vec<(String, String)>> = match answer(&answers, &format!("secrets{i}"), BatchResponse::values::<KeyValue>) {
            Lookup::Found(kv) => Some(kv.into_iter().map(|p| (p.key, p.value.unwrap_or_default())).collect()),
            _ => None,
        };
        let (job_id, job_active) = match answer(&answers, &format!("jobs{i}"), BatchResponse::values::<JobSummary>) {
            Lookup::Found(jobs) => jobs
                .into_iter()
                .next()
                .map(|j| (Some(j.id), j.schedule.and_then(|s| s.state).as_deref() == Some("Active")))
                .unwrap_or((None, false)),
            _ => (None, false),
        };
        let app_role_id = match answer(&answers, &format!("sp{i}"), BatchResponse::lookup::<AppRoles>) {
            Lookup::Found(sp) => access_role(&sp.app_roles),
            _ => None,
        };
        let assigned = match answer(&answers, &format!("assigned{i}"), BatchResponse::values::<AssignedPrincipal>) {
            Lookup::Found(list) => list.into_iter().map(AssignedPrincipal::into_assignment).collect(),
            _ => vec![],
        };
        states.push(ConfigurationState { service_principal_id: c.id.clone(), display_name: c.display_name.clone(), job_id, job_active, secrets, app_role_id, assigned, group_mapping_enabled: None, schema: None });
    }
    // One rule for Setup, Mappings and Monitor (model::configuration).
    let candidates: Vec<Candidate> = states.iter().map(|s| Candidate { display_name: &s.display_name, target: target_of(s.secrets.as_deref()) }).collect();
    let Some(chosen) = choose(&candidates, Some(target_id), Some(name)) else { return Ok(None) };
    let mut found = states.swap_remove(chosen);
    if let Some(job) = found.job_id.clone() {
        let path = format!("/servicePrincipals/{}/synchronization/jobs/{job}/schema", found.service_principal_id);
        found.schema = source.get::<Value>(ApiVersion::V1, &path).await.ok();
        found.group_mapping_enabled = found.schema.as_ref().and_then(group_mapping_enabled);
    }
    Ok(Some(found))
}

/// What a configuration's secrets say about its target, for [`choose`].
pub(crate) fn target_of(secrets: Option<&[(String, String)]>) -> Target<'_> {
    match secrets {
        None => Target::Unknown,
        Some(kv) => kv.iter().find(|(k, v)| k == "CompanyId" && !v.is_empty()).map(|(_, v)| Target::Tenant(v.as_str())).unwrap_or(Target::NotSet),
    }
}

/// Whether the group object mapping is on; `None` without one. Matched by object, not by name:
/// the Graph name of the group mapping is unverified.
fn group_mapping_enabled(schema: &Value) -> Option<bool> {
    object_mappings(schema).into_iter().find(|m| m.source_object == "Group").map(|m| m.enabled)
}

/// Reads the schema, enables the group mapping and PUTs the whole schema. A job just created is
/// checked for a twin in the same round trip as the schema read (`job_check`). The result is
/// verified by the plan built again after the apply (it reads the mapping and plans this write
/// again if the service did not keep it), so no separate read-back is spent here.
async fn enable_group_mapping(graph: Graph, path: &str, job_check: Option<JobCheck>, notes: &mut Notes) -> Result<(), AppError> {
    let mut schema: Value = match &job_check {
        None => graph.get(ApiVersion::V1, path).await?,
        Some(check) => {
            let answers = graph.batch(ApiVersion::V1, vec![BatchRequest::get("jobs", check.jobs_path.clone()), BatchRequest::get("schema", path.to_string())]).await?;
            if let Lookup::Found(jobs) = answer(&answers, "jobs", BatchResponse::values::<JobSummary>) {
                remove_twin_jobs(graph, &check.jobs_path, &check.kept, jobs, notes).await?;
            }
            match answer(&answers, "schema", BatchResponse::lookup::<Value>) {
                Lookup::Found(v) => v,
                _ => graph.get(ApiVersion::V1, path).await?,
            }
        }
    };
    let groups: Vec<_> = object_mappings(&schema).into_iter().filter(|m| m.source_object == "Group").collect();
    for m in &groups {
        set_enabled(&mut schema, m.at, true);
    }
    if groups.is_empty() {
        return Err(AppError::new(ErrorKind::Graph, "no_group_mapping", "This configuration's schema has no group object mapping. Configurations created before group sync may lack it: create a new configuration, or add the mapping in the admin center.").at("GET", path));
    }
    graph.put(ApiVersion::V1, path, &crate::model::mapping::graph_props::own_properties(&schema)).await?;
    Ok(())
}

/// Reads the schema, puts the document's object mappings (the write's body) in place of each
/// rule's own, and PUTs the complete schema back; the plan built again after the apply reads it
/// and plans this write again if the service did not keep it.
async fn replace_mappings(graph: Graph, path: &str, body: Option<&Value>) -> Result<(), AppError> {
    let doc: crate::model::as_code::SchemaDoc = body
        .and_then(|b| serde_json::from_value(b.clone()).ok())
        .ok_or_else(|| AppError::new(ErrorKind::Decode, "bad_mappings", "The planned mappings could not be read back from the plan. Import the document again.").at("PUT", path))?;
    let live: Value = graph.get(ApiVersion::V1, path).await?;
    let merged = crate::model::as_code::apply::merge_mappings(&live, &doc).map_err(|m| AppError::new(ErrorKind::Graph, "mappings_do_not_fit", m).at("PUT", path))?;
    graph.put(ApiVersion::V1, path, &crate::model::mapping::graph_props::own_properties(&merged)).await?;
    Ok(())
}

/// A job create to check for a twin (a resent create) once the job ID is known.
#[derive(Clone, Debug)]
pub struct JobCheck {
    pub jobs_path: String,
    pub kept: String,
}

/// IDs learnt while applying (configuration, app role, job), to fill the plan's placeholders.
pub type Outputs = BTreeMap<String, String>;

/// What an apply did besides the planned request itself (a lost answer re-read, a duplicate
/// removed), for the apply log.
pub type Notes = Vec<String>;

/// True when a write may or may not have been applied: the connection dropped before the answer,
/// or Graph answered 500, 502 or 504. Only a re-read can tell.
fn outcome_unknown(e: &AppError) -> bool {
    (e.kind == ErrorKind::Network && e.status.is_none()) || e.status.is_some_and(crate::model::retry::outcome_unknown)
}

/// What a create makes, so that it can be found again when its answer is lost, and checked for a
/// duplicate when the browser (or a proxy) resent it by itself.
enum Create {
    /// A partner configuration (`POST …/partners`), by partner tenant ID.
    Partner(String),
    /// A configuration (instantiate), by display name.
    Configuration(String),
    /// The job of the configuration at this path (`…/synchronization/jobs`).
    Job,
    /// An app role assignment, by principal ID.
    Assignment(String),
}

fn create_of(write: &PlannedWrite, path: &str, body: Option<&Value>) -> Option<Create> {
    let field = |k: &str| body.and_then(|b| b[k].as_str()).unwrap_or_default().to_string();
    match write.kind {
        WriteKind::CreateConfiguration => Some(Create::Configuration(field("displayName"))),
        WriteKind::CreateJob => Some(Create::Job),
        _ if write.method == "POST" && path.ends_with("/crossTenantAccessPolicy/partners") => Some(Create::Partner(field("tenantId"))),
        _ if write.method == "POST" && path.ends_with("/appRoleAssignedTo") => Some(Create::Assignment(field("principalId"))),
        _ => None,
    }
}

/// Sends one planned write, with placeholders filled from `outputs`; adds what it created. A create
/// is never sent twice blindly: after a lost answer (dropped connection, 500, 502, 504) the state
/// it would change is read again and the create is resent only if its object is absent; after
/// every create, what it produced is read back and a duplicate this apply made (a request the
/// browser resent by itself when a reused connection closed) is removed, and said in `notes`.
pub async fn apply_one(graph: Graph, write: &PlannedWrite, outputs: &mut Outputs, notes: &mut Notes) -> Result<(), AppError> {
    apply_one_with(graph, write, outputs, notes, false, None).await
}

/// [`apply_one`]; with `read_first`, a create is first looked for (after a batch whose answer was
/// lost: it may have been applied) and sent only when absent. `job_check` is handed to the group
/// mapping's schema read.
async fn apply_one_with(graph: Graph, write: &PlannedWrite, outputs: &mut Outputs, notes: &mut Notes, read_first: bool, job_check: Option<JobCheck>) -> Result<(), AppError> {
    let fill = |text: &str| outputs.iter().fold(text.to_string(), |t, (k, v)| t.replace(k.as_str(), v));
    let path = fill(&write.path);
    if [CONFIGURATION_ID, APP_ROLE_ID, JOB_ID].iter().any(|p| path.contains(p)) {
        return Err(AppError::new(ErrorKind::Decode, "missing_output", "This write needs an ID created by an earlier write of the plan. Build the plan again; it reads what exists."));
    }
    if write.kind == WriteKind::EnableGroupMapping {
        return enable_group_mapping(graph, &path, job_check, notes).await;
    }
    if write.kind == WriteKind::ReplaceMappings {
        return replace_mappings(graph, &path, write.body.as_ref()).await;
    }
    let body = write.body.as_ref().map(|b| substitute(b, &fill));
    let url = graph.url(ApiVersion::from_segment(write.version), &path);
    let method = match write.method {
        "POST" => Method::POST,
        "PATCH" => Method::PATCH,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let create = create_of(write, &path, body.as_ref());
    let mut resent = false;
    let found_first = match (&create, read_first) {
        (Some(c), true) => find_created(graph, c, &path).await?,
        _ => None,
    };
    if found_first.is_some() {
        notes.push(format!("{} {}: found when read back after the batch's lost answer; not sent again.", write.method, path));
    }
    let text = if let Some(found) = found_first { found.to_string() } else { loop {
        match graph.send(method.clone(), &url, body.as_ref(), &[]).await {
            Ok(text) => break text,
            // A removal resent after a lost answer finds the object gone: that is the wanted state.
            Err(e) if method == Method::DELETE && e.status == Some(404) => break String::new(),
            // The browser resent a create by itself and this is the second answer: it exists.
            Err(e) if matches!(create, Some(Create::Partner(_))) && e.status == Some(409) => break String::new(),
            Err(e) if matches!(create, Some(Create::Assignment(_))) && e.status == Some(400) && e.message.contains("already exists") => break String::new(),
            Err(e) if outcome_unknown(&e) && !resent => {
                match &create {
                    Some(c) => {
                        if let Some(found) = find_created(graph, c, &path).await? {
                            notes.push(format!("{} {}: the answer was lost ({}); it was read back and found, so it was not sent again.", write.method, path, e.summary()));
                            break found.to_string();
                        }
                        notes.push(format!("{} {}: the answer was lost ({}); it was read back and not found, so it was sent once more.", write.method, path, e.summary()));
                    }
                    // Test connection and start change nothing when repeated.
                    None if matches!(write.kind, WriteKind::Check) || path.ends_with("/start") => {
                        notes.push(format!("{} {}: the answer was lost ({}); sent once more (repeating it changes nothing).", write.method, path, e.summary()));
                    }
                    None => return Err(e),
                }
                resent = true;
            }
            Err(e) => return Err(e),
        }
    } };
    let created: Value = serde_json::from_str(&text).unwrap_or_default();
    let missing = |what: &str| AppError::new(ErrorKind::Decode, "unexpected_response", format!("The answer has no {what}.")).at(write.method, &path);
    match write.kind {
        WriteKind::CreateConfiguration => {
            let sp = &created["servicePrincipal"];
            let id = sp["id"].as_str().ok_or_else(|| missing("servicePrincipal.id"))?.to_string();
            let roles: Vec<AppRole> = serde_json::from_value(sp["appRoles"].clone()).unwrap_or_default();
            let role = access_role(&roles).ok_or_else(|| missing("msiam_access app role"))?;
            let name = body.as_ref().and_then(|b| b["displayName"].as_str()).unwrap_or_default();
            settle_configuration(graph, name, &id, notes).await?;
            outputs.insert(CONFIGURATION_ID.into(), id);
            outputs.insert(APP_ROLE_ID.into(), role);
        }
        WriteKind::CreateJob => {
            let id = created["id"].as_str().ok_or_else(|| missing("job id"))?.to_string();
            remove_duplicate_jobs(graph, &path, &id, notes).await?;
            outputs.insert(JOB_ID.into(), id);
        }
        WriteKind::Write | WriteKind::Check | WriteKind::EnableGroupMapping | WriteKind::ReplaceMappings => {}
    }
    Ok(())
}

/// Finds what a create whose answer was lost would have made; its JSON in the shape the create
/// answers with (so the caller reads IDs from it as from the answer), or `None` when absent.
async fn find_created(graph: Graph, create: &Create, path: &str) -> Result<Option<Value>, AppError> {
    match create {
        Create::Partner(tenant) => match graph.get::<Value>(ApiVersion::V1, &format!("{path}/{tenant}")).await {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.status == Some(404) => Ok(None),
            Err(e) => Err(e),
        },
        Create::Assignment(principal) => {
            let all: Vec<AssignedPrincipal> = graph.get_all(ApiVersion::V1, &with_query(path, &[("$select", ASSIGNMENT_SELECT)]), &[]).await?;
            Ok(all.iter().any(|a| &a.principal_id == principal).then(|| Value::Object(Default::default())))
        }
        Create::Job => {
            let jobs: Vec<JobSummary> = graph.get_all(ApiVersion::V1, path, &[]).await?;
            Ok(jobs.into_iter().next().map(|j| serde_json::json!({ "id": j.id })))
        }
        Create::Configuration(name) => {
            let unused = unused_configurations(graph, name).await?;
            let Some(first) = unused.into_iter().next() else { return Ok(None) };
            let sp: Value = graph.get(ApiVersion::V1, &with_query(&format!("/servicePrincipals/{}", first.id), &[("$select", "id,appId,displayName,appRoles")])).await?;
            Ok(Some(serde_json::json!({ "servicePrincipal": sp })))
        }
    }
}

/// Configurations named `name` with nothing attached yet (no job, no assignment, no target named
/// in their secrets): what an instantiate of this apply may have made.
async fn unused_configurations(graph: Graph, name: &str) -> Result<Vec<ServicePrincipalSummary>, AppError> {
    let all: Vec<ServicePrincipalSummary> = graph
        .get_all(ApiVersion::V1, &crate::graph::setup::readiness::configurations_path(), &[])
        .await?;
    let named: Vec<ServicePrincipalSummary> = all.into_iter().filter(|c| c.display_name == name).collect();
    let mut reads = vec![];
    for (i, c) in named.iter().enumerate() {
        reads.push(BatchRequest::get(&format!("jobs{i}"), format!("/servicePrincipals/{}/synchronization/jobs", c.id)));
        reads.push(BatchRequest::get(&format!("assigned{i}"), with_query(&format!("/servicePrincipals/{}/appRoleAssignedTo", c.id), &[("$select", "id"), ("$top", "1")])));
        reads.push(BatchRequest::get(&format!("secrets{i}"), format!("/servicePrincipals/{}/synchronization/secrets", c.id)));
    }
    if reads.is_empty() {
        return Ok(vec![]);
    }
    let answers = graph.batch(ApiVersion::Beta, reads).await?;
    let empty = |id: String| matches!(answer(&answers, &id, BatchResponse::values::<Value>), Lookup::Found(v) if v.is_empty());
    let no_target = |id: String| match answer(&answers, &id, BatchResponse::values::<KeyValue>) {
        Lookup::Found(kv) => !kv.iter().any(|p| p.key == "CompanyId" && p.value.as_deref().is_some_and(|v| !v.is_empty())),
        Lookup::Missing => true,
        Lookup::Unreadable(_) => false,
    };
    Ok(named.into_iter().enumerate().filter(|(i, _)| empty(format!("jobs{i}")) && empty(format!("assigned{i}")) && no_target(format!("secrets{i}"))).map(|(_, c)| c).collect())
}

/// DELETE on v1.0; an object already gone (a resent removal) is what was wanted.
async fn delete_if_present(graph: Graph, path: &str) -> Result<(), AppError> {
    match graph.delete(ApiVersion::V1, path).await {
        Err(e) if e.status != Some(404) => Err(e),
        _ => Ok(()),
    }
}

/// After an instantiate answered with `kept`: waits until the new service principal is readable
/// (directory replication; the portal says up to 15 seconds) and, in the same round trip, lists the
/// configurations to find a twin of the same name that a resent instantiate made; a twin with
/// nothing attached is deleted with its application, and said in `notes`.
async fn settle_configuration(graph: Graph, name: &str, kept: &str, notes: &mut Notes) -> Result<(), AppError> {
    let mut delay = 500;
    for _ in 0..8 {
        let reads = vec![
            BatchRequest::get("sp", with_query(&format!("/servicePrincipals/{kept}"), &[("$select", "id")])),
            BatchRequest::get("configs", crate::graph::setup::readiness::configurations_path()),
        ];
        let answers = graph.batch(ApiVersion::V1, reads).await?;
        match answer(&answers, "sp", BatchResponse::lookup::<Value>) {
            Lookup::Missing => {
                gloo_timers::future::TimeoutFuture::new(delay).await;
                delay = (delay * 2).min(5000);
                continue;
            }
            Lookup::Unreadable(e) => return Err(AppError::new(ErrorKind::Graph, "configuration_unreadable", format!("The new configuration could not be read: {e}")).at("GET", &format!("/servicePrincipals/{kept}"))),
            Lookup::Found(_) => {}
        }
        let twins = match answer(&answers, "configs", BatchResponse::values::<ServicePrincipalSummary>) {
            Lookup::Found(list) => list.iter().any(|c| c.display_name == name && c.id != kept),
            _ => false,
        };
        if twins {
            for dup in unused_configurations(graph, name).await?.into_iter().filter(|c| c.id != kept) {
                // Deleting the application deletes its service principal (the configuration) too.
                delete_if_present(graph, &format!("/applications(appId='{}')", dup.app_id)).await?;
                notes.push(format!("A second configuration \"{name}\" ({}) was made by a resent create; it had nothing attached and was deleted. The one kept is {kept}.", dup.id));
            }
        }
        return Ok(());
    }
    Err(AppError::new(ErrorKind::Graph, "replication_delay", "The new configuration is still not readable after about 30 seconds. Build the plan again in a minute; it will be found and reused, not created twice."))
}

/// After a job create answered with `kept`: removes any other job of the configuration that was
/// never started (a resent create's twin).
async fn remove_duplicate_jobs(graph: Graph, jobs_path: &str, kept: &str, notes: &mut Notes) -> Result<(), AppError> {
    let jobs: Vec<JobSummary> = graph.get_all(ApiVersion::V1, jobs_path, &[]).await?;
    remove_twin_jobs(graph, jobs_path, kept, jobs, notes).await
}

/// Deletes, among `jobs` as read, the never-started ones other than `kept`.
async fn remove_twin_jobs(graph: Graph, jobs_path: &str, kept: &str, jobs: Vec<JobSummary>, notes: &mut Notes) -> Result<(), AppError> {
    for dup in jobs.into_iter().filter(|j| j.id != kept && j.schedule.as_ref().and_then(|s| s.state.as_deref()) != Some("Active")) {
        delete_if_present(graph, &format!("{jobs_path}/{}", dup.id)).await?;
        notes.push(format!("A second job ({}) was made by a resent create; it was never started and was deleted. The one kept is {kept}.", dup.id));
    }
    Ok(())
}

fn substitute(v: &Value, fill: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(fill(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, fill)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute(x, fill))).collect()),
        _ => v.clone(),
    }
}

/// The tenant a write goes to, as a Graph client.
pub fn graph_for(role: TenantRole, source: Graph, target: Graph) -> Graph {
    match role {
        TenantRole::Source => source,
        TenantRole::Target => target,
    }
}

/// What one stage did: the writes done (plan indices), the write that failed and why, and a job
/// whose twin check waits for the next round trip (the schema read), when one was created.
#[derive(Default)]
pub struct StageOutcome {
    pub done: Vec<usize>,
    pub failed: Option<(usize, AppError)>,
    pub job_check: Option<JobCheck>,
}

/// Sends one stage of the schedule (`model::apply`): a write alone as [`apply_one`] does, several
/// as one `$batch` (in order with `dependsOn`, or side by side for assignments). Inner answers are
/// read one by one: a 2xx is done; an "already exists" for a partner or an assignment, or a 404 for
/// a removal, is the wanted state; a 500, 502 or 504 is read back and sent alone only if absent; a
/// 424 follows an earlier failure. When the whole batch's answer is lost, every write of it is
/// read back and, if absent, sent alone: nothing is created twice.
pub async fn apply_stage(graph: Graph, plan: &[PlannedWrite], stage: &crate::model::setup::apply::Stage, outputs: &mut Outputs, notes: &mut Notes, job_check: Option<JobCheck>) -> StageOutcome {
    let mut out = StageOutcome::default();
    if let [i] = stage.writes[..] {
        let w = &plan[i];
        // A pending job check goes with the schema read when this is the group mapping; otherwise first.
        let check = if w.kind == WriteKind::EnableGroupMapping { job_check } else {
            if let Some(c) = job_check {
                if let Err(e) = remove_duplicate_jobs(graph, &c.jobs_path, &c.kept, notes).await {
                    out.failed = Some((i, e));
                    return out;
                }
            }
            None
        };
        match apply_one_with(graph, w, outputs, notes, false, check).await {
            Ok(()) => out.done.push(i),
            Err(e) => out.failed = Some((i, e)),
        }
        return out;
    }
    if let Some(c) = job_check {
        if let Err(e) = remove_duplicate_jobs(graph, &c.jobs_path, &c.kept, notes).await {
            out.failed = Some((stage.writes[0], e));
            return out;
        }
    }
    let known = outputs.clone();
    let fill = |text: &str| known.iter().fold(text.to_string(), |t, (k, v)| t.replace(k.as_str(), v));
    let version = if plan[stage.writes[0]].version == "beta" { ApiVersion::Beta } else { ApiVersion::V1 };
    let mut requests = vec![];
    for (k, &i) in stage.writes.iter().enumerate() {
        let w = &plan[i];
        let body = w.body.as_ref().map(|b| substitute(b, &fill));
        let mut headers = serde_json::Map::new();
        if body.is_some() {
            headers.insert("Content-Type".into(), Value::String("application/json".into()));
        }
        requests.push(BatchRequest {
            id: i.to_string(),
            method: w.method.to_string(),
            url: fill(&w.path),
            headers: body.is_some().then_some(headers),
            body,
            depends_on: if stage.parallel || k == 0 { vec![] } else { vec![stage.writes[k - 1].to_string()] },
        });
    }
    let answers = match graph.batch(version, requests).await {
        Ok(a) => a,
        Err(e) if outcome_unknown(&e) => {
            notes.push(format!("A batch of {} writes lost its answer ({}); each was read back and sent alone only if absent.", stage.writes.len(), e.summary()));
            for &i in &stage.writes {
                match apply_one_with(graph, &plan[i], outputs, notes, true, None).await {
                    Ok(()) => out.done.push(i),
                    Err(e) => {
                        out.failed = Some((i, e));
                        return out;
                    }
                }
            }
            return out;
        }
        Err(e) => {
            out.failed = Some((stage.writes[0], e));
            return out;
        }
    };
    for &i in &stage.writes {
        let w = &plan[i];
        let path = fill(&w.path);
        let Some(a) = answers.iter().find(|a| a.id == i.to_string()) else {
            out.failed.get_or_insert((i, AppError::new(ErrorKind::Graph, "no_answer", "Microsoft Graph gave no answer for this write (throttled repeatedly). Build the plan again; it reads what exists.").at(w.method, &path)));
            continue;
        };
        let error = || AppError::from_graph(a.status, &a.body.to_string(), w.method, &path);
        let exists = (w.method == "POST" && path.ends_with("/crossTenantAccessPolicy/partners") && a.status == 409)
            || (w.method == "POST" && path.ends_with("/appRoleAssignedTo") && a.status == 400 && a.body.to_string().contains("already exists"))
            || (w.method == "DELETE" && a.status == 404);
        match a.status {
            200..=299 => {
                if w.kind == WriteKind::CreateJob {
                    match a.body["id"].as_str() {
                        Some(id) => {
                            outputs.insert(JOB_ID.into(), id.to_string());
                            out.job_check = Some(JobCheck { jobs_path: path.clone(), kept: id.to_string() });
                        }
                        None => {
                            out.failed.get_or_insert((i, AppError::new(ErrorKind::Decode, "unexpected_response", "The answer has no job id.").at(w.method, &path)));
                            continue;
                        }
                    }
                }
                out.done.push(i);
            }
            _ if exists => out.done.push(i),
            // Follows an earlier failure in the chain, which is the one reported.
            424 => {}
            s if crate::model::retry::outcome_unknown(s) => {
                notes.push(format!("{} {}: answered {s} inside a batch; read back and sent alone only if absent.", w.method, path));
                match apply_one_with(graph, w, outputs, notes, true, None).await {
                    Ok(()) => {
                        if w.kind == WriteKind::CreateJob {
                            // apply_one checked for a twin already.
                            out.job_check = None;
                        }
                        out.done.push(i)
                    }
                    Err(e) => {
                        out.failed.get_or_insert((i, e));
                    }
                }
            }
            _ => {
                out.failed.get_or_insert((i, error()));
            }
        }
        if out.failed.is_some() && !stage.parallel {
            break;
        }
    }
    out
}

/// The twin check of a job created by the last round trip of a chain.
pub async fn finish_job_check(graph: Graph, check: &JobCheck, notes: &mut Notes) -> Result<(), AppError> {
    remove_duplicate_jobs(graph, &check.jobs_path, &check.kept, notes).await
}
