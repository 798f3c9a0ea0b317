use super::*;
use crate::ui::components::{findings::{FindingItem, FindingList}, tone::{Badge, Tone}};

/// Status, last cycle, counts and health findings of a job.
#[component]
pub(super) fn JobOverview(configuration: String, job: SyncJob) -> impl IntoView {
    let status = job.status.clone().unwrap_or_default();
    let code = status.code.clone().unwrap_or_else(|| "Unknown".into());
    let schedule = job.schedule.as_ref().and_then(|s| s.state.clone()).unwrap_or_else(|| "Unknown".into());
    let last = status.last_execution.clone().unwrap_or_default();
    let duration = match (last.time_began.as_deref().and_then(epoch_seconds), last.time_ended.as_deref().and_then(epoch_seconds)) {
        (Some(b), Some(e)) if e >= b => format!("{} s", e - b),
        _ => "—".into(),
    };
    let next = job.next_cycle().map(|t| format!("about {} minutes after the last cycle ended", (t - last.time_ended.as_deref().and_then(epoch_seconds).unwrap_or(t)) / 60)).unwrap_or_else(|| "after the first cycle".into());
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let findings: Vec<FindingItem> = job.health(now).into_iter().map(|f| FindingItem {
        tone: match f.severity { Severity::Problem => Tone::Danger, Severity::Warning => Tone::Warning, Severity::Info => Tone::Info },
        title: f.title,
        detail: Some(f.detail),
        remedy: Some(f.remedy),
        rule: None,
    }).collect();
    let tone = match code.as_str() {
        "Quarantine" => Tone::Danger,
        "Active" => Tone::Success,
        _ => Tone::Neutral,
    };
    view! {
        <article class="card" data-testid="job-overview" aria-labelledby="job-heading">
            <h2 id="job-heading">{configuration}</h2>
            <dl class="facts">
                <dt>"Status"</dt><dd><Badge tone=tone testid="job-status">{code.clone()}</Badge></dd>
                <dt>"Schedule"</dt><dd>{schedule}</dd>
                <dt>"Job ID"</dt><dd><code>{job.id.clone()}</code></dd>
                <dt>"Last cycle"</dt>
                <dd data-testid="job-last-cycle">
                    <ul class="plain-list">
                        {last.facts(job.never_ran()).into_iter().map(|(l, v)| view! { <li>{format!("{l}: {v}")}</li> }).collect_view()}
                        {(duration != "—").then(|| view! { <li>{format!("Took {duration}")}</li> })}
                    </ul>
                </dd>
                {status.quarantine.clone().map(|q| view! {
                    <dt>"Quarantine"</dt>
                    <dd data-testid="job-quarantine"><ul class="plain-list">{q.facts().into_iter().map(|(l, v)| view! { <li>{format!("{l}: {v}")}</li> }).collect_view()}</ul></dd>
                })}
                <dt>"Next cycle"</dt><dd>{next}</dd>
                <dt>"Objects in sync"</dt>
                <dd data-testid="job-counts">{if status.synchronized_entry_count_by_type.is_empty() { "none yet".to_string() } else { status.synchronized_entry_count_by_type.iter().map(|k| format!("{}: {}", k.key, k.value)).collect::<Vec<_>>().join(", ") }}</dd>
            </dl>
            <FindingList items=findings testid="job-health" empty="Healthy: no findings."/>
        </article>
    }
}
