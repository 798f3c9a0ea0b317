//! Provisioning log events (`provisioningObjectSummary`) and the filters of the log view.

use serde::{Deserialize, Serialize};

/// One event, tolerant of missing parts.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningEvent {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub activity_date_time: String,
    pub job_id: Option<String>,
    pub cycle_id: Option<String>,
    pub provisioning_action: Option<String>,
    pub source_identity: Option<Identity>,
    pub target_identity: Option<Identity>,
    pub provisioning_status_info: Option<StatusInfo>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub provisioning_steps: Vec<Step>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub modified_properties: Vec<ModifiedProperty>,
}

/// `sourceIdentity` / `targetIdentity`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub identity_type: Option<String>,
}

/// `provisioningStatusInfo`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusInfo {
    pub status: Option<String>,
    pub error_information: Option<ErrorInformation>,
}

/// `provisioningErrorInfo`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorInformation {
    pub error_code: Option<String>,
    pub reason: Option<String>,
    pub recommended_action: Option<String>,
}

/// One step of the engine (import, scoping, matching, export…).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Step {
    pub name: Option<String>,
    pub provisioning_step_type: Option<String>,
    pub status: Option<String>,
    pub description: Option<String>,
}

/// `modifiedProperties` entry.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ModifiedProperty {
    pub display_name: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl ProvisioningEvent {
    /// success, failure, skipped, warning (lower case), or "unknown".
    pub fn status(&self) -> String {
        self.provisioning_status_info.as_ref().and_then(|s| s.status.clone()).unwrap_or_else(|| "unknown".into()).to_ascii_lowercase()
    }

    /// User or Group (the source identity's type, else the target's; "object" when neither says).
    pub fn object_type(&self) -> String {
        [&self.source_identity, &self.target_identity]
            .into_iter()
            .find_map(|i| i.as_ref().and_then(|i| i.identity_type.as_deref()).map(str::trim).filter(|t| !t.is_empty()).map(String::from))
            .unwrap_or_else(|| "object".into())
    }

    /// The source object's name; else the target's; else an ID (documented events may carry an
    /// empty display name), so a row is never blank.
    pub fn name(&self) -> String {
        let text = |v: Option<&String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let (s, t) = (self.source_identity.as_ref(), self.target_identity.as_ref());
        text(s.and_then(|i| i.display_name.as_ref()))
            .or_else(|| text(t.and_then(|i| i.display_name.as_ref())))
            .or_else(|| text(s.and_then(|i| i.id.as_ref())).map(|id| format!("source ID {id}")))
            .or_else(|| text(t.and_then(|i| i.id.as_ref())).map(|id| format!("target ID {id}")))
            .unwrap_or_else(|| format!("event {}", self.id))
    }

    /// The error or skip code, if any.
    pub fn error_code(&self) -> Option<String> {
        self.provisioning_status_info.as_ref()?.error_information.as_ref()?.error_code.clone().filter(|c| !c.is_empty())
    }
}

/// The events of `job` (all when `None`), and how many named another job and were set aside. The
/// server already filtered by job; this only guards against a filter it ignored, and says so
/// instead of hiding events in silence. An event without a job ID is kept.
pub fn keep_job(events: Vec<ProvisioningEvent>, job: Option<&str>) -> (Vec<ProvisioningEvent>, usize) {
    let Some(job) = job else { return (events, 0) };
    let total = events.len();
    let kept: Vec<ProvisioningEvent> = events.into_iter().filter(|e| e.job_id.as_deref().is_none_or(|j| j.eq_ignore_ascii_case(job))).collect();
    let aside = total - kept.len();
    (kept, aside)
}

/// What the log view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// success, failure, skipped, warning; empty for all.
    pub status: String,
    /// User or Group; empty for both.
    pub object_type: String,
    /// Part of the object's name or ID (case-insensitive); empty for all.
    pub text: String,
    /// create, update, delete, disable, stagedDelete, other; empty for all.
    pub action: String,
    /// Only events at or after this time (Unix seconds); `None` for all.
    pub since: Option<i64>,
}

impl LogFilter {
    /// True when the event passes every set criterion.
    pub fn matches(&self, e: &ProvisioningEvent) -> bool {
        let text = self.text.trim().to_lowercase();
        (self.status.is_empty() || e.status() == self.status)
            && (self.action.is_empty() || e.provisioning_action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&self.action)))
            && self.since.is_none_or(|t| crate::model::monitor::job::epoch_seconds(&e.activity_date_time).is_some_and(|at| at >= t))
            && (self.object_type.is_empty() || e.object_type().eq_ignore_ascii_case(&self.object_type))
            && (text.is_empty()
                || e.name().to_lowercase().contains(&text)
                || e.source_identity.as_ref().and_then(|i| i.id.as_deref()).is_some_and(|id| id.to_lowercase().contains(&text)))
    }
}

