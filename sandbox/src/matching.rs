//! How a cycle finds what a source user already has in the target, before it creates anything:
//! the B2B user the service matches, or the object whose address makes the invitation fail.
//!
//! Documented rules (entra-docs cross-tenant-synchronization-overview FAQ, "Existing B2B users";
//! howto-analyze-provisioning-logs error table; configure doc, MTO known issues):
//! - the service matches on `alternativeSecurityIdentifier`: a B2B user of the target who redeemed
//!   as this source user is matched and updated; an internal user of the target is never matched;
//! - a B2B user invited and never redeemed (`PendingAcceptance`) has no such identifier, so it is
//!   not matched;
//! - `InvitationCreationFailureAmbiguousUser`: a proxy address matches an internal target user;
//! - `InvitationCreationFailureInvalidPropertyValue`: the mail collides with a group's e-mail;
//! - contacts with the same identity collide.
//!
//! Where the documentation names no code (the unredeemed invitation holding the address, the
//! contact), the sandbox fails the user with the generic `InvitationCreationFailure` ("the invite
//! in the target failed"); the app's preview says that the code is the sandbox's choice.

use crate::seed::UserSeed;
use tenant_bridge_expression::addresses::{bare, holds};
use crate::state::Tenant;

/// What the target holds for a source user.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The B2B user (index into the target's users) the service matches and updates.
    Match(usize),
    /// The creation would fail: the error code and why.
    Conflict(&'static str, String),
    /// Nothing: the user is created.
    Nothing,
}

/// Finds the match or the conflict for `user` in `target`.
pub fn find(target: &Tenant, user: &UserSeed) -> Found {
    if let Some(i) = target.users.iter().position(|t| t.redeemed_as.as_deref() == Some(user.id.as_str()) && t.external_user_state.as_deref() == Some("Accepted")) {
        return Found::Match(i);
    }
    let Some(address) = user.mail.as_deref().map(bare).filter(|a| !a.is_empty()) else { return Found::Nothing };
    if let Some(t) = target.users.iter().find(|t| holds(t.mail.as_deref(), &t.proxy_addresses, &address)) {
        return match t.external_user_state.as_deref() {
            Some("PendingAcceptance") => Found::Conflict(
                "InvitationCreationFailure",
                format!("An unredeemed invitation in the target ({}) holds {address}. It was never redeemed, so it has no alternativeSecurityIds and is not matched; a second invitation for the same address fails.", t.user_principal_name),
            ),
            Some(_) => Found::Conflict("InvitationCreationFailure", format!("Another B2B user in the target ({}) holds {address}; it did not redeem as this user, so it is not matched.", t.user_principal_name)),
            None => Found::Conflict("InvitationCreationFailureAmbiguousUser", format!("An internal user of the target ({}) holds {address} as a proxy address.", t.user_principal_name)),
        };
    }
    if let Some(g) = target.groups.iter().find(|g| g.mail.as_deref().is_some_and(|m| bare(m) == address)) {
        return Found::Conflict("InvitationCreationFailureInvalidPropertyValue", format!("The mail {address} collides with the e-mail of the group \"{}\" in the target.", g.display_name));
    }
    if let Some(c) = target.seed.contacts.iter().find(|c| holds(Some(&c.mail), &c.proxy_addresses, &address)) {
        return Found::Conflict("InvitationCreationFailure", format!("A contact in the target (\"{}\") holds {address}; contacts are not converted to users.", c.display_name));
    }
    Found::Nothing
}
