//! Reads the state the plan is computed from, and applies a plan write by write.

use super::client::{ApiVersion, Graph};
use super::readiness::CTS_TEMPLATE_ID;
use crate::model::batch::{BatchRequest, BatchResponse};
use crate::model::directory::ServicePrincipalSummary;
use crate::model::error::{AppError, ErrorKind};
use crate::model::plan::{ConfigurationState, PairState, PlannedWrite, WriteKind, CONFIGURATION_ID};
use crate::model::readiness::Lookup;
use crate::model::tenant::{TenantProfile, TenantRole};
use gloo_net::http::Method;
use serde::Deserialize;
use serde_json::Value;

fn answer(all: &[BatchResponse], id: &str) -> Option<BatchResponse> {
    all.iter().find(|r| r.id == id).cloned()
}

fn no_answer<T>() -> Lookup<T> {
    Lookup::Unreadable("no answer from Microsoft Graph (throttled repeatedly); build the plan again".into())
}

/// Reads both tenants' current setup: policies, and the configuration that serves this pair.
pub async fn read_state(source: Graph, target: Graph, sp: &TenantProfile, tp: &TenantProfile, configuration_name: &str) -> Result<PairState, AppError> {
    let (src, tgt) = (sp.tenant_id.clone(), tp.tenant_id.clone());
    let target_reads = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{src}")),
        BatchRequest::get("sync", format!("/policies/crossTenantAccessPolicy/partners/{src}/identitySynchronization")),
    ];
    // Beta on the source too: secrets can be read only there (v1.0 GET is unverified).
    let source_reads = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{tgt}")),
        BatchRequest::get("configs", format!("/servicePrincipals?$filter=applicationTemplateId eq '{CTS_TEMPLATE_ID}'&$select=id,appId,displayName,applicationTemplateId")),
    ];
    let (t, s) = futures::join!(target.batch(ApiVersion::Beta, target_reads), source.batch(ApiVersion::Beta, source_reads));
    let (t, s) = (t?, s?);
    let configs: Vec<ServicePrincipalSummary> = match answer(&s, "configs").map(|r| r.values()) {
        Some(Lookup::Found(list)) => list,
        Some(Lookup::Missing) => vec![],
        Some(Lookup::Unreadable(e)) => return Err(AppError::new(ErrorKind::Graph, "configurations_unreadable", format!("The configurations in {} could not be read: {e}", sp.display_name))),
        None => return Err(AppError::new(ErrorKind::Graph, "configurations_unreadable", "The configurations could not be read; build the plan again.")),
    };
    let configuration = find_configuration(source, &configs, &tgt, configuration_name).await?;
    Ok(PairState {
        source_id: src,
        source_name: sp.display_name.clone(),
        target_id: tgt,
        target_name: tp.display_name.clone(),
        target_partner: answer(&t, "partner").map(|r| r.lookup()).unwrap_or_else(no_answer),
        target_sync: answer(&t, "sync").map(|r| r.lookup()).unwrap_or_else(no_answer),
        source_partner: answer(&s, "partner").map(|r| r.lookup()).unwrap_or_else(no_answer),
        configuration,
    })
}

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct JobSummary {
    id: String,
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
    }
    let answers = source.batch(ApiVersion::Beta, reads).await?;
    let mut by_secret = None;
    let mut by_name = None;
    for (i, c) in configs.iter().enumerate() {
        let secrets: Option<Vec<(String, String)>> = match answer(&answers, &format!("secrets{i}")).map(|r| r.values::<KeyValue>()) {
            Some(Lookup::Found(kv)) => Some(kv.into_iter().map(|p| (p.key, p.value.unwrap_or_default())).collect()),
            _ => None,
        };
        let job_id = match answer(&answers, &format!("jobs{i}")).map(|r| r.values::<JobSummary>()) {
            Some(Lookup::Found(jobs)) => jobs.into_iter().next().map(|j| j.id),
            _ => None,
        };
        let serves_target = secrets.as_ref().is_some_and(|s| s.iter().any(|(k, v)| k == "CompanyId" && v.eq_ignore_ascii_case(target_id)));
        let state = ConfigurationState { service_principal_id: c.id.clone(), display_name: c.display_name.clone(), job_id, secrets };
        if serves_target {
            by_secret.get_or_insert(state);
        } else if c.display_name == name && state.secrets.as_ref().is_none_or(|s| !s.iter().any(|(k, _)| k == "CompanyId")) {
            by_name.get_or_insert(state);
        }
    }
    Ok(by_secret.or(by_name))
}

/// Sends one planned write. Returns the configuration ID when the write created it.
pub async fn apply_one(graph: Graph, write: &PlannedWrite, configuration_id: Option<&str>) -> Result<Option<String>, AppError> {
    let path = match configuration_id {
        Some(id) => write.path.replace(CONFIGURATION_ID, id),
        None if write.path.contains(CONFIGURATION_ID) => {
            return Err(AppError::new(ErrorKind::Decode, "no_configuration", "The configuration does not exist yet; apply from the start."));
        }
        None => write.path.clone(),
    };
    let body = write.body.as_ref().map(|b| substitute(b, configuration_id));
    let url = format!("{}/{}{}", graph.session.config().graph_base_url, write.version, path);
    let method = match write.method {
        "POST" => Method::POST,
        "PATCH" => Method::PATCH,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let text = graph.send(method, &url, body.as_ref(), &[]).await?;
    if write.kind != WriteKind::CreateConfiguration {
        return Ok(None);
    }
    let created: Value = serde_json::from_str(&text).unwrap_or_default();
    let id = created["servicePrincipal"]["id"].as_str().map(String::from).ok_or_else(|| {
        AppError::new(ErrorKind::Decode, "unexpected_response", "The new configuration's answer has no servicePrincipal.id.").at("POST", &path)
    })?;
    wait_until_readable(graph, &id).await?;
    Ok(Some(id))
}

/// A new service principal may not be readable at once (directory replication; the portal says up
/// to 15 seconds): poll it before the next write uses it.
async fn wait_until_readable(graph: Graph, id: &str) -> Result<(), AppError> {
    let mut delay = 500;
    for _ in 0..8 {
        match graph.get::<Value>(ApiVersion::V1, &format!("/servicePrincipals/{id}?$select=id")).await {
            Ok(_) => return Ok(()),
            Err(e) if e.status == Some(404) => {
                gloo_timers::future::TimeoutFuture::new(delay).await;
                delay = (delay * 2).min(5000);
            }
            Err(e) => return Err(e),
        }
    }
    Err(AppError::new(ErrorKind::Graph, "replication_delay", "The new configuration is still not readable after about 30 seconds. Build the plan again in a minute; it will be found and reused, not created twice."))
}

fn substitute(v: &Value, configuration_id: Option<&str>) -> Value {
    match (v, configuration_id) {
        (Value::String(s), Some(id)) => Value::String(s.replace(CONFIGURATION_ID, id)),
        (Value::Array(a), _) => Value::Array(a.iter().map(|x| substitute(x, configuration_id)).collect()),
        (Value::Object(o), _) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute(x, configuration_id))).collect()),
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
