//! Directory audit entries (`directoryAudit`) as the audit views show them.

use serde::Deserialize;

/// One audit entry, tolerant of missing parts.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryAudit {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub activity_date_time: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub activity_display_name: String,
    pub category: Option<String>,
    pub result: Option<String>,
    pub result_reason: Option<String>,
    pub logged_by_service: Option<String>,
    pub initiated_by: Option<InitiatedBy>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
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
    pub id: Option<String>,
    pub app_id: Option<String>,
    pub service_principal_id: Option<String>,
    pub ip_address: Option<String>,
}

/// A text with something in it.
fn some(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// An object the entry is about.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TargetResource {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// For a user: its user principal name (documented on `targetResource`; null for other types).
    pub user_principal_name: Option<String>,
}

impl DirectoryAudit {
    /// Who acted: the app's name, else the user's.
    /// Names fall back to IDs and the IP address, so the column is never blank when Graph
    /// documented anything about the actor.
    pub fn actor(&self) -> String {
        let by = self.initiated_by.as_ref();
        let app = by.and_then(|b| b.app.as_ref()).and_then(|a| {
            some(&a.display_name)
                .or_else(|| some(&a.app_id).map(|id| format!("app {id}")))
                .or_else(|| some(&a.service_principal_id).map(|id| format!("service principal {id}")))
        });
        let user = by.and_then(|b| b.user.as_ref()).and_then(|u| {
            let who = some(&u.user_principal_name).or_else(|| some(&u.display_name)).or_else(|| some(&u.id).map(|id| format!("user {id}")));
            match (who, some(&u.ip_address)) {
                (Some(w), Some(ip)) => Some(format!("{w} from {ip}")),
                (Some(w), None) => Some(w),
                (None, Some(ip)) => Some(format!("a user from {ip}")),
                (None, None) => None,
            }
        });
        app.or(user).unwrap_or_else(|| "(not recorded)".into())
    }

    /// The objects acted on, joined: each by name, else by type and ID.
    pub fn targets(&self) -> String {
        let list: Vec<String> = self
            .target_resources
            .iter()
            .filter_map(|t| match (some(&t.display_name), some(&t.kind), some(&t.id)) {
                (Some(n), _, _) => Some(n),
                (None, Some(k), Some(id)) => Some(format!("{k} {id}")),
                (None, None, Some(id)) => Some(id),
                (None, Some(k), None) => Some(k),
                (None, None, None) => None,
            })
            .collect();
        if list.is_empty() { "(not recorded)".into() } else { list.join(", ") }
    }

    /// Result and reason as one readable text: "success (OK)".
    pub fn result_text(&self) -> String {
        match (some(&self.result), some(&self.result_reason)) {
            (Some(r), Some(why)) => format!("{r} ({why})"),
            (Some(r), None) => r,
            (None, Some(why)) => why,
            (None, None) => "(not recorded)".into(),
        }
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

    #[test]
    fn entries_without_names_fall_back_to_ids_types_and_addresses() {
        let a: DirectoryAudit = serde_json::from_str(r#"{"result":"success","resultReason":"OK","initiatedBy":{"user":{"id":"u-1","displayName":null,"userPrincipalName":"","ipAddress":"203.0.113.5"}},"targetResources":[{"id":"g-7","displayName":null,"type":"Group"},{"id":"","displayName":"","type":null}]}"#).unwrap();
        assert_eq!(a.actor(), "user u-1 from 203.0.113.5");
        assert_eq!(a.targets(), "Group g-7");
        assert_eq!(a.result_text(), "success (OK)");
        let empty = DirectoryAudit::default();
        assert_eq!((empty.actor(), empty.targets(), empty.result_text()), ("(not recorded)".into(), "(not recorded)".into(), "(not recorded)".into()));
        let app: DirectoryAudit = serde_json::from_str(r#"{"initiatedBy":{"app":{"displayName":"","appId":"00000014-0000-0000-c000-000000000000"}}}"#).unwrap();
        assert_eq!(app.actor(), "app 00000014-0000-0000-c000-000000000000");
    }

}
