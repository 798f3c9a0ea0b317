//! Which page a `/setup/...` route shows, and the pages that set nothing but show what the plan
//! writes (target, source) or lead on (mappings, start).

use super::connect::ConnectStep;
use super::forms::{ConfigurationPage, GroupsPage, SettingsPage};
use super::readiness::ReadinessStep;
use super::requests::{PlannedRequests, StepWrites};
use super::review::{ApplyMessages, ReviewPage};
use super::wizard::use_wizard;
use leptos::prelude::*;
use leptos_router::components::A;
use crate::ui::parts::{PartFailed, PartMissing};

/// The view of the page named `slug`. Connect is the first screen and ships with the app; every
/// other page's code is loaded the first time one of them is opened (wasm splitting).
pub(super) fn page(slug: String) -> AnyView {
    if slug == "connect" {
        return view! { <ConnectStep/> }.into_any();
    }
    view! {
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading this step…"</p> }>
            {Suspend::new(async move { later_page(slug).await.unwrap_or_else(|_| view! { <PartFailed what="this setup step"/> }.into_any()) })}
        </Suspense>
    }
    .into_any()
}

/// The pages after Connect, in the wizard's part (with its reads, plan and checks).
#[leptos::wasm_split::wasm_split(wizard, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later_page(slug: String) -> Result<AnyView, PartMissing> {
    Ok(match slug.as_str() {
        "readiness" => view! { <ReadinessStep/> }.into_any(),
        "target" => view! { <TargetPage/> }.into_any(),
        "source" => view! { <SourcePage/> }.into_any(),
        "configuration" => view! { <ConfigurationPage/> }.into_any(),
        "settings" => view! { <SettingsPage/> }.into_any(),
        "groups" => view! { <GroupsPage/> }.into_any(),
        "mappings" => view! { <MappingsPage/> }.into_any(),
        "review" => view! { <ReviewPage/> }.into_any(),
        "start" => view! { <StartPage/> }.into_any(),
        _ => view! {
            <section data-testid="step-unknown">
                <h2>"No such step"</h2>
                <p>"This setup step does not exist. " <A href="/setup/connect">"Start at Connect"</A> " or pick a step from the list."</p>
            </section>
        }
        .into_any(),
    })
}

/// Step 2: what the target tenant must allow.
#[component]
fn TargetPage() -> impl IntoView {
    let w = use_wizard();
    view! {
        <section aria-labelledby="target-heading" data-testid="target-step">
            <h2 id="target-heading">"Target tenant (step 2)"</h2>
            <p>"The target lets the source in: a partner entry for the source in its cross-tenant access policy, inbound user sync (and group sync when you sync groups), and inbound automatic redemption so that synchronized users are not asked to accept an invitation. Nothing else in the target changes."</p>
            <StepWrites w=w steps=&[2]/>
        </section>
    }
}

/// Step 3: what the source tenant must allow.
#[component]
fn SourcePage() -> impl IntoView {
    let w = use_wizard();
    view! {
        <section aria-labelledby="source-heading" data-testid="source-step">
            <h2 id="source-heading">"Source tenant (step 3)"</h2>
            <p>"The source names the target as a partner and suppresses the consent prompt on its side (outbound automatic redemption); both tenants must agree for users to arrive without an invitation."</p>
            <StepWrites w=w steps=&[3]/>
        </section>
    }
}

/// Step 8: the group mapping (planned with group sync) and the way to the mapping editor.
#[component]
fn MappingsPage() -> impl IntoView {
    let w = use_wizard();
    let has_configuration = move || w.planned.with(|p| p.as_ref().is_some_and(|p| !p.iter().any(|x| x.step == 4)));
    view! {
        <section aria-labelledby="mappings-step-heading" data-testid="mappings-step">
            <h2 id="mappings-step-heading">"Attribute mappings (step 8)"</h2>
            <p>"The template's mappings fit most pairs. Syncing groups needs the group mapping turned on, which the plan does for you. To change what flows or who is in scope, use the mapping editor: every change is checked against what the service accepts, shown as a diff and saved as one full schema; the plan here is read again when you come back."</p>
            <StepWrites w=w steps=&[8]/>
            <Show when=has_configuration fallback=|| view! { <p class="muted">"The editor opens once the configuration exists (after Review and apply)."</p> }>
                <A href="/mappings">"Open the mapping editor"</A>
            </Show>
        </section>
    }
}

/// Step 10: start provisioning, then Monitor.
#[component]
fn StartPage() -> impl IntoView {
    let w = use_wizard();
    let start = w.start;
    let rest = move || w.planned.with(|p| p.as_ref().filter(|p| !p.is_empty() && start.get()).cloned());
    view! {
        <section aria-labelledby="start-heading" data-testid="start-step">
            <h2 id="start-heading">"Start (step 10)"</h2>
            <p>"Starting runs the first cycle, then one about every 40 minutes. To try one user or group first, use provisioning on demand in Monitor."</p>
            <Show when=move || w.planned.with(|p| p.as_ref().is_some_and(|p| !p.iter().any(|x| x.step == 4)))>
                <p data-testid="start-preview">"Before starting, see what the first cycle will do to every user and group in scope: "<A href="/preview">"Preview the first cycle"</A>"."</p>
            </Show>
            <div class="checkbox">
                <input id="start-provisioning" type="checkbox" prop:checked=move || start.get() on:change=move |ev| w.choose("start", start, event_target_checked(&ev))/>
                <label for="start-provisioning">"Start provisioning at the end (step 10)"</label>
            </div>
            <StepWrites w=w steps=&[10]/>
            <ApplyMessages w=w/>
            {move || rest().map(|writes| view! {
                <h3>"The whole plan, to apply from here"</h3>
                <PlannedRequests w=w writes=writes/>
            })}
            <p><A href="/monitor">"Open Monitor"</A></p>
        </section>
    }
}
