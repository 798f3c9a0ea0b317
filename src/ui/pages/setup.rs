//! The setup wizard's landing page: the journey and where the admin stands.

use crate::model::journey::STEPS;
use crate::model::tenant::TenantRole;
use crate::ui::shell::Sessions;
use leptos::prelude::*;

/// Lists the journey and asks for both tenants first.
#[component]
pub fn SetupPage() -> impl IntoView {
    let sessions = expect_context::<Sessions>();
    let both_connected = move || TenantRole::ALL.iter().all(|r| sessions.of(*r).get().is_connected());
    view! {
        <section class="page" data-testid="page-setup">
            <h1>"Set up cross-tenant synchronization"</h1>
            <Show when=move || !both_connected()>
                <div class="message-bar message-bar--info" role="status">
                    "Connect both the source and the target tenant to begin. Nothing is written to either tenant before you have reviewed the plan."
                </div>
            </Show>
            <ol class="journey" aria-label="Setup steps">
                {STEPS.iter().map(|step| view! {
                    <li class="journey__step">
                        <span class="journey__number" aria-hidden="true">{step.number}</span>
                        <div>
                            <h2 class="journey__title">{step.title}</h2>
                            <p class="journey__summary">{step.summary}</p>
                            {step.writes_to.map(|role| view! { <p class="journey__writes">"Writes to the " {role.to_string().to_lowercase()}</p> })}
                        </div>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
