use super::*;
use crate::ui::components::object_search::{Found, ObjectKind, ObjectSearch};

/// Runs the expression through the service's parseExpression with a real source object.
#[component]
pub(super) fn TestOnObject(expression: Signal<String>) -> impl IntoView {
    let ed = use_editor();
    let source = use_tenants().source;
    let outcome = RwSignal::new(None::<(String, ExpressionTest)>);
    // Attributes the expression names that the Graph resource does not have (sent as absent).
    let left_out = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let is_group = move || ed.source_object().eq_ignore_ascii_case("Group");
    let run = Callback::new(move |Found { id, name, .. }: Found| {
        let Some(at) = ed.schema_ref.get_untracked() else { return };
        let expr = expression.get_untracked();
        let names = parse(&expr).map(|e| e.attributes()).unwrap_or_default();
        let collection = if is_group() { "groups" } else { "users" };
        // Only documented properties of the Graph resource can be selected (Graph answers 400 to
        // others): the schema's own attributes (netId, IsSoftDeleted, extension attributes) are
        // left out of the test object, and the page says so.
        let (select, skipped) = crate::model::mapping::graph_props::selectable(&names, is_group());
        left_out.set(skipped);
        let work = async move {
            let graph = source.graph();
            let object: Value = if select.is_empty() {
                Value::Null
            } else {
                graph.get(crate::graph::client::ApiVersion::V1, &crate::model::graph_url::with_query(&format!("/{collection}/{id}"), &[("$select", &select.iter().map(|(g, _)| g.as_str()).collect::<Vec<_>>().join(","))])).await?
            };
            let properties: Vec<(String, Value)> = select.iter().map(|(g, as_named)| (as_named.clone(), object.get(g.as_str()).cloned().unwrap_or(Value::Null))).filter(|(_, v)| !v.is_null()).collect();
            test_expression(graph, &at, &expr, &properties).await
        };
        run_busy(busy, error, work, move |t| outcome.set(Some((name, t))));
    });
    view! {
        <details class="card" data-testid="expression-test">
            <summary>"Test on a real object"</summary>
            <p class="muted">"Sends the expression and the chosen object's attributes to the service's parseExpression; nothing is written."</p>
            <ObjectSearch kind=Signal::derive(move || if is_group() { ObjectKind::Group } else { ObjectKind::User }) id="test-search"
                label=Signal::derive(move || if is_group() { "Find a source group by name".to_string() } else { "Find a source user by name".to_string() })
                button="Find" action=|n| format!("Test with {n}") on_pick=run busy=busy/>
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
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

pub(super) use crate::model::mapping::schema::value_text;
