//! Leptos pages and components. They read signals and call [`crate::graph`] and [`crate::model`].

mod components;
mod pages;
mod parts;
mod shell;
mod tenants;
mod theme;

use crate::auth::store;
use crate::model::config::ConfigError;
use crate::model::session::{check_callback, CallbackOutcome, CallbackParams};
use leptos::prelude::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// Reads `config.json`, then mounts either the app or a page explaining what is wrong with the config.
pub fn start() {
    // Leptos sets up its executor when mounting, so the config is awaited on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        match crate::graph::app_config::load().await {
            Ok(config) => {
                let callback = take_sign_in_reply();
                open_connect_on_a_fresh_load();
                leptos::mount::mount_to_body(move || view! { <shell::App config=config.clone() callback=callback.clone()/> })
            }
            Err(error) => leptos::mount::mount_to_body(move || view! { <ConfigErrorPage error=error.clone()/> }),
        }
    });
}

/// If this page load is a sign-in reply, checks it against the pending sign-in and removes the code
/// and state from the address bar at once, whatever the outcome.
fn take_sign_in_reply() -> Option<CallbackOutcome> {
    let location = window().location();
    let params = CallbackParams::parse(&location.search().ok()?)?;
    let outcome = check_callback(&params, store::take_pending());
    let return_to = match &outcome {
        CallbackOutcome::Redeem { pending, .. } => pending.return_to.clone(),
        CallbackOutcome::Refused { return_to, .. } => return_to.clone(),
    };
    if let Ok(history) = window().history() {
        // The code and state leave the address bar whatever happens: should the browser refuse the
        // address, the app's start page takes its place.
        if history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&return_to)).is_err() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/setup"));
        }
    }
    Some(outcome)
}

/// `/` and `/setup` lead to the first setup page not done yet; on a fresh load nothing has been
/// read, so that is always Connect (`SetupIndex` decides the same way inside the app). Setting the
/// address before the router starts saves a redirect and a second render of the first screen
/// (measured: 45 ms of the first screen's 308 ms, median of 12, in headless Chromium here).
fn open_connect_on_a_fresh_load() {
    let location = window().location();
    let Ok(path) = location.pathname() else { return };
    if matches!(path.as_str(), "/" | "/setup" | "/setup/") {
        let rest = format!("{}{}", location.search().unwrap_or_default(), location.hash().unwrap_or_default());
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("/setup/connect{rest}")));
        }
    }
}

/// Shown instead of the app when `config.json` is missing or malformed.
#[component]
fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    theme::show(theme::stored());
    let key = error.key();
    view! {
        <main class="config-error" data-testid="config-error">
            <h1>"Tenant Bridge cannot start"</h1>
            <p class="config-error__message" role="alert">{error.to_string()}</p>
            {key.map(|k| view! { <p>"Fix the key " <code data-testid="config-error-key">{k}</code> " and reload."</p> })}
            <p>
                "The file " <code>"config.json"</code> " sits next to " <code>"index.html"</code>
                " and needs four keys: " <code>"clientId"</code> " (the application ID of your single-page-app registration), "
                <code>"authorityHost"</code> " (for example https://login.microsoftonline.com), "
                <code>"graphBaseUrl"</code> " (for example https://graph.microsoft.com) and "
                <code>"redirectUri"</code> " (the SPA redirect URI registered for the app)."
            </p>
        </main>
    }
}

/// Calls `load` once, the first time `ready()` holds (tenant connected, permissions granted).
pub(crate) fn load_once_ready(ready: impl Fn() -> bool + 'static, load: impl Fn() + 'static) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let now = ready();
        if now {
            load();
        }
        now
    });
}

/// The app path to come back to after a sign-in redirect.
pub(crate) fn current_path() -> String {
    let loc = window().location();
    format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default())
}

/// Signs in to `session`'s tenant again adding `scopes` (incremental consent), coming back to
/// `path`; a failure to start goes to `error`.
pub(crate) fn ask_consent(session: crate::auth::session::TenantSession, scopes: &[&str], path: &str, error: RwSignal<Option<crate::model::error::AppError>>) {
    if let Some(tenant) = session.authority_tenant() {
        let (scopes, path) = (scopes.iter().map(|s| s.to_string()).collect(), path.to_string());
        leptos::task::spawn_local(async move {
            if let Err(e) = sign_in(session, tenant, scopes, path, false).await {
                error.set(Some(e));
            }
        });
    }
}

