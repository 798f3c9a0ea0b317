//! Sign-in bookkeeping that needs no browser: the tokens held per tenant, when to refresh them,
//! the pending redirect, and the checks on the reply.

use crate::model::error::{AppError, ErrorKind};
use crate::model::tenant::TenantRole;
use serde::{Deserialize, Serialize};

/// Refresh this long before the access token expires, so no call carries an about-to-expire token.
pub const REFRESH_MARGIN_MS: f64 = 5.0 * 60_000.0;

/// Tokens for one tenant, as kept in memory and mirrored to sessionStorage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    /// Milliseconds since the epoch when the access token expires.
    pub expires_at_ms: f64,
    pub refresh_token: Option<String>,
    /// The tenant the admin signed in to (ID or domain as typed); the authority for refreshes.
    pub authority_tenant: String,
    /// Scopes the session has been granted so far (incremental consent adds to them).
    pub scopes: Vec<String>,
}

/// What to do before a Graph call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenAction {
    /// The access token is good for a while.
    Use,
    /// Expiring soon or expired: refresh first.
    Refresh,
    /// Expired and nothing to refresh with: interactive sign-in.
    SignIn,
}

impl TokenSet {
    /// Decides, at `now_ms`, whether the access token can be used as is.
    pub fn action(&self, now_ms: f64) -> TokenAction {
        if now_ms + REFRESH_MARGIN_MS < self.expires_at_ms {
            TokenAction::Use
        } else if self.refresh_token.is_some() {
            TokenAction::Refresh
        } else if now_ms < self.expires_at_ms {
            TokenAction::Use
        } else {
            TokenAction::SignIn
        }
    }

    /// True when every scope in `needed` was granted (case-insensitive, resource prefix ignored).
    /// A `X.ReadWrite.Y` grant covers `X.Read.Y`, as Graph's permission map has it.
    pub fn has_scopes(&self, needed: &[&str]) -> bool {
        scopes_cover(&self.scopes, needed)
    }
}

/// True when `granted` holds every scope in `needed` (without letter case or resource prefix; a
/// ReadWrite permission covers its Read).
pub fn scopes_cover(granted: &[String], needed: &[&str]) -> bool {
    needed.iter().all(|n| {
        let n = short_scope(n);
        let write = n.replacen(".Read.", ".ReadWrite.", 1);
        granted.iter().any(|s| short_scope(s).eq_ignore_ascii_case(n) || short_scope(s).eq_ignore_ascii_case(&write))
    })
}

/// `https://graph.microsoft.com/User.Read` → `User.Read`.
pub fn short_scope(scope: &str) -> &str {
    scope.rsplit('/').next().unwrap_or(scope)
}

/// OpenID Connect scopes: asked bare, never under a resource.
pub const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "offline_access", "email"];

/// The scopes a token response granted. The auth-code flow page marks `scope` optional (it may be
/// left out when it equals what was asked), so a missing or empty `scope` means the scopes asked
/// for. Entra writes full URIs, space separated, in any letter case; they are kept as written and
/// compared without case by [`TokenSet::has_scopes`].
pub fn granted_scopes(response_scope: Option<&str>, asked: &[String]) -> Vec<String> {
    match response_scope.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.split_whitespace().map(String::from).collect(),
        None => asked.to_vec(),
    }
}

/// The scope list of a token request: `wanted` plus what was granted before, every Graph scope
/// named under the configured Graph host (`graph_base`), OIDC scopes bare, each once (without
/// letter case). A token request must name scopes of one resource only: a grant that came back
/// under another spelling of the host (Entra answers `https://graph.microsoft.com/...` for any
/// Graph host alias) is re-qualified, never passed on as written.
pub fn scopes_to_ask(graph_base: &str, wanted: &[&str], granted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for s in wanted.iter().copied().chain(granted.iter().map(String::as_str)) {
        let short = short_scope(s);
        if short.is_empty() {
            continue;
        }
        let full = if OIDC_SCOPES.iter().any(|o| o.eq_ignore_ascii_case(short)) { short.to_ascii_lowercase() } else { format!("{graph_base}/{short}") };
        if !out.iter().any(|x| x.eq_ignore_ascii_case(&full)) {
            out.push(full);
        }
    }
    out
}

/// A sign-in that left for the authorize page and has not come back yet (sessionStorage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub role: TenantRole,
    /// The CSRF state sent to the authorize endpoint.
    pub state: String,
    /// The PKCE verifier; it never leaves the browser until the token request.
    pub verifier: String,
    pub authority_tenant: String,
    pub scopes: Vec<String>,
    /// App path to return to after the redirect (always a local path).
    pub return_to: String,
}

/// The query of the redirect back to the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl CallbackParams {
    /// Reads the sign-in reply from a query string (`?code=…&state=…`), or `None` when the URL is
    /// not a sign-in reply.
    pub fn parse(query: &str) -> Option<CallbackParams> {
        let mut p = CallbackParams::default();
        for pair in query.trim_start_matches('?').split('&').filter(|s| !s.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(v);
            match k {
                "code" => p.code = Some(v),
                "state" => p.state = Some(v),
                "error" => p.error = Some(v),
                "error_description" => p.error_description = Some(v),
                _ => {}
            }
        }
        (p.code.is_some() || p.error.is_some()).then_some(p)
    }
}

