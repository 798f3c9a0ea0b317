//! Evaluator, for testing an expression on a sample object (the sandbox's `parseExpression`).
//! Functions whose result depends on data the sandbox does not model (app role assignments,
//! unique-value lookups, random strings, date formats) report that instead of guessing.

use crate::parse::Expr;
use std::fmt;

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Str(String),
    Bool(bool),
    Int(i64),
    Multi(Vec<String>),
}

impl Value {
    /// The value as the service writes it into `evaluationResult`.
    pub fn as_strings(&self) -> Vec<String> {
        match self {
            Value::Null => vec![],
            Value::Str(s) => vec![s.clone()],
            Value::Bool(b) => vec![if *b { "True".into() } else { "False".into() }],
            Value::Int(n) => vec![n.to_string()],
            Value::Multi(v) => v.clone(),
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Multi(v) => v.first().cloned(),
            other => other.as_strings().into_iter().next(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Str(s) => s.is_empty(),
            Value::Multi(v) => v.is_empty(),
            _ => false,
        }
    }
}

/// Why evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// The expression is valid but cannot be evaluated here.
    Unsupported(String),
    /// An argument has a value the function cannot use.
    BadArgument(String),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Unsupported(m) | EvalError::BadArgument(m) => f.write_str(m),
        }
    }
}

/// Evaluates with attribute values from `lookup` (names compared case-insensitively by the caller).
pub fn evaluate(e: &Expr, lookup: &dyn Fn(&str) -> Value) -> Result<Value, EvalError> {
    match e {
        Expr::Attribute(name) => Ok(lookup(name)),
        Expr::Literal(s) => Ok(Value::Str(s.clone())),
        Expr::Number(n) => Ok(Value::Int(*n)),
        Expr::Compare { op, left, right } => {
            let (l, r) = (evaluate(left, lookup)?, evaluate(right, lookup)?);
            let ord = match (&l, &r) {
                (Value::Int(a), Value::Int(b)) => a.cmp(b),
                _ => match (l.text().unwrap_or_default().parse::<i64>(), r.text().unwrap_or_default().parse::<i64>()) {
                    (Ok(a), Ok(b)) => a.cmp(&b),
                    _ => l.text().unwrap_or_default().cmp(&r.text().unwrap_or_default()),
                },
            };
            use std::cmp::Ordering::*;
            Ok(Value::Bool(match op.as_str() {
                "=" => ord == Equal,
                "<>" => ord != Equal,
                "<" => ord == Less,
                "<=" => ord != Greater,
                ">" => ord == Greater,
                _ => ord != Less,
            }))
        }
        Expr::Call { name, args, .. } => call(name, args, lookup),
    }
}

