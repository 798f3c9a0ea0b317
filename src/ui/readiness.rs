//! Step 1, Readiness: read-only checks across both tenants before any write, re-runnable.

use super::components::error_view::ErrorView;
use super::tenants::use_tenants;
use crate::graph::readiness::read_facts;
use crate::model::error::AppError;
use crate::model::readiness::{evaluate, tally, Check, Verdict};
use crate::ui::{ask_consent, load_once_ready, ConsentBanner};
use leptos::prelude::*;

/// Extra permission the source needs for the readiness check (finding existing configurations).
use crate::model::permissions::READINESS_SOURCE as SOURCE_READ_SCOPES;

/// The readiness matrix, run when both tenants are connected.
#[component]
pub fn ReadinessStep() -> impl IntoView {
    let tenants = use_tenants();
    let checks = RwSignal::new(None::<Vec<Check>>);
    let error = RwSignal::new(None::<AppError>);
    let running = RwSignal::new(false);
    let consented = move || tenants.source.session.granted(&SOURCE_READ_SCOPES);
    let run = move || {
        let (Some(sp), Some(tp)) = (tenants.source.profile.get_untracked(), tenants.target.profile.get_untracked()) else { return };
        running.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match read_facts(tenants.source.graph(), tenants.target.graph(), sp, tp).await {
                Ok(facts) => checks.set(Some(evaluate(&facts))),
                Err(e) => error.set(Some(e)),
            }
            running.set(false);
        });
    };
    // Run once as soon as both tenants are ready and the permission is there.
    load_once_ready(move || tenants.both_ready() && consented(), run);
    // And again after every completed apply: the tenants changed.
    if let Some(applied) = use_context::<crate::ui::plan::SetupApplied>() {
        Effect::new(move |previous: Option<u32>| {
            let now = applied.0.get();
            if previous.is_some_and(|p| p != now) {
                run();
            }
            now
        });
    }
    let grant = move || ask_consent(tenants.source.session, &SOURCE_READ_SCOPES, &window().location().pathname().unwrap_or_default(), error);
    view! {
        <section class="readiness" aria-labelledby="readiness-heading" data-testid="readiness-step">
            <h2 id="readiness-heading">"Readiness"</h2>
            <p class="muted">"Read-only checks in both tenants. Nothing is written."</p>
            <Show when=move || !consented()>
                <ConsentBanner why="To find existing cross-tenant sync configurations, the source tenant must also grant Application.Read.All (read-only)." button="Grant read access in the source tenant" on_grant=grant/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="toolbar">
                <button type="button" class="button" data-testid="readiness-run" disabled=move || running.get() || !consented() on:click=move |_| run()>
                    {move || if running.get() { "Checking both tenants…" } else { "Run the checks again" }}
                </button>
                <span role="status" class="muted" data-testid="readiness-summary">
                    {move || checks.with(|c| c.as_ref().map(|c| {
                        let (p, w, f) = tally(c);
                        format!("{p} passed, {w} warnings, {f} failed")
                    }))}
                </span>
            </div>
            {move || checks.get().map(|c| view! { <ReadinessTable checks=c/> })}
        </section>
    }
}

/// The matrix as a table: result, check, why, fix.
#[component]
fn ReadinessTable(checks: Vec<Check>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="readiness-table">
                <caption class="visually-hidden">"Readiness checks"</caption>
                <thead><tr><th scope="col">"Result"</th><th scope="col">"Check"</th><th scope="col">"Why"</th><th scope="col">"What to do"</th></tr></thead>
                <tbody>
                    {checks.into_iter().map(|c| {
                        let badge = match c.verdict {
                            Verdict::Pass => "badge badge--success",
                            Verdict::Warn => "badge badge--warning",
                            Verdict::Fail => "badge badge--danger",
                        };
                        let tenant = c.tenant.map(|t| t.to_string()).unwrap_or_else(|| "Both tenants".into());
                        view! {
                            <tr data-check=c.id data-verdict=c.verdict.label()>
                                <td><span class=badge>{c.verdict.label()}</span></td>
                                <th scope="row">{c.title}<br/><span class="muted">{tenant}</span></th>
                                <td>{c.why}</td>
                                <td>
                                    {c.fix.unwrap_or_else(|| "Nothing.".into())}
                                    {c.link.map(|l| view! { " " <a href=l.url target="_blank" rel="noopener noreferrer">{format!("Open {} in the Entra admin center", l.label)}</a> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