/// What a sign-in reply means, after checking it against the pending sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// Redeem this code with the pending sign-in's verifier.
    Redeem { code: String, pending: PendingSignIn },
    /// The sign-in service refused; show why, for this tenant.
    Refused { role: Option<TenantRole>, error: AppError, return_to: String },
}

/// Checks a reply against the pending sign-in. A reply whose state does not match one started
/// here (forged, or replayed after it was used) is refused and nothing is redeemed.
/// The place to come back to is checked again here: the pending sign-in sat in sessionStorage,
/// where anything running in the tab could have changed it.
pub fn check_callback(params: &CallbackParams, pending: Option<PendingSignIn>) -> CallbackOutcome {
    let state_matches = matches!((&pending, &params.state), (Some(p), Some(s)) if constant_time_eq(&p.state, s));
    let pending = pending.map(|p| PendingSignIn { return_to: safe_return_to(&p.return_to), ..p });
    let Some(pending) = pending.filter(|_| state_matches) else {
        return CallbackOutcome::Refused {
            role: None,
            error: AppError::new(
                ErrorKind::SignIn,
                "state_mismatch",
                "This sign-in reply does not belong to a sign-in started in this tab (its state does not match, or it was already used). Nothing was signed in; start the sign-in again.",
            ),
            return_to: "/setup".into(),
        };
    };
    if let Some(error) = &params.error {
        return CallbackOutcome::Refused {
            role: Some(pending.role),
            error: AppError::from_oauth(error, params.error_description.as_deref()),
            return_to: pending.return_to,
        };
    }
    match &params.code {
        Some(code) if !code.is_empty() => CallbackOutcome::Redeem { code: code.clone(), pending },
        _ => CallbackOutcome::Refused {
            role: Some(pending.role),
            error: AppError::new(ErrorKind::SignIn, "missing_code", "The sign-in reply carried no authorization code. Start the sign-in again."),
            return_to: pending.return_to,
        },
    }
}

/// Keeps `return_to` inside the app: an absolute or protocol-relative URL would be an open redirect.
pub fn safe_return_to(path: &str) -> String {
    let ok = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.contains("://");
    if ok { path.to_string() } else { "/setup".to_string() }
}

