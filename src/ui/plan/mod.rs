//! Steps 2 to 6 as a plan: the admin's choices, every Graph write listed for review and export,
//! then apply with progress; re-running plans only what is still missing, so apply resumes after
//! a reload or a failure and never writes twice.

use super::components::download::download;
use super::components::error_view::ErrorView;
use super::groups::{GroupPicker, SelectedGroup, UserPicker};
use super::tenants::use_tenants;
use crate::graph::setup::{apply_stage, finish_job_check, read_state};
use crate::model::apply::{schedule, Stage};
use crate::model::error::AppError;
use crate::model::gate::{group_sync_gate, Condition};
use crate::model::plan::{check_group_selection, current_choices, plan, validate_choices, FieldProblem, PlannedWrite, Principal, SetupChoices, WriteKind};
use crate::model::tenant::TenantRole;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::permissions::{WRITE_SOURCE as SOURCE_WRITE, WRITE_TARGET as TARGET_WRITE};

mod apply;
mod form;
mod assigned;
mod list;
use apply::*;
use assigned::*;
use form::*;
use list::*;
/// The plan-and-apply step.
/// The current plan's requests, shared with the journey list (None: no plan built).
#[derive(Clone, Copy)]
pub struct JourneyPlan(pub RwSignal<Option<Vec<PlannedWrite>>>);

/// Counts completed applies, so that the steps that read the tenants (readiness) read them again.
#[derive(Clone, Copy)]
pub struct SetupApplied(pub RwSignal<u32>);

