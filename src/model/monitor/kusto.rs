//! Alerts that run without the app: the health rules of Monitor as Kusto queries over a Log
//! Analytics workspace that receives the tenant's `AuditLogs` and `ProvisioningLogs` diagnostic
//! categories (tables `AuditLogs` and `AADProvisioningLogs`), with the configuration's IDs filled in,
//! for Azure Monitor log alert rules ("alert when the number of results is greater than 0").
//!
//! Only documented table and column names are used (Azure Monitor Logs reference, "AADProvisioningLogs"
//! and "AuditLogs"; the test below keeps every column to those lists). Which provisioning audit field
//! names the job is not documented, so the quarantine query looks for the job's ID anywhere in
//! `TargetResources` and `AdditionalDetails` (a text search, tolerant of the shape), and says so.

/// `AADProvisioningLogs` columns, as the reference page lists them.
pub const PROVISIONING_COLUMNS: [&str; 28] = [
    "AADTenantId", "Category", "ChangeId", "CorrelationId", "CycleId", "DurationMs", "Id", "InitiatedBy", "JobId", "ModifiedProperties",
    "OperationName", "OperationVersion", "ProvisioningAction", "ProvisioningStatusInfo", "ProvisioningSteps", "ResultDescription",
    "ResultSignature", "ResultType", "ServicePrincipal", "SourceIdentity", "SourceSystem", "TargetIdentity", "TargetSystem", "TenantId",
    "TimeGenerated", "Type", "_BilledSize", "_IsBillable",
];

/// `AuditLogs` columns used here, as the reference page lists them.
pub const AUDIT_COLUMNS: [&str; 12] = [
    "AADTenantId", "ActivityDateTime", "ActivityDisplayName", "AdditionalDetails", "Category", "CorrelationId", "Id", "InitiatedBy",
    "LoggedByService", "Result", "TargetResources", "TimeGenerated",
];

/// One alert: what it watches, its query, and how to set the rule up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertQuery {
    /// File-name-friendly key.
    pub key: &'static str,
    pub title: &'static str,
    /// Which health rule of Monitor it stands for, and the rule's settings.
    pub rule: String,
    pub query: String,
}

/// A value for a KQL string literal (double-quoted): backslashes and quotes escaped, no line breaks.
fn lit(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " "))
}

/// The alerts for one configuration: its service principal ID, job ID and name (for comments),
/// and the target tenant's ID when known (for the target-side query).
pub fn alerts(configuration_id: &str, job_id: &str, name: &str, target_id: Option<&str>) -> Vec<AlertQuery> {
    let job = lit(job_id);
    let header = format!("// Tenant Bridge: {}\n// configuration (service principal) {configuration_id}, job {job_id}\n", name.replace(['\r', '\n'], " "));
    let mut out = vec![
        AlertQuery {
            key: "quarantine",
            title: "Job quarantined",
            rule: "Monitor's rule: the job is in quarantine. Run every 15 minutes over the last 15 minutes; alert when results > 0. Source tenant's workspace.".into(),
            query: format!("{header}// Which field of a provisioning audit entry names the job is not documented: the job's ID is looked for in\n// TargetResources and AdditionalDetails as text.\nAuditLogs\n| where TimeGenerated > ago(15m)\n| where LoggedByService == \"Account Provisioning\"\n| where ActivityDisplayName == \"Quarantine\"\n| where tostring(TargetResources) has {job} or tostring(AdditionalDetails) has {job}\n| project TimeGenerated, ActivityDisplayName, Result, AdditionalDetails\n"),
        },
        AlertQuery {
            key: "failures",
            title: "Objects failing",
            rule: "Monitor's rules: escrows (objects failed in a cycle) and successive failures. Run every 40 minutes (one cycle) over the last 80 minutes; alert when results > 0.".into(),
            query: format!("{header}AADProvisioningLogs\n| where TimeGenerated > ago(80m)\n| where JobId == {job}\n| where ResultType == \"Failure\"\n| summarize failures = count(), objects = dcount(tostring(parse_json(SourceIdentity).id)), codes = make_set(ResultSignature, 10), last_seen = max(TimeGenerated)\n| where failures > 0\n"),
        },
        AlertQuery {
            key: "no-success",
            title: "No successful change for two intervals",
            rule: "Monitor's rule: no successful cycle for over two intervals (80 minutes). The provisioning log records objects, not cycles: a directory where nothing changed logs nothing, so widen the window to what is normal for it (a day, say). Run every hour; alert when results > 0.".into(),
            query: format!("{header}AADProvisioningLogs\n| where TimeGenerated > ago(1d)\n| where JobId == {job}\n| summarize last_success = maxif(TimeGenerated, ResultType == \"Success\"), last_event = max(TimeGenerated)\n| where isnull(last_success) or last_success < ago(80m)\n"),
        },
        AlertQuery {
            key: "deletions-held",
            title: "Deletions held or done",
            rule: "Monitor's rules: deletions held by the accidental-deletion threshold (staged deletes) and deletions done. Run every 40 minutes over the last 40 minutes; alert when results > 0.".into(),
            query: format!("{header}AADProvisioningLogs\n| where TimeGenerated > ago(40m)\n| where JobId == {job}\n| where ProvisioningAction in~ (\"StagedDelete\", \"Delete\", \"Disable\")\n| summarize actions = count() by ProvisioningAction, ResultType\n"),
        },
    ];
    if let Some(t) = target_id {
        out.push(AlertQuery {
            key: "target-writes",
            title: "Nothing written in the target",
            rule: format!("The target's side: nothing written by cross-tenant sync in the target tenant {t} for a day. Needs the target tenant's AuditLogs in a workspace. Run every hour; alert when results > 0."),
            query: format!("// Tenant Bridge: {}\n// target tenant {t}: what Microsoft.Azure.SyncFabric wrote (all partners; the log does not name the source)\nAuditLogs\n| where TimeGenerated > ago(1d)\n| where AADTenantId == {}\n| summarize writes = countif(tostring(InitiatedBy.app.displayName) == \"Microsoft.Azure.SyncFabric\")\n| where writes == 0\n", name.replace(['\r', '\n'], " "), lit(t)),
        });
    }
    out
}

