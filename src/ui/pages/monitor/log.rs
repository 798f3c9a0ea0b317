use super::*;

/// Rows per page of the log table: never more than this in the DOM, whatever is loaded.
pub(super) const PAGE_SIZE: usize = 50;

/// The provisioning log: loading older pages up to a cap, filters, charts over everything loaded,
/// a paged table, the explanation of the selected event and its object's history.
#[component]
pub(super) fn ProvisioningLog(job_id: Option<String>, configuration_id: String) -> impl IntoView {
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
    let stats = Memo::new(move |previous: Option<&crate::model::monitor::log_stats::LogStats>| {
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
pub(super) fn after_paint(f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&callback));
    }
}
