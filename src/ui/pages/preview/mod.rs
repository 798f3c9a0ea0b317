//! The impact preview: what the next cycle of a configuration will do to every user and group in
//! scope (create, update a matched B2B user, skip with its code, fail with the conflict), read
//! from both tenants and predicted before the job runs. Opened from the wizard's Start step
//! (before provisioning starts) and from Monitor (`?configuration=`).

mod table;

use crate::graph::client::Graph;
use crate::graph::monitor::logs::{configuration_by_id, configurations, Monitored};
use crate::graph::preview::{addresses, read_all_holders, read_holders, read_scope, target_sizes, PER_FILTER};
use crate::model::error::AppError;
use crate::model::permissions::{PREVIEW_SOURCE, PREVIEW_TARGET};
use crate::model::preview::{bare, predict_groups, predict_user, read_whole_target, Holders, Outcome, Preview};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::tone::{MessageBar, Tone};
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, ConsentBanner};
use leptos::prelude::*;
use table::OutcomeTable;

/// Addresses looked up per round trip wave: 15 to a filter, 4 lookups each, 20 requests to a
/// `$batch`, 4 batches at a time.
const WAVE: usize = PER_FILTER * 5 * crate::graph::client::IN_FLIGHT;

/// Where the preview stands: (addresses looked up, addresses in all), and the prediction's own
/// time in the browser (ms).
#[derive(Clone, Copy, Default)]
struct Progress {
    done: usize,
    total: usize,
    predict_ms: f64,
    finished: bool,
    /// The whole target was read instead of looked up address by address.
    whole_target: bool,
}

