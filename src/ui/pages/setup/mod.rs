//! The setup wizard: one route per page under `/setup/`, a step rail that says where each page
//! stands, the plan so far beside it, and Back and Next. The state lives in [`wizard::Wizard`],
//! so moving between pages (or to Mappings and back) keeps every choice.

mod assigned;
mod connect;
mod field;
mod forms;
mod pages;
mod pickers;
mod progress;
mod rail;
mod readiness;
mod reads;
mod removal;
mod requests;
mod review;
pub mod wizard;

use crate::model::setup::journey::{wizard_index, WIZARD};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wizard::use_wizard;

/// `/setup/:step`: the rail, the current page and the plan summary.
#[component]
pub fn SetupPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("step").unwrap_or_default()));
    let w = use_wizard();
    // The plan is read once the tenants allow it, and again when something changed them.
    Effect::new(move |_| {
        let _ = (w.connected(), w.write_granted(), w.stale.get());
        w.refresh_when_needed();
    });
    // Readiness runs once per pair, on whichever page the admin arrives.
    Effect::new(move |_| {
        if w.connected() && w.readiness_consented() && w.checks.with_untracked(Option::is_none) {
            w.run_checks();
        }
    });
    // A new page takes the focus to its heading, for keyboard and screen-reader users.
    Effect::new(move |previous: Option<String>| {
        let now = slug.get();
        if previous.is_some_and(|p| p != now) {
            focus_step_heading();
        }
        now
    });
    view! {
        <section class="page wizard" data-testid="page-setup">
            <h1>"Set up cross-tenant synchronization"</h1>
            <div class="wizard__layout">
                <rail::StepRail current=slug/>
                <div class="wizard__main">
                    <rail::WriteConsent current=slug/>
                    <div class="wizard__step" data-testid="wizard-step" data-slug=move || slug.get()>
                        {move || pages::page(slug.get())}
                    </div>
                    <Pager current=slug/>
                </div>
                <rail::PlanSummary/>
            </div>
        </section>
    }
}

/// `/setup`: the first page that is not done yet (Connect on a first visit).
#[component]
pub fn SetupIndex() -> impl IntoView {
    let w = use_wizard();
    let states = untrack(|| rail::states(w));
    let first = states.iter().position(|s| *s != crate::model::setup::journey::RailState::Done).unwrap_or(WIZARD.len() - 1);
    view! { <leptos_router::components::Redirect path=format!("/setup/{}", WIZARD[first].slug)/> }
}

/// Back and Next between the wizard's pages; the last page leads to Monitor. Plain links (the router
/// opens them in place): neither is ever the current page.
#[component]
fn Pager(current: Memo<String>) -> impl IntoView {
    let at = move || wizard_index(&current.get()).unwrap_or(0);
    view! {
        <nav class="toolbar wizard__pager" aria-label="Previous and next step">
            {move || at().checked_sub(1).map(|i| view! {
                <a href=format!("/setup/{}", WIZARD[i].slug) class="button" data-testid="wizard-back">{format!("Back: {}", WIZARD[i].title)}</a>
            })}
            {move || {
                let (href, title) = match WIZARD.get(at() + 1) {
                    Some(next) => (format!("/setup/{}", next.slug), next.title),
                    None => ("/monitor".to_string(), "Monitor"),
                };
                view! { <a href=href class="button button--primary" data-testid="wizard-next">{format!("Next: {title}")}</a> }
            }}
        </nav>
    }
}

fn focus_step_heading() {
    use wasm_bindgen::JsCast;
    let heading = document().query_selector(".wizard__step h2").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h) = heading {
        let _ = h.set_attribute("tabindex", "-1");
        let _ = h.focus();
    }
}
