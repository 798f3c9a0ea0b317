//! Monitoring: the configuration's job health and its provisioning log, with every code explained.

use crate::graph::monitor::{allow_deletes, audits, configurations, events_page, job, Monitored};
use crate::model::audit::DirectoryAudit;
use crate::model::log_stats::{filtered, page, stats};
use crate::model::timeline::{history, Side};
use crate::ui::components::time_chart::TimeChart;
use crate::model::audit::{PROVISIONING_FILTER, SYNC_FABRIC_FILTER};
use crate::model::provisioning::to_csv;
use crate::model::tenant::TenantRole;
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::download::download;
use crate::graph::on_demand::{provision_user, search_users, SourceUser};
use crate::model::on_demand::OnDemandResult;
use crate::model::error::AppError;
use crate::model::explain::explain;
use crate::model::job::{epoch_seconds, Severity, SyncJob};
use crate::model::provisioning::{LogFilter, ProvisioningEvent};
use crate::ui::components::error_view::ErrorView;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, SourcePagePreamble};
use leptos::prelude::*;

/// Scopes the dashboards need in the source tenant (all read-only).
use crate::model::permissions::MONITOR_SOURCE as MONITOR_SCOPES;
/// The target's audit log needs this one scope there.
use crate::model::permissions::MONITOR_TARGET as TARGET_AUDIT_SCOPES;

/// What the Monitor's sections share: the loaded events (newest first), the link to older ones,
/// and the target's audit entries once read (for the per-object history).
#[derive(Clone, Copy)]
struct MonitorData {
    events: RwSignal<Vec<ProvisioningEvent>>,
    next: RwSignal<Option<String>>,
    target_audits: RwSignal<Option<Vec<DirectoryAudit>>>,
    /// Events the server returned that named another job and were set aside (counted, not hidden).
    set_aside: RwSignal<usize>,
    /// Why the log's first page could not be read (the rest of the page still works).
    log_error: RwSignal<Option<AppError>>,
}

/// Seconds between automatic refreshes; each costs one report request per tenant (the first page
/// of the provisioning log), far inside 5 per 10 s.
const AUTO_REFRESH_S: u32 = 60;

