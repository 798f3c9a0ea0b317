//! Who is signed in to a tenant, and what that tenant is: discovery (cloud), organization, me, the
//! admin's active roles, and other tenants by domain or ID.

use super::client::{ApiVersion, Graph};
use crate::auth::oauth;
use crate::model::config::AppConfig;
use crate::model::error::{AppError, ErrorKind};
use crate::model::roles::role_name;
use crate::model::tenant::{CloudInfo, TenantProfile};
use serde::Deserialize;

/// The OIDC discovery document of a tenant: proves the tenant exists and names its cloud.
/// Unauthenticated; whether the real login host sends CORS headers for it is unverified, so a
/// failed fetch yields an unknown cloud rather than an error.
pub async fn discover_cloud(config: &AppConfig, tenant: &str) -> Result<CloudInfo, AppError> {
    let url = oauth::endpoints(config, tenant).discovery;
    match gloo_net::http::Request::get(&url).send().await {
        Ok(r) if r.ok() => Ok(r.json::<CloudInfo>().await.unwrap_or_default()),
        Ok(r) if r.status() == 400 || r.status() == 404 => {
            let body = r.text().await.unwrap_or_default();
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            let mut e = AppError::from_oauth(v["error"].as_str().unwrap_or("invalid_tenant"), v["error_description"].as_str());
            e.message = format!("Tenant '{tenant}' was not found by the sign-in service. Check the tenant ID or domain. ({})", e.message);
            Err(e.at("GET", &url))
        }
        _ => Ok(CloudInfo::default()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    user_principal_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    verified_domains: Vec<VerifiedDomain>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifiedDomain {
    name: String,
    #[serde(default)]
    is_default: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleInstance {
    role_definition_id: String,
    #[serde(default)]
    directory_scope_id: Option<String>,
}

/// Everything the Connect step shows about a signed-in tenant.
pub async fn load_profile(graph: Graph, authority_tenant: &str) -> Result<TenantProfile, AppError> {
    let config = graph.session.config();
    let cloud = discover_cloud(&config, authority_tenant).await?;
    let me: Me = graph.get(ApiVersion::V1, "/me?$select=displayName,userPrincipalName").await?;
    let orgs: Vec<Organization> = graph.get_all(ApiVersion::V1, "/organization?$select=id,displayName,verifiedDomains", &[]).await?;
    let org = orgs.into_iter().next().ok_or_else(|| AppError::new(ErrorKind::Decode, "no_organization", "Graph returned no organization for this tenant.").at("GET", "/v1.0/organization"))?;
    let roles: Vec<RoleInstance> = graph
        .get_all(ApiVersion::V1, "/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')", &[])
        .await?;
    let mut role_names: Vec<String> = roles
        .iter()
        // Only tenant-wide assignments count for the journey's checks.
        .filter(|r| r.directory_scope_id.as_deref().is_none_or(|s| s == "/"))
        .map(|r| role_name(&r.role_definition_id))
        .collect();
    role_names.sort();
    role_names.dedup();
    let default_domain = org
        .verified_domains
        .iter()
        .find(|d| d.is_default)
        .or(org.verified_domains.first())
        .map(|d| d.name.clone())
        .unwrap_or_default();
    Ok(TenantProfile {
        tenant_id: org.id,
        display_name: org.display_name.unwrap_or_else(|| default_domain.clone()),
        default_domain,
        cloud,
        admin_upn: me.user_principal_name.unwrap_or_default(),
        admin_name: me.display_name.unwrap_or_default(),
        roles: role_names,
    })
}
