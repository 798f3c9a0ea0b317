//! What the As code page shows about a checked document: its drift from the live pair, and how
//! its users and groups were found in the signed-in source.

use super::file_name;
use crate::graph::as_code::Live;
use crate::model::as_code::apply::{problem, MatchKey, Matched, Outcome};
use crate::model::as_code::drift::drift;
use crate::model::as_code::{to_text, PairDocument};
use crate::ui::components::download::download;
use crate::ui::components::tone::{Badge, Tone};
use leptos::prelude::*;

/// The document against the live pair, field by field, and the way to take the live pair as the
/// new document.
#[component]
pub(super) fn DriftCard(doc: PairDocument, live: Live) -> impl IntoView {
    let l = live;
    let current = l.doc.clone().ok();
    let update = move |_| {
        if let Some(now) = &current {
            download(&file_name(now), "application/json", &to_text(now));
        }
    };
    view! {
        <section class="card" aria-labelledby="drift-heading">
                    <h2 id="drift-heading">"Drift: the document against the live pair"</h2>
                    {match &l.doc {
                        Err(m) => view! { <p data-testid="drift-no-live">{m.clone()}</p> }.into_any(),
                        Ok(now) => {
                            let items = drift(&doc, now);
                            if items.is_empty() {
                                view! { <p data-testid="drift-none"><Badge tone=Tone::Success>"No drift"</Badge>" The live pair matches the document field by field."</p> }.into_any()
                            } else {
                                view! {
                                    <p>{format!("{} difference(s). Make the pair match the document (the plan below), or update the document from the pair.", items.len())}</p>
                                    <div class="table-wrap">
                                        <table class="table" data-testid="drift-list">
                                            <thead><tr><th scope="col">"Tenant"</th><th scope="col">"Where"</th><th scope="col">"What"</th><th scope="col">"Document"</th><th scope="col">"Live"</th></tr></thead>
                                            <tbody>{items.into_iter().map(|d| view! { <tr data-testid="drift-item"><td>{d.side}</td><td>{d.place}</td><td>{d.what}</td><td><code>{d.document}</code></td><td><code>{d.live}</code></td></tr> }).collect_view()}</tbody>
                                        </table>
                                    </div>
                                    <button type="button" class="button" data-testid="drift-update-document" on:click=update>"Update the document from the pair (download)"</button>
                                }.into_any()
                            }
                        }
                    }}
                </section>
    }
}

/// Each of the document's users and groups and what the key found for it.
#[component]
pub(super) fn MatchTable(list: Vec<Matched>, key: MatchKey) -> impl IntoView {
    let k = key;
    let unusable = list.iter().filter(|m| problem(m, k).is_some()).count();
    view! {
                            <p data-testid="match-summary">{format!("{} of {} found.", list.len() - unusable, list.len())}{(unusable > 0).then_some(" Resolve the others before planning: they are listed, not guessed.")}</p>
                            <div class="table-wrap">
                                <table class="table" data-testid="match-table">
                                    <thead><tr><th scope="col">"Type"</th><th scope="col">"In the document"</th><th scope="col">"In this tenant"</th></tr></thead>
                                    <tbody>{list.into_iter().map(|m| {
                                        let (found, tone) = match &m.outcome {
                                            Outcome::Found(c) => (format!("{} ({})", c.display_name, c.id), "found"),
                                            _ => (problem(&m, k).unwrap_or_default(), "missing"),
                                        };
                                        view! { <tr data-testid="match-row" data-outcome=tone><td>{m.assignment.principal_type.clone()}</td><td>{format!("{} ({})", m.assignment.display_name, m.assignment.principal_id)}</td><td>{found}</td></tr> }
                                    }).collect_view()}</tbody>
                                </table>
                            </div>
                        }
}
