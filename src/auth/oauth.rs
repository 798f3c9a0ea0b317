//! The OAuth 2.0 exchanges, on the `oauth2` crate with a gloo-net transport.

use crate::model::config::AppConfig;
use crate::model::error::{AppError, ErrorKind};
use crate::model::session::TokenSet;
use oauth2::basic::{BasicClient, BasicErrorResponse, BasicTokenResponse};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RefreshToken, RequestTokenError, Scope, TokenResponse, TokenUrl,
};

/// Sign-in endpoints of one tenant under the configured authority host.
pub struct Endpoints {
    pub authorize: String,
    pub token: String,
    pub discovery: String,
}

/// `{authorityHost}/{tenant}/oauth2/v2.0/...`: a tenant-specific authority (never `common`), so
/// each token belongs to exactly one tenant.
pub fn endpoints(config: &AppConfig, tenant: &str) -> Endpoints {
    let base = format!("{}/{}", config.authority_host, tenant);
    Endpoints {
        authorize: format!("{base}/oauth2/v2.0/authorize"),
        token: format!("{base}/oauth2/v2.0/token"),
        discovery: format!("{base}/v2.0/.well-known/openid-configuration"),
    }
}

/// Graph scopes carry the Graph host as resource (national clouds have their own).
pub fn qualified_scopes(config: &AppConfig, scopes: &[&str]) -> Vec<String> {
    crate::model::session::scopes_to_ask(&config.graph_base_url, scopes, &[])
}

/// A new authorize URL with a fresh PKCE S256 pair and CSRF state: (url, state, verifier).
pub fn authorize_url(config: &AppConfig, tenant: &str, scopes: &[String]) -> Result<(String, String, String), AppError> {
    let e = endpoints(config, tenant);
    let client = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(e.authorize).map_err(config_error)?)
        .set_redirect_uri(RedirectUrl::new(config.redirect_uri.clone()).map_err(config_error)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes.iter().cloned().map(Scope::new))
        .set_pkce_challenge(challenge)
        .add_extra_param("response_mode", "query")
        .url();
    Ok((url.to_string(), state.secret().clone(), verifier.secret().clone()))
}

/// Redeems an authorization code with its PKCE verifier.
pub async fn redeem(config: &AppConfig, tenant: &str, code: String, verifier: String, asked: &[String]) -> Result<TokenSet, AppError> {
    let e = endpoints(config, tenant);
    let client = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_token_uri(TokenUrl::new(e.token.clone()).map_err(config_error)?)
        .set_redirect_uri(RedirectUrl::new(config.redirect_uri.clone()).map_err(config_error)?);
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&fetch)
        .await
        .map_err(|err| token_error(err, &e.token))?;
    Ok(token_set(response, tenant, None, asked))
}

/// Exchanges a refresh token (Entra rotates it: the new one replaces the old).
pub async fn refresh(config: &AppConfig, current: &TokenSet, scopes: &[String]) -> Result<TokenSet, AppError> {
    let e = endpoints(config, &current.authority_tenant);
    let rt = current
        .refresh_token
        .clone()
        .ok_or_else(|| AppError::new(ErrorKind::SignInRequired, "no_refresh_token", "The session has no refresh token; sign in again."))?;
    let client = BasicClient::new(ClientId::new(config.client_id.clone())).set_token_uri(TokenUrl::new(e.token.clone()).map_err(config_error)?);
    let response = client
        .exchange_refresh_token(&RefreshToken::new(rt))
        .add_scopes(scopes.iter().cloned().map(Scope::new))
        .request_async(&fetch)
        .await
        .map_err(|err| token_error(err, &e.token))?;
    Ok(token_set(response, &current.authority_tenant, current.refresh_token.clone(), scopes))
}

