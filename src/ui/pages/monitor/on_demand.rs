use super::*;
use crate::ui::components::tone::{Badge, MessageBar, Tone};

/// Provision one user now, and show the engine's steps.
#[component]
pub(super) fn OnDemand(configuration_id: String, job_id: String) -> impl IntoView {
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
