//! The seed format: what two (or more) tenants contain when the sandbox starts or is reset.
//! Documented in sandbox/README.md; unknown keys are refused so a typo does not go unnoticed.

use serde::{Deserialize, Serialize};

/// The shipped default: source "Fabrikam", target "Contoso", and an unlicensed variant.
pub const DEFAULT_SEED: &str = include_str!("../seeds/default.json");

/// A whole sandbox.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    pub tenants: Vec<TenantSeed>,
}

/// One tenant.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantSeed {
    pub id: String,
    pub display_name: String,
    /// The first is the default domain.
    pub domains: Vec<String>,
    #[serde(default)]
    pub cloud: Cloud,
    #[serde(default)]
    pub skus: Vec<Sku>,
    pub admins: Vec<AdminSeed>,
    #[serde(default)]
    pub users: Vec<UserSeed>,
    /// Generated users `{prefix}{n}@{default domain}`, for volume without a long file.
    #[serde(default)]
    pub generated_users: Option<GeneratedUsers>,
    #[serde(default)]
    pub groups: Vec<GroupSeed>,
    /// Cross-tenant sync configurations already set up from this tenant, as if the wizard had
    /// applied them (both tenants' partner settings included): for fleet views and benchmarks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub configurations: Vec<ConfigurationSeed>,
    /// Partner configurations of the cross-tenant access policy beyond those the configurations
    /// imply (a partner allowed to sync in whose configuration is gone, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<PartnerSeed>,
    /// The multi-tenant organization this tenant belongs to, as this tenant sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_tenant_organization: Option<MultiTenantOrganizationSeed>,
    /// Organizational contacts (`orgContact`), which collide with a synced user's address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ContactSeed>,
}

/// An organizational contact: a mail address in the directory that is not a user.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactSeed {
    pub id: String,
    pub display_name: String,
    pub mail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proxy_addresses: Vec<String>,
}

/// A multi-tenant organization and its member tenants.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MultiTenantOrganizationSeed {
    pub id: String,
    pub display_name: String,
    pub members: Vec<MultiTenantOrganizationMemberSeed>,
}

/// A member tenant: `owner` or `member`, `active` or `pending`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MultiTenantOrganizationMemberSeed {
    pub tenant_id: String,
    pub display_name: String,
    pub role: String,
    #[serde(default = "active")]
    pub state: String,
}

fn active() -> String {
    "active".into()
}

/// A partner configuration as seeded.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerSeed {
    pub tenant_id: String,
    #[serde(default)]
    pub inbound_redemption: Option<bool>,
    #[serde(default)]
    pub outbound_redemption: Option<bool>,
    /// `identitySynchronization`: inbound user sync allowed (`None`: no such object).
    #[serde(default)]
    pub user_sync_inbound: Option<bool>,
    #[serde(default)]
    pub group_sync_inbound: bool,
}

/// A configuration set up from the source tenant to `target`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigurationSeed {
    /// The configuration's service principal ID (its job gets a stable ID derived from it).
    pub id: String,
    pub display_name: String,
    /// The target tenant's ID. It need not be in the seed: a configuration whose target is gone
    /// quarantines at its first cycle, as a real one does.
    pub target: String,
    /// Group IDs, or user IDs or UPNs, of this tenant to assign.
    #[serde(default)]
    pub assign: Vec<String>,
    /// The job is started.
    #[serde(default = "yes")]
    pub started: bool,
    /// The target's side is set up too (partner with inbound redemption, inbound user sync);
    /// `false` leaves it to be done, and the first cycle quarantines the job.
    #[serde(default = "yes")]
    pub target_allows: bool,
    /// Inbound group sync allowed in the target, and the group mapping on.
    #[serde(default)]
    pub sync_groups: bool,
}

/// The cloud fields of the OIDC discovery document.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cloud {
    pub tenant_region_scope: String,
    pub cloud_instance_name: String,
    pub msgraph_host: String,
    #[serde(default)]
    pub tenant_region_sub_scope: Option<String>,
}

impl Default for Cloud {
    fn default() -> Self {
        Cloud {
            tenant_region_scope: "WW".into(),
            cloud_instance_name: "microsoftonline.com".into(),
            msgraph_host: "graph.microsoft.com".into(),
            tenant_region_sub_scope: None,
        }
    }
}

/// A subscribed SKU and its service plans (licence checks look at plans, not SKU names).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sku {
    pub sku_id: String,
    pub sku_part_number: String,
    pub service_plans: Vec<ServicePlan>,
}

/// One service plan of a SKU.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePlan {
    pub service_plan_id: String,
    pub service_plan_name: String,
}

