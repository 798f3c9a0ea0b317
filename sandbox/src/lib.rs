//! Two emulated Entra tenants: sign-in (OIDC, authorization code + PKCE) and Microsoft Graph.
//!
//! `router` builds the sandbox's HTTP surface; `app::router` serves the built app on its own origin.

pub mod app;

use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Command-line options.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    pub app_dir: Option<PathBuf>,
    pub app_listen: SocketAddr,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 8081)),
            app_dir: None,
            app_listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        }
    }
}

/// The sandbox's routes: sign-in, Graph and control.
pub fn router(_options: &Options, _base_url: String) -> Router {
    Router::new().route("/", get(|| async { "Tenant Bridge sandbox: emulated sign-in and Microsoft Graph" }))
}
