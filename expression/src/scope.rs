//! Scoping filters of an object mapping: clauses ANDed inside a filter group, groups ORed; a
//! missing (null) value makes a clause false. Shared by the sandbox's engine and the app's live
//! preview, so both judge a filter the same way.
//!
//! Only `EQUALS` is documented as an API operator name; the others are the portal's labels, whose
//! API spelling is unverified (`NOT EQUALS` or `NOTEQUALS`, `Greater_Than` or `GREATER THAN`).
//! [`normalize`] folds case, underscores and spaces so every spelling lands on one operator.

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

/// An operator name folded to one spelling: upper case, words without separators (`NOTEQUALS`,
/// `GREATERTHANOREQUALS`, `REGEXMATCH`, `&`).
pub fn normalize(op: &str) -> String {
    op.chars().filter(|c| !matches!(c, ' ' | '_')).collect::<String>().to_ascii_uppercase()
}

/// Whether an operator takes no value (`IS NULL`, `IS TRUE`, ...).
pub fn is_unary(op: &str) -> bool {
    matches!(normalize(op).as_str(), "ISNULL" | "ISNOTNULL" | "ISTRUE" | "ISFALSE")
}

/// Checks a clause's value for its operator before anything is sent: integers for the
/// Greater_Than family and the bit operators, a valid regular expression for REGEX MATCH, a
/// value for every binary operator.
pub fn check_value(op: &str, value: &str) -> Result<(), String> {
    let folded = normalize(op);
    if is_unary(op) {
        return Ok(());
    }
    match folded.as_str() {
        "GREATERTHAN" | "GREATERTHANOREQUALS" | "&" | "!&" => value.trim().parse::<i64>().map(|_| ()).map_err(|_| format!("{op} compares whole numbers: '{value}' is not an integer")),
        "REGEXMATCH" | "NOTREGEXMATCH" => regex_lite::Regex::new(value).map(|_| ()).map_err(|e| format!("'{value}' is not a valid regular expression: {}", e.to_string().lines().last().unwrap_or("syntax error").trim())),
        _ if value.is_empty() => Err(format!("{op} needs a value to compare with")),
        _ => Ok(()),
    }
}

/// Whether one clause passes for an object.
pub fn clause_passes(clause: &Value, attribute: &dyn Fn(&str) -> Option<String>) -> Result<bool, String> {
    let name = clause["sourceOperandName"].as_str().unwrap_or("");
    let op = match normalize(clause["operatorName"].as_str().unwrap_or("")).as_str() {
        "ISNULL" => "IS NULL",
        "ISNOTNULL" => "IS NOT NULL",
        "EQUALS" => "EQUALS",
        "NOTEQUALS" => "NOT EQUALS",
        "ISTRUE" => "IS TRUE",
        "ISFALSE" => "IS FALSE",
        "INCLUDES" => "INCLUDES",
        "ENDSWITH" => "ENDS WITH",
        "REGEXMATCH" => "REGEX MATCH",
        "NOTREGEXMATCH" => "NOT REGEX MATCH",
        "GREATERTHAN" => "GREATER THAN",
        "GREATERTHANOREQUALS" => "GREATER THAN OR EQUALS",
        "&" => "&",
        "!&" => "!&",
        _ => return Err(format!("unknown scoping operator '{}'", clause["operatorName"].as_str().unwrap_or(""))),
    }
    .to_string();
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
                "GREATER THAN" | "GREATER THAN OR EQUALS" | "&" | "!&" => {
                    let (a, b) = (v.trim().parse::<i64>(), target.trim().parse::<i64>());
                    match (a, b) {
                        (Ok(a), Ok(b)) => match op.as_str() {
                            "GREATER THAN" => a > b,
                            "GREATER THAN OR EQUALS" => a >= b,
                            "&" => a & b != 0,
                            _ => a & b == 0,
                        },
                        _ => false,
                    }
                }
                _ => unreachable!("operators are normalized above"),
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

    #[test]
    fn every_spelling_of_an_operator_is_the_same_operator() {
        for op in ["NOT EQUALS", "NOTEQUALS", "Not_Equals"] {
            assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("department", op, "HR")] }]))), &user).unwrap(), "{op}");
        }
        for op in ["Greater_Than_OR_EQUALS", "GREATER THAN OR EQUALS"] {
            assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("employeeId", op, "1042")] }]))), &user).unwrap(), "{op}");
        }
        assert!(in_scope(Some(&scope(json!([{ "clauses": [clause("mail", "LIKE", "x")] }]))), &user).unwrap_err().contains("unknown"));
    }

    #[test]
    fn values_are_checked_for_their_operator() {
        assert!(check_value("Greater_Than", "12").is_ok());
        assert!(check_value("Greater_Than", "twelve").unwrap_err().contains("not an integer"));
        assert!(check_value("REGEX MATCH", "^a.*b$").is_ok());
        assert!(check_value("REGEX MATCH", "([a-z]").unwrap_err().contains("not a valid regular expression"));
        assert!(check_value("EQUALS", "").unwrap_err().contains("needs a value"));
        assert!(check_value("IS NULL", "").is_ok());
        assert!(is_unary("IS_TRUE") && !is_unary("EQUALS"));
    }
}
