//! The app shell: header with both tenants' connection state, navigation, routes.

use super::parts::{AsCodeRoute, FleetRoute, MappingsRoute, MonitorRoute, PreviewRoute};
use super::pages::{about::AboutPage, not_found::NotFoundPage, setup::{SetupIndex, SetupPage}};
use super::theme;
use super::tenants::{provide_tenants, use_tenants};
use crate::model::config::AppConfig;
use crate::model::session::CallbackOutcome;
use crate::model::tenant::{Connection, TenantRole};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::path;
use super::components::tone::{Badge, MessageBar, Tone};

/// The whole application, once `config.json` is valid.
#[component]
pub fn App(config: AppConfig, callback: Option<CallbackOutcome>) -> impl IntoView {
    provide_context(config.clone());
    let tenants = provide_tenants(config, callback);
    // The setup wizard's choices and plan live as long as the app: leaving Setup loses nothing.
    provide_context(super::pages::setup::wizard::Wizard::new(tenants));
    theme::show(theme::stored());

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header">
                <span class="app-header__title">"Tenant Bridge"</span>
                <MainNav/>
                <div class="app-header__tenants">
                    <TenantBadge role=TenantRole::Source/>
                    <TenantBadge role=TenantRole::Target/>
                </div>
                <ThemeToggle/>
            </header>
            <main id="main" class="app-main" tabindex="-1">
                <RenewalBanner role=TenantRole::Source/>
                <RenewalBanner role=TenantRole::Target/>
                // No route nests another: FlatRoutes builds the matched page directly, without the
                // nested router's outlets (8 KB brotli and 83 wasm functions less on the first screen).
                <FlatRoutes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/setup"/> }/>
                    <Route path=path!("/setup") view=SetupIndex/>
                    <Route path=path!("/setup/:step") view=SetupPage/>
                    <Route path=path!("/mappings") view={leptos_router::Lazy::<MappingsRoute>::new()}/>
                    <Route path=path!("/monitor") view={leptos_router::Lazy::<MonitorRoute>::new()}/>
                    <Route path=path!("/fleet") view={leptos_router::Lazy::<FleetRoute>::new()}/>
                    <Route path=path!("/as-code") view={leptos_router::Lazy::<AsCodeRoute>::new()}/>
                    <Route path=path!("/preview") view={leptos_router::Lazy::<PreviewRoute>::new()}/>
                    <Route path=path!("/about") view=AboutPage/>
                </FlatRoutes>
            </main>
        </Router>
    }
}

/// The header's links. Plain anchors, which the router opens in place, each marked as the current
/// page from one reading of the address: the router's `A` gives every link its own resolved path
/// and matching (fewer wasm functions and reactive nodes on the first screen).
#[component]
fn MainNav() -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    let link = move |href: &'static str, label: &'static str| {
        let current = move || path.with(|p| p == href || p.strip_prefix(href).is_some_and(|rest| rest.starts_with('/'))).then_some("page");
        view! { <a href=href aria-current=current>{label}</a> }
    };
    view! {
        <nav class="app-nav" aria-label="Main">
            {link("/setup", "Setup")}
            {link("/mappings", "Mappings")}
            {link("/monitor", "Monitor")}
            {link("/fleet", "Fleet")}
            {link("/as-code", "As code")}
            {link("/about", "About")}
        </nav>
    }
}

/// One tenant's connection state in the header.
#[component]
fn TenantBadge(role: TenantRole) -> impl IntoView {
    let state = use_tenants().of(role);
    let connection = Memo::new(move |_| state.connection());
    let tone = Signal::derive(move || match connection.get() {
        Connection::Connected { .. } => Tone::Success,
        Connection::NeedsSignIn(_) => Tone::Warning,
        _ => Tone::Neutral,
    });
    view! {
        <span class="tenant-badge" data-testid=format!("tenant-badge-{}", role.key())>
            <span class="tenant-badge__role">{role.to_string()}</span>
            <Badge tone=tone>{move || connection.get().label()}</Badge>
        </span>
    }
}

/// When a tenant's session can no longer be renewed silently (refresh token revoked or expired),
/// on every page: what happened and the sign-in that restores it, coming back to the same page.
#[component]
fn RenewalBanner(role: TenantRole) -> impl IntoView {
    let state = use_tenants().of(role);
    let key = role.key();
    let again = move |_| super::ask_consent(state.session, &[], &super::current_path(), state.error);
    move || state.session.renewal.get().map(|e| view! {
        <MessageBar tone=Tone::Warning role="alert" testid=format!("renewal-{key}")>
            <p>{format!("{}: {}", role, e.message)}</p>
            <button type="button" class="button button--primary" on:click=again>"Sign in again"</button>
        </MessageBar>
    })
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
