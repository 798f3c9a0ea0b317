//! Renders an [`AppError`] the same way everywhere: what failed, Graph's code and message, what to
//! do, the identifiers support asks for, and a button that copies them.

use crate::model::error::AppError;
use leptos::prelude::*;

/// One error, with its advice and a copy-for-support button.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let ticket = error.ticket_text();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&ticket);
            copied.set(true);
        }
    };
    let request = (!error.method.is_empty()).then(|| format!("{} {}", error.method, error.path));
    view! {
        <div class="message-bar message-bar--error error-view" role="alert" data-testid="error-view">
            <p class="error-view__message"><strong>{error.code.clone()}</strong> ": " {error.message.clone()}</p>
            <p class="error-view__advice">{error.advice()}</p>
            <dl class="error-view__ids">
                {request.map(|r| view! { <dt>"Request"</dt><dd><code>{r}</code></dd> })}
                {error.status.map(|s| view! { <dt>"HTTP status"</dt><dd>{s}</dd> })}
                {error.request_id.clone().map(|r| view! { <dt>"request-id"</dt><dd><code>{r}</code></dd> })}
                {error.client_request_id.clone().map(|r| view! { <dt>"client-request-id"</dt><dd><code>{r}</code></dd> })}
                {error.date.clone().map(|d| view! { <dt>"Time"</dt><dd>{d}</dd> })}
            </dl>
            <button type="button" class="button" on:click=copy>
                {move || if copied.get() { "Copied" } else { "Copy details for support" }}
            </button>
        </div>
    }
}
