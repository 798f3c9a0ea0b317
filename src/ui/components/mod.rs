//! Components shared by pages: presentational ones take plain data; `object_search` also reads
//! the source tenant.

pub mod bar_chart;
pub mod time_chart;
pub mod download;
pub mod error_view;
pub mod findings;
pub mod forecast;
pub mod object_search;
pub mod tone;

/// Unix seconds as an ISO 8601 UTC text (`2026-11-26T23:05:00.000Z`), by the browser's clock maths.
pub fn iso_from_epoch(seconds: i64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0)).to_iso_string())
}
