//! The blast radius of a scoping filter change, shown before the save it gates.

use super::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// A forecast: the filter it was computed for, the blast radius (or why it cannot be), and the
/// deletion threshold.
pub(super) type Forecast = (Vec<FilterGroup>, Result<crate::model::mapping::blast::Blast, String>, Option<u32>);

/// Who the next cycle removes from the target (and adds) if the user mapping's filter is saved as
/// edited, against the deletion threshold; a removal asks for its count typed back before saving.
#[component]
pub(super) fn BlastRadius(
    before: Vec<FilterGroup>,
    after: Vec<FilterGroup>,
    blast: RwSignal<Option<Forecast>>,
    typed: RwSignal<String>,
) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let attrs: Vec<String> = before.iter().chain(after.iter()).flat_map(|g| g.clauses.iter().map(|c| c.attribute.clone())).filter(|a| !a.is_empty()).collect();
    let current = StoredValue::new(after.clone());
    let compute = move |_| {
        let Some(at) = ed.schema_ref.get_untracked() else { return };
        let (before, after, attrs) = (before.clone(), after.clone(), attrs.clone());
        typed.set(String::new());
        run_busy(busy, error, async move { crate::graph::mapping::blast::scope_users(source.graph(), &at.configuration_id, &attrs).await }, move |(users, threshold)| {
            blast.set(Some((after.clone(), crate::model::mapping::blast::blast_radius(&users, &before, &after), threshold)));
        });
    };
    let stale = move || blast.with(|b| b.as_ref().is_some_and(|(f, _, _)| current.with_value(|c| f != c)));
    view! {
        <section class="card" aria-labelledby="blast-heading" data-testid="blast-radius">
            <h3 id="blast-heading">"Blast radius of the filter change"</h3>
            <p>"The user mapping's scoping filter changed. Saving starts a full sync at the next cycle (no restart is needed): users who stop passing are soft-deleted in the target (restorable there for 30 days), users who start passing are created. See who, before saving."</p>
            <button type="button" class="button" data-testid="blast-compute" disabled=move || busy.get() on:click=compute>
                {move || if busy.get() { "Reading the users in scope…" } else if blast.with(Option::is_some) { "Compute again" } else { "Compute who the next cycle removes" }}
            </button>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || stale().then(|| view! { <MessageBar tone=Tone::Warning>"The filter changed since the forecast: compute it again before saving."</MessageBar> })}
            {move || blast.get().filter(|_| !stale()).map(|(_, result, threshold)| match result {
                Err(e) => view! { <p class="field-hint field-hint--error" role="alert">{e}</p> }.into_any(),
                Ok(b) => {
                    let summary = format!("In scope now: {}; after the change: {}. The next cycle soft-deletes {} user(s) in the target and creates {}.", b.in_scope_before, b.in_scope_after, b.removed.len(), b.added.len());
                    view! { <crate::ui::components::forecast::DeletionForecast blast=b threshold=threshold summary=summary typed=typed/> }.into_any()
                }
            })}
        </section>
    }
}
