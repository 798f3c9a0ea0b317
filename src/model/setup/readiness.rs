//! The readiness matrix: read-only facts from both tenants in, one verdict per check out, each with
//! why, the fix and where to make it. Nothing here calls Graph.

use crate::model::setup::directory::{IdentitySynchronization, PartnerPolicy, ServicePrincipalSummary, SubscribedSku};
use crate::model::tenant::{RolesSource};
use crate::model::tenant::{TenantProfile, TenantRole};

/// Entra ID P1 and P2 service plans (either carries P1's capabilities).
pub const PLAN_P1: &str = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
pub const PLAN_P2: &str = "eec0eb4f-6444-4f95-aba0-50c24d67f998";
/// Entra ID Governance, also part of Microsoft Entra Suite: the gate for group sync.
pub const PLAN_GOVERNANCE: &str = "e866a266-3cff-43a3-acca-0c90a7e00c8b";

const GLOBAL_ADMIN: &str = "Global Administrator";
const SECURITY_ADMIN: &str = "Security Administrator";
const HYBRID_ADMIN: &str = "Hybrid Identity Administrator";
const CLOUD_APP_ADMIN: &str = "Cloud Application Administrator";
const APP_ADMIN: &str = "Application Administrator";

/// Outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    /// Word shown beside the icon (status is never told by colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "Pass",
            Verdict::Warn => "Warning",
            Verdict::Fail => "Fail",
        }
    }
}

/// A page of the Entra admin center where the fix is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminLink {
    pub label: &'static str,
    pub url: &'static str,
}

// Entra admin center deep links. The blade paths are as seen in the portal's address bar, not in
// documentation (unverified): if Microsoft moves a blade the link lands on the admin center home.
const LINK_LICENCES: AdminLink = AdminLink { label: "Licenses", url: "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/Products" };
const LINK_ROLES: AdminLink = AdminLink { label: "Roles and administrators", url: "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/AllRolesBlade" };
const LINK_CROSS_TENANT: AdminLink = AdminLink { label: "Cross-tenant access settings", url: "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/CompanyRelationshipsMenuBlade/~/CrossTenantAccessSettings" };
const LINK_CTS_CONFIGS: AdminLink = AdminLink { label: "Cross-tenant synchronization configurations", url: "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/CrossTenantSynchronizationMenuBlade/~/Configurations" };

/// One row of the matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable identifier (tests, exports).
    pub id: &'static str,
    /// The tenant the check is about; `None` for checks across both.
    pub tenant: Option<TenantRole>,
    pub title: &'static str,
    pub verdict: Verdict,
    pub why: String,
    /// What to do; `None` when nothing is needed.
    pub fix: Option<String>,
    pub link: Option<AdminLink>,
}

/// A fact read from Graph: found, absent (404), or not readable (the error text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup<T> {
    Found(T),
    Missing,
    Unreadable(String),
}

/// Everything the matrix needs, read from both tenants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadinessFacts {
    pub source: TenantProfile,
    pub target: TenantProfile,
    pub source_skus: Lookup<Vec<SubscribedSku>>,
    /// The source's partner configuration for the target.
    pub source_partner: Lookup<PartnerPolicy>,
    /// The target's partner configuration for the source.
    pub target_partner: Lookup<PartnerPolicy>,
    /// The target's `identitySynchronization` for the source (beta, so group sync is visible).
    pub target_identity_sync: Lookup<IdentitySynchronization>,
    /// Configurations made from the cross-tenant sync template in the source.
    pub configurations: Lookup<Vec<ServicePrincipalSummary>>,
    /// For each configuration (by service principal ID), the tenant its `CompanyId` secret names;
    /// `None` when the secrets are not set or not readable.
    pub configuration_targets: Vec<(String, Option<String>)>,
}

fn has_plan(skus: &[SubscribedSku], plan_ids: &[&str]) -> Option<String> {
    skus.iter()
        .filter(|s| s.capability_status.as_deref().is_none_or(|c| c == "Enabled" || c == "Warning"))
        .find_map(|s| {
            s.service_plans
                .iter()
                .find(|p| plan_ids.iter().any(|id| p.service_plan_id.eq_ignore_ascii_case(id)) && p.provisioning_status.as_deref().is_none_or(|st| st == "Success"))
                .map(|p| format!("{} in {}", p.service_plan_name, s.sku_part_number))
        })
}

