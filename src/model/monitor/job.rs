//! A synchronization job's status as Graph returns it, and the health rules computed from it.

use crate::model::monitor::explain::explain;
use serde::Deserialize;

/// `synchronizationJob`, as far as monitoring needs it; every part may be missing.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncJob {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub id: String,
    pub schedule: Option<Schedule>,
    pub status: Option<JobStatus>,
}

/// `schedule`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schedule {
    pub state: Option<String>,
    pub interval: Option<String>,
}

/// `synchronizationStatus`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobStatus {
    pub code: Option<String>,
    pub count_successive_complete_failures: Option<i64>,
    pub last_execution: Option<Execution>,
    pub last_successful_execution: Option<Execution>,
    pub quarantine: Option<Quarantine>,
    pub steady_state_last_achieved_time: Option<String>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub synchronized_entry_count_by_type: Vec<KeyCount>,
}

/// `synchronizationTaskExecution`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Execution {
    pub state: Option<String>,
    pub time_began: Option<String>,
    pub time_ended: Option<String>,
    pub activity_identifier: Option<String>,
    pub count_exported: Option<i64>,
    pub count_exports: Option<i64>,
    pub count_escrowed: Option<i64>,
    pub count_escrowed_raw: Option<i64>,
    pub count_entitled: Option<i64>,
    pub count_entitled_for_provisioning: Option<i64>,
    pub count_imported: Option<i64>,
    pub count_imported_deltas: Option<i64>,
    pub count_imported_reference_deltas: Option<i64>,
    pub error: Option<ExecutionError>,
}

/// `synchronizationError`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecutionError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub tenant_actionable: Option<bool>,
}

/// `synchronizationQuarantine`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Quarantine {
    pub reason: Option<String>,
    pub error: Option<ExecutionError>,
    pub current_began: Option<String>,
    pub next_attempt: Option<String>,
    pub series_began: Option<String>,
    pub series_count: Option<i64>,
}

/// A text that says something: not absent, not empty, not Graph's "never" time.
fn shown(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty() && !s.starts_with("0001-01-01")).map(String::from)
}

impl ExecutionError {
    /// "code: message (the tenant can act on it)", from the parts that have a value; `None` for
    /// no error or Graph's `{"code":"None","message":""}`.
    pub fn text(&self) -> Option<String> {
        let code = shown(&self.code).filter(|c| c != "None");
        let message = shown(&self.message);
        let mut out = match (code, message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (Some(c), None) => c,
            (None, Some(m)) => m,
            (None, None) => return None,
        };
        if let Some(a) = self.tenant_actionable {
            out.push_str(if a { " (the tenant can act on it)" } else { " (not actionable by the tenant)" });
        }
        Some(out)
    }
}

impl Quarantine {
    /// Every documented field of the quarantine that has a value, as (label, text).
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![];
        if let Some(r) = shown(&self.reason) {
            out.push(("Reason", r));
        }
        if let Some(e) = self.error.as_ref().and_then(ExecutionError::text) {
            out.push(("Error", e));
        }
        if let Some(t) = shown(&self.current_began) {
            out.push(("This quarantine began", t));
        }
        if let Some(t) = shown(&self.series_began) {
            out.push(("Quarantined in a row since", t));
        }
        if let Some(n) = self.series_count.filter(|n| *n > 0) {
            out.push(("Times in a row", n.to_string()));
        }
        if let Some(t) = shown(&self.next_attempt) {
            out.push(("Next attempt", t));
        }
        out
    }
}

impl Execution {
    /// Every documented field of a task execution that has a value, as (label, text); the state
    /// is left out when the job never ran (a fresh job reports "Failed", which is not a failure).
    pub fn facts(&self, never_ran: bool) -> Vec<(&'static str, String)> {
        let mut out = vec![];
        match (never_ran, shown(&self.state)) {
            (true, _) => out.push(("State", "not run yet (that is not a failure)".to_string())),
            (false, Some(s)) => out.push(("State", s)),
            _ => {}
        }
        for (label, v) in [("Began", &self.time_began), ("Ended", &self.time_ended), ("Activity ID", &self.activity_identifier)] {
            if let Some(t) = shown(v) {
                out.push((label, t));
            }
        }
        for (label, v) in [
            ("Imported", self.count_imported),
            ("Imported deltas", self.count_imported_deltas),
            ("Imported reference deltas", self.count_imported_reference_deltas),
            ("Entitled", self.count_entitled),
            ("Entitled for provisioning", self.count_entitled_for_provisioning),
            ("Exported", self.count_exported),
            ("Exports", self.count_exports),
            ("Escrowed (failed, retried later)", self.count_escrowed),
            ("Escrowed, raw", self.count_escrowed_raw),
        ] {
            if let Some(n) = v {
                out.push((label, n.to_string()));
            }
        }
        if let Some(e) = self.error.as_ref().and_then(ExecutionError::text) {
            out.push(("Error", e));
        }
        out
    }
}