/// An account that can sign in, with its active directory roles (names as in the Entra admin center).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminSeed {
    pub id: String,
    pub user_principal_name: String,
    pub display_name: String,
    pub roles: Vec<String>,
}

/// A user of the directory.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSeed {
    pub id: String,
    pub user_principal_name: String,
    pub display_name: String,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default = "yes")]
    pub account_enabled: bool,
    #[serde(default = "member")]
    pub user_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// `proxyAddresses` (`SMTP:` primary, `smtp:` others), as Exchange and Entra keep them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proxy_addresses: Vec<String>,
    /// A B2B user's invitation state: `PendingAcceptance` or `Accepted` (absent: an internal user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_user_state: Option<String>,
    /// For a B2B user who redeemed as a user of another tenant: that user's object ID (what the
    /// service's `alternativeSecurityIdentifier` binds). Sandbox-internal: Graph does not return
    /// it, as Microsoft's API does not; cross-tenant sync matches on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_as: Option<String>,
}

impl UserSeed {
    /// An attribute by its Graph name (case-insensitive), as the engine's expressions and
    /// scoping filters read it; `None` when the user has no value.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let mut words = self.display_name.split_whitespace();
        match name.to_ascii_lowercase().as_str() {
            "id" | "objectid" => Some(self.id.clone()),
            "displayname" => Some(self.display_name.clone()),
            "userprincipalname" => Some(self.user_principal_name.clone()),
            "mail" => self.mail.clone(),
            "usertype" => Some(self.user_type.clone()),
            "accountenabled" => Some(if self.account_enabled { "True".into() } else { "False".into() }),
            "issoftdeleted" => Some("False".into()),
            "department" => self.department.clone(),
            "employeeid" => self.employee_id.clone(),
            "givenname" => words.next().map(String::from),
            "surname" => words.next_back().map(String::from),
            _ => None,
        }
    }
}

/// How many users to generate, and their name prefix.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratedUsers {
    pub count: u32,
    pub prefix: String,
}

/// A group with the type flags that decide whether cross-tenant sync supports it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupSeed {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub security_enabled: bool,
    pub mail_enabled: bool,
    /// `Unified` for Microsoft 365, `DynamicMembership` for dynamic groups.
    #[serde(default)]
    pub group_types: Vec<String>,
    #[serde(default)]
    pub membership_rule: Option<String>,
    #[serde(default)]
    pub is_assignable_to_role: bool,
    /// The group's e-mail address (mail-enabled groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<String>,
    /// User or group IDs, or user principal names.
    #[serde(default)]
    pub members: Vec<String>,
}

impl GroupSeed {
    /// An attribute by its Graph name (case-insensitive), for expressions and scoping filters.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let flag = |b: bool| Some(if b { "True".to_string() } else { "False".to_string() });
        match name.to_ascii_lowercase().as_str() {
            "id" | "objectid" => Some(self.id.clone()),
            "displayname" => Some(self.display_name.clone()),
            "description" => self.description.clone(),
            "mailnickname" => Some(self.display_name.replace(' ', "")),
            "securityenabled" => flag(self.security_enabled),
            "mailenabled" => flag(self.mail_enabled),
            _ => None,
        }
    }
}

fn yes() -> bool {
    true
}

fn member() -> String {
    "Member".into()
}

/// Users the large seed adds to Coho Winery's scope, for the impact preview benchmark.
pub const PREVIEW_SCOPE: u32 = 50_000;

/// Configurations the large seed adds to Woodgrove's five, for the fleet benchmark (50 in all).
pub const FLEET_EXTRA: u32 = 45;

