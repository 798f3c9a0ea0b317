//! The planned requests: apply and export, progress, and each request with its round trip.

use super::*;

/// The plan as the admin reviews it before anything is sent, and its progress while applying.
#[component]
pub(super) fn PlannedRequests(writes: Vec<PlannedWrite>, rows: RwSignal<Vec<RowState>>, busy: RwSignal<bool>, on_apply: Callback<leptos::ev::MouseEvent>) -> impl IntoView {
    let total = writes.len();
    let export = writes.clone();
    let sched = schedule(&writes);
    let trips = crate::model::apply::trip_numbers(&sched, total);
    let trip_count = sched.all().len();
    let critical = sched.critical_path();
    view! {
        <div class="toolbar">
            <button type="button" class="button button--primary" data-testid="plan-apply" on:click=move |ev| on_apply.run(ev) disabled=move || busy.get()>
                {format!("Apply {total} request(s)")}
            </button>
            <button type="button" class="button" on:click=move |_| download_plan(&export)>"Export the plan (JSON)"</button>
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
                            " " <span class="badge badge--neutral" data-testid="plan-trip">{format!("round trip {}", trips[i])}</span>
                            {(w.kind == WriteKind::Check).then(|| view! { <span class="badge badge--neutral">"check, changes nothing"</span> })}</p>
                        <p><code>{format!("{} /{}{}", w.method, w.version, w.path)}</code></p>
                        {w.body.as_ref().map(|b| view! { <pre class="json">{serde_json::to_string_pretty(b).unwrap_or_default()}</pre> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
