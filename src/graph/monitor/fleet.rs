//! The fleet's reads. Source: every cross-tenant sync configuration (one list), each one's job and
//! secrets (two requests per configuration, 20 to a `$batch`, four batches at a time), and the
//! targets' names (`findTenantInformationByTenantId`, batched). Target: the partners of the
//! cross-tenant access policy (one list), each one's `identitySynchronization` and name (batched),
//! and the last 30 days of what `Microsoft.Azure.SyncFabric` wrote (paged, newest first, capped).

use crate::graph::client::{ApiVersion, Graph};
use crate::graph::setup::apply::{target_of, KeyValue};
use crate::model::batch::{answer, answered, BatchRequest, BatchResponse};
use crate::model::error::AppError;
use crate::model::graph_url::with_query;
use crate::model::monitor::audit::{DirectoryAudit, SYNC_FABRIC_FILTER};
use crate::model::monitor::fleet::{FleetRow, MtoMember, MultiTenantOrganization, PartnerRow};
use crate::model::monitor::job::SyncJob;
use crate::model::configuration::Target;
use crate::model::setup::directory::{IdentitySynchronization, ServicePrincipalSummary};
use crate::model::setup::readiness::Lookup;
use serde::Deserialize;

use crate::graph::client::batched;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TenantInformation {
    #[serde(default)]
    pub(crate) tenant_id: Option<String>,
    #[serde(default)]
    pub(crate) display_name: Option<String>,
    #[serde(default)]
    pub(crate) default_domain_name: Option<String>,
}

/// Names and default domains of tenants by ID (one batched lookup each); a tenant that cannot be
/// found or read is left out (the row then shows its ID).
async fn tenant_names(graph: Graph, ids: &[String]) -> Vec<(String, String, Option<String>)> {
    let requests: Vec<BatchRequest> = ids.iter().enumerate().map(|(i, id)| BatchRequest::get(&format!("t{i}"), format!("/tenantRelationships/findTenantInformationByTenantId(tenantId='{id}')"))).collect();
    if requests.is_empty() {
        return vec![];
    }
    let Ok(answers) = batched(graph, ApiVersion::V1, requests).await else { return vec![] };
    ids.iter()
        .enumerate()
        .filter_map(|(i, id)| match answer(&answers, &format!("t{i}"), BatchResponse::lookup::<TenantInformation>) {
            Lookup::Found(t) => Some((t.tenant_id.unwrap_or_else(|| id.clone()), t.display_name?, t.default_domain_name)),
            _ => None,
        })
        .collect()
}

/// What a configuration's own reads found: its jobs (an error when they could not be read) and its
/// secrets (`None` when they could not be read: the target is then unknown).
pub(crate) struct ConfigurationReads {
    pub(crate) jobs: Result<Vec<SyncJob>, AppError>,
    pub(crate) secrets: Option<Vec<(String, String)>>,
}

/// Each configuration's jobs and secrets: two requests a configuration, 20 to a `$batch`, four
/// batches at a time, for the fleet and Monitor alike. The batch is beta because the secrets are
/// readable through beta only (a v1.0 GET is unverified); the job is the same resource there.
pub(crate) async fn jobs_and_secrets(source: Graph, configs: &[ServicePrincipalSummary]) -> Result<Vec<ConfigurationReads>, AppError> {
    let jobs_path = |id: &str| format!("/servicePrincipals/{id}/synchronization/jobs");
    let mut reads = vec![];
    for (i, c) in configs.iter().enumerate() {
        reads.push(BatchRequest::get(&format!("j{i}"), jobs_path(&c.id)));
        reads.push(BatchRequest::get(&format!("s{i}"), format!("/servicePrincipals/{}/synchronization/secrets", c.id)));
    }
    let answers = if reads.is_empty() { vec![] } else { batched(source, ApiVersion::Beta, reads).await? };
    Ok(configs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // The item's own error (code, status, request IDs: what support asks for); a
            // configuration without jobs (404) has none.
            let jobs = match answered::<Vec<SyncJob>>(&answers, &format!("j{i}"), &format!("/beta{}", jobs_path(&c.id)), |a| a.body["value"].clone()) {
                Err(e) if e.status == Some(404) => Ok(vec![]),
                read => read,
            };
            let secrets = match answer(&answers, &format!("s{i}"), BatchResponse::values::<KeyValue>) {
                Lookup::Found(kv) => Some(kv.into_iter().map(|p| (p.key, p.value.unwrap_or_default())).collect()),
                _ => None,
            };
            ConfigurationReads { jobs, secrets }
        })
        .collect())
}