/// The Monitor page.
#[component]
pub fn MonitorPage() -> impl IntoView {
    let tenants = use_tenants();
    let source = tenants.source;
    let monitored = RwSignal::new(None::<Monitored>);
    let shared = MonitorData { events: RwSignal::new(vec![]), next: RwSignal::new(None), target_audits: RwSignal::new(None), set_aside: RwSignal::new(0), log_error: RwSignal::new(None) };
    provide_context(shared);
    let none = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let auto = RwSignal::new(false);
    let refreshed_at = RwSignal::new(None::<String>);
    let consented = move || source.session.granted(&MONITOR_SCOPES);
    let load = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let target_id = tenants.target.profile.get_untracked().map(|p| p.tenant_id);
        leptos::task::spawn_local(async move {
            let result = async {
                let graph = source.graph();
                let mut m = match monitored.get_untracked() {
                    Some(m) => m,
                    None => match configurations(graph, target_id.as_deref()).await?.into_iter().next() {
                        Some(m) => m,
                        None => return Ok(None),
                    },
                };
                // Each part on its own: a refused job read leaves the log and the audits working.
                if let Ok(j) = &m.job {
                    let id = j.id.clone();
                    m.job = job(graph, &m.configuration.id, &id).await;
                }
                let job_id = m.job.as_ref().ok().map(|j| j.id.clone());
                let log = events_page(graph, job_id.as_deref(), &m.configuration.id, None).await;
                Ok::<_, AppError>(Some((m, log)))
            }
            .await;
            match result {
                Ok(Some((m, log))) => {
                    match log {
                        Ok((page, next, set_aside)) => {
                            shared.log_error.set(None);
                            let first_load = shared.events.with_untracked(Vec::is_empty);
                            if first_load {
                                shared.next.set(next);
                            }
                            shared.set_aside.update(|n| *n += set_aside);
                            // New events go on top; what was loaded before stays (no duplicates by ID).
                            shared.events.update(|all| merge_newest(all, page));
                        }
                        Err(e) => shared.log_error.set(Some(e)),
                    }
                    monitored.set(Some(m));
                    none.set(false);
                    refreshed_at.set(Some(time_text(Some(&iso_now()))));
                }
                Ok(None) => none.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    load_once_ready(move || source.profile.get().is_some() && consented(), load);
    // Automatic refresh while ticked; the interval stops when unticked or when the page goes.
    let ticker = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    Effect::new(move |_| {
        let on = auto.get();
        ticker.update_value(|t| *t = on.then(|| gloo_timers::callback::Interval::new(AUTO_REFRESH_S * 1000, move || load())));
    });
    on_cleanup(move || ticker.update_value(|t| *t = None));
    let grant = move || ask_consent(source.session, &MONITOR_SCOPES, "/monitor", error);
    let ids = Memo::new(move |_| monitored.with(|m| m.as_ref().and_then(|m| m.job.as_ref().ok().map(|j| (m.configuration.id.clone(), j.id.clone())))));
    let log_scope = Memo::new(move |_| monitored.with(|m| m.as_ref().map(|m| (m.configuration.id.clone(), m.job.as_ref().ok().map(|j| j.id.clone())))));
    let held = move || shared.events.with(|e| e.iter().filter(|x| x.provisioning_action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case("stagedDelete"))).cloned().collect::<Vec<_>>());
    let too_many_deletes = move || monitored.with(|m| m.as_ref().and_then(|m| m.job.as_ref().ok()).and_then(|j| j.status.as_ref()).and_then(|s| s.quarantine.as_ref()).and_then(|q| q.reason.as_deref()) == Some("TooManyDeletes"));
    view! {
        <section class="page" data-testid="page-monitor">
            <h1>"Monitor"</h1>
            <SourcePagePreamble
                not_connected="The job, its provisioning logs and the source audit log live in the source tenant. Connect the source tenant to see them; connect the target tenant to add its audit log."
                why="Reading the job and its provisioning logs needs read permissions in the source tenant (Synchronization.Read.All, AuditLog.Read.All with Directory.Read.All, Application.Read.All)."
                button="Grant monitoring read access" consented=Signal::derive(consented) on_grant=grant error=error none=none none_testid="monitor-none"/>
            <Show when=move || consented() && source.connection().is_connected()>
                <div class="toolbar">
                    <button type="button" class="button" data-testid="monitor-refresh" disabled=move || busy.get() on:click=move |_| load()>
                        {move || if busy.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                    <label class="checkbox">
                        <input type="checkbox" data-testid="monitor-auto" prop:checked=move || auto.get() on:change=move |ev| auto.set(event_target_checked(&ev))/>
                        {format!("Refresh every {AUTO_REFRESH_S} s")}
                    </label>
                    <span class="muted" data-testid="monitor-refreshed">{move || refreshed_at.get().map(|t| format!("Last read {t}. Report reads are paced to 5 per 10 s per tenant."))}</span>
                </div>
            </Show>
            {move || monitored.get().map(|m| match m.job {
                Ok(job) => view! { <JobOverview configuration=m.configuration.display_name.clone() job=job/> }.into_any(),
                Err(e) => view! {
                    <article class="card" data-testid="job-unreadable" aria-labelledby="job-heading">
                        <h2 id="job-heading">{m.configuration.display_name.clone()}</h2>
                        <p>"The synchronization job could not be read. The provisioning log and the audit logs below do not depend on it. Reading the job needs Synchronization.Read.All in the source tenant, granted by an admin."</p>
                        <ErrorView error=e/>
                    </article>
                }.into_any(),
            })}
            {move || (too_many_deletes()).then(|| ids.get().map(|(c, j)| view! { <DeletionReview configuration_id=c job_id=j held=held()/> }))}
            {move || log_scope.get().map(|(c, j)| view! {
                {match j.clone() {
                    Some(j) => view! { <OnDemand configuration_id=c.clone() job_id=j/> }.into_any(),
                    None => view! {
                        <section class="card" data-testid="on-demand" aria-labelledby="on-demand-heading">
                            <h2 id="on-demand-heading">"Provision a user on demand"</h2>
                            <p class="message-bar message-bar--warning">"Needs the job, which could not be read (see above)."</p>
                        </section>
                    }.into_any(),
                }}
                <ProvisioningLog job_id=j configuration_id=c/>
            })}
            <Show when=move || consented() && source.connection().is_connected()>
                <AuditLogs/>
            </Show>
        </section>
    }
}

/// Puts `fresh` (newest first) on top of `all`, skipping events already held.
fn merge_newest(all: &mut Vec<ProvisioningEvent>, fresh: Vec<ProvisioningEvent>) {
    let known: std::collections::HashSet<String> = all.iter().map(|e| e.id.clone()).collect();
    let mut new: Vec<ProvisioningEvent> = fresh.into_iter().filter(|e| e.id.is_empty() || !known.contains(&e.id)).collect();
    if !new.is_empty() {
        new.append(all);
        *all = new;
    }
}

fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn time_text(iso: Option<&str>) -> String {
    match iso.and_then(epoch_seconds) {
        Some(_) => iso.unwrap_or_default().replace('T', " ").trim_end_matches('Z').split('.').next().unwrap_or_default().to_string() + " UTC",
        None => "never".into(),
    }
}

/// Status, last cycle, counts and health findings of a job.
#[component]
fn JobOverview(configuration: String, job: SyncJob) -> impl IntoView {
    let status = job.status.clone().unwrap_or_default();
    let code = status.code.clone().unwrap_or_else(|| "Unknown".into());
    let schedule = job.schedule.as_ref().and_then(|s| s.state.clone()).unwrap_or_else(|| "Unknown".into());
    let last = status.last_execution.clone().unwrap_or_default();
    let duration = match (last.time_began.as_deref().and_then(epoch_seconds), last.time_ended.as_deref().and_then(epoch_seconds)) {
        (Some(b), Some(e)) if e >= b => format!("{} s", e - b),
        _ => "—".into(),
    };
    let next = job.next_cycle().map(|t| format!("about {} minutes after the last cycle ended", (t - last.time_ended.as_deref().and_then(epoch_seconds).unwrap_or(t)) / 60)).unwrap_or_else(|| "after the first cycle".into());
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let findings = job.health(now);
    let badge = match code.as_str() {
        "Quarantine" => "badge badge--danger",
        "Active" => "badge badge--success",
        _ => "badge badge--neutral",
    };
    view! {
        <article class="card" data-testid="job-overview" aria-labelledby="job-heading">
            <h2 id="job-heading">{configuration}</h2>
            <dl class="facts">
                <dt>"Status"</dt><dd><span class=badge data-testid="job-status">{code.clone()}</span></dd>
                <dt>"Schedule"</dt><dd>{schedule}</dd>
                <dt>"Job ID"</dt><dd><code>{job.id.clone()}</code></dd>
                <dt>"Last cycle"</dt>
                <dd data-testid="job-last-cycle">
                    <ul class="plain-list">
                        {last.facts(job.never_ran()).into_iter().map(|(l, v)| view! { <li>{format!("{l}: {v}")}</li> }).collect_view()}
                        {(duration != "—").then(|| view! { <li>{format!("Took {duration}")}</li> })}
                    </ul>
                </dd>
                {status.quarantine.clone().map(|q| view! {
                    <dt>"Quarantine"</dt>
                    <dd data-testid="job-quarantine"><ul class="plain-list">{q.facts().into_iter().map(|(l, v)| view! { <li>{format!("{l}: {v}")}</li> }).collect_view()}</ul></dd>
                })}
                <dt>"Next cycle"</dt><dd>{next}</dd>
                <dt>"Objects in sync"</dt>
                <dd data-testid="job-counts">{if status.synchronized_entry_count_by_type.is_empty() { "none yet".to_string() } else { status.synchronized_entry_count_by_type.iter().map(|k| format!("{}: {}", k.key, k.value)).collect::<Vec<_>>().join(", ") }}</dd>
            </dl>
            <ul class="findings" data-testid="job-health">
                {if findings.is_empty() {
                    view! { <li class="message-bar message-bar--info">"Healthy: no findings."</li> }.into_any()
                } else {
                    findings.into_iter().map(|f| {
                        let class = match f.severity { Severity::Problem => "message-bar message-bar--error", Severity::Warning => "message-bar message-bar--warning", Severity::Info => "message-bar message-bar--info" };
                        view! { <li class=class><strong>{f.title}</strong><p>{f.detail}</p><p>"What to do: " {f.remedy}</p></li> }
                    }).collect_view().into_any()
                }}
            </ul>
        </article>
    }
}

/// The audit logs of both tenants: what SyncFabric wrote in the target, and the provisioning
/// service's entries in the source. Loaded on request (reports are rate-limited).
#[component]
fn AuditLogs() -> impl IntoView {
    let tenants = use_tenants();
    let entries = RwSignal::new(None::<(TenantRole, Vec<DirectoryAudit>)>);
    let error = RwSignal::new(None::<AppError>);
    let target_ok = move || tenants.target.connection().is_connected() && tenants.target.session.granted(&TARGET_AUDIT_SCOPES);
    let load = move |role: TenantRole| {
        error.set(None);
        let graph = tenants.of(role).graph();
        let filter = if role == TenantRole::Target { SYNC_FABRIC_FILTER } else { PROVISIONING_FILTER };
        let shared = use_context::<MonitorData>();
        leptos::task::spawn_local(async move {
            match audits(graph, filter).await {
                Ok(list) => {
                    if role == TenantRole::Target {
                        if let Some(d) = shared {
                            d.target_audits.set(Some(list.clone()));
                        }
                    }
                    entries.set(Some((role, list)))
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let grant = move |_| {
        if let Some(t) = tenants.target.session.authority_tenant() {
            if let Err(e) = tenants.target.session.sign_in(&t, &TARGET_AUDIT_SCOPES, "/monitor") {
                error.set(Some(e));
            }
        }
    };
    view! {
        <section aria-labelledby="audit-heading" data-testid="audit-logs">
            <h2 id="audit-heading">"Audit logs"</h2>
            <div class="toolbar">
                <button type="button" class="button" on:click=move |_| load(TenantRole::Source)>"Source: provisioning service entries"</button>
                <Show when=target_ok fallback=move || view! {
                    <button type="button" class="button" on:click=grant disabled=move || !tenants.target.connection().is_connected()>"Grant audit read access in the target tenant"</button>
                }>
                    <button type="button" class="button" on:click=move |_| load(TenantRole::Target)>"Target: changes by Microsoft.Azure.SyncFabric"</button>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || entries.get().map(|(role, list)| view! {
                <p role="status" class="muted" data-testid="audit-count">{format!("{}: {} entries", role, list.len())}</p>
                <div class="table-wrap">
                    <table class="table" data-testid="audit-table">
                        <caption class="visually-hidden">"Audit entries, newest first"</caption>
                        <thead><tr><th scope="col">"Time"</th><th scope="col">"Activity"</th><th scope="col">"Object"</th><th scope="col">"Result"</th><th scope="col">"By"</th></tr></thead>
                        <tbody>
                            {list.into_iter().take(100).map(|a| view! {
                                <tr>
                                    <td>{time_text(Some(&a.activity_date_time))}</td>
                                    <td>{a.activity_display_name.clone()}</td>
                                    <td>{a.targets()}</td>
                                    <td>{a.result_text()}</td>
                                    <td>{a.actor()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

/// The deletions held by the threshold, why each object left scope, and the two-step "allow".
#[component]
fn DeletionReview(configuration_id: String, job_id: String, held: Vec<ProvisioningEvent>) -> impl IntoView {
    let source = use_tenants().source;
    let confirming = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let ids = StoredValue::new((configuration_id, job_id));
    let count = held.len();
    let allow = move |_| {
        let (configuration, job) = ids.get_value();
        leptos::task::spawn_local(async move {
            match allow_deletes(source.graph(), &configuration, &job).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
            confirming.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="deletion-heading" data-testid="deletion-review">
            <h2 id="deletion-heading">{format!("Deletion review: {count} deletion(s) held")}</h2>
            <p>"More objects left the scope in one cycle than the accidental-deletion threshold allows, so none was deleted and the job is quarantined. Check each one before allowing the deletes: re-assign what should stay."</p>
            <ul class="plain-list">
                {held.into_iter().map(|e| view! {
                    <li>{format!("{} ({})", e.name(), e.object_type())} <span class="muted">{e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone()).map(|r| format!(" {r}")).unwrap_or_default()}</span></li>
                }).collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || done.get() fallback=move || view! {
                <Show when=move || confirming.get() fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| confirming.set(true)>{format!("Allow these {count} deletions…")}</button>
                }>
                    <div class="message-bar message-bar--warning" role="alert">
                        <p>{format!("The next cycle will delete these {count} object(s) in the target (users are soft-deleted and can be restored there for 30 days).")}</p>
                        <div class="toolbar">
                            <button type="button" class="button button--primary" on:click=allow>"Allow the deletions (restart with ForceDeletes)"</button>
                            <button type="button" class="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </div>
                    </div>
                </Show>
            }>
                <p class="message-bar message-bar--info" role="status" data-testid="deletes-allowed">"Deletions allowed: the quarantine is cleared and the next cycle applies them."</p>
            </Show>
        </section>
    }
}

/// Provision one user now, and show the engine's steps.
#[component]
fn OnDemand(configuration_id: String, job_id: String) -> impl IntoView {
    let source = use_tenants().source;
    let text = RwSignal::new(String::new());
    let users = RwSignal::new(Vec::<SourceUser>::new());
    let outcome = RwSignal::new(None::<(String, OnDemandResult)>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let ids = StoredValue::new((configuration_id, job_id));
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let term = text.get_untracked();
        if term.trim().is_empty() {
            return;
        }
        run_busy(busy, error, async move { search_users(source.graph(), &term).await }, move |found| users.set(found));
    };
    let provision = move |user: SourceUser| {
        outcome.set(None);
        let (configuration, job) = ids.get_value();
        let id = user.id.clone();
        run_busy(busy, error, async move { provision_user(source.graph(), &configuration, &job, &id).await }, move |r| outcome.set(Some((user.display_name.clone(), r))));
    };
    view! {
        <section class="card" aria-labelledby="on-demand-heading" data-testid="on-demand">
            <h2 id="on-demand-heading">"Provision a user on demand"</h2>
            <p class="muted">"Runs the engine for one user now instead of waiting for the next cycle (limited to 5 requests per 10 seconds). Groups are provisioned by cycles."</p>
            <form class="search-row" on:submit=find novalidate>
                <label for="on-demand-search">"Find a source user by name"</label>
                <input id="on-demand-search" type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                <button type="submit" class="button" disabled=move || busy.get()>"Find"</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <ul class="group-list">
                {move || users.get().into_iter().map(|u| {
                    let label = format!("Provision {} now", u.display_name);
                    let pick = u.clone();
                    view! { <li><span class="group-list__name">{u.display_name.clone()}</span><span class="muted">{u.user_principal_name.clone()}</span>
                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| provision(pick.clone())>{label}</button></li> }
                }).collect_view()}
            </ul>
            {move || outcome.get().map(|(name, r)| {
                let class = match r.result.as_str() { "Success" => "badge badge--success", "Failure" => "badge badge--danger", _ => "badge badge--warning" };
                view! {
                    <div data-testid="on-demand-result">
                        <h3>{name} " " <span class=class>{r.result.clone()}</span></h3>
                        {r.error_code.clone().map(|c| view! { <p><code>{c}</code> " " {r.message.clone().unwrap_or_default()}</p> })}
                        {r.explanation().map(|(meaning, remedy)| view! { <div class="message-bar message-bar--info"><p>{meaning}</p><p>"What to do: " {remedy}</p></div> })}
                        <ol>{r.steps.iter().map(|s| view! { <li>{format!("{} ({}): {}", s.name, s.status, s.description)}</li> }).collect_view()}</ol>
                    </div>
                }
            })}
        </section>
    }
}

/// Rows per page of the log table: never more than this in the DOM, whatever is loaded.
const PAGE_SIZE: usize = 50;

/// The provisioning log: loading older pages up to a cap, filters, charts over everything loaded,
/// a paged table, the explanation of the selected event and its object's history.
#[component]
fn ProvisioningLog(job_id: Option<String>, configuration_id: String) -> impl IntoView {
    let source = use_tenants().source;
    let data = expect_context::<MonitorData>();
    let filter = RwSignal::new(LogFilter::default());
    let page_no = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<u32>);
    let cap = RwSignal::new(1_000usize);
    let loading = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let aggregate_ms = RwSignal::new(0.0f64);
    let render_ms = RwSignal::new(None::<f64>);
    let job = StoredValue::new((job_id, configuration_id));
    let stats = Memo::new(move |previous: Option<&crate::model::log_stats::LogStats>| {
        // While pages stream in, re-aggregate every 5,000 events rather than on every page.
        if let Some(p) = previous.filter(|_| loading.get()) {
            if data.events.with(Vec::len).saturating_sub(p.total) < 5_000 {
                return p.clone();
            }
        }
        let t0 = js_sys::Date::now();
        let s = data.events.with(|e| stats(e, 24, 10));
        aggregate_ms.set(js_sys::Date::now() - t0);
        s
    });
    let shown = Memo::new(move |_| {
        let f = filter.get();
        data.events.with(|e| filtered(e, &f))
    });
    let rows = move || {
        let p = page_no.get();
        shown.with(|idx| {
            let (slice, _) = page(idx, p, PAGE_SIZE);
            data.events.with(|all| slice.iter().map(|&i| (i, all[i as usize].clone())).collect::<Vec<_>>())
        })
    };
    let pages = move || shown.with(|idx| page(idx, 0, PAGE_SIZE).1);
    let set_filter = move |f: Box<dyn FnOnce(&mut LogFilter)>| {
        filter.update(f);
        page_no.set(0);
    };
    let load_more = move |_| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        stop.set(false);
        error.set(None);
        let graph = source.graph();
        let (job_id, configuration_id) = job.get_value();
        leptos::task::spawn_local(async move {
            while let Some(link) = data.next.get_untracked() {
                if stop.get_untracked() || data.events.with_untracked(Vec::len) >= cap.get_untracked() {
                    break;
                }
                match events_page(graph, job_id.as_deref(), &configuration_id, Some(link)).await {
                    Ok((more, next, set_aside)) => {
                        data.set_aside.update(|n| *n += set_aside);
                        data.events.update(|all| all.extend(more));
                        data.next.set(next);
                    }
                    Err(e) => {
                        error.set(Some(e));
                        break;
                    }
                }
            }
            // From here: the final aggregation, the filter, the first page and the charts, painted.
            let t0 = js_sys::Date::now();
            loading.set(false);
            after_paint(move || render_ms.set(Some(js_sys::Date::now() - t0)));
        });
    };
    let export = move |csv: bool| {
        let list: Vec<ProvisioningEvent> = shown.with(|idx| data.events.with(|all| idx.iter().map(|&i| all[i as usize].clone()).collect()));
        if csv {
            download("provisioning-log.csv", "text/csv", &to_csv(&list));
        } else {
            download("provisioning-log.json", "application/json", &serde_json::to_string_pretty(&list).unwrap_or_default());
        }
    };
    let now = (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <section aria-labelledby="log-heading" data-testid="provisioning-log" data-aggregate-ms=move || format!("{:.1}", aggregate_ms.get()) data-render-ms=move || render_ms.get().map(|m| format!("{m:.1}")).unwrap_or_default()>
            <h2 id="log-heading">"Provisioning log"</h2>
            {move || data.log_error.get().map(|e| view! {
                <div data-testid="log-error">
                    <p>"The provisioning log could not be read. It needs AuditLog.Read.All with Directory.Read.All in the source tenant, and an admin holding Reports Reader, Security Reader, Security Administrator, Global Reader, Security Operator, Application Administrator or Cloud Application Administrator."</p>
                    <ErrorView error=e/>
                </div>
            })}
            <div class="toolbar">
                <span role="status" data-testid="log-loaded">{move || {
                    let aside = data.set_aside.get();
                    let aside = if aside > 0 { format!(" ({aside} set aside: Graph returned them for another job)") } else { String::new() };
                    format!("{} events loaded{}{aside}", data.events.with(Vec::len), if data.next.with(Option::is_some) { ", older ones exist" } else { ", all there are" })
                }}</span>
                <label for="log-cap">"Load up to"</label>
                <select id="log-cap" on:change=move |ev| cap.set(event_target_value(&ev).parse().unwrap_or(1_000))>
                    <option value="1000">"1,000 events"</option><option value="10000">"10,000 events"</option><option value="100000">"100,000 events"</option><option value="1000000">"1,000,000 events"</option>
                </select>
                <button type="button" class="button" data-testid="log-load-more" disabled=move || loading.get() || data.next.with(Option::is_none) on:click=load_more>
                    {move || if loading.get() { "Loading older events…" } else { "Load older events" }}
                </button>
                <Show when=move || loading.get()>
                    <button type="button" class="button button--subtle" on:click=move |_| stop.set(true)>"Stop"</button>
                    <progress max=move || cap.get() value=move || data.events.with(Vec::len) aria-label="Events loaded"></progress>
                </Show>
            </div>
            <p class="muted">"Reports allow 5 requests per 10 seconds per tenant and each brings 500 events, so 100,000 events take about 7 minutes to read from a real tenant; the charts cover everything loaded."</p>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || {
                let s = stats.get();
                let cycles: Vec<(String, usize)> = s.cycles.iter().map(|c| (format!("{} ({} events)", time_text(Some(&crate::ui::components::iso_from_epoch(c.first))), c.events), c.seconds().max(0) as usize)).collect();
                view! {
                    <div class="charts" data-testid="log-charts">
                        <TimeChart title="Events over time by status".to_string() buckets=s.over_time.clone()/>
                        <BarChart title="Events by status".to_string() bars=s.by_status.clone()/>
                        <BarChart title="Events by object and action".to_string() bars=s.by_type_action.clone()/>
                        <BarChart title="Top error and skip codes".to_string() bars=s.by_code.clone()/>
                        <BarChart title="Recent cycles: seconds from first to last event".to_string() bars=cycles/>
                    </div>
                }
            }}
            <div class="toolbar">
                <button type="button" class="button" on:click=move |_| export(true)>"Export shown events (CSV)"</button>
                <button type="button" class="button" on:click=move |_| export(false)>"Export shown events (JSON)"</button>
                <label for="log-status">"Status"</label>
                <select id="log-status" on:change=move |ev| { let v = event_target_value(&ev); set_filter(Box::new(move |f| f.status = v)); }>
                    <option value="">"All"</option><option value="success">"Success"</option><option value="failure">"Failure"</option><option value="skipped">"Skipped"</option><option value="warning">"Warning"</option>
                </select>
                <label for="log-action">"Action"</label>
                <select id="log-action" on:change=move |ev| { let v = event_target_value(&ev); set_filter(Box::new(move |f| f.action = v)); }>
                    <option value="">"All"</option><option value="create">"Create"</option><option value="update">"Update"</option><option value="delete">"Delete"</option><option value="disable">"Disable"</option><option value="stagedDelete">"Staged delete"</option><option value="other">"Other (skips)"</option>
                </select>
                <label for="log-type">"Object type"</label>
                <select id="log-type" on:change=move |ev| { let v = event_target_value(&ev); set_filter(Box::new(move |f| f.object_type = v)); }>
                    <option value="">"Users and groups"</option><option value="User">"Users"</option><option value="Group">"Groups"</option>
                </select>
                <label for="log-since">"Time range"</label>
                <select id="log-since" on:change=move |ev| { let hours: i64 = event_target_value(&ev).parse().unwrap_or(0); set_filter(Box::new(move |f| f.since = (hours > 0).then(|| now - hours * 3600))); }>
                    <option value="0">"Everything loaded"</option><option value="1">"Last hour"</option><option value="24">"Last 24 hours"</option><option value="168">"Last 7 days"</option><option value="720">"Last 30 days"</option>
                </select>
                <label for="log-text">"Name or ID"</label>
                <input id="log-text" type="search" on:input=move |ev| { let v = event_target_value(&ev); set_filter(Box::new(move |f| f.text = v)); }/>
                <span role="status" class="muted" data-testid="log-count">{move || format!("{} of {} events", shown.with(Vec::len), data.events.with(Vec::len))}</span>
            </div>
            <div class="table-wrap">
                <table class="table" data-testid="log-table">
                    <caption class="visually-hidden">"Provisioning events, newest first"</caption>
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Object"</th><th scope="col">"Action"</th><th scope="col">"Status"</th><th scope="col">"Code"</th><th scope="col"><span class="visually-hidden">"Details"</span></th></tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|(i, e)| {
                            let label = format!("Details of {}", e.name());
                            view! {
                                <tr data-status=e.status()>
                                    <td>{time_text(Some(&e.activity_date_time))}</td>
                                    <td>{e.name()} <span class="muted">{format!(" ({})", e.object_type())}</span></td>
                                    <td>{e.provisioning_action.clone().unwrap_or_default()}</td>
                                    <td>{e.status()}</td>
                                    <td><code>{e.error_code().unwrap_or_default()}</code></td>
                                    <td><button type="button" class="button button--subtle" aria-label=label on:click=move |_| chosen.set(Some(i))>"Details"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <nav class="toolbar" aria-label="Log pages">
                <button type="button" class="button" data-testid="log-prev" disabled=move || page_no.get() == 0 on:click=move |_| page_no.update(|p| *p = p.saturating_sub(1))>"Newer"</button>
                <span data-testid="log-page">{move || format!("Page {} of {}", page_no.get().min(pages() - 1) + 1, pages())}</span>
                <button type="button" class="button" data-testid="log-next" disabled=move || { page_no.get() + 1 >= pages() } on:click=move |_| page_no.update(|p| *p += 1)>"Older"</button>
            </nav>
            {move || chosen.get().and_then(|i| data.events.with(|all| all.get(i as usize).cloned())).map(|e| view! { <EventDetail event=e/> })}
        </section>
    }
}

/// Runs `f` after the browser has painted the current changes (the next animation frame).
fn after_paint(f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&callback));
    }
}

/// One event: its code explained, its steps and changes, and its object's history across both tenants.
#[component]
fn EventDetail(event: ProvisioningEvent) -> impl IntoView {
    let data = expect_context::<MonitorData>();
    let e = event;
    let code = e.error_code();
    let explained = code.as_deref().and_then(explain);
    let reason = e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone());
    let source_id = e.source_identity.as_ref().and_then(|i| i.id.clone()).unwrap_or_default();
    let history_view = move || {
        let (entries, verdict) = data.events.with(|all| data.target_audits.with(|a| history(all, a.as_deref().unwrap_or(&[]), &source_id)));
        let audits_loaded = data.target_audits.with(Option::is_some);
        view! {
            <section data-testid="object-history" aria-label="History of this object">
                <h4>"Why is it (not) in the target?"</h4>
                <p class="message-bar message-bar--info" data-testid="object-verdict">{verdict.sentence()}</p>
                {(!audits_loaded).then(|| view! { <p class="muted">"Load the target's audit log (below) to see the target's side of this history."</p> })}
                <ol class="plain-list" data-testid="object-timeline">
                    {entries.into_iter().map(|x| view! {
                        <li data-side=if x.side == Side::Source { "source" } else { "target" }>
                            <span class=if x.side == Side::Source { "badge badge--neutral" } else { "badge badge--success" }>{if x.side == Side::Source { "Source" } else { "Target" }}</span>
                            {format!(" {} — {}{}", time_text(Some(&x.when)), x.what, if x.detail.is_empty() { String::new() } else { format!(": {}", x.detail) })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    };
    view! {
        <article class="card" data-testid="event-detail" aria-label="Event details">
            <h3>{format!("{} — {} ({})", e.name(), e.provisioning_action.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "action not recorded".into()), e.status())}</h3>
            {reason.map(|r| view! { <p>{r}</p> })}
            {code.map(|c| match explained {
                Some(x) => view! { <div class="message-bar message-bar--info" data-testid="event-explanation"><p><strong>{c}</strong> ": " {x.meaning}</p><p>"What to do: " {x.remedy}</p></div> }.into_any(),
                None => view! { <p data-testid="event-explanation"><strong>{c}</strong> ": no explanation is known for this code; quote it to support."</p> }.into_any(),
            })}
            <h4>"Steps"</h4>
            <ol>{e.provisioning_steps.iter().map(|s| view! { <li>{format!("{} ({}): {}", s.name.clone().unwrap_or_default(), s.status.clone().unwrap_or_default(), s.description.clone().unwrap_or_default())}</li> }).collect_view()}</ol>
            {(!e.modified_properties.is_empty()).then(|| view! {
                <h4>"Modified properties"</h4>
                <ul>{e.modified_properties.iter().map(|p| view! { <li>{format!("{}: {} → {}", p.display_name.clone().unwrap_or_default(), p.old_value.clone().unwrap_or_default(), p.new_value.clone().unwrap_or_default())}</li> }).collect_view()}</ul>
            })}
            {history_view}
        </article>
    }
}
