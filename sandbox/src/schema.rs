//! The cross-tenant synchronization schema of a job: its default (as the template gives it), and
//! the checks that make the service answer SchemaInvalid.

use serde_json::{json, Value};

/// Name of the user object mapping in Graph output.
pub const USER_MAPPING: &str = "Provision Azure Active Directory Users";
/// Name of the group object mapping (portal: "Provision Microsoft Entra ID Groups"); the reference
/// leaves the Graph name unverified, so the app matches it by `sourceObjectName == "Group"`.
pub const GROUP_MAPPING: &str = "Provision Azure Active Directory Groups";

fn attribute(name: &str) -> Value {
    json!({ "type": "Attribute", "name": name, "expression": format!("[{name}]"), "parameters": [] })
}

fn constant(value: &str) -> Value {
    json!({ "type": "Constant", "name": value, "expression": format!("\"{value}\""), "parameters": [] })
}

fn mapping(source: Value, target: &str, matching: i64) -> Value {
    json!({ "source": source, "targetAttributeName": target, "defaultValue": null, "flowType": "Always",
            "flowBehavior": "FlowWhenChanged", "matchingPriority": matching, "exportMissingReferences": false })
}

fn definition(name: &str, kind: &str, multivalued: bool, mutability: &str) -> Value {
    json!({ "name": name, "type": kind, "multivalued": multivalued, "required": false, "mutability": mutability,
            "anchor": false, "caseExact": false, "flowNullValues": false, "defaultValue": null, "apiExpressions": [],
            "metadata": [], "referencedObjects": [] })
}

fn directory(id: &str, name: &str) -> Value {
    let user = ["displayName", "givenName", "surname", "userPrincipalName", "mail", "department", "city", "country", "employeeId", "userType", "showInAddressList"];
    let group = ["displayName", "description", "mailNickname"];
    let mut user_attrs: Vec<Value> = user.iter().map(|a| definition(a, "String", false, "ReadWrite")).collect();
    user_attrs.push(definition("accountEnabled", "Boolean", false, "ReadWrite"));
    user_attrs.push(definition("alternativeSecurityIds", "Binary", true, "ReadWrite"));
    user_attrs.push(definition("netId", "Binary", false, "ReadOnly"));
    user_attrs.push(definition("otherMails", "String", true, "ReadWrite"));
    user_attrs.push(definition("proxyAddresses", "String", true, "ReadOnly"));
    user_attrs.push(definition("manager", "Reference", false, "ReadWrite"));
    let mut group_attrs: Vec<Value> = group.iter().map(|a| definition(a, "String", false, "ReadWrite")).collect();
    group_attrs.push(definition("mailEnabled", "Boolean", false, "ReadWrite"));
    group_attrs.push(definition("securityEnabled", "Boolean", false, "ReadWrite"));
    group_attrs.push(definition("members", "Reference", true, "ReadWrite"));
    json!({ "id": id, "name": name, "version": "2026-01-01", "readOnly": false, "discoverabilities": "None", "discoveryDateTime": null,
            "objects": [
                { "name": "User", "attributes": user_attrs, "metadata": [], "supportedApis": [] },
                { "name": "Group", "attributes": group_attrs, "metadata": [], "supportedApis": [] },
            ] })
}

