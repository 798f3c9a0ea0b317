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

/// Every scope asked in a tenant of this role, over the whole journey.
pub fn all_for(role: super::tenant::TenantRole) -> std::collections::BTreeSet<&'static str> {
    use super::tenant::TenantRole;
    let sets: Vec<&[&'static str]> = match role {
        TenantRole::Source => vec![&SIGN_IN, &READINESS_SOURCE, &WRITE_SOURCE, &MAPPINGS_SOURCE, &MONITOR_SOURCE],
        TenantRole::Target => vec![&SIGN_IN, &WRITE_TARGET, &MONITOR_TARGET],
    };
    sets.into_iter().flatten().copied().collect()
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
        for unused in ["CrossTenantInformation.ReadBasic.All", "RoleAssignmentSchedule.Read.Directory", "ProvisioningLog.Read.All", "User.ReadBasic.All"] {
            assert!(!all.contains(unused), "{unused} is asked but no call uses it");
        }
    }
}
