//! Every partner at once. Source side: each cross-tenant sync configuration of the tenant (all its
//! targets) with its job's state, last cycle, counts, health and quarantine, sorted and filtered as
//! the admin asks. Target side: each partner of the cross-tenant access policy with its switches,
//! and the trust review's findings (what each switch allows, partners allowed to sync that have
//! written nothing for 30 days, partners whose configuration in the source is gone).

use crate::model::monitor::job::{epoch_seconds, time_text, Finding, Severity, SyncJob};
use crate::model::setup::plan::{PlannedWrite, WriteKind};
use crate::model::tenant::TenantRole;
use serde_json::json;

/// One configuration of the source.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetRow {
    pub configuration_id: String,
    pub name: String,
    /// The target tenant (`CompanyId` secret); `None` when not set or unreadable.
    pub target_id: Option<String>,
    /// The target's name, when the tenant lookup found it.
    pub target_name: Option<String>,
    /// The job, or why it could not be read; `Ok(None)`: no job yet.
    pub job: Result<Option<SyncJob>, String>,
}

/// The worst of a row's findings, for sorting and the badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Healthy,
    Info,
    Warning,
    Problem,
}

impl Health {
    pub fn label(self) -> &'static str {
        match self {
            Health::Healthy => "Healthy",
            Health::Info => "Note",
            Health::Warning => "Warning",
            Health::Problem => "Problem",
        }
    }
}

impl FleetRow {
    /// The target as shown: its name and ID, or what is known.
    pub fn target(&self) -> String {
        match (&self.target_name, &self.target_id) {
            (Some(n), Some(id)) => format!("{n} ({id})"),
            (None, Some(id)) => id.clone(),
            _ => "not set".into(),
        }
    }

    /// "Active / Quarantine", the schedule and the status code.
    pub fn state(&self) -> String {
        match &self.job {
            Ok(Some(j)) => {
                let schedule = j.schedule.as_ref().and_then(|s| s.state.clone()).unwrap_or_else(|| "unknown".into());
                let code = j.status.as_ref().and_then(|s| s.code.clone()).unwrap_or_else(|| "unknown".into());
                format!("{schedule} / {code}")
            }
            Ok(None) => "No job".into(),
            Err(_) => "Unreadable".into(),
        }
    }

    /// When the last cycle ended (seconds since the epoch).
    pub fn last_cycle(&self) -> Option<i64> {
        let j = self.job.as_ref().ok()?.as_ref()?;
        j.status.as_ref()?.last_execution.as_ref()?.time_ended.as_deref().and_then(epoch_seconds)
    }

    pub fn last_cycle_text(&self) -> String {
        let j = self.job.as_ref().ok().and_then(Option::as_ref);
        if j.is_some_and(SyncJob::never_ran) {
            return "not run yet".into();
        }
        time_text(j.and_then(|j| j.status.as_ref()?.last_execution.as_ref()?.time_ended.clone()).as_deref())
    }

    /// Users and groups in sync (`synchronizedEntryCountByType`, summed by kind).
    pub fn counts(&self) -> (i64, i64) {
        let Some(status) = self.job.as_ref().ok().and_then(Option::as_ref).and_then(|j| j.status.as_ref()) else { return (0, 0) };
        let mut out = (0, 0);
        for kc in &status.synchronized_entry_count_by_type {
            let key = kc.key.to_ascii_lowercase();
            if key.ends_with(" to user") || key == "user" {
                out.0 += kc.value;
            } else if key.ends_with(" to group") || key == "group" {
                out.1 += kc.value;
            }
        }
        out
    }

    /// The quarantine's reason, when quarantined.
    pub fn quarantine(&self) -> Option<String> {
        let q = self.job.as_ref().ok()?.as_ref()?.status.as_ref()?.quarantine.as_ref()?;
        Some(q.reason.clone().filter(|r| !r.is_empty()).or_else(|| q.error.as_ref().and_then(|e| e.code.clone())).unwrap_or_else(|| "reason not given".into()))
    }

