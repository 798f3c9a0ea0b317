//! The synchronization schema as the mapping editor sees it: object mappings, attribute rows and
//! scoping filters read from and written back into the schema JSON (every field the editor does not
//! touch is kept as read, because the service takes only a full PUT), the directory definitions the
//! rows are checked against, and the operator catalog.
//!
//! Shapes follow graph-api.md §5.2. The group mapping's Graph name is unverified, so mappings are
//! found by `sourceObjectName`, never by name; directory names are matched with the rule's
//! `sourceDirectoryName`/`targetDirectoryName`, falling back to the first and second directory.

use serde_json::{json, Value};
use tenant_bridge_expression::{check, parse, quote, source_text, to_source};

/// Where an object mapping sits in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappingAt {
    pub rule: usize,
    pub index: usize,
}

/// One object mapping, for the list of mappings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMapping {
    pub at: MappingAt,
    pub name: String,
    pub enabled: bool,
    pub source_object: String,
    pub target_object: String,
}

/// Every object mapping of every rule.
pub fn object_mappings(schema: &Value) -> Vec<ObjectMapping> {
    let mut out = vec![];
    for (r, rule) in schema["synchronizationRules"].as_array().into_iter().flatten().enumerate() {
        for (i, m) in rule["objectMappings"].as_array().into_iter().flatten().enumerate() {
            // Partial schemas omit names: say so rather than show blanks.
            let text = |v: &Value, missing: &str| v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(String::from).unwrap_or_else(|| missing.to_string());
            out.push(ObjectMapping {
                at: MappingAt { rule: r, index: i },
                name: text(&m["name"], &format!("Object mapping {}", i + 1)),
                enabled: m["enabled"].as_bool().unwrap_or(false),
                source_object: text(&m["sourceObjectName"], "(source object not named)"),
                target_object: text(&m["targetObjectName"], "(target object not named)"),
            });
        }
    }
    out
}

/// What a schema as read lacks, in words, for the editor to say once at the top (it stays usable
/// for what is there). Empty for a complete schema.
pub fn gaps(schema: &Value) -> Vec<String> {
    let mut out = vec![];
    if schema["directories"].as_array().is_none_or(|d| d.is_empty()) {
        out.push("no directory definitions: attribute names and types cannot be checked (run directory discovery in the admin center, then reload)".to_string());
    }
    let mappings = object_mappings(schema);
    if mappings.is_empty() {
        out.push("no object mappings: there is nothing to edit".to_string());
    }
    for m in &mappings {
        let rows = rows(schema, m.at);
        let unsourced = rows.iter().filter(|r| r.source.trim().is_empty() && r.kind == SourceKind::Attribute).count();
        if unsourced > 0 {
            out.push(format!("{}: {unsourced} attribute mapping(s) without a source", m.name));
        }
        let untargeted = rows.iter().filter(|r| r.target.trim().is_empty()).count();
        if untargeted > 0 {
            out.push(format!("{}: {untargeted} attribute mapping(s) without a target attribute", m.name));
        }
    }
    out
}

/// The object mapping whose source object is `source_object` (`User`, `Group`).
pub fn find_mapping(schema: &Value, source_object: &str) -> Option<MappingAt> {
    object_mappings(schema).into_iter().find(|m| m.source_object.eq_ignore_ascii_case(source_object)).map(|m| m.at)
}

/// The object mapping for `source_object` (`User`, `Group`) as the schema holds it.
pub fn mapping_of<'a>(schema: &'a Value, source_object: &str) -> Option<&'a Value> {
    find_mapping(schema, source_object).map(|at| mapping(schema, at))
}

fn mapping(schema: &Value, at: MappingAt) -> &Value {
    &schema["synchronizationRules"][at.rule]["objectMappings"][at.index]
}

fn mapping_mut(schema: &mut Value, at: MappingAt) -> Option<&mut Value> {
    schema.get_mut("synchronizationRules")?.get_mut(at.rule)?.get_mut("objectMappings")?.get_mut(at.index)
}

