//! The two tenants as the UI sees them: session, loaded profile, errors; provided as context.

use crate::auth::session::{Auth, TenantSession};
use crate::graph::client::Graph;
use crate::graph::directory::load_profile;
use crate::model::config::AppConfig;
use crate::model::error::{AppError, ErrorKind};
use crate::model::session::CallbackOutcome;
use crate::model::tenant::{Connection, TenantProfile, TenantRole};
use leptos::prelude::*;
use crate::model::session::PendingSignIn;
use crate::ui::parts::PartMissing;
use futures::future::LocalBoxFuture;

/// One tenant's state in the UI.
#[derive(Clone, Copy)]
pub struct TenantState {
    pub role: TenantRole,
    pub session: TenantSession,
    pub profile: RwSignal<Option<TenantProfile>>,
    /// The last error about this tenant (sign-in refused, profile not readable).
    pub error: RwSignal<Option<AppError>>,
    pub loading: RwSignal<bool>,
}

impl TenantState {
    /// The header's view of this tenant (reactive).
    pub fn connection(&self) -> Connection {
        if let Some(e) = self.session.renewal.get() {
            return Connection::NeedsSignIn(e.message);
        }
        if self.loading.get() {
            return Connection::Connecting;
        }
        match self.profile.get() {
            Some(p) if self.session.is_signed_in() => Connection::Connected { tenant_name: p.display_name, admin: p.admin_upn },
            _ => Connection::NotConnected,
        }
    }

    /// A Graph client for this tenant.
    pub fn graph(&self) -> Graph {
        Graph::new(self.session)
    }

    /// Reads the tenant's profile (organization, admin, roles, cloud). The reading code is a part
    /// of its own (`session`), fetched after the first sign-in: the connect form does not need it.
    pub fn load(self) {
        let Some(authority) = self.session.authority_tenant() else { return };
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            match read_profile(self, authority).await {
                Ok(reading) => reading.await,
                Err(_) => {
                    self.error.set(Some(PartMissing::error("reading the tenant")));
                    self.loading.set(false);
                }
            }
        });
    }

    /// Forgets this tenant in this tab.
    pub fn sign_out(self) {
        self.session.sign_out();
        self.profile.set(None);
        self.error.set(None);
    }
}

/// Both tenants, plus a notice for a sign-in reply that belonged to neither.
#[derive(Clone, Copy)]
pub struct Tenants {
    pub source: TenantState,
    pub target: TenantState,
    pub notice: RwSignal<Option<AppError>>,
}

impl Tenants {
    /// One tenant's state.
    pub fn of(&self, role: TenantRole) -> TenantState {
        match role {
            TenantRole::Source => self.source,
            TenantRole::Target => self.target,
        }
    }

    /// Both connected, and to different tenants (reactive).
    pub fn both_ready(&self) -> bool {
        match (self.source.profile.get(), self.target.profile.get()) {
            (Some(s), Some(t)) => self.source.session.is_signed_in() && self.target.session.is_signed_in() && s.tenant_id != t.tenant_id,
            _ => false,
        }
    }

    /// The tenant signed in on both sides, when the admin picked the same one twice (reactive).
    pub fn same_tenant(&self) -> Option<String> {
        match (self.source.profile.get(), self.target.profile.get()) {
            (Some(s), Some(t)) if s.tenant_id == t.tenant_id => Some(s.display_name),
            _ => None,
        }
    }
}

/// Creates both tenants' state, finishes a sign-in reply if the page is one, and loads profiles.
pub fn provide_tenants(config: AppConfig, callback: Option<CallbackOutcome>) -> Tenants {
    let state = |role| TenantState {
        role,
        session: TenantSession::restore(role, config.clone()),
        profile: RwSignal::new(None),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
    };
    let tenants = Tenants { source: state(TenantRole::Source), target: state(TenantRole::Target), notice: RwSignal::new(None) };
    provide_context(tenants);
    provide_context(Auth { source: tenants.source.session, target: tenants.target.session });
    let mut completing = None;
    match callback {
        Some(CallbackOutcome::Redeem { code, pending }) => {
            let t = tenants.of(pending.role);
            completing = Some(pending.role);
            t.loading.set(true);
            leptos::task::spawn_local(async move {
                let redeemed = match redeem(t, code, pending).await {
                    Ok(redeeming) => redeeming.await,
                    // The code is good once and is gone with this page: the admin signs in again.
                    Err(_) => Err(PartMissing::error("finishing the sign-in (sign in again once the connection is back)")),
                };
                match redeemed {
                    Ok(()) => t.load(),
                    Err(e) => {
                        t.error.set(Some(e));
                        t.loading.set(false);
                    }
                }
            });
        }
        Some(CallbackOutcome::Refused { role: Some(role), error, .. }) => tenants.of(role).error.set(Some(error)),
        Some(CallbackOutcome::Refused { role: None, error, .. }) => tenants.notice.set(Some(error)),
        None => {}
    }
    for role in TenantRole::ALL {
        if completing != Some(role) {
            tenants.of(role).load();
        }
    }
    tenants
}

/// The tenants context.
pub fn use_tenants() -> Tenants {
    expect_context::<Tenants>()
}

/// The profile read, in the `session` part with the Graph client.
#[leptos::wasm_split::wasm_split(session, wasm_split_path = ::leptos::wasm_split, fallible)]
fn read_profile(t: TenantState, authority: String) -> Result<LocalBoxFuture<'static, ()>, PartMissing> {
    Ok(Box::pin(async move {
        match load_profile(t.graph(), &authority).await {
            Ok(p) => {
                t.profile.set(Some(p));
                t.error.set(None);
            }
            Err(e) => {
                if e.kind != ErrorKind::SignInRequired {
                    t.error.set(Some(e));
                }
            }
        }
        t.loading.set(false);
    }))
}

/// The sign-in reply's code redeemed for tokens, in the `session` part with the token requests.
#[leptos::wasm_split::wasm_split(session, wasm_split_path = ::leptos::wasm_split, fallible)]
fn redeem(t: TenantState, code: String, pending: PendingSignIn) -> Result<LocalBoxFuture<'static, Result<(), AppError>>, PartMissing> {
    Ok(Box::pin(async move { t.session.complete(code, pending).await }))
}