    /// The health rules of Monitor, at `now`; a missing or unreadable job is a finding too.
    pub fn findings(&self, now: i64) -> Vec<Finding> {
        match &self.job {
            Ok(Some(j)) => j.health(now),
            Ok(None) => vec![Finding { severity: Severity::Info, title: "No job".into(), detail: "The configuration has no synchronization job yet.".into(), remedy: "Finish its setup (Setup, step 6) or delete it.".into() }],
            Err(e) => vec![Finding { severity: Severity::Warning, title: "Job unreadable".into(), detail: e.clone(), remedy: "Check Synchronization.Read.All in the source and try again.".into() }],
        }
    }

    pub fn health(&self, now: i64) -> Health {
        self.findings(now)
            .iter()
            .map(|f| match f.severity {
                Severity::Problem => Health::Problem,
                Severity::Warning => Health::Warning,
                Severity::Info => Health::Info,
            })
            .max()
            .unwrap_or(Health::Healthy)
    }
}

/// The column a fleet table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Target,
    State,
    LastCycle,
    Health,
}

/// Sorts in place; ties keep name order, so the order is the same on every load (Graph returns
/// the configurations in no documented order).
pub fn sort(rows: &mut [FleetRow], key: SortKey, descending: bool, now: i64) {
    rows.sort_by(|a, b| {
        let primary = match key {
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::Target => a.target().to_lowercase().cmp(&b.target().to_lowercase()),
            SortKey::State => a.state().cmp(&b.state()),
            SortKey::LastCycle => a.last_cycle().cmp(&b.last_cycle()),
            SortKey::Health => a.health(now).cmp(&b.health(now)),
        };
        let primary = if descending { primary.reverse() } else { primary };
        let name = a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.configuration_id.cmp(&b.configuration_id));
        primary.then(if descending && key == SortKey::Name { name.reverse() } else { name })
    });
}

/// The rows whose name, target or state contains `text` (any case), and, with `problems_only`,
/// that have a warning or a problem.
pub fn filter<'a>(rows: &'a [FleetRow], text: &str, problems_only: bool, now: i64) -> Vec<&'a FleetRow> {
    let needle = text.trim().to_lowercase();
    rows.iter()
        .filter(|r| needle.is_empty() || [r.name.to_lowercase(), r.target().to_lowercase(), r.state().to_lowercase()].iter().any(|h| h.contains(&needle)))
        .filter(|r| !problems_only || r.health(now) >= Health::Warning)
        .collect()
}

/// A partner of the target's cross-tenant access policy, as far as sync is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRow {
    pub tenant_id: String,
    pub name: Option<String>,
    pub inbound_redemption: bool,
    pub outbound_redemption: bool,
    /// `identitySynchronization`; `None` when the partner has none (nothing allowed).
    pub user_sync: bool,
    pub group_sync: bool,
    /// When a synced object from this partner was last written (SyncFabric audit), if seen.
    pub last_write: Option<i64>,
    /// Whether the partner belongs to the same multi-tenant organization (`isInMultiTenantOrganization`).
    pub in_mto: Option<bool>,
}

impl PartnerRow {
    pub fn sync_allowed(&self) -> bool {
        self.user_sync || self.group_sync
    }

    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", self.tenant_id),
            None => self.tenant_id.clone(),
        }
    }
}

/// When a user from the partner whose default domain is `domain` was last written, from the
/// target's SyncFabric audit entries: a synced user's UPN is `alias_domain#EXT#@target`, the
/// guest form (its target resource carries the UPN). A partner whose users sign in with another of
/// its domains is not recognised this way, so "wrote nothing" is a prompt to check, not proof.
pub fn last_write_from(entries: &[crate::model::monitor::audit::DirectoryAudit], domain: &str) -> Option<i64> {
    let marker = format!("_{}#ext#@", domain.to_ascii_lowercase());
    entries
        .iter()
        .filter(|e| e.target_resources.iter().any(|r| r.user_principal_name.as_deref().is_some_and(|u| u.to_ascii_lowercase().contains(&marker))))
        .filter_map(|e| epoch_seconds(&e.activity_date_time))
        .max()
}

/// The multi-tenant organization the target belongs to, and its member tenants.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MultiTenantOrganization {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub display_name: String,
    #[serde(skip)]
    pub members: Vec<MtoMember>,
}

/// A member tenant (`multiTenantOrganizationMember`); role and state need Read.All, so they may
/// be missing.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MtoMember {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub tenant_id: String,
    pub display_name: Option<String>,
    /// `owner` or `member`.
    pub role: Option<String>,
    /// `pending`, `active`, `removed`.
    pub state: Option<String>,
}