#[component]
pub fn PlanStep() -> impl IntoView {
    let tenants = use_tenants();
    let (source, target) = (tenants.source, tenants.target);
    let pair = move || format!("{}->{}", source.profile.get().map(|p| p.tenant_id).unwrap_or_default(), target.profile.get().map(|p| p.tenant_id).unwrap_or_default());
    let default_name = move || match (source.profile.get_untracked(), target.profile.get_untracked()) {
        (Some(s), Some(t)) => format!("{} to {} (Tenant Bridge)", s.display_name, t.display_name),
        _ => "Cross-tenant sync".into(),
    };
    let name = RwSignal::new(default_name());
    let email = RwSignal::new(String::new());
    let threshold = RwSignal::new("500".to_string());
    // Group sync (generally available since May 2026) is the default choice once the source holds
    // its licence and a group is chosen; without the licence it stays off.
    let groups = RwSignal::new(false);
    let start = RwSignal::new(false);
    let selected = RwSignal::new(Vec::<SelectedGroup>::new());
    let selected_users = RwSignal::new(Vec::<crate::graph::on_demand::SourceUser>::new());
    // Who is assigned now (read with the state), and which of them the admin takes out of scope.
    let assigned_now = RwSignal::new(Vec::<crate::model::plan::Assignment>::new());
    let unassign = RwSignal::new(Vec::<Principal>::new());
    let gate = RwSignal::new(None::<Vec<Condition>>);
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let planned = RwSignal::new(None::<(SetupChoices, Vec<PlannedWrite>)>);
    // The journey list shows each step done or planned from the plan built on the tenants' state.
    if let Some(shared) = use_context::<JourneyPlan>() {
        Effect::new(move |_| shared.0.set(planned.with(|p| p.as_ref().map(|(_, w)| w.clone()))));
    }
    // Choosing a group when the source holds the licence turns group sync on (once; the admin may
    // clear it again).
    Effect::new(move |had_groups: Option<bool>| {
        let has = selected.with(|s| !s.is_empty());
        let licensed = gate.with(|g| g.as_ref().and_then(|c| c.first()).and_then(|c| c.met) == Some(true));
        if has && had_groups == Some(false) && licensed {
            groups.set(true);
        }
        has
    });
    let applied_count = use_context::<SetupApplied>();
    let rows = RwSignal::new(Vec::<RowState>::new());
    // What the last apply did besides the planned requests (lost answers read back, duplicates removed).
    let apply_notes = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let resumed = RwSignal::new(load_progress(&pair()).map(|p| p.applied.len()));

    // Read the current setup once: prefill the form with what the tenants hold and show the plan,
    // which is empty when everything is already done.
    let prefilled = StoredValue::new(false);
    let target_ok = move || target.session.granted(&TARGET_WRITE);
    let source_ok = move || source.session.granted(&SOURCE_WRITE);
    let problem = move |field: &'static str| problems.with(|ps| ps.iter().find(|p| p.field == field).map(|p| p.message.clone()));

    let build = move || {
        let first = !prefilled.get_value();
        prefilled.set_value(true);
        let choices = match validate_choices(groups.get_untracked(), &name.get_untracked(), &email.get_untracked(), &threshold.get_untracked()) {
            Ok(mut c) => {
                c.assign = selected.with_untracked(|s| s.iter().map(|g| Principal { id: g.group.id.clone(), display_name: g.group.display_name.clone() }).collect());
                c.assign.extend(selected_users.with_untracked(|s| s.iter().map(|u| Principal { id: u.id.clone(), display_name: u.display_name.clone() }).collect::<Vec<_>>()));
                c.unassign = unassign.get_untracked();
                c.start = start.get_untracked();
                c
            }
            Err(ps) => {
                // A plan for other values must not stay on screen, ready to apply.
                planned.set(None);
                problems.set(ps);
                return;
            }
        };
        problems.set(vec![]);
        let (Some(sp), Some(tp)) = (source.profile.get_untracked(), target.profile.get_untracked()) else { return };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match read_state(source.graph(), target.graph(), &sp, &tp, &choices.configuration_name).await {
                Ok((state, skus)) => {
                    gate.set(Some(group_sync_gate(&state, &skus)));
                    let now = state.configuration.as_ref().map(|c| c.assigned.clone()).unwrap_or_default();
                    // A removal that happened is no longer a choice.
                    unassign.update(|u| u.retain(|p| now.iter().any(|a| a.principal_id == p.id)));
                    assigned_now.set(now);
                    let choices = match current_choices(&state).filter(|_| first) {
                        Some(mut c) => {
                            c.assign = choices.assign.clone();
                            c.unassign = choices.unassign.clone();
                            start.set(c.start);
                            name.set(c.configuration_name.clone());
                            email.set(c.notification_email.clone().unwrap_or_default());
                            threshold.set(c.deletion_threshold.map(|n| n.to_string()).unwrap_or_default());
                            groups.set(c.sync_groups);
                            c
                        }
                        None => choices,
                    };
                    if let Some(p) = check_group_selection(&choices, &state) {
                        planned.set(None);
                        problems.set(vec![p]);
                        busy.set(false);
                        return;
                    }
                    match plan(&choices, &state) {
                        Ok(writes) => {
                            rows.set(vec![RowState::Waiting; writes.len()]);
                            planned.set(Some((choices, writes)));
                        }
                        Err(message) => error.set(Some(AppError::new(crate::model::error::ErrorKind::Graph, "cannot_plan", message))),
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let apply = move |_| {
        let Some((_, writes)) = planned.get_untracked() else { return };
        apply_notes.set(vec![]);
        busy.set(true);
        error.set(None);
        let pair_key = pair();
        leptos::task::spawn_local(async move {
            let progress = std::cell::RefCell::new(load_progress(&pair_key).unwrap_or(Progress { pair: pair_key.clone(), ..Default::default() }));
            // The two tenants' independent writes go concurrently; the source's chain from the
            // configuration on waits for both (model::apply).
            let sched = schedule(&writes);
            let start_outputs = progress.borrow().outputs.clone();
            let (mut t_out, mut s_out) = (start_outputs.clone(), start_outputs);
            let (t, s) = futures::join!(
                run_chain(&sched.target, &writes, target.graph(), &mut t_out, rows, apply_notes, &progress),
                run_chain(&sched.source_first, &writes, source.graph(), &mut s_out, rows, apply_notes, &progress),
            );
            let mut outputs = progress.borrow().outputs.clone();
            let result = match t.and(s) {
                Ok(()) => run_chain(&sched.source_then, &writes, source.graph(), &mut outputs, rows, apply_notes, &progress).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                error.set(Some(e));
                busy.set(false);
                return;
            }
            clear_progress();
            resumed.set(None);
            busy.set(false);
            // What readiness showed is out of date now.
            if let Some(c) = applied_count {
                c.0.update(|n| *n += 1);
            }
            // Read both tenants again: a complete apply leaves nothing to plan.
            build();
        });
    };

    Effect::new(move |_| {
        if !prefilled.get_value() && target_ok() && source_ok() && tenants.both_ready() {
            build();
        }
    });

    let grant = move |role: TenantRole| {
        let t = tenants.of(role);
        let scopes: &[&str] = if role == TenantRole::Source { &SOURCE_WRITE } else { &TARGET_WRITE };
        if let Some(tenant) = t.session.authority_tenant() {
            if let Err(e) = t.session.sign_in(&tenant, scopes, &window().location().pathname().unwrap_or_default()) {
                error.set(Some(e));
            }
        }
    };

    view! {
        <section class="plan" aria-labelledby="plan-heading" data-testid="plan-step">
            <h2 id="plan-heading">"Plan and apply (steps 2 to 7 and 10)"</h2>
            <p class="muted">"Every write is listed below before anything is sent. Applying again after a reload or an error continues where it stopped and never creates anything twice."</p>
            <Show when=move || apply_notes.with(|n| !n.is_empty())>
                <div class="message-bar message-bar--warning" role="status" data-testid="apply-notes">
                    <p>"The apply log: what was done besides the planned requests"</p>
                    <ul>{move || apply_notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </div>
            </Show>
            {move || resumed.get().map(|n| view! {
                <div class="message-bar message-bar--info" role="status" data-testid="apply-resume">
                    {format!("An earlier apply for this pair stopped after {n} write(s). Build the plan to see what is left; applying it continues from there.")}
                </div>
            })}
            <Show when=move || !target_ok() || !source_ok()>
                <div class="message-bar message-bar--info" role="status">
                    <p>"Writing needs more permissions than reading. Grant them where they are missing:"</p>
                    <div class="toolbar">
                        <Show when=move || !target_ok()>
                            <button type="button" class="button button--primary" on:click=move |_| grant(TenantRole::Target)>"Grant write permissions in the target tenant"</button>
                        </Show>
                        <Show when=move || !source_ok()>
                            <button type="button" class="button button--primary" on:click=move |_| grant(TenantRole::Source)>"Grant write permissions in the source tenant"</button>
                        </Show>
                    </div>
                </div>
            </Show>
            // Not a <form>: the group picker inside has its own search form, and forms cannot nest.
            <div class="form-grid">
                <Field id="configuration-name" label="Configuration name" hint="Shown in the source tenant's list of cross-tenant sync configurations." problem=Signal::derive(move || problem("configuration-name"))>
                    <input id="configuration-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                        aria-describedby="configuration-name-hint" aria-invalid=move || if problem("configuration-name").is_some() { "true" } else { "false" }/>
                </Field>
                <Field id="notification-email" label="Notification e-mail" hint="Receives quarantine and deletion-threshold e-mails. Leave empty for none." problem=Signal::derive(move || problem("notification-email"))>
                    <input id="notification-email" type="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))
                        aria-describedby="notification-email-hint" aria-invalid=move || if problem("notification-email").is_some() { "true" } else { "false" }/>
                </Field>
                <Field id="deletion-threshold" label="Accidental-deletion threshold" hint="Deletes in one cycle above this are held for review (default 500)." problem=Signal::derive(move || problem("deletion-threshold"))>
                    <input id="deletion-threshold" type="text" inputmode="numeric" prop:value=move || threshold.get() on:input=move |ev| threshold.set(event_target_value(&ev))
                        aria-describedby="deletion-threshold-hint" aria-invalid=move || if problem("deletion-threshold").is_some() { "true" } else { "false" }/>
                </Field>
                <div class="checkbox">
                    <input id="sync-groups" type="checkbox" prop:checked=move || groups.get() on:change=move |ev| groups.set(event_target_checked(&ev))/>
                    <label for="sync-groups">"Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)"</label>
                </div>
                <Show when=move || groups.get()>
                    {move || gate.get().map(|conditions| view! {
                        <div class="card" data-testid="group-gate">
                            <h3>"Group-sync gate (now, before applying)"</h3>
                            <ul class="gate">
                                {conditions.into_iter().map(|c| {
                                    let (label, class) = match c.met { Some(true) => ("Met", "badge badge--success"), Some(false) => ("Not met", "badge badge--warning"), None => ("Unknown", "badge badge--neutral") };
                                    view! { <li data-met=label><span class=class>{label}</span>" "{c.name}{(c.met != Some(true)).then(|| view! { <span class="muted">" — "{c.fix}</span> })}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    })}
                </Show>
                <AssignedNow assigned_now=assigned_now unassign=unassign/>
                <GroupPicker selected=selected/>
                <UserPicker selected=selected_users/>
                {move || problem("group-picker").map(|m| view! { <p class="message-bar message-bar--error" role="alert" data-testid="group-picker-problem">{m}</p> })}
                <div class="checkbox">
                    <input id="start-provisioning" type="checkbox" prop:checked=move || start.get() on:change=move |ev| start.set(event_target_checked(&ev))/>
                    <label for="start-provisioning">"Start provisioning at the end (step 10)"</label>
                </div>
                <div class="toolbar">
                    <button type="button" class="button" data-testid="plan-build" disabled=move || busy.get() on:click=move |_| build()>"Build the plan"</button>
                </div>
            </div>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || planned.get().map(|(_, writes)| {
                if writes.is_empty() {
                    return view! { <p class="message-bar message-bar--info" role="status" data-testid="plan-empty">"Nothing to change: both tenants already match these settings."</p> }.into_any();
                }
                view! { <PlannedRequests writes=writes rows=rows busy=busy on_apply=Callback::new(apply)/> }.into_any()
            })}
        </section>
    }
}
