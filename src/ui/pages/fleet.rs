//! Fleet: every partner at once. For the signed-in source, every cross-tenant sync configuration
//! (all targets) in one table that sorts and filters, each row opening Monitor for it. For the
//! signed-in target, every partner of the cross-tenant access policy with its switches, and the
//! trust review.

use crate::graph::monitor::fleet::{read_fleet, read_partners, Partners};
use crate::model::error::AppError;
use crate::model::monitor::fleet::{filter, sort, trust_review, FleetRow, Health, SortKey, SourceView, IDLE_DAYS};
use crate::model::monitor::job::{time_text, Severity};
use crate::model::permissions::{FLEET_SOURCE, FLEET_TARGET, ON_REQUEST_MTO, ON_REQUEST_NAMES, WRITE_TARGET};
use crate::model::setup::plan::PlannedWrite;
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::findings::{FindingItem, FindingList};
use crate::ui::components::tone::{Badge, MessageBar, Tone};
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, ConsentBanner};
use leptos::prelude::*;

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn iso(seconds: i64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0)).to_iso_string())
}

fn tone(h: Health) -> Tone {
    match h {
        Health::Healthy => Tone::Success,
        Health::Info => Tone::Neutral,
        Health::Warning => Tone::Warning,
        Health::Problem => Tone::Danger,
    }
}

/// The page.
#[component]
pub fn FleetPage() -> impl IntoView {
    let tenants = use_tenants();
    // The source's configurations, read once and shared: the trust review asks them whether the
    // signed-in source still has a configuration for the signed-in target.
    let rows = RwSignal::new(None::<Vec<FleetRow>>);
    view! {
        <section class="page" data-testid="page-fleet">
            <h1>"Fleet"</h1>
            <p>"Every configuration of the signed-in source tenant, whatever its target, and every partner of the signed-in target tenant, in one place. The admin center shows each as a separate enterprise application and a separate row of cross-tenant access settings."</p>
            <Show when=move || !tenants.source.connection().is_connected() && !tenants.target.connection().is_connected()>
                <MessageBar tone=Tone::Info>"Connect a source tenant (its configurations) or a target tenant (its partners) on Setup first."</MessageBar>
            </Show>
            <Show when=move || tenants.source.connection().is_connected()><Configurations rows=rows/></Show>
            <Show when=move || tenants.target.connection().is_connected()><PartnerReview rows=rows/></Show>
        </section>
    }
}

