//! The source's configurations: one table that sorts and filters.

use super::{iso, now, tone};
use crate::graph::monitor::fleet::read_fleet;
use crate::model::error::AppError;
use crate::model::monitor::fleet::{filter, sort, FleetRow, Health, SortKey};
use crate::model::monitor::job::time_text;
use crate::model::permissions::{FLEET_SOURCE, ON_REQUEST_NAMES};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::tone::Badge;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, ConsentBanner};
use leptos::prelude::*;

/// The source's configurations.
#[component]
pub(super) fn Configurations(rows: RwSignal<Option<Vec<FleetRow>>>) -> impl IntoView {
    let source = use_tenants().source;
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let key = RwSignal::new(SortKey::Health);
    let descending = RwSignal::new(true);
    let text = RwSignal::new(String::new());
    let problems = RwSignal::new(false);
    let read_at = RwSignal::new(0i64);
    let consented = move || source.session.granted(&FLEET_SOURCE);
    let named = move || source.session.granted(&ON_REQUEST_NAMES);
    let load = move || run_busy(busy, error, read_fleet(source.graph(), named()), move |r| {
        read_at.set(now());
        rows.set(Some(r));
    });
    load_once_ready(move || source.profile.get().is_some() && consented(), load);
    let shown = Memo::new(move |_| {
        let at = read_at.get();
        rows.with(|r| {
            let mut all = r.clone().unwrap_or_default();
            sort(&mut all, key.get(), descending.get(), at);
            filter(&all, &text.get(), problems.get(), at).into_iter().cloned().collect::<Vec<_>>()
        })
    });
    let header = move |label: &'static str, k: SortKey| {
        let aria = move || if key.get() == k { if descending.get() { "descending" } else { "ascending" } } else { "none" };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="button button--subtle sort" data-testid=format!("fleet-sort-{label}") on:click=move |_| {
                    if key.get_untracked() == k { descending.update(|d| *d = !*d) } else { key.set(k); descending.set(k == SortKey::Health || k == SortKey::LastCycle) }
                }>{label}{move || if key.get() == k { if descending.get() { " ↓" } else { " ↑" } } else { "" }}</button>
            </th>
        }
    };
    let name = move || source.profile.get().map(|p| p.display_name).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="fleet-configs-heading" data-testid="fleet-configurations">
            <h2 id="fleet-configs-heading">{move || format!("Configurations in {}", name())}</h2>
            <Show when=move || !consented()>
                <ConsentBanner why="Reading every configuration, its job and its settings needs read permissions in the source tenant (Application.Read.All, Synchronization.Read.All)."
                    button="Grant fleet read access in the source tenant" on_grant=move || ask_consent(source.session, &FLEET_SOURCE, "/fleet", error)/>
            </Show>
            <Show when=move || consented() && !named()>
                <p class="muted">"Targets are shown by tenant ID. "
                    <button type="button" class="button button--subtle" data-testid="fleet-names-source" on:click=move |_| ask_consent(source.session, &ON_REQUEST_NAMES, "/fleet", error)>"Show tenant names"</button>
                    " (asks CrossTenantInformation.ReadBasic.All in the source)"</p>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || rows.with(Option::is_some)>
                <div class="toolbar">
                    <label for="fleet-filter">"Filter by name, target or state"</label>
                    <input id="fleet-filter" type="search" data-testid="fleet-filter" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                    <label class="checkbox">
                        <input type="checkbox" data-testid="fleet-problems" prop:checked=move || problems.get() on:change=move |ev| problems.set(event_target_checked(&ev))/>
                        "Only warnings and problems"
                    </label>
                    <button type="button" class="button" data-testid="fleet-refresh" disabled=move || busy.get() on:click=move |_| load()>{move || if busy.get() { "Reading…" } else { "Refresh" }}</button>
                </div>
                <p role="status" data-testid="fleet-summary">{move || {
                    let at = read_at.get();
                    rows.with(|r| r.as_ref().map(|r| {
                        let bad = r.iter().filter(|x| x.health(at) >= Health::Warning).count();
                        format!("{} configuration(s), {} shown, {bad} with a warning or a problem. Read {}.", r.len(), shown.with(Vec::len), time_text(Some(&iso(at))))
                    }))
                }}</p>
                <div class="table-wrap">
                    <table class="table" data-testid="fleet-table">
                        <thead><tr>
                            {header("Name", SortKey::Name)}{header("Target", SortKey::Target)}{header("State", SortKey::State)}{header("Last cycle", SortKey::LastCycle)}
                            <th scope="col">"Users, groups in sync"</th>{header("Health", SortKey::Health)}
                        </tr></thead>
                        <tbody>
                            {move || {
                                let at = read_at.get();
                                shown.get().into_iter().map(|r| {
                                    let health = r.health(at);
                                    let findings = r.findings(at);
                                    let first = findings.iter().max_by_key(|f| f.severity).map(|f| f.title.clone());
                                    let (users, groups) = r.counts();
                                    view! {
                                        <tr data-testid="fleet-row" data-health=health.label() data-configuration=r.configuration_id.clone()>
                                            <td><a href=format!("/monitor?configuration={}", r.configuration_id) aria-label=format!("Open Monitor for {}", r.name)>{r.name.clone()}</a></td>
                                            <td>{r.target()}</td>
                                            <td>{r.state()}{r.quarantine().map(|q| view! { <br/><span class="muted">{format!("Quarantine: {q}")}</span> })}</td>
                                            <td>{r.last_cycle_text()}</td>
                                            <td>{format!("{users}, {groups}")}</td>
                                            <td><Badge tone=tone(health)>{health.label()}</Badge>{first.map(|t| view! { " " <span>{t}</span> })}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <Show when=move || rows.with(|r| r.as_ref().is_some_and(Vec::is_empty))>
                    <p data-testid="fleet-empty">"This tenant has no cross-tenant sync configuration."</p>
                </Show>
            </Show>
            <Show when=move || busy.get() && rows.with(Option::is_none)><p role="status" class="muted">"Reading every configuration…"</p></Show>
        </section>
    }
}