impl Seed {
    /// A large variant of the default seed for benchmarks: the default tenants, with the source
    /// grown to `users` users and `groups` extra security groups of 5 direct members each, Woodgrove
    /// to 50 configurations (45 more, to generated subsidiaries), and Coho Winery's assigned group
    /// to 50,000 more members.
    pub fn large(users: u32, groups: u32) -> Seed {
        let mut seed = Seed::parse(DEFAULT_SEED).expect("the shipped seed is valid");
        let source = &mut seed.tenants[0];
        source.generated_users = Some(GeneratedUsers { count: users, prefix: "user".into() });
        let domain = source.domains[0].clone();
        for g in 0..groups {
            source.groups.push(GroupSeed {
                id: format!("{:08x}-0000-4000-9000-{:012}", 0x6a0u32, g),
                display_name: format!("Project {g:05}"),
                description: None,
                security_enabled: true,
                mail_enabled: false,
                group_types: vec![],
                membership_rule: None,
                is_assignable_to_role: false,
                mail: None,
                members: (0..5).map(|m| format!("user{:03}@{domain}", 1 + (g * 5 + m) % users.max(1))).collect(),
            });
        }
        // The impact preview: Coho Winery's assigned "Coho Staff" grows by 50,000 generated members.
        if let Some(c) = seed.tenants.iter().position(|t| t.display_name == "Coho Winery") {
            let domain = seed.tenants[c].domains[0].clone();
            seed.tenants[c].generated_users = Some(GeneratedUsers { count: PREVIEW_SCOPE, prefix: "staff".into() });
            if let Some(g) = seed.tenants[c].groups.iter_mut().find(|g| g.display_name == "Coho Staff") {
                g.members.extend((1..=PREVIEW_SCOPE).map(|n| format!("staff{n:03}@{domain}")));
            }
        }
        // The fleet: Woodgrove grows to 50 configurations, 45 more to generated subsidiaries.
        if let Some(w) = seed.tenants.iter().position(|t| t.display_name == "Woodgrove") {
            let staff = seed.tenants[w].groups.first().map(|g| g.id.clone()).into_iter().collect::<Vec<_>>();
            for n in 0..FLEET_EXTRA {
                let id = format!("{:08x}-0000-4000-a000-{n:012}", 0xf1ee7u32);
                let domain = format!("woodgrovesub{n:02}.onmicrosoft.com");
                seed.tenants.push(TenantSeed {
                    id: id.clone(),
                    display_name: format!("Woodgrove Subsidiary {n:02}"),
                    domains: vec![domain.clone()],
                    cloud: Cloud::default(),
                    skus: vec![],
                    admins: vec![AdminSeed { id: format!("{:08x}-0000-4000-a001-{n:012}", 0xf1ee7u32), user_principal_name: format!("admin@{domain}"), display_name: "Admin".into(), roles: vec!["Security Administrator".into()] }],
                    users: vec![],
                    generated_users: None,
                    groups: vec![],
                    configurations: vec![],
                    partners: vec![],
                    multi_tenant_organization: None,
                    contacts: vec![],
                });
                seed.tenants[w].configurations.push(ConfigurationSeed {
                    id: format!("{:08x}-0000-4000-a002-{n:012}", 0xf1ee7u32),
                    display_name: format!("Woodgrove to Subsidiary {n:02}"),
                    target: id,
                    assign: staff.clone(),
                    started: true,
                    target_allows: true,
                    sync_groups: false,
                });
            }
        }
        seed
    }

    /// Parses and checks a seed: unique tenant IDs, at least one admin per tenant.
    pub fn parse(text: &str) -> Result<Seed, String> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed is not valid: {e}"))?;
        let mut ids: Vec<&str> = seed.tenants.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("seed is not valid: two tenants share an id".into());
        }
        if let Some(t) = seed.tenants.iter().find(|t| t.admins.is_empty() || t.domains.is_empty()) {
            return Err(format!("seed is not valid: tenant {} needs at least one admin and one domain", t.id));
        }
        // An explicit object with the ID of a generated user would be two objects under one ID.
        for t in &seed.tenants {
            let Some(g) = &t.generated_users else { continue };
            let taken = |id: &str| {
                let n = id.rsplit('-').next().and_then(|n| n.parse::<u32>().ok());
                n.is_some_and(|n| (1..=g.count).contains(&n) && generated_user_id(&t.id, n).eq_ignore_ascii_case(id))
            };
            let ids = t.users.iter().map(|u| &u.id).chain(t.groups.iter().map(|g| &g.id)).chain(t.admins.iter().map(|a| &a.id));
            if let Some(id) = ids.into_iter().find(|id| taken(id)) {
                return Err(format!("seed is not valid: {id} in tenant {} is the ID of a generated user; choose another", t.id));
            }
        }
        Ok(seed)
    }
}

/// Stable ID for generated user `n` of a tenant, so seeds and dumps are reproducible.
pub fn generated_user_id(tenant_id: &str, n: u32) -> String {
    let t: String = tenant_id.chars().filter(|c| c.is_ascii_hexdigit()).take(8).collect();
    format!("{t}-0000-4000-8000-{n:012}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_id_that_a_generated_user_takes_is_refused_and_the_large_seed_has_none() {
        let mut seed = Seed::parse(DEFAULT_SEED).unwrap();
        let fabrikam = &mut seed.tenants[0];
        fabrikam.users[0].id = generated_user_id(&fabrikam.id, 7);
        let e = Seed::parse(&serde_json::to_string(&seed).unwrap()).unwrap_err();
        assert!(e.contains("is the ID of a generated user"), "{e}");
        let large = Seed::large(100, 2);
        Seed::parse(&serde_json::to_string(&large).unwrap()).expect("the large seed's generated users collide with nothing");
    }
}
