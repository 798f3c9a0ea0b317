//! The parts of the app loaded when first needed (wasm splitting; `cargo xtask build` splits the
//! module at these points, see xtask/src/bundle.rs). The first screen (the shell and Connect)
//! ships alone. The parts, each fetched the first time it is needed: `session` (building a
//! sign-in request, redeeming the code, the Graph client, reading the tenant: `ui::sign_in`,
//! `ui::tenants`), `wizard` (the pages after Connect, its reads, plan and checks:
//! `pages::setup`), `mappings`, `monitor`, `ascode`, `fleet` and `preview` (the routes below).
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
            format!("The code for {what} could not be downloaded intact (the connection dropped, the browser is offline, or something on the way changed the file). Nothing was changed. Check the connection and try again."),
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
            <p>{format!("The code for {what} could not be downloaded intact: the connection dropped, the browser is offline, or something on the way (a proxy) changed the file. Nothing was changed.")}</p>
            <button type="button" class="button button--primary" on:click=retry>"Try again"</button>
        </MessageBar>
    }
}

/// A route whose page lives in its own part: the `LazyRoute` that loads it (a part that cannot be
/// fetched shows the page's heading and [`PartFailed`]), and the split point.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $part:ident, $load:ident, $page:path, $testid:literal, $title:literal, $what:literal) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                $load().await.unwrap_or_else(|_| view! { <section class="page" data-testid=$testid><h1>{$title}</h1><PartFailed what=$what/></section> }.into_any())
            }
        }

        #[leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $load() -> Result<AnyView, PartMissing> {
            Ok($page().into_any())
        }
    };
}

lazy_page!(
    /// `/mappings`, loaded when first opened.
    MappingsRoute, mappings, mappings_page, super::pages::mappings::MappingsPage, "page-mappings", "Mappings", "the Mappings page"
);
lazy_page!(
    /// `/monitor`, loaded when first opened.
    MonitorRoute, monitor, monitor_page, super::pages::monitor::MonitorPage, "page-monitor", "Monitor", "the Monitor page"
);
lazy_page!(
    /// `/as-code`, loaded when first opened.
    AsCodeRoute, ascode, as_code_page, super::pages::as_code::AsCodePage, "page-as-code", "Configuration as code", "the Configuration as code page"
);
lazy_page!(
    /// `/fleet`, loaded when first opened.
    FleetRoute, fleet, fleet_page, super::pages::fleet::FleetPage, "page-fleet", "Fleet", "the Fleet page"
);
lazy_page!(
    /// `/preview`, loaded when first opened.
    PreviewRoute, preview, preview_page, super::pages::preview::PreviewPage, "page-preview", "Impact preview", "the Impact preview page"
);
