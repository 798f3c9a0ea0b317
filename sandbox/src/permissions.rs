//! Every Graph call the sandbox serves, with the delegated scopes and directory roles Microsoft's
//! API reference documents for it, and the page that says so. Handlers check a caller against
//! these entries (`Caller::require`), and `sandbox/README.md` carries the same table (a test keeps
//! them equal), so there is one place to read what a call needs.
//!
//! Where two Microsoft sources disagree, the stricter one is enforced (see `note`).

use crate::roles::*;

/// What one call needs.
#[derive(Debug)]
pub struct Permission {
    /// Method and path as the reference writes them.
    pub call: &'static str,
    /// Alternatives: the caller needs every scope of at least one of them. The first one is the
    /// least privileged, and is what Tenant Bridge asks for.
    pub scopes: &'static [&'static [&'static str]],
    /// Directory roles of which the signed-in user must hold one (Global Administrator always
    /// passes); empty when the page names none.
    pub roles: &'static [&'static str],
    /// Whether Tenant Bridge makes this call (the README's consent table covers exactly these).
    pub used_by_app: bool,
    /// The Microsoft Learn page.
    pub source: &'static str,
    /// Where the sandbox reads the documentation strictly, or where sources disagree.
    pub note: &'static str,
}

macro_rules! page {
    ($p:literal) => {
        concat!("https://learn.microsoft.com/graph/api/", $p)
    };
}

