//! The schema linter: refuses, with a precise message, what the service would reject
//! (SchemaInvalid) or silently break, before anything is sent.
//!
//! Findings on rows the admin did not touch are warnings (the service shipped them that way, and
//! they must not block an unrelated save); on changed or new rows they are errors.

use crate::model::mapping::schema::{definitions, object_mappings, rows, scope_groups, AttributeDefinition, AttributeRow, MappingAt, Operator, Side, SourceKind};
use serde_json::Value;
use tenant_bridge_expression::{check, parse, scope, ValueType, MAX_LENGTH};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Blocks saving.
    Error,
    /// Shown, does not block.
    Warning,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    /// A stable rule name, for tests and for the documentation.
    pub rule: &'static str,
    /// The object mapping's name.
    pub mapping: String,
    /// The target attribute (or filter group) concerned, when there is one.
    pub subject: Option<String>,
    pub message: String,
}

/// Target attributes of each object type that a mapping may not lose.
pub fn mandatory_targets(source_object: &str) -> &'static [&'static str] {
    if source_object.eq_ignore_ascii_case("Group") {
        &["displayName", "mailEnabled", "securityEnabled"]
    } else {
        &[]
    }
}

/// Targets the service refuses for cross-tenant sync (peers.md §3 item 3, known issues).
pub const FORBIDDEN_TARGETS: [&str; 3] = ["otherMails", "proxyAddresses", "targetAddress"];

/// Attributes that scoping filters cannot use (known issues: appRoleAssignments, userType,
/// manager; a group's members). Date attributes are refused by type.
pub const UNFILTERABLE: [&str; 4] = ["appRoleAssignments", "userType", "manager", "members"];

/// Virtual source attributes the engine provides without a directory definition.
const VIRTUAL_SOURCES: [&str; 1] = ["IsSoftDeleted"];

/// True when any finding blocks saving.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.level == Level::Error)
}

