//! Step 7: pick source groups to assign, each with its eligibility and what syncing it will do.

use crate::ui::components::error_view::ErrorView;
use crate::ui::tenants::use_tenants;
use crate::graph::setup::groups::{details, search};
use crate::graph::monitor::on_demand::SourceUser;
use crate::ui::components::object_search::{Found, ObjectKind, ObjectSearch};
use crate::model::error::AppError;
use crate::model::setup::groups::{notes, GroupDetails, SourceGroup};
use leptos::prelude::*;
use crate::ui::components::tone::{Badge, MessageBar, Tone};

/// A group the admin selected, with its details once read.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedGroup {
    pub group: SourceGroup,
    pub details: Option<GroupDetails>,
}

/// Reads what syncing a selected group will do (members, nesting, a same-name group in the
/// target) into its entry of `selected`.
pub fn read_details(tenants: crate::ui::tenants::Tenants, selected: RwSignal<Vec<SelectedGroup>>, group: SourceGroup, error: RwSignal<Option<AppError>>) {
    leptos::task::spawn_local(async move {
        match details(tenants.source.graph(), tenants.target.graph(), &group).await {
            Ok(d) => selected.update(|s| {
                if let Some(g) = s.iter_mut().find(|g| g.group.id == group.id) {
                    g.details = Some(d);
                }
            }),
            Err(e) => error.set(Some(e)),
        }
    });
}

/// Search and select source users to assign directly (each is in scope by itself).
#[component]
pub fn UserPicker(selected: RwSignal<Vec<SourceUser>>) -> impl IntoView {
    let pick = Callback::new(move |f: Found| selected.update(|s| s.push(SourceUser { id: f.id, display_name: f.name, user_principal_name: f.detail })));
    view! {
        <div class="user-picker" data-testid="user-picker">
            <h3>"Users assigned directly"</h3>
            <ObjectSearch kind=ObjectKind::User id="user-search" label="Search source users by name".to_string() button="Search users"
                action=|n| format!("Select {n}") on_pick=pick testid="user-results"
                chosen=Signal::derive(move || selected.with(|s| s.iter().map(|u| u.id.clone()).collect()))/>
            <ul class="group-list" data-testid="selected-users">
                <For each=move || selected.get() key=|u| u.id.clone() let:u>
                    {
                        let id = u.id.clone();
                        view! { <li data-selected-user=u.display_name.clone()><span class="group-list__name">{u.display_name.clone()}</span>
                            <button type="button" class="button button--subtle" on:click=move |_| selected.update(|s| s.retain(|x| x.id != id))>{format!("Remove {}", u.display_name)}</button></li> }
                    }
                </For>
            </ul>
        </div>
    }
}

/// Search and select source groups; `selected` holds the choice.
#[component]
pub fn GroupPicker(selected: RwSignal<Vec<SelectedGroup>>) -> impl IntoView {
    let tenants = use_tenants();
    let text = RwSignal::new(String::new());
    let results = RwSignal::new(None::<(Vec<SourceGroup>, Option<u64>)>);
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let target_name = move || tenants.target.profile.get().map(|p| p.display_name).unwrap_or_default();

    let run_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let term = text.get_untracked().trim().to_string();
        if term.is_empty() {
            problem.set(Some("Type part of a group name, for example Sales.".into()));
            return;
        }
        problem.set(None);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match search(tenants.source.graph(), &term).await {
                Ok(found) => results.set(Some(found)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let add = move |group: SourceGroup| {
        if selected.with_untracked(|s| s.iter().any(|g| g.group.id == group.id)) {
            return;
        }
        selected.update(|s| s.push(SelectedGroup { group: group.clone(), details: None }));
        read_details(tenants, selected, group, error);
    };

    view! {
        <fieldset class="group-picker" data-testid="group-picker">
            <legend>"Groups to sync (step 7)"</legend>
            <p class="muted">"Only assigned groups are in scope, and only their direct user members. Search the source tenant:"</p>
            <form class="search-row" on:submit=run_search novalidate>
                <label for="group-search">"Search source groups by name"</label>
                <input id="group-search" type="search" autocomplete="off" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                    aria-describedby="group-search-hint" aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" }/>
                <button type="submit" class="button" disabled=move || busy.get()>{move || if busy.get() { "Searching…" } else { "Search" }}</button>
                <p id="group-search-hint" class="field-hint" class:field-hint--error=move || problem.with(Option::is_some)>
                    {move || problem.get().unwrap_or_else(|| "Matches words that start with what you type.".into())}
                </p>
            </form>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || results.get().map(|(groups, count)| view! {
                <p role="status" class="muted" data-testid="group-results-count">
                    {match count { Some(n) if n as usize > groups.len() => format!("Showing {} of {n} matching groups; refine the search to see others.", groups.len()), _ => format!("{} matching group(s).", groups.len()) }}
                </p>
                <ul class="group-list" data-testid="group-results">
                    {groups.into_iter().map(|g| {
                        let kind = g.kind();
                        let reason = kind.unsupported_reason();
                        let pick = g.clone();
                        let id = g.id.clone();
                        view! {
                            <li data-group=g.display_name.clone()>
                                <span class="group-list__name">{g.display_name.clone()}</span>
                                <Badge tone=if reason.is_some() { Tone::Danger } else { Tone::Neutral }>{kind.label()}</Badge>
                                {match reason {
                                    Some(r) => view! { <span class="muted">{r}</span> }.into_any(),
                                    None => view! {
                                        <button type="button" class="button" on:click=move |_| add(pick.clone())
                                            disabled=move || selected.with(|s| s.iter().any(|x| x.group.id == id))>
                                            {format!("Select {}", g.display_name)}
                                        </button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h3>"Selected"</h3>
            <Show when=move || selected.with(|s| !s.is_empty()) fallback=|| view! { <p class="muted" data-testid="no-groups">"No group selected yet."</p> }>
                <ul class="group-list" data-testid="selected-groups">
                    <For each=move || selected.get() key=|g| (g.group.id.clone(), g.details.is_some()) let:g>
                        {
                            let id = g.group.id.clone();
                            let label = format!("Remove {}", g.group.display_name);
                            let kind = g.group.kind().label();
                            view! {
                                <li data-selected=g.group.display_name.clone()>
                                    <span class="group-list__name">{g.group.display_name.clone()}</span>
                                    <Badge tone=Tone::Neutral>{kind}</Badge>
                                    <button type="button" class="button button--subtle" on:click=move |_| selected.update(|s| s.retain(|x| x.group.id != id))>{label}</button>
                                    {match &g.details {
                                        None => view! { <p class="muted" role="status">"Reading members…"</p> }.into_any(),
                                        Some(d) => view! { <ul class="notes">{notes(&g.group, d, &target_name()).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }.into_any(),
                                    }}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <MessageBar tone=Tone::Info role="note">
                "Group sync needs five things together: an Entra ID Governance or Entra Suite licence in the source (see Readiness), group sync allowed by the target, user sync, the scope \"Sync only assigned users and groups\", and the group object mapping (\"Provision Microsoft Entra ID Groups\"), which is off by default (groups are then skipped with EntityTypeNotSupported). With group sync chosen, the plan sets all of them."
            </MessageBar>
        </fieldset>
    }
}
