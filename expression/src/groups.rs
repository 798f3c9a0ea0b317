//! Which source groups cross-tenant sync can provision (overview FAQ, "What group types are
//! supported?": security groups, static and dynamic, and Microsoft 365 groups; not mail-enabled
//! security groups, distribution groups or role-assignable groups). Shared by the sandbox's engine
//! and the app's impact preview, so both judge a group the same way.

/// Why a group with these flags cannot be provisioned, or `None` when it can.
pub fn unsupported(role_assignable: bool, group_types: &[String], mail_enabled: bool, security_enabled: bool) -> Option<&'static str> {
    if role_assignable {
        Some("Role-assignable groups are not supported.")
    } else if group_types.iter().any(|t| t.eq_ignore_ascii_case("Unified")) {
        None
    } else if mail_enabled {
        Some("Mail-enabled security groups and distribution groups are not supported.")
    } else if !security_enabled {
        Some("Only security and Microsoft 365 groups are supported.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::unsupported;

    #[test]
    fn security_and_microsoft_365_groups_are_supported_and_the_rest_say_why_not() {
        let unified = vec!["Unified".to_string()];
        assert_eq!(unsupported(false, &[], false, true), None);
        assert_eq!(unsupported(false, &unified, true, false), None, "a Microsoft 365 group is mail-enabled and supported");
        assert!(unsupported(false, &[], true, true).unwrap().starts_with("Mail-enabled"));
        assert!(unsupported(true, &[], false, true).unwrap().starts_with("Role-assignable"));
        assert!(unsupported(false, &[], true, false).unwrap().starts_with("Mail-enabled"), "a distribution group");
    }
}