fn call(name: &str, args: &[Option<Expr>], lookup: &dyn Fn(&str) -> Value) -> Result<Value, EvalError> {
    let arg = |i: usize| -> Result<Value, EvalError> {
        match args.get(i) {
            Some(Some(e)) => evaluate(e, lookup),
            _ => Ok(Value::Null),
        }
    };
    let text = |i: usize| -> Result<String, EvalError> { Ok(arg(i)?.text().unwrap_or_default()) };
    let int = |i: usize| -> Result<i64, EvalError> {
        match arg(i)? {
            Value::Int(n) => Ok(n),
            v => v.text().and_then(|t| t.trim().parse().ok()).ok_or_else(|| EvalError::BadArgument(format!("{name}: argument {} must be a whole number", i + 1))),
        }
    };
    let truth = |v: &Value| -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            other => other.text().is_some_and(|t| t.eq_ignore_ascii_case("true")),
        }
    };
    Ok(match name {
        "Append" => match (arg(0)?, text(1)?) {
            (Value::Null, _) => Value::Null,
            (v, suffix) => Value::Str(format!("{}{suffix}", v.text().unwrap_or_default())),
        },
        "Join" => {
            let sep = text(0)?;
            let mut parts = vec![];
            for i in 1..args.len() {
                parts.extend(arg(i)?.as_strings().into_iter().filter(|s| !s.is_empty()));
            }
            Value::Str(parts.join(&sep))
        }
        "Coalesce" => {
            for i in 0..args.len() {
                let v = arg(i)?;
                if !v.is_empty() {
                    return Ok(v);
                }
            }
            Value::Null
        }
        "IIF" => {
            if truth(&arg(0)?) { arg(1)? } else { arg(2)? }
        }
        "Switch" => {
            let source = text(0)?;
            let mut i = 2;
            while i + 1 < args.len() {
                if text(i)? == source {
                    return arg(i + 1);
                }
                i += 2;
            }
            arg(1)?
        }
        "ToLower" => map_text(arg(0)?, |s| s.to_lowercase()),
        "ToUpper" => map_text(arg(0)?, |s| s.to_uppercase()),
        "StripSpaces" => map_text(arg(0)?, |s| s.chars().filter(|c| *c != ' ').collect()),
        "NormalizeDiacritics" => map_text(arg(0)?, |s| s.chars().map(strip_diacritic).collect()),
        "PCase" => {
            let separators = args.get(1).and_then(|a| a.as_ref()).map(|_| text(1)).transpose()?.unwrap_or_else(|| " ".into());
            map_text(arg(0)?, |s| {
                let mut out = String::new();
                let mut start = true;
                for c in s.chars() {
                    out.extend(if start { c.to_uppercase().collect::<Vec<_>>() } else { c.to_lowercase().collect() });
                    start = separators.contains(c);
                }
                out
            })
        }
        "Left" => {
            let n = int(1)?.max(0) as usize;
            map_text(arg(0)?, |s| s.chars().take(n).collect())
        }
        "Mid" => {
            let (start, len) = (int(1)?, int(2)?);
            if start < 1 || len < 0 {
                return Err(EvalError::BadArgument("Mid: start is 1-based and length cannot be negative".into()));
            }
            map_text(arg(0)?, |s| s.chars().skip(start as usize - 1).take(len as usize).collect())
        }
        "Word" => {
            let (n, delimiters) = (int(1)?, text(2)?);
            map_text(arg(0)?, |s| {
                s.split(|c| delimiters.contains(c)).filter(|w| !w.is_empty()).nth((n.max(1) - 1) as usize).unwrap_or_default().to_string()
            })
        }
        "Split" => {
            let delimiter = text(1)?;
            match arg(0)?.text() {
                None => Value::Null,
                Some(s) if delimiter.is_empty() => Value::Multi(vec![s]),
                Some(s) => Value::Multi(s.split(delimiter.as_str()).map(String::from).collect()),
            }
        }
        // Assumption: Item's index is 1-based, like Mid's start; unverified in the documentation.
        "Item" => {
            let i = int(1)?;
            arg(0)?.as_strings().into_iter().nth((i.max(1) - 1) as usize).map(Value::Str).unwrap_or(Value::Null)
        }
        "Count" => Value::Int(arg(0)?.as_strings().len() as i64),
        "RemoveDuplicates" => {
            let mut seen: Vec<String> = vec![];
            for s in arg(0)?.as_strings() {
                if !seen.contains(&s) {
                    seen.push(s);
                }
            }
            Value::Multi(seen)
        }
        "Replace" => {
            if args.get(2).is_some_and(Option::is_some) {
                return Err(EvalError::Unsupported("Replace with a regexPattern is not evaluated by the sandbox; test it against the service".into()));
            }
            let (old, new) = (text(1)?, text(4)?);
            map_text(arg(0)?, |s| if old.is_empty() { s.to_string() } else { s.replace(&old, &new) })
        }
        "InStr" => {
            let (hay, needle) = (text(0)?, text(1)?);
            let start = if args.get(2).is_some_and(Option::is_some) { int(2)?.max(1) as usize } else { 1 };
            let pos = hay.chars().skip(start - 1).collect::<String>().find(&needle).map(|b| hay[..].chars().skip(start - 1).collect::<String>()[..b].chars().count() + start);
            Value::Int(pos.unwrap_or(0) as i64)
        }
        "BitAnd" => Value::Int(int(0)? & int(1)?),
        "Not" => Value::Bool(!truth(&arg(0)?)),
        "IsNull" => Value::Bool(arg(0)? == Value::Null),
        "IsNullOrEmpty" => Value::Bool(arg(0)?.is_empty()),
        "IsPresent" => Value::Bool(!arg(0)?.is_empty()),
        "IsString" => Value::Bool(matches!(arg(0)?, Value::Str(_))),
        "CStr" => arg(0)?.text().map(Value::Str).unwrap_or(Value::Null),
        "CBool" => Value::Bool(truth(&arg(0)?)),
        "IgnoreFlowIfNullOrEmpty" => arg(0)?,
        "ConvertToUTF8Hex" => map_text(arg(0)?, |s| s.bytes().map(|b| format!("{b:02x}")).collect()),
        other => return Err(EvalError::Unsupported(format!("{other} is valid but not evaluated by the sandbox (it depends on data or a clock the sandbox does not model)"))),
    })
}

