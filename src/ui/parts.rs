//! The parts of the app loaded when first needed (wasm splitting; `cargo xtask build` splits the
//! module at these points, see xtask/src/bundle.rs). The first screen (the shell and Connect)
//! ships alone. The parts, each fetched the first time it is needed: `session` (building a
//! sign-in request, redeeming the code, the Graph client, reading the tenant: `ui::sign_in`,
//! `ui::tenants`), `wizard` (the pages after Connect, its reads, plan and checks:
//! `pages::setup`), `mappings`, `monitor`, `ascode` and `fleet` (the routes below).
//!
//! Every split point here is `fallible`: a part that cannot be fetched (connection dropped,
//! offline before the part was ever loaded) becomes a message with a way to try again, never a
//! panic, which would stop the whole app. The failure is not remembered, so trying again fetches
//! the part anew.

use crate::model::error::{AppError, ErrorKind};
use crate::ui::components::tone::{MessageBar, Tone};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

/// A part's code could not be fetched.
#[derive(Debug, Clone)]
pub struct PartMissing;

impl From<SplitLoaderError> for PartMissing {
    fn from(_: SplitLoaderError) -> Self {
        PartMissing
    }
}

impl PartMissing {
    /// As an app error, for the places that show one (the wizard's reads and checks).
    pub fn error(what: &str) -> AppError {
        AppError::new(
            ErrorKind::Network,
            "part_not_loaded",
            format!("The code for {what} could not be downloaded (the connection dropped or the browser is offline). Nothing was changed. Check the connection and try again."),
        )
    }
}

/// Where a part was needed but could not be fetched: what happened and a retry. Retrying loads
/// the page again; sign-ins and the wizard's choices are kept in this tab's session storage.
#[component]
pub fn PartFailed(what: &'static str) -> impl IntoView {
    let retry = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <MessageBar tone=Tone::Danger role="alert" testid="part-failed">
            <p>{format!("The code for {what} could not be downloaded: the connection dropped or the browser is offline. Nothing was changed.")}</p>
            <button type="button" class="button button--primary" on:click=retry>"Try again"</button>
        </MessageBar>
    }
}

/// `/mappings`, loaded when first opened.
pub struct MappingsRoute;

impl LazyRoute for MappingsRoute {
    fn data() -> Self {
        Self
    }

    async fn view(_this: Self) -> AnyView {
        mappings_page().await.unwrap_or_else(|_| view! { <section class="page" data-testid="page-mappings"><h1>"Mappings"</h1><PartFailed what="the Mappings page"/></section> }.into_any())
    }
}

#[leptos::wasm_split::wasm_split(mappings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn mappings_page() -> Result<AnyView, PartMissing> {
    Ok(view! { <super::pages::mappings::MappingsPage/> }.into_any())
}

/// `/monitor`, loaded when first opened.
pub struct MonitorRoute;

impl LazyRoute for MonitorRoute {
    fn data() -> Self {
        Self
    }

    async fn view(_this: Self) -> AnyView {
        monitor_page().await.unwrap_or_else(|_| view! { <section class="page" data-testid="page-monitor"><h1>"Monitor"</h1><PartFailed what="the Monitor page"/></section> }.into_any())
    }
}

#[leptos::wasm_split::wasm_split(monitor, wasm_split_path = ::leptos::wasm_split, fallible)]
fn monitor_page() -> Result<AnyView, PartMissing> {
    Ok(view! { <super::pages::monitor::MonitorPage/> }.into_any())
}

/// `/as-code`, loaded when first opened.
pub struct AsCodeRoute;

impl LazyRoute for AsCodeRoute {
    fn data() -> Self {
        Self
    }

    async fn view(_this: Self) -> AnyView {
        as_code_page().await.unwrap_or_else(|_| view! { <section class="page" data-testid="page-as-code"><h1>"Configuration as code"</h1><PartFailed what="the Configuration as code page"/></section> }.into_any())
    }
}

#[leptos::wasm_split::wasm_split(ascode, wasm_split_path = ::leptos::wasm_split, fallible)]
fn as_code_page() -> Result<AnyView, PartMissing> {
    Ok(view! { <super::pages::as_code::AsCodePage/> }.into_any())
}

/// `/fleet`, loaded when first opened.
pub struct FleetRoute;

impl LazyRoute for FleetRoute {
    fn data() -> Self {
        Self
    }

    async fn view(_this: Self) -> AnyView {
        fleet_page().await.unwrap_or_else(|_| view! { <section class="page" data-testid="page-fleet"><h1>"Fleet"</h1><PartFailed what="the Fleet page"/></section> }.into_any())
    }
}

#[leptos::wasm_split::wasm_split(fleet, wasm_split_path = ::leptos::wasm_split, fallible)]
fn fleet_page() -> Result<AnyView, PartMissing> {
    Ok(view! { <super::pages::fleet::FleetPage/> }.into_any())
}
