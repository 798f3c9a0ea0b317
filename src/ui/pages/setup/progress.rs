//! Apply: progress kept across reloads, and the runner that sends each tenant's round trips.

use super::wizard::Wizard;
use crate::graph::setup::apply::{apply_stage, finish_job_check};
use crate::model::setup::apply::{schedule, Progress, Stage};
use crate::model::error::AppError;
use crate::model::setup::plan::PlannedWrite;
use leptos::prelude::*;

pub(super) const PROGRESS_KEY: &str = "tb.apply.progress";

/// Apply progress for `pair` kept across reloads (localStorage).
pub(super) fn load_progress(pair: &str) -> Option<Progress> {
    let text = window().local_storage().ok()??.get_item(PROGRESS_KEY).ok()??;
    Progress::for_pair(&text, pair)
}

pub(super) fn save_progress(p: &Progress) {
    if let (Ok(Some(s)), Ok(text)) = (window().local_storage(), serde_json::to_string(p)) {
        let _ = s.set_item(PROGRESS_KEY, &text);
    }
}

pub(super) fn clear_progress() {
    if let Ok(Some(s)) = window().local_storage() {
        let _ = s.remove_item(PROGRESS_KEY);
    }
}

/// State of one planned write while applying.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    Waiting,
    Running,
    Done,
    Failed,
}

/// Runs one tenant's stages in order; stops at the first failure (its row marked, its error
/// returned). Progress (writes done, IDs learnt) is saved after every round trip, so a reload
/// resumes where it stopped.
async fn run_chain(stages: &[Stage], writes: &[PlannedWrite], graph: crate::graph::client::Graph, outputs: &mut crate::graph::setup::apply::Outputs, rows: RwSignal<Vec<RowState>>, notes: RwSignal<Vec<String>>, progress: &std::cell::RefCell<Progress>) -> Result<(), AppError> {
    let mut job_check = None;
    for stage in stages {
        rows.update(|r| stage.writes.iter().for_each(|&i| r[i] = RowState::Running));
        let mut said = vec![];
        let out = apply_stage(graph, writes, stage, outputs, &mut said, job_check.take()).await;
        notes.update(|n| n.extend(said));
        job_check = out.job_check;
        {
            let mut p = progress.borrow_mut();
            p.applied.extend(out.done.iter().map(|&i| writes[i].id.clone()));
            p.outputs.extend(outputs.iter().map(|(k, v)| (k.clone(), v.clone())));
            save_progress(&p);
        }
        rows.update(|r| stage.writes.iter().for_each(|&i| r[i] = if out.done.contains(&i) { RowState::Done } else { RowState::Waiting }));
        if let Some((i, e)) = out.failed {
            rows.update(|r| r[i] = RowState::Failed);
            return Err(e);
        }
    }
    if let Some(check) = job_check {
        let mut said = vec![];
        let result = finish_job_check(graph, &check, &mut said).await;
        notes.update(|n| n.extend(said));
        result?;
    }
    Ok(())
}

/// Applies the plan on screen: the two tenants' independent writes go concurrently; the source's
/// chain from the configuration on waits for both (model::apply). A failure stops it with its row
/// marked; applying again continues from there.
pub(super) fn apply(w: Wizard) {
    let Some(writes) = w.planned.get_untracked() else { return };
    w.notes.set(vec![]);
    w.applying.set(true);
    w.error.set(None);
    w.failed.set(None);
    let pair_key = w.pair();
    let (rows, notes, source, target) = (w.rows, w.notes, w.tenants.source, w.tenants.target);
    leptos::task::spawn_local(async move {
        let progress = std::cell::RefCell::new(load_progress(&pair_key).unwrap_or(Progress { pair: pair_key.clone(), ..Default::default() }));
        let sched = schedule(&writes);
        let start_outputs = progress.borrow().outputs.clone();
        let (mut t_out, mut s_out) = (start_outputs.clone(), start_outputs);
        let (t, s) = futures::join!(
            run_chain(&sched.target, &writes, target.graph(), &mut t_out, rows, notes, &progress),
            run_chain(&sched.source_first, &writes, source.graph(), &mut s_out, rows, notes, &progress),
        );
        let mut outputs = progress.borrow().outputs.clone();
        let result = match t.and(s) {
            Ok(()) => run_chain(&sched.source_then, &writes, source.graph(), &mut outputs, rows, notes, &progress).await,
            Err(e) => Err(e),
        };
        w.applying.set(false);
        if let Err(e) = result {
            let step = rows.with_untracked(|r| r.iter().position(|s| *s == RowState::Failed)).and_then(|i| writes.get(i)).map(|wr| wr.step);
            w.failed.set(step.map(|s| (s, e.message.clone())));
            w.error.set(Some(e));
            return;
        }
        clear_progress();
        w.resumed.set(None);
        w.applied();
    });
}
