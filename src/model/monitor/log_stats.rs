//! Aggregates of the provisioning log, computed in one pass so that 100,000 events stay cheap in
//! wasm: counts by status, by code and by object and action, events over time by status, and the
//! span of each cycle; and the filtered view as indices (no copies of the events).

use crate::model::monitor::job::epoch_seconds;
use crate::model::monitor::provisioning::{LogFilter, ProvisioningEvent};
use std::collections::HashMap;

/// The statuses in chart order.
pub const STATUSES: [&str; 4] = ["success", "failure", "skipped", "warning"];

/// Events in one time slot, by status (in [`STATUSES`] order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeBucket {
    /// Start of the slot, Unix seconds.
    pub start: i64,
    pub counts: [usize; 4],
}

/// One provisioning cycle as its events show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleSpan {
    pub cycle_id: String,
    pub first: i64,
    pub last: i64,
    pub events: usize,
}

impl CycleSpan {
    pub fn seconds(&self) -> i64 {
        self.last - self.first
    }
}

/// Everything the log's charts show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogStats {
    pub total: usize,
    pub by_status: Vec<(String, usize)>,
    pub by_code: Vec<(String, usize)>,
    pub by_type_action: Vec<(String, usize)>,
    pub over_time: Vec<TimeBucket>,
    /// The most recent cycles, newest first.
    pub cycles: Vec<CycleSpan>,
}

