//! The correlated history of one object: its source provisioning events beside the target's audit
//! entries for the object they made, joined by the target object's ID (from the events'
//! `targetIdentity`) or, when an audit entry carries no ID, by name within the events' time span;
//! and the answer to "why is this user or group (not) in the target?".

use crate::model::monitor::audit::DirectoryAudit;
use crate::model::monitor::explain::explain;
use crate::model::monitor::job::epoch_seconds;
use crate::model::monitor::provisioning::ProvisioningEvent;

/// Which tenant an entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// One line of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: i64,
    pub when: String,
    pub side: Side,
    /// "create (success)", "Add member to group", ...
    pub what: String,
    pub detail: String,
}

/// Where the object stands, from its newest event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Created or updated successfully; it is in the target.
    InTarget { since: String },
    /// Removed from the target (soft-deleted) when it left the scope.
    Removed { at: String },
    /// Leaving scope, held by the accidental-deletion threshold.
    HeldForDeletion,
    /// Skipped: not provisioned, with why and what to do.
    Skipped { code: String, meaning: String, remedy: String },
    /// The last attempt failed.
    Failing { code: String, meaning: String, remedy: String },
    /// No event for it in what was loaded.
    NoEvents,
}

impl Verdict {
    /// One sentence for the admin.
    pub fn sentence(&self) -> String {
        match self {
            Verdict::InTarget { since } => format!("In the target: provisioned successfully (last change {since})."),
            Verdict::Removed { at } => format!("Not in the target any more: it left the scope and was soft-deleted there ({at})."),
            Verdict::HeldForDeletion => "Still in the target, but leaving it: the deletion is held by the accidental-deletion threshold until an admin allows it (Monitor, deletion review).".into(),
            Verdict::Skipped { code, meaning, remedy } => format!("Not in the target: skipped with {code}. {meaning} What to do: {remedy}"),
            Verdict::Failing { code, meaning, remedy } => format!("Not in the target yet: the last attempt failed with {code}. {meaning} What to do: {remedy}"),
            Verdict::NoEvents => "No provisioning event for this object in the loaded log: it is not assigned (directly, or as a direct member of an assigned group), or the loaded range is too short. Load more events or check the assignments.".into(),
        }
    }
}