/// The schema a new job starts with: user mapping on, group mapping present but off.
pub fn default_schema(job_id: &str) -> Value {
    let users = vec![
        mapping(json!({ "type": "Function", "name": "AltSecIdFromNetId", "expression": "AltSecIdFromNetId([netId])", "parameters": [{ "key": "netId", "value": attribute("netId") }] }), "alternativeSecurityIds", 1),
        mapping(json!({ "type": "Function", "name": "Not", "expression": "Not([IsSoftDeleted])", "parameters": [{ "key": "source", "value": attribute("IsSoftDeleted") }] }), "accountEnabled", 0),
        mapping(attribute("displayName"), "displayName", 0),
        mapping(attribute("givenName"), "givenName", 0),
        mapping(attribute("surname"), "surname", 0),
        mapping(attribute("mail"), "mail", 0),
        mapping(attribute("department"), "department", 0),
        mapping(constant("true"), "showInAddressList", 0),
        // "Only during object creation": an existing B2B guest stays a guest unless the admin
        // sets Always (overview FAQ: "By default, userType isn't updated from guest to member").
        {
            let mut m = mapping(constant("Member"), "userType", 0);
            m["flowType"] = json!("ObjectAddOnly");
            m
        },
    ];
    let groups = vec![
        mapping(attribute("displayName"), "displayName", 0),
        mapping(attribute("mailNickname"), "mailNickname", 0),
        mapping(constant("False"), "mailEnabled", 0),
        mapping(constant("True"), "securityEnabled", 0),
        mapping(attribute("members"), "members", 0),
    ];
    let scope = json!({ "groups": [], "inputFilterGroups": [], "categoryFilterGroups": [] });
    json!({
        "id": job_id,
        "version": "v1.2",
        "synchronizationRules": [{
            "id": format!("{}.rule", job_id.split('.').nth(1).unwrap_or("rule")),
            "name": "USER_INBOUND_USER", "priority": 1, "editable": true,
            "sourceDirectoryName": "Azure Active Directory", "targetDirectoryName": "Azure Active Directory (target tenant)",
            "containerFilter": { "includedContainers": [] }, "groupFilter": { "includedGroups": [] },
            "metadata": [{ "key": "defaultSourceObjectMappings", "value": "[]" }, { "key": "supportsProvisionOnDemand", "value": "true" }],
            "objectMappings": [
                { "name": USER_MAPPING, "enabled": true, "flowTypes": "Add, Update, Delete", "sourceObjectName": "User", "targetObjectName": "User", "metadata": [], "scope": scope, "attributeMappings": users },
                { "name": GROUP_MAPPING, "enabled": false, "flowTypes": "Add, Update, Delete", "sourceObjectName": "Group", "targetObjectName": "Group", "metadata": [], "scope": scope, "attributeMappings": groups },
            ],
        }],
        "directories": [directory("source", "Azure Active Directory"), directory("target", "Azure Active Directory (target tenant)")],
    })
}

/// The object mapping for `source_object` in a schema.
pub fn object_mapping<'a>(schema: &'a Value, source_object: &str) -> Option<&'a Value> {
    schema["synchronizationRules"].as_array()?.iter().flat_map(|r| r["objectMappings"].as_array().into_iter().flatten()).find(|m| m["sourceObjectName"] == source_object)
}

