//! Leptos pages and components. They read signals and call [`crate::graph`] and [`crate::model`].

mod pages;
mod shell;
mod theme;

use crate::model::config::ConfigError;
use leptos::prelude::*;

/// Reads `config.json`, then mounts either the app or a page explaining what is wrong with the config.
pub fn start() {
    // Leptos sets up its executor when mounting, so the config is awaited on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        match crate::graph::app_config::load().await {
            Ok(config) => leptos::mount::mount_to_body(move || view! { <shell::App config=config.clone()/> }),
            Err(error) => leptos::mount::mount_to_body(move || view! { <ConfigErrorPage error=error.clone()/> }),
        }
    });
}

/// Shown instead of the app when `config.json` is missing or malformed.
#[component]
fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    theme::apply(theme::stored());
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
