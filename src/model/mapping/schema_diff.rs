//! A readable before/after of two schemas: per object mapping, its on/off state, each attribute
//! mapping (keyed by target attribute) and each scoping filter group; anything else that differs
//! is named by its JSON path, so no change goes unseen.

use crate::model::mapping::schema::{object_mappings, rows, scope_groups, AttributeRow, FilterGroup};
use serde_json::Value;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The object mapping's name, or "Schema" for changes outside the mappings.
    pub place: String,
    /// What changed: "Added mapping", "Changed mapping", "Removed mapping", "Scoping filter", ...
    pub what: String,
    pub before: String,
    pub after: String,
}

fn row_text(r: &AttributeRow) -> String {
    let mut s = format!("{} → {} ({})", r.expression(), r.target, r.flow_type);
    if !r.default_value.is_empty() {
        s.push_str(&format!(", default \"{}\"", r.default_value));
    }
    if r.matching > 0 {
        s.push_str(&format!(", matching {}", r.matching));
    }
    s
}

fn group_text(g: &FilterGroup) -> String {
    let clauses: Vec<String> = g.clauses.iter().map(|c| if tenant_bridge_expression::scope::is_unary(&c.operator) { format!("{} {}", c.attribute, c.operator) } else { format!("{} {} \"{}\"", c.attribute, c.operator, c.value) }).collect();
    format!("{}: {}", if g.name.is_empty() { "(unnamed)" } else { &g.name }, clauses.join(" AND "))
}

/// The changes from `before` to `after`.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = vec![];
    let old = object_mappings(before);
    let new = object_mappings(after);
    for m in &new {
        let Some(o) = old.iter().find(|o| o.source_object == m.source_object && o.target_object == m.target_object) else {
            out.push(Change { place: m.name.clone(), what: "Added object mapping".into(), before: String::new(), after: format!("{} → {}", m.source_object, m.target_object) });
            continue;
        };
        let change = |what: &str, before: String, after: String| Change { place: m.name.clone(), what: what.into(), before, after };
        if o.enabled != m.enabled {
            out.push(change("Object mapping", if o.enabled { "enabled" } else { "disabled" }.into(), if m.enabled { "enabled" } else { "disabled" }.into()));
        }
        let (rb, ra) = (rows(before, o.at), rows(after, m.at));
        for r in &ra {
            match rb.iter().find(|b| b.target == r.target) {
                None => out.push(change("Added attribute mapping", String::new(), row_text(r))),
                Some(b) if b != r => out.push(change("Changed attribute mapping", row_text(b), row_text(r))),
                Some(_) => {}
            }
        }
        for b in rb.iter().filter(|b| !ra.iter().any(|r| r.target == b.target)) {
            out.push(change("Removed attribute mapping", row_text(b), String::new()));
        }
        let (gb, ga) = (scope_groups(before, o.at), scope_groups(after, m.at));
        if gb != ga {
            let text = |gs: &[FilterGroup]| if gs.is_empty() { "everyone assigned (no filter)".to_string() } else { gs.iter().map(group_text).collect::<Vec<_>>().join("  OR  ") };
            out.push(change("Scoping filter", text(&gb), text(&ga)));
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|m| m.source_object == o.source_object && m.target_object == o.target_object)) {
        out.push(Change { place: o.name.clone(), what: "Removed object mapping".into(), before: format!("{} → {}", o.source_object, o.target_object), after: String::new() });
    }
    // Everything the views above do not cover.
    let mut paths = vec![];
    other_paths(&strip(before), &strip(after), String::new(), &mut paths);
    for p in paths.into_iter().take(20) {
        out.push(Change { place: "Schema".into(), what: format!("Changed {p}"), before: short(pointer(before, &p)), after: short(pointer(after, &p)) });
    }
    out
}

/// The schema without the parts [`diff`] shows in its own terms.
fn strip(schema: &Value) -> Value {
    let mut s = schema.clone();
    for rule in s["synchronizationRules"].as_array_mut().into_iter().flatten() {
        for m in rule["objectMappings"].as_array_mut().into_iter().flatten() {
            if let Some(o) = m.as_object_mut() {
                for key in ["enabled", "attributeMappings"] {
                    o.remove(key);
                }
                if let Some(scope) = o.get_mut("scope").and_then(Value::as_object_mut) {
                    scope.remove("groups");
                }
            }
        }
    }
    s
}

fn other_paths(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                other_paths(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), format!("{path}/{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                other_paths(p, q, format!("{path}/{i}"), out);
            }
        }
        _ if a != b => out.push(if path.is_empty() { "/".into() } else { path }),
        _ => {}
    }
}

fn pointer<'a>(v: &'a Value, path: &str) -> &'a Value {
    v.pointer(path).unwrap_or(&Value::Null)
}

fn short(v: &Value) -> String {
    let s = if v.is_null() { String::new() } else { v.to_string() };
    if s.chars().count() > 120 { format!("{}…", s.chars().take(120).collect::<String>()) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mapping::schema::tests::{schema, users};
    use crate::model::mapping::schema::{find_mapping, put_row, remove_row, set_enabled, set_scope_groups, Clause, SourceKind};
    use serde_json::json;

    #[test]
    fn no_change_no_lines() {
        assert_eq!(diff(&schema(), &schema()), vec![]);
    }

    #[test]
    fn edits_read_as_before_and_after() {
        let mut s = schema();
        let mut r = rows(&s, users())[2].clone();
        r.kind = SourceKind::Expression;
        r.source = r#"Append([displayName], " (Fabrikam)")"#.into();
        put_row(&mut s, users(), Some(2), &r).unwrap();
        remove_row(&mut s, users(), 3);
        let g = find_mapping(&s, "Group").unwrap();
        set_enabled(&mut s, g, true);
        set_scope_groups(&mut s, users(), &[FilterGroup { name: "Sales".into(), clauses: vec![Clause { attribute: "department".into(), operator: "EQUALS".into(), value: "Sales".into() }] }]);
        let d = diff(&schema(), &s);
        assert_eq!(d.len(), 4, "{d:#?}");
        assert_eq!(d[0].what, "Changed attribute mapping");
        assert_eq!(d[0].before, "[displayName] → displayName (Always)");
        assert_eq!(d[0].after, r#"Append([displayName], " (Fabrikam)") → displayName (Always)"#);
        assert_eq!((d[1].what.as_str(), d[1].before.as_str()), ("Removed attribute mapping", "[mail] → mail (Always)"));
        assert_eq!((d[2].what.as_str(), d[2].after.as_str()), ("Scoping filter", "Sales: department EQUALS \"Sales\""));
        assert_eq!((d[3].place.as_str(), d[3].before.as_str(), d[3].after.as_str()), ("Provision Azure Active Directory Groups", "disabled", "enabled"));
    }

    #[test]
    fn anything_else_is_named_by_its_path() {
        let mut s = schema();
        s["synchronizationRules"][0]["objectMappings"][0]["flowTypes"] = json!("Add, Update");
        s["version"] = json!("v2");
        let d = diff(&schema(), &s);
        let whats: Vec<&str> = d.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["Changed /synchronizationRules/0/objectMappings/0/flowTypes", "Changed /version"]);
        assert_eq!(d[0].after, "\"Add, Update\"");
    }
}
