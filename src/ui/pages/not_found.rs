//! Fallback for unknown paths.

use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for a path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page" data-testid="page-not-found">
            <h1>"Page not found"</h1>
            <p>"This address is not part of Tenant Bridge. " <A href="/setup">"Go to Setup"</A></p>
        </section>
    }
}
