//! The delegated scopes Tenant Bridge asks for, by moment of the journey. One place: the pages ask
//! for these sets, and a test keeps the README's consent table equal to them. Each set is what the
//! Learn page of every call made at that moment lists as least privileged (the sandbox enforces
//! the same pages; see `sandbox/README.md`, "Permissions").

/// Every sign-in: who is signed in (`me`, `organization`: User.Read), the admin's roles
/// (RoleManagement.Read.Directory: active assignments, and the directory role memberships that are
/// the fallback for admins whom the assignments page refuses), licences, and the partner policies.
pub const SIGN_IN: [&str; 7] = ["openid", "profile", "offline_access", "User.Read", "RoleManagement.Read.Directory", "LicenseAssignment.Read.All", "Policy.Read.All"];

/// Readiness, source: find the existing cross-tenant sync configurations.
pub const READINESS_SOURCE: [&str; 1] = ["Application.Read.All"];

/// Plan and apply, target: write the partner policy; read groups to spot same-name groups.
pub const WRITE_TARGET: [&str; 2] = ["Policy.ReadWrite.CrossTenantAccess", "Group.Read.All"];

/// Plan and apply, source: partner policy, configuration, provisioning, assignments
/// (AppRoleAssignment.ReadWrite.All together with Application.Read.All, as the assignment page
/// asks), and reading the groups and users to assign.
pub const WRITE_SOURCE: [&str; 7] = [
    "Policy.ReadWrite.CrossTenantAccess",
    "Application.ReadWrite.All",
    "Synchronization.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "Application.Read.All",
    "Group.Read.All",
    "User.Read.All",
];

/// The mapping editor, source: the schema, and real users and groups to test expressions on.
pub const MAPPINGS_SOURCE: [&str; 4] = ["Application.Read.All", "Synchronization.ReadWrite.All", "User.Read.All", "Group.Read.All"];

/// Monitor, source: the job, the provisioning and audit logs (AuditLog.Read.All together with
/// Directory.Read.All, the stricter of the pages' revisions), and users for provisioning on demand.
pub const MONITOR_SOURCE: [&str; 5] = ["Application.Read.All", "Synchronization.Read.All", "AuditLog.Read.All", "Directory.Read.All", "User.Read.All"];

/// Monitor, target: the directory audit log (what `Microsoft.Azure.SyncFabric` wrote).
pub const MONITOR_TARGET: [&str; 2] = ["AuditLog.Read.All", "Directory.Read.All"];

/// Fleet, source: every configuration with its job and settings (read-only; also asked by the
/// readiness check and Monitor).
pub const FLEET_SOURCE: [&str; 2] = ["Application.Read.All", "Synchronization.Read.All"];

/// Fleet, target: what `Microsoft.Azure.SyncFabric` wrote (the trust review; also asked by Monitor).
pub const FLEET_TARGET: [&str; 2] = ["AuditLog.Read.All", "Directory.Read.All"];

/// Asked only when the admin asks for what they give, never in the first sign-in: a permission a
/// cloud does not offer would make that sign-in fail (the multi-tenant organization API is
/// documented for the global service only; tenant information is not documented for every cloud).
/// Fleet, both tenants: the names of other tenants, and the partners' default domains.
pub const ON_REQUEST_NAMES: [&str; 1] = ["CrossTenantInformation.ReadBasic.All"];
/// Fleet, target: the multi-tenant organization's members with their roles (ReadBasic.All gives
/// names only).
pub const ON_REQUEST_MTO: [&str; 1] = ["MultiTenantOrganization.Read.All"];

/// The impact preview in the source: the job's schema and settings, the assignments, users and
/// groups with their members.
pub const PREVIEW_SOURCE: [&str; 4] = ["Application.Read.All", "Synchronization.Read.All", "User.Read.All", "Group.Read.All"];

/// The impact preview in the target: users, groups and contacts by address (Directory.Read.All
/// covers the three; the identitySynchronization read is Policy.Read.All, asked at sign-in).
pub const PREVIEW_TARGET: [&str; 1] = ["Directory.Read.All"];

