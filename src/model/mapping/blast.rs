//! The blast radius of a scoping filter change: which users the next cycle removes from the target
//! (soft-deletes) and which it adds, computed from the users in scope (assigned users and the
//! direct user members of assigned groups, enabled, as the service scopes them) against the user
//! mapping's filter as saved and as edited, with the same evaluator the sandbox's engine uses.
//!
//! The service deletes what it provisioned; the app cannot read the job's links, so "in scope under
//! the saved filter" stands for "provisioned". A user whose provisioning failed is counted but has
//! nothing to delete; the page says so.

use crate::model::mapping::schema::{preview, FilterGroup};

/// A user the job scopes, with the attributes the filters read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeUser {
    pub id: String,
    pub name: String,
    pub user_principal_name: String,
    pub enabled: bool,
    pub attributes: Vec<(String, String)>,
    /// The assigned principal (user or group ID) through which the job scopes this user.
    pub via: String,
}

/// What the change does at the next cycle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blast {
    /// Passing now, failing after: soft-deleted in the target. (ID, name, UPN), by name.
    pub removed: Vec<(String, String, String)>,
    /// Failing now, passing after: created.
    pub added: Vec<(String, String, String)>,
    pub in_scope_before: usize,
    pub in_scope_after: usize,
}

impl Blast {
    /// Whether the accidental-deletion threshold holds the deletions (the engine holds them when
    /// they reach it).
    pub fn held_by(&self, threshold: Option<u32>) -> bool {
        threshold.is_some_and(|n| self.removed.len() >= n as usize && !self.removed.is_empty())
    }

    /// The forecast as JSON, for the record: both lists with each user's ID, name and UPN.
    pub fn json(&self, threshold: Option<u32>) -> String {
        let list = |l: &[(String, String, String)]| l.iter().map(|(id, name, upn)| serde_json::json!({ "id": id, "displayName": name, "userPrincipalName": upn })).collect::<Vec<_>>();
        serde_json::to_string_pretty(&serde_json::json!({
            "inScopeBefore": self.in_scope_before, "inScopeAfter": self.in_scope_after,
            "deletionThreshold": threshold, "heldByThreshold": self.held_by(threshold),
            "softDeleted": list(&self.removed), "created": list(&self.added),
        }))
        .unwrap_or_default()
    }

    /// The removals as CSV (id, name, UPN), for the record.
    pub fn csv(&self) -> String {
        let cell = |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
        let mut out = String::from("change,id,displayName,userPrincipalName\n");
        for (what, list) in [("soft-delete", &self.removed), ("create", &self.added)] {
            for (id, name, upn) in list {
                out.push_str(&format!("{what},{},{},{}\n", cell(id), cell(name), cell(upn)));
            }
        }
        out
    }
}

/// The users each filter keeps, and the difference. Disabled users are out of scope either way
/// (the service does not provision them), and one user reached through two groups counts once.
pub fn blast_radius(users: &[ScopeUser], before: &[FilterGroup], after: &[FilterGroup]) -> Result<Blast, String> {
    let mut unique: Vec<&ScopeUser> = vec![];
    for u in users.iter().filter(|u| u.enabled) {
        if !unique.iter().any(|x| x.id == u.id) {
            unique.push(u);
        }
    }
    let objects: Vec<(String, Vec<(String, String)>)> = unique.iter().map(|u| (u.id.clone(), u.attributes.clone())).collect();
    let was = preview(before, &objects).map_err(|e| format!("The saved filter cannot be evaluated: {e}"))?;
    let will = preview(after, &objects).map_err(|e| format!("The edited filter cannot be evaluated: {e}"))?;
    let mut blast = Blast { in_scope_before: was.iter().filter(|(_, p)| *p).count(), in_scope_after: will.iter().filter(|(_, p)| *p).count(), ..Default::default() };
    for ((u, (_, a)), (_, b)) in unique.iter().zip(&was).zip(&will) {
        let entry = (u.id.clone(), u.name.clone(), u.user_principal_name.clone());
        match (a, b) {
            (true, false) => blast.removed.push(entry),
            (false, true) => blast.added.push(entry),
            _ => {}
        }
    }
    blast.removed.sort_by(|x, y| x.1.to_lowercase().cmp(&y.1.to_lowercase()).then(x.0.cmp(&y.0)));
    blast.added.sort_by(|x, y| x.1.to_lowercase().cmp(&y.1.to_lowercase()).then(x.0.cmp(&y.0)));
    Ok(blast)
}

