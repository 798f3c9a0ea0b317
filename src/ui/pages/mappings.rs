//! The attribute-mapping and scoping-filter editor (PRODUCT.md step 8 and the filters of step 7).
//!
//! The schema is read once; every edit changes a working copy; the linter and the diff are
//! recomputed from (as read, working copy) on every change, and saving is possible only when the
//! linter finds no error. Save re-reads the schema and refuses when it changed meanwhile, then PUTs
//! the whole object once.

use crate::graph::monitor::configurations;
use crate::graph::schema::{assigned, operators, read, save, test_expression, Assigned, ExpressionTest, SchemaRef};
use crate::model::error::AppError;
use crate::model::lint::{blocks, lint, Finding, Level};
use crate::model::mapping::{
    definitions, find_mapping, object_mappings, operators_for, preview, put_row, remove_row, rows, scope_groups, set_enabled, set_scope_groups, AttributeDefinition, AttributeRow,
    Clause, FilterGroup, MappingAt, Operator, Side, SourceKind, FLOW_TYPES,
};
use crate::model::schema_diff::diff;
use crate::ui::components::download::download;
use crate::ui::components::error_view::ErrorView;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, SourcePagePreamble};
use leptos::prelude::*;
use serde_json::Value;
use tenant_bridge_expression::{check, parse, scope, FUNCTIONS};

/// Scopes the editor needs in the source tenant: find the configuration, read and write its
/// schema (parseExpression needs ReadWrite too), and read users and groups for tests and previews.
use crate::model::permissions::MAPPINGS_SOURCE as MAPPING_SCOPES;

/// Operators to offer when the job's catalog cannot be read (the portal's labels).
const FALLBACK_OPERATORS: [&str; 14] = ["EQUALS", "NOT EQUALS", "IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL", "REGEX MATCH", "NOT REGEX MATCH", "Greater_Than", "Greater_Than_OR_EQUALS", "Includes", "ENDS_WITH", "&", "!&"];

/// The editor's shared state.
#[derive(Clone, Copy)]
struct Editor {
    schema_ref: RwSignal<Option<SchemaRef>>,
    /// The schema as the service last gave it.
    loaded: RwSignal<Option<Value>>,
    /// The admin's working copy.
    working: RwSignal<Option<Value>>,
    operators: RwSignal<Option<Vec<Operator>>>,
    current: RwSignal<MappingAt>,
    /// The row being edited: its index (None: a new row) and its values when opened.
    editing: RwSignal<Option<(Option<usize>, AttributeRow)>>,
}

impl Editor {
    fn defs(&self, side: Side) -> Vec<AttributeDefinition> {
        let at = self.current.get();
        self.working.with(|w| w.as_ref().and_then(|w| definitions(w, at, side)).unwrap_or_default())
    }

    fn source_object(&self) -> String {
        let at = self.current.get();
        self.working.with(|w| w.as_ref().and_then(|w| object_mappings(w).into_iter().find(|m| m.at == at)).map(|m| m.source_object).unwrap_or_default())
    }

    fn edit(&self, f: impl FnOnce(&mut Value, MappingAt)) {
        let at = self.current.get_untracked();
        self.working.update(|w| {
            if let Some(w) = w {
                f(w, at);
            }
        });
    }
}

fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// The Mappings page.
#[component]
pub fn MappingsPage() -> impl IntoView {
    let tenants = use_tenants();
    let source = tenants.source;
    let ed = Editor {
        schema_ref: RwSignal::new(None),
        loaded: RwSignal::new(None),
        working: RwSignal::new(None),
        operators: RwSignal::new(None),
        current: RwSignal::new(MappingAt { rule: 0, index: 0 }),
        editing: RwSignal::new(None),
    };
    provide_context(ed);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let none = RwSignal::new(false);
    let consented = move || source.session.granted(&MAPPING_SCOPES);
    let load = move || {
        busy.set(true);
        error.set(None);
        let target_id = tenants.target.profile.get_untracked().map(|p| p.tenant_id);
        leptos::task::spawn_local(async move {
            let result = async {
                let graph = source.graph();
                let Some(m) = configurations(graph, target_id.as_deref()).await?.into_iter().next() else { return Ok(None) };
                let at = SchemaRef { configuration_id: m.configuration.id, job_id: m.job?.id };
                let (schema, ops, catalog) = futures::join!(read(graph, &at), operators(graph, &at), crate::graph::schema::functions(graph, &at));
                // The service's catalog decides which functions exist; the documented list is the fallback.
                if let Some(list) = catalog {
                    tenant_bridge_expression::set_catalog(list);
                }
                Ok::<_, AppError>(Some((at, schema?, ops)))
            }
            .await;
            match result {
                Ok(Some((at, schema, ops))) => {
                    ed.current.set(find_mapping(&schema, "User").or_else(|| object_mappings(&schema).first().map(|m| m.at)).unwrap_or(MappingAt { rule: 0, index: 0 }));
                    ed.schema_ref.set(Some(at));
                    ed.operators.set(ops);
                    ed.editing.set(None);
                    ed.working.set(Some(schema.clone()));
                    ed.loaded.set(Some(schema));
                    none.set(false);
                }
                Ok(None) => none.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    load_once_ready(move || source.profile.get().is_some() && consented(), load);
    let grant = move || ask_consent(source.session, &MAPPING_SCOPES, "/mappings", error);
    view! {
        <section class="page" data-testid="page-mappings">
            <h1>"Attribute mappings and scoping filters"</h1>
            <SourcePagePreamble
                not_connected="The mappings belong to the configuration in the source tenant. Connect the source tenant to edit them."
                why="Editing mappings needs Synchronization.ReadWrite.All in the source tenant, and User.Read.All and Group.Read.All to test expressions and preview filters on real objects."
                button="Grant mapping access" consented=Signal::derive(consented) on_grant=grant error=error none=none none_testid="mappings-none"/>
            <Show when=move || ed.working.with(Option::is_some)>
                <div class="toolbar">
                    <button type="button" class="button" data-testid="schema-reload" disabled=move || busy.get() on:click=move |_| load()>
                        {move || if busy.get() { "Reading…" } else { "Reload from the service" }}
                    </button>
                    <span class="muted">"Reloading drops unsaved changes."</span>
                </div>
                {move || {
                    let gaps = ed.loaded.with(|l| l.as_ref().map(crate::model::mapping::gaps).unwrap_or_default());
                    (!gaps.is_empty()).then(|| view! {
                        <div class="message-bar message-bar--warning" role="status" data-testid="schema-gaps">
                            <p>"This schema, as the service returned it, is incomplete. What is there can still be edited:"</p>
                            <ul>{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
                <MappingTabs/>
                <Show when=move || ed.working.with(|w| w.as_ref().is_some_and(|w| !object_mappings(w).is_empty()))>
                    <RowsTable/>
                    {move || ed.editing.get().map(|(index, row)| view! { <RowForm index=index row=row/> })}
                    <ScopeEditor/>
                </Show>
                <ChangesPanel busy=busy error=error/>
            </Show>
        </section>
    }
}

/// Chooses the object mapping and turns it on or off.
#[component]
fn MappingTabs() -> impl IntoView {
    let ed = use_editor();
    let list = move || ed.working.with(|w| w.as_ref().map(object_mappings).unwrap_or_default());
    view! {
        <div class="card">
            <h2>"Object mappings"</h2>
            <div class="toolbar" role="group" aria-label="Object mapping to edit">
                {move || list().into_iter().map(|m| {
                    let at = m.at;
                    view! {
                        <button type="button" class="button" aria-pressed=move || (ed.current.get() == at).to_string()
                            on:click=move |_| { ed.editing.set(None); ed.current.set(at); }>
                            {format!("{} ({} → {})", m.name, m.source_object, m.target_object)}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || list().into_iter().find(|m| m.at == ed.current.get()).map(|m| {
                let at = m.at;
                view! {
                    <label class="checkbox">
                        <input type="checkbox" data-testid="mapping-enabled" prop:checked=m.enabled
                            on:change=move |ev| { let on = event_target_checked(&ev); ed.edit(|w, _| set_enabled(w, at, on)); }/>
                        {format!("Enabled: {} objects are provisioned by this mapping", m.source_object)}
                    </label>
                }
            })}
        </div>
    }
}

/// The attribute mappings of the chosen object mapping.
#[component]
fn RowsTable() -> impl IntoView {
    let ed = use_editor();
    let all = Memo::new(move |_| {
        let at = ed.current.get();
        ed.working.with(|w| w.as_ref().map(|w| rows(w, at)).unwrap_or_default())
    });
    let count = move || all.with(Vec::len);
    view! {
        <section class="card" aria-labelledby="rows-heading">
            <h2 id="rows-heading">"Attribute mappings"</h2>
            <div class="table-wrap">
                <table class="table" data-testid="mapping-rows">
                    <thead><tr><th scope="col">"Source"</th><th scope="col">"Target attribute"</th><th scope="col">"Apply"</th><th scope="col">"Default"</th><th scope="col">"Matching"</th><th scope="col">"Actions"</th></tr></thead>
                    <tbody>
                        <For each=move || 0..count() key=|i| *i let:i>
                            {move || all.with(|rs| rs.get(i).cloned()).map(|r| {
                                let locked = r.matching > 0;
                                let label = format!("Edit the mapping to {}", r.target);
                                let remove_label = format!("Remove the mapping to {}", r.target);
                                let open = r.clone();
                                view! {
                                    <tr data-target=r.target.clone()>
                                        <td>{if r.kind == SourceKind::Attribute && r.source.trim().is_empty() {
                                            view! { <span class="muted" data-testid="row-no-source">"(no source in the schema)"</span> }.into_any()
                                        } else {
                                            view! { <span class="muted">{r.kind.label()} ": "</span><code>{r.source.clone()}</code> }.into_any()
                                        }}</td>
                                        <td>{r.target.clone()}</td>
                                        <td>{r.flow_type.clone()}</td>
                                        <td>{r.default_value.clone()}</td>
                                        <td>{if locked { view! { <span class="badge badge--neutral" title="The matching attribute cannot be changed: the service answers SchemaInvalid">{format!("Matching ({}), locked", r.matching)}</span> }.into_any() } else { "No".into_any() }}</td>
                                        <td class="toolbar">
                                            <button type="button" class="button button--subtle" aria-label=label disabled=locked on:click=move |_| ed.editing.set(Some((Some(i), open.clone())))>"Edit"</button>
                                            <button type="button" class="button button--subtle" aria-label=remove_label disabled=locked on:click=move |_| { ed.editing.set(None); ed.edit(|w, at| remove_row(w, at, i)); }>"Remove"</button>
                                        </td>
                                    </tr>
                                }
                            })}
                        </For>
                    </tbody>
                </table>
            </div>
            <button type="button" class="button" data-testid="mapping-add"
                on:click=move |_| ed.editing.set(Some((None, AttributeRow { kind: SourceKind::Attribute, source: String::new(), target: String::new(), flow_type: "Always".into(), default_value: String::new(), matching: 0 })))>
                "Add a mapping"
            </button>
        </section>
    }
}

/// Where the last `[` without its `]` starts, and what follows it: the attribute being typed.
fn typing_attribute(text: &str) -> Option<(usize, String)> {
    let open = text.rfind('[')?;
    let rest = &text[open + 1..];
    (!rest.contains(']') && !rest.contains('"')).then(|| (open, rest.to_string()))
}

/// Edits one attribute mapping: source, target, apply, default; checked as it is typed.
#[component]
fn RowForm(index: Option<usize>, row: AttributeRow) -> impl IntoView {
    let ed = use_editor();
    let kind = RwSignal::new(row.kind);
    let source = RwSignal::new(row.source.clone());
    let target = RwSignal::new(row.target.clone());
    let flow = RwSignal::new(row.flow_type.clone());
    let default_value = RwSignal::new(row.default_value.clone());
    let matching = row.matching;
    let draft = move || AttributeRow { kind: kind.get(), source: source.get(), target: target.get(), flow_type: flow.get(), default_value: default_value.get(), matching };
    // The linter's findings on this row, as if it were applied.
    let findings = Memo::new(move |_| {
        let d = draft();
        let (Some(loaded), Some(mut candidate)) = (ed.loaded.get(), ed.working.get()) else { return vec![] };
        if let Err(e) = put_row(&mut candidate, ed.current.get(), index, &d) {
            return vec![Finding { level: Level::Error, rule: "expression", mapping: String::new(), subject: Some(d.target.clone()), message: e }];
        }
        let ops = ed.operators.get();
        lint(&loaded, &candidate, ops.as_deref()).into_iter().filter(|f| f.subject.as_deref().is_none_or(|s| s.eq_ignore_ascii_case(d.target.trim())) && !f.rule.starts_with("scope") && f.rule != "definitions").collect::<Vec<_>>()
    });
    let has_error = move || findings.with(|f| blocks(f));
    // Local parse with the error's position, for expressions.
    let local = move || {
        (kind.get() == SourceKind::Expression).then(|| {
            let text = source.get();
            match parse(&text).and_then(|e| check(&e).map(|t| (e, t))) {
                Ok((_, t)) => Ok(format!("Valid expression; it gives {t:?}.")),
                Err(e) => Err((text, e.position, e.to_string())),
            }
        })
    };
    let source_defs = move || ed.defs(Side::Source);
    let target_defs = move || ed.defs(Side::Target);
    let completions = move || {
        if kind.get() != SourceKind::Expression {
            return vec![];
        }
        let text = source.get();
        let Some((_, partial)) = typing_attribute(&text) else { return vec![] };
        let lower = partial.to_ascii_lowercase();
        source_defs().into_iter().filter(|d| d.name.to_ascii_lowercase().starts_with(&lower)).take(8).map(|d| d.name).collect::<Vec<_>>()
    };
    let complete = move |name: String| {
        source.update(|t| {
            if let Some((open, _)) = typing_attribute(t) {
                t.truncate(open);
                t.push_str(&format!("[{name}]"));
            }
        });
    };
    let apply = move |_| {
        if has_error() {
            return;
        }
        let d = draft();
        let mut failed = None;
        ed.edit(|w, at| {
            if let Err(e) = put_row(w, at, index, &d) {
                failed = Some(e);
            }
        });
        if failed.is_none() {
            ed.editing.set(None);
        }
    };
    let title = if index.is_some() { format!("Edit the mapping to {}", row.target) } else { "Add a mapping".to_string() };
    view! {
        <section class="card" aria-labelledby="row-form-heading" data-testid="row-form">
            <h2 id="row-form-heading">{title}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="row-kind">"Mapping type"</label>
                    <select id="row-kind" on:change=move |ev| kind.set(SourceKind::from_label(&event_target_value(&ev)))>
                        {SourceKind::ALL.into_iter().map(|k| view! { <option value=k.label() selected=move || kind.get() == k>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="row-source">{move || match kind.get() { SourceKind::Attribute => "Source attribute", SourceKind::Constant => "Constant value", SourceKind::Expression => "Expression" }}</label>
                    {move || if kind.get() == SourceKind::Expression {
                        view! { <textarea id="row-source" rows="3" spellcheck="false" aria-describedby="row-source-check" prop:value=move || source.get() on:input=move |ev| source.set(event_target_value(&ev))></textarea> }.into_any()
                    } else {
                        view! { <input id="row-source" list=move || if kind.get() == SourceKind::Attribute { "source-attributes" } else { "" } prop:value=move || source.get() on:input=move |ev| source.set(event_target_value(&ev))/> }.into_any()
                    }}
                    <datalist id="source-attributes">{move || source_defs().into_iter().map(|d| view! { <option value=d.name.clone()>{format!("{} ({})", d.name, d.kind)}</option> }).collect_view()}</datalist>
                    <div id="row-source-check" aria-live="polite">
                        {move || local().map(|r| match r {
                            Ok(msg) => view! { <p class="field-hint">{msg}</p> }.into_any(),
                            Err((text, position, msg)) => {
                                let before: String = text.chars().take(position).collect();
                                let after: String = text.chars().skip(position).collect();
                                view! {
                                    <p class="field-hint field-hint--error" data-testid="expression-error">{msg}</p>
                                    <pre class="json" aria-hidden="true">{before}<mark>"▸"</mark>{after}</pre>
                                }.into_any()
                            }
                        })}
                    </div>
                    {move || {
                        let list = completions();
                        (!list.is_empty()).then(|| view! {
                            <div class="toolbar" role="group" aria-label="Complete the attribute">
                                {list.into_iter().map(|n| { let pick = n.clone(); view! { <button type="button" class="button button--subtle" on:click=move |_| complete(pick.clone())>{format!("[{n}]")}</button> } }).collect_view()}
                            </div>
                        })
                    }}
                </div>
                <div class="field">
                    <label for="row-target">"Target attribute"</label>
                    <input id="row-target" list="target-attributes" prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/>
                    <datalist id="target-attributes">{move || target_defs().into_iter().map(|d| view! { <option value=d.name.clone()>{format!("{} ({}{})", d.name, d.kind, if d.mutability == "ReadWrite" { String::new() } else { format!(", {}", d.mutability) })}</option> }).collect_view()}</datalist>
                </div>
                <div class="field">
                    <label for="row-flow">"Apply this mapping"</label>
                    <select id="row-flow" on:change=move |ev| flow.set(event_target_value(&ev))>
                        {FLOW_TYPES.into_iter().map(|f| view! { <option value=f selected=move || flow.get() == f>{f}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="row-default">"Default value if null (optional)"</label>
                    <input id="row-default" prop:value=move || default_value.get() on:input=move |ev| default_value.set(event_target_value(&ev))/>
                </div>
            </div>
            <Show when=move || kind.get() == SourceKind::Expression>
                <details class="card">
                    <summary>"Functions"</summary>
                    <p class="muted">"Functions are case-sensitive. Choosing one adds it at the end of the expression."</p>
                    <ul class="plain-list" data-testid="function-palette">
                        {FUNCTIONS.iter().map(|f| {
                            let name = f.name;
                            view! { <li><button type="button" class="button button--subtle" on:click=move |_| source.update(|t| t.push_str(&format!("{name}()")))>{f.signature()}</button></li> }
                        }).collect_view()}
                        {tenant_bridge_expression::catalog_functions().into_iter().map(|f| {
                            let name = f.name.clone();
                            view! { <li><button type="button" class="button button--subtle" on:click=move |_| source.update(|t| t.push_str(&format!("{name}()")))>{format!("{} (listed by the service, not documented)", f.signature())}</button></li> }
                        }).collect_view()}
                    </ul>
                </details>
            </Show>
            <ul class="findings" data-testid="row-findings" aria-live="polite">
                {move || findings.get().into_iter().map(|f| view! {
                    <li class=if f.level == Level::Error { "field-hint field-hint--error" } else { "field-hint" }>{if f.level == Level::Error { "Error: " } else { "Warning: " }}{f.message}</li>
                }).collect_view()}
            </ul>
            <TestOnObject expression=Signal::derive(move || draft().expression())/>
            <div class="toolbar">
                <button type="button" class="button button--primary" data-testid="row-apply" disabled=has_error on:click=apply>"Apply to the working copy"</button>
                <button type="button" class="button" on:click=move |_| ed.editing.set(None)>"Cancel"</button>
            </div>
        </section>
    }
}

/// Runs the expression through the service's parseExpression with a real source object.
#[component]
fn TestOnObject(expression: Signal<String>) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<(String, String)>::new());
    let outcome = RwSignal::new(None::<(String, ExpressionTest)>);
    // Attributes the expression names that the Graph resource does not have (sent as absent).
    let left_out = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let is_group = move || ed.source_object().eq_ignore_ascii_case("Group");
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let term = text.get_untracked();
        if term.trim().is_empty() {
            return;
        }
        let groups = is_group();
        let work = async move {
            if groups {
                crate::graph::groups::search(source.graph(), &term).await.map(|(list, _)| list.into_iter().map(|g| (g.id, g.display_name)).collect())
            } else {
                crate::graph::on_demand::search_users(source.graph(), &term).await.map(|list| list.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.user_principal_name))).collect())
            }
        };
        run_busy(busy, error, work, move |list: Vec<(String, String)>| found.set(list));
    };
    let run = move |(id, name): (String, String)| {
        let Some(at) = ed.schema_ref.get_untracked() else { return };
        let expr = expression.get_untracked();
        let names = parse(&expr).map(|e| e.attributes()).unwrap_or_default();
        let collection = if is_group() { "groups" } else { "users" };
        // Only documented properties of the Graph resource can be selected (Graph answers 400 to
        // others): the schema's own attributes (netId, IsSoftDeleted, extension attributes) are
        // left out of the test object, and the page says so.
        let (select, skipped) = crate::model::graph_props::selectable(&names, is_group());
        left_out.set(skipped);
        let work = async move {
            let graph = source.graph();
            let object: Value = if select.is_empty() {
                Value::Null
            } else {
                graph.get(crate::graph::client::ApiVersion::V1, &format!("/{collection}/{id}?$select={}", select.iter().map(|(g, _)| g.as_str()).collect::<Vec<_>>().join(","))).await?
            };
            let properties: Vec<(String, Value)> = select.iter().map(|(g, as_named)| (as_named.clone(), object.get(g.as_str()).cloned().unwrap_or(Value::Null))).filter(|(_, v)| !v.is_null()).collect();
            test_expression(graph, &at, &expr, &properties).await
        };
        run_busy(busy, error, work, move |t| outcome.set(Some((name, t))));
    };
    view! {
        <details class="card" data-testid="expression-test">
            <summary>"Test on a real object"</summary>
            <p class="muted">"Sends the expression and the chosen object's attributes to the service's parseExpression; nothing is written."</p>
            <form class="search-row" on:submit=find novalidate>
                <label for="test-search">{move || if is_group() { "Find a source group by name" } else { "Find a source user by name" }}</label>
                <input id="test-search" type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                <button type="submit" class="button" disabled=move || busy.get()>"Find"</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            <ul class="group-list">
                {move || found.get().into_iter().map(|(id, name)| {
                    let label = format!("Test with {name}");
                    let pick = (id, name.clone());
                    view! { <li><span class="group-list__name">{name}</span><button type="button" class="button" disabled=move || busy.get() on:click=move |_| run(pick.clone())>{label}</button></li> }
                }).collect_view()}
            </ul>
            {move || outcome.get().map(|(name, t)| view! {
                <div data-testid="expression-result" role="status">
                    {move || left_out.with(|l| (!l.is_empty()).then(|| view! {
                        <p class="muted" data-testid="expression-left-out">{format!("Not in the test object (not properties of the Graph {} resource, so they cannot be read): {}", if is_group() { "group" } else { "user" }, l.join(", "))}</p>
                    }))}
                    {if t.evaluated {
                        view! { <p>{format!("For {name} the service computes: ")}<code>{if t.result.is_empty() { "(no value: the attribute does not flow)".to_string() } else { t.result.join(" | ") }}</code></p> }.into_any()
                    } else {
                        view! { <p class="field-hint field-hint--error">{format!("The service could not {} the expression for {name}: {}", if t.parsed { "evaluate" } else { "parse" }, t.error.unwrap_or_default())}</p> }.into_any()
                    }}
                </div>
            })}
        </details>
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True".into() } else { "False".into() }),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One change to the filter groups.
type GroupEdit = Box<dyn FnOnce(&mut Vec<FilterGroup>)>;

/// The scoping filter groups of the chosen mapping, with a live preview on the assigned objects.
#[component]
fn ScopeEditor() -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let groups = Memo::new(move |_| {
        let at = ed.current.get();
        ed.working.with(|w| w.as_ref().map(|w| scope_groups(w, at)).unwrap_or_default())
    });
    let change = move |f: GroupEdit| {
        let mut g = groups.get_untracked();
        f(&mut g);
        ed.edit(|w, at| set_scope_groups(w, at, &g));
    };
    let defs = Memo::new(move |_| ed.defs(Side::Source));
    let kind_of = move |attr: &str| defs.with(|d| d.iter().find(|x| x.name.eq_ignore_ascii_case(attr)).map(|x| x.kind.clone()).unwrap_or_else(|| "String".into()));
    let offered = move |attr: String| -> Vec<String> {
        let kind = kind_of(&attr);
        match ed.operators.get() {
            Some(ops) => operators_for(&ops, &kind).into_iter().map(|o| o.name.clone()).collect(),
            None => FALLBACK_OPERATORS.iter().map(|s| s.to_string()).collect(),
        }
    };
    let group_count = move || groups.with(Vec::len);
    // The preview.
    let loaded_objects = RwSignal::new(None::<(Vec<String>, Vec<Assigned>)>);
    let preview_error = RwSignal::new(None::<AppError>);
    let preview_busy = RwSignal::new(false);
    let used = move || {
        let mut names: Vec<String> = vec![];
        for g in groups.get() {
            for c in g.clauses {
                if !c.attribute.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&c.attribute)) {
                    names.push(c.attribute);
                }
            }
        }
        names
    };
    let load_preview = move |_| {
        let Some(at) = ed.schema_ref.get_untracked() else { return };
        let select: Vec<String> = used().into_iter().filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).collect();
        let read = select.clone();
        run_busy(preview_busy, preview_error, async move { assigned(source.graph(), &at.configuration_id, &read, &read).await }, move |list| loaded_objects.set(Some((select, list))));
    };
    let outcome = move || {
        let (selected, list) = loaded_objects.get()?;
        let object = ed.source_object();
        let objects: Vec<(String, Vec<(String, String)>)> = list
            .iter()
            .filter(|a| a.kind.eq_ignore_ascii_case(&object))
            .map(|a| (a.name.clone(), a.attributes.iter().filter_map(|(k, v)| value_text(v).map(|t| (k.clone(), t))).collect()))
            .collect();
        let missing: Vec<String> = used().into_iter().filter(|u| !selected.iter().any(|s| s.eq_ignore_ascii_case(u))).collect();
        Some((object, preview(&groups.get(), &objects), missing))
    };
    view! {
        <section class="card" aria-labelledby="scope-heading" data-testid="scope-editor">
            <h2 id="scope-heading">"Scoping filters"</h2>
            <p class="muted">"An assigned object is in scope when it passes every clause of at least one group (AND inside a group, OR between groups). Objects that stop passing are removed from the target (soft-deleted). Saving a filter starts a full sync."</p>
            <For each=move || 0..group_count() key=|i| *i let:gi>
                {
                    let group = move || groups.with(|g| g.get(gi).cloned().unwrap_or(FilterGroup { name: String::new(), clauses: vec![] }));
                    let clause_count = move || group().clauses.len();
                    let name_id = format!("scope-group-{gi}-name");
                    view! {
                        <fieldset class="card" data-testid="scope-group">
                            <legend>{move || format!("Filter group {}: {}", gi + 1, group().name)}</legend>
                            <div class="field">
                                <label for=name_id.clone()>"Group name"</label>
                                <input id=name_id prop:value=move || group().name on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |g| if let Some(x) = g.get_mut(gi) { x.name = v; })); }/>
                            </div>
                            <For each=move || 0..clause_count() key=|i| *i let:ci>
                                {
                                    let clause = move || group().clauses.get(ci).cloned().unwrap_or(Clause { attribute: String::new(), operator: String::new(), value: String::new() });
                                    let (a_id, o_id, v_id) = (format!("clause-{gi}-{ci}-attr"), format!("clause-{gi}-{ci}-op"), format!("clause-{gi}-{ci}-value"));
                                    let value_error = move || { let c = clause(); scope::check_value(&c.operator, &c.value).err() };
                                    view! {
                                        <div class="form-grid" data-testid="scope-clause">
                                            <div class="field">
                                                <label for=a_id.clone()>{format!("Clause {}: attribute", ci + 1)}</label>
                                                <select id=a_id on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |g| if let Some(c) = g.get_mut(gi).and_then(|x| x.clauses.get_mut(ci)) { c.attribute = v; })); }>
                                                    <option value="" selected=move || clause().attribute.is_empty()>"Choose…"</option>
                                                    {move || defs.get().into_iter().filter(|d| !d.multivalued && !matches!(d.kind.as_str(), "Reference" | "Binary")).map(|d| { let n = d.name.clone(); view! { <option value=d.name.clone() selected=move || clause().attribute.eq_ignore_ascii_case(&n)>{format!("{} ({})", d.name, d.kind)}</option> } }).collect_view()}
                                                </select>
                                            </div>
                                            <div class="field">
                                                <label for=o_id.clone()>"Operator"</label>
                                                <select id=o_id on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |g| if let Some(c) = g.get_mut(gi).and_then(|x| x.clauses.get_mut(ci)) { c.operator = v; })); }>
                                                    {move || { let c = clause(); offered(c.attribute.clone()).into_iter().map(|o| { let sel = scope::normalize(&o) == scope::normalize(&c.operator); view! { <option value=o.clone() selected=sel>{o.clone()}</option> } }).collect_view() }}
                                                </select>
                                            </div>
                                            <Show when=move || !scope::is_unary(&clause().operator)>
                                                <div class="field">
                                                    <label for=v_id.clone()>"Value"</label>
                                                    <input id=v_id.clone() prop:value=move || clause().value aria-invalid=move || value_error().is_some().to_string()
                                                        on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |g| if let Some(c) = g.get_mut(gi).and_then(|x| x.clauses.get_mut(ci)) { c.value = v; })); }/>
                                                    {move || value_error().map(|e| view! { <p class="field-hint field-hint--error" data-testid="clause-error">{e}</p> })}
                                                </div>
                                            </Show>
                                            <button type="button" class="button button--subtle" aria-label=format!("Remove clause {} of filter group {}", ci + 1, gi + 1)
                                                on:click=move |_| change(Box::new(move |g| if let Some(x) = g.get_mut(gi) { if ci < x.clauses.len() { x.clauses.remove(ci); } }))>"Remove clause"</button>
                                        </div>
                                    }
                                }
                            </For>
                            <div class="toolbar">
                                <button type="button" class="button" data-testid="clause-add" on:click=move |_| change(Box::new(move |g| if let Some(x) = g.get_mut(gi) { x.clauses.push(Clause { attribute: String::new(), operator: "EQUALS".into(), value: String::new() }); }))>"Add a clause (AND)"</button>
                                <button type="button" class="button button--subtle" on:click=move |_| change(Box::new(move |g| if gi < g.len() { g.remove(gi); }))>{format!("Remove filter group {}", gi + 1)}</button>
                            </div>
                        </fieldset>
                    }
                }
            </For>
            <button type="button" class="button" data-testid="scope-group-add"
                on:click=move |_| change(Box::new(|g| { let n = g.len() + 1; g.push(FilterGroup { name: format!("Filter group {n}"), clauses: vec![Clause { attribute: String::new(), operator: "EQUALS".into(), value: String::new() }] }); }))>
                "Add a filter group (OR)"
            </button>
            <h3>"Preview on the assigned objects"</h3>
            <button type="button" class="button" data-testid="scope-preview-load" disabled=move || preview_busy.get() on:click=load_preview>
                {move || if preview_busy.get() { "Reading assigned users and groups…" } else if loaded_objects.with(Option::is_some) { "Read again with the current filter's attributes" } else { "Read the assigned users and groups" }}
            </button>
            {move || preview_error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || outcome().map(|(object, result, missing)| view! {
                <div data-testid="scope-preview" aria-live="polite">
                    {(!missing.is_empty()).then(|| view! { <p class="message-bar message-bar--warning">{format!("The filter now uses {} which was not read; read again for an exact preview.", missing.join(", "))}</p> })}
                    {match result {
                        Err(e) => view! { <p class="field-hint field-hint--error">{format!("The filter cannot be evaluated: {e}")}</p> }.into_any(),
                        Ok(list) => {
                            let passing = list.iter().filter(|(_, p)| *p).count();
                            let total = list.len();
                            view! {
                                <p data-testid="scope-preview-summary">{format!("{passing} of {total} assigned {} pass the filter.", if object.eq_ignore_ascii_case("Group") { "groups" } else { "users" })}</p>
                                <ul class="plain-list">
                                    {list.into_iter().take(50).map(|(name, pass)| view! {
                                        <li><span class=if pass { "badge badge--success" } else { "badge badge--neutral" }>{if pass { "In scope" } else { "Out of scope" }}</span>" "{name}</li>
                                    }).collect_view()}
                                </ul>
                                {(total > 50).then(|| view! { <p class="muted">{format!("Showing 50 of {total}.")}</p> })}
                            }.into_any()
                        }
                    }}
                </div>
            })}
        </section>
    }
}

