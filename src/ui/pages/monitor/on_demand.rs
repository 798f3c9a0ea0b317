use super::*;
use crate::ui::components::tone::{Badge, MessageBar, Tone};
use crate::ui::components::object_search::{Found, ObjectKind, ObjectSearch};

/// Provision one user now, and show the engine's steps.
#[component]
pub(super) fn OnDemand(configuration_id: String, job_id: String) -> impl IntoView {
    let source = use_tenants().source;
    let outcome = RwSignal::new(None::<(String, OnDemandResult)>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let ids = StoredValue::new((configuration_id, job_id));
    let provision = Callback::new(move |user: Found| {
        outcome.set(None);
        let (configuration, job) = ids.get_value();
        let id = user.id.clone();
        run_busy(busy, error, async move { provision_user(source.graph(), &configuration, &job, &id).await }, move |r| outcome.set(Some((user.name.clone(), r))));
    });
    view! {
        <section class="card" aria-labelledby="on-demand-heading" data-testid="on-demand">
            <h2 id="on-demand-heading">"Provision a user on demand"</h2>
            <p class="muted">"Runs the engine for one user now instead of waiting for the next cycle (limited to 5 requests per 10 seconds). Groups are provisioned by cycles."</p>
            <ObjectSearch kind=ObjectKind::User id="on-demand-search" label="Find a source user by name".to_string() button="Find"
                action=|n| format!("Provision {n} now") on_pick=provision busy=busy/>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || outcome.get().map(|(name, r)| {
                let tone = match r.result.as_str() { "Success" => Tone::Success, "Failure" => Tone::Danger, _ => Tone::Warning };
                let result = r.result.clone();
                view! {
                    <div data-testid="on-demand-result">
                        <h3>{name} " " <Badge tone=tone>{result}</Badge></h3>
                        {r.error_code.clone().map(|c| view! { <p><code>{c}</code> " " {r.message.clone().unwrap_or_default()}</p> })}
                        {r.explanation().map(|(meaning, remedy)| view! { <MessageBar tone=Tone::Info><p>{meaning}</p><p>"What to do: " {remedy}</p></MessageBar> })}
                        <ol>{r.steps.iter().map(|s| view! { <li>{format!("{} ({}): {}", s.name, s.status, s.description)}</li> }).collect_view()}</ol>
                    </div>
                }
            })}
        </section>
    }
}
