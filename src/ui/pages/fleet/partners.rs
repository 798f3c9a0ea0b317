//! The target's partners with their switches, and the multi-tenant organization beside them.

use super::{iso, now};
use super::trust::TrustReview;
use crate::graph::monitor::fleet::{read_partners, Partners};
use crate::model::error::AppError;
use crate::model::monitor::fleet::{trust_review, FleetRow, SourceView, IDLE_DAYS};
use crate::model::monitor::job::time_text;
use crate::model::permissions::{FLEET_TARGET, ON_REQUEST_MTO, ON_REQUEST_NAMES};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::tone::{MessageBar, Tone};
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, ConsentBanner};
use leptos::prelude::*;

/// The target's partners and the trust review.
#[component]
pub(super) fn PartnerReview(rows: RwSignal<Option<Vec<FleetRow>>>) -> impl IntoView {
    let tenants = use_tenants();
    let target = tenants.target;
    let found = RwSignal::new(None::<Partners>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let read_at = RwSignal::new(0i64);
    let consented = move || target.session.granted(&FLEET_TARGET);
    let named = move || target.session.granted(&ON_REQUEST_NAMES);
    let with_mto = move || target.session.granted(&ON_REQUEST_MTO);
    let load = move || {
        let since = iso(now() - IDLE_DAYS * 86_400);
        let (names, mto) = (named(), with_mto());
        run_busy(busy, error, async move { read_partners(target.graph(), &since, names, mto).await }, move |p| {
            read_at.set(now());
            found.set(Some(p));
        })
    };
    load_once_ready(move || target.profile.get().is_some() && consented(), load);
    // What the signed-in source says about itself, when it is one of the partners: whether it
    // still has a configuration for this target (from the configurations read above).
    let source_view = Memo::new(move |_| {
        let (sp, tp) = (tenants.source.profile.get()?, target.profile.get()?);
        rows.with(|r| r.as_ref().map(|r| SourceView { tenant_id: sp.tenant_id, has_configuration: r.iter().any(|x| x.target_id.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&tp.tenant_id))) }))
    });
    // The review, computed once for the findings and the changes they suggest.
    let review = Memo::new(move |_| {
        let sv = source_view.get();
        found.with(|f| f.as_ref().map(|p| trust_review(&p.rows, read_at.get(), p.audit_error.is_none() && p.named, sv.as_ref())).unwrap_or_default())
    });
    let yes_no = |b: bool| if b { "on" } else { "off" };
    let name = move || target.profile.get().map(|p| p.display_name).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="fleet-partners-heading" data-testid="fleet-partners">
            <h2 id="fleet-partners-heading">{move || format!("Partners of {}", name())}</h2>
            <Show when=move || !consented()>
                <ConsentBanner why="The trust review reads what Microsoft.Azure.SyncFabric wrote in the last 30 days (AuditLog.Read.All with Directory.Read.All) in the target tenant."
                    button="Grant fleet read access in the target tenant" on_grant=move || ask_consent(target.session, &FLEET_TARGET, "/fleet", error)/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || found.get().map(|p| view! {
                {p.audit_error.clone().map(|e| view! { <MessageBar tone=Tone::Warning testid="fleet-audit-unread">{format!("The audit log could not be read ({e}), so idle partners are not judged.")}</MessageBar> })}
                {p.audit_capped.then(|| view! { <MessageBar tone=Tone::Info>"The audit log had more entries in 30 days than are read here (10 pages of 999); partners are judged on the newest."</MessageBar> })}
                {(!p.named).then(|| view! {
                    <p class="muted">"Partners are shown by tenant ID, and idle partners are not judged: the audit log's writes are told apart by the partners' domains. "
                        <button type="button" class="button button--subtle" data-testid="fleet-names-target" on:click=move |_| ask_consent(target.session, &ON_REQUEST_NAMES, "/fleet", error)>"Show tenant names"</button>
                        " (asks CrossTenantInformation.ReadBasic.All in the target)"</p>
                })}
                {match p.mto.clone() {
                    None => view! {
                        <p class="muted">
                            <button type="button" class="button button--subtle" data-testid="fleet-mto" on:click=move |_| ask_consent(target.session, &ON_REQUEST_MTO, "/fleet", error)>"Show the multi-tenant organization"</button>
                            " (asks MultiTenantOrganization.Read.All in the target; offered in the global service only)"</p>
                    }.into_any(),
                    Some(Ok(Some(m))) => view! {
                        <h3>{format!("Multi-tenant organization: {}", m.display_name)}</h3>
                        <div class="table-wrap">
                            <table class="table" data-testid="mto-table">
                                <thead><tr><th scope="col">"Tenant"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col">"Partner here"</th></tr></thead>
                                <tbody>{m.members.iter().map(|x| {
                                    let partner = p.rows.iter().any(|r| r.tenant_id.eq_ignore_ascii_case(&x.tenant_id));
                                    view! { <tr data-testid="mto-row"><td>{format!("{} ({})", x.display_name.clone().unwrap_or_default(), x.tenant_id)}</td><td>{x.role.clone().unwrap_or_else(|| "not given".into())}</td><td>{x.state.clone().unwrap_or_else(|| "not given".into())}</td><td>{if partner { "yes" } else { "no" }}</td></tr> }
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Some(Ok(None)) => view! { <p class="muted" data-testid="mto-none">"This tenant is not part of a multi-tenant organization."</p> }.into_any(),
                    Some(Err(e)) => view! { <MessageBar tone=Tone::Warning testid="mto-unread">{format!("The multi-tenant organization could not be read ({e}). Reading it needs MultiTenantOrganization.Read.All and Security Reader, Global Reader or Security Administrator.")}</MessageBar> }.into_any(),
                }}
                <div class="table-wrap">
                    <table class="table" data-testid="partner-table">
                        <thead><tr><th scope="col">"Partner"</th><th scope="col">"Inbound user sync"</th><th scope="col">"Inbound group sync"</th><th scope="col">"Inbound redemption"</th><th scope="col">"Outbound redemption"</th><th scope="col">"Last write (30 days)"</th><th scope="col">"Multi-tenant organization"</th></tr></thead>
                        <tbody>{p.rows.iter().map(|r| view! {
                            <tr data-testid="partner-row" data-tenant=r.tenant_id.clone()>
                                <td>{r.label()}</td><td>{yes_no(r.user_sync)}</td><td>{yes_no(r.group_sync)}</td><td>{yes_no(r.inbound_redemption)}</td><td>{yes_no(r.outbound_redemption)}</td>
                                <td>{r.last_write.map(|t| time_text(Some(&iso(t)))).unwrap_or_else(|| "none seen".into())}</td>
                                <td>{match r.in_mto { Some(true) => "member", Some(false) => "no", None => "not said" }}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
            <TrustReview review=review error=error reload=Callback::new(move |_| load())/>
        </section>
    }
}