fn has_role(p: &TenantProfile, role: &str) -> bool {
    p.roles.iter().any(|r| r == role)
}

/// Evaluates every check, in the order the matrix shows them.
pub fn evaluate(f: &ReadinessFacts) -> Vec<Check> {
    let mut checks = vec![];
    let (src, tgt) = (&f.source.display_name, &f.target.display_name);

    // Licences of the source tenant (the target needs none for cross-tenant sync).
    match &f.source_skus {
        Lookup::Found(skus) => {
            let p1 = has_plan(skus, &[PLAN_P1, PLAN_P2]);
            checks.push(Check {
                id: "source-licence-users",
                tenant: Some(TenantRole::Source),
                title: "Licence for user sync (Entra ID P1)",
                verdict: if p1.is_some() { Verdict::Pass } else { Verdict::Fail },
                why: match &p1 {
                    Some(plan) => format!("{src} has {plan}."),
                    None => format!("{src} has no active Entra ID P1 or P2 service plan; cross-tenant sync of users needs P1 in the source tenant."),
                },
                fix: p1.is_none().then(|| format!("Buy or activate Microsoft Entra ID P1 (or a suite containing it) in {src}.")),
                link: p1.is_none().then_some(LINK_LICENCES),
            });
            let governance = has_plan(skus, &[PLAN_GOVERNANCE]);
            checks.push(Check {
                id: "source-licence-groups",
                tenant: Some(TenantRole::Source),
                title: "Licence for group sync (Entra ID Governance or Entra Suite)",
                verdict: if governance.is_some() { Verdict::Pass } else { Verdict::Warn },
                why: match &governance {
                    Some(plan) => format!("{src} has {plan}."),
                    None => format!("{src} has no Entra ID Governance plan (part of Entra ID Governance and Microsoft Entra Suite). Users can be synced; groups cannot."),
                },
                fix: governance.is_none().then(|| format!("To sync groups, license {src} with Microsoft Entra ID Governance or Microsoft Entra Suite.")),
                link: governance.is_none().then_some(LINK_LICENCES),
            });
        }
        other => checks.push(unreadable("source-licence", Some(TenantRole::Source), "Licences of the source tenant", other, "LicenseAssignment.Read.All")),
    }

    // Roles of the signed-in admins.
    let s = &f.source;
    let source_missing: Vec<&str> = if has_role(s, GLOBAL_ADMIN) {
        vec![]
    } else {
        let mut m = vec![];
        if !has_role(s, SECURITY_ADMIN) {
            m.push(SECURITY_ADMIN);
        }
        if !has_role(s, HYBRID_ADMIN) {
            m.push(HYBRID_ADMIN);
        }
        if !has_role(s, CLOUD_APP_ADMIN) && !has_role(s, APP_ADMIN) {
            m.push("Cloud Application Administrator (or Application Administrator)");
        }
        m
    };
    checks.push(roles_check(
        "source-roles",
        TenantRole::Source,
        "Roles of the source admin",
        s,
        &source_missing,
        "The source needs Security Administrator (partner settings), Hybrid Identity Administrator (the configuration) and Cloud Application or Application Administrator (assignments), or Global Administrator.",
        src,
    ));
    let t = &f.target;
    let target_missing: Vec<&str> = if has_role(t, GLOBAL_ADMIN) || has_role(t, SECURITY_ADMIN) { vec![] } else { vec![SECURITY_ADMIN] };
    checks.push(roles_check("target-roles", TenantRole::Target, "Roles of the target admin", t, &target_missing, "Security Administrator is the least role that can change cross-tenant access settings in the target.", tgt));

    // Same cloud.
    let (sc, tc) = (&f.source.cloud, &f.target.cloud);
    let (verdict, why, fix) = if sc.cloud_instance_name.is_none() || tc.cloud_instance_name.is_none() {
        (Verdict::Warn, "The cloud of one tenant could not be read from its sign-in metadata.".to_string(), Some("Check in both admin centers that the tenants are in the same Microsoft cloud.".to_string()))
    } else if sc.same_cloud(tc) {
        (Verdict::Pass, format!("Both tenants are in {}.", sc.label()), None)
    } else {
        (
            Verdict::Fail,
            format!("{src} is in {} and {tgt} in {}. Group sync is not supported across clouds, and cross-cloud user sync needs Microsoft cloud settings this app does not set up.", sc.label(), tc.label()),
            Some("Pick two tenants in the same cloud, or configure cross-cloud user sync in the admin center.".to_string()),
        )
    };
    checks.push(Check { id: "same-cloud", tenant: None, title: "Same Microsoft cloud", verdict, why, fix, link: None });

    // Existing policies: informative, the wizard creates or completes them.
    checks.push(partner_check("target-partner", TenantRole::Target, &f.target_partner, tgt, src, true));
    match &f.target_identity_sync {
        Lookup::Found(sync) => checks.push(Check {
            id: "target-identity-sync",
            tenant: Some(TenantRole::Target),
            title: "Inbound synchronization allowed by the target",
            verdict: Verdict::Pass,
            why: format!(
                "{tgt} allows inbound user sync from {src}: {}; inbound group sync: {}.",
                yes_no(sync.users_allowed()),
                yes_no(sync.groups_allowed())
            ),
            fix: (!sync.users_allowed() || !sync.groups_allowed()).then(|| "Step 2 turns on what is off, in one read-modify-write so neither switch overwrites the other.".to_string()),
            link: None,
        }),
        Lookup::Missing => checks.push(Check {
            id: "target-identity-sync",
            tenant: Some(TenantRole::Target),
            title: "Inbound synchronization allowed by the target",
            verdict: Verdict::Pass,
            why: format!("{tgt} has no synchronization policy for {src} yet."),
            fix: Some("Step 2 creates it with user (and group) sync allowed.".into()),
            link: None,
        }),
        other => checks.push(unreadable("target-identity-sync", Some(TenantRole::Target), "Inbound synchronization allowed by the target", other, "Policy.Read.All")),
    }
    checks.push(partner_check("source-partner", TenantRole::Source, &f.source_partner, src, tgt, false));

    // Existing configurations: only one per pair is supported.
    match &f.configurations {
        Lookup::Found(list) if list.is_empty() => checks.push(Check {
            id: "source-configurations",
            tenant: Some(TenantRole::Source),
            title: "Existing cross-tenant sync configurations",
            verdict: Verdict::Pass,
            why: format!("{src} has no configuration from the cross-tenant synchronization template."),
            fix: Some("Step 4 creates one for this pair.".into()),
            link: None,
        }),
        Lookup::Found(list) => {
            let target_of = |c: &ServicePrincipalSummary| f.configuration_targets.iter().find(|(id, _)| *id == c.id).and_then(|(_, t)| t.clone());
            let names = |v: &[&ServicePrincipalSummary]| v.iter().map(|c| format!("\"{}\"", c.display_name)).collect::<Vec<_>>().join(", ");
            let serving: Vec<&ServicePrincipalSummary> = list.iter().filter(|c| target_of(c).is_some_and(|t| t.eq_ignore_ascii_case(&f.target.tenant_id))).collect();
            let unknown: Vec<&ServicePrincipalSummary> = list.iter().filter(|c| target_of(c).is_none()).collect();
            let others = list.len() - serving.len() - unknown.len();
            let (verdict, why, fix, link) = match (serving.len(), unknown.len()) {
                (n, _) if n > 1 => (
                    Verdict::Fail,
                    format!("{n} configurations in {src} serve {tgt}: {}. Only one configuration per source and target pair is supported.", names(&serving)),
                    Some("Keep one and delete the others in the admin center (deleting a configuration does not remove synced objects).".to_string()),
                    Some(LINK_CTS_CONFIGS),
                ),
                (1, _) => (Verdict::Pass, format!("{} serves this pair; the setup reuses it.", names(&serving)), None, None),
                (_, u) if u > 0 => (
                    Verdict::Warn,
                    format!("{src} has configuration(s) whose target could not be read: {}. Only one configuration per pair is supported.", names(&unknown)),
                    Some(format!("If one of them is meant for {tgt}, give it the same name in step 4 so it is reused; remove configurations you no longer use.")),
                    Some(LINK_CTS_CONFIGS),
                ),
                _ => (Verdict::Pass, format!("{others} configuration(s) in {src} serve other tenants; none serves {tgt} yet."), Some("Step 4 creates one for this pair.".to_string()), None),
            };
            checks.push(Check { id: "source-configurations", tenant: Some(TenantRole::Source), title: "Existing cross-tenant sync configurations", verdict, why, fix, link });
        }
        other => checks.push(unreadable("source-configurations", Some(TenantRole::Source), "Existing cross-tenant sync configurations", other, "Application.Read.All")),
    }
    checks
}