fn map_text(v: Value, f: impl Fn(&str) -> String) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Multi(items) => Value::Multi(items.iter().map(|s| f(s)).collect()),
        other => Value::Str(f(&other.text().unwrap_or_default())),
    }
}

fn strip_diacritic(c: char) -> char {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ";
    const TO: &str = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY";
    FROM.chars().position(|x| x == c).and_then(|i| TO.chars().nth(i)).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn run(text: &str) -> Result<Value, EvalError> {
        let lookup = |name: &str| match name.to_ascii_lowercase().as_str() {
            "givenname" => Value::Str("Ada".into()),
            "surname" => Value::Str("Lovelace".into()),
            "country" => Value::Str("UK".into()),
            "mail" => Value::Str("ada@contoso.com".into()),
            "proxyaddresses" => Value::Multi(vec!["SMTP:ada@contoso.com".into(), "smtp:ada@fabrikam.com".into(), "SMTP:ada@contoso.com".into()]),
            "displayname" => Value::Str("José Müller".into()),
            _ => Value::Null,
        };
        evaluate(&parse(text).unwrap(), &lookup)
    }

    fn s(text: &str) -> String {
        run(text).unwrap().as_strings().join("|")
    }

    #[test]
    fn the_documented_join_example_gives_the_full_name() {
        assert_eq!(s(r#"Join(" ", [givenName], [surname])"#), "Ada Lovelace");
    }

    #[test]
    fn string_functions() {
        assert_eq!(s(r#"Append([givenName], " (Contoso)")"#), "Ada (Contoso)");
        assert_eq!(s("ToUpper([givenName])"), "ADA");
        assert_eq!(s("Left([surname], 4)"), "Love");
        assert_eq!(s("Mid([surname], 5, 4)"), "lace");
        assert_eq!(s(r#"Word("a,b;c", 3, ",;")"#), "c");
        assert_eq!(s(r#"PCase("ada LOVELACE")"#), "Ada Lovelace");
        assert_eq!(s("NormalizeDiacritics([displayName])"), "Jose Muller");
        assert_eq!(s(r#"Replace([mail], "contoso", , , "fabrikam", , )"#), "ada@fabrikam.com");
        assert_eq!(s(r#"StripSpaces("a b c")"#), "abc");
        assert_eq!(s(r#"InStr([mail], "@")"#), "4");
    }

    #[test]
    fn conditions_and_lookups() {
        assert_eq!(s(r#"IIF([country]="UK", "Europe", "Elsewhere")"#), "Europe");
        assert_eq!(s(r#"IIF([country]<>"UK", "Elsewhere", "Europe")"#), "Europe");
        assert_eq!(s(r#"Switch([country], "Unknown", "US", "United States", "UK", "United Kingdom")"#), "United Kingdom");
        assert_eq!(s(r#"Switch([nothing], "Unknown", "US", "United States")"#), "Unknown");
        assert_eq!(s(r#"Coalesce([nothing], [mail], "none")"#), "ada@contoso.com");
        assert_eq!(s("IsNullOrEmpty([nothing])"), "True");
        assert_eq!(s("Not(IsPresent([mail]))"), "False");
    }

    #[test]
    fn multi_valued_attributes() {
        assert_eq!(s("Count([proxyAddresses])"), "3");
        assert_eq!(s("Count(RemoveDuplicates([proxyAddresses]))"), "2");
        assert_eq!(s("Item([proxyAddresses], 2)"), "smtp:ada@fabrikam.com");
        assert_eq!(s(r#"Split("a,b", ",")"#), "a|b");
    }

    #[test]
    fn null_flows_through_append_and_unsupported_functions_say_so() {
        assert_eq!(run(r#"Append([nothing], "x")"#).unwrap(), Value::Null);
        assert!(matches!(run("SingleAppRoleAssignment([appRoleAssignments])"), Err(EvalError::Unsupported(_))));
        assert!(matches!(run(r#"Mid([surname], 0, 2)"#), Err(EvalError::BadArgument(_))));
    }
}
