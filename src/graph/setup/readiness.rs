//! Reads the readiness facts from both tenants: one `$batch` round trip per tenant.

use crate::graph::client::{ApiVersion, Graph};
use crate::model::batch::{answer, BatchRequest, BatchResponse};
use crate::model::error::AppError;
use crate::model::setup::directory::ServicePrincipalSummary;
use crate::model::setup::readiness::{Lookup, ReadinessFacts};
use serde::Deserialize;

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: Option<String>,
}

/// The tenant each configuration's `CompanyId` secret names (beta GET of the secrets, one batch;
/// the v1.0 GET is unverified). Unreadable secrets give `None`.
async fn configuration_targets(source: Graph, configs: &[ServicePrincipalSummary]) -> Vec<(String, Option<String>)> {
    let reads = configs.iter().enumerate().map(|(i, c)| BatchRequest::get(&format!("s{i}"), format!("/servicePrincipals/{}/synchronization/secrets", c.id))).collect();
    let answers = source.batch(ApiVersion::Beta, reads).await.unwrap_or_default();
    configs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let company = match answer(&answers, &format!("s{i}"), BatchResponse::values::<KeyValue>) {
                Lookup::Found(kv) => kv.into_iter().find(|p| p.key == "CompanyId").and_then(|p| p.value),
                _ => None,
            };
            (c.id.clone(), company)
        })
        .collect()
}
use crate::model::tenant::TenantProfile;
use crate::model::graph_url::with_query;

/// The subscribed SKUs' fields readiness and the group-sync gate read.
pub const SKU_SELECT: &str = "skuId,skuPartNumber,capabilityStatus,servicePlans";

/// The source's cross-tenant sync configurations: service principals made from the template.
pub fn configurations_path() -> String {
    with_query("/servicePrincipals", &[("$filter", &format!("applicationTemplateId eq '{CTS_TEMPLATE_ID}'")), ("$select", "id,appId,displayName,applicationTemplateId")])
}

/// The cross-tenant synchronization application template.
pub const CTS_TEMPLATE_ID: &str = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";

/// Reads everything the matrix needs. Read-only; a fact that cannot be read becomes a warning row
/// rather than an error, so one missing permission does not hide the other checks.
pub async fn read_facts(source: Graph, target: Graph, source_profile: TenantProfile, target_profile: TenantProfile) -> Result<ReadinessFacts, AppError> {
    let (src, tgt) = (source_profile.tenant_id.clone(), target_profile.tenant_id.clone());
    let source_requests = vec![
        BatchRequest::get("skus", with_query("/subscribedSkus", &[("$select", SKU_SELECT)])),
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{tgt}")),
        BatchRequest::get("configs", configurations_path()),
    ];
    // Beta, because groupSyncInbound exists only there.
    let target_requests = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{src}")),
        BatchRequest::get("sync", format!("/policies/crossTenantAccessPolicy/partners/{src}/identitySynchronization")),
    ];
    let (source_answers, target_answers) = futures::join!(source.batch(ApiVersion::V1, source_requests), target.batch(ApiVersion::Beta, target_requests));
    let (s, t) = (source_answers?, target_answers?);
    let configurations: Lookup<Vec<ServicePrincipalSummary>> = answer(&s, "configs", BatchResponse::values);
    let configuration_targets = match &configurations {
        Lookup::Found(list) if !list.is_empty() => configuration_targets(source, list).await,
        _ => vec![],
    };
    Ok(ReadinessFacts {
        source_skus: answer(&s, "skus", BatchResponse::values),
        source_partner: answer(&s, "partner", BatchResponse::lookup),
        configurations,
        configuration_targets,
        target_partner: answer(&t, "partner", BatchResponse::lookup),
        target_identity_sync: answer(&t, "sync", BatchResponse::lookup),
        source: source_profile,
        target: target_profile,
    })
}
