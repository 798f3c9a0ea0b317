//! Step 9: every request of the plan before anything is sent, apply with progress, and what the
//! last apply said.

use super::requests::PlannedRequests;
use super::wizard::{use_wizard, Wizard};
use crate::ui::components::error_view::ErrorView;
use leptos::prelude::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// Review and apply.
#[component]
pub(super) fn ReviewPage() -> impl IntoView {
    let w = use_wizard();
    view! {
        <section class="plan" aria-labelledby="plan-heading" data-testid="plan-step">
            <h2 id="plan-heading">"Review and apply (step 9)"</h2>
            <p class="muted">"Every write is listed below before anything is sent. Applying again after a reload or an error continues where it stopped and never creates anything twice."</p>
            <ApplyMessages w=w/>
            {move || { w.document.track(); w.pair_document() }.map(|d| view! {
                <MessageBar tone=Tone::Info testid="plan-document">
                    <p>{format!("This plan comes from a pair document ({} → {}, configuration \"{}\"): besides the choices on the other pages, it sets both redemption switches and group sync as the document has them, and puts the document's mappings in place.", d.source.display_name, d.target.display_name, d.configuration.display_name)}</p>
                    <button type="button" class="button" data-testid="plan-document-stop" on:click=move |_| w.document.set(None)>"Stop using the document"</button>
                </MessageBar>
            })}
            {move || match w.planned.get() {
                None if w.reading.get() => view! { <p class="muted" role="status">"Reading both tenants…"</p> }.into_any(),
                None => view! { <MessageBar tone=Tone::Info testid="plan-none">"No plan yet: connect both tenants, grant writing, and fix any step marked in the list."</MessageBar> }.into_any(),
                Some(writes) if writes.is_empty() => view! { <MessageBar tone=Tone::Info testid="plan-empty">"Nothing to change: both tenants already match these settings."</MessageBar> }.into_any(),
                Some(writes) => view! { <PlannedRequests w=w writes=writes/> }.into_any(),
            }}
        </section>
    }
}

/// The apply's log beyond the planned requests, the resume notice and the last error.
#[component]
pub(super) fn ApplyMessages(w: Wizard) -> impl IntoView {
    view! {
        <Show when=move || w.notes.with(|n| !n.is_empty())>
            <MessageBar tone=Tone::Warning testid="apply-notes">
                <p>"The apply log: what was done besides the planned requests"</p>
                <ul>{move || w.notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </MessageBar>
        </Show>
        {move || w.resumed.get().map(|n| view! {
            <MessageBar tone=Tone::Info testid="apply-resume">
                {format!("An earlier apply for this pair stopped after {n} write(s). The plan shows what is left; applying it continues from there.")}
            </MessageBar>
        })}
        {move || w.error.get().map(|e| view! { <ErrorView error=e/> })}
    }
}
