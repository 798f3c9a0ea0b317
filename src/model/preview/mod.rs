//! The impact preview: what the next (first) cycle will do to every object in scope, predicted
//! from what Graph lets us read, before the job runs.
//!
//! The rules, and where each comes from:
//! - Scope: assigned users and the direct user members of assigned groups; nested groups do not
//!   cascade (overview FAQ, "Nested groups aren't supported"). The user mapping's scoping filter
//!   is judged by the same evaluator as the sandbox's engine (`tenant_bridge_expression::scope`).
//!   A filter that fails, or a disabled account, is skipped as `NotEffectivelyEntitled`.
//! - Matching: the service matches on `alternativeSecurityIdentifier`, binding a B2B user of the
//!   target to the source user it redeemed as (overview FAQ, "Existing B2B users"). Graph does not
//!   return that identifier, so the preview infers the match: a B2B user of the target whose
//!   invitation was redeemed (`externalUserState` `Accepted`) and whose mail is the source user's.
//!   A guest who redeemed with another identity (a one-time passcode, a personal account) would
//!   look the same and not be matched: the page says so.
//! - A matched user's `userType` changes only when the mapping's "apply this mapping" is Always
//!   (`flowType` `Always`; FAQ: "By default, userType isn't updated from guest to member").
//! - Conflicts at creation (howto-analyze-provisioning-logs error table):
//!   `InvitationCreationFailureAmbiguousUser`, a proxy address that matches an internal user of the
//!   target; `InvitationCreationFailureInvalidPropertyValue`, a mail that collides with a group's.
//!   Where the documentation names no code (an unredeemed invitation holding the address, a
//!   contact, a B2B user who redeemed as someone else), the preview says the code is not
//!   documented and shows the generic `InvitationCreationFailure`, the code the sandbox uses.
//! - Groups: the unsupported types (mail-enabled security, distribution, role-assignable) are
//!   skipped; the code for that is not documented (`GroupTypeNotSupported` is the sandbox's); the
//!   group mapping off gives `EntityTypeNotSupported`; a group that already exists in the target
//!   under the same name is never adopted, so a second one is created (FAQ, "What happens if a
//!   group already exists in the target tenant?").

use serde_json::{json, Value};
// The address rule is the sandbox engine's own, so both find the same holder of an address.
pub use tenant_bridge_expression::addresses::bare;
use tenant_bridge_expression::addresses::holds;

#[cfg(test)]
mod tests;

/// A source user in scope (or reached through an assigned group), with its Graph attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceUser {
    pub id: String,
    pub name: String,
    pub user_principal_name: String,
    pub mail: Option<String>,
    pub enabled: bool,
    /// Every attribute read, as text (`value_text`), for the scoping filter.
    pub attributes: Vec<(String, String)>,
}

/// An assigned group, with what decides whether it can be provisioned, and its direct members.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceGroup {
    pub id: String,
    pub name: String,
    pub group_types: Vec<String>,
    pub mail_enabled: bool,
    pub security_enabled: bool,
    pub role_assignable: bool,
    pub attributes: Vec<(String, String)>,
    /// Direct user members' IDs.
    pub members: Vec<String>,
    /// Direct members that are groups (ID, name): their members do not arrive.
    pub nested: Vec<(String, String)>,
}

/// A user of the target tenant holding an address the preview asked about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetUser {
    pub id: String,
    pub user_principal_name: String,
    pub mail: Option<String>,
    pub proxy_addresses: Vec<String>,
    pub user_type: Option<String>,
    /// `PendingAcceptance`, `Accepted`, or `None` for an internal user.
    pub external_user_state: Option<String>,
}

/// A group or contact of the target holding an address.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetHolder {
    pub id: String,
    pub name: String,
    pub mail: Option<String>,
    pub proxy_addresses: Vec<String>,
}

