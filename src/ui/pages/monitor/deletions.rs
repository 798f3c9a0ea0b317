use super::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// The deletions held by the threshold, why each object left scope, and the two-step "allow".
#[component]
pub(super) fn DeletionReview(configuration_id: String, job_id: String, held: Vec<ProvisioningEvent>) -> impl IntoView {
    let source = use_tenants().source;
    let confirming = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let ids = StoredValue::new((configuration_id, job_id));
    let count = held.len();
    let allow = move |_| {
        let (configuration, job) = ids.get_value();
        leptos::task::spawn_local(async move {
            match allow_deletes(source.graph(), &configuration, &job).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
            confirming.set(false);
        });
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
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || done.get() fallback=move || view! {
                <Show when=move || confirming.get() fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| confirming.set(true)>{format!("Allow these {count} deletions…")}</button>
                }>
                    <MessageBar tone=Tone::Warning role="alert">
                        <p>{format!("The next cycle will delete these {count} object(s) in the target (users are soft-deleted and can be restored there for 30 days).")}</p>
                        <div class="toolbar">
                            <button type="button" class="button button--primary" on:click=allow>"Allow the deletions (restart with ForceDeletes)"</button>
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
