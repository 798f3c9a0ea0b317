//! What the dashboards read from the source tenant: the configuration's job and its provisioning
//! events.

use crate::graph::client::{ApiVersion, Graph};
use crate::graph::setup::apply::target_of;
use crate::model::configuration::{choose, Candidate};
use crate::model::monitor::audit::DirectoryAudit;
use crate::model::setup::directory::ServicePrincipalSummary;
use crate::model::error::AppError;
use crate::model::monitor::job::SyncJob;
use crate::model::monitor::provisioning::ProvisioningEvent;
use serde::Deserialize;
use crate::model::graph_url::with_query;

/// A configuration and its job, or why the job could not be read (each Monitor section loads and
/// fails on its own: a refused job read leaves the logs and the audits working).
#[derive(Clone, Debug, PartialEq)]
pub struct Monitored {
    pub configuration: ServicePrincipalSummary,
    pub job: Result<SyncJob, AppError>,
}

/// The configuration of the source that serves the pair, with its job (at most one, as a list):
/// chosen by the same rule as Setup's (`model::configuration::choose`): the one whose `CompanyId`
/// names `target_id`; without a connected target, the first that has a job. A configuration set up
/// for another target is never shown as this pair's.
pub async fn configurations(source: Graph, target_id: Option<&str>) -> Result<Vec<Monitored>, AppError> {
    let configs: Vec<ServicePrincipalSummary> = source
        .get_all(ApiVersion::V1, &crate::graph::setup::readiness::configurations_path(), &[])
        .await?;
    // Each configuration's job and secrets in one batched read (the fleet's); the secrets say which
    // target it serves (unreadable: unknown). A configuration without a job is not set up yet.
    let reads = crate::graph::monitor::fleet::jobs_and_secrets(source, &configs).await?;
    type WithSecrets = (Monitored, Option<Vec<(String, String)>>);
    let mut found: Vec<WithSecrets> = vec![];
    for (c, read) in configs.into_iter().zip(reads) {
        let job = match read.jobs {
            Ok(jobs) => match jobs.into_iter().next() {
                Some(job) => Ok(job),
                None => continue,
            },
            Err(e) => Err(e),
        };
        found.push((Monitored { configuration: c, job }, read.secrets));
    }
    let candidates: Vec<Candidate> = found.iter().map(|(m, s)| Candidate { display_name: &m.configuration.display_name, target: target_of(s.as_deref()) }).collect();
    let chosen = choose(&candidates, target_id, None);
    Ok(chosen.map(|i| found.swap_remove(i).0).into_iter().collect())
}

/// One configuration by its service principal ID, with its job (the Fleet page's links): `None`
/// when it is gone or is not a cross-tenant sync configuration.
pub async fn configuration_by_id(source: Graph, id: &str) -> Result<Option<Monitored>, AppError> {
    let path = with_query(&format!("/servicePrincipals/{id}"), &[("$select", "id,appId,displayName,applicationTemplateId")]);
    let configuration: ServicePrincipalSummary = match source.get(ApiVersion::V1, &path).await {
        Ok(c) => c,
        Err(e) if e.status == Some(404) => return Ok(None),
        Err(e) => return Err(e),
    };
    if configuration.application_template_id.as_deref().is_some_and(|t| !t.eq_ignore_ascii_case(crate::graph::setup::readiness::CTS_TEMPLATE_ID)) {
        return Ok(None);
    }
    let job = match source.get_all::<SyncJob>(ApiVersion::V1, &format!("/servicePrincipals/{id}/synchronization/jobs"), &[]).await {
        Ok(jobs) => match jobs.into_iter().next() {
            Some(job) => Ok(job),
            None => return Ok(None),
        },
        Err(e) => Err(e),
    };
    Ok(Some(Monitored { configuration, job }))
}

/// The job, read again.
pub async fn job(source: Graph, configuration_id: &str, job_id: &str) -> Result<SyncJob, AppError> {
    source.get(ApiVersion::V1, &format!("/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}")).await
}

/// Events per page of the provisioning log. The documented CTS example uses `$top=500`; larger
/// pages are unverified for this report, so 500 it is.
pub const EVENTS_PER_PAGE: usize = 500;

/// One page of a job's provisioning events: the first page when `link` is `None`, else the page at
/// that `@odata.nextLink`; and the link to the next (older) page. Graph documents no default order,
/// so the first request asks `$orderby=activityDateTime desc` (the resource page lists `orderby` on
/// `activityDateTime`). The server filters by `jobId` (documented `$filter` on `jobId`); an event
/// that names another job is set aside and counted (third value), never dropped in silence.
/// Without a job ID (the job could not be read) the events are asked by the configuration's
/// service principal (`servicePrincipal/id`, filterable per the resource page).
pub async fn events_page(source: Graph, job_id: Option<&str>, configuration_id: &str, link: Option<String>) -> Result<(Vec<ProvisioningEvent>, Option<String>, usize), AppError> {
    let filter = match job_id {
        Some(j) => format!("jobId eq '{j}'"),
        None => format!("servicePrincipal/id eq '{configuration_id}'"),
    };
    let top = EVENTS_PER_PAGE.to_string();
    let url = link.unwrap_or_else(|| source.url(ApiVersion::V1, &with_query("/auditLogs/provisioning", &[("$filter", &filter), ("$orderby", "activityDateTime desc"), ("$top", &top)])));
    let (page, next) = source.get_page::<ProvisioningEvent>(&url, &[]).await?;
    let (kept, set_aside) = crate::model::monitor::provisioning::keep_job(page, job_id);
    Ok((kept, next, set_aside))
}

/// Lets the deletions held by the accidental-deletion threshold go through: restart with
/// `ForceDeletes` (the portal's "Allow deletes").
pub async fn allow_deletes(source: Graph, configuration_id: &str, job_id: &str) -> Result<(), AppError> {
    let body = serde_json::json!({ "criteria": { "resetScope": "ForceDeletes" } });
    source.post(ApiVersion::V1, &format!("/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}/restart"), &body).await.map(|_| ())
}

/// The newest directory audit entries matching `filter` (up to 100).
pub async fn audits(graph: Graph, filter: &str) -> Result<Vec<DirectoryAudit>, AppError> {
    #[derive(Deserialize)]
    struct Page {
        value: Vec<DirectoryAudit>,
    }
    // Newest first, asked for: Graph documents no default order for directory audits.
    let page: Page = graph.get(ApiVersion::V1, &with_query("/auditLogs/directoryAudits", &[("$filter", filter), ("$orderby", "activityDateTime desc"), ("$top", "100")])).await?;
    Ok(page.value)
}
