use super::*;

/// The audit logs of both tenants: what SyncFabric wrote in the target, and the provisioning
/// service's entries in the source. Loaded on request (reports are rate-limited).
#[component]
pub(super) fn AuditLogs() -> impl IntoView {
    let tenants = use_tenants();
    let error = RwSignal::new(None::<AppError>);
    let target_ok = move || tenants.target.connection().is_connected() && tenants.target.session.granted(&TARGET_AUDIT_SCOPES);
    // Each read is an Action (one tenant's log on request: reports are rate-limited); its value is
    // what the table shows, its pending state disables the buttons.
    let read = Action::new_local(move |role: &TenantRole| {
        let role = *role;
        let graph = tenants.of(role).graph();
        let filter = if role == TenantRole::Target { SYNC_FABRIC_FILTER } else { PROVISIONING_FILTER };
        async move { audits(graph, filter).await.map(|list| (role, list)) }
    });
    // The target's entries also feed the object history (Monitor's shared data).
    let shared = use_context::<MonitorData>();
    Effect::new(move |_| {
        if let (Some(Ok((TenantRole::Target, list))), Some(d)) = (read.value().get(), shared) {
            d.target_audits.set(Some(list));
        }
    });
    let entries = move || read.value().get().and_then(Result::ok);
    let load = move |role: TenantRole| {
        error.set(None);
        read.dispatch_local(role);
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
                <button type="button" class="button" disabled=move || read.pending().get() on:click=move |_| load(TenantRole::Source)>"Source: provisioning service entries"</button>
                <Show when=target_ok fallback=move || view! {
                    <button type="button" class="button" on:click=grant disabled=move || !tenants.target.connection().is_connected()>"Grant audit read access in the target tenant"</button>
                }>
                    <button type="button" class="button" disabled=move || read.pending().get() on:click=move |_| load(TenantRole::Target)>"Target: changes by Microsoft.Azure.SyncFabric"</button>
                </Show>
            </div>
            {move || error.get().or_else(|| read.value().get().and_then(Result::err)).map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || read.pending().get()>
                <p role="status" class="muted">"Reading the audit log…"</p>
            </Show>
            {move || entries().map(|(role, list)| view! {
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
