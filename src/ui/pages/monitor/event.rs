use super::*;
use crate::ui::components::tone::{Badge, MessageBar, Tone};

/// One event: its code explained, its steps and changes, and its object's history across both tenants.
#[component]
pub(super) fn EventDetail(event: ProvisioningEvent) -> impl IntoView {
    let data = expect_context::<MonitorData>();
    let e = event;
    let code = e.error_code();
    let explained = code.as_deref().and_then(explain);
    let reason = e.provisioning_status_info.as_ref().and_then(|s| s.error_information.as_ref()).and_then(|i| i.reason.clone());
    let source_id = e.source_identity.as_ref().and_then(|i| i.id.clone()).unwrap_or_default();
    let history_view = move || {
        let (entries, verdict) = data.events.with(|all| data.target_audits.with(|a| history(all, a.as_deref().unwrap_or(&[]), &source_id)));
        let audits_loaded = data.target_audits.with(Option::is_some);
        view! {
            <section data-testid="object-history" aria-label="History of this object">
                <h4>"Why is it (not) in the target?"</h4>
                <MessageBar tone=Tone::Info testid="object-verdict">{verdict.sentence()}</MessageBar>
                {(!audits_loaded).then(|| view! { <p class="muted">"Load the target's audit log (below) to see the target's side of this history."</p> })}
                <ol class="plain-list" data-testid="object-timeline">
                    {entries.into_iter().map(|x| view! {
                        <li data-side=if x.side == Side::Source { "source" } else { "target" }>
                            <Badge tone=if x.side == Side::Source { Tone::Neutral } else { Tone::Success }>{if x.side == Side::Source { "Source" } else { "Target" }}</Badge>
                            {format!(" {} — {}{}", time_text(Some(&x.when)), x.what, if x.detail.is_empty() { String::new() } else { format!(": {}", x.detail) })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    };
    view! {
        <article class="card" data-testid="event-detail" aria-label="Event details">
            <h3>{format!("{} — {} ({})", e.name(), e.provisioning_action.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "action not recorded".into()), e.status())}</h3>
            {reason.map(|r| view! { <p>{r}</p> })}
            {code.map(|c| match explained {
                Some(x) => view! { <MessageBar tone=Tone::Info testid="event-explanation"><p><strong>{c}</strong> ": " {x.meaning}</p><p>"What to do: " {x.remedy}</p></MessageBar> }.into_any(),
                None => view! { <p data-testid="event-explanation"><strong>{c}</strong> ": no explanation is known for this code; quote it to support."</p> }.into_any(),
            })}
            <h4>"Steps"</h4>
            <ol>{e.provisioning_steps.iter().map(|s| view! { <li>{format!("{} ({}): {}", s.name.clone().unwrap_or_default(), s.status.clone().unwrap_or_default(), s.description.clone().unwrap_or_default())}</li> }).collect_view()}</ol>
            {(!e.modified_properties.is_empty()).then(|| view! {
                <h4>"Modified properties"</h4>
                <ul>{e.modified_properties.iter().map(|p| view! { <li>{format!("{}: {} → {}", p.display_name.clone().unwrap_or_default(), p.old_value.clone().unwrap_or_default(), p.new_value.clone().unwrap_or_default())}</li> }).collect_view()}</ul>
            })}
            {history_view}
        </article>
    }
}
