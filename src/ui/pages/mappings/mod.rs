//! The attribute-mapping and scoping-filter editor (PRODUCT.md step 8 and the filters of step 7).
//!
//! The schema is read once; every edit changes a working copy; the linter and the diff are
//! recomputed from (as read, working copy) on every change, and saving is possible only when the
//! linter finds no error. Save re-reads the schema and refuses when it changed meanwhile, then PUTs
//! the whole object once.

use crate::graph::monitor::logs::configurations;
use crate::graph::mapping::schema::{assigned, operators, read, save, test_expression, Assigned, ExpressionTest, SchemaRef};
use crate::model::error::AppError;
use crate::model::mapping::lint::{blocks, lint, Finding, Level};
use crate::model::mapping::schema::{
    definitions, find_mapping, object_mappings, operators_for, preview, put_row, remove_row, rows, scope_groups, set_enabled, set_scope_groups, AttributeDefinition, AttributeRow,
    Clause, FilterGroup, MappingAt, Operator, Side, SourceKind, FLOW_TYPES,
};
use crate::model::mapping::schema_diff::diff;
use crate::ui::components::download::download;
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::findings::{FindingItem, FindingList};
use crate::ui::components::tone::Tone;
use crate::ui::tenants::use_tenants;
use crate::ui::{ask_consent, load_once_ready, run_busy, SourcePagePreamble};
use leptos::prelude::*;
use serde_json::Value;
use tenant_bridge_expression::{check, parse, scope, FUNCTIONS};

/// Scopes the editor needs in the source tenant: find the configuration, read and write its
/// schema (parseExpression needs ReadWrite too), and read users and groups for tests and previews.
use crate::model::permissions::MAPPINGS_SOURCE as MAPPING_SCOPES;

/// The linter's findings as the lists show them; `place` names the mapping and attribute.
fn lint_items(findings: &[Finding], place: bool) -> Vec<FindingItem> {
    findings
        .iter()
        .map(|f| FindingItem {
            tone: if f.level == Level::Error { Tone::Danger } else { Tone::Warning },
            title: if place { format!("{} ({}{})", f.message, f.mapping, f.subject.as_ref().map(|s| format!(", {s}")).unwrap_or_default()) } else { f.message.clone() },
            detail: None,
            remedy: None,
            rule: Some(f.rule),
        })
        .collect()
}

mod tabs;
mod row_form;
mod test_object;
mod scoping;
mod changes;
mod blast_radius;
use tabs::*;
use row_form::*;
use test_object::*;
use scoping::*;
use changes::*;
use crate::ui::components::tone::MessageBar;

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
                let (schema, ops, catalog) = futures::join!(read(graph, &at), operators(graph, &at), crate::graph::mapping::schema::functions(graph, &at));
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
                    let gaps = ed.loaded.with(|l| l.as_ref().map(crate::model::mapping::schema::gaps).unwrap_or_default());
                    (!gaps.is_empty()).then(|| view! {
                        <MessageBar tone=Tone::Warning testid="schema-gaps">
                            <p>"This schema, as the service returned it, is incomplete. What is there can still be edited:"</p>
                            <ul>{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
                        </MessageBar>
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
