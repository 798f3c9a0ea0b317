//! Reads `config.json` from the app's own origin.

use crate::model::config::{AppConfig, ConfigError};
use gloo_net::http::Request;
use wasm_bindgen::JsCast;

/// Fetches and validates `config.json`, which sits next to `index.html`.
pub async fn load() -> Result<AppConfig, ConfigError> {
    let response = match started_by_boot() {
        Some(fetching) => wasm_bindgen_futures::JsFuture::from(fetching)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
            .map(gloo_net::http::Response::from)
            .ok_or_else(|| ConfigError::NotJson("could not be fetched (the connection failed); is it next to index.html?".into()))?,
        // `no-cache` so an edited config takes effect on the next load without a stale copy.
        None => Request::get("/config.json")
            .cache(web_sys::RequestCache::NoCache)
            .send()
            .await
            .map_err(|e| ConfigError::NotJson(format!("could not be fetched ({e}); is it next to index.html?")))?,
    };
    if !response.ok() {
        return Err(ConfigError::NotJson(format!(
            "could not be fetched: the server answered HTTP {} for /config.json; put config.json next to index.html",
            response.status()
        )));
    }
    let text = response.text().await.map_err(|e| ConfigError::NotJson(e.to_string()))?;
    AppConfig::parse(&text)
}

/// The fetch of config.json that boot.js started beside the wasm (`window.tbConfig`), taken once.
fn started_by_boot() -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("tbConfig");
    let value = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    value.dyn_into::<js_sys::Promise>().ok()
}