/// Turns an object mapping on or off.
pub fn set_enabled(schema: &mut Value, at: MappingAt, enabled: bool) {
    if let Some(m) = mapping_mut(schema, at) {
        m["enabled"] = json!(enabled);
    }
}

/// What feeds a target attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Attribute,
    Constant,
    Expression,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [SourceKind::Attribute, SourceKind::Constant, SourceKind::Expression];

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Attribute => "Attribute",
            SourceKind::Constant => "Constant",
            SourceKind::Expression => "Expression",
        }
    }

    pub fn from_label(label: &str) -> SourceKind {
        SourceKind::ALL.into_iter().find(|k| k.label() == label).unwrap_or(SourceKind::Attribute)
    }
}

/// The documented values of `flowType` ("Apply this mapping").
pub const FLOW_TYPES: [&str; 5] = ["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"];

/// One attribute mapping as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeRow {
    pub kind: SourceKind,
    /// The attribute name, the constant's value, or the expression's text.
    pub source: String,
    pub target: String,
    pub flow_type: String,
    /// Empty means none (`null`).
    pub default_value: String,
    /// 0 means not a matching attribute.
    pub matching: i64,
}

impl AttributeRow {
    /// Reads an `attributeMapping`.
    pub fn from_json(a: &Value) -> AttributeRow {
        let source = &a["source"];
        let (kind, text) = match source["type"].as_str().unwrap_or_default() {
            // A partial schema may carry `source: {}`: no source to show, and the row form asks
            // for one ("Choose a source attribute") instead of showing an invalid "()".
            "" => (SourceKind::Attribute, String::new()),
            "Attribute" => (SourceKind::Attribute, source["name"].as_str().map(String::from).unwrap_or_else(|| source_text(source).trim_matches(['[', ']']).to_string())),
            "Constant" => (SourceKind::Constant, source["name"].as_str().unwrap_or_default().to_string()),
            _ => (SourceKind::Expression, source_text(source)),
        };
        AttributeRow {
            kind,
            source: text,
            target: a["targetAttributeName"].as_str().unwrap_or_default().to_string(),
            flow_type: a["flowType"].as_str().unwrap_or("Always").to_string(),
            default_value: a["defaultValue"].as_str().unwrap_or_default().to_string(),
            matching: a["matchingPriority"].as_i64().unwrap_or(0),
        }
    }

    /// The expression text of the source, as the language writes it.
    pub fn expression(&self) -> String {
        match self.kind {
            SourceKind::Attribute => format!("[{}]", self.source),
            SourceKind::Constant => quote(&self.source),
            SourceKind::Expression => self.source.clone(),
        }
    }

    /// The `attributeMappingSource` of this row, or why it cannot be built.
    pub fn source_json(&self) -> Result<Value, String> {
        match self.kind {
            SourceKind::Attribute if self.source.trim().is_empty() => Err("Choose a source attribute.".into()),
            SourceKind::Attribute => Ok(json!({ "type": "Attribute", "name": self.source.trim(), "expression": format!("[{}]", self.source.trim()), "parameters": [] })),
            SourceKind::Constant => Ok(json!({ "type": "Constant", "name": self.source, "expression": quote(&self.source), "parameters": [] })),
            SourceKind::Expression => {
                let e = parse(&self.source).map_err(|e| e.to_string())?;
                check(&e).map_err(|e| e.to_string())?;
                let mut s = to_source(&e);
                // Keep the admin's own text (spacing, layout) as the expression.
                s["expression"] = json!(self.source);
                Ok(s)
            }
        }
    }

