//! The one Graph transport: bearer token from the tenant's session, a `client-request-id` on every
//! call, retries on 429/503/504 and dropped connections (honouring `Retry-After`, bounded), one
//! refresh-and-retry on 401, paging through `@odata.nextLink`, and errors as [`AppError`].

use crate::auth::session::TenantSession;
use crate::model::batch::{split, BatchRequest, BatchResponse};
use crate::model::error::{AppError, ErrorKind};
use crate::model::paging::read_page;
use crate::model::retry::{decide, RetryDecision};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::{UpdateValue, WithValue};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Graph API version; some properties (e.g. `groupSyncInbound`) exist only in beta.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    V1,
    Beta,
}

impl ApiVersion {
    /// The version of a path segment as the plan writes it (`v1.0`, `beta`).
    pub fn from_segment(segment: &str) -> ApiVersion {
        if segment == "beta" { ApiVersion::Beta } else { ApiVersion::V1 }
    }

    fn segment(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// A Graph client bound to one tenant's session.
#[derive(Clone, Copy)]
pub struct Graph {
    pub session: TenantSession,
}

impl Graph {
    /// A client for the tenant of `session`.
    pub fn new(session: TenantSession) -> Graph {
        Graph { session }
    }

    /// The one place a Graph URL is made: the configured Graph host, the version, and `path`
    /// (with its query from [`crate::model::graph_url::with_query`]).
    pub fn url(&self, version: ApiVersion, path: &str) -> String {
        format!("{}/{}{}", self.session.config().graph_base_url, version.segment(), path)
    }

    /// POST `body`; the answer's text.
    pub async fn post(&self, version: ApiVersion, path: &str, body: &Value) -> Result<String, AppError> {
        self.send(Method::POST, &self.url(version, path), Some(body), &[]).await
    }

    /// PUT `body` (a complete object: schemas, secrets).
    pub async fn put(&self, version: ApiVersion, path: &str, body: &Value) -> Result<String, AppError> {
        self.send(Method::PUT, &self.url(version, path), Some(body), &[]).await
    }

    /// PATCH `body`.
    pub async fn patch(&self, version: ApiVersion, path: &str, body: &Value) -> Result<String, AppError> {
        self.send(Method::PATCH, &self.url(version, path), Some(body), &[]).await
    }

    /// DELETE.
    pub async fn delete(&self, version: ApiVersion, path: &str) -> Result<String, AppError> {
        self.send(Method::DELETE, &self.url(version, path), None, &[]).await
    }

    /// GET and decode one JSON object.
    pub async fn get<T: DeserializeOwned>(&self, version: ApiVersion, path: &str) -> Result<T, AppError> {
        let url = self.url(version, path);
        let body = self.send(Method::GET, &url, None, &[]).await?;
        decode(&body, "GET", &url)
    }

    /// GET every page of a collection, following `@odata.nextLink` and re-sending `headers`
    /// (such as `ConsistencyLevel`) on each page, as Graph requires.
    pub async fn get_all<T: DeserializeOwned>(&self, version: ApiVersion, path: &str, headers: &[(&str, &str)]) -> Result<Vec<T>, AppError> {
        let mut url = self.url(version, path);
        let mut items = Vec::new();
        loop {
            let (page, next) = self.get_page::<T>(&url, headers).await?;
            items.extend(page);
            match next {
                Some(next) => url = next,
                None => return Ok(items),
            }
        }
    }

    /// GET one page of a collection at `url` (a full URL, such as an `@odata.nextLink`): its items
    /// and the link to the next page.
    pub async fn get_page<T: DeserializeOwned>(&self, url: &str, headers: &[(&str, &str)]) -> Result<(Vec<T>, Option<String>), AppError> {
        let body = self.send(Method::GET, url, None, headers).await?;
        read_page::<T>(&body).map_err(|e| AppError::unexpected_shape(e, "GET", url))
    }

    /// Runs requests through `$batch` (at most 20 per round trip, dependency chains kept whole).
    /// Inner requests that were throttled or briefly unavailable, and the ones that failed only
    /// because of them (424), are sent again after the longest inner `Retry-After`, a few times.
    pub async fn batch(&self, version: ApiVersion, requests: Vec<BatchRequest>) -> Result<Vec<BatchResponse>, AppError> {
        const ROUNDS: u32 = 4;
        let url = self.url(version, "/$batch");
        let mut answers: Vec<BatchResponse> = Vec::new();
        let mut pending = requests;
        for round in 1..=ROUNDS {
            let batches = split(pending.clone()).map_err(|e| AppError::new(ErrorKind::Decode, "bad_batch", e).at("POST", &url))?;
            let mut retry: Vec<BatchRequest> = Vec::new();
            let mut wait_ms = 0;
            for batch in batches {
                let body = serde_json::json!({ "requests": batch });
                // A batch of reads changes nothing, so it may be resent like a GET.
                let reads_only = batch.iter().all(|r| r.method.eq_ignore_ascii_case("GET"));
                let text = self.send_as(Method::POST, &url, Some(&body), &[], reads_only).await?;
                #[derive(Deserialize)]
                struct Answer {
                    responses: Vec<BatchResponse>,
                }
                let answer: Answer = decode(&text, "POST", &url)?;
                let transient: Vec<&BatchResponse> = answer.responses.iter().filter(|r| r.is_transient()).collect();
                for request in &batch {
                    let response = answer.responses.iter().find(|r| r.id == request.id);
                    let again = round < ROUNDS
                        && match response {
                            Some(r) if r.is_transient() => true,
                            Some(r) if r.status == 424 => request.depends_on.iter().any(|d| transient.iter().any(|t| &t.id == d) || retry.iter().any(|q| &q.id == d)),
                            None => true,
                            _ => false,
                        };
                    if again {
                        wait_ms = wait_ms.max(response.and_then(BatchResponse::retry_after_ms).unwrap_or(1_000));
                        retry.push(request.clone());
                    } else if let Some(r) = response {
                        answers.push(r.clone());
                    }
                }
            }
            if retry.is_empty() {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(wait_ms.min(30_000)).await;
            pending = retry;
        }
        // A collection answered inside a batch pages like any other: follow its nextLinks so
        // callers always see every item (a configuration with over 999 assignments, say).
        for a in answers.iter_mut().filter(|a| (200..300).contains(&a.status)) {
            let mut next = a.body.get("@odata.nextLink").and_then(Value::as_str).map(String::from);
            while let Some(link) = next {
                let (more, after) = self.get_page::<Value>(&link, &[]).await?;
                if let Some(Value::Array(items)) = a.body.get_mut("value") {
                    items.extend(more);
                }
                next = after;
            }
            if let Some(o) = a.body.as_object_mut() {
                o.remove("@odata.nextLink");
            }
        }
        Ok(answers)
    }

    /// Sends a request; returns the body text of a 2xx answer (empty for 204). Every method but
    /// POST is resent after a lost or 504 answer; a POST only after 429 and 503.
    pub async fn send(&self, method: Method, url: &str, body: Option<&Value>, headers: &[(&str, &str)]) -> Result<String, AppError> {
        let idempotent = method != Method::POST;
        self.send_as(method, url, body, headers, idempotent).await
    }

    /// [`Graph::send`], saying whether the request may be resent when its outcome is unknown.
    pub async fn send_as(&self, method: Method, url: &str, body: Option<&Value>, headers: &[(&str, &str)], idempotent: bool) -> Result<String, AppError> {
        // Graph's nextLinks are absolute; a relative one (seen from proxies) is resolved on Graph's host.
        let absolute;
        let url = if url.starts_with('/') {
            absolute = format!("{}{url}", self.session.config().graph_base_url);
            absolute.as_str()
        } else {
            url
        };
        let client_request_id = new_request_id();
        let path = url.strip_prefix(&self.session.config().graph_base_url).unwrap_or(url).to_string();
        let method_name = method.to_string();
        let mut attempt = 1;
        let mut waited_ms = 0;
        let mut refreshed = false;
        let report = crate::model::retry::ReportBudget::counts(&path);
        loop {
            if report {
                // Wait for this tenant's report budget instead of earning a 429.
                loop {
                    let wait = self.session.report_budget.with_value(|b| b.wait_ms(js_sys::Date::now()));
                    if wait == 0 {
                        break;
                    }
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                }
                self.session.report_budget.update_value(|b| b.record(js_sys::Date::now()));
            }
            let token = self.session.access_token().await?;
            let mut builder = RequestBuilder::new(url)
                .method(method.clone())
                .header("Authorization", &format!("Bearer {token}"))
                .header("client-request-id", &client_request_id);
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            let request = match body {
                Some(b) => builder.header("Content-Type", "application/json").body(b.to_string()),
                None => builder.build(),
            }
            .map_err(|e| AppError::new(ErrorKind::Network, "bad_request", e.to_string()).at(&method_name, &path))?;
            // Status 0: no complete HTTP answer (offline, connection dropped mid-body, blocked by CORS).
            let (status, retry_after, text) = match request.send().await {
                Ok(r) => match r.text().await {
                    Ok(text) => (r.status(), r.headers().get("retry-after"), text),
                    Err(_) => (0, None, String::new()),
                },
                Err(_) => (0, None, String::new()),
            };
            if (200..300).contains(&status) {
                return Ok(text);
            }
            if status == 401 && !refreshed {
                refreshed = true;
                self.session.refresh().await?;
                continue;
            }
            match decide(status, retry_after.as_deref(), attempt, waited_ms, idempotent) {
                RetryDecision::After(ms) => {
                    gloo_timers::future::TimeoutFuture::new(ms).await;
                    waited_ms += ms;
                    attempt += 1;
                }
                RetryDecision::Stop if status == 0 => {
                    let message = if idempotent {
                        format!("No answer from Microsoft Graph after {attempt} attempts (connection dropped or blocked).")
                    } else {
                        "The connection dropped before Microsoft Graph answered this write, so it may or may not have been applied. Nothing was resent; re-read the current state before trying again.".to_string()
                    };
                    let mut e = AppError::new(ErrorKind::Network, "network_error", message).at(&method_name, &path);
                    e.client_request_id = Some(client_request_id);
                    return Err(e);
                }
                RetryDecision::Stop => {
                    let mut e = AppError::from_graph(status, &text, &method_name, &path);
                    e.client_request_id.get_or_insert(client_request_id);
                    return Err(e);
                }
            }
        }
    }
}

fn decode<T: DeserializeOwned>(body: &str, method: &str, url: &str) -> Result<T, AppError> {
    serde_json::from_str(body)
        .map_err(|e| AppError::unexpected_shape(e, method, url))
}

/// A fresh GUID for `client-request-id`.
fn new_request_id() -> String {
    web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_else(|| format!("{:x}", js_sys::Date::now() as u64))
}

/// `$batch` requests sent at once; more would only queue at Graph's throttling.
pub const IN_FLIGHT: usize = 4;

/// Sends `requests` as batches of 20, [`IN_FLIGHT`] at a time, and returns every answer.
pub async fn batched(graph: Graph, version: ApiVersion, requests: Vec<BatchRequest>) -> Result<Vec<BatchResponse>, AppError> {
    let chunks: Vec<Vec<BatchRequest>> = requests.chunks(crate::model::batch::MAX_BATCH).map(<[BatchRequest]>::to_vec).collect();
    let mut out = vec![];
    for wave in chunks.chunks(IN_FLIGHT) {
        let answers = futures::future::join_all(wave.iter().map(|c| graph.batch(version, c.clone()))).await;
        for a in answers {
            out.extend(a?);
        }
    }
    Ok(out)
}