/// `performance.now()`, reached through `Reflect` rather than web-sys's `Performance` binding:
/// that binding's glue would be loaded with the first screen, and this part is the only user.
fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).ok();
    let now = performance.as_ref().and_then(|p| js_sys::Reflect::get(p, &"now".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (performance, now) {
        (Some(p), Some(f)) => f.call0(&p).ok().and_then(|v| v.as_f64()).unwrap_or_else(js_sys::Date::now),
        _ => js_sys::Date::now(),
    }
}

/// Reads both tenants and predicts: groups and users without mail first, then the addresses wave
/// by wave as their holders come back. The holders are looked up 15 addresses to a filter, unless
/// the scope is so large that reading the whole target takes fewer round trips (counted first).
async fn run(source: Graph, target: Graph, m: Monitored, source_tid: String, preview: RwSignal<Preview>, progress: RwSignal<Progress>) -> Result<(), AppError> {
    let job = m.job?;
    let mut input = read_scope(source, target, &source_tid, &m.configuration.id, &job.id).await?;
    let all = addresses(&input.users);
    let started = now_ms();
    let (groups, nested, same_name) = predict_groups(&input);
    let first: Vec<Outcome> = input.users.iter().filter(|u| u.mail.as_deref().map(bare).is_none_or(|a| a.is_empty())).filter_map(|u| predict_user(&input, u)).collect();
    let mut spent = now_ms() - started;
    preview.set(Preview { outcomes: groups.into_iter().chain(first).collect(), nested, same_name });
    progress.set(Progress { done: 0, total: all.len(), predict_ms: spent, finished: false, whole_target: false });
    let mut by_address: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, u) in input.users.iter().enumerate() {
        if let Some(a) = u.mail.as_deref().map(bare).filter(|a| !a.is_empty()) {
            by_address.entry(a).or_default().push(i);
        }
    }
    let whole = all.len() > WAVE && read_whole_target(all.len(), WAVE, target_sizes(target).await);
    let everything = if whole { Some(read_all_holders(target).await?) } else { None };
    let everything = everything.map(|(u, g, c)| Holders::new(u, g, c));
    for (n, wave) in all.chunks(WAVE).enumerate() {
        let looked_up;
        let holders = match &everything {
            Some(h) => h,
            None => {
                let (u, g, c) = read_holders(target, wave).await?;
                looked_up = Holders::new(u, g, c);
                &looked_up
            }
        };
        let started = now_ms();
        let mut outcomes = vec![];
        for a in wave {
            holders.apply(&mut input, a);
            for i in by_address.get(a).into_iter().flatten() {
                outcomes.extend(predict_user(&input, &input.users[*i]));
            }
        }
        spent += now_ms() - started;
        preview.update(|p| p.outcomes.extend(outcomes));
        progress.set(Progress { done: (n * WAVE + wave.len()).min(all.len()), total: all.len(), predict_ms: spent, finished: false, whole_target: whole });
        if whole {
            // Let the page paint between waves when nothing is awaited.
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
    progress.update(|p| p.finished = true);
    Ok(())
}

/// The page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let tenants = use_tenants();
    let (source, target) = (tenants.source, tenants.target);
    let query = leptos_router::hooks::use_query_map();
    let chosen = move || query.with(|q| q.get("configuration").filter(|c| !c.trim().is_empty()));
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let none = RwSignal::new(false);
    let preview = RwSignal::new(Preview::default());
    let progress = RwSignal::new(Progress::default());
    let name = RwSignal::new(None::<(String, bool)>);
    let connected = move || source.connection().is_connected() && target.connection().is_connected();
    let source_ok = move || source.session.granted(&PREVIEW_SOURCE);
    let target_ok = move || target.session.granted(&PREVIEW_TARGET);
    let here = move || chosen().map(|c| format!("/preview?configuration={c}")).unwrap_or_else(|| "/preview".into());
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        none.set(false);
        preview.set(Preview::default());
        progress.set(Progress::default());
        let by_id = chosen();
        let target_tid = target.profile.get_untracked().map(|p| p.tenant_id);
        let source_tid = source.profile.get_untracked().map(|p| p.tenant_id).unwrap_or_default();
        leptos::task::spawn_local(async move {
            let result = async {
                let graph = source.graph();
                let found = match by_id {
                    Some(id) => configuration_by_id(graph, &id).await?,
                    None => configurations(graph, target_tid.as_deref()).await?.into_iter().next(),
                };
                let Some(m) = found else { return Ok(false) };
                name.set(Some((m.configuration.display_name.clone(), m.job.as_ref().is_ok_and(|j| j.schedule.as_ref().and_then(|s| s.state.as_deref()) == Some("Active")))));
                run(graph, target.graph(), m, source_tid, preview, progress).await.map(|_| true)
            }
            .await;
            match result {
                Ok(found) => none.set(!found),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page" data-testid="page-preview">
            <h1>"Impact preview"</h1>
            <p>"What the next cycle will do to every user and group in scope, before it runs: created, matched and updated, skipped (with the code the provisioning log will show) or failed (with the conflict in the target). Nothing is written."</p>
            <Show when=move || !connected()>
                <MessageBar tone=Tone::Info>"Connect both the source and the target tenant on Setup first: the preview reads the scope in the source and looks up every address in the target."</MessageBar>
            </Show>
            <Show when=move || connected() && !source_ok()>
                <ConsentBanner why="The preview reads the job's schema and settings, the assignments and the assigned groups' members in the source (Application.Read.All, Synchronization.Read.All, User.Read.All, Group.Read.All)."
                    button="Grant preview read access in the source tenant" on_grant=move || ask_consent(source.session, &PREVIEW_SOURCE, &here(), error)/>
            </Show>
            <Show when=move || connected() && source_ok() && !target_ok()>
                <ConsentBanner why="The preview looks up the users, groups and contacts that hold the in-scope addresses in the target (Directory.Read.All)."
                    button="Grant preview read access in the target tenant" on_grant=move || ask_consent(target.session, &PREVIEW_TARGET, &here(), error)/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || none.get()>
                <MessageBar tone=Tone::Info testid="preview-none">"No cross-tenant sync configuration with a job exists for this pair yet. Set one up first (the wizard, without starting it), then preview its first cycle."</MessageBar>
            </Show>
            <Show when=move || connected() && source_ok() && target_ok()>
                <div class="toolbar">
                    <button type="button" class="button button--primary" data-testid="preview-run" disabled=move || busy.get() on:click=start>
                        {move || if busy.get() { "Previewing…" } else { "Preview the next cycle" }}
                    </button>
                </div>
            </Show>
            {move || name.get().map(|(n, active)| view! {
                <p data-testid="preview-configuration">{format!("Configuration: {n}. ")}{active.then_some("It is already running: objects it has provisioned show as matched; the preview tells what the next cycle does, not what the first one did.")}</p>
            })}
            {move || { let p = progress.get(); (p.total > 0 || p.finished).then(|| view! {
                <div role="status" data-testid="preview-progress">
                    <progress max=p.total.max(1) value=p.done aria-label="Addresses looked up in the target"></progress>
                    <span>{format!(" Checked {} of {} address(es) against the target{}{}.", p.done, p.total, if p.whole_target { " (the whole target was read: fewer round trips than lookups for a scope this large)" } else { "" }, if p.finished { format!("; done. The prediction itself took {:.0} ms in the browser", p.predict_ms) } else { String::new() })}</span>
                </div>
            }) }}
            <Show when=move || !preview.with(|p| p.outcomes.is_empty())>
                <OutcomeTable preview=preview finished=Signal::derive(move || progress.get().finished)/>
            </Show>
        </section>
    }
}
