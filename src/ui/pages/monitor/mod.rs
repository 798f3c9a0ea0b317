//! Monitoring: the configuration's job health and its provisioning log, with every code explained.

use crate::graph::monitor::logs::{allow_deletes, audits, configuration_by_id, configurations, events_page, job, Monitored};
use crate::model::monitor::audit::DirectoryAudit;
use crate::model::monitor::log_stats::{filtered, page, stats};
use crate::model::monitor::timeline::{history, Side};
use crate::ui::components::time_chart::TimeChart;
use crate::model::monitor::audit::{PROVISIONING_FILTER, SYNC_FABRIC_FILTER};
use crate::model::monitor::provisioning::to_csv;
use crate::model::tenant::TenantRole;
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::download::download;
use crate::graph::monitor::on_demand::provision_user;
use crate::model::monitor::on_demand::OnDemandResult;
use crate::model::error::AppError;
use crate::model::monitor::explain::explain;
use crate::model::monitor::job::{epoch_seconds, Severity, SyncJob};
use crate::model::monitor::provisioning::{LogFilter, ProvisioningEvent};
use crate::ui::components::error_view::ErrorView;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, SourcePagePreamble};
use leptos::prelude::*;

/// Scopes the dashboards need in the source tenant (all read-only).
use crate::model::permissions::MONITOR_SOURCE as MONITOR_SCOPES;
/// The target's audit log needs this one scope there.
use crate::model::permissions::MONITOR_TARGET as TARGET_AUDIT_SCOPES;

mod job;
mod audits;
mod deletions;
mod on_demand;
mod log;
mod event;
mod alerts;
use alerts::*;
use job::*;
use audits::*;
use deletions::*;
use on_demand::*;
use log::*;
use event::*;
use crate::ui::components::tone::{MessageBar, Tone};

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
    let load_again = RwSignal::new(false);
    let shared = MonitorData { events: RwSignal::new(vec![]), next: RwSignal::new(None), target_audits: RwSignal::new(None), set_aside: RwSignal::new(0), log_error: RwSignal::new(None) };
    provide_context(shared);
    let none = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let auto = RwSignal::new(false);
    let refreshed_at = RwSignal::new(None::<String>);
    let consented = move || source.session.granted(&MONITOR_SCOPES);
    // A configuration chosen on the Fleet page (`?configuration=<service principal ID>`), else the pair's.
    let query = leptos_router::hooks::use_query_map();
    let chosen = Memo::new(move |_| query.with(|q| q.get("configuration").filter(|c| !c.trim().is_empty())));
    Effect::new(move |previous: Option<Option<String>>| {
        let now = chosen.get();
        if previous.is_some_and(|p| p != now) {
            monitored.set(None);
            shared.events.set(vec![]);
            shared.next.set(None);
            load_again.set(true);
        }
        now
    });
    let load = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let target_id = tenants.target.profile.get_untracked().map(|p| p.tenant_id);
        let by_id = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            let result = async {
                let graph = source.graph();
                let found = match (monitored.get_untracked(), by_id) {
                    (Some(m), _) => Some(m),
                    (None, Some(id)) => configuration_by_id(graph, &id).await?,
                    (None, None) => configurations(graph, target_id.as_deref()).await?.into_iter().next(),
                };
                let Some(mut m) = found else { return Ok(None) };
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
    Effect::new(move |_| {
        if load_again.get() {
            load_again.set(false);
            load();
        }
    });
    // Automatic refresh while ticked; the interval stops when unticked or when the page goes.
    let ticker = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    Effect::new(move |_| {
        let on = auto.get();
        ticker.update_value(|t| *t = on.then(|| gloo_timers::callback::Interval::new(AUTO_REFRESH_S * 1000, load)));
    });
    on_cleanup(move || ticker.update_value(|t| *t = None));
    let grant = move || ask_consent(source.session, &MONITOR_SCOPES, "/monitor", error);
    let ids = Memo::new(move |_| monitored.with(|m| m.as_ref().and_then(|m| m.job.as_ref().ok().map(|j| (m.configuration.id.clone(), j.id.clone())))));
    let log_scope = Memo::new(move |_| monitored.with(|m| m.as_ref().map(|m| (m.configuration.id.clone(), m.job.as_ref().ok().map(|j| j.id.clone())))));
    let held = move || shared.events.with(|e| held_deletes(e));
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
            {move || chosen.get().map(|_| view! {
                <MessageBar tone=Tone::Info testid="monitor-chosen">
                    <p>"Showing the configuration chosen on Fleet. "<a href="/monitor">"Show this pair's configuration instead"</a>" or go back to "<a href="/fleet">"Fleet"</a>"."</p>
                </MessageBar>
            })}
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
            {move || ids.get().map(|(c, _)| view! {
                <p data-testid="monitor-preview"><a href=format!("/preview?configuration={c}")>"Preview the next cycle"</a>": what it will create, update, skip or fail for every object in scope, before it runs."</p>
            })}
            {move || (too_many_deletes()).then(|| ids.get().map(|(c, j)| view! { <DeletionReview configuration_id=c job_id=j held=held()/> }))}
            {move || log_scope.get().map(|(c, j)| view! {
                {match j.clone() {
                    Some(j) => view! { <OnDemand configuration_id=c.clone() job_id=j/> }.into_any(),
                    None => view! {
                        <section class="card" data-testid="on-demand" aria-labelledby="on-demand-heading">
                            <h2 id="on-demand-heading">"Provision a user on demand"</h2>
                            <MessageBar tone=Tone::Warning>"Needs the job, which could not be read (see above)."</MessageBar>
                        </section>
                    }.into_any(),
                }}
                <ProvisioningLog job_id=j configuration_id=c/>
            })}
            {move || ids.get().zip(monitored.with(|m| m.as_ref().map(|m| m.configuration.display_name.clone()))).map(|((c, j), name)| view! { <AlertQueries configuration_id=c job_id=j name=name/> })}
            <Show when=move || consented() && source.connection().is_connected()>
                <AuditLogs/>
            </Show>
        </section>
    }
}


fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

use crate::model::monitor::job::time_text;
use crate::model::monitor::provisioning::{held_deletes, merge_newest};