/// The source's configurations.
#[component]
fn Configurations(rows: RwSignal<Option<Vec<FleetRow>>>) -> impl IntoView {
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

/// The target's partners and the trust review.
#[component]
fn PartnerReview(rows: RwSignal<Option<Vec<FleetRow>>>) -> impl IntoView {
    let tenants = use_tenants();
    let target = tenants.target;
    let found = RwSignal::new(None::<Partners>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let read_at = RwSignal::new(0i64);
    let consented = move || target.session.granted(&FLEET_TARGET);
    let named = move || target.session.granted(&ON_REQUEST_NAMES);
    let with_mto = move || target.session.granted(&ON_REQUEST_MTO);
    let applying = RwSignal::new(false);
    let applied = RwSignal::new(None::<String>);
    let load = move || {
        let since = iso(now() - IDLE_DAYS * 86_400);
        let (names, mto) = (named(), with_mto());
        run_busy(busy, error, async move { read_partners(target.graph(), &since, names, mto).await }, move |p| {
            read_at.set(now());
            found.set(Some(p));
        })
    };
    load_once_ready(move || target.profile.get().is_some() && consented(), load);
    // What the signed-in source says about itself, when it is one of the partners: whether it
    // still has a configuration for this target (from the configurations read above).
    let source_view = Memo::new(move |_| {
        let (sp, tp) = (tenants.source.profile.get()?, target.profile.get()?);
        rows.with(|r| r.as_ref().map(|r| SourceView { tenant_id: sp.tenant_id, has_configuration: r.iter().any(|x| x.target_id.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&tp.tenant_id))) }))
    });
    let findings = Signal::derive(move || {
        found.with(|f| f.as_ref().map(|p| {
            let sv = source_view.get();
            trust_review(&p.rows, read_at.get(), p.audit_error.is_none() && p.named, sv.as_ref())
                .into_iter()
                .map(|t| FindingItem {
                    tone: match t.severity { Severity::Problem => Tone::Danger, Severity::Warning => Tone::Warning, Severity::Info => Tone::Info },
                    title: t.title,
                    detail: Some(t.detail),
                    remedy: Some(t.remedy),
                    rule: None,
                })
                .collect::<Vec<_>>()
        }).unwrap_or_default())
    });
    let yes_no = |b: bool| if b { "on" } else { "off" };
    let name = move || target.profile.get().map(|p| p.display_name).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="fleet-partners-heading" data-testid="fleet-partners">
            <h2 id="fleet-partners-heading">{move || format!("Partners of {}", name())}</h2>
            <Show when=move || !consented()>
                <ConsentBanner why="The trust review reads what Microsoft.Azure.SyncFabric wrote in the last 30 days (AuditLog.Read.All with Directory.Read.All) in the target tenant."
                    button="Grant fleet read access in the target tenant" on_grant=move || ask_consent(target.session, &FLEET_TARGET, "/fleet", error)/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || found.get().map(|p| view! {
                {p.audit_error.clone().map(|e| view! { <MessageBar tone=Tone::Warning testid="fleet-audit-unread">{format!("The audit log could not be read ({e}), so idle partners are not judged.")}</MessageBar> })}
                {p.audit_capped.then(|| view! { <MessageBar tone=Tone::Info>"The audit log had more entries in 30 days than are read here (10 pages of 999); partners are judged on the newest."</MessageBar> })}
                {(!p.named).then(|| view! {
                    <p class="muted">"Partners are shown by tenant ID, and idle partners are not judged: the audit log's writes are told apart by the partners' domains. "
                        <button type="button" class="button button--subtle" data-testid="fleet-names-target" on:click=move |_| ask_consent(target.session, &ON_REQUEST_NAMES, "/fleet", error)>"Show tenant names"</button>
                        " (asks CrossTenantInformation.ReadBasic.All in the target)"</p>
                })}
                {match p.mto.clone() {
                    None => view! {
                        <p class="muted">
                            <button type="button" class="button button--subtle" data-testid="fleet-mto" on:click=move |_| ask_consent(target.session, &ON_REQUEST_MTO, "/fleet", error)>"Show the multi-tenant organization"</button>
                            " (asks MultiTenantOrganization.Read.All in the target; offered in the global service only)"</p>
                    }.into_any(),
                    Some(Ok(Some(m))) => view! {
                        <h3>{format!("Multi-tenant organization: {}", m.display_name)}</h3>
                        <div class="table-wrap">
                            <table class="table" data-testid="mto-table">
                                <thead><tr><th scope="col">"Tenant"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col">"Partner here"</th></tr></thead>
                                <tbody>{m.members.iter().map(|x| {
                                    let partner = p.rows.iter().any(|r| r.tenant_id.eq_ignore_ascii_case(&x.tenant_id));
                                    view! { <tr data-testid="mto-row"><td>{format!("{} ({})", x.display_name.clone().unwrap_or_default(), x.tenant_id)}</td><td>{x.role.clone().unwrap_or_else(|| "not given".into())}</td><td>{x.state.clone().unwrap_or_else(|| "not given".into())}</td><td>{if partner { "yes" } else { "no" }}</td></tr> }
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Some(Ok(None)) => view! { <p class="muted" data-testid="mto-none">"This tenant is not part of a multi-tenant organization."</p> }.into_any(),
                    Some(Err(e)) => view! { <MessageBar tone=Tone::Warning testid="mto-unread">{format!("The multi-tenant organization could not be read ({e}). Reading it needs MultiTenantOrganization.Read.All and Security Reader, Global Reader or Security Administrator.")}</MessageBar> }.into_any(),
                }}
                <div class="table-wrap">
                    <table class="table" data-testid="partner-table">
                        <thead><tr><th scope="col">"Partner"</th><th scope="col">"Inbound user sync"</th><th scope="col">"Inbound group sync"</th><th scope="col">"Inbound redemption"</th><th scope="col">"Outbound redemption"</th><th scope="col">"Last write (30 days)"</th><th scope="col">"Multi-tenant organization"</th></tr></thead>
                        <tbody>{p.rows.iter().map(|r| view! {
                            <tr data-testid="partner-row" data-tenant=r.tenant_id.clone()>
                                <td>{r.label()}</td><td>{yes_no(r.user_sync)}</td><td>{yes_no(r.group_sync)}</td><td>{yes_no(r.inbound_redemption)}</td><td>{yes_no(r.outbound_redemption)}</td>
                                <td>{r.last_write.map(|t| time_text(Some(&iso(t)))).unwrap_or_else(|| "none seen".into())}</td>
                                <td>{match r.in_mto { Some(true) => "member", Some(false) => "no", None => "not said" }}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
            <h3>"Trust review"</h3>
            <p class="muted">"A synced user's name in this tenant carries its partner's default domain (alias_domain#EXT#@…); that is how writes are told apart. A partner whose users carry another of its domains shows no writes: check before turning it off."</p>
            <FindingList items=findings testid="trust-findings" empty="No partner allows sync or automatic redemption."/>
            {move || {
                let changes: Vec<PlannedWrite> = found.with(|f| f.as_ref().map(|p| {
                    let sv = source_view.get();
                    trust_review(&p.rows, read_at.get(), p.audit_error.is_none() && p.named, sv.as_ref()).into_iter().filter_map(|t| t.change).collect()
                }).unwrap_or_default());
                let mut unique: Vec<PlannedWrite> = vec![];
                for c in changes {
                    if !unique.iter().any(|u| u.id == c.id) {
                        unique.push(c);
                    }
                }
                (!unique.is_empty()).then(|| view! {
                    <h3>"Changes the review suggests"</h3>
                    <p class="muted">"Each is one planned request, shown before it is sent; applying it reads the partners again."</p>
                    <ol class="plan-list" data-testid="trust-changes">
                        {unique.into_iter().map(|w| {
                            let write = w.clone();
                            let apply = move |_| {
                                // Writing the partner policy needs the setup's write permission in the target.
                                if !target.session.granted(&WRITE_TARGET) {
                                    return ask_consent(target.session, &WRITE_TARGET, "/fleet", error);
                                }
                                let w = write.clone();
                                run_busy(applying, error, async move {
                                    let (mut outputs, mut notes) = (Default::default(), vec![]);
                                    crate::graph::setup::apply::apply_one(target.graph(), &w, &mut outputs, &mut notes).await.map(|_| w.purpose.clone())
                                }, move |done| {
                                    applied.set(Some(format!("Done: {done}")));
                                    load();
                                });
                            };
                            view! {
                                <li class="plan-item" data-write=w.id.clone()>
                                    <p>{w.purpose.clone()}</p>
                                    <p><code>{format!("{} /{}{}", w.method, w.version, w.path)}</code></p>
                                    {w.body.as_ref().map(|b| view! { <pre class="json">{serde_json::to_string_pretty(b).unwrap_or_default()}</pre> })}
                                    <button type="button" class="button" data-testid="trust-apply" disabled=move || applying.get() on:click=apply>{format!("Apply: {}", w.purpose)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                })
            }}
            {move || applied.get().map(|m| view! { <p role="status" data-testid="trust-applied">{m}</p> })}
        </section>
    }
}
