//! Built-in Entra directory roles by template ID (permissions-reference, 01/20/2026), and what
//! each tenant's part of the journey needs.

/// (template ID, display name).
pub const KNOWN_ROLES: [(&str, &str); 10] = [
    ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
    ("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
    ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
    ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
    ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
    ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
    ("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"),
    ("4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"),
    ("5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"),
    ("5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "Security Operator"),
];

/// The name of a role template ID; custom or unknown roles keep their ID.
pub fn role_name(template_id: &str) -> String {
    KNOWN_ROLES
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(template_id))
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| format!("Role {template_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_have_names_and_unknown_ones_keep_the_id() {
        assert_eq!(role_name("194AE4CB-B126-40B2-BD5B-6091B380977D"), "Security Administrator");
        assert_eq!(role_name("x"), "Role x");
    }
}