/// What the signed-in source says about a partner of the target, when the source is that partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceView {
    pub tenant_id: String,
    /// The source has a configuration whose `CompanyId` is this target.
    pub has_configuration: bool,
}

/// A trust finding about one partner, with what it allows and what to change.
#[derive(Clone, Debug, PartialEq)]
pub struct TrustFinding {
    pub tenant_id: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub remedy: String,
    /// The request that makes the change the remedy names, planned like the setup's writes.
    pub change: Option<PlannedWrite>,
}

/// Turns off inbound user and group sync for a partner (one PATCH of both switches: beta, the only
/// version with `groupSyncInbound`).
pub fn stop_sync(p: &PartnerRow) -> PlannedWrite {
    PlannedWrite {
        id: format!("stop-sync-{}", p.tenant_id),
        step: 2,
        tenant: TenantRole::Target,
        kind: WriteKind::Write,
        method: "PATCH",
        version: "beta",
        path: format!("/policies/crossTenantAccessPolicy/partners/{}/identitySynchronization", p.tenant_id),
        body: Some(json!({ "userSyncInbound": { "isSyncAllowed": false }, "groupSyncInbound": { "isSyncAllowed": false } })),
        purpose: format!("Stop inbound user and group sync from {}.", p.label()),
    }
}

/// Turns off inbound automatic redemption for a partner, keeping the outbound switch as it is (a
/// PATCH of the complex property may replace it whole).
pub fn stop_inbound_redemption(p: &PartnerRow) -> PlannedWrite {
    PlannedWrite {
        id: format!("stop-redemption-{}", p.tenant_id),
        step: 2,
        tenant: TenantRole::Target,
        kind: WriteKind::Write,
        method: "PATCH",
        version: "v1.0",
        path: format!("/policies/crossTenantAccessPolicy/partners/{}", p.tenant_id),
        body: Some(json!({ "automaticUserConsentSettings": { "inboundAllowed": false, "outboundAllowed": p.outbound_redemption } })),
        purpose: format!("Turn off inbound automatic redemption for {}.", p.label()),
    }
}

/// Days without a SyncFabric write after which a partner allowed to sync is called idle.
pub const IDLE_DAYS: i64 = 30;

