use super::*;
use crate::ui::components::tone::{Badge, Tone};

/// Chooses the object mapping and turns it on or off.
#[component]
pub(super) fn MappingTabs() -> impl IntoView {
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
            {move || {
                let was_on = ed.loaded.with(|l| l.as_ref().and_then(|l| object_mappings(l).into_iter().find(|m| m.at == ed.current.get())).is_some_and(|m| m.enabled));
                let now_off = list().into_iter().find(|m| m.at == ed.current.get()).is_some_and(|m| !m.enabled);
                (was_on && now_off).then(|| view! {
                    <crate::ui::components::tone::MessageBar tone=crate::ui::components::tone::Tone::Warning testid="mapping-off-note">
                        <p>"Turning this mapping off stops the provisioning of these objects at the next cycle. Microsoft's documentation does not say whether objects already provisioned are then deleted or left as they are, so no forecast can name them: check the target after the next cycle (the sandbox leaves them in place, no longer updated). To remove objects on purpose, narrow the scoping filter or remove assignments instead, which show their blast radius first."</p>
                    </crate::ui::components::tone::MessageBar>
                })
            }}
        </div>
    }
}

/// The attribute mappings of the chosen object mapping.
#[component]
pub(super) fn RowsTable() -> impl IntoView {
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
                                        <td>{if locked { view! { <Badge tone=Tone::Neutral title="The matching attribute cannot be changed: the service answers SchemaInvalid">{format!("Matching ({}), locked", r.matching)}</Badge> }.into_any() } else { "No".into_any() }}</td>
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
