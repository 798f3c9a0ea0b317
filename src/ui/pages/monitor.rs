//! Monitoring: the configuration's job health and its provisioning log, with every code explained.

use crate::graph::monitor::{allow_deletes, audits, configurations, events, job, Monitored};
use crate::model::audit::{DirectoryAudit, PROVISIONING_FILTER, SYNC_FABRIC_FILTER};
use crate::model::provisioning::to_csv;
use crate::model::tenant::TenantRole;
use crate::model::chart::count_by;
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
use leptos::prelude::*;

/// Scopes the dashboards need in the source tenant (all read-only).
const MONITOR_SCOPES: [&str; 5] = ["Application.Read.All", "Synchronization.Read.All", "ProvisioningLog.Read.All", "User.ReadBasic.All", "AuditLog.Read.All"];
/// The target's audit log needs this one scope there.
const TARGET_AUDIT_SCOPES: [&str; 1] = ["AuditLog.Read.All"];

/// The Monitor page.
#[component]
pub fn MonitorPage() -> impl IntoView {
    let tenants = use_tenants();
    let source = tenants.source;
    let data = RwSignal::new(None::<(Monitored, Vec<ProvisioningEvent>)>);
    let none = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let consented = move || source.session.granted(&MONITOR_SCOPES);
    let load = move || {
        busy.set(true);
        error.set(None);
        let target_id = tenants.target.profile.get_untracked().map(|p| p.tenant_id);
        leptos::task::spawn_local(async move {
            let result = async {
                let graph = source.graph();
                let current = data.get_untracked();
                let mut monitored = match current {
                    Some((m, _)) => m,
                    None => match configurations(graph, target_id.as_deref()).await?.into_iter().next() {
                        Some(m) => m,
                        None => return Ok(None),
                    },
                };
                monitored.job = job(graph, &monitored.configuration.id, &monitored.job.id).await?;
                let log = events(graph, &monitored.job.id).await?;
                Ok::<_, AppError>(Some((monitored, log)))
            }
            .await;
            match result {
                Ok(Some(d)) => {
                    data.set(Some(d));
                    none.set(false);
                }
                Ok(None) => none.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let ready = source.profile.get().is_some() && consented();
        if ready {
            load();
        }
        ready
    });
    let grant = move |_| {
        if let Some(t) = source.session.authority_tenant() {
            if let Err(e) = source.session.sign_in(&t, &MONITOR_SCOPES, "/monitor") {
                error.set(Some(e));
            }
        }
    };
    view! {
        <section class="page" data-testid="page-monitor">
            <h1>"Monitor"</h1>
            <Show when=move || !source.connection().is_connected()>
                <div class="message-bar message-bar--info" role="status">
                    "The job, its provisioning logs and the source audit log live in the source tenant. Connect the source tenant to see them; connect the target tenant to add its audit log."
                </div>
            </Show>
            <Show when=move || source.connection().is_connected() && !consented()>
                <div class="message-bar message-bar--info" role="status">
                    <p>"Reading the job and its provisioning logs needs read permissions in the source tenant (Synchronization.Read.All, ProvisioningLog.Read.All, Application.Read.All)."</p>
                    <button type="button" class="button button--primary" on:click=grant>"Grant monitoring read access"</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || none.get()>
                <p class="message-bar message-bar--info" role="status" data-testid="monitor-none">"No cross-tenant sync configuration with a job exists in the source tenant yet. Set one up first."</p>
            </Show>
            <Show when=move || consented() && source.connection().is_connected()>
                <div class="toolbar">
                    <button type="button" class="button" data-testid="monitor-refresh" disabled=move || busy.get() on:click=move |_| load()>
                        {move || if busy.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                    <span class="muted">"Reports are limited to 5 requests per 10 seconds, so refreshing is manual."</span>
                </div>
            </Show>
            {move || data.get().map(|(m, log)| {
                let held: Vec<ProvisioningEvent> = log.iter().filter(|e| e.provisioning_action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case("stagedDelete"))).cloned().collect();
                let too_many_deletes = m.job.status.as_ref().and_then(|s| s.quarantine.as_ref()).and_then(|q| q.reason.as_deref()) == Some("TooManyDeletes");
                view! {
                    <JobOverview configuration=m.configuration.display_name.clone() job=m.job.clone()/>
                    {too_many_deletes.then(|| view! { <DeletionReview configuration_id=m.configuration.id.clone() job_id=m.job.id.clone() held=held/> })}
                    <OnDemand configuration_id=m.configuration.id.clone() job_id=m.job.id.clone()/>
                    <ProvisioningLog events=log/>
                    <AuditLogs/>
                }
            })}
        </section>
    }
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
                <dt>"Last cycle"</dt><dd>{format!("{}, {} change(s) exported, began {}, ended {}, took {duration}", last.state.clone().unwrap_or_else(|| "none".into()), last.count_exported.unwrap_or(0), time_text(last.time_began.as_deref()), time_text(last.time_ended.as_deref()))}</dd>
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
        leptos::task::spawn_local(async move {
            match audits(graph, filter).await {
                Ok(list) => entries.set(Some((role, list))),
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
                                    <td>{a.result.clone().unwrap_or_default()} <span class="muted">{a.result_reason.clone().unwrap_or_default()}</span></td>
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
                    <li>{format!("{} ({})", e.name(), e.object_type())} <span class="muted">{e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone()).unwrap_or_default()}</span></li>
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
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match search_users(source.graph(), &term).await {
                Ok(found) => users.set(found),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let provision = move |user: SourceUser| {
        busy.set(true);
        error.set(None);
        outcome.set(None);
        let (configuration, job) = ids.get_value();
        leptos::task::spawn_local(async move {
            match provision_user(source.graph(), &configuration, &job, &user.id).await {
                Ok(r) => outcome.set(Some((user.display_name.clone(), r))),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
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

/// The provisioning log with filters, and the explanation of the selected event.
#[component]
fn ProvisioningLog(events: Vec<ProvisioningEvent>) -> impl IntoView {
    let filter = RwSignal::new(LogFilter::default());
    let chosen = RwSignal::new(None::<ProvisioningEvent>);
    let all = StoredValue::new(events);
    let shown = move || all.with_value(|e| e.iter().filter(|x| filter.with(|f| f.matches(x))).cloned().collect::<Vec<_>>());
    let by_status = all.with_value(|e| count_by(e.iter().map(|x| x.status()), 6));
    let by_code = all.with_value(|e| count_by(e.iter().filter_map(ProvisioningEvent::error_code), 5));
    let by_type = all.with_value(|e| count_by(e.iter().map(|x| format!("{} {}", x.object_type(), x.provisioning_action.clone().unwrap_or_default())), 6));
    view! {
        <section aria-labelledby="log-heading" data-testid="provisioning-log">
            <h2 id="log-heading">"Provisioning log"</h2>
            <div class="charts" data-testid="log-charts">
                <BarChart title="Events by status".to_string() bars=by_status/>
                <BarChart title="Events by object and action".to_string() bars=by_type/>
                <BarChart title="Top error and skip codes".to_string() bars=by_code/>
            </div>
            <div class="toolbar">
                <button type="button" class="button" on:click=move |_| download("provisioning-log.csv", "text/csv", &to_csv(&shown()))>"Export shown events (CSV)"</button>
                <button type="button" class="button" on:click=move |_| download("provisioning-log.json", "application/json", &serde_json::to_string_pretty(&shown()).unwrap_or_default())>"Export shown events (JSON)"</button>
                <label for="log-status">"Status"</label>
                <select id="log-status" on:change=move |ev| filter.update(|f| f.status = event_target_value(&ev))>
                    <option value="">"All"</option><option value="success">"Success"</option><option value="failure">"Failure"</option><option value="skipped">"Skipped"</option><option value="warning">"Warning"</option>
                </select>
                <label for="log-type">"Object type"</label>
                <select id="log-type" on:change=move |ev| filter.update(|f| f.object_type = event_target_value(&ev))>
                    <option value="">"Users and groups"</option><option value="User">"Users"</option><option value="Group">"Groups"</option>
                </select>
                <label for="log-text">"Name or ID"</label>
                <input id="log-text" type="search" on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))/>
                <span role="status" class="muted" data-testid="log-count">{move || format!("{} of {} events", shown().len(), all.with_value(Vec::len))}</span>
            </div>
            <div class="table-wrap">
                <table class="table" data-testid="log-table">
                    <caption class="visually-hidden">"Provisioning events, newest first"</caption>
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Object"</th><th scope="col">"Action"</th><th scope="col">"Status"</th><th scope="col">"Code"</th><th scope="col"><span class="visually-hidden">"Details"</span></th></tr></thead>
                    <tbody>
                        {move || shown().into_iter().take(100).map(|e| {
                            let detail = e.clone();
                            let label = format!("Details of {}", e.name());
                            view! {
                                <tr data-status=e.status()>
                                    <td>{time_text(Some(&e.activity_date_time))}</td>
                                    <td>{e.name()} <span class="muted">{format!(" ({})", e.object_type())}</span></td>
                                    <td>{e.provisioning_action.clone().unwrap_or_default()}</td>
                                    <td>{e.status()}</td>
                                    <td><code>{e.error_code().unwrap_or_default()}</code></td>
                                    <td><button type="button" class="button button--subtle" aria-label=label on:click=move |_| chosen.set(Some(detail.clone()))>"Details"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || chosen.get().map(|e| {
                let code = e.error_code();
                let explained = code.as_deref().and_then(explain);
                let reason = e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone());
                view! {
                    <article class="card" data-testid="event-detail" aria-label="Event details">
                        <h3>{format!("{} — {} ({})", e.name(), e.provisioning_action.clone().unwrap_or_default(), e.status())}</h3>
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
                    </article>
                }
            })}
        </section>
    }
}
