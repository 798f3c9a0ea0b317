//! The runtime configuration read from `config.json` next to `index.html`.
//!
//! A static host serves the same bundle to every deployment; this file says which app registration,
//! sign-in service and Graph endpoint to use. Every key is checked so a typo yields a message that
//! names the key instead of a sign-in failure much later.

use serde_json::{Map, Value};
use std::fmt;

/// Validated runtime configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// Application (client) ID of the single-page-application registration.
    pub client_id: String,
    /// Sign-in host, e.g. `https://login.microsoftonline.com` (no tenant, no trailing slash).
    pub authority_host: String,
    /// Graph host, e.g. `https://graph.microsoft.com` (no version segment, no trailing slash).
    pub graph_base_url: String,
    /// Redirect URI registered under the SPA platform; the app handles the sign-in reply there.
    pub redirect_uri: String,
    /// Emulated tenants the sandbox names (its `config.json` key `demo`); empty on a real deployment.
    pub demo: Vec<DemoTenant>,
}

/// A tenant of the sandbox, for the connect step to name (the first is the demo's source, the
/// second its target).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoTenant {
    pub display_name: String,
    pub domain: String,
    #[serde(default)]
    pub admins: Vec<DemoAdmin>,
}

/// An admin of a sandbox tenant.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoAdmin {
    pub user_principal_name: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// What is wrong with `config.json`, naming the offending key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The file is not JSON at all, or not a JSON object.
    NotJson(String),
    /// A required key is absent.
    Missing(&'static str),
    /// A key is present but its value is unusable; the text says what is expected.
    Invalid { key: &'static str, problem: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NotJson(e) => write!(f, "config.json is not a JSON object: {e}"),
            ConfigError::Missing(key) => write!(f, "config.json has no \"{key}\" key"),
            ConfigError::Invalid { key, problem } => write!(f, "config.json key \"{key}\" {problem}"),
        }
    }
}

impl ConfigError {
    /// The key an administrator has to fix, when the error concerns one key.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            ConfigError::NotJson(_) => None,
            ConfigError::Missing(key) | ConfigError::Invalid { key, .. } => Some(key),
        }
    }
}

impl AppConfig {
    /// Parses and validates the text of `config.json`.
    pub fn parse(text: &str) -> Result<AppConfig, ConfigError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ConfigError::NotJson(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(ConfigError::NotJson("the top level must be an object { ... }".into()));
        };
        let client_id = string_key(&map, "clientId")?;
        if !is_guid(&client_id) {
            return Err(ConfigError::Invalid {
                key: "clientId",
                problem: format!(
                    "must be the application (client) ID, a GUID like 00000000-0000-0000-0000-000000000000; found \"{client_id}\""
                ),
            });
        }
        Ok(AppConfig {
            client_id,
            authority_host: origin_key(&map, "authorityHost")?,
            graph_base_url: origin_key(&map, "graphBaseUrl")?,
            redirect_uri: url_key(&map, "redirectUri")?,
            // Optional and informative only: a shape we do not know is ignored, never an error.
            demo: map.get("demo").and_then(|d| serde_json::from_value::<Vec<DemoTenant>>(d["tenants"].clone()).ok()).unwrap_or_default(),
        })
    }
}

fn string_key(map: &Map<String, Value>, key: &'static str) -> Result<String, ConfigError> {
    match map.get(key) {
        None | Some(Value::Null) => Err(ConfigError::Missing(key)),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(ConfigError::Invalid { key, problem: "is empty".into() })
        }
        Some(Value::String(s)) => Ok(s.trim().to_string()),
        Some(other) => Err(ConfigError::Invalid {
            key,
            problem: format!("must be a string; found {}", json_kind(other)),
        }),
    }
}

/// A URL with an http(s) scheme and a host; `http` is accepted only for loopback (the sandbox).
fn url_key(map: &Map<String, Value>, key: &'static str) -> Result<String, ConfigError> {
    let url = string_key(map, key)?;
    let invalid = |problem: String| ConfigError::Invalid { key, problem };
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or("");
        if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
            return Err(invalid(format!("must use https (http is only allowed for 127.0.0.1 or localhost); found \"{url}\"")));
        }
        rest
    } else {
        return Err(invalid(format!("must be an absolute https:// URL; found \"{url}\"")));
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('@') {
        return Err(invalid(format!("has no usable host; found \"{url}\"")));
    }
    Ok(url)
}