/// The events as CSV (RFC 4180 quoting), for export of what the view shows.
pub fn to_csv(events: &[ProvisioningEvent]) -> String {
    fn field(s: &str) -> String {
        // A leading = + - @ would make a spreadsheet evaluate tenant-supplied text: neutralise it.
        let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
    }
    let mut out = String::from("time,object,type,action,status,code,reason\r\n");
    for e in events {
        let reason = e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone()).unwrap_or_default();
        let row = [e.activity_date_time.clone(), e.name(), e.object_type(), e.provisioning_action.clone().unwrap_or_default(), e.status(), e.error_code().unwrap_or_default(), reason];
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Puts `fresh` (newest first) on top of `all`, skipping events already held (by ID; events
/// without an ID are always kept).
pub fn merge_newest(all: &mut Vec<ProvisioningEvent>, fresh: Vec<ProvisioningEvent>) {
    let known: std::collections::HashSet<String> = all.iter().map(|e| e.id.clone()).collect();
    let mut new: Vec<ProvisioningEvent> = fresh.into_iter().filter(|e| e.id.is_empty() || !known.contains(&e.id)).collect();
    if !new.is_empty() {
        new.append(all);
        *all = new;
    }
}

/// The deletes the accidental-deletion threshold holds: the `stagedDelete` events.
pub fn held_deletes(events: &[ProvisioningEvent]) -> Vec<ProvisioningEvent> {
    events.iter().filter(|x| x.provisioning_action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case("stagedDelete"))).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(status: &str, kind: &str, name: &str, code: Option<&str>) -> ProvisioningEvent {
        serde_json::from_value(serde_json::json!({
            "id": "e", "activityDateTime": "2026-11-26T10:00:00Z",
            "sourceIdentity": { "id": "src-1", "displayName": name, "identityType": kind },
            "provisioningStatusInfo": { "status": status, "errorInformation": code.map(|c| serde_json::json!({ "errorCode": c, "reason": "r" })) },
            "provisioningSteps": [{ "name": "EntryImport", "provisioningStepType": "import", "status": "success", "description": "d", "details": {} }],
            "unknownField": 1
        }))
        .unwrap()
    }

    #[test]
    fn events_parse_with_their_code_and_steps() {
        let e = event("skipped", "Group", "Sales", Some("EntityTypeNotSupported"));
        assert_eq!(e.error_code().as_deref(), Some("EntityTypeNotSupported"));
        assert_eq!(e.provisioning_steps[0].provisioning_step_type.as_deref(), Some("import"));
    }

    #[test]
    fn csv_quotes_commas_quotes_and_neutralises_formulas() {
        let csv = to_csv(&[event("skipped", "Group", "Sales, \"EMEA\"", Some("X")), event("success", "User", "=cmd()", None)]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "time,object,type,action,status,code,reason");
        assert_eq!(lines[1], "2026-11-26T10:00:00Z,\"Sales, \"\"EMEA\"\"\",Group,,skipped,X,r");
        assert!(lines[2].starts_with("2026-11-26T10:00:00Z,'=cmd(),User"));
    }

    #[test]
    fn filters_combine_status_type_and_text() {
        let events = [event("success", "User", "Ada Lovelace", None), event("skipped", "Group", "Sales", Some("EntityTypeNotSupported")), event("failure", "User", "Grace", Some("X"))];
        let f = |status: &str, kind: &str, text: &str| events.iter().filter(|e| LogFilter { status: status.into(), object_type: kind.into(), text: text.into(), ..Default::default() }.matches(e)).count();
        assert_eq!(f("", "", ""), 3);
        assert_eq!(f("skipped", "", ""), 1);
        assert_eq!(f("", "user", ""), 2);
        assert_eq!(f("", "", "ada"), 1);
        assert_eq!(f("", "", "SRC-1"), 3);
        assert_eq!(f("failure", "Group", ""), 0);
    }

    #[test]
    fn an_event_with_an_empty_name_shows_an_id_never_a_blank() {
        let e: ProvisioningEvent = serde_json::from_str(r#"{"id":"ev-1","sourceIdentity":{"id":"s-1","displayName":"","identityType":"RolesCompound"},"targetIdentity":{"id":"","displayName":"","identityType":""}}"#).unwrap();
        assert_eq!(e.name(), "source ID s-1");
        assert_eq!(e.object_type(), "RolesCompound");
        let bare: ProvisioningEvent = serde_json::from_str(r#"{"id":"ev-2"}"#).unwrap();
        assert_eq!((bare.name(), bare.object_type()), ("event ev-2".to_string(), "object".to_string()));
        let target_only: ProvisioningEvent = serde_json::from_str(r#"{"id":"ev-3","targetIdentity":{"displayName":"Ada","identityType":"User"}}"#).unwrap();
        assert_eq!((target_only.name(), target_only.object_type()), ("Ada".to_string(), "User".to_string()));
    }


    #[test]
    fn events_of_another_job_are_counted_not_hidden() {
        let ev = |id: &str, job: Option<&str>| ProvisioningEvent { id: id.into(), job_id: job.map(String::from), ..Default::default() };
        let page = vec![ev("1", Some("Azure2Azure.a")), ev("2", Some("azure2azure.A")), ev("3", Some("Azure2Azure.b")), ev("4", None)];
        let (kept, aside) = keep_job(page.clone(), Some("Azure2Azure.a"));
        assert_eq!(kept.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["1", "2", "4"]);
        assert_eq!(aside, 1);
        assert_eq!(keep_job(page, None).1, 0, "without a job (filtered by configuration) nothing is set aside");
    }


    fn with_id(id: &str, action: &str) -> ProvisioningEvent {
        let mut e = event("success", "User", id, None);
        e.id = id.into();
        e.provisioning_action = Some(action.into());
        e
    }

    #[test]
    fn newer_pages_go_on_top_without_repeating_what_is_held() {
        let mut all = vec![with_id("b", "create"), with_id("a", "create")];
        merge_newest(&mut all, vec![with_id("c", "create"), with_id("b", "create")]);
        assert_eq!(all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["c", "b", "a"]);
        merge_newest(&mut all, vec![with_id("c", "create")]);
        assert_eq!(all.len(), 3, "nothing new, nothing changes");
    }

    #[test]
    fn held_deletes_are_the_staged_deletes_in_any_letter_case() {
        let events = vec![with_id("a", "StagedDelete"), with_id("b", "delete"), with_id("c", "stagedDelete")];
        assert_eq!(held_deletes(&events).iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
    }
}