/// `{key, value}` of `synchronizedEntryCountByType`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct KeyCount {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub key: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub value: i64,
}

/// How serious a health finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Problem,
}

/// One health finding, with what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub remedy: String,
}

/// The fixed cycle interval of cross-tenant sync.
pub const CYCLE_MINUTES: i64 = 40;

/// Seconds since the epoch of an ISO 8601 UTC time (`2026-11-26T20:01:02Z`, fractions ignored);
/// `None` for the "never" value `0001-01-01T00:00:00Z` or anything unreadable.
pub fn epoch_seconds(iso: &str) -> Option<i64> {
    let (date, time) = iso.trim().trim_end_matches('Z').split_once('T')?;
    let mut d = date.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    if y < 1970 {
        return None;
    }
    let mut t = time.split(['.', '+']).next()?.split(':').map(|x| x.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next()??, t.next().flatten().unwrap_or(0));
    // Days from civil (Howard Hinnant).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + min * 60 + s)
}

impl SyncJob {
    /// True for a job that has not run yet: NotRun (even with a "Failed"/"None" execution) is not a failure.
    pub fn never_ran(&self) -> bool {
        let status = self.status.as_ref();
        let began = status.and_then(|s| s.last_execution.as_ref()).and_then(|e| e.time_began.as_deref()).and_then(epoch_seconds);
        status.and_then(|s| s.code.as_deref()) == Some("NotRun") && began.is_none()
    }

    /// When the next cycle is expected: 40 minutes after the last one ended.
    pub fn next_cycle(&self) -> Option<i64> {
        let ended = self.status.as_ref()?.last_execution.as_ref()?.time_ended.as_deref().and_then(epoch_seconds)?;
        Some(ended + CYCLE_MINUTES * 60)
    }

