//! Graph request paths with their query: every query value percent-encoded the same way, so no
//! caller writes `?`, `&` or `%22` by hand.

/// Percent-encodes a query value: everything but letters, digits and `-_.~:'` (Graph reads `:`
/// and `'` as written in `$search` and `$filter`).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'\'' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `path` with `query` appended (`$select`, `$filter`, …): names as given, values encoded; `&`
/// when the path already has a query.
pub fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    let mut out = path.to_string();
    for (name, value) in query {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(name);
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_names_are_not_and_separators_follow_the_path() {
        assert_eq!(
            with_query("/auditLogs/provisioning", &[("$filter", "jobId eq 'a&b'"), ("$orderby", "activityDateTime desc"), ("$top", "50")]),
            "/auditLogs/provisioning?$filter=jobId%20eq%20'a%26b'&$orderby=activityDateTime%20desc&$top=50"
        );
        assert_eq!(with_query("/users?$count=true", &[("$search", "\"displayName:ada\"")]), "/users?$count=true&$search=%22displayName:ada%22");
        assert_eq!(with_query("/me", &[]), "/me");
        assert_eq!(encode("é#/?"), "%C3%A9%23%2F%3F");
    }
}
