//! The pages where the admin chooses: the configuration's name, the provisioning settings, and
//! the groups and users in scope. Each choice re-plans at once on the state already read.

use super::assigned::AssignedNow;
use super::field::Field;
use super::pickers::{GroupPicker, UserPicker};
use super::requests::StepWrites;
use super::wizard::{use_wizard, Wizard};
use leptos::prelude::*;
use crate::ui::components::tone::{MessageBar, Tone};
use crate::ui::components::tone::Badge;

fn problem(w: Wizard, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || w.problems.with(|ps| ps.iter().find(|p| p.field == field).map(|p| p.message.clone())))
}

fn invalid(p: Signal<Option<String>>) -> impl Fn() -> &'static str {
    move || if p.with(Option::is_some) { "true" } else { "false" }
}

/// Step 4 and 5: the configuration (reused for this pair or created from the template) and the
/// connection test that runs before its job is created.
#[component]
pub(super) fn ConfigurationPage() -> impl IntoView {
    let w = use_wizard();
    let name_problem = problem(w, "configuration-name");
    view! {
        <section aria-labelledby="configuration-heading" data-testid="configuration-step">
            <h2 id="configuration-heading">"Configuration (steps 4 and 5)"</h2>
            <p>"A configuration for this pair is reused when the source already has one; otherwise one is created from the cross-tenant synchronization template and its connection to the target is tested before the job is made."</p>
            <Field id="configuration-name" label="Configuration name" hint="Shown in the source tenant's list of cross-tenant sync configurations." problem=name_problem>
                <input id="configuration-name" type="text" prop:value=move || w.name.get() on:input=move |ev| w.choose("name", w.name, event_target_value(&ev))
                    aria-describedby="configuration-name-hint" aria-invalid=invalid(name_problem)/>
            </Field>
            <StepWrites w=w steps=&[4, 5]/>
        </section>
    }
}

/// Step 6: scope, the accidental-deletion guard, the notification e-mail, and group sync with
/// its gate.
#[component]
pub(super) fn SettingsPage() -> impl IntoView {
    let w = use_wizard();
    let (email_problem, threshold_problem) = (problem(w, "notification-email"), problem(w, "deletion-threshold"));
    view! {
        <section aria-labelledby="settings-heading" data-testid="settings-step">
            <h2 id="settings-heading">"Provisioning settings (step 6)"</h2>
            <p>"Only assigned users and groups are synchronized. Choose where quarantine e-mails go, when deletions are held for review, and whether groups are synchronized too."</p>
            <div class="form-grid">
                <Field id="notification-email" label="Notification e-mail" hint="Receives quarantine and deletion-threshold e-mails. Leave empty for none." problem=email_problem>
                    <input id="notification-email" type="email" prop:value=move || w.email.get() on:input=move |ev| w.choose("email", w.email, event_target_value(&ev))
                        aria-describedby="notification-email-hint" aria-invalid=invalid(email_problem)/>
                </Field>
                <Field id="deletion-threshold" label="Accidental-deletion threshold" hint="Deletes in one cycle above this are held for review (default 500)." problem=threshold_problem>
                    <input id="deletion-threshold" type="text" inputmode="numeric" prop:value=move || w.threshold.get() on:input=move |ev| w.choose("threshold", w.threshold, event_target_value(&ev))
                        aria-describedby="deletion-threshold-hint" aria-invalid=invalid(threshold_problem)/>
                </Field>
                <div class="checkbox">
                    <input id="sync-groups" type="checkbox" prop:checked=move || w.groups.get() on:change=move |ev| w.choose("groups", w.groups, event_target_checked(&ev))/>
                    <label for="sync-groups">"Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)"</label>
                </div>
                <Show when=move || w.groups.get()>
                    <GroupGate/>
                </Show>
            </div>
            <StepWrites w=w steps=&[6]/>
        </section>
    }
}

/// What group sync needs, each condition met or not (read with the plan).
#[component]
fn GroupGate() -> impl IntoView {
    let w = use_wizard();
    move || w.gate.get().map(|conditions| view! {
        <div class="card" data-testid="group-gate">
            <h3>"Group-sync gate (now, before applying)"</h3>
            <ul class="gate">
                {conditions.into_iter().map(|c| {
                    let (label, tone) = match c.met { Some(true) => ("Met", Tone::Success), Some(false) => ("Not met", Tone::Warning), None => ("Unknown", Tone::Neutral) };
                    view! { <li data-met=label><Badge tone=tone>{label}</Badge>" "{c.name}{(c.met != Some(true)).then(|| view! { <span class="muted">" — "{c.fix}</span> })}</li> }
                }).collect_view()}
            </ul>
        </div>
    })
}

/// Step 7: who is in scope: the current assignments (to take out) and new groups and users.
#[component]
pub(super) fn GroupsPage() -> impl IntoView {
    let w = use_wizard();
    let picker_problem = problem(w, "group-picker");
    view! {
        <section aria-labelledby="groups-heading" data-testid="groups-step">
            <h2 id="groups-heading">"Groups and users (step 7)"</h2>
            <p>"Assign the groups and users to synchronize; members of an assigned group are in scope. Each group shows whether it can be synchronized and what syncing it will do."</p>
            <AssignedNow assigned_now=w.assigned_now unassign=w.unassign/>
            <GroupPicker selected=w.selected/>
            <UserPicker selected=w.selected_users/>
            {move || picker_problem.get().map(|m| view! { <MessageBar tone=Tone::Danger testid="group-picker-problem">{m}</MessageBar> })}
            <StepWrites w=w steps=&[7]/>
        </section>
    }
}
