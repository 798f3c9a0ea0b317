//! The two tenants of a cross-tenant synchronization and what the app knows of each.

use std::fmt;

/// Which side of the synchronization a tenant plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    fn role_keys_are_stable() {
        assert_eq!(TenantRole::ALL.map(TenantRole::key), ["source", "target"]);
    }
}
