//! The setup wizard's landing page: the journey and where the admin stands.

use crate::model::journey::{step_states, StepState, STEPS};
use crate::ui::plan::JourneyPlan;
use crate::ui::connect::ConnectStep;
use crate::ui::plan::PlanStep;
use crate::ui::readiness::ReadinessStep;
use crate::ui::tenants::use_tenants;
use leptos::prelude::*;
use leptos_router::components::A;

/// Lists the journey and asks for both tenants first.
#[component]
pub fn SetupPage() -> impl IntoView {
    let tenants = use_tenants();
    let both_connected = move || tenants.both_ready();
    let journey_plan = JourneyPlan(RwSignal::new(None));
    provide_context(journey_plan);
    provide_context(crate::ui::plan::SetupApplied(RwSignal::new(0)));
    let state_of = move |n: u8| journey_plan.0.with(|p| step_states(p.as_deref())).into_iter().find(|(k, _)| *k == n).map(|(_, s)| s).unwrap_or(StepState::Unknown);
    view! {
        <section class="page" data-testid="page-setup">
            <h1>"Set up cross-tenant synchronization"</h1>
            <Show when=move || !both_connected()>
                <div class="message-bar message-bar--info" role="status">
                    "Connect both the source and the target tenant to begin. Nothing is written to either tenant before you have reviewed the plan."
                </div>
            </Show>
            <ConnectStep/>
            <Show when=both_connected>
                <ReadinessStep/>
                <PlanStep/>
                <section class="card" aria-labelledby="mappings-link-heading">
                    <h2 id="mappings-link-heading">"Attribute mappings and scoping filters (step 8)"</h2>
                    <p>"Once the configuration exists, change what flows and who is in scope in the editor: every change is checked against what the service accepts, shown as a diff and saved as one full schema."</p>
                    <A href="/mappings">"Open the mapping editor"</A>
                </section>
            </Show>
            <h2>"The journey"</h2>
            <ol class="journey" aria-label="Setup steps">
                {STEPS.iter().map(|step| {
                    let n = step.number;
                    view! {
                    <li class="journey__step" data-step=n data-state=move || match state_of(n) { StepState::Done => "done", StepState::Planned(_) => "planned", StepState::Unknown => "unknown" }>
                        <span class="journey__number" aria-hidden="true">{step.number}</span>
                        <div>
                            <h2 class="journey__title">{step.title}</h2>
                            <p class="journey__summary">{step.summary}</p>
                            {step.writes_to.map(|role| view! { <p class="journey__writes">"Writes to the " {role.to_string().to_lowercase()}</p> })}
                            {move || match state_of(n) {
                                StepState::Done => Some(view! { <span class="badge badge--success">"Done: the tenants already match"</span> }.into_any()),
                                StepState::Planned(k) => Some(view! { <span class="badge badge--warning">{format!("{k} request(s) in the plan")}</span> }.into_any()),
                                StepState::Unknown => None,
                            }}
                        </div>
                    </li>
                }}).collect_view()}
            </ol>
        </section>
    }
}