    /// Writes this row into an `attributeMapping`, keeping the fields the editor does not show.
    fn write_into(&self, a: &mut Value) -> Result<(), String> {
        if !a.is_object() {
            *a = json!({ "flowBehavior": "FlowWhenChanged", "exportMissingReferences": false });
        }
        // An unchanged source keeps its JSON as read (parameter keys the service chose, for one).
        if AttributeRow::from_json(a).expression() != self.expression() || a.get("source").is_none() {
            a["source"] = self.source_json()?;
        }
        a["targetAttributeName"] = json!(self.target.trim());
        a["flowType"] = json!(self.flow_type);
        a["defaultValue"] = if self.default_value.is_empty() { Value::Null } else { json!(self.default_value) };
        a["matchingPriority"] = json!(self.matching);
        Ok(())
    }
}

/// The attribute rows of an object mapping.
pub fn rows(schema: &Value, at: MappingAt) -> Vec<AttributeRow> {
    mapping(schema, at)["attributeMappings"].as_array().into_iter().flatten().map(AttributeRow::from_json).collect()
}

/// Replaces row `index`, or adds the row when `index` is `None`.
pub fn put_row(schema: &mut Value, at: MappingAt, index: Option<usize>, row: &AttributeRow) -> Result<(), String> {
    let m = mapping_mut(schema, at).ok_or("That object mapping is not in the schema any more.")?;
    if !m["attributeMappings"].is_array() {
        m["attributeMappings"] = json!([]);
    }
    let list = m["attributeMappings"].as_array_mut().expect("made an array above");
    match index {
        Some(i) => row.write_into(list.get_mut(i).ok_or("That attribute mapping is not in the schema any more.")?),
        None => {
            let mut a = Value::Null;
            row.write_into(&mut a)?;
            list.push(a);
            Ok(())
        }
    }
}

/// Removes row `index`.
pub fn remove_row(schema: &mut Value, at: MappingAt, index: usize) {
    if let Some(list) = mapping_mut(schema, at).and_then(|m| m["attributeMappings"].as_array_mut()) {
        if index < list.len() {
            list.remove(index);
        }
    }
}

/// An attribute of a directory's object definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeDefinition {
    pub name: String,
    /// String, Integer, Reference, Binary, Boolean or DateTime.
    pub kind: String,
    pub multivalued: bool,
    /// ReadWrite, ReadOnly, Immutable or WriteOnly.
    pub mutability: String,
}

/// Which side of a rule a directory serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// The definitions of `object` in the rule's source or target directory; `None` when the schema
/// has no such definition (then nothing can be checked against it, and the linter says so once).
pub fn definitions(schema: &Value, at: MappingAt, side: Side) -> Option<Vec<AttributeDefinition>> {
    let rule = &schema["synchronizationRules"][at.rule];
    let m = mapping(schema, at);
    let (directory_name, object, fallback) = match side {
        Side::Source => (rule["sourceDirectoryName"].as_str(), m["sourceObjectName"].as_str()?, 0),
        Side::Target => (rule["targetDirectoryName"].as_str(), m["targetObjectName"].as_str()?, 1),
    };
    let directories = schema["directories"].as_array()?;
    let directory = directory_name.and_then(|n| directories.iter().find(|d| d["name"].as_str() == Some(n))).or(directories.get(fallback))?;
    let definition = directory["objects"].as_array()?.iter().find(|o| o["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(object)))?;
    Some(
        definition["attributes"]
            .as_array()?
            .iter()
            .map(|a| AttributeDefinition {
                name: a["name"].as_str().unwrap_or_default().to_string(),
                kind: a["type"].as_str().unwrap_or("String").to_string(),
                multivalued: a["multivalued"].as_bool().unwrap_or(false),
                mutability: a["mutability"].as_str().unwrap_or("ReadWrite").to_string(),
            })
            .collect(),
    )
}

/// One clause of a scoping filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub attribute: String,
    pub operator: String,
    pub value: String,
}

/// One scoping filter group: its clauses must all pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterGroup {
    pub name: String,
    pub clauses: Vec<Clause>,
}