/// The trust review of the target's partners at `now`. `audit_read` says whether the SyncFabric
/// audit could be read (without it, idleness is not judged); `source` is the signed-in source when
/// it is one of the partners.
pub fn trust_review(partners: &[PartnerRow], now: i64, audit_read: bool, source: Option<&SourceView>) -> Vec<TrustFinding> {
    let mut out = vec![];
    for p in partners {
        let finding = |severity, title: String, detail: String, remedy: &str| TrustFinding { tenant_id: p.tenant_id.clone(), severity, title, detail, remedy: remedy.into(), change: None };
        let with = |f: TrustFinding, w: PlannedWrite| TrustFinding { change: Some(w), ..f };
        if p.sync_allowed() {
            let what = match (p.user_sync, p.group_sync) {
                (true, true) => "users and groups",
                (true, false) => "users",
                _ => "groups",
            };
            out.push(finding(Severity::Info, format!("{} may sync {what} into this tenant", p.label()),
                format!("Inbound sync lets the partner's cross-tenant sync create and update {what} here as members (B2B, userType Member by default) and soft-delete them when they leave its scope.{}",
                    if p.inbound_redemption { " Inbound automatic redemption is on, so invitations are accepted without a consent prompt." } else { " Inbound automatic redemption is off: the partner's sync cannot work until it is on." }),
                "Keep it only for partners you intend to receive users from; turn the switches off otherwise (the change goes through the plan)."));
            match (audit_read, p.last_write) {
                (true, None) => out.push(with(finding(Severity::Warning, format!("{} is allowed to sync but wrote nothing in {IDLE_DAYS} days", p.label()),
                    format!("No object from this partner was written by Microsoft.Azure.SyncFabric in the audit log's last {IDLE_DAYS} days."),
                    "If the partner no longer syncs, turn inbound user and group sync off for it."), stop_sync(p))),
                (true, Some(t)) if now - t > IDLE_DAYS * 86_400 => out.push(with(finding(Severity::Warning, format!("{} is allowed to sync but wrote nothing in {IDLE_DAYS} days", p.label()),
                    format!("Its last write was {} days ago.", (now - t) / 86_400), "If the partner no longer syncs, turn inbound user and group sync off for it."), stop_sync(p))),
                _ => {}
            }
            if let Some(s) = source.filter(|s| s.tenant_id.eq_ignore_ascii_case(&p.tenant_id) && !s.has_configuration) {
                out.push(with(finding(Severity::Problem, format!("{}'s configuration for this tenant is gone", p.label()),
                    format!("The signed-in source {} has no cross-tenant sync configuration whose target is this tenant, yet this tenant still allows it to sync in.", s.tenant_id),
                    "Turn inbound user and group sync off for this partner, or set the configuration up again."), stop_sync(p)));
            }
        } else if p.inbound_redemption {
            out.push(with(finding(Severity::Warning, format!("{} has inbound automatic redemption without sync", p.label()),
                "Invitations from this partner are accepted without a consent prompt, but it is not allowed to sync: the switch serves nothing here unless B2B invitations from it rely on it.".into(),
                "Turn inbound automatic redemption off unless invitations from this partner need it."), stop_inbound_redemption(p)));
        }
        if p.outbound_redemption {
            out.push(finding(Severity::Info, format!("Outbound automatic redemption is on for {}", p.label()),
                "Users of this tenant invited by the partner are redeemed there without a consent prompt (what the partner's receiving end of sync from this tenant needs).".into(),
                "Keep it only if this tenant syncs users to the partner."));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::monitor::job::{Execution, JobStatus, KeyCount, Quarantine, Schedule};

    const NOW: i64 = 1_796_000_000;

    fn job(code: &str, ended: Option<&str>, quarantine: Option<&str>) -> SyncJob {
        SyncJob {
            id: "j".into(),
            schedule: Some(Schedule { state: Some("Active".into()), interval: None }),
            status: Some(JobStatus {
                code: Some(code.into()),
                last_execution: ended.map(|t| Execution { time_began: Some(t.into()), time_ended: Some(t.into()), state: Some("Succeeded".into()), ..Default::default() }),
                last_successful_execution: ended.map(|t| Execution { time_ended: Some(t.into()), ..Default::default() }),
                quarantine: quarantine.map(|r| Quarantine { reason: Some(r.into()), ..Default::default() }),
                synchronized_entry_count_by_type: vec![KeyCount { key: "user to User".into(), value: 8 }, KeyCount { key: "group to Group".into(), value: 2 }],
                ..Default::default()
            }),
        }
    }

    fn row(name: &str, target: Option<&str>, job: Result<Option<SyncJob>, String>) -> FleetRow {
        FleetRow { configuration_id: format!("id-{name}"), name: name.into(), target_id: target.map(String::from), target_name: None, job }
    }

    fn rows() -> Vec<FleetRow> {
        let recent = "2026-11-30T10:00:00Z";
        vec![
            row("b to EU", Some("t-eu"), Ok(Some(job("Active", Some(recent), None)))),
            row("a to Retail", Some("t-retail"), Ok(Some(job("Quarantine", Some(recent), Some("EncounteredQuarantineException"))))),
            row("c to Labs", Some("t-labs"), Ok(None)),
            row("d to US", None, Err("403 Forbidden".into())),
        ]
    }

    #[test]
    fn a_row_says_its_state_counts_quarantine_and_health() {
        let r = rows();
        assert_eq!(r[0].state(), "Active / Active");
        assert_eq!(r[0].counts(), (8, 2));
        assert_eq!(r[1].quarantine().as_deref(), Some("EncounteredQuarantineException"));
        assert_eq!(r[1].health(NOW), Health::Problem);
        assert_eq!(r[2].state(), "No job");
        assert_eq!(r[2].health(NOW), Health::Info);
        assert_eq!(r[3].state(), "Unreadable");
        assert_eq!(r[3].target(), "not set");
    }

    #[test]
    fn sorting_is_stable_by_name_and_reversible() {
        let mut r = rows();
        sort(&mut r, SortKey::Name, false, NOW);
        assert_eq!(r.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["a to Retail", "b to EU", "c to Labs", "d to US"]);
        sort(&mut r, SortKey::Health, true, NOW);
        assert_eq!(r[0].name, "a to Retail", "problems first");
        sort(&mut r, SortKey::Name, true, NOW);
        assert_eq!(r[0].name, "d to US");
    }

    #[test]
    fn filtering_by_text_and_by_problems() {
        let r = rows();
        assert_eq!(filter(&r, "RETAIL", false, NOW).len(), 1);
        assert_eq!(filter(&r, "quarantine", false, NOW)[0].name, "a to Retail", "the state is searched too");
        let problems: Vec<&str> = filter(&r, "", true, NOW).iter().map(|x| x.name.as_str()).collect();
        assert!(problems.contains(&"a to Retail") && problems.contains(&"d to US") && !problems.contains(&"c to Labs"));
    }

    fn partner(id: &str, users: bool, groups: bool, inbound: bool, outbound: bool, last: Option<i64>) -> PartnerRow {
        PartnerRow { tenant_id: id.into(), name: Some(id.to_uppercase()), inbound_redemption: inbound, outbound_redemption: outbound, user_sync: users, group_sync: groups, last_write: last, in_mto: None }
    }

    #[test]
    fn writes_are_attributed_to_a_partner_by_the_guest_upn_of_its_domain() {
        use crate::model::monitor::audit::{DirectoryAudit, TargetResource};
        let entry = |at: &str, upn: Option<&str>| DirectoryAudit { activity_date_time: at.into(), target_resources: vec![TargetResource { user_principal_name: upn.map(String::from), ..Default::default() }], ..Default::default() };
        let entries = vec![
            entry("2026-11-29T10:00:00Z", Some("ada_fabrikam.onmicrosoft.com#EXT#@contoso.onmicrosoft.com")),
            entry("2026-11-30T10:00:00Z", Some("bob_adatum.onmicrosoft.com#EXT#@contoso.onmicrosoft.com")),
            entry("2026-11-30T11:00:00Z", None),
        ];
        assert_eq!(last_write_from(&entries, "Fabrikam.onmicrosoft.com"), epoch_seconds("2026-11-29T10:00:00Z"));
        assert_eq!(last_write_from(&entries, "tailspin.onmicrosoft.com"), None);
        assert_eq!(last_write_from(&entries, "microsoft.com"), None, "a domain inside another's does not count");
    }

    #[test]
    fn the_trust_review_names_what_each_switch_allows_idle_partners_and_gone_configurations() {
        let partners = vec![
            partner("a", true, true, true, false, Some(NOW - 86_400)),
            partner("b", true, false, true, false, None),
            partner("c", false, false, true, true, None),
        ];
        let f = trust_review(&partners, NOW, true, Some(&SourceView { tenant_id: "a".into(), has_configuration: false }));
        let titles: Vec<&str> = f.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, [
            "A (a) may sync users and groups into this tenant",
            "A (a)'s configuration for this tenant is gone",
            "B (b) may sync users into this tenant",
            "B (b) is allowed to sync but wrote nothing in 30 days",
            "C (c) has inbound automatic redemption without sync",
            "Outbound automatic redemption is on for C (c)",
        ]);
        let unread = trust_review(&partners, NOW, false, None);
        assert!(!unread.iter().any(|x| x.title.contains("wrote nothing")), "idleness is not judged without the audit");
        let old = trust_review(&[partner("d", true, false, true, false, Some(NOW - 40 * 86_400))], NOW, true, None);
        assert!(old[1].detail.contains("40 days ago"));
        // The idle and gone findings plan both sync switches off in one PATCH; redemption keeps outbound.
        let change = f[3].change.as_ref().unwrap();
        assert_eq!((change.method, change.version, change.path.as_str()), ("PATCH", "beta", "/policies/crossTenantAccessPolicy/partners/b/identitySynchronization"));
        assert_eq!(change.body.as_ref().unwrap()["groupSyncInbound"]["isSyncAllowed"], false);
        assert_eq!(f[4].change.as_ref().unwrap().body.as_ref().unwrap()["automaticUserConsentSettings"], json!({ "inboundAllowed": false, "outboundAllowed": true }));
        assert!(f[0].change.is_none(), "what a switch allows is information, not a change");
    }
}
