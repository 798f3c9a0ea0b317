//! Reads `config.json` from the app's own origin.

use crate::model::config::{AppConfig, ConfigError};
use gloo_net::http::Request;

/// Fetches and validates `config.json`, which sits next to `index.html`.
pub async fn load() -> Result<AppConfig, ConfigError> {
    // `no-cache` so an edited config takes effect on the next load without a stale copy.
    let response = Request::get("/config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| ConfigError::NotJson(format!("could not be fetched ({e}); is it next to index.html?")))?;
    if !response.ok() {
        return Err(ConfigError::NotJson(format!(
            "could not be fetched: the server answered HTTP {} for /config.json; put config.json next to index.html",
            response.status()
        )));
    }
    let text = response.text().await.map_err(|e| ConfigError::NotJson(e.to_string()))?;
    AppConfig::parse(&text)
}