fn ranked(map: HashMap<String, usize>, limit: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// Computes the aggregates over `events` with `slots` time buckets between the oldest and the
/// newest event, and at most `cycles` cycles.
pub fn stats(events: &[ProvisioningEvent], slots: usize, cycles: usize) -> LogStats {
    let mut by_status: HashMap<String, usize> = HashMap::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    let mut by_type_action: HashMap<String, usize> = HashMap::new();
    let mut spans: HashMap<&str, CycleSpan> = HashMap::new();
    let mut times: Vec<(i64, usize)> = Vec::with_capacity(events.len());
    for e in events {
        let info = e.provisioning_status_info.as_ref();
        let status = info.and_then(|s| s.status.as_deref()).unwrap_or("unknown");
        let status_index = STATUSES.iter().position(|s| s.eq_ignore_ascii_case(status)).unwrap_or(3);
        *by_status.entry(status.to_ascii_lowercase()).or_default() += 1;
        if let Some(code) = info.and_then(|s| s.error_information.as_ref()).and_then(|i| i.error_code.as_deref()).filter(|c| !c.is_empty()) {
            *by_code.entry(code.to_string()).or_default() += 1;
        }
        let kind = e.source_identity.as_ref().and_then(|i| i.identity_type.as_deref()).unwrap_or("");
        *by_type_action.entry(format!("{kind} {}", e.provisioning_action.as_deref().unwrap_or(""))).or_default() += 1;
        if let Some(at) = epoch_seconds(&e.activity_date_time) {
            times.push((at, status_index));
            if let Some(cycle) = e.cycle_id.as_deref() {
                let span = spans.entry(cycle).or_insert(CycleSpan { cycle_id: cycle.to_string(), first: at, last: at, events: 0 });
                span.first = span.first.min(at);
                span.last = span.last.max(at);
                span.events += 1;
            }
        }
    }
    let over_time = match (times.iter().map(|t| t.0).min(), times.iter().map(|t| t.0).max()) {
        (Some(lo), Some(hi)) if slots > 0 => {
            let width = ((hi - lo) / slots as i64 + 1).max(1);
            let mut buckets: Vec<TimeBucket> = (0..slots).map(|i| TimeBucket { start: lo + i as i64 * width, counts: [0; 4] }).collect();
            for (at, s) in times {
                let i = (((at - lo) / width) as usize).min(slots - 1);
                buckets[i].counts[s] += 1;
            }
            buckets
        }
        _ => vec![],
    };
    let mut cycle_list: Vec<CycleSpan> = spans.into_values().collect();
    cycle_list.sort_by(|a, b| b.last.cmp(&a.last).then(a.cycle_id.cmp(&b.cycle_id)));
    cycle_list.truncate(cycles);
    LogStats { total: events.len(), by_status: ranked(by_status, 6), by_code: ranked(by_code, 5), by_type_action: ranked(by_type_action, 6), over_time, cycles: cycle_list }
}

/// Indices of the events that pass `filter`, in log order.
pub fn filtered(events: &[ProvisioningEvent], filter: &LogFilter) -> Vec<u32> {
    events.iter().enumerate().filter(|(_, e)| filter.matches(e)).map(|(i, _)| i as u32).collect()
}

/// The page `page` (0-based) of `size` rows, and how many pages there are (at least 1).
pub fn page(indices: &[u32], page: usize, size: usize) -> (&[u32], usize) {
    let pages = indices.len().div_ceil(size).max(1);
    let p = page.min(pages - 1);
    let start = (p * size).min(indices.len());
    (&indices[start..(start + size).min(indices.len())], pages)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::monitor::provisioning::{ErrorInformation, Identity, StatusInfo};

    /// `n` events a minute apart from 2026-11-20T00:00:00Z: per 10, 7 successes, 2 skips, 1 failure.
    pub fn events(n: usize) -> Vec<ProvisioningEvent> {
        (0..n)
            .map(|i| {
                let (status, code) = match i % 10 {
                    0..=6 => ("success", None),
                    7 | 8 => ("skipped", Some("NotEffectivelyEntitled")),
                    _ => ("failure", Some("DuplicateTargetEntries")),
                };
                let minutes = i as i64;
                ProvisioningEvent {
                    id: format!("e{i}"),
                    activity_date_time: format!("2026-11-20T{:02}:{:02}:00Z", (minutes / 60) % 24, minutes % 60),
                    cycle_id: Some(format!("c{}", i / 100)),
                    provisioning_action: Some(if i % 2 == 0 { "create" } else { "update" }.into()),
                    source_identity: Some(Identity { id: Some(format!("id{}", i % 50)), display_name: Some(format!("User {}", i % 50)), identity_type: Some(if i % 5 == 0 { "Group" } else { "User" }.into()) }),
                    provisioning_status_info: Some(StatusInfo { status: Some(status.into()), error_information: code.map(|c| ErrorInformation { error_code: Some(c.into()), ..Default::default() }) }),
                    ..Default::default()
                }
            })
            .collect()
    }

    #[test]
    fn counts_add_up_in_one_pass() {
        let s = stats(&events(1000), 10, 3);
        assert_eq!(s.total, 1000);
        assert_eq!(s.by_status, vec![("success".into(), 700), ("skipped".into(), 200), ("failure".into(), 100)]);
        assert_eq!(s.by_code, vec![("NotEffectivelyEntitled".into(), 200), ("DuplicateTargetEntries".into(), 100)]);
        assert_eq!(s.by_type_action.iter().map(|x| x.1).sum::<usize>(), 1000);
        assert_eq!(s.over_time.len(), 10);
        assert_eq!(s.over_time.iter().map(|b| b.counts.iter().sum::<usize>()).sum::<usize>(), 1000);
        assert_eq!(s.over_time[0].counts, [70, 10, 20, 0]);
    }

    #[test]
    fn cycles_are_spans_of_their_events_newest_first() {
        let s = stats(&events(1000), 10, 3);
        assert_eq!(s.cycles.iter().map(|c| c.cycle_id.as_str()).collect::<Vec<_>>(), ["c9", "c8", "c7"]);
        assert_eq!(s.cycles[0].events, 100);
        assert_eq!(s.cycles[0].seconds(), 99 * 60);
    }

    #[test]
    fn filters_give_indices_and_pages() {
        let all = events(1000);
        let f = LogFilter { status: "failure".into(), object_type: "User".into(), ..Default::default() };
        let idx = filtered(&all, &f);
        assert!(idx.iter().all(|&i| all[i as usize].status() == "failure" && all[i as usize].object_type() == "User"));
        assert_eq!(idx.len(), 100, "i % 10 == 9 is never a multiple of 5");
        let (first, pages) = page(&idx, 0, 30);
        assert_eq!((first.len(), pages), (30, 4));
        assert_eq!(page(&idx, 3, 30).0.len(), 10);
        assert_eq!(page(&idx, 99, 30).0, page(&idx, 3, 30).0, "past the end shows the last page");
        assert_eq!(page(&[], 0, 30), (&[][..], 1));
    }

    #[test]
    fn action_and_time_filters() {
        let all = events(1000);
        let creates = filtered(&all, &LogFilter { action: "CREATE".into(), ..Default::default() });
        assert_eq!(creates.len(), 500);
        let since = epoch_seconds("2026-11-20T16:00:00Z").unwrap();
        let late = filtered(&all, &LogFilter { since: Some(since), ..Default::default() });
        assert_eq!(late.len(), 1000 - 960);
    }

    #[test]
    fn counts_are_sorted_and_limited() {
        let mut m = HashMap::new();
        for l in ["b", "a", "b", "c", "b", "a"] {
            *m.entry(l.to_string()).or_default() += 1;
        }
        assert_eq!(ranked(m, 2), [("b".to_string(), 3), ("a".to_string(), 2)]);
    }

    #[test]
    fn empty_logs_have_no_buckets() {
        assert_eq!(stats(&[], 10, 3), LogStats::default());
    }
}
