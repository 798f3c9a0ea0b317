use super::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// The deletions held by the threshold, why each object left scope, and the two-step "allow".
#[component]
pub(super) fn DeletionReview(configuration_id: String, job_id: String, held: Vec<ProvisioningEvent>) -> impl IntoView {
    let source = use_tenants().source;
    let confirming = RwSignal::new(false);
    let ids = StoredValue::new((configuration_id, job_id));
    let count = held.len();
    // The write, as an Action: pending while it runs, its value the outcome.
    let allow_action = Action::new_local(move |_: &()| {
        let (configuration, job) = ids.get_value();
        async move { allow_deletes(source.graph(), &configuration, &job).await }
    });
    let done = move || allow_action.value().with(|v| matches!(v, Some(Ok(()))));
    Effect::new(move |_| {
        if allow_action.value().with(Option::is_some) {
            confirming.set(false);
        }
    });
    let allow = move |_| {
        allow_action.dispatch_local(());
    };
    view! {
        <section class="card" aria-labelledby="deletion-heading" data-testid="deletion-review">
            <h2 id="deletion-heading">{format!("Deletion review: {count} deletion(s) held")}</h2>
            <p>"More objects left the scope in one cycle than the accidental-deletion threshold allows, so none was deleted and the job is quarantined. Check each one before allowing the deletes: re-assign what should stay."</p>
            <ul class="plain-list">
                {held.into_iter().map(|e| view! {
                    <li>{format!("{} ({})", e.name(), e.object_type())} <span class="muted">{e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone()).map(|r| format!(" {r}")).unwrap_or_default()}</span></li>
                }).collect_view()}
            </ul>
            {move || allow_action.value().get().and_then(Result::err).map(|e| view! { <ErrorView error=e/> })}
            <Show when=done fallback=move || view! {
                <Show when=move || confirming.get() fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| confirming.set(true)>{format!("Allow these {count} deletions…")}</button>
                }>
                    <MessageBar tone=Tone::Warning role="alert">
                        <p>{format!("The next cycle will delete these {count} object(s) in the target (users are soft-deleted and can be restored there for 30 days).")}</p>
                        <div class="toolbar">
                            <button type="button" class="button button--primary" disabled=move || allow_action.pending().get() on:click=allow>"Allow the deletions (restart with ForceDeletes)"</button>
                            <button type="button" class="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </div>
                    </MessageBar>
                </Show>
            }>
                <MessageBar tone=Tone::Info testid="deletes-allowed">"Deletions allowed: the quarantine is cleared and the next cycle applies them."</MessageBar>
            </Show>
        </section>
    }
}
