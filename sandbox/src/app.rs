//! Serves the built app (trunk's `dist/`) on its own origin, with a `config.json` that points the
//! app at this sandbox and a Content-Security-Policy header naming the sandbox as the only API host.

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;

/// Client ID of the app registration every sandbox tenant knows.
pub const CLIENT_ID: &str = "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41";

struct AppSite {
    dir: PathBuf,
    app_url: String,
    sandbox_url: String,
    /// The emulated tenants and their admins, for the connect step to name (config.json `demo`).
    demo: serde_json::Value,
}

/// What `config.json` tells the app about the emulated tenants: the first is the demo's source,
/// the second its target; each with its default domain and its admins' sign-in names and roles.
pub fn demo_of(seed: &crate::seed::Seed) -> serde_json::Value {
    let tenants: Vec<serde_json::Value> = seed
        .tenants
        .iter()
        .map(|t| serde_json::json!({
            "displayName": t.display_name,
            "domain": t.domains.first(),
            "admins": t.admins.iter().map(|a| serde_json::json!({ "userPrincipalName": a.user_principal_name, "roles": a.roles })).collect::<Vec<_>>(),
        }))
        .collect();
    serde_json::json!({ "tenants": tenants })
}

/// Routes for the app origin.
pub fn router(dir: PathBuf, app_url: String, sandbox_url: String) -> Router {
    router_with_demo(dir, app_url, sandbox_url, serde_json::Value::Null)
}

/// [`router`], with the emulated tenants named in `config.json` for the connect step.
pub fn router_with_demo(dir: PathBuf, app_url: String, sandbox_url: String, demo: serde_json::Value) -> Router {
    let site = Arc::new(AppSite { dir, app_url, sandbox_url, demo });
    Router::new()
        .route("/config.json", get(config))
        .route("/", get(|s: State<Arc<AppSite>>, headers: HeaderMap| async move { file(&s, "index.html", &headers).await }))
        .route("/{*path}", get(|s: State<Arc<AppSite>>, UrlPath(path): UrlPath<String>, headers: HeaderMap| async move { file(&s, &path, &headers).await }))
        .with_state(site)
}

async fn config(State(site): State<Arc<AppSite>>) -> Response<Body> {
    let body = serde_json::json!({
        "clientId": CLIENT_ID,
        "authorityHost": site.sandbox_url,
        "graphBaseUrl": site.sandbox_url,
        "redirectUri": format!("{}/", site.app_url),
        "demo": site.demo,
    });
    let mut response = axum::response::IntoResponse::into_response(Json(body));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A file from `dist/`; any other extension-less path is a client-side route and gets index.html.
/// Where the folder holds compressed copies beside a file (`NAME.br`, `NAME.gz`: `cargo xtask dist`
/// writes them, and so does the bench), the copy the browser accepts is sent, as the deployed hosts
/// do (nginx `gzip_static`/`brotli_static`); a folder without copies is served as it is.
async fn file(site: &AppSite, path: &str, request: &HeaderMap) -> Response<Body> {
    if path.split('/').any(|seg| seg == ".." || seg.starts_with('.')) {
        return status(StatusCode::NOT_FOUND);
    }
    let mut target = site.dir.join(path);
    let is_route = !path.rsplit('/').next().unwrap_or("").contains('.');
    if is_route {
        target = site.dir.join("index.html");
    }
    // The compressed copy the browser accepts is looked for first, so a file is read once (the
    // raw file only when no accepted copy exists), as a host serving precompressed files does.
    let accepted = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut found = None;
    for coding in ["br", "gzip"] {
        if !accepts(accepted, coding) {
            continue;
        }
        let mut copy = target.clone().into_os_string();
        copy.push(if coding == "br" { ".br" } else { ".gz" });
        if let Ok(compressed) = tokio::fs::read(&copy).await {
            found = Some((compressed, Some(coding)));
            break;
        }
    }
    let (bytes, sent_as) = match found {
        Some(copy) => copy,
        None => match tokio::fs::read(&target).await {
            Ok(raw) => (raw, None),
            Err(_) => return status(StatusCode::NOT_FOUND),
        },
    };
    let content_type = match target.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' {}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        site.sandbox_url
    );
    let mut response = Response::builder();
    if let Some(coding) = sent_as {
        response = response.header(header::CONTENT_ENCODING, coding);
    }
    response
        .header(header::VARY, "Accept-Encoding")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, cache_control(path, is_route))
        .header("content-security-policy", csp)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
        .body(Body::from(bytes))
        .expect("valid response")
}

