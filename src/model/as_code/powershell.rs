//! The plan as a Microsoft Graph PowerShell script, for the record or to run instead of the app:
//! the same requests in the same order, with `Invoke-MgGraphRequest`, one `Connect-MgGraph` per
//! change of tenant, the IDs a create returns carried in variables, and the schema always read
//! and PUT whole (the service refuses a PATCH of the schema, which is what the SDK's
//! Update-MgServicePrincipalSynchronizationJobSchema sends).

use crate::model::permissions::{WRITE_SOURCE, WRITE_TARGET};
use crate::model::setup::plan::{PairState, PlannedWrite, WriteKind, APP_ROLE_ID, CONFIGURATION_ID, JOB_ID};
use crate::model::tenant::TenantRole;

/// Text for a PowerShell expandable string (`quote`: a `"…"` one, else a here-string): backticks
/// and `$` escaped (and `"` in a quoted string), then the plan's placeholders turned into the
/// script's variables.
fn expandable(text: &str, quote: bool) -> String {
    let t = text.replace('`', "``").replace('$', "`$");
    if quote { t.replace('"', "`\"") } else { t }
        .replace(CONFIGURATION_ID, "$configurationId")
        .replace(APP_ROLE_ID, "$appRoleId")
        .replace(JOB_ID, "$jobId")
}

/// A single-quoted PowerShell string.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A comment line: no line breaks from tenant-supplied names.
fn comment(text: &str) -> String {
    format!("# {}", text.replace(['\r', '\n'], " "))
}

/// Connect-MgGraph's `-Environment` for a Graph endpoint (the names Get-MgEnvironment lists);
/// `Global` for anything else, such as the sandbox.
pub fn environment_for(graph_base: &str) -> &'static str {
    let host = graph_base.trim_start_matches("https://").split('/').next().unwrap_or_default();
    match host {
        "graph.microsoft.us" => "USGov",
        "dod-graph.microsoft.us" => "USGovDoD",
        "microsoftgraph.chinacloudapi.cn" => "China",
        _ => "Global",
    }
}

/// The script for `plan` on `state`'s pair; `graph_base` is the cloud's Graph endpoint
/// (`https://graph.microsoft.com`). `cloud` is the `-Environment` of Connect-MgGraph.
pub fn script(plan: &[PlannedWrite], state: &PairState, graph_base: &str, cloud: &str) -> String {
    let mut s = String::new();
    let mut line = |t: &str| {
        s.push_str(t);
        s.push('\n');
    };
    line("#Requires -Version 7");
    line("#Requires -Modules Microsoft.Graph.Authentication");
    line(&comment(&format!("Tenant Bridge: the plan for {} ({}) -> {} ({}), {} request(s), in the order the app sends them.", state.source_name, state.source_id, state.target_name, state.target_id, plan.len())));
    line("# Review it before running. It was planned on what the tenants held when it was written: unlike the app,");
    line("# it does not read them again first, so run it once, on the pair it names.");
    line("$ErrorActionPreference = 'Stop'");
    line(&format!("$graph = {}", quoted(graph_base.trim_end_matches('/'))));
    if plan.is_empty() {
        line("# Nothing to do: the pair already matches.");
        return s;
    }
    let mut tenant: Option<TenantRole> = None;
    for (n, w) in plan.iter().enumerate() {
        if tenant != Some(w.tenant) {
            tenant = Some(w.tenant);
            let (id, name, scopes) = match w.tenant {
                TenantRole::Source => (&state.source_id, &state.source_name, WRITE_SOURCE.to_vec()),
                TenantRole::Target => (&state.target_id, &state.target_name, WRITE_TARGET.to_vec()),
            };
            line("");
            line(&comment(&format!("{}: {name}", w.tenant)));
            line(&format!("Connect-MgGraph -Environment {} -TenantId {} -Scopes {} -NoWelcome", quoted(cloud), quoted(id), scopes.iter().map(|x| quoted(x)).collect::<Vec<_>>().join(",")));
        }
        line("");
        line(&comment(&format!("{}. {}", n + 1, w.purpose)));
        let uri = format!("\"$graph/{}{}\"", w.version, expandable(&w.path, true));
        match w.kind {
            WriteKind::EnableGroupMapping | WriteKind::ReplaceMappings => {
                if let (WriteKind::ReplaceMappings, Some(body)) = (w.kind, &w.body) {
                    line("$mappings = @'");
                    line(&serde_json::to_string(body).unwrap_or_default());
                    line("'@ | ConvertFrom-Json -AsHashtable -Depth 100");
                }
                line(&format!("$schema = Invoke-MgGraphRequest -Method GET -Uri {uri} -OutputType Json | ConvertFrom-Json -AsHashtable -Depth 100"));
                line("foreach ($k in @($schema.Keys)) { if ($k -like '*@odata.*' -and $k -notlike '*@odata.type') { $schema.Remove($k) } }");
                if w.kind == WriteKind::EnableGroupMapping {
                    line("foreach ($rule in $schema.synchronizationRules) { foreach ($m in $rule.objectMappings) { if ($m.sourceObjectName -eq 'Group') { $m.enabled = $true } } }");
                } else {
                    line("foreach ($d in $mappings.synchronizationRules) {");
                    line("    $rule = $schema.synchronizationRules | Where-Object { $_.sourceDirectoryName -eq $d.sourceDirectoryName -and $_.targetDirectoryName -eq $d.targetDirectoryName } | Select-Object -First 1");
                    line("    if (-not $rule) { throw \"The job's schema has no rule from $($d.sourceDirectoryName) to $($d.targetDirectoryName).\" }");
                    line("    $rule.objectMappings = $d.objectMappings");
                    line("}");
                }
                line(&format!("Invoke-MgGraphRequest -Method PUT -Uri {uri} -ContentType 'application/json' -Body ($schema | ConvertTo-Json -Depth 100) | Out-Null"));
            }
            _ => {
                let target = match w.kind {
                    WriteKind::CreateConfiguration => "$created = ",
                    WriteKind::CreateJob => "$job = ",
                    _ => "",
                };
                let mut call = format!("{target}Invoke-MgGraphRequest -Method {} -Uri {uri}", w.method);
                if let Some(body) = &w.body {
                    call.push_str(" -ContentType 'application/json' -Body @\"");
                    line(&call);
                    line(&expandable(&serde_json::to_string(body).unwrap_or_default(), false));
                    line(&format!("\"@{}", if target.is_empty() { " | Out-Null" } else { "" }));
                } else {
                    if target.is_empty() {
                        call.push_str(" | Out-Null");
                    }
                    line(&call);
                }
                match w.kind {
                    WriteKind::CreateConfiguration => {
                        line("$configurationId = $created.servicePrincipal.id");
                        line("$appRoleId = ($created.servicePrincipal.appRoles | Where-Object { $_.displayName -eq 'msiam_access' } | Select-Object -First 1).id");
                        line("# A new service principal takes a moment to be readable everywhere.");
                        line("Start-Sleep -Seconds 15");
                    }
                    WriteKind::CreateJob => line("$jobId = $job.id"),
                    _ => {}
                }
            }
        }
    }
    s
}
