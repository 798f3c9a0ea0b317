//! Two emulated Entra tenants: sign-in (OIDC, authorization code + PKCE) and Microsoft Graph.
//!
//! `router` builds the sandbox's HTTP surface; `app::router` serves the built app on its own origin.

pub mod app;
pub mod clock;
pub mod control;
pub mod cycle;
pub mod engine;
pub mod matching;
pub mod graph;
pub mod permissions;
pub mod roles;
pub mod schema;
pub mod seed;
pub mod signin;
pub mod state;
pub mod token;

use axum::routing::get;
use axum::Router;
use seed::Seed;
use state::{Shared, World};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Command-line options.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    pub app_dir: Option<PathBuf>,
    pub app_listen: SocketAddr,
    /// Seed file; `None` is the shipped default seed.
    pub seed: Option<PathBuf>,
    /// Access-token lifetime in seconds.
    pub token_lifetime: u64,
    /// Report requests allowed per 10 s per tenant (Graph: 5; 0: no limit).
    pub report_limit: u32,
    /// Run a provisioning cycle of every started job this often (0: only on `POST /_sandbox/cycle`).
    pub cycle_seconds: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 8081)),
            app_dir: None,
            app_listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            seed: None,
            token_lifetime: 3600,
            report_limit: 5,
            cycle_seconds: 0,
        }
    }
}

/// Loads the seed the options name.
pub fn load_seed(options: &Options) -> Result<Seed, String> {
    match &options.seed {
        None => Seed::parse(seed::DEFAULT_SEED),
        Some(path) => Seed::parse(&std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?),
    }
}

/// The sandbox's routes: sign-in, Graph and control, behind CORS and the request log.
pub fn router(seed: Seed, options: &Options, base_url: String) -> Router {
    build(seed, options, base_url).0
}

/// The routes and the shared state they serve (for the periodic engine).
pub fn build(seed: Seed, options: &Options, base_url: String) -> (Router, Arc<Shared>) {
    graph::register_catalog();
    let shared = Arc::new(Shared {
        world: Mutex::new({
            let mut w = World::from_seed(&seed, options.token_lifetime);
            w.report_limit = options.report_limit;
            w
        }),
        signer: token::Signer::random(),
        base_url,
        seed,
    });
    let router = Router::new()
        .route("/", get(|| async { "Tenant Bridge sandbox: emulated sign-in and Microsoft Graph" }))
        .merge(signin::routes())
        .merge(graph::routes())
        .merge(control::routes())
        .layer(axum::middleware::from_fn_with_state(shared.clone(), control::faults))
        .layer(axum::middleware::from_fn(control::cors))
        .layer(axum::middleware::from_fn_with_state(shared.clone(), control::log))
        .with_state(shared.clone());
    (router, shared)
}
