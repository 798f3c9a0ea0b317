//! Which source groups cross-tenant sync can provision, and what the admin should know about each
//! (documented limits: supported types, direct members only, no adoption of same-name groups).

use serde::{Deserialize, Serialize};

/// A source group as the picker reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SourceGroup {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub display_name: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub group_types: Vec<String>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub mail_enabled: bool,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub security_enabled: bool,
    pub membership_rule: Option<String>,
    pub is_assignable_to_role: Option<bool>,
}

/// The kinds of group an admin distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    Security,
    DynamicSecurity,
    Microsoft365,
    DynamicMicrosoft365,
    MailEnabledSecurity,
    Distribution,
    DynamicDistribution,
    RoleAssignable,
    Other,
}

impl GroupKind {
    /// How the admin center names it.
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Security => "Security",
            GroupKind::DynamicSecurity => "Security (dynamic)",
            GroupKind::Microsoft365 => "Microsoft 365",
            GroupKind::DynamicMicrosoft365 => "Microsoft 365 (dynamic)",
            GroupKind::MailEnabledSecurity => "Mail-enabled security",
            GroupKind::Distribution => "Distribution",
            GroupKind::DynamicDistribution => "Dynamic distribution",
            GroupKind::RoleAssignable => "Role-assignable security",
            GroupKind::Other => "Other",
        }
    }

    /// Why the service cannot sync this kind; `None` when it can.
    pub fn unsupported_reason(self) -> Option<&'static str> {
        match self {
            GroupKind::Security | GroupKind::DynamicSecurity | GroupKind::Microsoft365 | GroupKind::DynamicMicrosoft365 => None,
            GroupKind::MailEnabledSecurity => Some("Mail-enabled security groups are not supported by cross-tenant group sync."),
            GroupKind::Distribution => Some("Distribution groups are not supported by cross-tenant group sync."),
            GroupKind::DynamicDistribution => Some("Dynamic distribution groups are not supported by cross-tenant group sync."),
            GroupKind::RoleAssignable => Some("Role-assignable groups are not supported: groups cannot be created as role-assignable in the target."),
            GroupKind::Other => Some("Only security groups and Microsoft 365 groups can be synced."),
        }
    }
}

impl SourceGroup {
    /// Classifies the group from its type flags.
    pub fn kind(&self) -> GroupKind {
        let has = |t: &str| self.group_types.iter().any(|g| g.eq_ignore_ascii_case(t));
        let dynamic = has("DynamicMembership");
        if self.is_assignable_to_role == Some(true) {
            GroupKind::RoleAssignable
        } else if has("Unified") {
            if dynamic { GroupKind::DynamicMicrosoft365 } else { GroupKind::Microsoft365 }
        } else if self.mail_enabled && self.security_enabled {
            GroupKind::MailEnabledSecurity
        } else if self.mail_enabled {
            if dynamic { GroupKind::DynamicDistribution } else { GroupKind::Distribution }
        } else if self.security_enabled {
            if dynamic { GroupKind::DynamicSecurity } else { GroupKind::Security }
        } else {
            GroupKind::Other
        }
    }
}

/// What the members and the target tell about a selected group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupDetails {
    pub direct_users: usize,
    pub nested_groups: usize,
    /// A group with the same name already exists in the target.
    pub same_name_in_target: bool,
}

/// Notes for a supported group: what will and will not happen.
pub fn notes(group: &SourceGroup, details: &GroupDetails, target_name: &str) -> Vec<String> {
    let mut notes = vec![];
    if details.direct_users == 0 {
        notes.push("No direct user members: the group would arrive empty.".to_string());
    } else {
        notes.push(format!("{} direct user member(s) will be provisioned as users of type Member.", details.direct_users));
    }
    if details.nested_groups > 0 {
        notes.push(format!("{} nested group(s) are ignored: only direct user members are synced.", details.nested_groups));
    }
    if details.same_name_in_target {
        notes.push(format!(
            "A group named \"{}\" already exists in {target_name} and will NOT be adopted: sync creates a separate security group.",
            group.display_name
        ));
    }
    if group.kind() == GroupKind::DynamicSecurity || group.kind() == GroupKind::DynamicMicrosoft365 {
        notes.push("Dynamic membership is evaluated in the source; the target gets a static security group.".into());
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(types: &[&str], mail: bool, security: bool, role: bool) -> SourceGroup {
        SourceGroup {
            id: "g".into(),
            display_name: "Sales".into(),
            group_types: types.iter().map(|t| t.to_string()).collect(),
            mail_enabled: mail,
            security_enabled: security,
            membership_rule: None,
            is_assignable_to_role: Some(role),
        }
    }

    #[test]
    fn every_documented_type_is_classified_and_judged() {
        let cases = [
            (g(&[], false, true, false), GroupKind::Security, true),
            (g(&["DynamicMembership"], false, true, false), GroupKind::DynamicSecurity, true),
            (g(&["Unified"], true, false, false), GroupKind::Microsoft365, true),
            (g(&["Unified", "DynamicMembership"], true, false, false), GroupKind::DynamicMicrosoft365, true),
            (g(&[], true, true, false), GroupKind::MailEnabledSecurity, false),
            (g(&[], true, false, false), GroupKind::Distribution, false),
            (g(&["DynamicMembership"], true, false, false), GroupKind::DynamicDistribution, false),
            (g(&[], false, true, true), GroupKind::RoleAssignable, false),
            (g(&[], false, false, false), GroupKind::Other, false),
        ];
        for (group, kind, supported) in cases {
            assert_eq!(group.kind(), kind, "{group:?}");
            assert_eq!(kind.unsupported_reason().is_none(), supported, "{kind:?}");
        }
    }

    #[test]
    fn notes_warn_about_nesting_emptiness_and_same_name_groups() {
        let group = g(&[], false, true, false);
        let n = notes(&group, &GroupDetails { direct_users: 0, nested_groups: 2, same_name_in_target: true }, "Contoso");
        assert!(n[0].contains("arrive empty"));
        assert!(n[1].contains("2 nested group(s) are ignored"));
        assert!(n[2].contains("will NOT be adopted"));
        let ok = notes(&group, &GroupDetails { direct_users: 20, nested_groups: 0, same_name_in_target: false }, "Contoso");
        assert_eq!(ok, ["20 direct user member(s) will be provisioned as users of type Member."]);
    }
}