/// Lints `edited` against `original` (the schema as read from the service). `operators` is the
/// job's `filterOperators` catalog when it could be read.
pub fn lint(original: &Value, edited: &Value, operators: Option<&[Operator]>) -> Vec<Finding> {
    let mut out = vec![];
    if edited["synchronizationRules"].as_array().is_none_or(|r| r.is_empty()) {
        out.push(Finding { level: Level::Error, rule: "shape", mapping: String::new(), subject: None, message: "The schema has no synchronizationRules: it is not a synchronization schema (the service refuses it).".into() });
        return out;
    }
    if !edited["directories"].is_array() {
        out.push(Finding { level: Level::Error, rule: "shape", mapping: String::new(), subject: None, message: "The schema has no directories: the service needs them back unchanged in the PUT.".into() });
    }
    let before = object_mappings(original);
    for m in object_mappings(edited) {
        let old = before.iter().find(|b| b.source_object == m.source_object && b.target_object == m.target_object);
        let old_rows = old.map(|o| rows(original, o.at)).unwrap_or_default();
        lint_mapping(&mut out, edited, m.at, &m.name, &m.source_object, m.enabled, &old_rows);
        lint_scope(&mut out, edited, m.at, &m.name, old.map(|o| scope_groups(original, o.at)).unwrap_or_default(), operators);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn lint_mapping(out: &mut Vec<Finding>, schema: &Value, at: MappingAt, name: &str, source_object: &str, enabled: bool, old_rows: &[AttributeRow]) {
    let now = rows(schema, at);
    let mut push = |level: Level, rule: &'static str, subject: Option<&str>, message: String| out.push(Finding { level, rule, mapping: name.to_string(), subject: subject.map(String::from), message });

    // Mandatory attributes: never removed; present whenever the mapping is on.
    for target in mandatory_targets(source_object) {
        let had = old_rows.iter().any(|r| r.target.eq_ignore_ascii_case(target));
        if !now.iter().any(|r| r.target.eq_ignore_ascii_case(target)) && (had || enabled) {
            push(Level::Error, "mandatory", Some(target), format!("'{target}' is mandatory for the {source_object} mapping: a {} cannot be created without it. Put the mapping back.", source_object.to_lowercase()));
        }
    }

    // The matching attribute: untouched, and no other.
    let old_matching: Vec<&AttributeRow> = old_rows.iter().filter(|r| r.matching > 0).collect();
    for old in &old_matching {
        let same = now.iter().any(|r| r.matching == old.matching && r.target == old.target && normalize(&r.expression()) == normalize(&old.expression()));
        if !same {
            push(Level::Error, "matching", Some(&old.target), format!("The matching attribute ({} → {}) may not be changed or removed: the service answers SchemaInvalid. Undo this change.", old.expression(), old.target));
        }
    }
    for r in now.iter().filter(|r| r.matching > 0) {
        // A changed matching row is reported once, above.
        let existing = old_matching.iter().any(|o| o.target == r.target);
        if !existing {
            push(Level::Error, "matching", Some(&r.target), format!("'{}' cannot become a matching attribute: cross-tenant sync matches only on alternativeSecurityIds, and another matching attribute makes the schema invalid. Set matching precedence to 0.", r.target));
        }
    }

    let targets = definitions(schema, at, Side::Target);
    let sources = definitions(schema, at, Side::Source);
    if targets.is_none() || sources.is_none() {
        push(Level::Warning, "definitions", None, "The schema holds no directory definition for this object, so attribute names and types cannot be checked here. Run directory discovery in the admin center, then reload.".into());
    }

    let mut seen: Vec<String> = vec![];
    for r in &now {
        let changed = !old_rows.contains(r);
        let level = if changed { Level::Error } else { Level::Warning };
        let subject = Some(r.target.as_str());
        if r.target.trim().is_empty() {
            push(Level::Error, "target-missing", None, "A mapping has no target attribute. Choose one.".into());
            continue;
        }
        if seen.iter().any(|t| t.eq_ignore_ascii_case(&r.target)) {
            push(level, "duplicate-target", subject, format!("'{}' is the target of two mappings; only one can write it. Remove one.", r.target));
        }
        seen.push(r.target.clone());
        if FORBIDDEN_TARGETS.iter().any(|f| f.eq_ignore_ascii_case(&r.target)) {
            push(level, "forbidden-target", subject, format!("'{}' cannot be a target of cross-tenant sync (the service does not write otherMails, proxyAddresses or targetAddress). Remove this mapping.", r.target));
            continue;
        }
        let target = targets.as_ref().and_then(|defs| find(defs, &r.target));
        if let Some(defs) = &targets {
            match target {
                None => push(level, "target-missing", subject, format!("The target directory has no attribute '{}' on {}. Check the spelling{}.", r.target, object_of(schema, at, Side::Target), suggestion(defs, &r.target))),
                Some(t) if t.mutability.eq_ignore_ascii_case("ReadOnly") => push(level, "target-read-only", subject, format!("'{}' is read-only in the target directory: the service cannot write it. Remove this mapping.", r.target)),
                Some(_) => {}
            }
        }
        if !crate::model::mapping::schema::FLOW_TYPES.contains(&r.flow_type.as_str()) {
            push(level, "flow-type", subject, format!("'{}' is not an apply-this-mapping value; use Always or ObjectAddOnly.", r.flow_type));
        }
        if r.kind == SourceKind::Attribute && r.source.trim().is_empty() {
            push(level, "source-none", subject, format!("The mapping to '{}' has no source in the schema. Edit it and choose a source attribute, a constant or an expression.", r.target));
            continue;
        }
        // Source: attribute names exist, expression parses and checks, types fit.
        let source_type = match r.kind {
            SourceKind::Attribute => {
                let found = sources.as_ref().map(|defs| find(defs, &r.source));
                match found {
                    Some(None) if !is_virtual(&r.source) => {
                        push(level, "source-missing", subject, format!("The source directory has no attribute '{}' on {}{}.", r.source, object_of(schema, at, Side::Source), sources.as_ref().map(|d| suggestion(d, &r.source)).unwrap_or_default()));
                        None
                    }
                    Some(Some(d)) => Some(Shape::Defined(d.clone())),
                    _ => None,
                }
            }
            SourceKind::Constant => Some(Shape::Constant(r.source.clone())),
            SourceKind::Expression => {
                if r.source.chars().count() > MAX_LENGTH {
                    push(level, "too-long", subject, format!("The expression has {} characters; the service accepts at most {MAX_LENGTH}. Shorten it (nested Switch or IIF can often be flattened).", r.source.chars().count()));
                    continue;
                }
                match parse(&r.source).and_then(|e| check(&e).map(|t| (e, t))) {
                    Err(e) => {
                        push(level, "expression", subject, format!("The expression for '{}' is invalid {e}.", r.target));
                        None
                    }
                    Ok((e, t)) => {
                        if let Some(defs) = &sources {
                            for n in e.attributes().iter().filter(|n| find(defs, n).is_none() && !is_virtual(n)) {
                                push(level, "source-missing", subject, format!("The expression for '{}' reads '[{n}]', which the source directory does not have on {}{}.", r.target, object_of(schema, at, Side::Source), suggestion(defs, n)));
                            }
                        }
                        Some(Shape::Computed(t))
                    }
                }
            }
        };
        if let (Some(t), Some(s)) = (target, source_type) {
            if let Err(why) = fits(&s, t) {
                push(level, "type", subject, format!("The source cannot flow into '{}' ({}{}): {why}.", t.name, t.kind, if t.multivalued { ", multi-valued" } else { "" }));
            }
        }
    }
}

fn lint_scope(out: &mut Vec<Finding>, schema: &Value, at: MappingAt, name: &str, old: Vec<crate::model::mapping::schema::FilterGroup>, operators: Option<&[Operator]>) {
    let sources = definitions(schema, at, Side::Source);
    for g in scope_groups(schema, at) {
        let changed = !old.contains(&g);
        let level = if changed { Level::Error } else { Level::Warning };
        let mut push = |rule: &'static str, message: String| out.push(Finding { level, rule, mapping: name.to_string(), subject: Some(g.name.clone()), message });
        if g.clauses.is_empty() {
            push("scope", format!("Scoping filter group '{}' has no clause. Add one or remove the group.", g.name));
        }
        for c in &g.clauses {
            if c.attribute.is_empty() {
                push("scope", format!("A clause of '{}' has no attribute. Choose one.", g.name));
                continue;
            }
            if UNFILTERABLE.iter().any(|u| u.eq_ignore_ascii_case(&c.attribute)) {
                push("scope-attribute", format!("'{}' cannot be used in a scoping filter (appRoleAssignments, userType, manager and a group's members are not supported). Filter on another attribute.", c.attribute));
                continue;
            }
            let def = sources.as_ref().and_then(|d| find(d, &c.attribute));
            match (&sources, def) {
                (Some(d), None) => push("scope-attribute", format!("The source has no attribute '{}'{}.", c.attribute, suggestion(d, &c.attribute))),
                (_, Some(d)) if d.multivalued => push("scope-attribute", format!("'{}' is multi-valued; scoping filters cannot filter multi-valued attributes.", c.attribute)),
                (_, Some(d)) if d.kind.eq_ignore_ascii_case("DateTime") => push("scope-attribute", format!("'{}' is a date; scoping filters do not support date attributes.", c.attribute)),
                _ => {}
            }
            if let Some(ops) = operators {
                match ops.iter().find(|o| scope::normalize(&o.name) == scope::normalize(&c.operator)) {
                    None => push("scope-operator", format!("'{}' is not an operator this job offers ({}).", c.operator, ops.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", "))),
                    Some(o) => {
                        if let Some(d) = def {
                            if !o.types.is_empty() && !o.types.iter().any(|t| t.eq_ignore_ascii_case(&d.kind)) {
                                push("scope-operator", format!("{} does not apply to '{}' ({}); it takes {}.", o.name, c.attribute, d.kind, o.types.join(", ")));
                            }
                        }
                    }
                }
            }
            if let Err(e) = scope::check_value(&c.operator, &c.value) {
                push("scope-value", format!("'{}' {}: {e}.", c.attribute, c.operator));
            }
        }
    }
}

/// What a source gives, for the type check.
enum Shape {
    Defined(AttributeDefinition),
    Constant(String),
    Computed(ValueType),
}

fn fits(source: &Shape, target: &AttributeDefinition) -> Result<(), String> {
    let kind = target.kind.to_ascii_lowercase();
    match source {
        Shape::Defined(s) => {
            let sk = s.kind.to_ascii_lowercase();
            if s.multivalued && !target.multivalued {
                return Err(format!("'{}' is multi-valued and the target holds one value; pick one with Item() or Join()", s.name));
            }
            let ok = sk == kind || (kind == "string" && matches!(sk.as_str(), "integer" | "boolean" | "datetime"));
            if ok { Ok(()) } else { Err(format!("'{}' is {}", s.name, s.kind)) }
        }
        Shape::Constant(v) => match kind.as_str() {
            "boolean" if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") => Err(format!("the constant \"{v}\" is not True or False")),
            "integer" if v.trim().parse::<i64>().is_err() => Err(format!("the constant \"{v}\" is not a whole number")),
            "reference" | "binary" => Err("a constant cannot be a reference or binary value".into()),
            _ => Ok(()),
        },
        Shape::Computed(t) => {
            let ok = match t {
                ValueType::Any => true,
                ValueType::String => matches!(kind.as_str(), "string"),
                ValueType::Boolean => matches!(kind.as_str(), "boolean" | "string"),
                ValueType::Integer => matches!(kind.as_str(), "integer" | "string"),
                ValueType::DateTime => matches!(kind.as_str(), "datetime" | "string"),
                ValueType::MultiString => target.multivalued && kind == "string",
            };
            if ok { Ok(()) } else { Err(format!("the expression gives {t:?}")) }
        }
    }
}

