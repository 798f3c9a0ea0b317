//! sessionStorage for tokens and the pending sign-in. Never localStorage: tokens must die with the
//! tab, as MSAL.js's default cache does.

use crate::model::permissions::ConsentMode;
use crate::model::session::{PendingSignIn, TokenSet};
use crate::model::tenant::TenantRole;
use serde::de::DeserializeOwned;
use serde::Serialize;

const PENDING_KEY: &str = "tb.signin.pending";

fn tokens_key(role: TenantRole) -> String {
    format!("tb.tokens.{}", role.key())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Tokens of a tenant saved in this tab, if any.
pub fn load_tokens(role: TenantRole) -> Option<TokenSet> {
    read(&tokens_key(role))
}

/// Saves (or with `None` forgets) a tenant's tokens.
pub fn save_tokens(role: TenantRole, tokens: Option<&TokenSet>) {
    match tokens {
        Some(t) => write(&tokens_key(role), t),
        None => remove(&tokens_key(role)),
    }
}

/// Remembers the sign-in that is leaving for the authorize page.
pub fn save_pending(pending: &PendingSignIn) {
    write(PENDING_KEY, pending);
}

/// Takes the pending sign-in out of storage: it can be matched once only, so a replayed reply
/// finds nothing.
pub fn take_pending() -> Option<PendingSignIn> {
    let pending = read(PENDING_KEY);
    remove(PENDING_KEY);
    pending
}

/// localStorage keys of the consent preference (a setting, never a token).
const INCREMENTAL_KEY: &str = "tb.consent.incremental";
const APP_DEFAULT_KEY: &str = "tb.consent.appDefault";

fn local_flag(key: &str) -> bool {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(key).ok().flatten()).as_deref() == Some("1")
}

/// How the admin chose to be asked for permissions (every permission at the first sign-in by default).
pub fn consent_mode() -> ConsentMode {
    if local_flag(APP_DEFAULT_KEY) {
        ConsentMode::AppDefault
    } else if local_flag(INCREMENTAL_KEY) {
        ConsentMode::StepByStep
    } else {
        ConsentMode::Everything
    }
}

/// Keeps the consent preference.
pub fn set_consent_mode(mode: ConsentMode) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if mode == ConsentMode::StepByStep { s.set_item(INCREMENTAL_KEY, "1") } else { s.remove_item(INCREMENTAL_KEY) };
        let _ = if mode == ConsentMode::AppDefault { s.set_item(APP_DEFAULT_KEY, "1") } else { s.remove_item(APP_DEFAULT_KEY) };
    }
}

/// True when sessionStorage holds `key` with the value "1" (test and benchmark switches only).
pub fn session_flag(key: &str) -> bool {
    storage().and_then(|s| s.get_item(key).ok().flatten()).as_deref() == Some("1")
}
