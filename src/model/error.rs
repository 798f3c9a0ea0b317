//! The one error type of the app: what failed, Graph's or the sign-in service's code and message,
//! and the identifiers support needs (request-id, client-request-id, date), rendered the same way
//! everywhere.

use serde_json::Value;
use std::fmt;

/// Where an error came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Microsoft Graph answered with an error.
    Graph,
    /// The sign-in service (token endpoint or authorize redirect) refused.
    SignIn,
    /// The request never got an HTTP answer (offline, DNS, CORS, dropped connection).
    Network,
    /// An answer arrived but could not be understood.
    Decode,
    /// The session must be renewed interactively (refresh token rejected or expired).
    SignInRequired,
}

/// An error with everything needed to act on it and to quote it in a support ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppError {
    pub kind: ErrorKind,
    /// Graph's `error.code`, or the OAuth `error` (with the AADSTS number when there is one).
    pub code: String,
    pub message: String,
    pub status: Option<u16>,
    /// `GET`, `POST`… and the path of the request that failed.
    pub method: String,
    pub path: String,
    pub request_id: Option<String>,
    pub client_request_id: Option<String>,
    pub date: Option<String>,
}

impl AppError {
    /// An error about a request, without server identifiers.
    pub fn new(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError {
            kind,
            code: code.into(),
            message: message.into(),
            status: None,
            method: String::new(),
            path: String::new(),
            request_id: None,
            client_request_id: None,
            date: None,
        }
    }

    /// Graph answered with a body this app cannot read (a field missing, or of another type than
    /// documented): `why` is the parser's account of it. One wording wherever an answer is read.
    pub fn unexpected_shape(why: impl std::fmt::Display, method: &str, path: &str) -> AppError {
        AppError::new(ErrorKind::Decode, "unexpected_response", format!("Microsoft Graph answered in an unexpected shape: {why}")).at(method, path)
    }

    /// Names the request that failed.
    pub fn at(mut self, method: &str, path: &str) -> AppError {
        self.method = method.to_string();
        self.path = path.to_string();
        self
    }

    /// Parses a Graph error body (`{"error":{"code","message","innerError":{...}}}`); tolerant of
    /// missing parts and of non-JSON bodies, which some gateways return.
    pub fn from_graph(status: u16, body: &str, method: &str, path: &str) -> AppError {
        let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let error = &value["error"];
        let inner = if error["innerError"].is_object() { &error["innerError"] } else { &error["innererror"] };
        let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(String::from);
        let code = text(&error["code"]).unwrap_or_else(|| format!("HTTP{status}"));
        let message = text(&error["message"]).unwrap_or_else(|| {
            let snippet: String = body.chars().take(200).collect();
            if snippet.trim().is_empty() { format!("HTTP {status} with an empty body") } else { snippet }
        });
        AppError {
            kind: ErrorKind::Graph,
            code,
            message,
            status: Some(status),
            method: method.to_string(),
            path: path.to_string(),
            // Older revisions of the error shape write `requestId` and `clientRequestId`.
            request_id: text(&inner["request-id"]).or_else(|| text(&inner["requestId"])),
            client_request_id: text(&inner["client-request-id"]).or_else(|| text(&inner["clientRequestId"])),
            date: text(&inner["date"]),
        }
    }

    /// Parses an OAuth error (token endpoint body or authorize redirect): `error`,
    /// `error_description` beginning `AADSTSnnnn:`.
    pub fn from_oauth(error: &str, description: Option<&str>) -> AppError {
        let description = description.unwrap_or("").trim();
        let aadsts = description
            .strip_prefix("AADSTS")
            .and_then(|rest| rest.split(':').next())
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let code = match aadsts {
            Some(n) => format!("{error} (AADSTS{n})"),
            None => error.to_string(),
        };
        // Entra appends Trace ID, Correlation ID and Timestamp to the description; keep the sentence.
        let sentence = description.split(" Trace ID:").next().unwrap_or(description);
        let sentence = sentence.split_once(": ").filter(|_| aadsts.is_some()).map(|(_, s)| s).unwrap_or(sentence);
        let kind = if matches!(error, "invalid_grant" | "interaction_required" | "login_required") {
            ErrorKind::SignInRequired
        } else {
            ErrorKind::SignIn
        };
        let date = description.split(" Timestamp: ").nth(1).map(|s| s.split_whitespace().next().unwrap_or(s).to_string());
        let request_id = description.split(" Trace ID: ").nth(1).and_then(|s| s.split_whitespace().next()).map(String::from);
        AppError { kind, code, message: sentence.trim().to_string(), request_id, date, ..AppError::new(ErrorKind::SignIn, "", "") }
    }

    /// One line: status, code and message, for a place that shows several errors together.
    pub fn summary(&self) -> String {
        match self.status {
            Some(st) => format!("HTTP {st} {}: {}", self.code, self.message),
            None => format!("{}: {}", self.code, self.message),
        }
    }