    /// Health rules at `now` (seconds since the epoch).
    pub fn health(&self, now: i64) -> Vec<Finding> {
        let mut findings = vec![];
        let Some(status) = &self.status else { return findings };
        let active = self.schedule.as_ref().and_then(|s| s.state.as_deref()) == Some("Active");
        if let Some(q) = &status.quarantine {
            // The reason may be empty (documented examples show ""): fall back to the error code.
            let reason = shown(&q.reason).or_else(|| q.error.as_ref().and_then(|e| shown(&e.code))).unwrap_or_else(|| "reason not given".into());
            let error = q.error.as_ref().and_then(|e| e.code.clone());
            let explained = error.as_deref().and_then(explain).or_else(|| explain(&reason));
            let series = q.series_count.filter(|n| *n > 1).map(|n| format!(" Quarantined {n} times in a row.")).unwrap_or_default();
            findings.push(Finding {
                severity: Severity::Problem,
                title: format!("Quarantined: {reason}"),
                detail: format!(
                    "{}{}{series}",
                    q.error.as_ref().and_then(ExecutionError::text).map(|m| format!("{m}. ")).unwrap_or_default(),
                    explained.map(|e| e.meaning).unwrap_or("Cycles are stretched toward once a day; after four weeks the job is disabled.")
                ),
                remedy: explained.map(|e| e.remedy.to_string()).unwrap_or_else(|| "Fix the cause, then restart the job (clear the quarantine).".into()),
            });
        }
        if self.never_ran() {
            findings.push(Finding {
                severity: Severity::Info,
                title: "Not run yet".into(),
                detail: "The job has not completed a cycle. A fresh job shows NotRun; that is not a failure.".into(),
                remedy: if active { "Wait for the first cycle (the first one takes longer).".into() } else { "Start provisioning.".into() },
            });
            return findings;
        }
        let failures = status.count_successive_complete_failures.unwrap_or(0);
        if failures > 0 {
            findings.push(Finding {
                severity: Severity::Problem,
                title: format!("{failures} cycle(s) in a row failed completely"),
                detail: status.last_execution.as_ref().and_then(|e| e.error.as_ref()).and_then(|e| e.message.clone()).unwrap_or_default(),
                remedy: "Read the last error and the provisioning logs; fix the cause; restart the job.".into(),
            });
        }
        let last_success = status.last_successful_execution.as_ref().and_then(|e| e.time_ended.as_deref()).and_then(epoch_seconds);
        if active && status.quarantine.is_none() {
            match last_success {
                Some(t) if now - t > 2 * CYCLE_MINUTES * 60 => findings.push(Finding {
                    severity: Severity::Warning,
                    title: "No successful cycle for over two intervals".into(),
                    detail: format!("The last successful cycle ended {} minutes ago; cycles run about every {CYCLE_MINUTES} minutes.", (now - t) / 60),
                    remedy: "Check the job's last error and the provisioning logs.".into(),
                }),
                None => findings.push(Finding {
                    severity: Severity::Warning,
                    title: "No successful cycle yet".into(),
                    detail: "The job has run but no cycle has succeeded.".into(),
                    remedy: "Check the job's last error and the provisioning logs.".into(),
                }),
                _ => {}
            }
        }
        if let Some(e) = status.last_execution.as_ref().filter(|e| e.count_escrowed.unwrap_or(0) > 0) {
            findings.push(Finding {
                severity: Severity::Warning,
                title: format!("{} object(s) failed in the last cycle", e.count_escrowed.unwrap_or(0)),
                detail: "Failed objects are retried in later cycles.".into(),
                remedy: "Filter the provisioning logs by Failure to see each error and its remedy.".into(),
            });
        }
        findings
    }
}

