//! Reads `config.json` from the app's own origin.

use crate::model::config::{AppConfig, ConfigError};
use gloo_net::http::Request;
use wasm_bindgen::JsCast;

/// Fetches and validates `config.json`, which sits next to `index.html`.
pub async fn load() -> Result<AppConfig, ConfigError> {
    let not_fetched = |why: String| ConfigError::NotJson(format!("could not be fetched ({why}); is it next to index.html?"));
    let (status, text) = match started_by_boot() {
        // boot.js has fetched and read it already: `{ status, text }`.
        Some(fetching) => {
            let answer = wasm_bindgen_futures::JsFuture::from(fetching).await.map_err(|_| not_fetched("the connection failed".into()))?;
            let field = |name: &str| js_sys::Reflect::get(&answer, &wasm_bindgen::JsValue::from_str(name)).ok();
            let status = field("status").and_then(|v| v.as_f64()).map(|s| s as u16);
            let text = field("text").and_then(|v| v.as_string());
            status.zip(text).ok_or_else(|| not_fetched("boot.js gave no answer".into()))?
        }
        // `no-cache` so an edited config takes effect on the next load without a stale copy.
        None => {
            let response = Request::get("/config.json")
                .cache(web_sys::RequestCache::NoCache)
                .send()
                .await
                .map_err(|e| not_fetched(e.to_string()))?;
            let status = response.status();
            (status, response.text().await.map_err(|e| ConfigError::NotJson(e.to_string()))?)
        }
    };
    if !(200..300).contains(&status) {
        return Err(ConfigError::NotJson(format!(
            "could not be fetched: the server answered HTTP {status} for /config.json; put config.json next to index.html"
        )));
    }
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
