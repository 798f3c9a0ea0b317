//! The app shell: header with both tenants' connection state, navigation, routes.

use super::pages::{about::AboutPage, mappings::MappingsPage, monitor::MonitorPage, not_found::NotFoundPage, setup::SetupPage};
use super::theme;
use super::tenants::{provide_tenants, use_tenants};
use crate::model::config::AppConfig;
use crate::model::session::CallbackOutcome;
use crate::model::tenant::{Connection, TenantRole};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

/// The whole application, once `config.json` is valid.
#[component]
pub fn App(config: AppConfig, callback: Option<CallbackOutcome>) -> impl IntoView {
    provide_context(config.clone());
    provide_tenants(config, callback);
    theme::apply(theme::stored());

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header">
                <span class="app-header__title">"Tenant Bridge"</span>
                <nav class="app-nav" aria-label="Main">
                    <A href="/setup">"Setup"</A>
                    <A href="/mappings">"Mappings"</A>
                    <A href="/monitor">"Monitor"</A>
                    <A href="/about">"About"</A>
                </nav>
                <div class="app-header__tenants">
                    <TenantBadge role=TenantRole::Source/>
                    <TenantBadge role=TenantRole::Target/>
                </div>
                <ThemeToggle/>
            </header>
            <main id="main" class="app-main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/setup"/> }/>
                    <Route path=path!("/setup") view=SetupPage/>
                    <Route path=path!("/mappings") view=MappingsPage/>
                    <Route path=path!("/monitor") view=MonitorPage/>
                    <Route path=path!("/about") view=AboutPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// One tenant's connection state in the header.
#[component]
fn TenantBadge(role: TenantRole) -> impl IntoView {
    let state = use_tenants().of(role);
    let connection = Memo::new(move |_| state.connection());
    let state_class = move || match connection.get() {
        Connection::Connected { .. } => "badge badge--success",
        Connection::NeedsSignIn(_) => "badge badge--warning",
        _ => "badge badge--neutral",
    };
    view! {
        <span class="tenant-badge" data-testid=format!("tenant-badge-{}", role.key())>
            <span class="tenant-badge__role">{role.to_string()}</span>
            <span class=state_class>{move || connection.get().label()}</span>
        </span>
    }
}

/// Cycles System → Light → Dark.
#[component]
fn ThemeToggle() -> impl IntoView {
    let current = RwSignal::new(theme::stored());
    let toggle = move |_| {
        let next = current.get().next();
        theme::apply(next);
        current.set(next);
    };
    view! {
        <button class="button button--subtle" type="button" data-testid="theme-toggle" on:click=toggle
            aria-label=move || format!("{} (change theme)", current.get().label())>
            {move || current.get().label()}
        </button>
    }
}
