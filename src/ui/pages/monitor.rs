//! Monitoring dashboards for the configuration between the two tenants.

use crate::ui::tenants::use_tenants;
use leptos::prelude::*;

/// Job health, logs and charts; until the source tenant is connected, says what is needed.
#[component]
pub fn MonitorPage() -> impl IntoView {
    let source = use_tenants().source;
    view! {
        <section class="page" data-testid="page-monitor">
            <h1>"Monitor"</h1>
            <Show when=move || !source.connection().is_connected()>
                <div class="message-bar message-bar--info" role="status">
                    "The job, its provisioning logs and the source audit log live in the source tenant. Connect the source tenant to see them; connect the target tenant to add its audit log."
                </div>
            </Show>
        </section>
    }
}