fn partner_check(id: &'static str, role: TenantRole, lookup: &Lookup<PartnerPolicy>, here: &str, other: &str, inbound: bool) -> Check {
    let title = if inbound { "Target's partner configuration for the source" } else { "Source's partner configuration for the target" };
    let direction = if inbound { "inbound" } else { "outbound" };
    match lookup {
        Lookup::Found(p) => {
            let redemption = if inbound { p.inbound_redemption() } else { p.outbound_redemption() };
            Check {
                id,
                tenant: Some(role),
                title,
                verdict: Verdict::Pass,
                why: format!("{here} has a partner configuration for {other}; {direction} automatic redemption is {}.", if redemption { "on" } else { "off" }),
                fix: (!redemption).then(|| format!("The setup turns on {direction} automatic redemption (without it, test connection fails).")),
                link: None,
            }
        }
        Lookup::Missing => Check {
            id,
            tenant: Some(role),
            title,
            verdict: Verdict::Pass,
            why: format!("{here} has no partner configuration for {other} yet."),
            fix: Some(format!("The setup creates it with {direction} automatic redemption on.")),
            link: None,
        },
        other => unreadable(id, Some(role), title, other, "Policy.Read.All"),
    }
}

fn unreadable<T>(id: &'static str, tenant: Option<TenantRole>, title: &'static str, lookup: &Lookup<T>, scope: &str) -> Check {
    let (why, fix) = match lookup {
        Lookup::Unreadable(e) => (format!("Could not be read: {e}"), read_advice(e, scope)),
        _ => (
            "Could not be read: Microsoft Graph answered 404 Not Found.".to_string(),
            "404 means absent, not forbidden: the object does not exist in this tenant, or this API is not offered in the tenant's cloud. No permission changes that; check the tenant and its cloud.".to_string(),
        ),
    };
    Check { id, tenant, title, verdict: Verdict::Warn, why, fix: Some(fix), link: Some(LINK_CROSS_TENANT) }
}

