use super::*;
use crate::ui::components::tone::{Badge, MessageBar, Tone};

/// One change to the filter groups.
pub(super) type GroupEdit = Box<dyn FnOnce(&mut Vec<FilterGroup>)>;

/// The scoping filter groups of the chosen mapping, with a live preview on the assigned objects.
#[component]
pub(super) fn ScopeEditor() -> impl IntoView {
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
                    {(!missing.is_empty()).then(|| view! { <MessageBar tone=Tone::Warning>{format!("The filter now uses {} which was not read; read again for an exact preview.", missing.join(", "))}</MessageBar> })}
                    {match result {
                        Err(e) => view! { <p class="field-hint field-hint--error">{format!("The filter cannot be evaluated: {e}")}</p> }.into_any(),
                        Ok(list) => {
                            let passing = list.iter().filter(|(_, p)| *p).count();
                            let total = list.len();
                            view! {
                                <p data-testid="scope-preview-summary">{format!("{passing} of {total} assigned {} pass the filter.", if object.eq_ignore_ascii_case("Group") { "groups" } else { "users" })}</p>
                                <ul class="plain-list">
                                    {list.into_iter().take(50).map(|(name, pass)| view! {
                                        <li><Badge tone=if pass { Tone::Success } else { Tone::Neutral }>{if pass { "In scope" } else { "Out of scope" }}</Badge>" "{name}</li>
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