/// Compares without stopping at the first difference (the state is a secret-ish token).
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(expires_at_ms: f64, refresh: bool) -> TokenSet {
        TokenSet {
            access_token: "a".into(),
            expires_at_ms,
            refresh_token: refresh.then(|| "r".into()),
            authority_tenant: "contoso.com".into(),
            scopes: vec!["https://graph.microsoft.com/User.Read".into(), "Policy.Read.All".into()],
        }
    }

    fn pending() -> PendingSignIn {
        PendingSignIn {
            role: TenantRole::Target,
            state: "s-123".into(),
            verifier: "v".into(),
            authority_tenant: "contoso.com".into(),
            scopes: vec![],
            return_to: "/setup".into(),
        }
    }

    #[test]
    fn a_token_far_from_expiry_is_used() {
        assert_eq!(tokens(1_000_000.0, true).action(0.0), TokenAction::Use);
    }

    #[test]
    fn a_token_within_five_minutes_of_expiry_is_refreshed() {
        assert_eq!(tokens(REFRESH_MARGIN_MS - 1.0, true).action(0.0), TokenAction::Refresh);
        assert_eq!(tokens(100.0, true).action(200.0), TokenAction::Refresh);
    }

    #[test]
    fn without_a_refresh_token_a_live_token_is_used_and_a_dead_one_needs_sign_in() {
        assert_eq!(tokens(1000.0, false).action(0.0), TokenAction::Use);
        assert_eq!(tokens(1000.0, false).action(1000.0), TokenAction::SignIn);
    }

    #[test]
    fn granted_scopes_are_compared_without_resource_prefix() {
        let t = tokens(0.0, false);
        assert!(t.has_scopes(&["User.Read", "https://graph.microsoft.com/policy.read.all"]));
        assert!(!t.has_scopes(&["Policy.ReadWrite.CrossTenantAccess"]));
    }

    #[test]
    fn a_token_response_without_scope_grants_what_was_asked() {
        let asked = vec!["openid".to_string(), "https://graph.microsoft.com/Policy.Read.All".to_string()];
        assert_eq!(granted_scopes(None, &asked), asked);
        assert_eq!(granted_scopes(Some("  "), &asked), asked);
        let lower = granted_scopes(Some("https://graph.microsoft.com/policy.read.all openid"), &asked);
        let t = TokenSet { scopes: lower, ..tokens(0.0, false) };
        assert!(t.has_scopes(&["Policy.Read.All"]), "scopes compare without letter case");
        assert!(!t.has_scopes(&["Policy.ReadWrite.CrossTenantAccess"]));
    }

    #[test]
    fn later_requests_name_one_resource_whatever_spelling_came_back() {
        let granted = vec!["https://graph.microsoft.com/User.Read".to_string(), "HTTPS://GRAPH.MICROSOFT.COM/policy.read.all".to_string(), "openid".to_string(), "offline_access".to_string()];
        let asked = scopes_to_ask("http://127.0.0.1:8081", &["openid", "User.Read", "Group.Read.All"], &granted);
        assert_eq!(asked, ["openid", "http://127.0.0.1:8081/User.Read", "http://127.0.0.1:8081/Group.Read.All", "http://127.0.0.1:8081/policy.read.all", "offline_access"]);
        let resources: std::collections::BTreeSet<String> = asked.iter().filter_map(|s| s.rsplit_once('/').map(|(r, _)| r.to_ascii_lowercase())).collect();
        assert_eq!(resources.len(), 1);
        // Nothing granted yet (a scope-less answer recorded what was asked): a refresh still asks it all.
        assert_eq!(scopes_to_ask("https://graph.microsoft.us", &["offline_access"], &["https://graph.microsoft.us/Application.Read.All".to_string()]), ["offline_access", "https://graph.microsoft.us/Application.Read.All"]);
    }

    #[test]
    fn a_read_write_grant_covers_the_read_scope_but_not_the_reverse() {
        let mut t = tokens(0.0, false);
        t.scopes = vec!["https://graph.microsoft.com/Application.ReadWrite.All".into()];
        assert!(t.has_scopes(&["Application.Read.All"]));
        t.scopes = vec!["Application.Read.All".into()];
        assert!(!t.has_scopes(&["Application.ReadWrite.All"]));
    }

    #[test]
    fn a_reply_is_recognised_by_code_or_error() {
        let p = CallbackParams::parse("?code=abc%2Bd&state=s-123&session_state=x").unwrap();
        assert_eq!(p.code.as_deref(), Some("abc+d"));
        assert_eq!(p.state.as_deref(), Some("s-123"));
        assert!(CallbackParams::parse("?tab=2").is_none());
        assert!(CallbackParams::parse("?error=access_denied&state=s").unwrap().error.is_some());
    }

    #[test]
    fn a_matching_state_redeems_the_code() {
        let p = CallbackParams::parse("?code=abc&state=s-123").unwrap();
        assert_eq!(check_callback(&p, Some(pending())), CallbackOutcome::Redeem { code: "abc".into(), pending: pending() });
    }

    #[test]
    fn a_forged_state_is_refused() {
        let p = CallbackParams::parse("?code=abc&state=s-999").unwrap();
        assert!(matches!(check_callback(&p, Some(pending())), CallbackOutcome::Refused { role: None, .. }));
    }

    #[test]
    fn a_replayed_reply_finds_no_pending_sign_in_and_is_refused() {
        let p = CallbackParams::parse("?code=abc&state=s-123").unwrap();
        match check_callback(&p, None) {
            CallbackOutcome::Refused { error, .. } => assert_eq!(error.code, "state_mismatch"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_error_reply_for_our_state_is_explained_for_that_tenant() {
        let p = CallbackParams::parse("?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=s-123").unwrap();
        match check_callback(&p, Some(pending())) {
            CallbackOutcome::Refused { role, error, .. } => {
                assert_eq!(role, Some(TenantRole::Target));
                assert_eq!(error.code, "access_denied (AADSTS65004)");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_tampered_return_to_in_the_pending_sign_in_stays_inside_the_app() {
        for (kept, expected) in [("/monitor", "/monitor"), ("https://evil.example/", "/setup"), ("//evil.example/x", "/setup"), ("/\\evil.example", "/setup"), ("javascript:alert(1)", "/setup")] {
            let pending = PendingSignIn {
                role: TenantRole::Source,
                state: "s".into(),
                verifier: "v".into(),
                authority_tenant: "fabrikam.onmicrosoft.com".into(),
                scopes: vec![],
                return_to: kept.into(),
            };
            let reply = CallbackParams { code: Some("c".into()), state: Some("s".into()), error: None, error_description: None };
            match check_callback(&reply, Some(pending.clone())) {
                CallbackOutcome::Redeem { pending, .. } => assert_eq!(pending.return_to, expected, "{kept}"),
                other => panic!("{kept}: {other:?}"),
            }
            let refused = CallbackParams { code: None, state: Some("s".into()), error: Some("access_denied".into()), error_description: None };
            match check_callback(&refused, Some(pending)) {
                CallbackOutcome::Refused { return_to, .. } => assert_eq!(return_to, expected, "{kept}"),
                other => panic!("{kept}: {other:?}"),
            }
        }
    }

    #[test]
    fn return_to_never_leaves_the_app() {
        assert_eq!(safe_return_to("/monitor?x=1"), "/monitor?x=1");
        for bad in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/x?u=https://evil"] {
            assert_eq!(safe_return_to(bad), "/setup", "{bad}");
        }
    }
}
