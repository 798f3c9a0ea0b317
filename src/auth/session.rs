//! One tenant's session: sign-in redirect, code redemption, access tokens with a single shared
//! refresh, renewal when the refresh token is refused, sign-out.

use super::{oauth, store};
use crate::model::config::AppConfig;
use crate::model::error::{AppError, ErrorKind};
use crate::model::session::{safe_return_to, PendingSignIn, TokenAction, TokenSet};
use crate::model::tenant::TenantRole;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;

/// Scopes every session asks for at sign-in (see `model::permissions`); later steps add theirs.
pub use crate::model::permissions::SIGN_IN as BASE_SCOPES;
use crate::model::permissions::ConsentMode;

type SharedRefresh = Shared<LocalBoxFuture<'static, Result<TokenSet, AppError>>>;

/// A handle to one tenant's session; cheap to copy into closures and components.
#[derive(Clone, Copy)]
pub struct TenantSession {
    pub role: TenantRole,
    config: StoredValue<AppConfig>,
    tokens: RwSignal<Option<TokenSet>>,
    refreshing: StoredValue<Option<SharedRefresh>, LocalStorage>,
    /// Why the admin must sign in again (refresh refused, 24 h SPA limit); `None` when fine.
    pub renewal: RwSignal<Option<AppError>>,
    /// This tenant's report-API budget (5 requests per 10 s), shared by every Graph call.
    pub report_budget: StoredValue<crate::model::retry::ReportBudget>,
}

impl TenantSession {
    /// The session for `role`, restored from sessionStorage when this tab had one.
    pub fn restore(role: TenantRole, config: AppConfig) -> TenantSession {
        TenantSession {
            role,
            config: StoredValue::new(config),
            tokens: RwSignal::new(store::load_tokens(role)),
            refreshing: StoredValue::new_local(None),
            renewal: RwSignal::new(None),
            // Benchmarks against a sandbox whose report limit is lifted set this key; real tenants never do.
            report_budget: StoredValue::new(if store::session_flag("tb.bench.unpacedReports") { crate::model::retry::ReportBudget::unlimited() } else { Default::default() }),
        }
    }

    /// True while a token is held (reactive).
    pub fn is_signed_in(&self) -> bool {
        self.tokens.with(Option::is_some)
    }

    /// The tenant the admin typed at sign-in (ID or domain), reactive.
    pub fn authority_tenant(&self) -> Option<String> {
        self.tokens.with(|t| t.as_ref().map(|t| t.authority_tenant.clone()))
    }

    /// True when the session was granted every scope in `needed` (reactive).
    pub fn granted(&self, needed: &[&str]) -> bool {
        self.tokens.with(|t| t.as_ref().is_some_and(|t| t.has_scopes(needed)))
    }

    /// The scopes the session's token carries.
    pub fn scopes_untracked(&self) -> Vec<String> {
        self.tokens.with_untracked(|t| t.as_ref().map(|t| t.scopes.clone()).unwrap_or_default())
    }

    /// The app configuration.
    pub fn config(&self) -> AppConfig {
        self.config.get_value()
    }

    /// Leaves for the tenant's authorize page. `extra_scopes` are added to the base set and to
    /// whatever this session was already granted.
    pub fn sign_in(&self, tenant: &str, extra_scopes: &[&str], return_to: &str) -> Result<(), AppError> {
        let config = self.config();
        let mut wanted: Vec<&str> = BASE_SCOPES.to_vec();
        // By default the first sign-in asks for everything this side needs over the whole journey
        // (setup, Mappings, Monitor), so the journey costs one interactive sign-in per tenant; the
        // admin may choose consent step by step instead, or the permissions an administrator
        // granted to the app (`.default`, which cannot be combined with named permissions).
        let mode = store::consent_mode();
        let granted = self.tokens.with_untracked(|t| t.as_ref().map(|t| t.scopes.clone()).unwrap_or_default());
        let scopes = if mode == ConsentMode::AppDefault {
            crate::model::session::scopes_to_ask(&config.graph_base_url, &["openid", "profile", "offline_access", ".default"], &[])
        } else {
            if mode == ConsentMode::Everything {
                wanted.extend(crate::model::permissions::all_for(self.role));
            }
            wanted.extend_from_slice(extra_scopes);
            crate::model::session::scopes_to_ask(&config.graph_base_url, &wanted, &granted)
        };
        let (url, state, verifier) = oauth::authorize_url(&config, tenant, &scopes)?;
        store::save_pending(&PendingSignIn {
            role: self.role,
            state,
            verifier,
            authority_tenant: tenant.to_string(),
            scopes,
            return_to: safe_return_to(return_to),
        });
        window().location().assign(&url).map_err(|_| AppError::new(ErrorKind::SignIn, "navigation_failed", "The browser refused to open the sign-in page."))
    }

