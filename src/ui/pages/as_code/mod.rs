//! Configuration as code: export the pair as one document, import a document (checked field by
//! field before anything is read or sent), see how the live pair has drifted from it, find the
//! objects it names in the signed-in source tenant, and hand it to the wizard as an ordinary plan
//! (reviewed on Review and apply, where the plan can also be saved as a PowerShell script).

use crate::graph::as_code::{find_candidates, read_live, Live};
use crate::model::as_code::apply::{choices, lint_document, match_assignments, MatchKey, Matched};
use crate::model::as_code::{parse, pair_match, to_text, DocError, PairDocument, PairMatch};
use crate::model::error::{AppError, ErrorKind};
use crate::model::permissions::{WRITE_SOURCE, WRITE_TARGET};
use crate::model::setup::draft::SetupDraft;
use crate::model::setup::groups::SourceGroup;
use crate::graph::monitor::on_demand::SourceUser;
use crate::ui::components::download::download;
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::tone::{MessageBar, Tone};
use crate::ui::pages::setup::wizard::use_wizard;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, run_busy, ConsentBanner};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use views::{DriftCard, MatchTable};

mod views;

/// A file name from tenant names: letters, digits and dashes only.
pub(super) fn file_name(doc: &PairDocument) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect::<String>().split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    format!("pair-{}-to-{}.json", clean(&doc.source.display_name), clean(&doc.target.display_name))
}

