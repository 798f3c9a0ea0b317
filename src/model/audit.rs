//! Directory audit entries (`directoryAudit`) as the audit views show them.

use serde::Deserialize;

/// One audit entry, tolerant of missing parts.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryAudit {
    pub id: String,
    pub activity_date_time: String,
    pub activity_display_name: String,
    pub category: Option<String>,
    pub result: Option<String>,
    pub result_reason: Option<String>,
    pub logged_by_service: Option<String>,
    pub initiated_by: Option<InitiatedBy>,
    pub target_resources: Vec<TargetResource>,
}

/// `initiatedBy`: an app or a user.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InitiatedBy {
    pub app: Option<Actor>,
    pub user: Option<Actor>,
}

/// The app or user that acted.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Actor {
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
}

/// An object the entry is about.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TargetResource {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

impl DirectoryAudit {
    /// Who acted: the app's name, else the user's.
    pub fn actor(&self) -> String {
        let by = self.initiated_by.as_ref();
        by.and_then(|b| b.app.as_ref()).and_then(|a| a.display_name.clone())
            .or_else(|| by.and_then(|b| b.user.as_ref()).and_then(|u| u.user_principal_name.clone().or(u.display_name.clone())))
            .unwrap_or_default()
    }

    /// The objects acted on, joined.
    pub fn targets(&self) -> String {
        self.target_resources.iter().filter_map(|t| t.display_name.clone()).collect::<Vec<_>>().join(", ")
    }
}

/// The target tenant's entries written by cross-tenant sync.
pub const SYNC_FABRIC_FILTER: &str = "initiatedBy/app/displayName eq 'Microsoft.Azure.SyncFabric'";
/// The source tenant's entries of the provisioning service.
pub const PROVISIONING_FILTER: &str = "loggedByService eq 'Account Provisioning'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_sync_fabric_entry_names_its_actor_and_target() {
        let a: DirectoryAudit = serde_json::from_str(r#"{"id":"x","category":"GroupManagement","activityDisplayName":"Add group","activityDateTime":"2026-11-26T10:00:00Z","initiatedBy":{"app":{"appId":"00000014-0000-0000-c000-000000000000","displayName":"Microsoft.Azure.SyncFabric"},"user":null},"targetResources":[{"id":null,"displayName":"Sales","type":"Group"}],"result":"success"}"#).unwrap();
        assert_eq!(a.actor(), "Microsoft.Azure.SyncFabric");
        assert_eq!(a.targets(), "Sales");
    }

    #[test]
    fn a_user_actor_is_named_by_upn() {
        let a: DirectoryAudit = serde_json::from_str(r#"{"initiatedBy":{"user":{"userPrincipalName":"ada@contoso.com"}}}"#).unwrap();
        assert_eq!(a.actor(), "ada@contoso.com");
    }
}
