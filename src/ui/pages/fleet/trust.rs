//! The trust review's findings, and the changes they suggest as planned requests, each applied
//! through the setup's executor.

use crate::model::error::AppError;
use crate::model::monitor::fleet::TrustFinding;
use crate::model::monitor::job::Severity;
use crate::model::permissions::WRITE_TARGET;
use crate::model::setup::plan::PlannedWrite;
use crate::ui::components::findings::{FindingItem, FindingList};
use crate::ui::components::tone::Tone;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, run_busy};
use leptos::prelude::*;

/// The findings; `reload` reads the partners again after a change was applied.
#[component]
pub(super) fn TrustReview(review: Memo<Vec<TrustFinding>>, error: RwSignal<Option<AppError>>, reload: Callback<()>) -> impl IntoView {
    let target = use_tenants().target;
    let applying = RwSignal::new(false);
    let applied = RwSignal::new(None::<String>);
    let findings = Signal::derive(move || {
        review.with(|r| {
            r.iter()
                .map(|t| FindingItem {
                    tone: match t.severity { Severity::Problem => Tone::Danger, Severity::Warning => Tone::Warning, Severity::Info => Tone::Info },
                    title: t.title.clone(),
                    detail: Some(t.detail.clone()),
                    remedy: Some(t.remedy.clone()),
                    rule: None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
            <h3>"Trust review"</h3>
            <p class="muted">"A synced user's name in this tenant carries its partner's default domain (alias_domain#EXT#@…); that is how writes are told apart. A partner whose users carry another of its domains shows no writes: check before turning it off."</p>
            <FindingList items=findings testid="trust-findings" empty="No partner allows sync or automatic redemption."/>
            {move || {
                let changes: Vec<PlannedWrite> = review.with(|r| r.iter().filter_map(|t| t.change.clone()).collect());
                let mut unique: Vec<PlannedWrite> = vec![];
                for c in changes {
                    if !unique.iter().any(|u| u.id == c.id) {
                        unique.push(c);
                    }
                }
                (!unique.is_empty()).then(|| view! {
                    <h3>"Changes the review suggests"</h3>
                    <p class="muted">"Each is one planned request, shown before it is sent; applying it reads the partners again."</p>
                    <ol class="plan-list" data-testid="trust-changes">
                        {unique.into_iter().map(|w| {
                            let write = w.clone();
                            let apply = move |_| {
                                // Writing the partner policy needs the setup's write permission in the target.
                                if !target.session.granted(&WRITE_TARGET) {
                                    return ask_consent(target.session, &WRITE_TARGET, "/fleet", error);
                                }
                                let w = write.clone();
                                run_busy(applying, error, async move {
                                    let (mut outputs, mut notes) = (Default::default(), vec![]);
                                    crate::graph::setup::apply::apply_one(target.graph(), &w, &mut outputs, &mut notes).await.map(|_| w.purpose.clone())
                                }, move |done| {
                                    applied.set(Some(format!("Done: {done}")));
                                    reload.run(());
                                });
                            };
                            view! {
                                <li class="plan-item" data-write=w.id.clone()>
                                    <p>{w.purpose.clone()}</p>
                                    <p><code>{format!("{} /{}{}", w.method, w.version, w.path)}</code></p>
                                    {w.body.as_ref().map(|b| view! { <pre class="json">{serde_json::to_string_pretty(b).unwrap_or_default()}</pre> })}
                                    <button type="button" class="button" data-testid="trust-apply" disabled=move || applying.get() on:click=apply>{format!("Apply: {}", w.purpose)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                })
            }}
            {move || applied.get().map(|m| view! { <p role="status" data-testid="trust-applied">{m}</p> })}
    }
}