/// Every configuration of the source with its job and target; with `names` (the on-request
/// permission granted), the targets' names too.
pub async fn read_fleet(source: Graph, names: bool) -> Result<Vec<FleetRow>, AppError> {
    let configs: Vec<ServicePrincipalSummary> = source.get_all(ApiVersion::V1, &crate::graph::setup::readiness::configurations_path(), &[]).await?;
    let reads = jobs_and_secrets(source, &configs).await?;
    let mut rows = vec![];
    for (c, read) in configs.into_iter().zip(reads) {
        let target_id = match target_of(read.secrets.as_deref()) {
            Target::Tenant(t) => Some(t.to_string()),
            _ => None,
        };
        let job = read.jobs.map(|jobs| jobs.into_iter().next()).map_err(|e| e.summary());
        rows.push(FleetRow { configuration_id: c.id, name: c.display_name, target_id, target_name: None, job });
    }
    let mut ids: Vec<String> = rows.iter().filter_map(|r| r.target_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let names = if names { tenant_names(source, &ids).await } else { vec![] };
    for r in &mut rows {
        r.target_name = names.iter().find(|(id, _, _)| r.target_id.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(id))).map(|(_, n, _)| n.clone());
    }
    Ok(rows)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartnerEntry {
    pub(crate) tenant_id: String,
    #[serde(default)]
    pub(crate) automatic_user_consent_settings: Option<crate::model::setup::directory::AutomaticUserConsent>,
    /// Beta and v1.0 both document it on the partner; tolerated when absent.
    #[serde(default)]
    pub(crate) is_in_multi_tenant_organization: Option<bool>,
}

/// What the target's partner read found, and whether the audit could be read.
#[derive(Clone, Debug)]
pub struct Partners {
    pub rows: Vec<PartnerRow>,
    /// `None`: the audit log was read; `Some(why)`: it could not be, so idleness is not judged.
    pub audit_error: Option<String>,
    /// Pages of the audit read, and whether the cap stopped it before the 30 days were covered.
    pub audit_capped: bool,
    /// The multi-tenant organization, when asked for (`None`: not asked): `Ok(None)` when the
    /// tenant is in none (a 404: the page is silent on this case, so any 404 reads as "none"),
    /// `Err` when it could not be read.
    pub mto: Option<Result<Option<MultiTenantOrganization>, String>>,
    /// Whether the partners' names and domains were read (the on-request permission); without
    /// them the audit's writes cannot be told apart by partner.
    pub named: bool,
}

/// The tenant's multi-tenant organization and its members (two reads in one batch).
async fn read_mto(target: Graph) -> Result<Option<MultiTenantOrganization>, String> {
    let answers = target
        .batch(ApiVersion::V1, vec![BatchRequest::get("mto", "/tenantRelationships/multiTenantOrganization".to_string()), BatchRequest::get("tenants", "/tenantRelationships/multiTenantOrganization/tenants".to_string())])
        .await
        .map_err(|e| e.message)?;
    let mut mto = match answer(&answers, "mto", BatchResponse::lookup::<MultiTenantOrganization>) {
        Lookup::Found(m) => m,
        Lookup::Missing => return Ok(None),
        Lookup::Unreadable(e) => return Err(e),
    };
    mto.members = match answer(&answers, "tenants", BatchResponse::values::<MtoMember>) {
        Lookup::Found(list) => list,
        Lookup::Missing => vec![],
        Lookup::Unreadable(e) => return Err(e),
    };
    Ok(Some(mto))
}

/// Audit pages read at most (999 entries each): a tenant busier than that in 30 days is judged on
/// the newest entries, and the page says so.
const AUDIT_PAGES: usize = 10;

/// The target's partners with their switches, names and last SyncFabric write; `names` and `mto`
/// say which on-request permissions were granted (nothing is asked that would be refused).
pub async fn read_partners(target: Graph, now_iso_30_days_ago: &str, names: bool, mto: bool) -> Result<Partners, AppError> {
    let list: Vec<PartnerEntry> = target.get_all(ApiVersion::V1, "/policies/crossTenantAccessPolicy/partners", &[]).await?;
    let reads: Vec<BatchRequest> = list.iter().enumerate().map(|(i, p)| BatchRequest::get(&format!("p{i}"), format!("/policies/crossTenantAccessPolicy/partners/{}/identitySynchronization", p.tenant_id))).collect();
    let answers = if reads.is_empty() { vec![] } else { batched(target, ApiVersion::Beta, reads).await? };
    let ids: Vec<String> = list.iter().map(|p| p.tenant_id.clone()).collect();
    let named = names;
    let lookups = async move { if named { tenant_names(target, &ids).await } else { vec![] } };
    let organization = async move { if mto { Some(read_mto(target).await) } else { None } };
    let (names, audit, mto) = futures::join!(lookups, sync_fabric_writes(target, now_iso_30_days_ago), organization);
    let mut rows: Vec<PartnerRow> = list
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let sync = match answer(&answers, &format!("p{i}"), BatchResponse::lookup::<IdentitySynchronization>) {
                Lookup::Found(s) => Some(s),
                _ => None,
            };
            let consent = p.automatic_user_consent_settings.clone().unwrap_or_default();
            let known = names.iter().find(|(id, _, _)| id.eq_ignore_ascii_case(&p.tenant_id));
            PartnerRow {
                tenant_id: p.tenant_id.clone(),
                name: known.map(|(_, n, _)| n.clone()).or_else(|| sync.as_ref().and_then(|s| s.display_name.clone())),
                inbound_redemption: consent.inbound_allowed == Some(true),
                outbound_redemption: consent.outbound_allowed == Some(true),
                user_sync: sync.as_ref().is_some_and(IdentitySynchronization::users_allowed),
                group_sync: sync.as_ref().is_some_and(IdentitySynchronization::groups_allowed),
                last_write: None,
                in_mto: p.is_in_multi_tenant_organization,
            }
        })
        .collect();
    let (audit_error, audit_capped) = match &audit {
        Ok((entries, capped)) => {
            for r in &mut rows {
                let domain = names.iter().find(|(id, _, _)| id.eq_ignore_ascii_case(&r.tenant_id)).and_then(|(_, _, d)| d.clone());
                r.last_write = domain.and_then(|d| crate::model::monitor::fleet::last_write_from(entries, &d));
            }
            (None, *capped)
        }
        Err(e) => (Some(e.message.clone()), false),
    };
    Ok(Partners { rows, audit_error, audit_capped, mto, named })
}

/// What SyncFabric wrote since `since` (ISO time), newest first, at most `AUDIT_PAGES` pages.
async fn sync_fabric_writes(target: Graph, since: &str) -> Result<(Vec<DirectoryAudit>, bool), AppError> {
    let filter = format!("{SYNC_FABRIC_FILTER} and activityDateTime ge {since}");
    let mut url = target.url(ApiVersion::V1, &with_query("/auditLogs/directoryAudits", &[("$filter", &filter), ("$orderby", "activityDateTime desc"), ("$top", "999")]));
    let mut all = vec![];
    for _ in 0..AUDIT_PAGES {
        let (page, next) = target.get_page::<DirectoryAudit>(&url, &[]).await?;
        all.extend(page);
        match next {
            Some(n) => url = n,
            None => return Ok((all, false)),
        }
    }
    Ok((all, true))
}
