//! The plan form's field frame and the plan export.

use crate::model::setup::plan::PlannedWrite;
use crate::ui::components::download::download;
use leptos::prelude::*;

/// A labelled form field with its hint or problem.
#[component]
pub(super) fn Field(id: &'static str, label: &'static str, hint: &'static str, problem: Signal<Option<String>>, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            <p id=format!("{id}-hint") class="field-hint" class:field-hint--error=move || problem.with(Option::is_some) data-testid=format!("{id}-problem")>
                {move || problem.get().unwrap_or_else(|| hint.to_string())}
            </p>
        </div>
    }
}

/// Offers the plan as a JSON file (method, version, path and body of every request).
pub(super) fn download_plan(writes: &[PlannedWrite]) {
    if let Ok(text) = serde_json::to_string_pretty(&serde_json::json!({ "generatedBy": "Tenant Bridge", "requests": writes })) {
        download("tenant-bridge-plan.json", "application/json", &text);
    }
}
