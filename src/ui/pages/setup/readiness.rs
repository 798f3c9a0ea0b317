//! Step 1, Readiness: read-only checks across both tenants before any write, re-runnable.

use super::wizard::use_wizard;
use crate::model::setup::readiness::{tally, Check, Verdict};
use crate::ui::components::error_view::ErrorView;
use crate::ui::{ask_consent, ConsentBanner};
use leptos::prelude::*;

/// Extra permission the source needs for the readiness check (finding existing configurations).
use crate::model::permissions::READINESS_SOURCE as SOURCE_READ_SCOPES;
use crate::ui::components::tone::{Badge, Tone};

/// The readiness matrix. It runs when both tenants are connected and again after every apply
/// (the wizard's state keeps it while the admin is on other pages).
#[component]
pub fn ReadinessStep() -> impl IntoView {
    let w = use_wizard();
    let (checks, error, running) = (w.checks, w.check_error, w.checking);
    let consented = move || w.readiness_consented();
    let grant = move || ask_consent(w.tenants.source.session, &SOURCE_READ_SCOPES, &window().location().pathname().unwrap_or_default(), error);
    view! {
        <section class="readiness" aria-labelledby="readiness-heading" data-testid="readiness-step">
            <h2 id="readiness-heading">"Readiness (step 1)"</h2>
            <p class="muted">"Read-only checks in both tenants. Nothing is written."</p>
            <Show when=move || !consented()>
                <ConsentBanner why="To find existing cross-tenant sync configurations, the source tenant must also grant Application.Read.All (read-only)." button="Grant read access in the source tenant" on_grant=grant/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <div class="toolbar">
                <button type="button" class="button" data-testid="readiness-run" disabled=move || running.get() || !consented() on:click=move |_| w.run_checks()>
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
                        let tone = match c.verdict {
                            Verdict::Pass => Tone::Success,
                            Verdict::Warn => Tone::Warning,
                            Verdict::Fail => Tone::Danger,
                        };
                        let tenant = c.tenant.map(|t| t.to_string()).unwrap_or_else(|| "Both tenants".into());
                        view! {
                            <tr data-check=c.id data-verdict=c.verdict.label()>
                                <td><Badge tone=tone>{c.verdict.label()}</Badge></td>
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
