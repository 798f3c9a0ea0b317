//! Who is assigned to the configuration now, with a tick to take each out of scope.

use crate::model::setup::plan::Principal;
use leptos::prelude::*;

/// The current assignments; ticking one puts its removal in the plan.
#[component]
pub(super) fn AssignedNow(assigned_now: RwSignal<Vec<crate::model::setup::plan::Assignment>>, unassign: RwSignal<Vec<Principal>>) -> impl IntoView {
    view! {
        <Show when=move || assigned_now.with(|a| !a.is_empty())>
            <section class="card" aria-labelledby="assigned-heading" data-testid="assigned-now">
                <h3 id="assigned-heading">"Assigned to the configuration now"</h3>
                <p class="muted">"Tick one to take it out of scope: the plan then removes its assignment, and the next cycle removes from the target what was provisioned for it."</p>
                <ul class="group-list">
                    <For each=move || assigned_now.get() key=|a| a.principal_id.clone() let:a>
                        {
                        let id = a.principal_id.clone();
                        let pick = Principal { id: a.principal_id.clone(), display_name: a.display_name.clone() };
                        let input_id = format!("unassign-{}", a.principal_id);
                        let checked = { let id = id.clone(); move || unassign.with(|u| u.iter().any(|p| p.id == id)) };
                        view! {
                            <li data-assigned=a.display_name.clone()>
                                <input type="checkbox" id=input_id.clone() prop:checked=checked
                                    on:change=move |ev| { let on = event_target_checked(&ev); let p = pick.clone(); unassign.update(|u| { u.retain(|x| x.id != p.id); if on { u.push(p); } }); }/>
                                <label for=input_id>{format!("Remove {} ({})", a.display_name, if a.principal_type.is_empty() { "user or group".to_string() } else { a.principal_type.to_lowercase() })}</label>
                            </li>
                        }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