/// Everything the prediction reads, gathered by `graph::preview`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    /// In the order the service meets them (assignments in order, then each group's members).
    pub users: Vec<SourceUser>,
    pub groups: Vec<SourceGroup>,
    /// The job's user and group object mappings, as the schema holds them.
    pub user_mapping: Option<Value>,
    pub group_mapping: Option<Value>,
    /// The target allows inbound group sync from this source (`groupSyncInbound`).
    pub group_sync_allowed: bool,
    /// Target users, groups and contacts that hold one of the in-scope addresses.
    pub target_users: Vec<TargetUser>,
    pub target_groups: Vec<TargetHolder>,
    pub target_contacts: Vec<TargetHolder>,
    /// Target groups whose name is an assigned group's name (ID, name).
    pub target_group_names: Vec<(String, String)>,
}

/// What the cycle does to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Fail,
    Skip,
    Create,
    Update,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Create => "Create",
            Kind::Update => "Update (matched)",
            Kind::Skip => "Skip",
            Kind::Fail => "Fail",
        }
    }

    /// The provisioning log's `provisioningAction` and status for this outcome.
    pub fn log_shape(self) -> (&'static str, &'static str) {
        match self {
            Kind::Create => ("create", "success"),
            Kind::Update => ("update", "success"),
            Kind::Skip => ("other", "skipped"),
            Kind::Fail => ("create", "failure"),
        }
    }
}

/// The predicted outcome for one object.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub kind: Kind,
    /// `User` or `Group`.
    pub object: &'static str,
    pub source_id: String,
    pub name: String,
    /// The user's UPN, or empty for a group.
    pub principal: String,
    pub code: Option<&'static str>,
    /// Microsoft's documentation names no code for this case: `code` is the sandbox's choice.
    pub code_undocumented: bool,
    pub why: String,
    pub what_to_do: String,
    /// The matched or conflicting target object's ID.
    pub target_id: Option<String>,
}

/// The whole preview.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub outcomes: Vec<Outcome>,
    /// (assigned group, nested group) pairs whose members will not arrive.
    pub nested: Vec<(String, String)>,
    /// (assigned group, ID of the same-name target group that will not be adopted).
    pub same_name: Vec<(String, String)>,
}

fn attribute(attrs: &[(String, String)], name: &str) -> Option<String> {
    if name.eq_ignore_ascii_case("IsSoftDeleted") {
        return Some("False".into());
    }
    attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
}

/// The mapping's `userType` source constant, and whether it applies Always.
fn user_type_rule(mapping: Option<&Value>) -> (Option<String>, bool) {
    let Some(m) = mapping.and_then(|m| m["attributeMappings"].as_array()?.iter().find(|a| a["targetAttributeName"] == "userType")) else { return (Some("Member".into()), false) };
    let constant = (m["source"]["type"] == "Constant").then(|| m["source"]["name"].as_str().map(String::from)).flatten();
    (constant, m["flowType"] == "Always")
}

fn enabled(mapping: Option<&Value>) -> bool {
    mapping.is_some_and(|m| m["enabled"] == true)
}

impl Preview {
    /// How many outcomes of each kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.outcomes.iter().filter(|o| o.kind == kind).count()
    }

    /// As JSON for the record: per object its predicted log shape, code and reasons.
    pub fn json(&self) -> String {
        let objects: Vec<Value> = self
            .outcomes
            .iter()
            .map(|o| {
                let (action, status) = o.kind.log_shape();
                json!({ "objectType": o.object, "sourceId": o.source_id, "displayName": o.name, "userPrincipalName": o.principal, "outcome": o.kind.label(),
                    "provisioningAction": action, "status": status, "errorCode": o.code, "codeDocumented": !o.code_undocumented,
                    "why": o.why, "whatToDo": o.what_to_do, "targetId": o.target_id })
            })
            .collect();
        serde_json::to_string_pretty(&json!({
            "counts": { "create": self.count(Kind::Create), "update": self.count(Kind::Update), "skip": self.count(Kind::Skip), "fail": self.count(Kind::Fail) },
            "objects": objects,
            "nestedGroupsNotSynced": self.nested.iter().map(|(g, n)| json!({ "assignedGroup": g, "nestedGroup": n })).collect::<Vec<_>>(),
            "sameNameGroupsNotAdopted": self.same_name.iter().map(|(g, id)| json!({ "assignedGroup": g, "targetGroupId": id })).collect::<Vec<_>>(),
        }))
        .unwrap_or_default()
    }

    /// As CSV, one row per object.
    pub fn csv(&self) -> String {
        let cell = |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
        let mut out = String::from("objectType,sourceId,displayName,userPrincipalName,outcome,errorCode,why,whatToDo\n");
        for o in &self.outcomes {
            let row = [o.object, &o.source_id, &o.name, &o.principal, o.kind.label(), o.code.unwrap_or(""), &o.why, &o.what_to_do].map(cell).join(",");
            out.push_str(&row);
            out.push('\n');
        }
        out
    }
}