/// Leaves for the sign-in page of `session`'s side: `tenant`, adding `scopes`, coming back to
/// `return_to`; with `check_tenant`, the sign-in service is asked first whether the tenant exists.
/// The code that builds the request (oauth2, PKCE, the check) is in the `session` part, fetched
/// on first use: the connect form does not carry it.
pub(crate) async fn sign_in(session: crate::auth::session::TenantSession, tenant: String, scopes: Vec<String>, return_to: String, check_tenant: bool) -> Result<(), crate::model::error::AppError> {
    match start_sign_in(session, tenant, scopes, return_to, check_tenant).await {
        Ok(starting) => starting.await,
        Err(_) => Err(parts::PartMissing::error("signing in")),
    }
}

#[leptos::wasm_split::wasm_split(session, wasm_split_path = ::leptos::wasm_split, fallible)]
fn start_sign_in(
    session: crate::auth::session::TenantSession,
    tenant: String,
    scopes: Vec<String>,
    return_to: String,
    check_tenant: bool,
) -> Result<futures::future::LocalBoxFuture<'static, Result<(), crate::model::error::AppError>>, parts::PartMissing> {
    Ok(Box::pin(async move {
        if check_tenant {
            // Ask the sign-in service first, so a typo gets a message here instead of an error page there.
            crate::graph::directory::discover_cloud(&session.config(), &tenant).await?;
        }
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        session.sign_in(&tenant, &scopes, &return_to)
    }))
}

/// The banner that asks for a permission a section needs, with the button that asks for it.
#[component]
pub(crate) fn ConsentBanner(why: &'static str, button: &'static str, on_grant: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <MessageBar tone=Tone::Info>
            <p>{why}</p>
            {(crate::auth::store::consent_mode() == crate::model::permissions::ConsentMode::AppDefault).then(|| view! {
                <p>"You sign in with the permissions granted to the app (.default): an administrator of this tenant adds the permission to the app registration and grants admin consent first; the button then signs in again to pick it up."</p>
            })}
            <button type="button" class="button button--primary" on:click=move |_| on_grant()>{button}</button>
        </MessageBar>
    }
}

/// What a page that works on the source tenant's configuration shows before its content: that the
/// source is not connected, the permission it still needs, the last error, and that no
/// configuration exists yet.
#[component]
pub(crate) fn SourcePagePreamble(
    not_connected: &'static str,
    why: &'static str,
    button: &'static str,
    consented: Signal<bool>,
    on_grant: impl Fn() + Copy + Send + Sync + 'static,
    error: RwSignal<Option<crate::model::error::AppError>>,
    none: RwSignal<bool>,
    none_testid: &'static str,
) -> impl IntoView {
    let source = tenants::use_tenants().source;
    view! {
        <Show when=move || !source.connection().is_connected()>
            <MessageBar tone=Tone::Info>{not_connected}</MessageBar>
        </Show>
        <Show when=move || source.connection().is_connected() && !consented.get()>
            <ConsentBanner why=why button=button on_grant=on_grant/>
        </Show>
        {move || error.get().map(|e| view! { <components::error_view::ErrorView error=e/> })}
        <Show when=move || none.get()>
            <MessageBar tone=Tone::Info testid=none_testid>"No cross-tenant sync configuration with a job exists in the source tenant yet. Set one up first."</MessageBar>
        </Show>
    }
}

/// Runs `work` in the background with `busy` on and `error` cleared, then hands its value to
/// `done` or its error to `error`.
pub(crate) fn run_busy<T: 'static>(
    busy: RwSignal<bool>,
    error: RwSignal<Option<crate::model::error::AppError>>,
    work: impl std::future::Future<Output = Result<T, crate::model::error::AppError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        match work.await {
            Ok(value) => done(value),
            Err(e) => error.set(Some(e)),
        }
        busy.set(false);
    });
}
