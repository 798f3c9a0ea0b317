//! The blast radius of removing assignments, on Review: who the next cycle soft-deletes in the
//! target because no remaining assignment reaches them (the saved user filter applied), against the
//! deletion threshold; the plan applies only once their count is typed back. Its code goes with
//! the `mappings` part, fetched only for a plan that removes something.

use super::wizard::Wizard;
use super::wizard::ALL_USERS;
use crate::graph::mapping::blast::{all_users, scope_users};
use crate::model::error::AppError;
use crate::model::mapping::blast::{removal_radius, Blast};
use crate::model::mapping::schema::{find_mapping, scope_groups};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::forecast::DeletionForecast;
use crate::ui::run_busy;
use leptos::prelude::*;

/// Where the forecast goes: nothing for a plan that removes nothing, else the forecast's part.
#[component]
pub(super) fn RemovalGate(w: Wizard) -> impl IntoView {
    let any = Memo::new(move |_| !w.removals().is_empty());
    move || {
        any.get().then(|| view! {
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading the deletion forecast…"</p> }>
                {Suspend::new(async move { removal_view(w).await.unwrap_or_else(|_| view! { <crate::ui::parts::PartFailed what="the deletion forecast"/> }.into_any()) })}
            </Suspense>
        })
    }
}

/// In the `mappings` part: it already carries the scope reads, the filter evaluator and the
/// forecast view (the filter's blast radius), so this adds almost nothing there; a part of its own
/// split the shared code into more chunks and made the first screen's loader larger (measured:
/// 104 chunks instead of 76, +1.5 KB brotli before the first screen).
#[leptos::wasm_split::wasm_split(mappings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn removal_view(w: Wizard) -> Result<AnyView, crate::ui::parts::PartMissing> {
    Ok(view! { <RemovalForecast w=w/> }.into_any())
}

/// The forecast for the plan's removals.
#[component]
fn RemovalForecast(w: Wizard) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let typed = RwSignal::new(String::new());
    // (the removals it was computed for, the radius, the threshold)
    let forecast = RwSignal::new(None::<(Vec<String>, Blast, Option<u32>)>);
    let removals = Memo::new(move |_| w.removals());
    let compute = move |_| {
        let Some(state) = w.state.get_untracked().and_then(|(_, s)| s.configuration) else { return };
        let filter = state.schema.as_ref().and_then(|s| find_mapping(s, "User").map(|at| scope_groups(s, at))).unwrap_or_default();
        let attrs: Vec<String> = filter.iter().flat_map(|g| g.clauses.iter().map(|c| c.attribute.clone())).filter(|a| !a.is_empty()).collect();
        let removed = removals.get_untracked();
        typed.set(String::new());
        let graph = w.tenants.source.graph();
        let everyone = removed.iter().any(|r| r == ALL_USERS);
        run_busy(busy, error, async move {
            let (mut users, threshold) = scope_users(graph, &state.service_principal_id, &attrs).await?;
            if everyone {
                users.extend(all_users(graph, &attrs, ALL_USERS).await?);
            }
            Ok((users, threshold))
        }, move |(users, threshold)| match removal_radius(&users, &removed, &filter) {
            Ok(b) => forecast.set(Some((removed.clone(), b, threshold))),
            Err(e) => error.set(Some(AppError::new(crate::model::error::ErrorKind::Graph, "filter_unreadable", e))),
        });
    };
    // A forecast for other removals, or none: the plan waits. Nobody deleted: nothing to type.
    Effect::new(move |_| {
        let now = removals.get();
        let ok = forecast.with(|f| f.as_ref().is_some_and(|(r, b, _)| *r == now && (b.removed.is_empty() || typed.get().trim() == b.removed.len().to_string())));
        w.removals_confirmed.set(if ok { now } else { vec![] });
    });
    let current = move || forecast.get().filter(|(r, _, _)| *r == removals.get());
    view! {
        <Show when=move || !removals.with(Vec::is_empty)>
            <section class="card" aria-labelledby="removal-heading" data-testid="removal-forecast">
                <h3 id="removal-heading">"Blast radius of the removed assignments"</h3>
                <p>{move || if removals.with(|r| r.iter().any(|x| x == ALL_USERS)) {
                    "This plan switches the scope from all users to assigned users and groups only, which takes effect only after a restart, so the plan restarts the job. The next cycle then soft-deletes in the target (restorable there for 30 days) every user that no assignment reaches. See who before applying.".to_string()
                } else {
                    format!("This plan removes {} assignment(s). Users that no remaining assignment reaches leave the scope, and the next cycle soft-deletes them in the target (restorable there for 30 days); no restart is needed. What happens to a group provisioned for a removed group is not documented (the sandbox leaves it in place). See who before applying.", removals.with(Vec::len))
                }}</p>
                <button type="button" class="button" data-testid="removal-compute" disabled=move || busy.get() on:click=compute>
                    {move || if busy.get() { "Reading the users in scope…" } else { "Forecast the deletions" }}
                </button>
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
                {move || current().map(|(_, b, threshold)| {
                    let summary = format!("In scope now: {}; after the removal: {}. The next cycle soft-deletes {} user(s) in the target.", b.in_scope_before, b.in_scope_after, b.removed.len());
                    view! { <DeletionForecast blast=b threshold=threshold summary=summary typed=typed/> }
                })}
                <Show when=move || w.removals_unconfirmed()>
                    <p class="muted" data-testid="removal-gate">"Apply waits for the forecast and, when anyone is deleted, their count typed back."</p>
                </Show>
            </section>
        </Show>
    }
}