fn token_set(r: BasicTokenResponse, tenant: &str, previous_refresh: Option<String>, asked: &[String]) -> TokenSet {
    let lifetime_ms = r.expires_in().map(|d| d.as_millis() as f64).unwrap_or(3_600_000.0);
    TokenSet {
        access_token: r.access_token().secret().clone(),
        expires_at_ms: js_sys::Date::now() + lifetime_ms,
        // Keep the old refresh token only if the service did not send a new one.
        refresh_token: r.refresh_token().map(|t| t.secret().clone()).or(previous_refresh),
        authority_tenant: tenant.to_string(),
        scopes: crate::model::session::granted_scopes(r.scopes().map(|s| s.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" ")).as_deref(), asked),
    }
}

fn config_error(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorKind::SignIn, "bad_config", format!("A sign-in URL built from config.json is not valid: {e}"))
}

fn token_error(err: RequestTokenError<gloo_net::Error, BasicErrorResponse>, url: &str) -> AppError {
    match err {
        RequestTokenError::ServerResponse(r) => AppError::from_oauth(r.error().as_ref(), r.error_description().map(String::as_str)).at("POST", url),
        RequestTokenError::Request(e) => AppError::new(ErrorKind::Network, "network", format!("The sign-in service could not be reached: {e}")).at("POST", url),
        RequestTokenError::Parse(e, _) => AppError::new(ErrorKind::Decode, "bad_token_response", format!("The sign-in service's answer could not be read: {e}")).at("POST", url),
        RequestTokenError::Other(e) => AppError::new(ErrorKind::SignIn, "token_request_failed", e).at("POST", url),
    }
}

/// The oauth2 crate's HTTP client, on the browser's fetch (gloo-net).
async fn fetch(request: HttpRequest) -> Result<HttpResponse, gloo_net::Error> {
    use gloo_net::http::{Method, RequestBuilder};
    let method = if request.method() == http::Method::POST { Method::POST } else { Method::GET };
    let mut builder = RequestBuilder::new(&request.uri().to_string()).method(method);
    for (name, value) in request.headers() {
        builder = builder.header(name.as_str(), value.to_str().unwrap_or_default());
    }
    let response = builder.body(request.body().clone())?.send().await?;
    let mut out = http::Response::builder().status(response.status());
    for (name, value) in response.headers().entries() {
        out = out.header(name, value);
    }
    out.body(response.binary().await?).map_err(|e| gloo_net::Error::GlooError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        AppConfig::parse(r#"{"clientId":"11111111-2222-3333-4444-555555555555","authorityHost":"https://login.microsoftonline.us","graphBaseUrl":"https://graph.microsoft.us","redirectUri":"https://bridge.contoso.com/"}"#).unwrap()
    }

    #[test]
    fn endpoints_use_the_tenant_specific_authority() {
        let e = endpoints(&config(), "contoso.com");
        assert_eq!(e.authorize, "https://login.microsoftonline.us/contoso.com/oauth2/v2.0/authorize");
        assert_eq!(e.token, "https://login.microsoftonline.us/contoso.com/oauth2/v2.0/token");
        assert_eq!(e.discovery, "https://login.microsoftonline.us/contoso.com/v2.0/.well-known/openid-configuration");
    }

    #[test]
    fn graph_scopes_name_the_configured_graph_host() {
        assert_eq!(qualified_scopes(&config(), &["openid", "User.Read"]), ["openid", "https://graph.microsoft.us/User.Read"]);
    }

    #[test]
    fn authorize_url_carries_pkce_s256_state_and_redirect() {
        let (url, state, verifier) = authorize_url(&config(), "contoso.com", &["openid".into()]).unwrap();
        assert!(url.starts_with("https://login.microsoftonline.us/contoso.com/oauth2/v2.0/authorize?"));
        assert!(url.contains("code_challenge_method=S256"));
        assert!(url.contains("response_type=code"));
        assert!(url.contains(&format!("state={state}")));
        assert!(url.contains("redirect_uri=https%3A%2F%2Fbridge.contoso.com%2F"));
        assert!(!url.contains(&verifier), "the verifier never leaves the browser in the URL");
        assert!(verifier.len() >= 43);
        let (_, state2, _) = authorize_url(&config(), "contoso.com", &[]).unwrap();
        assert_ne!(state, state2);
    }
}