    /// Redeems the code of a checked sign-in reply and keeps the tokens.
    pub async fn complete(&self, code: String, pending: PendingSignIn) -> Result<(), AppError> {
        let tokens = oauth::redeem(&self.config(), &pending.authority_tenant, code, pending.verifier, &pending.scopes).await?;
        self.keep(tokens);
        self.renewal.set(None);
        Ok(())
    }

    /// An access token good for a call: refreshed first when close to expiry.
    pub async fn access_token(&self) -> Result<String, AppError> {
        let tokens = self.tokens.get_untracked().ok_or_else(|| self.not_signed_in())?;
        match tokens.action(js_sys::Date::now()) {
            TokenAction::Use => Ok(tokens.access_token),
            TokenAction::Refresh => self.refresh().await.map(|t| t.access_token),
            TokenAction::SignIn => Err(self.require_renewal(AppError::new(
                ErrorKind::SignInRequired,
                "session_expired",
                format!("The session for the {} has expired.", self.role.noun()),
            ))),
        }
    }

    /// Refreshes the tokens. Concurrent callers share one request to the token endpoint.
    pub async fn refresh(&self) -> Result<TokenSet, AppError> {
        let pending = self.refreshing.with_value(|r| r.clone());
        let shared = match pending {
            Some(f) => f,
            None => {
                let config = self.config();
                let current = self.tokens.get_untracked().ok_or_else(|| self.not_signed_in())?;
                let scopes = crate::model::session::scopes_to_ask(&config.graph_base_url, &["offline_access"], &current.scopes);
                let f: SharedRefresh = async move { oauth::refresh(&config, &current, &scopes).await }.boxed_local().shared();
                self.refreshing.set_value(Some(f.clone()));
                f
            }
        };
        let result = shared.clone().await;
        // Only the first finisher clears the slot; a later refresh may already have replaced it.
        self.refreshing.update_value(|slot| {
            if slot.as_ref().is_some_and(|s| s.ptr_eq(&shared)) {
                *slot = None;
            }
        });
        match result {
            Ok(tokens) => {
                if self.tokens.with_untracked(|t| t.as_ref().map(|t| &t.access_token) != Some(&tokens.access_token)) {
                    self.keep(tokens.clone());
                }
                Ok(tokens)
            }
            Err(e) if e.kind == ErrorKind::SignInRequired => Err(self.require_renewal(e)),
            Err(e) => Err(e),
        }
    }

    /// Forgets the tokens in this tab (the sign-in service's own cookie is left alone, so signing
    /// in again can be quick).
    pub fn sign_out(&self) {
        store::save_tokens(self.role, None);
        self.tokens.set(None);
        self.renewal.set(None);
    }

    fn keep(&self, tokens: TokenSet) {
        store::save_tokens(self.role, Some(&tokens));
        self.tokens.set(Some(tokens));
    }

    fn not_signed_in(&self) -> AppError {
        AppError::new(ErrorKind::SignInRequired, "not_signed_in", format!("Sign in to the {} first.", self.role.noun()))
    }

    /// Drops the dead tokens but keeps the tenant, so the admin can sign in again in one click.
    fn require_renewal(&self, error: AppError) -> AppError {
        let mut shown = error.clone();
        shown.message = format!("{} Sign in to the {} again; your place in the app is kept.", error.message, self.role.noun());
        self.renewal.set(Some(shown.clone()));
        shown
    }
}

/// Both sessions, provided as context.
#[derive(Clone, Copy)]
pub struct Auth {
    pub source: TenantSession,
    pub target: TenantSession,
}

impl Auth {
    /// The session of one tenant.
    pub fn of(&self, role: TenantRole) -> TenantSession {
        match role {
            TenantRole::Source => self.source,
            TenantRole::Target => self.target,
        }
    }
}