/// The scoping filter groups (`scope.groups`) of an object mapping.
pub fn scope_groups(schema: &Value, at: MappingAt) -> Vec<FilterGroup> {
    mapping(schema, at)["scope"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| FilterGroup {
            name: g["name"].as_str().unwrap_or_default().to_string(),
            clauses: g["clauses"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| Clause {
                    attribute: c["sourceOperandName"].as_str().unwrap_or_default().to_string(),
                    operator: c["operatorName"].as_str().unwrap_or_default().to_string(),
                    value: c["targetOperand"]["values"].as_array().and_then(|v| v.first()).and_then(Value::as_str).unwrap_or_default().to_string(),
                })
                .collect(),
        })
        .collect()
}

/// The JSON of filter groups, as `scope.groups` holds them.
pub fn groups_json(groups: &[FilterGroup]) -> Value {
    Value::Array(
        groups
            .iter()
            .map(|g| {
                let clauses: Vec<Value> = g
                    .clauses
                    .iter()
                    .map(|c| {
                        let values = if tenant_bridge_expression::scope::is_unary(&c.operator) { json!([]) } else { json!([c.value]) };
                        json!({ "sourceOperandName": c.attribute, "operatorName": c.operator, "targetOperand": { "values": values } })
                    })
                    .collect();
                json!({ "name": g.name, "clauses": clauses })
            })
            .collect(),
    )
}

/// Replaces the scoping filter groups of an object mapping, keeping the other filter sets.
pub fn set_scope_groups(schema: &mut Value, at: MappingAt, groups: &[FilterGroup]) {
    if let Some(m) = mapping_mut(schema, at) {
        if !m["scope"].is_object() {
            m["scope"] = json!({ "groups": [], "inputFilterGroups": [], "categoryFilterGroups": [] });
        }
        m["scope"]["groups"] = groups_json(groups);
    }
}

/// One entry of `filterOperators`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub unary: bool,
    pub types: Vec<String>,
}

/// Reads `GET …/schema/filterOperators` (`{ value: [...] }` or a bare array, parsed defensively:
/// the API names of all but EQUALS are unverified, so the list is taken as the service gives it).
pub fn parse_operators(body: &Value) -> Vec<Operator> {
    let list = body["value"].as_array().or(body.as_array()).cloned().unwrap_or_default();
    list.iter()
        .filter_map(|o| {
            let name = o["name"].as_str()?.to_string();
            Some(Operator {
                unary: o["arity"].as_str().map(|a| a.eq_ignore_ascii_case("Unary")).unwrap_or_else(|| tenant_bridge_expression::scope::is_unary(&name)),
                types: o["supportedAttributeTypes"].as_array().map(|t| t.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default(),
                name,
            })
        })
        .collect()
}

/// The operators offered for an attribute of type `kind` (all when the catalog names no types).
pub fn operators_for<'a>(operators: &'a [Operator], kind: &str) -> Vec<&'a Operator> {
    operators.iter().filter(|o| o.types.is_empty() || o.types.iter().any(|t| t.eq_ignore_ascii_case(kind))).collect()
}

/// A Graph property value as the filters and expressions compare it: text as is, booleans as
/// `True`/`False`, numbers in decimal; `None` for null, lists and objects.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True".into() } else { "False".into() }),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Which of `objects` (name, attribute lookup) pass the filter groups, in order. An invalid
/// clause makes the whole preview an error, as it would make the save fail.
pub fn preview(groups: &[FilterGroup], objects: &[(String, Vec<(String, String)>)]) -> Result<Vec<(String, bool)>, String> {
    let m = json!({ "scope": { "groups": groups_json(groups) } });
    objects
        .iter()
        .map(|(name, attrs)| {
            let lookup = |attr: &str| attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(attr)).map(|(_, v)| v.clone());
            tenant_bridge_expression::scope::in_scope(Some(&m), &lookup).map(|pass| (name.clone(), pass))
        })
        .collect()
}