/// The blast radius of removing assignments: the users in scope now (enabled, passing the saved
/// filter) whom no remaining assignment reaches, soft-deleted at the next cycle. `users` holds each
/// user once per assignment that reaches it (`via`).
pub fn removal_radius(users: &[ScopeUser], removed: &[String], filter: &[FilterGroup]) -> Result<Blast, String> {
    let kept: std::collections::HashSet<&str> = users.iter().filter(|u| !removed.contains(&u.via)).map(|u| u.id.as_str()).collect();
    let mut unique: Vec<&ScopeUser> = vec![];
    let mut seen = std::collections::HashSet::new();
    for u in users.iter().filter(|u| u.enabled) {
        if seen.insert(u.id.as_str()) {
            unique.push(u);
        }
    }
    let objects: Vec<(String, Vec<(String, String)>)> = unique.iter().map(|u| (u.id.clone(), u.attributes.clone())).collect();
    let passing = preview(filter, &objects).map_err(|e| format!("The saved filter cannot be evaluated: {e}"))?;
    let mut blast = Blast::default();
    for (u, (_, pass)) in unique.iter().zip(&passing) {
        if !pass {
            continue;
        }
        blast.in_scope_before += 1;
        if kept.contains(u.id.as_str()) {
            blast.in_scope_after += 1;
        } else {
            blast.removed.push((u.id.clone(), u.name.clone(), u.user_principal_name.clone()));
        }
    }
    blast.removed.sort_by(|x, y| x.1.to_lowercase().cmp(&y.1.to_lowercase()).then(x.0.cmp(&y.0)));
    Ok(blast)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mapping::schema::Clause;

    fn user(id: &str, dept: Option<&str>, enabled: bool) -> ScopeUser {
        ScopeUser { id: id.into(), name: format!("User {id}"), user_principal_name: format!("{id}@fabrikam"), enabled, attributes: dept.map(|d| vec![("department".to_string(), d.to_string())]).unwrap_or_default(), via: "g1".into() }
    }

    #[test]
    fn removing_an_assignment_deletes_only_users_no_other_assignment_reaches() {
        let via = |id: &str, g: &str, dept: &str, enabled: bool| ScopeUser { via: g.into(), ..user(id, Some(dept), enabled) };
        let users = vec![via("a", "g1", "Sales", true), via("b", "g1", "Sales", true), via("b", "g2", "Sales", true), via("c", "g1", "Finance", true), via("d", "g1", "Sales", false), via("e", "u-e", "Sales", true)];
        let b = removal_radius(&users, &["g1".into()], &sales_only()).unwrap();
        assert_eq!(b.removed.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["a"], "b stays through g2; c was never in scope (filter); d is disabled");
        assert_eq!((b.in_scope_before, b.in_scope_after), (3, 2));
        assert!(removal_radius(&users, &[], &[]).unwrap().removed.is_empty());
    }

    fn sales_only() -> Vec<FilterGroup> {
        vec![FilterGroup { name: "Sales".into(), clauses: vec![Clause { attribute: "department".into(), operator: "EQUALS".into(), value: "Sales".into() }] }]
    }

    #[test]
    fn narrowing_removes_exactly_those_who_stop_passing() {
        let users = vec![user("a", Some("Sales"), true), user("b", Some("Finance"), true), user("c", None, true), user("d", Some("Finance"), false), user("a", Some("Sales"), true)];
        let b = blast_radius(&users, &[], &sales_only()).unwrap();
        assert_eq!(b.removed.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["b", "c"], "the disabled user is not provisioned, the duplicate counts once");
        assert_eq!((b.in_scope_before, b.in_scope_after), (3, 1));
        assert!(b.added.is_empty());
        let back = blast_radius(&users, &sales_only(), &[]).unwrap();
        assert_eq!(back.added.len(), 2);
        assert!(back.removed.is_empty());
    }

    #[test]
    fn the_threshold_holds_deletions_that_reach_it_and_the_csv_lists_them() {
        let users: Vec<ScopeUser> = (0..5).map(|i| user(&format!("u{i}"), Some("Finance"), true)).collect();
        let b = blast_radius(&users, &[], &sales_only()).unwrap();
        assert!(b.held_by(Some(5)) && !b.held_by(Some(6)) && !b.held_by(None));
        assert!(b.csv().starts_with("change,id,displayName,userPrincipalName\nsoft-delete,u0,User u0,u0@fabrikam\n"));
        let j: serde_json::Value = serde_json::from_str(&b.json(Some(5))).unwrap();
        assert_eq!((j["softDeleted"].as_array().unwrap().len(), j["heldByThreshold"].as_bool()), (5, Some(true)));
        assert_eq!(j["softDeleted"][0], serde_json::json!({ "id": "u0", "displayName": "User u0", "userPrincipalName": "u0@fabrikam" }));
    }

    #[test]
    fn an_invalid_edited_filter_is_an_error_not_a_guess() {
        let bad = vec![FilterGroup { name: "x".into(), clauses: vec![Clause { attribute: "department".into(), operator: "REGEX MATCH".into(), value: "(".into() }] }];
        assert!(blast_radius(&[user("a", Some("Sales"), true)], &[], &bad).unwrap_err().starts_with("The edited filter"));
    }
}