/// Every scope asked in a tenant of this role, over the whole journey.
pub fn all_for(role: crate::model::tenant::TenantRole) -> std::collections::BTreeSet<&'static str> {
    use crate::model::tenant::TenantRole;
    let sets: Vec<&[&'static str]> = match role {
        TenantRole::Source => vec![&SIGN_IN, &READINESS_SOURCE, &WRITE_SOURCE, &MAPPINGS_SOURCE, &MONITOR_SOURCE, &FLEET_SOURCE, &PREVIEW_SOURCE],
        TenantRole::Target => vec![&SIGN_IN, &WRITE_TARGET, &MONITOR_TARGET, &FLEET_TARGET, &PREVIEW_TARGET],
    };
    sets.into_iter().flatten().copied().collect()
}

/// How the sign-ins ask for permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentMode {
    /// The first sign-in to each tenant asks for everything that side needs ([`all_for`]).
    Everything,
    /// Each step asks for its own permissions when it first needs them.
    StepByStep,
    /// `https://graph.microsoft.com/.default`: the permissions an administrator granted to the
    /// app registration in the tenant, nothing asked by name (the two cannot be combined).
    AppDefault,
}

/// The Graph permissions this side needs over the journey that the token does not carry
/// (`granted`: the token's scopes; a ReadWrite permission covers its Read).
pub fn missing_scopes(role: crate::model::tenant::TenantRole, granted: &[String]) -> Vec<&'static str> {
    all_for(role).into_iter().filter(|s| !crate::model::session::OIDC_SCOPES.contains(s) && !crate::model::session::scopes_cover(granted, &[s])).collect()
}

