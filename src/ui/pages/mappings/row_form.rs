use super::*;

/// Where the last `[` without its `]` starts, and what follows it: the attribute being typed.
pub(super) fn typing_attribute(text: &str) -> Option<(usize, String)> {
    let open = text.rfind('[')?;
    let rest = &text[open + 1..];
    (!rest.contains(']') && !rest.contains('"')).then(|| (open, rest.to_string()))
}

/// Edits one attribute mapping: source, target, apply, default; checked as it is typed.
#[component]
pub(super) fn RowForm(index: Option<usize>, row: AttributeRow) -> impl IntoView {
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
            <FindingList items=Signal::derive(move || findings.with(|f| lint_items(f, false))) testid="row-findings" compact=true/>
            <TestOnObject expression=Signal::derive(move || draft().expression())/>
            <div class="toolbar">
                <button type="button" class="button button--primary" data-testid="row-apply" disabled=has_error on:click=apply>"Apply to the working copy"</button>
                <button type="button" class="button" on:click=move |_| ed.editing.set(None)>"Cancel"</button>
            </div>
        </section>
    }
}
