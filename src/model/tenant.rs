//! The two tenants of a cross-tenant synchronization and what the app knows of each.

use std::fmt;

/// Which side of the synchronization a tenant plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TenantRole {
    /// Where users and groups live; holds the configuration, job, schema and assignments.
    Source,
    /// Where they are needed; holds the inbound cross-tenant access policy.
    Target,
}

impl TenantRole {
    /// Both roles, source first, in the order the journey visits them.
    pub const ALL: [TenantRole; 2] = [TenantRole::Source, TenantRole::Target];

    /// Lower-case identifier used in storage keys, URLs and test ids.
    pub fn key(self) -> &'static str {
        match self {
            TenantRole::Source => "source",
            TenantRole::Target => "target",
        }
    }
}

impl TenantRole {
    /// The role inside a sentence: "source tenant", "target tenant".
    pub fn noun(&self) -> &'static str {
        match self {
            TenantRole::Source => "source tenant",
            TenantRole::Target => "target tenant",
        }
    }
}

impl fmt::Display for TenantRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TenantRole::Source => "Source tenant",
            TenantRole::Target => "Target tenant",
        })
    }
}

/// Whether the admin is signed in to a tenant, as shown in the header.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Connection {
    /// No session for this tenant.
    #[default]
    NotConnected,
    /// A sign-in is under way (redirect or token redemption).
    Connecting,
    /// Signed in: the tenant's display name and the admin's user principal name.
    Connected { tenant_name: String, admin: String },
    /// The session ended and needs an interactive sign-in; the text says why.
    NeedsSignIn(String),
}

impl Connection {
    /// Short status text for the header badge.
    pub fn label(&self) -> String {
        match self {
            Connection::NotConnected => "Not connected".into(),
            Connection::Connecting => "Connecting…".into(),
            Connection::Connected { tenant_name, .. } => tenant_name.clone(),
            Connection::NeedsSignIn(_) => "Sign in again".into(),
        }
    }

    /// True once a token for the tenant is held.
    pub fn is_connected(&self) -> bool {
        matches!(self, Connection::Connected { .. })
    }
}

/// What the Connect step shows about a signed-in tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantProfile {
    pub tenant_id: String,
    pub display_name: String,
    pub default_domain: String,
    pub cloud: CloudInfo,
    pub admin_upn: String,
    pub admin_name: String,
    /// Names of the admin's active directory roles (empty when they could not be read).
    pub roles: Vec<String>,
    /// Where `roles` came from.
    pub roles_source: RolesSource,
}

/// How the signed-in admin's roles were learnt. Reading them is optional: connecting never fails
/// because Graph refused it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RolesSource {
    /// Active role assignments (`roleAssignmentScheduleInstances/filterByCurrentUser`: PIM-aware,
    /// includes roles through groups; needs one of Global Reader, Security Reader, Security
    /// Operator, Security Administrator or Privileged Role Administrator).
    #[default]
    ActiveAssignments,
    /// The admin's directory role memberships (`/me/memberOf`): activated roles held directly;
    /// roles held through a role-assignable group may be missing.
    Memberships,
    /// Neither could be read; the message says why.
    Unreadable(String),
}

/// The cloud a tenant lives in, from its OIDC discovery document.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Deserialize)]
pub struct CloudInfo {
    #[serde(default)]
    pub tenant_region_scope: Option<String>,
    #[serde(default)]
    pub tenant_region_sub_scope: Option<String>,
    #[serde(default)]
    pub cloud_instance_name: Option<String>,
    #[serde(default)]
    pub msgraph_host: Option<String>,
}

impl CloudInfo {
    /// A name an admin recognises, e.g. "Microsoft Azure (global)"; unknown values are shown raw.
    /// The sub-scope values come from third-party tools only (unverified), so they only refine it.
    pub fn label(&self) -> String {
        let base = match self.cloud_instance_name.as_deref() {
            Some("microsoftonline.com") => "Microsoft Azure (global)".to_string(),
            Some("microsoftonline.us") => "Azure US Government".to_string(),
            Some("partner.microsoftonline.cn") => "Azure operated by 21Vianet".to_string(),
            Some(other) => other.to_string(),
            None => "Unknown cloud".to_string(),
        };
        match self.tenant_region_sub_scope.as_deref() {
            Some("GCC") => format!("{base}, GCC"),
            Some("DODCON") => format!("{base}, GCC High"),
            Some("DOD") => format!("{base}, DoD"),
            _ => base,
        }
    }

    /// Same cloud as another tenant (cross-cloud group sync is not supported).
    pub fn same_cloud(&self, other: &CloudInfo) -> bool {
        self.cloud_instance_name == other.cloud_instance_name
    }
}

/// Checks what the admin typed as a tenant: a GUID or a domain name. Returns it trimmed and
/// lower-cased, or a message saying what is wrong.
pub fn parse_tenant_input(input: &str) -> Result<String, String> {
    let t = input.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Err("Enter the tenant ID (a GUID) or one of its domain names, for example contoso.onmicrosoft.com.".into());
    }
    if matches!(t.as_str(), "common" | "organizations" | "consumers") {
        return Err(format!("\"{t}\" is not one tenant. Enter the tenant ID or a domain of that tenant."));
    }
    if crate::model::config::is_guid(&t) {
        return Ok(t);
    }
    let labels: Vec<&str> = t.split('.').collect();
    let label_ok = |l: &&str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if labels.len() >= 2 && labels.iter().all(label_ok) && t.len() <= 253 && labels.last().is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic())) {
        Ok(t)
    } else {
        Err(format!("\"{}\" is neither a tenant ID (GUID like 00000000-0000-0000-0000-000000000000) nor a domain name like contoso.com.", input.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_label_is_the_tenant_name() {
        let c = Connection::Connected { tenant_name: "Fabrikam".into(), admin: "ada@fabrikam.example".into() };
        assert_eq!(c.label(), "Fabrikam");
        assert!(c.is_connected());
    }

    #[test]
    fn default_connection_is_not_connected() {
        assert_eq!(Connection::default().label(), "Not connected");
        assert!(!Connection::default().is_connected());
    }

    #[test]
    fn tenant_input_accepts_guids_and_domains() {
        assert_eq!(parse_tenant_input(" Contoso.OnMicrosoft.com "), Ok("contoso.onmicrosoft.com".into()));
        assert_eq!(parse_tenant_input("518E5F48-1FC8-4C48-9387-9FDF28B0DFE7"), Ok("518e5f48-1fc8-4c48-9387-9fdf28b0dfe7".into()));
    }

    #[test]
    fn tenant_input_refuses_garbage_and_multi_tenant_aliases() {
        for bad in ["", "contoso", "common", "organizations", "con toso.com", "-x.com", "a..b", "1.2.3.4", "518e5f48-1fc8-4c48-9387"] {
            assert!(parse_tenant_input(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cloud_labels_name_the_national_clouds() {
        let c = |name: &str, sub: Option<&str>| CloudInfo { cloud_instance_name: Some(name.into()), tenant_region_sub_scope: sub.map(String::from), ..Default::default() };
        assert_eq!(c("microsoftonline.com", None).label(), "Microsoft Azure (global)");
        assert_eq!(c("microsoftonline.us", Some("DODCON")).label(), "Azure US Government, GCC High");
        assert!(c("microsoftonline.com", None).same_cloud(&c("microsoftonline.com", Some("GCC"))));
        assert!(!c("microsoftonline.com", None).same_cloud(&c("microsoftonline.us", None)));
    }

    #[test]
    fn role_keys_are_stable() {
        assert_eq!(TenantRole::ALL.map(TenantRole::key), ["source", "target"]);
    }
}