/// Predicts the cycle: every user (once) and every assigned group.
pub fn predict(input: &Inputs) -> Preview {
    let mut preview = Preview::default();
    let mut seen = std::collections::HashSet::new();
    let users: Vec<&SourceUser> = input.users.iter().filter(|u| seen.insert(u.id.as_str())).collect();
    preview.outcomes.extend(users.into_iter().filter_map(|u| predict_user(input, u)));
    let (groups, nested, same_name) = predict_groups(input);
    preview.outcomes.extend(groups);
    preview.nested = nested;
    preview.same_name = same_name;
    preview
}

/// The assigned groups' outcomes, their nested groups, and the same-name groups not adopted.
#[allow(clippy::type_complexity)]
pub fn predict_groups(input: &Inputs) -> (Vec<Outcome>, Vec<(String, String)>, Vec<(String, String)>) {
    let ids: std::collections::HashSet<&str> = input.users.iter().map(|u| u.id.as_str()).collect();
    let (mut outcomes, mut nested, mut same_name) = (vec![], vec![], vec![]);
    for g in &input.groups {
        let o = predict_group(input, g, &ids);
        if o.kind == Kind::Create {
            if let Some((id, _)) = input.target_group_names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&g.name)) {
                same_name.push((g.name.clone(), id.clone()));
            }
        }
        outcomes.push(o);
        nested.extend(g.nested.iter().map(|(_, n)| (g.name.clone(), n.clone())));
    }
    (outcomes, nested, same_name)
}

fn user_outcome(u: &SourceUser, kind: Kind, code: Option<&'static str>, why: String, what_to_do: &str) -> Outcome {
    Outcome { kind, object: "User", source_id: u.id.clone(), name: u.name.clone(), principal: u.user_principal_name.clone(), code, code_undocumented: false, why, what_to_do: what_to_do.into(), target_id: None }
}

/// One user's outcome; `None` when the user mapping is off (the service then does nothing with
/// users, and logs nothing).
pub fn predict_user(input: &Inputs, u: &SourceUser) -> Option<Outcome> {
    enabled(input.user_mapping.as_ref()).then(|| user_decision(input, u))
}

