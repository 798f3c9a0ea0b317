//! Beside the wizard's page: the step rail (where every page stands), the plan so far, and the
//! write-permission banner when consent is asked step by step.

use super::wizard::{use_wizard, Wizard};
use crate::model::setup::journey::{page_of_field, rail_states, wizard_index, RailInput, RailState, WIZARD};
use crate::model::permissions::{WRITE_SOURCE, WRITE_TARGET};
use crate::model::tenant::TenantRole;
use crate::ui::{ask_consent, ConsentBanner};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use crate::ui::components::tone::Tone;

pub(super) fn states(w: Wizard) -> Vec<RailState> {
    let problems: Vec<(&'static str, String)> = w.problems.with(|p| p.iter().map(|p| (p.field, p.message.clone())).collect());
    let plan = w.planned.get();
    rail_states(&RailInput {
        connected: w.connected(),
        write_granted: w.write_granted(),
        readiness: w.readiness(),
        plan: plan.as_deref(),
        problems: &problems,
        failed: w.failed.get(),
        start_chosen: w.start.get(),
        reading: w.reading.get(),
    })
}

/// Every page in order with its state; a blocked page names the page that unblocks it. The links are
/// plain anchors (the router opens them in place), current when `current` is their page: the router's
/// `A` would resolve and match each of the ten on its own.
///
/// Each item is kept to what it says (number, title, state, and why when blocked), in 6 elements
/// instead of 9: the rail was half of the first screen's 171 elements. The state word sits inside the
/// link, so it is part of the link's name ("Review Blocked").
#[component]
pub(super) fn StepRail(current: Memo<String>) -> impl IntoView {
    let w = use_wizard();
    let all = Memo::new(move |_| states(w));
    view! {
        <nav class="rail" aria-label="Setup steps">
            <ol class="rail__list">
                {WIZARD.iter().enumerate().map(|(i, page)| {
                    let state = move || all.with(|s| s[i].clone());
                    view! {
                        <li class="rail__item" data-slug=page.slug data-status=move || key(&state())>
                            <a href=format!("/setup/{}", page.slug) class="rail__link" aria-current=move || current.with(|c| c == page.slug).then_some("page")>
                                <span class="rail__number" aria-hidden="true">{i + 1}</span>
                                {page.title}" "
                                <span class=move || tone(&state()).badge()>{move || label(&state())}</span>
                            </a>
                            {move || why(state())}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

fn key(s: &RailState) -> &'static str {
    match s {
        RailState::Todo => "todo",
        RailState::Reading => "reading",
        RailState::Done => "done",
        RailState::Planned(_) => "planned",
        RailState::Blocked { .. } => "blocked",
        RailState::Failed(_) => "failed",
    }
}

fn label(s: &RailState) -> String {
    match s {
        RailState::Todo => "To do".into(),
        RailState::Reading => "Reading the tenants…".into(),
        RailState::Done => "Done".into(),
        RailState::Planned(n) => format!("{n} request(s) planned"),
        RailState::Blocked { .. } => "Blocked".into(),
        RailState::Failed(_) => "Failed".into(),
    }
}

fn tone(s: &RailState) -> Tone {
    match s {
        RailState::Done => Tone::Success,
        RailState::Planned(_) => Tone::Warning,
        RailState::Blocked { .. } | RailState::Failed(_) => Tone::Danger,
        _ => Tone::Neutral,
    }
}

/// Why a page is blocked or failed, with a link to what unblocks it.
fn why(s: RailState) -> Option<impl IntoView> {
    match s {
        RailState::Blocked { reason, unblock } => {
            let title = wizard_index(unblock).map(|i| WIZARD[i].title).unwrap_or_default();
            // A plain link (the router still opens it in place): `A` would mark it aria-current on the
            // page it leads to, a second "current page" beside the rail's own link.
            Some(view! { <p class="rail__why">{reason}" " <a href=format!("/setup/{unblock}")>{format!("Go to {title}")}</a></p> }.into_any())
        }
        RailState::Failed(message) => Some(view! { <p class="rail__why">{message}</p> }.into_any()),
        _ => None,
    }
}

/// The plan so far: how many writes go to each tenant, and the button that reads both tenants
/// again and opens the review (or the page of the first refused field).
#[component]
pub(super) fn PlanSummary() -> impl IntoView {
    let w = use_wizard();
    let navigate = use_navigate();
    let review = move |_| {
        w.refresh();
        let to = w.problems.with_untracked(|p| p.first().map(|p| page_of_field(p.field))).unwrap_or("review");
        navigate(&format!("/setup/{to}"), Default::default());
    };
    let count = move |role: TenantRole| w.planned.with(|p| p.as_ref().map(|p| p.iter().filter(|x| x.tenant == role).count()));
    view! {
        <aside class="card wizard__summary" aria-labelledby="plan-summary-heading" data-testid="plan-summary">
            <h2 id="plan-summary-heading">"The plan so far"</h2>
            <p role="status" data-testid="plan-counts">
                {move || match (count(TenantRole::Target), count(TenantRole::Source)) {
                    _ if w.reading.get() => "Reading both tenants…".to_string(),
                    (Some(t), Some(s)) => format!("{t} write(s) to the target, {s} to the source"),
                    _ if w.problems.with(|p| !p.is_empty()) => "No plan: a choice is refused (see the marked step)".into(),
                    _ => "Not built yet".into(),
                }}
            </p>
            <p class="muted">"Nothing is written before you apply the plan on Review and apply."</p>
            <button type="button" class="button" data-testid="plan-build" disabled=move || w.reading.get() || w.applying.get() || !w.connected() on:click=review>
                "Check the tenants and review the plan"
            </button>
        </aside>
    }
}

/// With consent step by step, the writing pages ask for the write permissions they still need.
#[component]
pub(super) fn WriteConsent(current: Memo<String>) -> impl IntoView {
    let w = use_wizard();
    let tenants = w.tenants;
    let writing = move || wizard_index(&current.get()).is_some_and(|i| i >= 2);
    let missing = move |role: TenantRole| match role {
        TenantRole::Source => !tenants.source.session.granted(&WRITE_SOURCE),
        TenantRole::Target => !tenants.target.session.granted(&WRITE_TARGET),
    };
    let grant = move |role: TenantRole| {
        let scopes: &[&str] = if role == TenantRole::Source { &WRITE_SOURCE } else { &WRITE_TARGET };
        ask_consent(tenants.of(role).session, scopes, &window().location().pathname().unwrap_or_default(), w.error);
    };
    view! {
        <Show when=move || writing() && w.connected() && !w.write_granted()>
            <div class="toolbar">
                <Show when=move || missing(TenantRole::Target)>
                    <ConsentBanner why="Writing needs more permissions than reading. The target tenant has not granted them yet." button="Grant write permissions in the target tenant" on_grant=move || grant(TenantRole::Target)/>
                </Show>
                <Show when=move || missing(TenantRole::Source)>
                    <ConsentBanner why="The source tenant has not granted the write permissions yet." button="Grant write permissions in the source tenant" on_grant=move || grant(TenantRole::Source)/>
                </Show>
            </div>
        </Show>
    }
}
