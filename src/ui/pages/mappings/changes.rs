use super::*;
use super::blast_radius::{BlastRadius, Forecast};
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
    let blast = RwSignal::new(None::<Forecast>);
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
