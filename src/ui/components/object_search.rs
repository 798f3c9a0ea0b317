//! Find a user or a group of the source tenant by name and act on one: the pickers, the
//! expression test and provisioning on demand share this one form and list. The search runs as
//! an [`Action`]: its pending state is the busy state, its value the result or the error.

use crate::graph::client::Graph;
use crate::model::error::AppError;
use crate::ui::components::error_view::ErrorView;
use leptos::prelude::*;

/// What to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    User,
    Group,
}

/// One object found: its ID, the name to show, and a second line (the UPN of a user).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub name: String,
    pub detail: String,
}

async fn find(graph: Graph, kind: ObjectKind, term: String) -> Result<Vec<Found>, AppError> {
    Ok(match kind {
        ObjectKind::User => crate::graph::monitor::on_demand::search_users(graph, &term).await?.into_iter().map(|u| Found { id: u.id, name: u.display_name, detail: u.user_principal_name }).collect(),
        ObjectKind::Group => crate::graph::setup::groups::search(graph, &term).await?.0.into_iter().map(|g| Found { id: g.id, name: g.display_name, detail: String::new() }).collect(),
    })
}

/// The search form and the objects found, each with one action button.
#[component]
pub fn ObjectSearch(
    #[prop(into)] kind: Signal<ObjectKind>,
    /// The input's ID (unique on the page).
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    button: &'static str,
    /// The action button's text for a found object's name.
    action: fn(&str) -> String,
    on_pick: Callback<Found>,
    /// Disables the action buttons (the action itself is running).
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// IDs already chosen: their buttons are disabled.
    #[prop(optional, into)]
    chosen: Signal<Vec<String>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let graph = crate::ui::tenants::use_tenants().source;
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(false);
    let search = Action::new_local(move |(kind, term): &(ObjectKind, String)| find(graph.graph(), *kind, term.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let term = text.get_untracked().trim().to_string();
        problem.set(term.is_empty());
        if !term.is_empty() {
            search.dispatch_local((kind.get_untracked(), term));
        }
    };
    let hint = format!("{id}-hint");
    view! {
        <form class="search-row" on:submit=submit novalidate>
            <label for=id>{move || label.get()}</label>
            <input id=id type="search" autocomplete="off" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                aria-describedby=hint.clone() aria-invalid=move || if problem.get() { "true" } else { "false" }/>
            <button type="submit" class="button" disabled=move || search.pending().get()>{move || if search.pending().get() { "Searching…" } else { button }}</button>
            <p id=hint class="field-hint" class:field-hint--error=move || problem.get()>
                {move || if problem.get() { "Type part of a name first." } else { "Matches names that start with what you type." }}
            </p>
        </form>
        {move || search.value().get().and_then(Result::err).map(|e| view! { <ErrorView error=e/> })}
        <ul class="group-list" data-testid=testid>
            <For each=move || search.value().get().and_then(Result::ok).unwrap_or_default() key=|f| f.id.clone() let:f>
                {
                    let label = action(&f.name);
                    let id = f.id.clone();
                    let taken = move || chosen.with(|c| c.contains(&id));
                    view! {
                        <li><span class="group-list__name">{f.name.clone()}</span><span class="muted">{f.detail.clone()}</span>
                            <button type="button" class="button" disabled=move || busy.get() || taken() on:click=move |_| on_pick.run(f.clone())>{label}</button></li>
                    }
                }
            </For>
        </ul>
    }
}