/// What to do after a failed read, following the status (the message starts "HTTP nnn" when Graph
/// answered): 403 is a permission or role, 404 absence (or an API the cloud does not offer), 400
/// our request, 429 and 5xx the service being busy.
pub fn read_advice(message: &str, scope: &str) -> String {
    let status: Option<u16> = message.strip_prefix("HTTP ").and_then(|r| r.get(..3)).and_then(|d| d.parse().ok());
    match status {
        Some(401 | 403) => format!("403 is a permission or a role: grant the app the delegated permission {scope} (admin consent) and sign in again, and check that the signed-in admin holds a role this read allows."),
        Some(404) => "404 means absent, not forbidden: the object does not exist in this tenant, or this API is not offered in the tenant's cloud. No permission changes that.".to_string(),
        Some(400) => "400 means Microsoft Graph refused the request as Tenant Bridge wrote it: nothing about your permissions. Report it with the details shown.".to_string(),
        Some(429 | 500..=599) => "Microsoft Graph was busy or failed for a moment: run the checks again in a minute.".to_string(),
        _ => format!("Run the checks again; if it persists, check the permission {scope} and the admin's roles."),
    }
}

/// The roles row of one tenant: pass, fail with what is missing, or a warning when the roles could
/// not be read (the rest of the app works; the writes themselves will tell).
fn roles_check(id: &'static str, role: TenantRole, title: &'static str, p: &TenantProfile, missing: &[&str], needs: &str, tenant: &str) -> Check {
    let held = if p.roles.is_empty() { "no active role".to_string() } else { p.roles.join(", ") };
    let via = match &p.roles_source {
        RolesSource::Memberships => " (read from the admin's directory role memberships: a role held through a group may not show)",
        _ => "",
    };
    if let RolesSource::Unreadable(e) = &p.roles_source {
        return Check {
            id,
            tenant: Some(role),
            title,
            verdict: Verdict::Warn,
            why: format!("The roles of {} could not be read: {e}", p.admin_upn),
            fix: Some(format!(
                "Nothing is blocked: each write will show whether a role is missing. To see the roles here, grant RoleManagement.Read.Directory (it reads the admin's directory role memberships), or sign in as an admin who also holds Global Reader, Security Reader or Security Administrator in {tenant}. {needs}"
            )),
            link: Some(LINK_ROLES),
        };
    }
    if missing.is_empty() {
        Check { id, tenant: Some(role), title, verdict: Verdict::Pass, why: format!("{} holds {held}{via}.", p.admin_upn), fix: None, link: None }
    } else {
        Check {
            id,
            tenant: Some(role),
            title,
            verdict: Verdict::Fail,
            why: format!("{} lacks {} (holds {held}{via}). {needs}", p.admin_upn, missing.join(", ")),
            fix: Some(format!("Activate (PIM) or get assigned {} in {tenant}, then sign in again.", missing.join(", "))),
            link: Some(LINK_ROLES),
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Counts of each verdict, for the summary line.
pub fn tally(checks: &[Check]) -> (usize, usize, usize) {
    checks.iter().fold((0, 0, 0), |(p, w, f), c| match c.verdict {
        Verdict::Pass => (p + 1, w, f),
        Verdict::Warn => (p, w + 1, f),
        Verdict::Fail => (p, w, f + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setup::directory::{AutomaticUserConsent, ServicePlan, SyncAllowed};
    use crate::model::tenant::CloudInfo;

    fn profile(name: &str, roles: &[&str], cloud: &str) -> TenantProfile {
        TenantProfile {
            tenant_id: format!("{name}-id"),
            display_name: name.into(),
            default_domain: format!("{name}.example"),
            cloud: CloudInfo { cloud_instance_name: Some(cloud.into()), ..Default::default() },
            admin_upn: format!("admin@{name}.example"),
            admin_name: "Admin".into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            roles_source: Default::default(),
        }
    }

    fn sku(plans: &[&str]) -> SubscribedSku {
        SubscribedSku {
            sku_id: "s".into(),
            sku_part_number: "SKU".into(),
            capability_status: Some("Enabled".into()),
            service_plans: plans.iter().map(|p| ServicePlan { service_plan_id: p.to_string(), service_plan_name: "PLAN".into(), provisioning_status: Some("Success".into()) }).collect(),
        }
    }

    fn facts() -> ReadinessFacts {
        ReadinessFacts {
            source: profile("Fabrikam", &[SECURITY_ADMIN, HYBRID_ADMIN, CLOUD_APP_ADMIN], "microsoftonline.com"),
            target: profile("Contoso", &[SECURITY_ADMIN], "microsoftonline.com"),
            source_skus: Lookup::Found(vec![sku(&[PLAN_P1]), sku(&[PLAN_GOVERNANCE])]),
            source_partner: Lookup::Missing,
            target_partner: Lookup::Missing,
            target_identity_sync: Lookup::Missing,
            configurations: Lookup::Found(vec![]),
            configuration_targets: vec![],
        }
    }

    fn verdict(checks: &[Check], id: &str) -> Verdict {
        checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}")).verdict
    }

    #[test]
    fn a_well_prepared_pair_passes_everything() {
        let checks = evaluate(&facts());
        assert!(checks.iter().all(|c| c.verdict == Verdict::Pass), "{checks:#?}");
        assert_eq!(tally(&checks), (checks.len(), 0, 0));
    }

    #[test]
    fn no_p1_fails_user_sync_and_points_to_licences() {
        let mut f = facts();
        f.source_skus = Lookup::Found(vec![sku(&[PLAN_GOVERNANCE])]);
        let checks = evaluate(&f);
        let c = checks.iter().find(|c| c.id == "source-licence-users").unwrap();
        assert_eq!(c.verdict, Verdict::Fail);
        assert_eq!(c.link, Some(LINK_LICENCES));
    }

    #[test]
    fn p2_counts_as_p1() {
        let mut f = facts();
        f.source_skus = Lookup::Found(vec![sku(&[PLAN_P2])]);
        assert_eq!(verdict(&evaluate(&f), "source-licence-users"), Verdict::Pass);
    }

    #[test]
    fn no_governance_warns_that_groups_cannot_sync() {
        let mut f = facts();
        f.source_skus = Lookup::Found(vec![sku(&[PLAN_P1])]);
        let checks = evaluate(&f);
        let c = checks.iter().find(|c| c.id == "source-licence-groups").unwrap();
        assert_eq!(c.verdict, Verdict::Warn);
        assert!(c.why.contains("groups cannot"));
    }

    #[test]
    fn a_plan_that_is_not_provisioned_does_not_count() {
        let mut s = sku(&[PLAN_P1]);
        s.service_plans[0].provisioning_status = Some("Disabled".into());
        let mut f = facts();
        f.source_skus = Lookup::Found(vec![s]);
        assert_eq!(verdict(&evaluate(&f), "source-licence-users"), Verdict::Fail);
    }

    #[test]
    fn a_source_reader_fails_and_every_missing_role_is_named() {
        let mut f = facts();
        f.source.roles = vec!["Global Reader".into()];
        let checks = evaluate(&f);
        let c = checks.iter().find(|c| c.id == "source-roles").unwrap();
        assert_eq!(c.verdict, Verdict::Fail);
        for role in [SECURITY_ADMIN, HYBRID_ADMIN, CLOUD_APP_ADMIN] {
            assert!(c.why.contains(role), "{role}: {}", c.why);
        }
    }

    #[test]
    fn application_administrator_stands_in_for_cloud_application_administrator() {
        let mut f = facts();
        f.source.roles = vec![SECURITY_ADMIN.into(), HYBRID_ADMIN.into(), APP_ADMIN.into()];
        assert_eq!(verdict(&evaluate(&f), "source-roles"), Verdict::Pass);
    }

    #[test]
    fn global_administrator_passes_both_role_checks() {
        let mut f = facts();
        f.source.roles = vec![GLOBAL_ADMIN.into()];
        f.target.roles = vec![GLOBAL_ADMIN.into()];
        let checks = evaluate(&f);
        assert_eq!(verdict(&checks, "source-roles"), Verdict::Pass);
        assert_eq!(verdict(&checks, "target-roles"), Verdict::Pass);
    }

    #[test]
    fn a_target_reader_fails() {
        let mut f = facts();
        f.target.roles = vec!["Global Reader".into()];
        assert_eq!(verdict(&evaluate(&f), "target-roles"), Verdict::Fail);
    }

    #[test]
    fn different_clouds_fail_and_an_unknown_cloud_warns() {
        let mut f = facts();
        f.target.cloud.cloud_instance_name = Some("microsoftonline.us".into());
        assert_eq!(verdict(&evaluate(&f), "same-cloud"), Verdict::Fail);
        f.target.cloud.cloud_instance_name = None;
        assert_eq!(verdict(&evaluate(&f), "same-cloud"), Verdict::Warn);
    }

    fn config(id: &str, name: &str) -> ServicePrincipalSummary {
        ServicePrincipalSummary { id: id.into(), display_name: name.into(), ..Default::default() }
    }

    #[test]
    fn a_configuration_whose_target_is_unknown_warns_with_its_name() {
        let mut f = facts();
        f.configurations = Lookup::Found(vec![config("1", "Old sync")]);
        f.configuration_targets = vec![("1".into(), None)];
        let c = evaluate(&f).into_iter().find(|c| c.id == "source-configurations").unwrap();
        assert_eq!(c.verdict, Verdict::Warn);
        assert!(c.why.contains("\"Old sync\""));
    }

    #[test]
    fn the_configuration_serving_this_pair_passes_and_is_reused() {
        let mut f = facts();
        f.configurations = Lookup::Found(vec![config("1", "Fabrikam to Contoso"), config("2", "To Northwind")]);
        f.configuration_targets = vec![("1".into(), Some("Contoso-id".into())), ("2".into(), Some("Northwind-id".into()))];
        let c = evaluate(&f).into_iter().find(|c| c.id == "source-configurations").unwrap();
        assert_eq!(c.verdict, Verdict::Pass);
        assert!(c.why.contains("reuses"));
    }

    #[test]
    fn two_configurations_for_the_same_pair_fail() {
        let mut f = facts();
        f.configurations = Lookup::Found(vec![config("1", "A"), config("2", "B")]);
        f.configuration_targets = vec![("1".into(), Some("Contoso-id".into())), ("2".into(), Some("contoso-ID".into()))];
        assert_eq!(evaluate(&f).into_iter().find(|c| c.id == "source-configurations").unwrap().verdict, Verdict::Fail);
    }

    #[test]
    fn configurations_for_other_tenants_are_fine() {
        let mut f = facts();
        f.configurations = Lookup::Found(vec![config("2", "To Northwind")]);
        f.configuration_targets = vec![("2".into(), Some("Northwind-id".into()))];
        assert_eq!(evaluate(&f).into_iter().find(|c| c.id == "source-configurations").unwrap().verdict, Verdict::Pass);
    }

    #[test]
    fn existing_policies_are_described_with_their_switches() {
        let mut f = facts();
        f.target_partner = Lookup::Found(PartnerPolicy { tenant_id: "x".into(), automatic_user_consent_settings: Some(AutomaticUserConsent { inbound_allowed: Some(true), outbound_allowed: None }) });
        f.target_identity_sync = Lookup::Found(IdentitySynchronization { display_name: None, user_sync_inbound: Some(SyncAllowed { is_sync_allowed: true }), group_sync_inbound: None });
        let checks = evaluate(&f);
        assert!(checks.iter().find(|c| c.id == "target-partner").unwrap().why.contains("inbound automatic redemption is on"));
        let sync = checks.iter().find(|c| c.id == "target-identity-sync").unwrap();
        assert!(sync.why.contains("user sync from Fabrikam: yes; inbound group sync: no"), "{}", sync.why);
    }

    #[test]
    fn an_unreadable_fact_warns_and_names_the_permission() {
        let mut f = facts();
        f.configurations = Lookup::Unreadable("HTTP 403 Authorization_RequestDenied: Insufficient privileges".into());
        let checks = evaluate(&f);
        let c = checks.iter().find(|c| c.id == "source-configurations").unwrap();
        assert_eq!(c.verdict, Verdict::Warn);
        assert!(c.fix.as_deref().unwrap().contains("Application.Read.All"));
    }

    #[test]
    fn advice_follows_the_status_not_the_permission_list() {
        assert!(read_advice("HTTP 403 Authorization_RequestDenied: Insufficient privileges", "Application.Read.All").contains("Application.Read.All"));
        let absent = read_advice("HTTP 404 Request_ResourceNotFound: gone", "Application.Read.All");
        assert!(absent.contains("absent") && !absent.contains("Application.Read.All"), "{absent}");
        let ours = read_advice("HTTP 400 BadRequest: Invalid filter", "Application.Read.All");
        assert!(ours.contains("refused the request") && !ours.contains("Application.Read.All"), "{ours}");
        assert!(read_advice("HTTP 503 ServiceUnavailable", "X").contains("again in a minute"));
        let mut f = facts();
        f.configurations = Lookup::Missing;
        let c = evaluate(&f).into_iter().find(|c| c.id == "source-configurations").unwrap();
        assert!(c.why.contains("404") && !c.fix.unwrap().contains("Grant"));
    }

}