fn find<'a>(defs: &'a [AttributeDefinition], name: &str) -> Option<&'a AttributeDefinition> {
    defs.iter().find(|d| d.name.eq_ignore_ascii_case(name.trim()))
}

fn is_virtual(name: &str) -> bool {
    VIRTUAL_SOURCES.iter().any(|v| v.eq_ignore_ascii_case(name))
}

fn object_of(schema: &Value, at: MappingAt, side: Side) -> String {
    let m = &schema["synchronizationRules"][at.rule]["objectMappings"][at.index];
    let key = if side == Side::Source { "sourceObjectName" } else { "targetObjectName" };
    m[key].as_str().unwrap_or("this object").to_string()
}

/// ", did you mean 'x'?" for the closest defined name, when one is close.
fn suggestion(defs: &[AttributeDefinition], name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    defs.iter()
        .map(|d| (distance(&d.name.to_ascii_lowercase(), &lower), &d.name))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| format!(" (did you mean '{n}'?)"))
        .unwrap_or_default()
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn normalize(expression: &str) -> String {
    expression.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mapping::schema::tests::{schema, users};
    use crate::model::mapping::schema::{find_mapping, put_row, remove_row, set_enabled, set_scope_groups, Clause, FilterGroup};
    use serde_json::json;

    fn groups() -> MappingAt {
        find_mapping(&schema(), "Group").unwrap()
    }

    fn row(kind: SourceKind, source: &str, target: &str) -> AttributeRow {
        AttributeRow { kind, source: source.into(), target: target.into(), flow_type: "Always".into(), default_value: String::new(), matching: 0 }
    }

    /// Lints the schema after `edit`; returns the errors' rule names and messages.
    fn errors(edit: impl FnOnce(&mut Value)) -> Vec<(&'static str, String)> {
        let original = schema();
        let mut edited = original.clone();
        edit(&mut edited);
        lint(&original, &edited, None).into_iter().filter(|f| f.level == Level::Error).map(|f| (f.rule, f.message)).collect()
    }

    fn only(rule: &str, found: Vec<(&'static str, String)>) -> String {
        assert_eq!(found.len(), 1, "expected one {rule} error, got {found:?}");
        assert_eq!(found[0].0, rule, "{found:?}");
        found[0].1.clone()
    }

    #[test]
    fn the_schema_as_read_is_clean() {
        assert_eq!(errors(|_| {}), vec![]);
        assert!(!blocks(&lint(&schema(), &schema(), None)));
    }

    #[test]
    fn removing_a_mandatory_group_attribute_is_refused() {
        let m = only("mandatory", errors(|s| remove_row(s, groups(), 3)));
        assert!(m.contains("'securityEnabled' is mandatory"), "{m}");
    }

    #[test]
    fn changing_the_matching_attribute_is_refused() {
        let m = only("matching", errors(|s| put_row(s, users(), Some(0), &AttributeRow { matching: 1, ..row(SourceKind::Expression, "AltSecIdFromNetId([mail])", "alternativeSecurityIds") }).unwrap()));
        assert!(m.contains("may not be changed"), "{m}");
        let m = only("matching", errors(|s| remove_row(s, users(), 0)));
        assert!(m.contains("AltSecIdFromNetId([netId])"), "{m}");
    }

    #[test]
    fn adding_another_matching_attribute_is_refused() {
        let m = only("matching", errors(|s| put_row(s, users(), Some(3), &AttributeRow { matching: 2, ..row(SourceKind::Attribute, "mail", "mail") }).unwrap()));
        assert!(m.contains("'mail' cannot become a matching attribute"), "{m}");
    }

    #[test]
    fn a_target_missing_from_the_target_directory_is_refused() {
        let m = only("target-missing", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "department", "departmnt")).unwrap()));
        assert!(m.contains("did you mean 'department'"), "{m}");
    }

    #[test]
    fn a_read_only_target_is_refused() {
        let m = only("target-read-only", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "createdDateTime", "createdDateTime")).unwrap()));
        assert!(m.contains("read-only"), "{m}");
    }

    #[test]
    fn a_source_missing_from_the_source_directory_is_refused() {
        let m = only("source-missing", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "jobTitel", "department")).unwrap()));
        assert!(m.contains("no attribute 'jobTitel'"), "{m}");
        let m = only("source-missing", errors(|s| put_row(s, users(), None, &row(SourceKind::Expression, r#"Append([departmen], "x")"#, "department")).unwrap()));
        assert!(m.contains("reads '[departmen]'") && m.contains("did you mean 'department'"), "{m}");
    }

    #[test]
    fn incompatible_types_are_refused() {
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "department", "isResourceAccount")).unwrap()));
        assert!(m.contains("'department' is String"), "{m}");
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Constant, "yes", "isResourceAccount")).unwrap()));
        assert!(m.contains("not True or False"), "{m}");
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Constant, "seven", "sequenceNumber")).unwrap()));
        assert!(m.contains("not a whole number"), "{m}");
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "otherMails", "department")).unwrap()));
        assert!(m.contains("multi-valued"), "{m}");
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Expression, r#"Split([mail], "@")"#, "extensionAttribute1")).unwrap()));
        assert!(m.contains("MultiString"), "{m}");
        let m = only("type", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "employeeHireDate", "manager")).unwrap()));
        assert!(m.contains("DateTime"), "{m}");
        assert_eq!(errors(|s| put_row(s, users(), None, &row(SourceKind::Constant, "TRUE", "isResourceAccount")).unwrap()), vec![]);
    }

    #[test]
    fn forbidden_targets_are_refused() {
        for target in FORBIDDEN_TARGETS {
            let m = only("forbidden-target", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "mail", target)).unwrap()));
            assert!(m.contains("cannot be a target"), "{m}");
        }
    }

    #[test]
    fn an_expression_over_10000_characters_is_refused() {
        let long = format!("Append([displayName], \"{}\")", "x".repeat(10_000));
        let original = schema();
        let mut edited = original.clone();
        // put_row itself refuses the text (the parser stops at the limit), so write it as imported JSON would.
        edited["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][2]["source"] = json!({ "type": "Function", "name": "Append", "expression": long, "parameters": [] });
        let found: Vec<_> = lint(&original, &edited, None).into_iter().filter(|f| f.level == Level::Error).map(|f| (f.rule, f.message)).collect();
        assert!(only("too-long", found).contains("at most 10000"));
    }

    #[test]
    fn an_invalid_expression_is_refused_with_its_position() {
        let original = schema();
        let mut edited = original.clone();
        edited["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][2]["source"] = json!({ "type": "Function", "name": "append", "expression": "append([displayName], \"x\")", "parameters": [] });
        let found: Vec<_> = lint(&original, &edited, None).into_iter().filter(|f| f.level == Level::Error).map(|f| (f.rule, f.message)).collect();
        let m = only("expression", found);
        assert!(m.contains("at character 1") && m.contains("did you mean Append"), "{m}");
    }

    #[test]
    fn a_duplicate_target_is_refused() {
        let m = only("duplicate-target", errors(|s| put_row(s, users(), None, &row(SourceKind::Attribute, "givenName", "displayName")).unwrap()));
        assert!(m.contains("target of two mappings"), "{m}");
    }

    #[test]
    fn enabling_the_group_mapping_without_its_mandatory_attributes_is_refused() {
        let mut original = schema();
        remove_row(&mut original, groups(), 2);
        let mut edited = original.clone();
        set_enabled(&mut edited, groups(), true);
        let found: Vec<_> = lint(&original, &edited, None).into_iter().filter(|f| f.level == Level::Error).map(|f| f.rule).collect();
        assert_eq!(found, ["mandatory"]);
    }

    #[test]
    fn untouched_rows_only_warn() {
        let mut original = schema();
        put_row(&mut original, users(), None, &row(SourceKind::Attribute, "mail", "proxyAddresses")).unwrap();
        let findings = lint(&original, &original, None);
        assert!(findings.iter().any(|f| f.rule == "forbidden-target" && f.level == Level::Warning));
        assert!(!blocks(&findings));
    }

    fn with_clause(attribute: &str, operator: &str, value: &str) -> Vec<(&'static str, String)> {
        errors(|s| set_scope_groups(s, users(), &[FilterGroup { name: "g".into(), clauses: vec![Clause { attribute: attribute.into(), operator: operator.into(), value: value.into() }] }]))
    }

    #[test]
    fn scoping_values_are_checked() {
        assert_eq!(with_clause("department", "EQUALS", "Sales"), vec![]);
        assert!(only("scope-value", with_clause("sequenceNumber", "Greater_Than", "ten")).contains("not an integer"));
        assert!(only("scope-value", with_clause("mail", "REGEX MATCH", "(.*@contoso")).contains("not a valid regular expression"));
    }

    #[test]
    fn scoping_attributes_are_checked() {
        assert!(only("scope-attribute", with_clause("userType", "EQUALS", "Member")).contains("cannot be used in a scoping filter"));
        assert!(only("scope-attribute", with_clause("otherMails", "EQUALS", "a")).contains("multi-valued"));
        assert!(only("scope-attribute", with_clause("employeeHireDate", "IS NOT NULL", "")).contains("date"));
        assert!(only("scope-attribute", with_clause("departmnt", "EQUALS", "x")).contains("did you mean 'department'"));
    }

    #[test]
    fn scoping_operators_come_from_the_catalog() {
        let ops = crate::model::mapping::schema::parse_operators(&json!([{ "name": "EQUALS", "arity": "Binary", "supportedAttributeTypes": ["String"] }, { "name": "Greater_Than", "arity": "Binary", "supportedAttributeTypes": ["Integer"] }]));
        let original = schema();
        let mut edited = original.clone();
        set_scope_groups(&mut edited, users(), &[FilterGroup { name: "g".into(), clauses: vec![Clause { attribute: "department".into(), operator: "Greater_Than".into(), value: "3".into() }, Clause { attribute: "mail".into(), operator: "LIKE".into(), value: "x".into() }] }]);
        let rules: Vec<_> = lint(&original, &edited, Some(&ops)).into_iter().map(|f| (f.rule, f.message)).collect();
        assert_eq!(rules.len(), 2, "{rules:?}");
        assert!(rules[0].1.contains("does not apply to 'department' (String)"));
        assert!(rules[1].1.contains("not an operator this job offers"));
    }

    #[test]
    fn a_schema_without_rules_is_refused() {
        assert_eq!(only("shape", lint(&schema(), &json!({ "id": "x" }), None).into_iter().map(|f| (f.rule, f.message)).collect()), "The schema has no synchronizationRules: it is not a synchronization schema (the service refuses it).");
    }

    #[test]
    fn a_partial_schema_is_said_once_and_a_sourceless_row_blocks_only_when_touched() {
        let schema = serde_json::json!({ "directories": [], "synchronizationRules": [{ "objectMappings": [{ "name": "", "enabled": true, "sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [{ "source": {}, "targetAttributeName": "displayName" }] }] }] });
        let untouched = lint(&schema, &schema, None);
        assert!(untouched.iter().all(|f| f.level == Level::Warning), "{untouched:?}");
        assert!(untouched.iter().any(|f| f.rule == "source-none" && f.mapping == "Object mapping 1"));
        let mut edited = schema.clone();
        edited["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["targetAttributeName"] = serde_json::json!("mail");
        let touched = lint(&schema, &edited, None);
        assert!(touched.iter().any(|f| f.level == Level::Error && f.rule == "source-none"), "{touched:?}");
        assert!(!touched.iter().any(|f| f.message.contains("()")), "no empty expression shown: {touched:?}");
        let gaps = crate::model::mapping::schema::gaps(&schema);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert!(crate::model::mapping::schema::gaps(&serde_json::json!({})).iter().any(|g| g.contains("no object mappings")));
    }
}