/// Like [`url_key`], but only scheme and host (and port): paths belong to the code, not the config.
fn origin_key(map: &Map<String, Value>, key: &'static str) -> Result<String, ConfigError> {
    let url = url_key(map, key)?;
    let trimmed = url.trim_end_matches('/');
    let after_scheme = trimmed.split_once("://").map(|(_, r)| r).unwrap_or(trimmed);
    if after_scheme.contains(['/', '?', '#']) {
        return Err(ConfigError::Invalid {
            key,
            problem: format!("must be only scheme and host, like https://login.microsoftonline.com; found \"{url}\""),
        });
    }
    Ok(trimmed.to_string())
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True for the 8-4-4-4-12 hexadecimal form Entra uses for IDs.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "clientId": "11111111-2222-3333-4444-555555555555",
        "authorityHost": "https://login.microsoftonline.com/",
        "graphBaseUrl": "https://graph.microsoft.com",
        "redirectUri": "https://bridge.contoso.com/"
    }"#;

    fn with(key: &str, value: Value) -> String {
        let mut v: Value = serde_json::from_str(GOOD).unwrap();
        v[key] = value;
        v.to_string()
    }

    fn without(key: &str) -> String {
        let mut v: Value = serde_json::from_str(GOOD).unwrap();
        v.as_object_mut().unwrap().remove(key);
        v.to_string()
    }

    #[test]
    fn valid_config_parses_and_drops_trailing_slash_of_hosts() {
        let c = AppConfig::parse(GOOD).unwrap();
        assert_eq!(c.authority_host, "https://login.microsoftonline.com");
        assert_eq!(c.graph_base_url, "https://graph.microsoft.com");
        assert_eq!(c.redirect_uri, "https://bridge.contoso.com/");
    }

    #[test]
    fn the_sandboxs_demo_tenants_are_read_and_anything_else_is_ignored() {
        assert!(AppConfig::parse(GOOD).unwrap().demo.is_empty());
        let demo = serde_json::json!({ "tenants": [{ "displayName": "Fabrikam", "domain": "fabrikam.onmicrosoft.com", "admins": [{ "userPrincipalName": "admin@fabrikam.onmicrosoft.com", "roles": ["Security Administrator"] }] }, { "displayName": "Contoso", "domain": "contoso.onmicrosoft.com" }] });
        let c = AppConfig::parse(&with("demo", demo)).unwrap();
        assert_eq!(c.demo.len(), 2);
        assert_eq!(c.demo[0].admins[0].roles, ["Security Administrator"]);
        assert!(c.demo[1].admins.is_empty());
        assert!(AppConfig::parse(&with("demo", serde_json::json!("not an object"))).unwrap().demo.is_empty());
    }

    #[test]
    fn sandbox_loopback_http_is_accepted() {
        let c = AppConfig::parse(&with("graphBaseUrl", "http://127.0.0.1:7000".into())).unwrap();
        assert_eq!(c.graph_base_url, "http://127.0.0.1:7000");
    }

    #[test]
    fn plain_http_to_a_real_host_is_refused() {
        let e = AppConfig::parse(&with("authorityHost", "http://login.microsoftonline.com".into())).unwrap_err();
        assert_eq!(e.key(), Some("authorityHost"));
        assert!(e.to_string().contains("https"), "{e}");
    }

    #[test]
    fn each_missing_key_is_named() {
        for key in ["clientId", "authorityHost", "graphBaseUrl", "redirectUri"] {
            assert_eq!(AppConfig::parse(&without(key)).unwrap_err(), ConfigError::Missing(key));
        }
    }

    #[test]
    fn client_id_must_be_a_guid() {
        let e = AppConfig::parse(&with("clientId", "my-app".into())).unwrap_err();
        assert_eq!(e.key(), Some("clientId"));
        assert!(e.to_string().contains("my-app"));
    }

    #[test]
    fn a_number_where_a_string_belongs_is_reported_with_its_kind() {
        let e = AppConfig::parse(&with("redirectUri", 42.into())).unwrap_err();
        assert_eq!(e.to_string(), "config.json key \"redirectUri\" must be a string; found a number");
    }

    #[test]
    fn graph_base_url_with_a_version_path_is_refused() {
        let e = AppConfig::parse(&with("graphBaseUrl", "https://graph.microsoft.com/v1.0".into())).unwrap_err();
        assert_eq!(e.key(), Some("graphBaseUrl"));
    }

    #[test]
    fn non_json_is_reported_without_a_key() {
        let e = AppConfig::parse("<html>404</html>").unwrap_err();
        assert!(matches!(e, ConfigError::NotJson(_)));
        assert_eq!(e.key(), None);
        assert!(matches!(AppConfig::parse("[1,2]").unwrap_err(), ConfigError::NotJson(_)));
    }

    #[test]
    fn guid_check_accepts_only_8_4_4_4_12_hex() {
        assert!(is_guid("518e5f48-1fc8-4c48-9387-9fdf28b0dfe7"));
        assert!(!is_guid("518e5f48-1fc8-4c48-9387-9fdf28b0dfe"));
        assert!(!is_guid("518e5f48x1fc8-4c48-9387-9fdf28b0dfe7"));
        assert!(!is_guid("g18e5f48-1fc8-4c48-9387-9fdf28b0dfe7"));
    }
}