pub const ME: Permission = Permission {
    call: "GET /me",
    scopes: &[&["User.Read"], &["User.ReadBasic.All"], &["User.Read.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("user-get"),
    note: "",
};

pub const ME_MEMBER_OF: Permission = Permission {
    call: "GET /me/memberOf",
    scopes: &[&["User.Read"], &["Directory.Read.All"], &["GroupMember.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("user-list-memberof"),
    note: "Directory roles in the answer carry only `@odata.type` and `id` unless the token can read directory roles (`RoleManagement.Read.Directory`, directoryrole-list), as the page's \"limited information\" rule says.",
};

pub const DIRECTORY_ROLES_READ: Permission = Permission {
    call: "(directory roles inside GET /me/memberOf)",
    scopes: &[&["RoleManagement.Read.Directory"], &["RoleManagement.ReadWrite.Directory"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("directoryrole-list"),
    note: "The page's role list includes User, so any member may read them.",
};

pub const ORGANIZATION: Permission = Permission {
    call: "GET /organization",
    scopes: &[&["User.Read"], &["Organization.Read.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("organization-list"),
    note: "",
};

pub const ROLE_INSTANCES_OF_CURRENT_USER: Permission = Permission {
    call: "GET /roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')",
    scopes: &[&["RoleManagement.Read.Directory"], &["RoleAssignmentSchedule.Read.Directory"], &["RoleManagement.ReadWrite.Directory"]],
    roles: &[GLOBAL_READER, SECURITY_OPERATOR, SECURITY_READER, SECURITY_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR],
    used_by_app: true,
    source: page!("unifiedroleassignmentscheduleinstance-filterbycurrentuser"),
    note: "The page's least privileged scope is RoleAssignmentSchedule.Read.Directory; the app asks RoleManagement.Read.Directory, which the page also accepts and which its fallback (directory roles in /me/memberOf) needs anyway.",
};

pub const SUBSCRIBED_SKUS: Permission = Permission {
    call: "GET /subscribedSkus",
    scopes: &[&["LicenseAssignment.Read.All"], &["Organization.Read.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("subscribedsku-list"),
    note: "The page's role note applies when the user acts on another user; listing the tenant's subscriptions is not, so no role is enforced.",
};

pub const TENANT_INFORMATION: Permission = Permission {
    call: "GET /tenantRelationships/findTenantInformationByDomainName(domainName='…') and …ByTenantId(tenantId='…')",
    scopes: &[&["CrossTenantInformation.ReadBasic.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("tenantrelationship-findtenantinformationbytenantid"),
    note: "Fleet only: the names of a source's targets and of a target's partners, and the partners' default domains (to tell whose synced users the audit log shows). Connecting resolves tenants by signing in to them.",
};

pub const POLICY_READ: Permission = Permission {
    call: "GET /policies/crossTenantAccessPolicy/partners/{id} and …/identitySynchronization",
    scopes: &[&["Policy.Read.All"], &["Policy.ReadWrite.CrossTenantAccess"]],
    roles: &[SECURITY_ADMINISTRATOR, GLOBAL_READER, SECURITY_READER, SECURITY_OPERATOR],
    used_by_app: true,
    source: page!("crosstenantaccesspolicyconfigurationpartner-get"),
    note: "The page names no role; the sandbox asks for the roles that read cross-tenant access settings in the admin center (a sandbox choice, stricter than the page).",
};

pub const POLICY_WRITE: Permission = Permission {
    call: "POST …/partners, PATCH …/partners/{id}, PUT and PATCH …/identitySynchronization",
    scopes: &[&["Policy.ReadWrite.CrossTenantAccess"]],
    roles: &[SECURITY_ADMINISTRATOR],
    used_by_app: true,
    source: page!("crosstenantaccesspolicy-post-partners"),
    note: "Security Administrator from the cross-tenant sync configuration guide (entra/identity/multi-tenant-organizations/cross-tenant-synchronization-configure).",
};

pub const INSTANTIATE: Permission = Permission {
    call: "POST /applicationTemplates/{id}/instantiate",
    scopes: &[&["Application.ReadWrite.All"], &["Directory.ReadWrite.All"]],
    roles: &[HYBRID_IDENTITY_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR],
    used_by_app: true,
    source: page!("applicationtemplate-instantiate"),
    note: "",
};

pub const SERVICE_PRINCIPALS_READ: Permission = Permission {
    call: "GET /servicePrincipals and /servicePrincipals/{id}",
    scopes: &[&["Application.Read.All"], &["Application.ReadWrite.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("serviceprincipal-list"),
    note: "",
};

pub const APPLICATION_DELETE: Permission = Permission {
    call: "DELETE /applications(appId='{appId}')",
    scopes: &[&["Application.ReadWrite.All"], &["Directory.ReadWrite.All"]],
    roles: &[HYBRID_IDENTITY_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR],
    used_by_app: true,
    source: page!("application-delete"),
    note: "Used only to remove a duplicate configuration that one apply created twice (a resent instantiate).",
};

pub const SYNC_READ: Permission = Permission {
    call: "GET …/synchronization/jobs, …/jobs/{id}, …/jobs/{id}/schema, GET (beta) …/synchronization/secrets",
    scopes: &[&["Synchronization.Read.All"], &["Synchronization.ReadWrite.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("synchronization-synchronizationjob-get"),
    note: "",
};

pub const SYNC_WRITE: Permission = Permission {
    call: "POST …/jobs, validateCredentials, start, pause, restart, provisionOnDemand, parseExpression; PUT schema and secrets; DELETE …/jobs/{id}; GET schema/functions and schema/filterOperators",
    scopes: &[&["Synchronization.ReadWrite.All"]],
    roles: &[HYBRID_IDENTITY_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR],
    used_by_app: true,
    source: page!("synchronization-synchronizationjob-post"),
    note: "Roles from the cross-tenant sync configuration guide (Hybrid Identity Administrator configures provisioning).",
};

pub const ASSIGNMENTS_READ: Permission = Permission {
    call: "GET /servicePrincipals/{id}/appRoleAssignedTo",
    scopes: &[&["Application.Read.All"], &["AppRoleAssignment.ReadWrite.All"], &["Application.ReadWrite.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("serviceprincipal-list-approleassignedto"),
    note: "",
};

pub const ASSIGNMENTS_WRITE: Permission = Permission {
    call: "POST and DELETE /servicePrincipals/{id}/appRoleAssignedTo",
    scopes: &[&["AppRoleAssignment.ReadWrite.All", "Application.Read.All"], &["Application.ReadWrite.All"], &["AppRoleAssignment.ReadWrite.All", "Directory.Read.All"]],
    roles: &[HYBRID_IDENTITY_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR],
    used_by_app: true,
    source: page!("serviceprincipal-post-approleassignedto"),
    note: "The page asks AppRoleAssignment.ReadWrite.All together with Application.Read.All.",
};

pub const GROUPS_READ: Permission = Permission {
    call: "GET /groups and /groups/{id}",
    scopes: &[&["Group.Read.All"], &["Group.ReadBasic.All"], &["Directory.Read.All"], &["GroupMember.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("group-list"),
    note: "The app asks Group.Read.All: the mapping editor reads group attributes that Group.ReadBasic.All does not return.",
};

pub const GROUP_MEMBERS: Permission = Permission {
    call: "GET /groups/{id}/members",
    scopes: &[&["Group.Read.All"], &["GroupMember.Read.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("group-list-members"),
    note: "",
};

pub const USERS_READ: Permission = Permission {
    call: "GET /users and /users/{id}",
    scopes: &[&["User.Read.All"], &["User.ReadBasic.All"], &["Directory.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("user-list"),
    note: "The app asks User.Read.All: the mapping editor and the scoping preview read attributes (department, employeeId) beyond the basic profile.",
};

pub const CONTACTS_READ: Permission = Permission {
    call: "GET /contacts",
    scopes: &[&["Directory.Read.All"], &["OrgContact.Read.All"]],
    roles: &[],
    used_by_app: true,
    source: page!("orgcontact-list"),
    note: "The impact preview reads the target's contacts by mail. The app asks Directory.Read.All, which it holds in the target already (Monitor, Fleet), rather than one more permission, OrgContact.Read.All, the least privileged.",
};

pub const PROVISIONING_LOGS: Permission = Permission {
    call: "GET /auditLogs/provisioning",
    scopes: &[&["AuditLog.Read.All", "Directory.Read.All"]],
    roles: &[REPORTS_READER, SECURITY_READER, SECURITY_ADMINISTRATOR, GLOBAL_READER, SECURITY_OPERATOR, APPLICATION_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR],
    used_by_app: true,
    source: page!("provisioningobjectsummary-list"),
    note: "Revisions disagree: AuditLog.Read.All and Directory.Read.All together on the current page, ProvisioningLog.Read.All on others; the sandbox enforces the pair.",
};

pub const DIRECTORY_AUDITS: Permission = Permission {
    call: "GET /auditLogs/directoryAudits",
    scopes: &[&["AuditLog.Read.All", "Directory.Read.All"]],
    roles: &[REPORTS_READER, SECURITY_ADMINISTRATOR, SECURITY_READER],
    used_by_app: true,
    source: page!("directoryaudit-list"),
    note: "Revisions disagree: AuditLog.Read.All alone on some, together with Directory.Read.All on others; the sandbox enforces the pair and the page's three roles.",
};

/// Every entry, in the order of the README's table.
pub const MTO_READ: Permission = Permission {
    call: "GET /tenantRelationships/multiTenantOrganization and …/tenants",
    scopes: &[&["MultiTenantOrganization.Read.All"], &["MultiTenantOrganization.ReadWrite.All"]],
    roles: &[SECURITY_READER, GLOBAL_READER, SECURITY_ADMINISTRATOR],
    used_by_app: true,
    source: page!("multitenantorganization-list-tenants"),
    note: "The app asks Read.All, not the least privileged ReadBasic.All: ReadBasic returns only displayName and tenantId, and the fleet shows each member's role. The page names Security Reader and Global Reader as least privileged roles; Security Administrator holds every Security Reader permission. A tenant in no multi-tenant organization: the page is silent; the sandbox answers 404.",
};

pub const MTO_READ_BASIC: Permission = Permission {
    call: "GET /tenantRelationships/multiTenantOrganization and …/tenants (basic)",
    scopes: &[&["MultiTenantOrganization.ReadBasic.All"]],
    roles: &[],
    used_by_app: false,
    source: page!("multitenantorganization-list-tenants"),
    note: "Any signed-in user, displayName and tenantId only (active tenants only, per the beta page).",
};

pub const ALL: [&Permission; 25] = [
    &ME, &ME_MEMBER_OF, &DIRECTORY_ROLES_READ, &ORGANIZATION, &ROLE_INSTANCES_OF_CURRENT_USER, &SUBSCRIBED_SKUS, &TENANT_INFORMATION,
    &POLICY_READ, &POLICY_WRITE, &INSTANTIATE, &SERVICE_PRINCIPALS_READ, &APPLICATION_DELETE, &SYNC_READ, &SYNC_WRITE,
    &ASSIGNMENTS_READ, &ASSIGNMENTS_WRITE, &GROUPS_READ, &GROUP_MEMBERS, &USERS_READ, &CONTACTS_READ, &PROVISIONING_LOGS, &DIRECTORY_AUDITS,
    &MTO_READ, &MTO_READ_BASIC, &OIDC_PLACEHOLDER,
];

/// Sign-in scopes the app asks besides Graph's: not a Graph call, listed so the README's consent
/// table and this one name the same scopes.
pub const OIDC_PLACEHOLDER: Permission = Permission {
    call: "(sign-in: ID token, refresh token)",
    scopes: &[&["openid", "profile", "offline_access"]],
    roles: &[],
    used_by_app: true,
    source: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow",
    note: "OpenID Connect scopes, not Graph permissions.",
};

/// The table as it stands in `sandbox/README.md`.
pub fn markdown_table() -> String {
    let mut out = String::from("| Call | Delegated scopes (first: least privileged, what the app asks) | Roles (one of; Global Administrator always passes) | Used by the app | Source | Note |\n|---|---|---|---|---|---|\n");
    for p in ALL {
        let scopes = p.scopes.iter().map(|alt| alt.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + ")).collect::<Vec<_>>().join(" or ");
        let roles = if p.roles.is_empty() { "none".to_string() } else { p.roles.iter().map(|r| name(r).unwrap_or(r)).collect::<Vec<_>>().join(", ") };
        out.push_str(&format!("| {} | {} | {} | {} | {} | {} |\n", p.call, scopes, roles, if p.used_by_app { "yes" } else { "no" }, p.source, p.note));
    }
    out
}

/// The scopes the app needs: the first alternative of every entry it uses.
pub fn scopes_the_app_asks() -> std::collections::BTreeSet<&'static str> {
    ALL.iter().filter(|p| p.used_by_app).flat_map(|p| p.scopes[0].iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_carries_this_table() {
        let readme = include_str!("../README.md");
        let table = markdown_table();
        assert!(readme.contains(&table), "sandbox/README.md must contain the permission table exactly as generated:\n{table}");
    }

    #[test]
    fn every_entry_cites_a_learn_page_and_names_known_roles() {
        for p in ALL {
            assert!(p.source.starts_with("https://learn.microsoft.com/"), "{}", p.call);
            assert!(!p.scopes.is_empty() && p.scopes.iter().all(|a| !a.is_empty()), "{}", p.call);
            for r in p.roles {
                assert!(name(r).is_some(), "{} names an unknown role {r}", p.call);
            }
        }
    }
}

#[cfg(test)]
mod readme_consent {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_apps_consent_table_names_the_least_privileged_scopes_of_every_call_it_makes() {
        let readme = include_str!("../../README.md");
        let asked: BTreeSet<&str> = readme
            .lines()
            .filter(|l| ["| both ", "| source ", "| target "].iter().any(|p| l.starts_with(p)))
            .flat_map(|l| l.split('|').nth(2).unwrap_or("").split('`').skip(1).step_by(2).collect::<Vec<_>>())
            .collect();
        assert_eq!(asked, scopes_the_app_asks(), "README.md's consent table vs. sandbox/src/permissions.rs");
    }
}