/// Every alert as one `.kql` file, each with its rule as a comment.
pub fn bundle(alerts: &[AlertQuery]) -> String {
    alerts.iter().map(|a| format!("// ===== {} =====\n// {}\n{}", a.title, a.rule, a.query)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SP: &str = "c0c0c0c0-1111-4222-8333-444455556666";
    const JOB: &str = "Azure2Azure.0b5e3f.c0c0c0c0";
    const TGT: &str = "b3dc6c65-54f5-553b-935b-b02a6b5be925";

    #[test]
    fn the_generated_queries_equal_the_fixtures() {
        let text = bundle(&alerts(SP, JOB, "Fabrikam to Contoso", Some(TGT)));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model/monitor/fixtures/alerts.kql");
        if std::env::var("TB_BLESS").is_ok() {
            std::fs::write(path, &text).unwrap();
        }
        assert_eq!(text, std::fs::read_to_string(path).unwrap(), "run with TB_BLESS=1 to accept a deliberate change");
    }

    /// Every identifier that names a column (`CamelCase` outside string literals and comments, and
    /// not a KQL keyword) is a documented column of the table the query reads.
    #[test]
    fn queries_use_only_documented_tables_and_columns() {
        for a in alerts(SP, JOB, "x \"quoted\"\nname", Some(TGT)) {
            let body: Vec<&str> = a.query.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
            let table = body[0].trim();
            let columns: &[&str] = match table {
                "AADProvisioningLogs" => &PROVISIONING_COLUMNS,
                "AuditLogs" => &AUDIT_COLUMNS,
                other => panic!("{}: unknown table {other}", a.key),
            };
            let mut code = String::new();
            let mut in_string = false;
            let mut escaped = false;
            for c in body[1..].join("\n").chars() {
                match (in_string, c) {
                    (true, '\\') if !escaped => escaped = true,
                    (true, '"') if !escaped => in_string = false,
                    (true, _) => escaped = false,
                    (false, '"') => in_string = true,
                    (false, c) => code.push(c),
                }
            }
            for word in code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase())) {
                assert!(columns.contains(&word), "{}: {word} is not a documented column of {table}", a.key);
            }
            assert!(!a.query.contains("\nname"), "a name with a line break stays in its comment");
        }
    }

    #[test]
    fn values_are_escaped_as_kql_string_literals() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        let q = alerts(SP, "job\"x", "n", None);
        assert!(q[1].query.contains(r#"JobId == "job\"x""#));
        assert_eq!(q.len(), 4, "no target query without the target");
    }
}