/// The diff, the linter's findings, save, discard, export and import.
#[component]
fn ChangesPanel(busy: RwSignal<bool>, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
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
        match serde_json::from_str::<Value>(&text) {
            Err(e) => import_error.set(Some(format!("This is not valid JSON (line {}, column {}): {e}. Paste a schema exported from Tenant Bridge or the admin center.", e.line(), e.column()))),
            Ok(mut v) if v.is_object() => {
                let job = ed.schema_ref.get_untracked().map(|r| r.job_id).unwrap_or_default();
                let other = v["id"].as_str().filter(|id| *id != job).map(String::from);
                if let Some(o) = &other {
                    v["id"] = Value::String(job.clone());
                    notice.set(Some(format!("The imported schema came from job {o}; its id was set to this job ({job}).")));
                }
                ed.editing.set(None);
                if let Some(at) = find_mapping(&v, "User") {
                    ed.current.set(at);
                }
                ed.working.set(Some(v));
                import_text.set(String::new());
            }
            Ok(_) => import_error.set(Some("The JSON is not an object; a schema is an object with synchronizationRules and directories.".into())),
        }
    };
    view! {
        <section class="card" aria-labelledby="changes-heading" data-testid="changes">
            <h2 id="changes-heading">"Review and save"</h2>
            {move || notice.get().map(|n| view! { <p class="message-bar message-bar--info" role="status" data-testid="schema-notice">{n}</p> })}
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
            <ul class="findings" data-testid="schema-findings">
                {move || findings.get().into_iter().map(|f| view! {
                    <li class=if f.level == Level::Error { "field-hint field-hint--error" } else { "field-hint" } data-rule=f.rule>
                        {if f.level == Level::Error { "Error" } else { "Warning" }}{format!(" ({}{}): ", f.mapping, f.subject.map(|s| format!(", {s}")).unwrap_or_default())}{f.message}
                    </li>
                }).collect_view()}
            </ul>
            <div class="toolbar">
                <button type="button" class="button button--primary" data-testid="schema-save" disabled=move || busy.get() || blocked() || changes.with(Vec::is_empty) on:click=do_save>
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