fn user_decision(input: &Inputs, u: &SourceUser) -> Outcome {
    let mapping = input.user_mapping.as_ref();
    match tenant_bridge_expression::scope::in_scope(mapping, &|n| attribute(&u.attributes, n)) {
        Ok(true) => {}
        Ok(false) => return user_outcome(u, Kind::Skip, Some("NotEffectivelyEntitled"), "The user mapping's scoping filter leaves this user out.".into(), "Change the scoping filter, or the user's attributes in the source, if the user should be synced."),
        Err(e) => return user_outcome(u, Kind::Skip, Some("NotEffectivelyEntitled"), format!("The user mapping's scoping filter cannot be evaluated: {e}"), "Fix the scoping filter in Mappings."),
    }
    if !u.enabled {
        return user_outcome(u, Kind::Skip, Some("NotEffectivelyEntitled"), "The account is disabled in the source (IsActive: False).".into(), "Enable the account in the source if the user should be synced.");
    }
    let Some(address) = u.mail.as_deref().map(bare).filter(|a| !a.is_empty()) else {
        return user_outcome(u, Kind::Create, None, "Nothing in the target holds this user (the user has no mail to collide).".into(), "Nothing.");
    };
    let holders: Vec<&TargetUser> = input.target_users.iter().filter(|t| holds(t.mail.as_deref(), &t.proxy_addresses, &address)).collect();
    if let Some(t) = holders.iter().find(|t| t.external_user_state.as_deref() == Some("Accepted") && t.mail.as_deref().is_some_and(|m| bare(m) == address)) {
        let (to, always) = user_type_rule(input.user_mapping.as_ref());
        let now = t.user_type.clone().unwrap_or_default();
        let why = match (&to, always) {
            (Some(to), true) if !to.eq_ignore_ascii_case(&now) => format!("Matched the existing B2B user {}; its userType changes {now} → {to}, because the userType mapping applies Always.", t.user_principal_name),
            (_, true) => format!("Matched the existing B2B user {}; userType stays {now}.", t.user_principal_name),
            (_, false) => format!("Matched the existing B2B user {}; userType stays {now}: the userType mapping applies only when an object is created.", t.user_principal_name),
        };
        let mut o = user_outcome(u, Kind::Update, None, why, "Nothing, unless the user should change type: set the userType mapping to apply Always. (The match is inferred from the redeemed invitation and the mail: a guest who redeemed with another identity is not matched.)");
        o.target_id = Some(t.id.clone());
        return o;
    }
    let conflict = |code: &'static str, undocumented: bool, why: String, what: &str, id: &str| {
        let mut o = user_outcome(u, Kind::Fail, Some(code), why, what);
        o.code_undocumented = undocumented;
        o.target_id = Some(id.to_string());
        o
    };
    if let Some(t) = holders.first() {
        return match t.external_user_state.as_deref() {
            Some("PendingAcceptance") => conflict("InvitationCreationFailure", true,
                format!("An invitation to {address} was sent in the target and never redeemed ({}): it has no alternativeSecurityIds, so it is not matched, and creating the user collides with it.", t.user_principal_name),
                "Delete the unredeemed guest in the target (or have it redeemed), then provision this user on demand or wait for the next cycle.", &t.id),
            Some(_) => conflict("InvitationCreationFailure", true,
                format!("The B2B user {} holds {address} but did not redeem as this user, so it is not matched.", t.user_principal_name),
                "Remove or rename the other guest in the target.", &t.id),
            None => conflict("InvitationCreationFailureAmbiguousUser", false,
                format!("An internal user of the target ({}) holds {address} as a proxy address.", t.user_principal_name),
                "Remove the address from the internal user in the target, or take this user out of scope.", &t.id),
        };
    }
    if let Some(g) = input.target_groups.iter().find(|g| holds(g.mail.as_deref(), &g.proxy_addresses, &address)) {
        return conflict("InvitationCreationFailureInvalidPropertyValue", false, format!("The mail {address} collides with the e-mail of the group \"{}\" in the target.", g.name), "Change the group's address in the target, or the user's mail in the source.", &g.id);
    }
    if let Some(c) = input.target_contacts.iter().find(|c| holds(c.mail.as_deref(), &c.proxy_addresses, &address)) {
        return conflict("InvitationCreationFailure", true, format!("A contact in the target (\"{}\") holds {address}; contacts are not converted to users.", c.name), "Delete the contact in the target before the user is synced.", &c.id);
    }
    user_outcome(u, Kind::Create, None, "No B2B user in the target matches, and no object holds the user's mail.".into(), "Nothing.")
}

/// Why a group type cannot be provisioned, if it cannot: the engine's rule, shared.
fn unsupported(g: &SourceGroup) -> Option<&'static str> {
    tenant_bridge_expression::groups::unsupported(g.role_assignable, &g.group_types, g.mail_enabled, g.security_enabled)
}