/// As the deployed site answers (`cargo xtask dist` writes the same rule for each host): a file
/// whose name carries its content's hash (the bundle folder `pkg-<hash>/`, `main-<hash>.css`,
/// `boot-<hash>.js`) never changes and is kept a year; the page, config.json and sw.js are checked
/// again each time. The sandbox used to revalidate everything, so the service worker's install
/// fetched the first screen's 600 KB again from here instead of the browser's cache.
fn cache_control(path: &str, is_route: bool) -> &'static str {
    let hashed = |name: &str, prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    };
    let (first, rest) = path.split_once('/').unwrap_or((path, ""));
    let in_bundle = !rest.is_empty() && hashed(first, "pkg-");
    let named = !path.contains('/') && path.rsplit_once('.').and_then(|(stem, _)| stem.rsplit_once('-')).is_some_and(|(_, hash)| hashed(hash, ""));
    if !is_route && (in_bundle || named) { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Whether an `Accept-Encoding` value accepts `coding` (RFC 9110 12.5.3): named, or `*`, without
/// `q=0`. Tokens are compared without case; a malformed weight counts as accepting.
fn accepts(header: &str, coding: &str) -> bool {
    let mut star = None;
    for item in header.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")).and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
        if name.eq_ignore_ascii_case(coding) {
            return !refused;
        }
        if name == "*" {
            star = Some(!refused);
        }
    }
    star.unwrap_or(false)
}

fn status(code: StatusCode) -> Response<Body> {
    Response::builder().status(code).body(Body::empty()).expect("valid response")
}

#[cfg(test)]
mod tests {
    use super::{accepts, cache_control, file, AppSite};
    use axum::http::{header, HeaderMap, HeaderValue, StatusCode};

    async fn served(site: &AppSite, path: &str, accept_encoding: Option<&str>) -> (StatusCode, Option<String>, Vec<u8>) {
        let mut headers = HeaderMap::new();
        if let Some(value) = accept_encoding {
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        }
        let response = file(site, path, &headers).await;
        let coding = response.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        (status, coding, body)
    }

    #[tokio::test]
    async fn the_accepted_copy_is_sent_and_the_raw_file_otherwise() {
        let dir = std::env::temp_dir().join(format!("tb-sandbox-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.js"), b"raw").unwrap();
        std::fs::write(dir.join("a.js.br"), b"brotli").unwrap();
        std::fs::write(dir.join("a.js.gz"), b"gzip").unwrap();
        std::fs::write(dir.join("b.css"), b"plain only").unwrap();
        std::fs::write(dir.join("index.html"), b"<!doctype html>").unwrap();
        let site = AppSite { dir: dir.clone(), app_url: String::new(), sandbox_url: String::new(), demo: serde_json::Value::Null };
        assert_eq!(served(&site, "a.js", Some("gzip, deflate, br")).await, (StatusCode::OK, Some("br".into()), b"brotli".to_vec()));
        assert_eq!(served(&site, "a.js", Some("gzip")).await, (StatusCode::OK, Some("gzip".into()), b"gzip".to_vec()));
        assert_eq!(served(&site, "a.js", Some("br;q=0, gzip;q=0")).await, (StatusCode::OK, None, b"raw".to_vec()));
        assert_eq!(served(&site, "a.js", None).await, (StatusCode::OK, None, b"raw".to_vec()));
        assert_eq!(served(&site, "b.css", Some("br, gzip")).await, (StatusCode::OK, None, b"plain only".to_vec()), "no copy: the file as it is");
        assert_eq!(served(&site, "setup/connect", Some("br")).await, (StatusCode::OK, None, b"<!doctype html>".to_vec()), "a route gets index.html");
        assert_eq!(served(&site, "missing.js", Some("br")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(served(&site, "../a.js", None).await.0, StatusCode::NOT_FOUND);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_compressed_copy_goes_only_to_a_browser_that_accepts_it() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(accepts("GZIP", "gzip"));
        assert!(accepts("gzip;q=0.5, br;q=1.0", "br"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("br; q=0.0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("gzip;q=0, *", "gzip"), "a named refusal wins over the wildcard");
    }

    #[test]
    fn hashed_files_are_immutable_and_the_rest_revalidated() {
        const KEEP: &str = "public, max-age=31536000, immutable";
        assert_eq!(cache_control("pkg-0123456789abcdef/split_monitor.wasm", false), KEEP);
        assert_eq!(cache_control("pkg-0123456789abcdef/tenant-bridge.js", false), KEEP);
        assert_eq!(cache_control("main-a05cf99c18ae71be.css", false), KEEP);
        assert_eq!(cache_control("boot-c9ba9923a46edc07.js", false), KEEP);
        for path in ["index.html", "sw.js", "config.json", "pkg-0123456789abcdef", "pkg-0123456789ABCDEF/x.wasm", "pkg-0123/x.wasm", "x/main-a05cf99c18ae71be.css", "main-a05cf99c18ae71b.css"] {
            assert_eq!(cache_control(path, false), "no-cache", "{path}");
        }
        assert_eq!(cache_control("setup/connect", true), "no-cache");
    }
}
