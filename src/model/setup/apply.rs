//! How a plan's writes are sent: grouped into round trips along the dependency chain, so that an
//! apply waits only for what the dependencies require. The plan still lists every request on its
//! own; this decides which travel together (one `$batch`) and which tenant's chain runs when.
//!
//! The chain (issue "apply at the dependency limit"): the target's partner and inbound switches and
//! the source's partner do not depend on each other, so the two tenants' first writes go
//! concurrently; the configuration is created only once the target allows inbound sync (a
//! configuration made before is not supported); then test connection, job and settings (one round
//! trip, in order), the schema, the assignments (independent of each other: up to 20 in one round
//! trip), and start.

use crate::model::setup::plan::{PlannedWrite, WriteKind, APP_ROLE_ID, CONFIGURATION_ID, JOB_ID};
use crate::model::tenant::TenantRole;

/// Writes sent in one round trip (one request alone, or one `$batch`), all to one tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub tenant: TenantRole,
    /// Indices into the plan, in plan order.
    pub writes: Vec<usize>,
    /// True when the writes are independent of each other (sent without `dependsOn`); otherwise
    /// each depends on the one before it, so a failure stops the rest.
    pub parallel: bool,
}

/// The apply as two phases: the first runs the target's stages and the source's early ones
/// concurrently (each tenant's in order); the second runs the source's remaining stages after both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    pub target: Vec<Stage>,
    pub source_first: Vec<Stage>,
    pub source_then: Vec<Stage>,
}

impl Schedule {
    /// Every stage, in the order the apply log numbers them.
    pub fn all(&self) -> Vec<&Stage> {
        self.target.iter().chain(&self.source_first).chain(&self.source_then).collect()
    }

    /// Round trips of the writes themselves (a stage is one; batches of more than 20 count more).
    pub fn round_trips(&self) -> usize {
        self.all().iter().map(|s| if s.writes.len() <= 1 { 1 } else { s.writes.len().div_ceil(crate::model::batch::MAX_BATCH) }).sum()
    }

    /// The longest chain of dependent round trips: the slower of the first phase's two tenants,
    /// then the source's second phase.
    pub fn critical_path(&self) -> usize {
        let trips = |stages: &[Stage]| stages.iter().map(|s| if s.writes.len() <= 1 { 1 } else { s.writes.len().div_ceil(crate::model::batch::MAX_BATCH) }).sum::<usize>();
        trips(&self.target).max(trips(&self.source_first)) + trips(&self.source_then)
    }
}

/// For each write of the plan (by index), the number (from 1) of the round trip it goes in, in the
/// order [`Schedule::all`] lists them: what the plan view shows beside each request.
pub fn trip_numbers(s: &Schedule, writes: usize) -> Vec<usize> {
    let mut out = vec![0; writes];
    for (n, stage) in s.all().iter().enumerate() {
        for &i in &stage.writes {
            if i < writes {
                out[i] = n + 1;
            }
        }
    }
    out
}

/// An assignment added or removed: independent of every other one.
fn is_assignment(w: &PlannedWrite) -> bool {
    w.path.contains("/appRoleAssignedTo") && matches!(w.method, "POST" | "DELETE")
}

/// Placeholders a write needs filled before it can be sent.
fn needs(w: &PlannedWrite) -> Vec<&'static str> {
    let body = w.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
    [CONFIGURATION_ID, APP_ROLE_ID, JOB_ID].into_iter().filter(|p| w.path.contains(p) || body.contains(p)).collect()
}

/// Placeholders a write produces.
fn produces(w: &PlannedWrite) -> Vec<&'static str> {
    match w.kind {
        WriteKind::CreateConfiguration => vec![CONFIGURATION_ID, APP_ROLE_ID],
        WriteKind::CreateJob => vec![JOB_ID],
        _ => vec![],
    }
}

/// Groups one tenant's writes (in plan order) into stages: consecutive writes of one API version
/// go together, in order, unless a write needs an ID produced in the same stage (Graph cannot pass
/// an answer on inside a batch), the write creates the configuration (which must be readable
/// before anything uses it) or enables the group mapping (a read-modify-write of its own), or the
/// run changes between independent assignments and ordered writes.
pub fn stages_of(plan: &[PlannedWrite], indices: &[usize]) -> Vec<Stage> {
    let mut out: Vec<Stage> = vec![];
    for &i in indices {
        let w = &plan[i];
        let alone = matches!(w.kind, WriteKind::CreateConfiguration | WriteKind::EnableGroupMapping | WriteKind::ReplaceMappings);
        let fits = out.last().is_some_and(|s| {
            let first = &plan[s.writes[0]];
            let last = &plan[*s.writes.last().expect("stages are never empty")];
            let produced: Vec<&str> = s.writes.iter().flat_map(|&j| produces(&plan[j])).collect();
            !alone
                && !matches!(first.kind, WriteKind::CreateConfiguration | WriteKind::EnableGroupMapping | WriteKind::ReplaceMappings)
                && first.tenant == w.tenant
                && first.version == w.version
                && !needs(w).iter().any(|p| produced.contains(p))
                && is_assignment(w) == is_assignment(last)
                && (!is_assignment(w) || s.writes.len() < crate::model::batch::MAX_BATCH)
        });
        match out.last_mut() {
            Some(s) if fits => s.writes.push(i),
            _ => out.push(Stage { tenant: w.tenant, writes: vec![i], parallel: is_assignment(w) }),
        }
    }
    out
}

