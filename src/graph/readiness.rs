//! Reads the readiness facts from both tenants: one `$batch` round trip per tenant.

use super::client::{ApiVersion, Graph};
use crate::model::batch::{BatchRequest, BatchResponse};
use crate::model::error::AppError;
use crate::model::readiness::{Lookup, ReadinessFacts};
use crate::model::tenant::TenantProfile;

fn lost<T>() -> Lookup<T> {
    Lookup::Unreadable("no answer from Microsoft Graph (throttled repeatedly); run the check again".into())
}

/// The cross-tenant synchronization application template.
pub const CTS_TEMPLATE_ID: &str = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";

/// Reads everything the matrix needs. Read-only; a fact that cannot be read becomes a warning row
/// rather than an error, so one missing permission does not hide the other checks.
pub async fn read_facts(source: Graph, target: Graph, source_profile: TenantProfile, target_profile: TenantProfile) -> Result<ReadinessFacts, AppError> {
    let (src, tgt) = (source_profile.tenant_id.clone(), target_profile.tenant_id.clone());
    let source_requests = vec![
        BatchRequest::get("skus", "/subscribedSkus?$select=skuId,skuPartNumber,capabilityStatus,servicePlans"),
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{tgt}")),
        BatchRequest::get("configs", format!("/servicePrincipals?$filter=applicationTemplateId eq '{CTS_TEMPLATE_ID}'&$select=id,appId,displayName,applicationTemplateId")),
    ];
    // Beta, because groupSyncInbound exists only there.
    let target_requests = vec![
        BatchRequest::get("partner", format!("/policies/crossTenantAccessPolicy/partners/{src}")),
        BatchRequest::get("sync", format!("/policies/crossTenantAccessPolicy/partners/{src}/identitySynchronization")),
    ];
    let (source_answers, target_answers) = futures::join!(source.batch(ApiVersion::V1, source_requests), target.batch(ApiVersion::Beta, target_requests));
    let (s, t) = (source_answers?, target_answers?);
    let answer = |all: &[BatchResponse], id: &str| all.iter().find(|r| r.id == id).cloned();
    Ok(ReadinessFacts {
        source_skus: answer(&s, "skus").map(|r| r.values()).unwrap_or_else(lost),
        source_partner: answer(&s, "partner").map(|r| r.lookup()).unwrap_or_else(lost),
        configurations: answer(&s, "configs").map(|r| r.values()).unwrap_or_else(lost),
        target_partner: answer(&t, "partner").map(|r| r.lookup()).unwrap_or_else(lost),
        target_identity_sync: answer(&t, "sync").map(|r| r.lookup()).unwrap_or_else(lost),
        source: source_profile,
        target: target_profile,
    })
}
