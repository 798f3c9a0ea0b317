use super::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// The diff, the linter's findings, save, discard, export and import.
#[component]
pub(super) fn ChangesPanel(busy: RwSignal<bool>, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let wizard = use_context::<crate::ui::pages::setup::wizard::Wizard>();
    let changes = Memo::new(move |_| match (ed.loaded.get(), ed.working.get()) {
        (Some(a), Some(b)) => diff(&a, &b),
        _ => vec![],
    });
    let findings = Memo::new(move |_| match (ed.loaded.get(), ed.working.get()) {
        (Some(a), Some(b)) => {
            let ops = ed.operators.get();
            lint(&a, &b, ops.as_deref())
        }
        _ => vec![],
    });
    let notice = RwSignal::new(None::<String>);
    let import_text = RwSignal::new(String::new());
    let import_error = RwSignal::new(None::<String>);
    let blocked = move || findings.with(|f| blocks(f));
    // The user mapping's filter as saved and as edited: a change needs its blast radius first.
    let user_scopes = Memo::new(move |_| match (ed.loaded.get(), ed.working.get()) {
        (Some(a), Some(b)) => {
            let groups = |s: &Value| find_mapping(s, "User").map(|at| scope_groups(s, at)).unwrap_or_default();
            let (before, after) = (groups(&a), groups(&b));
            (before != after).then_some((before, after))
        }
        _ => None,
    });
    let blast = RwSignal::new(None::<(Vec<FilterGroup>, Result<crate::model::mapping::blast::Blast, String>, Option<u32>)>);
    let typed = RwSignal::new(String::new());
    // Saving a filter change waits for its forecast (for the filter as it is now) and, when it
    // removes anyone, for the number typed back.
    let blast_gate = move || match user_scopes.get() {
        None => false,
        Some((_, after)) => blast.with(|b| match b {
            Some((for_filter, Ok(r), _)) if *for_filter == after => !r.removed.is_empty() && typed.get().trim() != r.removed.len().to_string(),
            _ => true,
        }),
    };
    let do_save = move |_| {
        let (Some(at), Some(loaded), Some(working)) = (ed.schema_ref.get_untracked(), ed.loaded.get_untracked(), ed.working.get_untracked()) else { return };
        if findings.with_untracked(|f| blocks(f)) {
            return;
        }
        busy.set(true);
        error.set(None);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match save(source.graph(), &at, &loaded, &working).await {
                Ok(now) => {
                    // The setup plan (the group mapping's state) is read again on the next visit.
                    if let Some(w) = wizard {
                        w.stale.set(true);
                    }
                    let same = now == working;
                    ed.loaded.set(Some(now.clone()));
                    ed.working.set(Some(now));
                    notice.set(Some(if same {
                        "Saved with one PUT of the whole schema, and read back unchanged. The next cycle re-evaluates every object in scope.".into()
                    } else {
                        "Saved. The schema the service now returns differs from what was sent (the service normalised it); the editor shows what it holds now.".into()
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let export = move |_| {
        if let (Some(w), Some(at)) = (ed.working.get_untracked(), ed.schema_ref.get_untracked()) {
            download(&format!("schema-{}.json", at.job_id), "application/json", &serde_json::to_string_pretty(&w).unwrap_or_default());
        }
    };
    let import = move |_| {
        import_error.set(None);
        notice.set(None);
        let text = import_text.get_untracked();
        let job = ed.schema_ref.get_untracked().map(|r| r.job_id).unwrap_or_default();
        match crate::model::mapping::schema::check_import(&text, &job) {
            Err(e) => import_error.set(Some(e)),
            Ok((v, note)) => {
                notice.set(note);
                ed.editing.set(None);
                if let Some(at) = find_mapping(&v, "User") {
                    ed.current.set(at);
                }
                ed.working.set(Some(v));
                import_text.set(String::new());
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="changes-heading" data-testid="changes">
            <h2 id="changes-heading">"Review and save"</h2>
            {move || notice.get().map(|n| view! { <MessageBar tone=Tone::Info testid="schema-notice">{n}</MessageBar> })}
            <h3>{move || format!("Changes ({})", changes.with(Vec::len))}</h3>
            {move || if changes.with(Vec::is_empty) {
                view! { <p class="muted" data-testid="schema-diff-empty">"No changes: the working copy equals the schema as read."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="schema-diff">
                            <thead><tr><th scope="col">"Where"</th><th scope="col">"What"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                            <tbody>{changes.get().into_iter().map(|c| view! { <tr><td>{c.place}</td><td>{c.what}</td><td><code>{c.before}</code></td><td><code>{c.after}</code></td></tr> }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h3>{move || { let (e, w) = findings.with(|f| (f.iter().filter(|x| x.level == Level::Error).count(), f.iter().filter(|x| x.level == Level::Warning).count())); format!("Checks: {e} error(s), {w} warning(s)") }}</h3>
            <FindingList items=Signal::derive(move || findings.with(|f| lint_items(f, true))) testid="schema-findings" compact=true/>
            {move || user_scopes.get().map(|(before, after)| view! { <BlastRadius before=before after=after blast=blast typed=typed/> })}
            <div class="toolbar">
                <button type="button" class="button button--primary" data-testid="schema-save" disabled=move || busy.get() || blocked() || changes.with(Vec::is_empty) || blast_gate() on:click=do_save>
                    {move || if busy.get() { "Saving…" } else { "Save the schema" }}
                </button>
                <button type="button" class="button" data-testid="schema-discard" disabled=move || changes.with(Vec::is_empty) on:click=move |_| { ed.editing.set(None); ed.working.set(ed.loaded.get_untracked()); }>"Discard changes"</button>
                <button type="button" class="button" data-testid="schema-export" on:click=export>"Export the working copy (JSON)"</button>
            </div>
            {move || blocked().then(|| view! { <p class="field-hint field-hint--error" data-testid="save-blocked">"Saving is blocked until every error above is fixed: the service would refuse the schema (SchemaInvalid) or break provisioning."</p> })}
            <details>
                <summary>"Import a schema (JSON)"</summary>
                <div class="field">
                    <label for="schema-import">"Paste an exported schema; it becomes the working copy, is checked like any edit, and is saved only when you save."</label>
                    <textarea id="schema-import" rows="6" spellcheck="false" data-testid="schema-import" prop:value=move || import_text.get() on:input=move |ev| import_text.set(event_target_value(&ev))></textarea>
                </div>
                {move || import_error.get().map(|e| view! { <p class="field-hint field-hint--error" role="alert" data-testid="import-error">{e}</p> })}
                <button type="button" class="button" data-testid="schema-import-check" on:click=import>"Check and load the import"</button>
            </details>
        </section>
    }
}

/// Who the next cycle removes from the target (and adds) if the user mapping's filter is saved as
/// edited, against the deletion threshold; a removal asks for its count typed back before saving.
#[component]
fn BlastRadius(
    before: Vec<FilterGroup>,
    after: Vec<FilterGroup>,
    blast: RwSignal<Option<(Vec<FilterGroup>, Result<crate::model::mapping::blast::Blast, String>, Option<u32>)>>,
    typed: RwSignal<String>,
) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let attrs: Vec<String> = before.iter().chain(after.iter()).flat_map(|g| g.clauses.iter().map(|c| c.attribute.clone())).filter(|a| !a.is_empty()).collect();
    let current = StoredValue::new(after.clone());
    let compute = move |_| {
        let Some(at) = ed.schema_ref.get_untracked() else { return };
        let (before, after, attrs) = (before.clone(), after.clone(), attrs.clone());
        typed.set(String::new());
        run_busy(busy, error, async move { crate::graph::mapping::blast::scope_users(source.graph(), &at.configuration_id, &attrs).await }, move |(users, threshold)| {
            blast.set(Some((after.clone(), crate::model::mapping::blast::blast_radius(&users, &before, &after), threshold)));
        });
    };
    let stale = move || blast.with(|b| b.as_ref().is_some_and(|(f, _, _)| current.with_value(|c| f != c)));
    view! {
        <section class="card" aria-labelledby="blast-heading" data-testid="blast-radius">
            <h3 id="blast-heading">"Blast radius of the filter change"</h3>
            <p>"The user mapping's scoping filter changed. Saving starts a full sync at the next cycle (no restart is needed): users who stop passing are soft-deleted in the target (restorable there for 30 days), users who start passing are created. See who, before saving."</p>
            <button type="button" class="button" data-testid="blast-compute" disabled=move || busy.get() on:click=compute>
                {move || if busy.get() { "Reading the users in scope…" } else if blast.with(Option::is_some) { "Compute again" } else { "Compute who the next cycle removes" }}
            </button>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || stale().then(|| view! { <MessageBar tone=Tone::Warning>"The filter changed since the forecast: compute it again before saving."</MessageBar> })}
            {move || blast.get().filter(|_| !stale()).map(|(_, result, threshold)| match result {
                Err(e) => view! { <p class="field-hint field-hint--error" role="alert">{e}</p> }.into_any(),
                Ok(b) => {
                    let n = b.removed.len();
                    let csv = b.csv();
                    let json = b.json(threshold);
                    view! {
                        <p data-testid="blast-summary">{format!("In scope now: {}; after the change: {}. The next cycle soft-deletes {n} user(s) in the target and creates {}.", b.in_scope_before, b.in_scope_after, b.added.len())}</p>
                        {b.held_by(threshold).then(|| view! {
                            <MessageBar tone=Tone::Warning testid="blast-threshold">{format!("{n} deletions reach the accidental-deletion threshold ({}): the next cycle will hold them and quarantine the job until they are allowed on Monitor (Deletion review).", threshold.unwrap_or(0))}</MessageBar>
                        })}
                        {(n > 0).then(|| view! {
                            <ul class="plain-list" data-testid="blast-removed">
                                {b.removed.iter().take(50).map(|(id, name, upn)| view! { <li data-id=id.clone()>{format!("{name} ({upn})")}</li> }).collect_view()}
                            </ul>
                            {(n > 50).then(|| view! { <p class="muted">{format!("Showing 50 of {n}; the CSV has them all.")}</p> })}
                            <p class="muted">"Counted from the users the saved filter keeps: one whose provisioning failed is not in the target, so it is counted but nothing is deleted for it."</p>
                            <div class="field">
                                <label for="blast-confirm">{format!("Type {n} to confirm these deletions")}</label>
                                <input id="blast-confirm" data-testid="blast-confirm" inputmode="numeric" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                            </div>
                        })}
                        <div class="toolbar">
                            <button type="button" class="button" data-testid="blast-export" on:click=move |_| download("blast-radius.csv", "text/csv", &csv)>"Export the forecast (CSV)"</button>
                            <button type="button" class="button" data-testid="blast-export-json" on:click=move |_| download("blast-radius.json", "application/json", &json)>"Export the forecast (JSON)"</button>
                        </div>
                    }.into_any()
                }
            })}
        </section>
    }
}