/// An ISO 8601 UTC time as the pages show it (`2026-11-26 20:01:02 UTC`), or "never" for the
/// never value or anything unreadable.
pub fn time_text(iso: Option<&str>) -> String {
    match iso.filter(|i| epoch_seconds(i).is_some()) {
        Some(i) => i.trim().replace('T', " ").trim_end_matches('Z').split('.').next().unwrap_or_default().to_string() + " UTC",
        None => "never".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fresh-job sample of the configure-graph doc (step 13).
    const FRESH: &str = r#"{"id":"Azure2Azure.x.y","schedule":{"state":"Active","interval":"PT40M"},"status":{"code":"NotRun","countSuccessiveCompleteFailures":0,"lastExecution":{"state":"Failed","timeBegan":"0001-01-01T00:00:00Z","timeEnded":"0001-01-01T00:00:00Z","error":{"code":"None","message":""}},"quarantine":null,"synchronizedEntryCountByType":[]}}"#;

    fn job(json: &str) -> SyncJob {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_fresh_not_run_job_is_not_a_failure() {
        let j = job(FRESH);
        assert!(j.never_ran());
        let h = j.health(0);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].severity, Severity::Info);
    }

    #[test]
    fn quarantine_is_a_problem_explained_by_its_error_code() {
        let j = job(r#"{"schedule":{"state":"Active"},"status":{"code":"Quarantine","quarantine":{"reason":"EncounteredQuarantineException","error":{"code":"AzureDirectoryB2BManagementPolicyCheckFailure","message":"Policy permitting auto-redemption of invitations not configured"}},"lastExecution":{"state":"Failed","timeBegan":"2026-11-26T10:00:00Z","timeEnded":"2026-11-26T10:01:00Z"}}}"#);
        let h = j.health(epoch_seconds("2026-11-26T10:05:00Z").unwrap());
        assert_eq!(h[0].severity, Severity::Problem);
        assert!(h[0].title.contains("EncounteredQuarantineException"));
        assert!(h[0].remedy.contains("restart"));
    }

    #[test]
    fn a_documented_quarantine_with_an_empty_reason_shows_its_code_and_series() {
        let j = job(r#"{"status":{"code":"Quarantine","quarantine":{"currentBegan":"2026-11-26T10:00:00Z","nextAttempt":"2026-11-27T10:00:00Z","reason":"","seriesBegan":"2026-11-25T10:00:00Z","seriesCount":3,"error":{"code":"AzureDirectoryB2BManagementPolicyCheckFailure","message":"","tenantActionable":true}},"lastExecution":{"state":"Failed","timeBegan":"2026-11-26T10:00:00Z"}}}"#);
        let h = j.health(0);
        assert_eq!(h[0].title, "Quarantined: AzureDirectoryB2BManagementPolicyCheckFailure");
        assert!(h[0].detail.contains("3 times in a row"), "{}", h[0].detail);
        let facts = j.status.unwrap().quarantine.unwrap().facts();
        let labels: Vec<&str> = facts.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, ["Error", "This quarantine began", "Quarantined in a row since", "Times in a row", "Next attempt"]);
        assert!(facts[0].1.contains("tenant can act"));
    }

    #[test]
    fn a_job_that_never_ran_does_not_say_failed() {
        let j = job(FRESH);
        let facts = j.status.as_ref().unwrap().last_execution.as_ref().unwrap().facts(j.never_ran());
        assert_eq!(facts, [("State", "not run yet (that is not a failure)".to_string())], "the 0001 times and the None error are not shown");
    }

    #[test]
    fn too_many_deletes_points_to_the_held_deletions() {
        let j = job(r#"{"status":{"code":"Quarantine","quarantine":{"reason":"TooManyDeletes"},"lastExecution":{"timeBegan":"2026-11-26T10:00:00Z"}}}"#);
        assert!(j.health(0)[0].remedy.contains("ForceDeletes"));
    }

    #[test]
    fn no_success_for_two_intervals_warns() {
        let j = job(r#"{"schedule":{"state":"Active"},"status":{"code":"Active","lastExecution":{"state":"Succeeded","timeBegan":"2026-11-26T08:00:00Z","timeEnded":"2026-11-26T08:01:00Z"},"lastSuccessfulExecution":{"timeEnded":"2026-11-26T08:01:00Z"}}}"#);
        assert!(j.health(epoch_seconds("2026-11-26T09:00:00Z").unwrap()).is_empty());
        let late = j.health(epoch_seconds("2026-11-26T09:30:00Z").unwrap());
        assert_eq!(late[0].severity, Severity::Warning);
        assert!(late[0].detail.contains("89 minutes"));
    }

    #[test]
    fn successive_failures_and_escrows_are_reported() {
        let j = job(r#"{"schedule":{"state":"Active"},"status":{"code":"Active","countSuccessiveCompleteFailures":2,"lastExecution":{"timeBegan":"2026-11-26T08:00:00Z","timeEnded":"2026-11-26T08:01:00Z","countEscrowed":3,"error":{"message":"boom"}},"lastSuccessfulExecution":{"timeEnded":"2026-11-26T08:01:00Z"}}}"#);
        let h = j.health(epoch_seconds("2026-11-26T08:10:00Z").unwrap());
        assert!(h.iter().any(|f| f.title.starts_with("2 cycle(s)")));
        assert!(h.iter().any(|f| f.title.starts_with("3 object(s)")));
    }

    #[test]
    fn next_cycle_is_forty_minutes_after_the_last_end() {
        let j = job(r#"{"status":{"lastExecution":{"timeEnded":"2026-11-26T08:01:00Z"}}}"#);
        assert_eq!(j.next_cycle(), Some(epoch_seconds("2026-11-26T08:41:00Z").unwrap()));
    }

    #[test]
    fn epoch_seconds_reads_iso_times_and_rejects_never() {
        assert_eq!(epoch_seconds("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(epoch_seconds("2026-11-26T20:01:02.1234567Z"), Some(1_795_723_262));
        assert_eq!(epoch_seconds("0001-01-01T00:00:00Z"), None);
        assert_eq!(epoch_seconds("yesterday"), None);
    }

    #[test]
    fn times_read_as_utc_without_fractions_and_never_is_said() {
        assert_eq!(time_text(Some("2026-11-26T20:01:02.123Z")), "2026-11-26 20:01:02 UTC");
        assert_eq!(time_text(Some("0001-01-01T00:00:00Z")), "never");
        assert_eq!(time_text(None), "never");
        assert_eq!(time_text(Some("garbage")), "never");
    }
}
