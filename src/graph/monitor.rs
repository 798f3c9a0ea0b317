//! What the dashboards read from the source tenant: the configuration's job and its provisioning
//! events.

use super::client::{ApiVersion, Graph};
use super::readiness::CTS_TEMPLATE_ID;
use crate::model::audit::DirectoryAudit;
use crate::model::directory::ServicePrincipalSummary;
use crate::model::error::AppError;
use crate::model::job::SyncJob;
use crate::model::provisioning::ProvisioningEvent;
use serde::Deserialize;

/// A configuration and its job.
#[derive(Clone, Debug, PartialEq)]
pub struct Monitored {
    pub configuration: ServicePrincipalSummary,
    pub job: SyncJob,
}

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: Option<String>,
}

/// The configurations of the source that have a job: the one serving `target_id` first when known.
pub async fn configurations(source: Graph, target_id: Option<&str>) -> Result<Vec<Monitored>, AppError> {
    let configs: Vec<ServicePrincipalSummary> = source
        .get_all(ApiVersion::V1, &format!("/servicePrincipals?$filter=applicationTemplateId eq '{CTS_TEMPLATE_ID}'&$select=id,appId,displayName,applicationTemplateId"), &[])
        .await?;
    let mut found = vec![];
    for c in configs {
        let jobs: Vec<SyncJob> = source.get_all(ApiVersion::V1, &format!("/servicePrincipals/{}/synchronization/jobs", c.id), &[]).await?;
        let Some(job) = jobs.into_iter().next() else { continue };
        // Which target it serves (beta GET of secrets; unreadable means unknown).
        let serves = match target_id {
            Some(t) => source
                .get_all::<KeyValue>(ApiVersion::Beta, &format!("/servicePrincipals/{}/synchronization/secrets", c.id), &[])
                .await
                .map(|s| s.iter().any(|kv| kv.key == "CompanyId" && kv.value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(t))))
                .unwrap_or(false),
            None => false,
        };
        let entry = Monitored { configuration: c, job };
        if serves { found.insert(0, entry) } else { found.push(entry) }
    }
    Ok(found)
}

/// The job, read again.
pub async fn job(source: Graph, configuration_id: &str, job_id: &str) -> Result<SyncJob, AppError> {
    source.get(ApiVersion::V1, &format!("/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}")).await
}

/// Events per page of the provisioning log. The documented CTS example uses `$top=500`; larger
/// pages are unverified for this report, so 500 it is.
pub const EVENTS_PER_PAGE: usize = 500;

/// One page of a job's provisioning events, newest first: the first page when `link` is `None`,
/// else the page at that `@odata.nextLink`; and the link to the next (older) page. Filtering by
/// `jobId` on the server is unverified in Graph, so the events are also checked here.
pub async fn events_page(source: Graph, job_id: &str, link: Option<String>) -> Result<(Vec<ProvisioningEvent>, Option<String>), AppError> {
    let url = link.unwrap_or_else(|| format!("{}/v1.0/auditLogs/provisioning?$filter=jobId eq '{job_id}'&$top={EVENTS_PER_PAGE}", source.session.config().graph_base_url));
    let (page, next) = source.get_page::<ProvisioningEvent>(&url, &[]).await?;
    Ok((page.into_iter().filter(|e| e.job_id.as_deref().is_none_or(|j| j == job_id)).collect(), next))
}

/// Lets the deletions held by the accidental-deletion threshold go through: restart with
/// `ForceDeletes` (the portal's "Allow deletes").
pub async fn allow_deletes(source: Graph, configuration_id: &str, job_id: &str) -> Result<(), AppError> {
    let url = format!("{}/v1.0/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}/restart", source.session.config().graph_base_url);
    let body = serde_json::json!({ "criteria": { "resetScope": "ForceDeletes" } });
    source.send(gloo_net::http::Method::POST, &url, Some(&body), &[]).await.map(|_| ())
}

/// The newest directory audit entries matching `filter` (up to 100).
pub async fn audits(graph: Graph, filter: &str) -> Result<Vec<DirectoryAudit>, AppError> {
    #[derive(Deserialize)]
    struct Page {
        value: Vec<DirectoryAudit>,
    }
    let page: Page = graph.get(ApiVersion::V1, &format!("/auditLogs/directoryAudits?$filter={filter}&$top=100")).await?;
    Ok(page.value)
}