/// The schedule of a plan.
pub fn schedule(plan: &[PlannedWrite]) -> Schedule {
    let target: Vec<usize> = (0..plan.len()).filter(|&i| plan[i].tenant == TenantRole::Target).collect();
    let source: Vec<usize> = (0..plan.len()).filter(|&i| plan[i].tenant == TenantRole::Source).collect();
    // The source's writes before the configuration (its partner settings) need nothing from the
    // target; from the configuration on, they wait for the target's.
    let split = source.iter().position(|&i| plan[i].kind == WriteKind::CreateConfiguration || !needs(&plan[i]).is_empty()).unwrap_or(source.len());
    Schedule { target: stages_of(plan, &target), source_first: stages_of(plan, &source[..split]), source_then: stages_of(plan, &source[split..]) }
}

/// What an apply has done so far, kept across reloads so that applying again resumes: the pair,
/// the writes done (plan IDs) and the IDs they created (configuration, app role, job). IDs only,
/// never tokens.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub pair: String,
    pub applied: Vec<String>,
    pub outputs: std::collections::BTreeMap<String, String>,
}

impl Progress {
    /// The stored progress if it parses and belongs to `pair`: progress for other tenants (or
    /// written by another version) never steers this apply.
    pub fn for_pair(text: &str, pair: &str) -> Option<Progress> {
        serde_json::from_str::<Progress>(text).ok().filter(|p| p.pair == pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setup::plan::tests::{empty_pair, with_groups};
    use crate::model::setup::plan::plan;

    fn ids(plan: &[PlannedWrite], stages: &[Stage]) -> Vec<Vec<String>> {
        stages.iter().map(|s| s.writes.iter().map(|&i| plan[i].id.clone()).collect()).collect()
    }

    #[test]
    fn an_empty_pair_with_group_sync_and_twenty_groups_applies_in_eight_source_round_trips() {
        let (choices, state) = with_groups(20);
        let p = plan(&choices, &state).unwrap();
        let s = schedule(&p);
        assert_eq!(ids(&p, &s.target), [vec!["target-partner"], vec!["target-sync"]], "different API versions: two round trips");
        assert_eq!(ids(&p, &s.source_first), [vec!["source-partner"]]);
        let then = ids(&p, &s.source_then);
        assert_eq!(then[0], ["configuration"]);
        assert_eq!(then[1], ["test-connection", "job", "settings"]);
        assert_eq!(then[2], ["group-mapping"]);
        assert_eq!(then[3].len(), 20, "the twenty assignments in one round trip");
        assert!(s.source_then[3].parallel);
        assert_eq!(then[4], ["start"]);
        assert_eq!(s.round_trips(), 8, "the writes themselves; the apply adds two reads (the new configuration readable, the schema read before its PUT)");
        assert_eq!(s.critical_path(), 7);
        let trips = trip_numbers(&s, p.len());
        assert!(trips.iter().all(|&t| t >= 1), "every write has its round trip");
        assert_eq!(trips[p.iter().position(|w| w.id == "job").unwrap()], trips[p.iter().position(|w| w.id == "settings").unwrap()]);
        let unbatched = p.len();
        assert_eq!(unbatched, 29);
    }

    #[test]
    fn more_than_twenty_assignments_take_more_round_trips_and_nothing_crosses_a_placeholder() {
        let (choices, state) = with_groups(45);
        let p = plan(&choices, &state).unwrap();
        let s = schedule(&p);
        let sizes: Vec<usize> = s.source_then.iter().map(|s| s.writes.len()).collect();
        assert_eq!(sizes, [1, 3, 1, 20, 20, 5, 1]);
        for stage in s.all() {
            let produced: Vec<&str> = stage.writes.iter().flat_map(|&i| produces(&p[i])).collect();
            for &i in &stage.writes {
                assert!(!needs(&p[i]).iter().any(|n| produced.contains(n)) || produces(&p[i]).iter().any(|x| needs(&p[i]).contains(x)), "{} needs an ID made in its own round trip", p[i].id);
            }
        }
    }

    #[test]
    fn a_users_only_plan_keeps_its_order() {
        let p = plan(&crate::model::setup::plan::tests::choices(), &empty_pair()).unwrap();
        let s = schedule(&p);
        let all: Vec<usize> = s.all().iter().flat_map(|s| s.writes.clone()).collect();
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, (0..p.len()).collect::<Vec<_>>(), "every write once");
        assert!(s.round_trips() < p.len());
    }

    #[test]
    fn progress_resumes_only_for_its_own_pair() {
        let p = Progress { pair: "s->t".into(), applied: vec!["target-partner".into()], outputs: [("configuration".to_string(), "sp1".to_string())].into() };
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(Progress::for_pair(&text, "s->t"), Some(p));
        assert_eq!(Progress::for_pair(&text, "s->other"), None);
        assert_eq!(Progress::for_pair("{", "s->t"), None);
    }
}
