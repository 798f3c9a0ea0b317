//! When to retry a Graph call: 429, 503 and 504 are transient; `Retry-After` is honoured; the total
//! wait is bounded so a throttled admin gets an answer instead of an endless spinner.

/// Most attempts for one call (the first plus retries).
pub const MAX_ATTEMPTS: u32 = 8;
/// Most total waiting, in milliseconds, before giving up and showing the error.
pub const MAX_TOTAL_WAIT_MS: u32 = 60_000;

/// The decision after a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this many milliseconds, then send the same request again.
    After(u32),
    /// Do not retry; report the response.
    Stop,
}

/// True for an answer after which a write may or may not have been applied: no complete answer
/// (status 0: dropped connection), or a 500, 502 or 504 (a gateway or server failure that can
/// come after the work was done). Only a re-read can tell.
pub fn outcome_unknown(status: u16) -> bool {
    matches!(status, 0 | 500 | 502 | 504)
}

/// Decides for `status` with its `Retry-After` header, given the attempt number (1 = first try)
/// and the milliseconds already waited for this call. Network failures are passed as status 0.
/// A 429 or 503 was not processed, so any request may be resent after `Retry-After`. A 504 (like
/// a dropped connection) may come after the work was done: reads are resent, writes that are not
/// idempotent never are (the caller re-reads the state instead, see [`outcome_unknown`]).
pub fn decide(status: u16, retry_after: Option<&str>, attempt: u32, waited_ms: u32, idempotent: bool) -> RetryDecision {
    let transient = matches!(status, 429 | 503) || (idempotent && matches!(status, 0 | 504));
    if !transient || attempt >= MAX_ATTEMPTS {
        return RetryDecision::Stop;
    }
    let asked = retry_after.and_then(retry_after_ms);
    let backoff = 1000u32.saturating_mul(1 << (attempt - 1).min(3));
    let wait = asked.unwrap_or(backoff).max(100);
    if waited_ms.saturating_add(wait) > MAX_TOTAL_WAIT_MS {
        RetryDecision::Stop
    } else {
        RetryDecision::After(wait)
    }
}

/// `Retry-After` in milliseconds: Graph sends seconds, which Microsoft's throttling example writes
/// with a fraction (`2.128`); a fraction is rounded up to the next whole millisecond. The HTTP-date
/// form is not used by Graph and falls back to the backoff.
pub fn retry_after_ms(value: &str) -> Option<u32> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).ceil().min(u32::MAX as f64) as u32)
}

/// The report APIs (`/auditLogs/...`) allow 5 requests per 10 s per app per tenant
/// (graph-api.md §9.2). The client keeps this budget per tenant and waits its turn, so that
/// refreshing dashboards and paging logs never earn a 429 in the first place.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportBudget {
    /// Send times (ms) inside the current window, oldest first.
    sent: Vec<f64>,
    /// Requests per window; 0 turns pacing off (benchmarks against a sandbox without the limit).
    limit: usize,
}

impl Default for ReportBudget {
    fn default() -> Self {
        ReportBudget { sent: vec![], limit: REPORT_LIMIT }
    }
}

/// Report requests allowed per window.
pub const REPORT_LIMIT: usize = 5;
/// The report window, in milliseconds.
pub const REPORT_WINDOW_MS: f64 = 10_000.0;

impl ReportBudget {
    /// True for a Graph path that the report limit counts.
    pub fn counts(path: &str) -> bool {
        let p = path.trim_start_matches('/');
        let p = p.strip_prefix("v1.0/").or_else(|| p.strip_prefix("beta/")).unwrap_or(p);
        p.starts_with("auditLogs/")
    }

    /// A budget without pacing.
    pub fn unlimited() -> ReportBudget {
        ReportBudget { sent: vec![], limit: 0 }
    }

    /// How long to wait at `now_ms` before the next report request may go (0: now).
    pub fn wait_ms(&self, now_ms: f64) -> u32 {
        let recent: Vec<f64> = self.sent.iter().copied().filter(|t| now_ms - t < REPORT_WINDOW_MS).collect();
        if self.limit == 0 || recent.len() < self.limit {
            return 0;
        }
        // The oldest of the last `limit` sends must leave the window, plus a small margin.
        let oldest = recent[recent.len() - self.limit];
        (oldest + REPORT_WINDOW_MS - now_ms + 50.0).max(0.0).ceil() as u32
    }