/// The history of one source object, newest first, and its verdict.
pub fn history(events: &[ProvisioningEvent], audits: &[DirectoryAudit], source_id: &str) -> (Vec<Entry>, Verdict) {
    let mine: Vec<&ProvisioningEvent> = events.iter().filter(|e| e.source_identity.as_ref().and_then(|i| i.id.as_deref()) == Some(source_id)).collect();
    let mut entries: Vec<Entry> = mine
        .iter()
        .map(|e| Entry {
            at: epoch_seconds(&e.activity_date_time).unwrap_or(0),
            when: e.activity_date_time.clone(),
            side: Side::Source,
            what: format!("{} ({})", e.provisioning_action.as_deref().unwrap_or("other"), e.status()),
            detail: [e.error_code().unwrap_or_default(), e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone()).unwrap_or_default()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": "),
        })
        .collect();
    let target_ids: Vec<&str> = mine.iter().filter_map(|e| e.target_identity.as_ref().and_then(|i| i.id.as_deref())).filter(|id| !id.is_empty()).collect();
    let names: Vec<String> = mine
        .iter()
        .flat_map(|e| [e.source_identity.as_ref().and_then(|i| i.display_name.clone()), e.target_identity.as_ref().and_then(|i| i.display_name.clone())])
        .flatten()
        .collect();
    let (lo, hi) = (entries.iter().map(|e| e.at).min().unwrap_or(0) - 3600, entries.iter().map(|e| e.at).max().unwrap_or(0) + 3600);
    for a in audits {
        let at = epoch_seconds(&a.activity_date_time).unwrap_or(0);
        let matches = a.target_resources.iter().any(|t| match t.id.as_deref().filter(|id| !id.is_empty()) {
            Some(id) => target_ids.contains(&id),
            None => t.display_name.as_ref().is_some_and(|n| names.contains(n)) && (lo..=hi).contains(&at),
        });
        if matches {
            entries.push(Entry { at, when: a.activity_date_time.clone(), side: Side::Target, what: a.activity_display_name.clone(), detail: format!("by {}", a.actor()) });
        }
    }
    entries.sort_by(|a, b| b.at.cmp(&a.at).then((a.side == Side::Source).cmp(&(b.side == Side::Source))));
    let newest = mine.iter().max_by_key(|e| epoch_seconds(&e.activity_date_time).unwrap_or(0));
    let verdict = match newest {
        None => Verdict::NoEvents,
        Some(e) => {
            let action = e.provisioning_action.as_deref().unwrap_or("").to_ascii_lowercase();
            let code = e.error_code().unwrap_or_else(|| "no code".into());
            let (meaning, remedy) = explain(&code).map(|x| (x.meaning.to_string(), x.remedy.to_string())).unwrap_or_else(|| ("No explanation is known for this code.".into(), "Quote the code to support.".into()));
            match (e.status().as_str(), action.as_str()) {
                (_, "stageddelete") => Verdict::HeldForDeletion,
                ("success", "delete" | "disable") => Verdict::Removed { at: e.activity_date_time.clone() },
                ("success" | "warning", _) => {
                    // The newest success may follow earlier skips; it is in the target.
                    Verdict::InTarget { since: e.activity_date_time.clone() }
                }
                ("skipped", _) => Verdict::Skipped { code, meaning, remedy },
                _ => Verdict::Failing { code, meaning, remedy },
            }
        }
    };
    (entries, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::monitor::audit::{Actor, InitiatedBy, TargetResource};
    use crate::model::monitor::provisioning::{ErrorInformation, Identity, StatusInfo};

    fn event(at: &str, action: &str, status: &str, code: Option<&str>, target: Option<&str>) -> ProvisioningEvent {
        ProvisioningEvent {
            activity_date_time: at.into(),
            provisioning_action: Some(action.into()),
            source_identity: Some(Identity { id: Some("ada".into()), display_name: Some("Ada Lovelace".into()), identity_type: Some("User".into()) }),
            target_identity: target.map(|t| Identity { id: Some(t.into()), display_name: Some("Ada Lovelace (Fabrikam)".into()), identity_type: Some("User".into()) }),
            provisioning_status_info: Some(StatusInfo { status: Some(status.into()), error_information: code.map(|c| ErrorInformation { error_code: Some(c.into()), ..Default::default() }) }),
            ..Default::default()
        }
    }

    fn audit(at: &str, activity: &str, id: Option<&str>, name: &str) -> DirectoryAudit {
        DirectoryAudit {
            activity_date_time: at.into(),
            activity_display_name: activity.into(),
            initiated_by: Some(InitiatedBy { app: Some(Actor { display_name: Some("Microsoft.Azure.SyncFabric".into()), user_principal_name: None, ..Default::default() }), user: None }),
            target_resources: vec![TargetResource { id: id.map(String::from), display_name: Some(name.into()), kind: Some("User".into()), ..Default::default() }],
            ..Default::default()
        }
    }

    #[test]
    fn source_events_and_target_audits_are_joined_by_target_id_then_name() {
        let events = vec![
            event("2026-11-20T10:00:00Z", "other", "skipped", Some("NotEffectivelyEntitled"), None),
            event("2026-11-20T11:00:00Z", "create", "success", None, Some("t-ada")),
            event("2026-11-20T11:00:00Z", "create", "success", None, Some("t-bob")).clone(),
        ];
        let mut events = events;
        events[2].source_identity.as_mut().unwrap().id = Some("bob".into());
        let audits = vec![
            audit("2026-11-20T11:00:05Z", "Add user", Some("t-ada"), "Ada Lovelace (Fabrikam)"),
            audit("2026-11-20T11:00:06Z", "Add user", Some("t-bob"), "Bob"),
            audit("2026-11-20T11:30:00Z", "Update user", None, "Ada Lovelace"),
            audit("2026-11-25T11:30:00Z", "Update user", None, "Ada Lovelace"),
        ];
        let (entries, verdict) = history(&events, &audits, "ada");
        let lines: Vec<(Side, &str)> = entries.iter().map(|e| (e.side, e.what.as_str())).collect();
        assert_eq!(lines, [(Side::Target, "Update user"), (Side::Target, "Add user"), (Side::Source, "create (success)"), (Side::Source, "other (skipped)")]);
        assert_eq!(verdict, Verdict::InTarget { since: "2026-11-20T11:00:00Z".into() });
        assert!(entries[3].detail.contains("NotEffectivelyEntitled"));
    }

    #[test]
    fn verdicts_say_why_an_object_is_not_in_the_target() {
        let skipped = history(&[event("2026-11-20T10:00:00Z", "other", "skipped", Some("NotEffectivelyEntitled"), None)], &[], "ada").1;
        assert!(matches!(&skipped, Verdict::Skipped { code, .. } if code == "NotEffectivelyEntitled"));
        assert!(skipped.sentence().contains("What to do"));
        let failing = history(&[event("2026-11-20T10:00:00Z", "create", "failure", Some("DuplicateTargetEntries"), None)], &[], "ada").1;
        assert!(matches!(failing, Verdict::Failing { .. }));
        let removed = history(&[event("2026-11-20T10:00:00Z", "create", "success", None, Some("t")), event("2026-11-21T10:00:00Z", "delete", "success", None, Some("t"))], &[], "ada").1;
        assert_eq!(removed, Verdict::Removed { at: "2026-11-21T10:00:00Z".into() });
        assert_eq!(history(&[event("2026-11-20T10:00:00Z", "stagedDelete", "skipped", Some("TooManyDeletes"), Some("t"))], &[], "ada").1, Verdict::HeldForDeletion);
        assert_eq!(history(&[], &[], "ada").1, Verdict::NoEvents);
    }
}
