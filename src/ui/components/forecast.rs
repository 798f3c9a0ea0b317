//! A deletion forecast as the pages that gate a change show it: the summary, the accidental-deletion
//! threshold, who is soft-deleted (50 listed, all in the exports), and their count typed back.
//! Used by the mapping editor's blast radius and the wizard's removal forecast.

use crate::model::mapping::blast::Blast;
use crate::ui::components::download::download;
use crate::ui::components::tone::{MessageBar, Tone};
use leptos::prelude::*;

/// The forecast, with `summary` on top.
#[component]
pub fn DeletionForecast(blast: Blast, threshold: Option<u32>, summary: String, typed: RwSignal<String>) -> impl IntoView {
    let n = blast.removed.len();
    let csv = blast.csv();
    let json = blast.json(threshold);
    view! {
        <p data-testid="blast-summary">{summary}</p>
        {blast.held_by(threshold).then(|| view! {
            <MessageBar tone=Tone::Warning testid="blast-threshold">{format!("{n} deletions reach the accidental-deletion threshold ({}): the next cycle will hold them and quarantine the job until they are allowed on Monitor (Deletion review).", threshold.unwrap_or(0))}</MessageBar>
        })}
        {(n > 0).then(|| view! {
            <ul class="plain-list" data-testid="blast-removed">
                {blast.removed.iter().take(50).map(|(id, name, upn)| view! { <li data-id=id.clone()>{format!("{name} ({upn})")}</li> }).collect_view()}
            </ul>
            {(n > 50).then(|| view! { <p class="muted">{format!("Showing 50 of {n}; the CSV has them all.")}</p> })}
            <p class="muted">"Counted from the users in scope now: one whose provisioning failed is not in the target, so it is counted but nothing is deleted for it."</p>
            <div class="field">
                <label for="blast-confirm">{format!("Type {n} to confirm these deletions")}</label>
                <input id="blast-confirm" data-testid="blast-confirm" inputmode="numeric" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
        })}
        <div class="toolbar">
            <button type="button" class="button" data-testid="blast-export" on:click=move |_| download("blast-radius.csv", "text/csv", &csv)>"Export the forecast (CSV)"</button>
            <button type="button" class="button" data-testid="blast-export-json" on:click=move |_| download("blast-radius.json", "application/json", &json)>"Export the forecast (JSON)"</button>
        </div>
    }
}