/// The page.
#[component]
pub fn AsCodePage() -> impl IntoView {
    let tenants = use_tenants();
    let w = use_wizard();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let exported = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let refused = RwSignal::new(Vec::<DocError>::new());
    let imported = RwSignal::new(None::<(PairDocument, PairMatch)>);
    let live = RwSignal::new(None::<Live>);
    let key = RwSignal::new(MatchKey::DisplayName);
    let matched = RwSignal::new(None::<Vec<Matched>>);
    let granted = move || tenants.source.session.granted(&WRITE_SOURCE) && tenants.target.session.granted(&WRITE_TARGET);
    let ready = move || tenants.both_ready() && granted();

    let profiles = move || Some((tenants.source.profile.get_untracked()?, tenants.target.profile.get_untracked()?));
    let export = move |_| {
        let Some((sp, tp)) = profiles() else { return };
        exported.set(None);
        let (sg, tg) = (tenants.source.graph(), tenants.target.graph());
        run_busy(busy, error, async move { read_live(sg, tg, &sp, &tp).await }, move |l: Live| {
            match &l.doc {
                Ok(doc) => {
                    download(&file_name(doc), "application/json", &to_text(doc));
                    let mappings: usize = doc.configuration.schema.as_ref().map(|s| s.synchronization_rules.iter().map(|r| r.object_mappings.len()).sum()).unwrap_or(0);
                    exported.set(Some(format!("Exported \"{}\": {} assignment(s), {mappings} object mapping(s), both tenants' partner settings. Keep it under version control; import it here to see drift or to apply it to another pair.", doc.configuration.display_name, doc.configuration.assignments.len())));
                }
                Err(m) => error.set(Some(AppError::new(ErrorKind::Graph, "cannot_export", m.clone()))),
            }
            live.set(Some(l));
        });
    };

    // Finds the document's objects in the source tenant by the chosen key.
    let find = move || {
        let Some((doc, _)) = imported.get_untracked() else { return };
        let k = key.get_untracked();
        matched.set(None);
        let (g, d) = (tenants.source.graph(), doc.clone());
        run_busy(busy, error, async move { find_candidates(g, &d, k).await }, move |found| matched.set(Some(match_assignments(&doc, k, &found))));
    };

    let check = move |_| {
        refused.set(vec![]);
        imported.set(None);
        matched.set(None);
        let doc = match parse(&text.get_untracked()) {
            Ok(d) => d,
            Err(e) => return refused.set(vec![e]),
        };
        let Some((sp, tp)) = profiles() else { return };
        let m = match pair_match(&doc, &sp.tenant_id, &tp.tenant_id) {
            Ok(m) => m,
            Err(e) => return refused.set(vec![e]),
        };
        key.set(if m == PairMatch::Same { MatchKey::ObjectId } else { MatchKey::DisplayName });
        imported.set(Some((doc, m)));
        let (sg, tg) = (tenants.source.graph(), tenants.target.graph());
        run_busy(busy, error, async move { read_live(sg, tg, &sp, &tp).await }, move |l| {
            live.set(Some(l));
            find();
        });
    };

    let file_chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()) {
                Some(t) => text.set(t),
                None => refused.set(vec![DocError { field: String::new(), message: "The file could not be read as text. Choose the .json file Tenant Bridge exported.".into() }]),
            }
        });
    };

    let plan = move |_| {
        let (Some((doc, _)), Some(l), Some(m)) = (imported.get_untracked(), live.get_untracked(), matched.get_untracked()) else { return };
        if let Some(schema) = &doc.configuration.schema {
            let current = l.state.configuration.as_ref().and_then(|c| c.schema.as_ref());
            if let Err(message) = lint_document(current, schema) {
                return refused.set(vec![DocError { field: "configuration.schema".into(), message }]);
            }
        }
        match choices(&doc, &m, key.get_untracked(), &l.state) {
            Err(problems) => refused.set(problems),
            Ok(c) => {
                let draft = SetupDraft {
                    pair: untrack(|| w.pair()),
                    name: c.choices.configuration_name.clone(),
                    email: c.choices.notification_email.clone().unwrap_or_default(),
                    threshold: c.choices.deletion_threshold.map(|n| n.to_string()).unwrap_or_default(),
                    sync_groups: c.choices.sync_groups,
                    start: c.choices.start,
                    groups: c.groups.iter().map(|g| SourceGroup { id: g.id.clone(), display_name: g.display_name.clone(), security_enabled: g.security_enabled.unwrap_or(true), ..Default::default() }).collect(),
                    users: c.users.iter().map(|u| SourceUser { id: u.id.clone(), display_name: u.display_name.clone(), user_principal_name: u.user_principal_name.clone().unwrap_or_default() }).collect(),
                    unassign: c.choices.unassign.clone(),
                    document: serde_json::to_value(&doc).ok(),
                };
                w.adopt(draft);
                navigate("/setup/review", Default::default());
            }
        }
    };

    view! {
        <section class="page" data-testid="page-as-code">
            <h1>"Configuration as code"</h1>
            <p>"One JSON document holds the pair: both tenants' partner settings for sync, the configuration's settings, its attribute mappings and scoping filters, and who is assigned. Export it to review and version it; import it to see what changed since, to put a pair back, or to promote a test pair's setup to production. Importing never sends anything: it builds the ordinary plan, which you review and apply on Setup."</p>
            <Show when=move || !tenants.both_ready()>
                <MessageBar tone=Tone::Info>"Connect both tenants on Setup first: the document covers both."</MessageBar>
            </Show>
            <Show when=move || tenants.both_ready() && !tenants.source.session.granted(&WRITE_SOURCE)>
                <ConsentBanner why="Reading the configuration's settings and schema, and later applying a document, needs the source's write permissions (the same the setup asks for)." button="Grant access in the source tenant"
                    on_grant=move || ask_consent(tenants.source.session, &WRITE_SOURCE, "/as-code", error)/>
            </Show>
            <Show when=move || tenants.both_ready() && !tenants.target.session.granted(&WRITE_TARGET)>
                <ConsentBanner why="Applying a document changes the target's partner settings, which needs the target's write permissions." button="Grant access in the target tenant"
                    on_grant=move || ask_consent(tenants.target.session, &WRITE_TARGET, "/as-code", error)/>
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}

            <section class="card" aria-labelledby="export-heading">
                <h2 id="export-heading">"Export"</h2>
                <p>"Reads both tenants (one batch each, and one for the assigned objects' nicknames) and saves the document. Tenant and object IDs are kept and named; the configuration's own IDs are noted under exportedFrom and never applied."</p>
                <button type="button" class="button button--primary" data-testid="as-code-export" disabled=move || busy.get() || !ready() on:click=export>"Export this pair (JSON)"</button>
                {move || exported.get().map(|m| view! { <p role="status" data-testid="as-code-exported">{m}</p> })}
            </section>

            <section class="card" aria-labelledby="import-heading">
                <h2 id="import-heading">"Import"</h2>
                <div class="field">
                    <label for="as-code-file">"Pair document (.json)"</label>
                    <input id="as-code-file" type="file" accept=".json,application/json" data-testid="as-code-file" on:change=file_chosen/>
                </div>
                <div class="field">
                    <label for="as-code-text">"Or paste the document"</label>
                    <textarea id="as-code-text" rows="6" spellcheck="false" data-testid="as-code-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <button type="button" class="button" data-testid="as-code-check" disabled=move || busy.get() || !ready() on:click=check>"Check the document"</button>
                <Show when=move || busy.get()><p role="status" class="muted">"Reading both tenants…"</p></Show>
                {move || (!refused.with(Vec::is_empty)).then(|| view! {
                    <MessageBar tone=Tone::Danger role="alert" testid="as-code-refused">
                        <p>"The document cannot be used as it is. Nothing was sent."</p>
                        <ul>{refused.get().into_iter().map(|e| view! { <li data-field=e.field.clone()>{if e.field.is_empty() { String::new() } else { format!("{}: ", e.field) }}{e.message}</li> }).collect_view()}</ul>
                    </MessageBar>
                })}
                {move || imported.get().map(|(doc, m)| view! {
                    <p data-testid="as-code-pair">{match m {
                        PairMatch::Same => format!("This document was made on the pair you are signed in to: {} → {}.", doc.source.display_name, doc.target.display_name),
                        PairMatch::Other => format!("This document was made on another pair: {} ({}) → {} ({}). Its users and groups are found in {} by the key you choose; nothing is guessed.", doc.source.display_name, doc.source.tenant_id, doc.target.display_name, doc.target.tenant_id, tenants.source.profile.get().map(|p| p.display_name).unwrap_or_default()),
                    }}</p>
                })}
            </section>

            {move || imported.get().filter(|(_, m)| *m == PairMatch::Same).and_then(|(doc, _)| live.get().map(|l| (doc, l))).map(|(doc, l)| view! { <DriftCard doc=doc live=l/> })}

            <Show when=move || imported.with(Option::is_some) && live.with(Option::is_some)>
                <section class="card" aria-labelledby="match-heading">
                    <h2 id="match-heading">"Users and groups"</h2>
                    <div class="field">
                        <label for="as-code-key">"Find the document's users and groups in the source tenant by"</label>
                        <select id="as-code-key" data-testid="as-code-key" on:change=move |ev| {
                            key.set(match event_target_value(&ev).as_str() { "objectId" => MatchKey::ObjectId, "mailNickname" => MatchKey::MailNickname, _ => MatchKey::DisplayName });
                            find();
                        }>
                            {[MatchKey::ObjectId, MatchKey::DisplayName, MatchKey::MailNickname].into_iter().map(|k| {
                                let value = match k { MatchKey::ObjectId => "objectId", MatchKey::DisplayName => "displayName", MatchKey::MailNickname => "mailNickname" };
                                view! { <option value=value selected=move || key.get() == k>{k.label()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    {move || matched.get().map(|list| view! { <MatchTable list=list key=key.get()/> })}
                    <button type="button" class="button button--primary" data-testid="as-code-plan" disabled=move || busy.get() || matched.with(Option::is_none) on:click=plan.clone()>"Plan this document"</button>
                    <p class="muted">"Planning opens Review and apply with every request listed; nothing is sent until you apply there."</p>
                </section>
            </Show>
        </section>
    }
}
