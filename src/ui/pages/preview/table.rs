//! The preview's results: counts, what the documentation does not say, the lists of nested and
//! same-name groups, and the outcomes 50 to a page (never more rows in the document), filtered by
//! outcome, with CSV and JSON export.

use crate::model::preview::{Kind, Outcome, Preview};
use crate::ui::components::download::download;
use crate::ui::components::tone::{Badge, Tone};
use leptos::prelude::*;

/// Rows on one page of the table.
const PAGE: usize = 50;

fn tone(k: Kind) -> Tone {
    match k {
        Kind::Create | Kind::Update => Tone::Success,
        Kind::Skip => Tone::Warning,
        Kind::Fail => Tone::Danger,
    }
}

fn row(o: Outcome) -> impl IntoView {
    let code = o.code.map(|c| if o.code_undocumented { format!("{c} (code not documented by Microsoft)") } else { c.to_string() });
    view! {
        <tr data-testid="preview-row" data-outcome=o.kind.label() data-source-id=o.source_id.clone()>
            <td>{o.object}</td>
            <td><span>{o.name}</span>{(!o.principal.is_empty()).then(|| view! { <br/><span class="muted">{o.principal}</span> })}</td>
            <td><Badge tone=tone(o.kind)>{o.kind.label()}</Badge></td>
            <td>{code}</td>
            <td>{o.why}</td>
            <td>{o.what_to_do}</td>
        </tr>
    }
}

/// The results.
#[component]
pub(super) fn OutcomeTable(preview: RwSignal<Preview>, finished: Signal<bool>) -> impl IntoView {
    let only = RwSignal::new(None::<Kind>);
    let page = RwSignal::new(0usize);
    let shown = Memo::new(move |_| preview.with(|p| p.outcomes.iter().filter(|o| only.get().is_none_or(|k| o.kind == k)).count()));
    let pages = move || shown.get().div_ceil(PAGE).max(1);
    let rows = move || {
        let at = page.get().min(pages() - 1) * PAGE;
        preview.with(|p| p.outcomes.iter().filter(|o| only.get().is_none_or(|k| o.kind == k)).skip(at).take(PAGE).cloned().collect::<Vec<_>>())
    };
    let summary = move || preview.with(|p| format!("{} object(s): {} created, {} updated (matched), {} skipped, {} failed.", p.outcomes.len(), p.count(Kind::Create), p.count(Kind::Update), p.count(Kind::Skip), p.count(Kind::Fail)));
    let choose = move |ev: leptos::ev::Event| {
        only.set(match event_target_value(&ev).as_str() { "create" => Some(Kind::Create), "update" => Some(Kind::Update), "skip" => Some(Kind::Skip), "fail" => Some(Kind::Fail), _ => None });
        page.set(0);
    };
    view! {
        <section class="card" aria-labelledby="preview-results-heading" data-testid="preview-results">
            <h2 id="preview-results-heading">"Predicted outcome"</h2>
            <p role="status" data-testid="preview-summary">{summary}</p>
            <p class="muted">"A B2B user is matched when its invitation was redeemed and its mail is the source user's: Graph does not show the alternativeSecurityIdentifier the service matches on, so a guest who redeemed with another identity (a one-time passcode, a personal account) is predicted as matched but would fail. Codes marked \"not documented\" are the ones Microsoft's documentation does not name for that case."</p>
            {move || preview.with(|p| (!p.nested.is_empty()).then(|| view! {
                <div data-testid="preview-nested"><h3>"Nested groups whose members will not arrive"</h3>
                <ul>{p.nested.iter().map(|(g, n)| view! { <li>{format!("{n} (inside {g})")}</li> }).collect_view()}</ul></div>
            }))}
            {move || preview.with(|p| (!p.same_name.is_empty()).then(|| view! {
                <div data-testid="preview-same-name"><h3>"Groups that already exist in the target and will not be adopted"</h3>
                <ul>{p.same_name.iter().map(|(g, id)| view! { <li>{format!("{g}: a second group is created beside the existing one ({id})")}</li> }).collect_view()}</ul></div>
            }))}
            <div class="toolbar">
                <label for="preview-only">"Show"</label>
                <select id="preview-only" data-testid="preview-only" on:change=choose>
                    <option value="all">"Every outcome"</option>
                    <option value="create">"Created"</option>
                    <option value="update">"Updated (matched)"</option>
                    <option value="skip">"Skipped"</option>
                    <option value="fail">"Failed"</option>
                </select>
                <button type="button" class="button" data-testid="preview-export-csv" disabled=move || !finished.get() on:click=move |_| download("impact-preview.csv", "text/csv", &preview.with(Preview::csv))>"Export CSV"</button>
                <button type="button" class="button" data-testid="preview-export-json" disabled=move || !finished.get() on:click=move |_| download("impact-preview.json", "application/json", &preview.with(Preview::json))>"Export JSON"</button>
            </div>
            <div class="table-wrap">
                <table data-testid="preview-table">
                    <caption class="visually-hidden">"Predicted outcome per object"</caption>
                    <thead><tr><th scope="col">"Type"</th><th scope="col">"Object"</th><th scope="col">"Outcome"</th><th scope="col">"Code"</th><th scope="col">"Why"</th><th scope="col">"What to do"</th></tr></thead>
                    <tbody>{move || rows().into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <nav class="toolbar" aria-label="Preview pages">
                <button type="button" class="button" data-testid="preview-prev" disabled=move || page.get() == 0 on:click=move |_| page.update(|n| *n = n.saturating_sub(1))>"Previous 50"</button>
                <span data-testid="preview-page">{move || format!("Page {} of {}", page.get().min(pages() - 1) + 1, pages())}</span>
                <button type="button" class="button" data-testid="preview-next" disabled=move || { page.get() + 1 >= pages() } on:click=move |_| page.update(|n| *n += 1)>"Next 50"</button>
            </nav>
        </section>
    }
}
