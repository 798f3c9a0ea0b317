//! Built-in Entra directory roles the sandbox knows, by name and template ID (permissions-reference).

/// (display name, role template ID).
pub const ROLES: [(&str, &str); 10] = [
    ("Global Administrator", "62e90394-69f5-4237-9190-012177145e10"),
    ("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d"),
    ("Hybrid Identity Administrator", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"),
    ("Cloud Application Administrator", "158c047a-c907-4556-b7ef-446551a6b5f7"),
    ("Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"),
    ("Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814"),
    ("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
    ("Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf"),
    ("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
    ("Security Operator", "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"),
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