/// The readiness row that names the permissions a tenant's token lacks, and what gets them.
pub fn scope_check(role: crate::model::tenant::TenantRole, missing: &[&str], mode: ConsentMode) -> crate::model::setup::readiness::Check {
    use crate::model::setup::readiness::{Check, Verdict};
    let list = missing.join(", ");
    let (verdict, why, fix) = match (missing.is_empty(), mode) {
        (true, _) => (Verdict::Pass, "The sign-in carries every permission the journey, Mappings and Monitor need in this tenant.".to_string(), None),
        (false, ConsentMode::StepByStep) => (Verdict::Pass, format!("Asked step by step: {} more are asked when their step first needs them ({list}).", missing.len()), None),
        (false, ConsentMode::AppDefault) => (
            Verdict::Warn,
            format!("The permissions granted to the app in this tenant do not include: {list}. The steps that need them will be refused."),
            Some("In this tenant's Entra admin center, open App registrations (or Enterprise applications) for Tenant Bridge, API permissions, add the missing delegated Microsoft Graph permissions and Grant admin consent; then sign out of this tenant here and sign in again.".to_string()),
        ),
        (false, ConsentMode::Everything) => (
            Verdict::Warn,
            format!("The sign-in was not granted: {list}. The steps that need them will ask again or be refused."),
            Some("Sign out of this tenant and sign in again, accepting every permission; if the consent screen is blocked, an administrator grants them to the app (API permissions, Grant admin consent).".to_string()),
        ),
    };
    Check { id: if role == crate::model::tenant::TenantRole::Source { "source-scopes" } else { "target-scopes" }, tenant: Some(role), title: "Permissions in the sign-in", verdict, why, fix, link: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tenant::TenantRole;
    use std::collections::BTreeSet;

    /// (tenant column, scopes) of each row of the README's consent table.
    fn readme_rows() -> Vec<(String, Vec<String>)> {
        let readme = include_str!("../../README.md");
        readme
            .lines()
            .filter(|l| l.starts_with("| both |") || l.starts_with("| source |") || l.starts_with("| target |"))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let scopes = cells[2].split('`').enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, s)| s.to_string()).collect();
                (cells[1].to_string(), scopes)
            })
            .collect()
    }

    /// Scopes of the README rows asked only on request (tenant column `… (on request)`).
    fn readme_on_request() -> BTreeSet<String> {
        include_str!("../../README.md")
            .lines()
            .filter(|l| l.starts_with("| both (on request) |") || l.starts_with("| target (on request) |") || l.starts_with("| source (on request) |"))
            .flat_map(|l| l.split('|').nth(2).unwrap_or("").split('`').skip(1).step_by(2).map(String::from).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn the_readme_lists_the_scopes_asked_on_request_and_the_first_sign_in_never_asks_them() {
        let on_request: BTreeSet<String> = ON_REQUEST_NAMES.iter().chain(ON_REQUEST_MTO.iter()).map(|s| s.to_string()).collect();
        assert_eq!(readme_on_request(), on_request);
        for role in [TenantRole::Source, TenantRole::Target] {
            assert!(on_request.iter().all(|s| !all_for(role).contains(s.as_str())), "{s:?} would be asked at the first sign-in", s = on_request);
        }
    }

    #[test]
    fn the_readme_consent_table_names_exactly_what_the_app_asks() {
        for role in [TenantRole::Source, TenantRole::Target] {
            let column = if role == TenantRole::Source { "source" } else { "target" };
            let readme: BTreeSet<String> = readme_rows().into_iter().filter(|(t, _)| t == "both" || t == column).flat_map(|(_, s)| s).collect();
            let app: BTreeSet<String> = all_for(role).into_iter().map(String::from).collect();
            assert_eq!(readme, app, "README consent table vs. the app's scopes for the {column}");
        }
    }

    #[test]
    fn no_scope_is_asked_that_no_call_needs() {
        let all: BTreeSet<&str> = all_for(TenantRole::Source).union(&all_for(TenantRole::Target)).copied().collect();
        for unused in ["RoleAssignmentSchedule.Read.Directory", "ProvisioningLog.Read.All", "User.ReadBasic.All"] {
            assert!(!all.contains(unused), "{unused} is asked but no call uses it");
        }
    }

    #[test]
    fn missing_scopes_are_the_graph_permissions_the_token_lacks_readwrite_covering_read() {
        let all: Vec<String> = all_for(TenantRole::Target).into_iter().map(|s| format!("https://graph.microsoft.com/{s}")).collect();
        assert!(missing_scopes(TenantRole::Target, &all).is_empty());
        let without_audit: Vec<String> = all.iter().filter(|s| !s.ends_with("AuditLog.Read.All")).cloned().collect();
        assert_eq!(missing_scopes(TenantRole::Target, &without_audit), ["AuditLog.Read.All"]);
        // Policy.ReadWrite.CrossTenantAccess does not stand for Policy.Read.All (another name).
        let oidc_only = vec!["openid".to_string(), "offline_access".into()];
        let missing = missing_scopes(TenantRole::Target, &oidc_only);
        assert!(missing.contains(&"Policy.Read.All") && !missing.contains(&"openid"), "{missing:?}");
        let rw = vec!["Synchronization.ReadWrite.All".to_string()];
        assert!(!missing_scopes(TenantRole::Source, &rw).contains(&"Synchronization.Read.All"));
    }

    #[test]
    fn the_scope_row_says_what_gets_the_missing_permissions_in_each_mode() {
        use crate::model::setup::readiness::Verdict;
        let none = scope_check(TenantRole::Source, &[], ConsentMode::AppDefault);
        assert_eq!(none.verdict, Verdict::Pass);
        let app = scope_check(TenantRole::Source, &["AuditLog.Read.All"], ConsentMode::AppDefault);
        assert_eq!(app.verdict, Verdict::Warn);
        assert!(app.why.contains("AuditLog.Read.All") && app.fix.unwrap().contains("Grant admin consent"));
        let steps = scope_check(TenantRole::Target, &["AuditLog.Read.All"], ConsentMode::StepByStep);
        assert_eq!((steps.verdict, steps.id), (Verdict::Pass, "target-scopes"), "asked later is not a problem");
        assert_eq!(scope_check(TenantRole::Target, &["X"], ConsentMode::Everything).verdict, Verdict::Warn);
    }
}