/// A schema pasted for import, checked before it replaces the working copy: it must be a JSON
/// object; its `id` becomes this job's (with a note saying so when it came from another job).
pub fn check_import(text: &str, job_id: &str) -> Result<(serde_json::Value, Option<String>), String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Err(e) => Err(format!("This is not valid JSON (line {}, column {}): {e}. Paste a schema exported from Tenant Bridge or the admin center.", e.line(), e.column())),
        Ok(mut v) if v.is_object() => {
            let other = v["id"].as_str().filter(|id| *id != job_id).map(String::from);
            let note = other.map(|o| {
                v["id"] = serde_json::Value::String(job_id.to_string());
                format!("The imported schema came from job {o}; its id was set to this job ({job_id}).")
            });
            Ok((v, note))
        }
        Ok(_) => Err("The JSON is not an object; a schema is an object with synchronizationRules and directories.".into()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A schema shaped like the one the service gives a new cross-tenant sync job.
    pub fn schema() -> Value {
        let attr = |name: &str| json!({ "type": "Attribute", "name": name, "expression": format!("[{name}]"), "parameters": [] });
        let constant = |v: &str| json!({ "type": "Constant", "name": v, "expression": format!("\"{v}\""), "parameters": [] });
        let row = |source: Value, target: &str, matching: i64| json!({ "source": source, "targetAttributeName": target, "defaultValue": null, "flowType": "Always", "flowBehavior": "FlowWhenChanged", "matchingPriority": matching, "exportMissingReferences": false });
        let def = |name: &str, kind: &str, multi: bool, mutability: &str| json!({ "name": name, "type": kind, "multivalued": multi, "mutability": mutability, "required": false, "anchor": false, "metadata": [] });
        let user_defs = json!([
            def("displayName", "String", false, "ReadWrite"), def("givenName", "String", false, "ReadWrite"), def("surname", "String", false, "ReadWrite"),
            def("mail", "String", false, "ReadWrite"), def("department", "String", false, "ReadWrite"), def("employeeId", "String", false, "ReadWrite"),
            def("userType", "String", false, "ReadWrite"), def("showInAddressList", "String", false, "ReadWrite"), def("accountEnabled", "Boolean", false, "ReadWrite"),
            def("alternativeSecurityIds", "Binary", true, "ReadWrite"), def("netId", "Binary", false, "ReadOnly"), def("otherMails", "String", true, "ReadWrite"),
            def("proxyAddresses", "String", true, "ReadOnly"), def("manager", "Reference", false, "ReadWrite"), def("createdDateTime", "DateTime", false, "ReadOnly"),
            def("employeeHireDate", "DateTime", false, "ReadWrite"), def("extensionAttribute1", "String", false, "ReadWrite"), def("sequenceNumber", "Integer", false, "ReadWrite"),
            def("isResourceAccount", "Boolean", false, "ReadWrite"),
        ]);
        let group_defs = json!([
            def("displayName", "String", false, "ReadWrite"), def("description", "String", false, "ReadWrite"), def("mailNickname", "String", false, "ReadWrite"),
            def("mailEnabled", "Boolean", false, "ReadWrite"), def("securityEnabled", "Boolean", false, "ReadWrite"), def("members", "Reference", true, "ReadWrite"),
        ]);
        let directory = |id: &str, name: &str| json!({ "id": id, "name": name, "objects": [{ "name": "User", "attributes": user_defs }, { "name": "Group", "attributes": group_defs }] });
        json!({
            "id": "Azure2Azure.a.b", "version": "v1.2",
            "synchronizationRules": [{
                "id": "r", "name": "USER_INBOUND_USER", "priority": 1, "editable": true,
                "sourceDirectoryName": "Azure Active Directory", "targetDirectoryName": "Azure Active Directory (target tenant)",
                "objectMappings": [
                    { "name": "Provision Azure Active Directory Users", "enabled": true, "sourceObjectName": "User", "targetObjectName": "User", "flowTypes": "Add, Update, Delete",
                      "scope": { "groups": [], "inputFilterGroups": [], "categoryFilterGroups": [] },
                      "attributeMappings": [
                        row(json!({ "type": "Function", "name": "AltSecIdFromNetId", "expression": "AltSecIdFromNetId([netId])", "parameters": [{ "key": "netId", "value": attr("netId") }] }), "alternativeSecurityIds", 1),
                        row(json!({ "type": "Function", "name": "Not", "expression": "Not([IsSoftDeleted])", "parameters": [{ "key": "source", "value": attr("IsSoftDeleted") }] }), "accountEnabled", 0),
                        row(attr("displayName"), "displayName", 0),
                        row(attr("mail"), "mail", 0),
                        row(constant("Member"), "userType", 0),
                      ] },
                    { "name": "Provision Azure Active Directory Groups", "enabled": false, "sourceObjectName": "Group", "targetObjectName": "Group", "flowTypes": "Add, Update, Delete",
                      "scope": { "groups": [], "inputFilterGroups": [], "categoryFilterGroups": [] },
                      "attributeMappings": [
                        row(attr("displayName"), "displayName", 0), row(attr("mailNickname"), "mailNickname", 0),
                        row(constant("False"), "mailEnabled", 0), row(constant("True"), "securityEnabled", 0), row(attr("members"), "members", 0),
                      ] },
                ],
            }],
            "directories": [directory("s", "Azure Active Directory"), directory("t", "Azure Active Directory (target tenant)")],
        })
    }

    pub fn users() -> MappingAt {
        find_mapping(&schema(), "User").unwrap()
    }

    #[test]
    fn mappings_are_found_by_source_object() {
        let s = schema();
        let all = object_mappings(&s);
        assert_eq!(all.len(), 2);
        assert!(all[0].enabled && !all[1].enabled);
        assert_eq!(find_mapping(&s, "group"), Some(MappingAt { rule: 0, index: 1 }));
    }

    #[test]
    fn rows_read_every_source_kind() {
        let r = rows(&schema(), users());
        assert_eq!(r[0], AttributeRow { kind: SourceKind::Expression, source: "AltSecIdFromNetId([netId])".into(), target: "alternativeSecurityIds".into(), flow_type: "Always".into(), default_value: String::new(), matching: 1 });
        assert_eq!((r[2].kind, r[2].source.as_str()), (SourceKind::Attribute, "displayName"));
        assert_eq!((r[4].kind, r[4].source.as_str()), (SourceKind::Constant, "Member"));
    }

    #[test]
    fn editing_a_row_writes_its_source_and_keeps_the_rest() {
        let mut s = schema();
        let mut row = rows(&s, users())[2].clone();
        row.kind = SourceKind::Expression;
        row.source = r#"Append([displayName], " (Fabrikam)")"#.into();
        put_row(&mut s, users(), Some(2), &row).unwrap();
        let a = &s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][2];
        assert_eq!(a["source"]["type"], "Function");
        assert_eq!(a["source"]["parameters"][1]["value"]["name"], " (Fabrikam)");
        assert_eq!(a["flowBehavior"], "FlowWhenChanged");
        assert_eq!(rows(&s, users())[2], row);
        // The untouched matching row keeps its JSON exactly.
        assert_eq!(s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0], schema()["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]);
    }

    #[test]
    fn adding_and_removing_rows() {
        let mut s = schema();
        let row = AttributeRow { kind: SourceKind::Attribute, source: "department".into(), target: "department".into(), flow_type: "Always".into(), default_value: "None".into(), matching: 0 };
        put_row(&mut s, users(), None, &row).unwrap();
        assert_eq!(rows(&s, users()).last(), Some(&row));
        assert_eq!(s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][5]["defaultValue"], "None");
        remove_row(&mut s, users(), 5);
        assert_eq!(s, schema());
        let bad = AttributeRow { kind: SourceKind::Expression, source: "Append([a]".into(), ..row };
        assert!(put_row(&mut s, users(), None, &bad).unwrap_err().contains("not closed"));
        assert_eq!(s, schema(), "a failed edit writes nothing");
    }

    #[test]
    fn definitions_come_from_the_rule_s_directories() {
        let s = schema();
        let target = definitions(&s, users(), Side::Target).unwrap();
        assert!(target.iter().any(|d| d.name == "proxyAddresses" && d.multivalued && d.mutability == "ReadOnly"));
        let mut no_dirs = s.clone();
        no_dirs["directories"] = json!([]);
        assert_eq!(definitions(&no_dirs, users(), Side::Source), None);
    }

    #[test]
    fn scope_groups_round_trip() {
        let mut s = schema();
        let groups = vec![FilterGroup { name: "Sales".into(), clauses: vec![Clause { attribute: "department".into(), operator: "EQUALS".into(), value: "Sales".into() }, Clause { attribute: "mail".into(), operator: "IS NOT NULL".into(), value: String::new() }] }];
        set_scope_groups(&mut s, users(), &groups);
        assert_eq!(scope_groups(&s, users()), groups);
        let m = &s["synchronizationRules"][0]["objectMappings"][0]["scope"];
        assert_eq!(m["groups"][0]["clauses"][1]["targetOperand"]["values"], json!([]));
        assert_eq!(m["inputFilterGroups"], json!([]));
    }

    #[test]
    fn operators_are_offered_by_attribute_type() {
        let ops = parse_operators(&json!({ "value": [
            { "name": "EQUALS", "arity": "Binary", "supportedAttributeTypes": ["String", "Integer", "Boolean"] },
            { "name": "IS TRUE", "arity": "Unary", "supportedAttributeTypes": ["Boolean"] },
            { "name": "Greater_Than", "arity": "Binary", "supportedAttributeTypes": ["Integer"] },
            { "arity": "Binary" },
        ] }));
        assert_eq!(ops.len(), 3);
        assert!(ops[1].unary);
        let names = |kind| operators_for(&ops, kind).iter().map(|o| o.name.clone()).collect::<Vec<_>>();
        assert_eq!(names("Boolean"), ["EQUALS", "IS TRUE"]);
        assert_eq!(names("integer"), ["EQUALS", "Greater_Than"]);
    }

    #[test]
    fn the_preview_says_who_passes() {
        let groups = vec![
            FilterGroup { name: "a".into(), clauses: vec![Clause { attribute: "department".into(), operator: "EQUALS".into(), value: "Sales".into() }] },
            FilterGroup { name: "b".into(), clauses: vec![Clause { attribute: "mail".into(), operator: "ENDS_WITH".into(), value: "@contoso.com".into() }] },
        ];
        let objects = vec![
            ("Ada".to_string(), vec![("department".to_string(), "Sales".to_string())]),
            ("Bo".to_string(), vec![("mail".to_string(), "bo@contoso.com".to_string())]),
            ("Cy".to_string(), vec![("department".to_string(), "HR".to_string())]),
        ];
        assert_eq!(preview(&groups, &objects).unwrap(), vec![("Ada".into(), true), ("Bo".into(), true), ("Cy".into(), false)]);
        assert_eq!(preview(&[], &objects).unwrap().iter().filter(|(_, p)| *p).count(), 3);
    }

    #[test]
    fn an_import_must_be_a_json_object_and_takes_this_jobs_id() {
        assert!(check_import("{ not json", "j1").unwrap_err().contains("line 1, column 3"));
        assert!(check_import("[1]", "j1").unwrap_err().contains("not an object"));
        let (v, note) = check_import(r#"{"id":"other","synchronizationRules":[]}"#, "j1").unwrap();
        assert_eq!(v["id"], "j1");
        assert!(note.unwrap().contains("came from job other"));
        assert_eq!(check_import(r#"{"id":"j1"}"#, "j1").unwrap().1, None);
    }
}
