//! The planned requests: apply and export, progress, and each request with its round trip; and
//! the part of the plan that belongs to one wizard page.

use super::field::download_plan;
use super::progress::{apply, RowState};
use super::wizard::Wizard;
use crate::model::setup::apply::schedule;
use crate::model::setup::plan::{PlannedWrite, WriteKind};
use leptos::prelude::*;
use crate::ui::components::tone::{Badge, Tone};

/// The plan as the admin reviews it before anything is sent, and its progress while applying.
#[component]
pub(super) fn PlannedRequests(w: Wizard, writes: Vec<PlannedWrite>) -> impl IntoView {
    let (rows, busy) = (w.rows, w.applying);
    let total = writes.len();
    let export = writes.clone();
    let script_writes = writes.clone();
    let sched = schedule(&writes);
    let trips = crate::model::setup::apply::trip_numbers(&sched, total);
    let trip_count = sched.all().len();
    let critical = sched.critical_path();
    view! {
        <super::removal::RemovalGate w=w/>
        <div class="toolbar">
            <button type="button" class="button button--primary" data-testid="plan-apply" on:click=move |_| apply(w) disabled=move || busy.get() || w.removals_unconfirmed()>
                {format!("Apply {total} request(s)")}
            </button>
            <button type="button" class="button" on:click=move |_| download_plan(&export)>"Export the plan (JSON)"</button>
            <button type="button" class="button" data-testid="plan-powershell" on:click=move |_| download_script(w, &script_writes)>"Export as PowerShell"</button>
            <progress max=total value=move || rows.with(|r| r.iter().filter(|s| **s == RowState::Done).count()) aria-label="Apply progress"></progress>
            <span role="status" data-testid="apply-status">{move || rows.with(|r| format!("{} of {total} applied", r.iter().filter(|s| **s == RowState::Done).count()))}</span>
        </div>
        <p class="muted" data-testid="plan-trips">{format!("{total} request(s) in {trip_count} round trip(s): the target's and the source's first writes go at the same time, writes that depend on each other one after the other (longest chain: {critical}). Each is listed on its own below.")}</p>
        <ol class="plan-list" data-testid="plan-list">
            {writes.into_iter().enumerate().map(|(i, w)| {
                let state = move || rows.with(|r| r.get(i).copied().unwrap_or(RowState::Waiting));
                view! {
                    <li class="plan-item" data-write=w.id.clone() data-state=move || match state() { RowState::Waiting => "waiting", RowState::Running => "running", RowState::Done => "done", RowState::Failed => "failed" }>
                        <p><strong>{format!("Step {} · {}", w.step, w.tenant)}</strong>" — "{w.purpose.clone()}
                            " " <Badge tone=Tone::Neutral testid="plan-trip">{format!("round trip {}", trips[i])}</Badge>
                            {(w.kind == WriteKind::Check).then(|| view! { <Badge tone=Tone::Neutral>"check, changes nothing"</Badge> })}</p>
                        <p><code>{format!("{} /{}{}", w.method, w.version, w.path)}</code></p>
                        {w.body.as_ref().map(|b| view! { <pre class="json">{serde_json::to_string_pretty(b).unwrap_or_default()}</pre> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The plan as a Microsoft Graph PowerShell script, for the record or to run instead.
fn download_script(w: Wizard, writes: &[PlannedWrite]) {
    let graph = expect_context::<crate::model::config::AppConfig>().graph_base_url;
    let text = w.state.with_untracked(|s| s.as_ref().map(|(_, state)| crate::model::as_code::powershell::script(writes, state, &graph, crate::model::as_code::powershell::environment_for(&graph))));
    if let Some(text) = text {
        crate::ui::components::download::download("tenant-bridge-plan.ps1", "text/plain", &text);
    }
}

/// What the plan holds for the journey steps `steps`: each request's purpose and address, or that
/// the tenants already match. The review page lists the same requests with their bodies.
#[component]
pub(super) fn StepWrites(w: Wizard, steps: &'static [u8]) -> impl IntoView {
    let mine = move || w.planned.with(|p| p.as_ref().map(|p| p.iter().filter(|x| steps.contains(&x.step)).cloned().collect::<Vec<_>>()));
    view! {
        <section class="card" aria-labelledby="step-writes-heading" data-testid="step-writes">
            <h3 id="step-writes-heading">"What this step writes"</h3>
            {move || match mine() {
                None if w.reading.get() => view! { <p class="muted" role="status">"Reading both tenants…"</p> }.into_any(),
                None => view! { <p class="muted">"Nothing planned yet: the plan is built once both tenants are connected and writing is granted, and whenever a choice is valid."</p> }.into_any(),
                Some(v) if v.is_empty() => view! { <p data-testid="step-done"><Badge tone=Tone::Success>"Done"</Badge>" The tenants already match: nothing to write."</p> }.into_any(),
                Some(v) => view! {
                    <ul class="plain-list">
                        {v.into_iter().map(|x| view! {
                            <li data-step-write=x.id.clone()>{x.purpose.clone()}<br/><code>{format!("{} /{}{}", x.method, x.version, x.path)}</code>
                                {(x.kind == WriteKind::Check).then(|| view! { " " <Badge tone=Tone::Neutral>"check, changes nothing"</Badge> })}</li>
                        }).collect_view()}
                    </ul>
                    <p class="muted">"Nothing is sent before Review and apply."</p>
                }.into_any(),
            }}
        </section>
    }
}
