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
                    let n = b.removed.len();
                    let csv = b.csv();
                    let json = b.json(threshold);
                    view! {
                        <p data-testid="blast-summary">{format!("In scope now: {}; after the change: {}. The next cycle soft-deletes {n} user(s) in the target and creates {}.", b.in_scope_before, b.in_scope_after, b.added.len())}</p>
                        {b.held_by(threshold).then(|| view! {
                            <MessageBar tone=Tone::Warning testid="blast-threshold">{format!("{n} deletions reach the accidental-deletion threshold ({}): the next cycle will hold them and quarantine the job until they are allowed on Monitor (Deletion review).", threshold.unwrap_or(0))}</MessageBar>
                        })}
                        {(n > 0).then(|| view! {
                            <ul class="plain-list" data-testid="blast-removed">
                                {b.removed.iter().take(50).map(|(id, name, upn)| view! { <li data-id=id.clone()>{format!("{name} ({upn})")}</li> }).collect_view()}
                            </ul>
                            {(n > 50).then(|| view! { <p class="muted">{format!("Showing 50 of {n}; the CSV has them all.")}</p> })}
                            <p class="muted">"Counted from the users the saved filter keeps: one whose provisioning failed is not in the target, so it is counted but nothing is deleted for it."</p>
                            <div class="field">
                                <label for="blast-confirm">{format!("Type {n} to confirm these deletions")}</label>
                                <input id="blast-confirm" data-testid="blast-confirm" inputmode="numeric" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                            </div>
                        })}
                        <div class="toolbar">
                            <button type="button" class="button" data-testid="blast-export" on:click=move |_| download("blast-radius.csv", "text/csv", &csv)>"Export the forecast (CSV)"</button>
                            <button type="button" class="button" data-testid="blast-export-json" on:click=move |_| download("blast-radius.json", "application/json", &json)>"Export the forecast (JSON)"</button>
                        </div>
                    }.into_any()
                }
            })}
        </section>
    }
}