    /// Records a report request sent at `now_ms`.
    pub fn record(&mut self, now_ms: f64) {
        self.sent.retain(|t| now_ms - t < REPORT_WINDOW_MS);
        self.sent.push(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_budget_lets_five_through_per_ten_seconds() {
        let mut b = ReportBudget::default();
        for i in 0..5 {
            assert_eq!(b.wait_ms(i as f64 * 100.0), 0);
            b.record(i as f64 * 100.0);
        }
        // The sixth at 0.5 s waits until the first (sent at 0) leaves the window.
        assert_eq!(b.wait_ms(500.0), 9_550);
        assert_eq!(b.wait_ms(10_050.0), 0);
        b.record(10_050.0);
        assert_eq!(b.wait_ms(10_060.0), 90, "the second (at 0.1 s) must leave first");
        let mut off = ReportBudget::unlimited();
        for i in 0..50 {
            off.record(i as f64);
        }
        assert_eq!(off.wait_ms(50.0), 0);
    }

    #[test]
    fn only_report_paths_count() {
        assert!(ReportBudget::counts("/v1.0/auditLogs/provisioning?$top=500"));
        assert!(ReportBudget::counts("/beta/auditLogs/directoryAudits"));
        assert!(!ReportBudget::counts("/v1.0/servicePrincipals/x/synchronization/jobs"));
        assert!(!ReportBudget::counts("/v1.0/$batch"));
    }

    #[test]
    fn throttling_waits_as_long_as_retry_after_says() {
        assert_eq!(decide(429, Some("3"), 1, 0, false), RetryDecision::After(3000));
    }

    #[test]
    fn without_retry_after_the_wait_doubles() {
        assert_eq!(decide(503, None, 1, 0, true), RetryDecision::After(1000));
        assert_eq!(decide(503, None, 2, 1000, true), RetryDecision::After(2000));
        assert_eq!(decide(504, Some("soon"), 3, 3000, true), RetryDecision::After(4000));
    }

    #[test]
    fn a_retry_after_with_a_fraction_is_honoured_rounded_up() {
        // Microsoft's throttling example (concepts/throttling) answers `Retry-After: 2.128`.
        assert_eq!(decide(429, Some("2.128"), 1, 0, false), RetryDecision::After(2128));
        assert_eq!(retry_after_ms("0.0001"), Some(1));
        assert_eq!(retry_after_ms(" 3 "), Some(3000));
        assert_eq!(retry_after_ms("-1"), None);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2026 07:28:00 GMT"), None);
    }

    #[test]
    fn a_write_answered_5xx_or_dropped_is_never_resent_but_a_429_or_503_is() {
        for status in [0, 500, 502, 504] {
            assert_eq!(decide(status, Some("1"), 1, 0, false), RetryDecision::Stop, "{status}");
            assert!(outcome_unknown(status));
        }
        assert_eq!(decide(429, Some("1"), 1, 0, false), RetryDecision::After(1000));
        assert_eq!(decide(503, Some("1"), 1, 0, false), RetryDecision::After(1000));
        assert!(!outcome_unknown(429) && !outcome_unknown(503) && !outcome_unknown(400));
        // Reads are resent after a 504.
        assert_eq!(decide(504, Some("1"), 1, 0, true), RetryDecision::After(1000));
    }

    #[test]
    fn client_errors_and_success_are_never_retried() {
        for status in [200, 201, 204, 400, 401, 403, 404, 409, 500] {
            assert_eq!(decide(status, Some("1"), 1, 0, true), RetryDecision::Stop, "{status}");
        }
    }

    #[test]
    fn a_dropped_connection_is_retried_for_reads_but_not_for_posts() {
        assert_eq!(decide(0, None, 1, 0, true), RetryDecision::After(1000));
        assert_eq!(decide(0, None, 1, 0, false), RetryDecision::Stop);
    }

    #[test]
    fn retries_stop_after_the_attempt_limit_or_the_total_wait() {
        assert_eq!(decide(429, Some("1"), MAX_ATTEMPTS, 0, true), RetryDecision::Stop);
        assert_eq!(decide(429, Some("30"), 2, 40_000, true), RetryDecision::Stop);
    }
}