/// The value an object mapping gives `target`: its attribute mapping's source expression evaluated
/// over `lookup`. `None` when nothing maps that target; an error when the expression fails.
pub fn mapped(mapping: Option<&Value>, target: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<Result<String, String>> {
    use tenant_bridge_expression::{evaluate, parse, source_text, Value as V};
    let a = mapping?["attributeMappings"].as_array()?.iter().find(|a| a["targetAttributeName"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(target)))?;
    let text = source_text(&a["source"]);
    let result = parse(&text).map_err(|e| e.to_string()).and_then(|e| evaluate(&e, &|name| lookup(name).map(V::Str).unwrap_or(V::Null)).map_err(|e| e.to_string()));
    Some(result.map(|v| v.as_strings().into_iter().next().unwrap_or_default()))
}

/// Targets cross-tenant sync cannot write (peers.md §3 item 3).
const FORBIDDEN_TARGETS: [&str; 3] = ["otherMails", "proxyAddresses", "targetAddress"];

fn target_definition<'a>(schema: &'a Value, rule: &Value, object: &str, attribute: &str) -> Option<Option<&'a Value>> {
    let name = rule["targetDirectoryName"].as_str()?;
    let directory = schema["directories"].as_array()?.iter().find(|d| d["name"] == name)?;
    let definition = directory["objects"].as_array()?.iter().find(|o| o["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(object)))?;
    Some(definition["attributes"].as_array()?.iter().find(|a| a["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(attribute))))
}

/// What the service would refuse in a schema PUT, as SchemaInvalid messages.
pub fn validate(schema: &Value, job_id: &str) -> Result<(), String> {
    if schema["id"].as_str().is_some_and(|id| id != job_id) {
        return Err(format!("The schema id must be the job id '{job_id}'."));
    }
    let rules = schema["synchronizationRules"].as_array().filter(|r| !r.is_empty()).ok_or("The schema must contain its synchronizationRules.")?;
    if !schema["directories"].is_array() {
        return Err("The schema must contain its directories.".into());
    }
    for rule in rules {
        for m in rule["objectMappings"].as_array().ok_or("Every rule needs objectMappings.")? {
            let attrs = m["attributeMappings"].as_array().ok_or("Every object mapping needs attributeMappings.")?;
            let matching: Vec<&Value> = attrs.iter().filter(|a| a["matchingPriority"].as_i64().unwrap_or(0) > 0).collect();
            let is_user = m["sourceObjectName"] == "User";
            if is_user {
                let ok = matching.len() == 1
                    && matching[0]["targetAttributeName"] == "alternativeSecurityIds"
                    && matching[0]["source"]["expression"].as_str().is_some_and(|e| e.replace(' ', "") == "AltSecIdFromNetId([netId])");
                if !ok {
                    return Err("The matching attribute of the user mapping must stay AltSecIdFromNetId([netId]) -> alternativeSecurityIds, and no other attribute may be matching.".into());
                }
            } else if !matching.is_empty() {
                return Err(format!("Object mapping '{}' may not have matching attributes.", m["name"].as_str().unwrap_or("?")));
            }
            if m["sourceObjectName"] == "Group" && m["enabled"] == true {
                for required in ["displayName", "mailEnabled", "securityEnabled"] {
                    if !attrs.iter().any(|a| a["targetAttributeName"] == required) {
                        return Err(format!("The group mapping must map the mandatory attribute '{required}'."));
                    }
                }
            }
            for a in attrs {
                let target = a["targetAttributeName"].as_str().unwrap_or_default();
                if target.is_empty() {
                    return Err("Every attribute mapping needs a targetAttributeName.".into());
                }
                if FORBIDDEN_TARGETS.iter().any(|f| f.eq_ignore_ascii_case(target)) {
                    return Err(format!("The attribute '{target}' cannot be a target of this synchronization."));
                }
                let object = m["targetObjectName"].as_str().unwrap_or_default();
                match target_definition(schema, rule, object, target) {
                    Some(None) => return Err(format!("The target attribute '{target}' does not exist on '{object}' in the target directory.")),
                    Some(Some(d)) if d["mutability"] == "ReadOnly" => return Err(format!("The target attribute '{target}' is read-only.")),
                    _ => {}
                }
                let text = tenant_bridge_expression::source_text(&a["source"]);
                if text.chars().count() > 10_000 {
                    return Err("An expression is longer than 10,000 characters.".into());
                }
                if let Err(e) = tenant_bridge_expression::parse(&text).and_then(|e| tenant_bridge_expression::check(&e)) {
                    return Err(format!("The expression mapped to '{target}' is invalid: {e}"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schema_is_valid_with_the_group_mapping_off() {
        let s = default_schema("Azure2Azure.abc.t");
        assert!(validate(&s, "Azure2Azure.abc.t").is_ok());
        assert_eq!(object_mapping(&s, "Group").unwrap()["enabled"], false);
        assert_eq!(object_mapping(&s, "User").unwrap()["enabled"], true);
    }

    #[test]
    fn forbidden_read_only_unknown_targets_and_bad_expressions_are_schema_invalid() {
        let cases = [
            (json!({ "source": attribute("mail"), "targetAttributeName": "otherMails", "matchingPriority": 0 }), "cannot be a target"),
            (json!({ "source": attribute("mail"), "targetAttributeName": "netId", "matchingPriority": 0 }), "read-only"),
            (json!({ "source": attribute("mail"), "targetAttributeName": "departmnt", "matchingPriority": 0 }), "does not exist"),
            (json!({ "source": { "type": "Function", "name": "append", "expression": "append([mail], \"x\")", "parameters": [] }, "targetAttributeName": "department", "matchingPriority": 0 }), "is invalid"),
        ];
        for (row, reason) in cases {
            let mut s = default_schema("j");
            s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"].as_array_mut().unwrap().push(row);
            let e = validate(&s, "j").unwrap_err();
            assert!(e.contains(reason), "{e}");
        }
    }

    #[test]
    fn mapped_values_follow_the_expression() {
        let s = default_schema("j");
        let users = object_mapping(&s, "User");
        let lookup = |n: &str| (n == "displayName").then(|| "Ada".to_string());
        assert_eq!(mapped(users, "displayName", &lookup), Some(Ok("Ada".into())));
        assert_eq!(mapped(users, "city", &lookup), None);
        let mut s = s.clone();
        s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][2]["source"] = json!({ "type": "Function", "name": "Append", "expression": "Append([displayName], \" (Fabrikam)\")" });
        assert_eq!(mapped(object_mapping(&s, "User"), "displayName", &lookup), Some(Ok("Ada (Fabrikam)".into())));
    }

    #[test]
    fn changing_the_matching_attribute_is_schema_invalid() {
        let mut s = default_schema("j");
        s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][2]["matchingPriority"] = json!(2);
        assert!(validate(&s, "j").unwrap_err().contains("matching"));
    }

    #[test]
    fn an_enabled_group_mapping_without_a_mandatory_attribute_is_schema_invalid() {
        let mut s = default_schema("j");
        let g = &mut s["synchronizationRules"][0]["objectMappings"][1];
        g["enabled"] = json!(true);
        g["attributeMappings"].as_array_mut().unwrap().retain(|a| a["targetAttributeName"] != "securityEnabled");
        assert!(validate(&s, "j").unwrap_err().contains("securityEnabled"));
    }
}