    /// What the admin should do next, in one sentence.
    pub fn advice(&self) -> String {
        match (&self.kind, self.status) {
            (ErrorKind::SignInRequired, _) => "Sign in to this tenant again; your place in the app is kept.".into(),
            (ErrorKind::Network, _) => "Check the network connection (and that nothing blocks the sign-in or Graph host), then retry.".into(),
            (_, Some(401)) => "The session was not accepted. Sign in to this tenant again.".into(),
            (_, Some(403)) => "The signed-in admin lacks a role or the app lacks consent for this call. Check the roles in the readiness check, or grant admin consent for the scopes in the README.".into(),
            (_, Some(400)) => "Microsoft Graph refused the request as Tenant Bridge sent it; that is not about your permissions. Copy the details for support.".into(),
            (_, Some(404)) => "The object does not exist (or has not replicated yet). Refresh and retry in a minute.".into(),
            (_, Some(429)) => "Microsoft Graph is throttling this app. Wait a minute and retry.".into(),
            (_, Some(s)) if s >= 500 => "Microsoft Graph had a temporary problem. Retry in a minute; quote the request-id if it persists.".into(),
            (ErrorKind::SignIn, _) => "Sign-in was refused. Read the message, fix the cause, and sign in again.".into(),
            _ => "Read the message, fix the cause, and retry.".into(),
        }
    }

    /// Plain text for a support ticket (the copy button).
    pub fn ticket_text(&self) -> String {
        let mut lines = vec![format!("Error: {}", self.code), format!("Message: {}", self.message)];
        if !self.method.is_empty() {
            lines.push(format!("Request: {} {}", self.method, self.path));
        }
        if let Some(s) = self.status {
            lines.push(format!("HTTP status: {s}"));
        }
        for (name, value) in [("request-id", &self.request_id), ("client-request-id", &self.client_request_id), ("date", &self.date)] {
            if let Some(v) = value {
                lines.push(format!("{name}: {v}"));
            }
        }
        lines.join("\n")
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example from graph-api.md §9.5.
    const GRAPH_403: &str = r#"{ "error": {
        "code": "Authorization_RequestDenied",
        "message": "Insufficient privileges to complete the operation.",
        "innerError": { "date": "2026-09-01T10:17:06", "request-id": "0d1a6bd7-0000-4000-8000-000000000001", "client-request-id": "c1" } } }"#;

    #[test]
    fn graph_error_body_yields_code_message_and_identifiers() {
        let e = AppError::from_graph(403, GRAPH_403, "POST", "/v1.0/policies/crossTenantAccessPolicy/partners");
        assert_eq!(e.code, "Authorization_RequestDenied");
        assert_eq!(e.message, "Insufficient privileges to complete the operation.");
        assert_eq!(e.request_id.as_deref(), Some("0d1a6bd7-0000-4000-8000-000000000001"));
        assert_eq!(e.client_request_id.as_deref(), Some("c1"));
        assert_eq!(e.date.as_deref(), Some("2026-09-01T10:17:06"));
        assert_eq!(e.status, Some(403));
        assert!(e.advice().contains("role"));
    }

    #[test]
    fn a_non_json_error_body_keeps_the_status_and_text() {
        let e = AppError::from_graph(502, "<html>Bad gateway</html>", "GET", "/v1.0/me");
        assert_eq!(e.code, "HTTP502");
        assert_eq!(e.message, "<html>Bad gateway</html>");
        assert!(e.request_id.is_none());
    }

    #[test]
    fn lowercase_innererror_is_accepted() {
        let e = AppError::from_graph(400, r#"{"error":{"code":"BadRequest","message":"m","innererror":{"request-id":"r"}}}"#, "GET", "/x");
        assert_eq!(e.request_id.as_deref(), Some("r"));
    }

    #[test]
    fn token_error_description_yields_the_aadsts_number_and_sentence() {
        let e = AppError::from_oauth(
            "invalid_grant",
            Some("AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00. Trace ID: 9b1 Correlation ID: c2 Timestamp: 2026-11-26T20:01:02Z"),
        );
        assert_eq!(e.code, "invalid_grant (AADSTS700084)");
        assert!(e.message.starts_with("The refresh token was issued to a single page app"));
        assert_eq!(e.kind, ErrorKind::SignInRequired);
        assert_eq!(e.request_id.as_deref(), Some("9b1"));
        assert_eq!(e.date.as_deref(), Some("2026-11-26T20:01:02Z"));
    }

    #[test]
    fn consent_denied_is_a_sign_in_error_not_a_renewal() {
        let e = AppError::from_oauth("access_denied", Some("AADSTS65004: User declined to consent to access the app."));
        assert_eq!(e.kind, ErrorKind::SignIn);
        assert_eq!(e.message, "User declined to consent to access the app.");
    }

    #[test]
    fn ticket_text_lists_every_identifier() {
        let e = AppError::from_graph(403, GRAPH_403, "GET", "/v1.0/me");
        let t = e.ticket_text();
        for part in ["Authorization_RequestDenied", "GET /v1.0/me", "HTTP status: 403", "request-id: 0d1a6bd7", "client-request-id: c1", "date: 2026-09-01T10:17:06"] {
            assert!(t.contains(part), "{part} in {t}");
        }
    }
}