fn predict_group(input: &Inputs, g: &SourceGroup, user_ids: &std::collections::HashSet<&str>) -> Outcome {
    let out = |kind, code, undocumented, why: String, what: &str| Outcome { kind, object: "Group", source_id: g.id.clone(), name: g.name.clone(), principal: String::new(), code, code_undocumented: undocumented, why, what_to_do: what.into(), target_id: None };
    let mapping = input.group_mapping.as_ref();
    if !enabled(mapping) {
        return out(Kind::Skip, Some("EntityTypeNotSupported"), false, "The group object mapping (Provision Microsoft Entra ID Groups) is off.".into(), "Turn group sync on in the wizard's Settings, or in Mappings.");
    }
    if let Some(problem) = unsupported(g) {
        return out(Kind::Skip, Some("GroupTypeNotSupported"), true, problem.into(), "Assign a security or Microsoft 365 group instead.");
    }
    match tenant_bridge_expression::scope::in_scope(mapping, &|n| attribute(&g.attributes, n)) {
        Ok(true) => {}
        Ok(false) => return out(Kind::Skip, Some("NotEffectivelyEntitled"), false, "The group mapping's scoping filter leaves this group out.".into(), "Change the group mapping's scoping filter if it should be synced."),
        Err(e) => return out(Kind::Skip, Some("ScopingFilterInvalid"), true, format!("The group mapping's scoping filter cannot be evaluated: {e}"), "Fix the group mapping's scoping filter."),
    }
    if !input.group_sync_allowed {
        return out(Kind::Fail, Some("AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure"), true, "The target does not allow inbound group sync from this tenant.".into(), "Allow group sync in the target's cross-tenant access settings (the wizard's Target step).");
    }
    let arriving = g.members.iter().filter(|m| user_ids.contains(m.as_str())).count();
    let mut why = format!("A static security group is created in the target with its direct members that are provisioned ({arriving} direct user member(s)).");
    if let Some((id, _)) = input.target_group_names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&g.name)) {
        why.push_str(&format!(" A group named \"{}\" already exists in the target ({id}); it is not adopted, so there will be two.", g.name));
    }
    if !g.nested.is_empty() {
        why.push_str(&format!(" Members of its nested group(s) {} will not arrive.", g.nested.iter().map(|(_, n)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")));
    }
    out(Kind::Create, None, false, why, "Nothing, unless the nested groups' members should arrive: assign those groups too.")
}

/// The target's users, groups and contacts that hold addresses, indexed by address (mail and each
/// proxy address, bare): each user is then judged against only the holders of its own address.
#[derive(Default)]
pub struct Holders {
    users: std::collections::HashMap<String, Vec<TargetUser>>,
    groups: std::collections::HashMap<String, Vec<TargetHolder>>,
    contacts: std::collections::HashMap<String, Vec<TargetHolder>>,
}

fn keys(mail: Option<&str>, proxies: &[String]) -> Vec<String> {
    let mut out: Vec<String> = mail.into_iter().chain(proxies.iter().map(String::as_str)).map(bare).filter(|a| !a.is_empty()).collect();
    out.sort();
    out.dedup();
    out
}

impl Holders {
    pub fn new(users: Vec<TargetUser>, groups: Vec<TargetHolder>, contacts: Vec<TargetHolder>) -> Holders {
        let mut h = Holders::default();
        for u in users {
            for k in keys(u.mail.as_deref(), &u.proxy_addresses) {
                h.users.entry(k).or_default().push(u.clone());
            }
        }
        for (list, into) in [(groups, &mut h.groups), (contacts, &mut h.contacts)] {
            for x in list {
                for k in keys(x.mail.as_deref(), &x.proxy_addresses) {
                    into.entry(k).or_default().push(x.clone());
                }
            }
        }
        h
    }

    /// Puts the holders of `address` (bare) into `input`, in place of any others.
    pub fn apply(&self, input: &mut Inputs, address: &str) {
        input.target_users = self.users.get(address).cloned().unwrap_or_default();
        input.target_groups = self.groups.get(address).cloned().unwrap_or_default();
        input.target_contacts = self.contacts.get(address).cloned().unwrap_or_default();
    }
}

/// Whether to read the target whole rather than look `addresses` up (`per_wave` to a round trip):
/// only when the lookups take more than one round trip and the largest of the three collections
/// (`sizes`: users, groups, contacts, counted) reads in fewer pages of 999 than the lookups take
/// round trips. Unknown sizes: look up.
pub fn read_whole_target(addresses: usize, per_wave: usize, sizes: Option<[u64; 3]>) -> bool {
    let waves = addresses.div_ceil(per_wave.max(1));
    waves > 1 && sizes.is_some_and(|s| s.iter().map(|n| (*n as usize).div_ceil(999).max(1)).max().unwrap_or(1) < waves)
}
