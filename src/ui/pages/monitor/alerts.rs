//! Alerts that run without the app: Monitor's health rules as Kusto queries for Azure Monitor log
//! alert rules, with this configuration's IDs filled in; copy one, or download them all.

use crate::model::monitor::kusto::{alerts, bundle};
use crate::ui::components::download::download;
use crate::ui::tenants::use_tenants;
use leptos::prelude::*;

#[component]
pub(super) fn AlertQueries(configuration_id: String, job_id: String, name: String) -> impl IntoView {
    let tenants = use_tenants();
    let chosen = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("configuration").is_some());
    // The target's query only for the pair's own configuration: a configuration chosen on Fleet
    // may serve another target than the one signed in.
    let target = (!chosen).then(|| tenants.target.profile.get_untracked().map(|p| p.tenant_id)).flatten();
    let list = alerts(&configuration_id, &job_id, &name, target.as_deref());
    let all = bundle(&list);
    let file = format!("tenant-bridge-alerts-{}.kql", configuration_id.chars().take(8).collect::<String>());
    let copied = RwSignal::new(None::<&'static str>);
    view! {
        <section class="card" aria-labelledby="alerts-heading" data-testid="alert-queries">
            <h2 id="alerts-heading">"Alerts without the app"</h2>
            <p>"The health rules above, as Kusto queries for a Log Analytics workspace that receives this tenant's AuditLogs and ProvisioningLogs (Entra ID, Diagnostic settings; see the README). Create an Azure Monitor log alert rule from each: alert when the number of results is greater than 0."</p>
            <button type="button" class="button" data-testid="alerts-download" on:click=move |_| download(&file, "text/plain", &all)>"Download all (.kql)"</button>
            {list.into_iter().map(|a| {
                let (key, query) = (a.key, a.query.clone());
                let copy = move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&query);
                        copied.set(Some(key));
                    }
                };
                view! {
                    <details class="alert-query" data-testid=format!("alert-{key}")>
                        <summary>{a.title}</summary>
                        <p class="muted">{a.rule}</p>
                        <pre class="json" tabindex="0" aria-label=format!("Kusto query: {}", a.title)>{a.query}</pre>
                        <button type="button" class="button" on:click=copy aria-label=format!("Copy the query: {}", a.title)>
                            {move || if copied.get() == Some(key) { "Copied" } else { "Copy" }}
                        </button>
                    </details>
                }
            }).collect_view()}
        </section>
    }
}
