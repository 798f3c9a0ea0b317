//! Who is signed in to a tenant, and what that tenant is: discovery (cloud), organization, me, the
//! admin's active roles, and other tenants by domain or ID.

use super::client::{ApiVersion, Graph};
use crate::model::batch::{answered, BatchRequest};
use crate::auth::oauth;
use crate::model::config::AppConfig;
use crate::model::error::{AppError, ErrorKind};
use crate::model::setup::roles::role_name;
use crate::model::tenant::{CloudInfo, RolesSource, TenantProfile};
use serde::Deserialize;
use crate::model::graph_url::with_query;

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
pub(crate) struct Me {
    #[serde(default)]
    pub(crate) display_name: Option<String>,
    #[serde(default)]
    pub(crate) user_principal_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Organization {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) display_name: Option<String>,
    #[serde(default)]
    pub(crate) verified_domains: Vec<VerifiedDomain>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifiedDomain {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) is_default: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleInstance {
    pub(crate) role_definition_id: String,
    #[serde(default)]
    pub(crate) directory_scope_id: Option<String>,
}

/// The signed-in admin's active role assignments (PIM-aware); see [`read_roles`].
const ROLE_INSTANCES: &str = "/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')";

/// Everything the Connect step shows about a signed-in tenant. It runs after every sign-in and
/// on every load of the app for each connected tenant, so its round trips are few: the admin, the
/// organization and the active roles in one `$batch`, beside the sign-in host's discovery (another
/// host, no token), and the role memberships only when the active roles are refused.
pub async fn load_profile(graph: Graph, authority_tenant: &str) -> Result<TenantProfile, AppError> {
    let config = graph.session.config();
    let me_path = with_query("/me", &[("$select", "displayName,userPrincipalName")]);
    let org_path = with_query("/organization", &[("$select", "id,displayName,verifiedDomains")]);
    let requests = vec![BatchRequest::get("me", me_path.clone()), BatchRequest::get("organization", org_path.clone()), BatchRequest::get("roles", ROLE_INSTANCES)];
    let (cloud, answers) = futures::join!(discover_cloud(&config, authority_tenant), graph.batch(ApiVersion::V1, requests));
    // A tenant the sign-in service does not know is the first thing to say.
    let cloud = cloud?;
    let answers = answers?;
    let v1 = |path: &str| format!("/v1.0{path}");
    let me: Me = answered(&answers, "me", &v1(&me_path), |a| a.body.clone())?;
    let orgs: Vec<Organization> = answered(&answers, "organization", &v1(&org_path), |a| a.body["value"].clone())?;
    let org = orgs.into_iter().next().ok_or_else(|| AppError::new(ErrorKind::Decode, "no_organization", "Graph returned no organization for this tenant.").at("GET", "/v1.0/organization"))?;
    let (role_names, roles_source) = read_roles(graph, answered(&answers, "roles", &v1(ROLE_INSTANCES), |a| a.body["value"].clone())).await;
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
        roles_source,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MemberOf {
    #[serde(rename = "@odata.type", default)]
    pub(crate) odata_type: Option<String>,
    #[serde(default)]
    pub(crate) role_template_id: Option<String>,
}

/// The signed-in admin's roles. Optional: a refusal never fails the connect step.
/// First the active assignments, `assignments`, read in [`load_profile`]'s batch
/// (`filterByCurrentUser`: PIM-aware, but its page lets only Global Reader, Security Reader,
/// Security Operator, Security Administrator and Privileged Role Administrator call it); then, for
/// everyone else (the Hybrid Identity and Cloud Application Administrators who set sync up), the
/// directory role memberships in `/me/memberOf` (User.Read,
/// with RoleManagement.Read.Directory to see which roles: without it Graph returns the roles with
/// limited information, type and ID only).
async fn read_roles(graph: Graph, assignments: Result<Vec<RoleInstance>, AppError>) -> (Vec<String>, RolesSource) {
    let first_error = match assignments {
        Ok(roles) => {
            // Only tenant-wide assignments count for the journey's checks.
            let names = roles.iter().filter(|r| r.directory_scope_id.as_deref().is_none_or(|s| s == "/")).map(|r| role_name(&r.role_definition_id));
            return (sorted(names), RolesSource::ActiveAssignments);
        }
        Err(e) => e,
    };
    match graph.get_all::<MemberOf>(ApiVersion::V1, "/me/memberOf", &[]).await {
        Ok(items) => {
            let roles: Vec<MemberOf> = items.into_iter().filter(|m| m.odata_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("#microsoft.graph.directoryRole"))).collect();
            if roles.iter().any(|r| r.role_template_id.is_none()) {
                return (vec![], RolesSource::Unreadable(format!(
                    "active assignments were refused ({}), and the directory role memberships came back without role names (limited information: the session lacks RoleManagement.Read.Directory).",
                    first_error.summary()
                )));
            }
            (sorted(roles.iter().filter_map(|r| r.role_template_id.as_deref()).map(role_name)), RolesSource::Memberships)
        }
        Err(second) => (vec![], RolesSource::Unreadable(format!("active assignments: {}; directory role memberships: {}", first_error.summary(), second.summary()))),
    }
}

fn sorted(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = names.collect();
    v.sort();
    v.dedup();
    v
}
