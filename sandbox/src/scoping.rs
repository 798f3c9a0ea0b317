//! Scoping filters of an object mapping: clauses ANDed inside a filter group, groups ORed; a
//! missing (null) value makes a clause false. Operator names follow the sandbox's filterOperators.

use serde_json::Value;

/// True when the object passes the mapping's scope (`scope.groups`); no groups means everyone.
pub fn in_scope(mapping: Option<&Value>, attribute: &dyn Fn(&str) -> Option<String>) -> Result<bool, String> {
    let groups = mapping.and_then(|m| m["scope"]["groups"].as_array()).cloned().unwrap_or_default();
    if groups.is_empty() {
        return Ok(true);
    }
    for group in &groups {
        let mut all = true;
        for clause in group["clauses"].as_array().into_iter().flatten() {
            if !clause_passes(clause, attribute)? {
                all = false;
                break;
            }
        }
        if all {
            return Ok(true);
        }
    }
    Ok(false)
}

fn clause_passes(clause: &Value, attribute: &dyn Fn(&str) -> Option<String>) -> Result<bool, String> {
    let name = clause["sourceOperandName"].as_str().unwrap_or("");
    let op = clause["operatorName"].as_str().unwrap_or("").to_ascii_uppercase().replace('_', " ");
    let target = clause["targetOperand"]["values"].as_array().and_then(|v| v.first()).and_then(Value::as_str).unwrap_or("").to_string();
    let value = attribute(name);
    Ok(match op.as_str() {
        "IS NULL" => value.is_none(),
        "IS NOT NULL" => value.is_some(),
        _ => match value {
            None => false,
            Some(v) => match op.as_str() {
                "EQUALS" => v == target,
                "NOT EQUALS" => v != target,
                "IS TRUE" => v.eq_ignore_ascii_case("true"),
                "IS FALSE" => v.eq_ignore_ascii_case("false"),
                "INCLUDES" => v.contains(&target),
                "ENDS WITH" => v.ends_with(&target),
                "REGEX MATCH" | "NOT REGEX MATCH" => {
                    let re = regex_lite::Regex::new(&target).map_err(|e| format!("invalid regular expression '{target}': {e}"))?;
                    re.is_match(&v) == (op == "REGEX MATCH")
                }
                "GREATER THAN" | "GREATER THAN OR EQUALS" => {
                    let (a, b) = (v.parse::<i64>(), target.parse::<i64>());
                    match (a, b) {
                        (Ok(a), Ok(b)) => if op == "GREATER THAN" { a > b } else { a >= b },
                        _ => false,
                    }
                }
                other => return Err(format!("unknown scoping operator '{other}'")),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope(groups: Value) -> Value {
        json!({ "scope": { "groups": groups } })
    }

    fn clause(attr: &str, op: &str, value: &str) -> Value {
        json!({ "sourceOperandName": attr, "operatorName": op, "targetOperand": { "values": [value] } })
    }

    fn user(name: &str) -> Option<String> {
        match name {
            "department" => Some("Sales".into()),
            "employeeId" => Some("1042".into()),
            "mail" => Some("ada@fabrikam.com".into()),
            _ => None,
        }
    }

    #[test]
    fn no_filter_means_everyone() {
        assert!(in_scope(Some(&scope(json!([]))), &user).unwrap());
        assert!(in_scope(None, &user).unwrap());
    }

    #[test]
    fn clauses_are_anded_and_groups_ored() {
        let both = scope(json!([{ "name": "g", "clauses": [clause("department", "EQUALS", "Sales"), clause("mail", "ENDS_WITH", "@contoso.com")] }]));
        assert!(!in_scope(Some(&both), &user).unwrap());
        let either = scope(json!([{ "name": "a", "clauses": [clause("mail", "ENDS_WITH", "@contoso.com")] }, { "name": "b", "clauses": [clause("department", "EQUALS", "Sales")] }]));
        assert!(in_scope(Some(&either), &user).unwrap());
    }

    #[test]
    fn equals_is_case_sensitive_and_null_is_false() {
        assert!(!in_scope(Some(&scope(json!([{ "clauses": [clause("department", "EQUALS", "sales")] }]))), &user).unwrap());
        assert!(!in_scope(Some(&scope(json!([{ "clauses": [clause("city", "NOT EQUALS", "Paris")] }]))), &user).unwrap());
        assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("city", "IS NULL", "")] }]))), &user).unwrap());
    }

    #[test]
    fn regex_and_integer_operators() {
        assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("mail", "REGEX MATCH", "^ada@")] }]))), &user).unwrap());
        assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("employeeId", "Greater_Than", "1000")] }]))), &user).unwrap());
        assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("mail", "REGEX MATCH", "(")] }]))), &user).is_err());
    }
}
