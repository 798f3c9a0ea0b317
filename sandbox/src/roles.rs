//! Built-in Entra directory roles the sandbox knows, by name and template ID (permissions-reference).

// Template IDs of the built-in roles the sandbox checks.
pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
pub const SECURITY_ADMINISTRATOR: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const HYBRID_IDENTITY_ADMINISTRATOR: &str = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2";
pub const CLOUD_APPLICATION_ADMINISTRATOR: &str = "158c047a-c907-4556-b7ef-446551a6b5f7";
pub const APPLICATION_ADMINISTRATOR: &str = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
pub const PRIVILEGED_ROLE_ADMINISTRATOR: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
pub const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
pub const SECURITY_READER: &str = "5d6b6bb7-de71-4623-b4af-96380a352509";
pub const SECURITY_OPERATOR: &str = "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f";

/// (display name, role template ID).
pub const ROLES: [(&str, &str); 10] = [
    ("Global Administrator", GLOBAL_ADMINISTRATOR),
    ("Security Administrator", SECURITY_ADMINISTRATOR),
    ("Hybrid Identity Administrator", HYBRID_IDENTITY_ADMINISTRATOR),
    ("Cloud Application Administrator", CLOUD_APPLICATION_ADMINISTRATOR),
    ("Application Administrator", APPLICATION_ADMINISTRATOR),
    ("Privileged Role Administrator", PRIVILEGED_ROLE_ADMINISTRATOR),
    ("Global Reader", GLOBAL_READER),
    ("Reports Reader", REPORTS_READER),
    ("Security Reader", SECURITY_READER),
    ("Security Operator", SECURITY_OPERATOR),
];

/// Template ID of a role name, or the input when it already is an ID.
pub fn template_id(name_or_id: &str) -> Option<&'static str> {
    ROLES.iter().find(|(n, id)| n.eq_ignore_ascii_case(name_or_id) || *id == name_or_id).map(|(_, id)| *id)
}

/// Display name of a template ID.
pub fn name(template_id: &str) -> Option<&'static str> {
    ROLES.iter().find(|(_, id)| *id == template_id).map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_round_trip() {
        for (n, id) in ROLES {
            assert_eq!(template_id(n), Some(id));
            assert_eq!(template_id(id), Some(id));
            assert_eq!(name(id), Some(n));
        }
        assert_eq!(template_id("Teams Administrator"), None);
    }
}
