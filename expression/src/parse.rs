//! Parser: text to [`Expr`], with the character position of the first error.

use std::fmt;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `[name]`
    Attribute(String),
    /// `"text"`, unescaped.
    Literal(String),
    /// An unquoted number such as `3`.
    Number(i64),
    /// `Name(arg, …)`; an empty slot (`Replace([a], , "x")`) is `None`.
    Call { name: String, args: Vec<Option<Expr>>, at: usize },
    /// `left op right`, allowed as an `IIF` condition.
    Compare { op: String, left: Box<Expr>, right: Box<Expr> },
}

impl Expr {
    /// The attributes the expression reads, each once, in order of appearance.
    pub fn attributes(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            match e {
                Expr::Attribute(n) if !out.contains(n) => out.push(n.clone()),
                Expr::Compare { left, right, .. } => {
                    walk(left, out);
                    walk(right, out);
                }
                Expr::Call { args, .. } => args.iter().flatten().for_each(|a| walk(a, out)),
                _ => {}
            }
        }
        let mut out = vec![];
        walk(self, &mut out);
        out
    }
}

/// Where parsing stopped and why; `position` counts characters from 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position + 1, self.message)
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    _text: &'a str,
}

/// Parses a whole expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.chars().count() > crate::MAX_LENGTH {
        return Err(ParseError { position: crate::MAX_LENGTH, message: format!("the expression is longer than {} characters", crate::MAX_LENGTH) });
    }
    let mut p = Parser { chars: text.chars().collect(), pos: 0, _text: text };
    p.skip_ws();
    if p.at_end() {
        return Err(p.error("the expression is empty"));
    }
    let e = p.comparison()?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.error(&format!("unexpected '{}' after the end of the expression", p.chars[p.pos])));
    }
    Ok(e)
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> ParseError {
        ParseError { position: self.pos, message: message.to_string() }
    }

    fn comparison(&mut self) -> Result<Expr, ParseError> {
        let left = self.primary()?;
        self.skip_ws();
        let op = match (self.peek(), self.chars.get(self.pos + 1).copied()) {
            (Some('<'), Some('>')) => "<>",
            (Some('<'), Some('=')) => "<=",
            (Some('>'), Some('=')) => ">=",
            (Some('<'), _) => "<",
            (Some('>'), _) => ">",
            (Some('='), _) => "=",
            _ => return Ok(left),
        };
        self.pos += op.len();
        self.skip_ws();
        let right = self.primary()?;
        Ok(Expr::Compare { op: op.to_string(), left: Box::new(left), right: Box::new(right) })
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("the expression ends where a value was expected")),
            Some('[') => self.attribute(),
            Some('"') => self.string(),
            Some(c) if c.is_ascii_digit() || c == '-' => self.number(),
            Some(c) if c.is_alphabetic() => self.call(),
            Some(c) => Err(self.error(&format!("unexpected '{c}': expected a function, an [attribute], a \"string\" or a number"))),
        }
    }

    fn attribute(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == ']' {
                self.pos += 1;
                let name = name.trim().to_string();
                if name.is_empty() {
                    return Err(ParseError { position: start, message: "an attribute name is empty: write [displayName]".into() });
                }
                return Ok(Expr::Attribute(name));
            }
            if c == '[' || c == '"' {
                return Err(self.error(&format!("unexpected '{c}' inside an attribute name")));
            }
            name.push(c);
            self.pos += 1;
        }
        Err(ParseError { position: start, message: "the attribute is not closed: a ']' is missing".into() })
    }

    fn string(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\\' => match self.peek() {
                    Some(e @ ('\\' | '"')) => {
                        text.push(e);
                        self.pos += 1;
                    }
                    _ => text.push('\\'),
                },
                '"' => return Ok(Expr::Literal(text)),
                c => text.push(c),
            }
        }
        Err(ParseError { position: start, message: "the string is not closed: a '\"' is missing (write \\\" for a quote inside it)".into() })
    }

    fn number(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse().map(Expr::Number).map_err(|_| ParseError { position: start, message: format!("'{text}' is not a whole number") })
    }

    fn call(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(ParseError {
                position: start,
                message: format!("'{name}' is not a value: functions need parentheses, attributes need brackets ([{name}]) and strings need quotes (\"{name}\")"),
            });
        }
        self.pos += 1;
        let mut args = vec![];
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(Expr::Call { name, args, at: start });
        }
        loop {
            self.skip_ws();
            if matches!(self.peek(), Some(',') | Some(')')) {
                args.push(None);
            } else {
                args.push(Some(self.comparison()?));
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Expr::Call { name, args, at: start });
                }
                Some(c) => return Err(self.error(&format!("unexpected '{c}': expected ',' or ')' in the arguments of {name}"))),
                None => return Err(ParseError { position: start, message: format!("{name}( is not closed: a ')' is missing") }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_calls_attributes_strings_and_escapes_parse() {
        let e = parse(r#"Join(" ", [givenName], Append([surname], " \"Jr\" \\ x"))"#).unwrap();
        let Expr::Call { name, args, .. } = e else { panic!() };
        assert_eq!(name, "Join");
        assert_eq!(args[0], Some(Expr::Literal(" ".into())));
        assert_eq!(args[1], Some(Expr::Attribute("givenName".into())));
        let Some(Expr::Call { args: inner, .. }) = &args[2] else { panic!() };
        assert_eq!(inner[1], Some(Expr::Literal(r#" "Jr" \ x"#.into())));
    }

    #[test]
    fn iif_conditions_compare() {
        let e = parse(r#"IIF([country]<>"US", "x", "y")"#).unwrap();
        let Expr::Call { args, .. } = e else { panic!() };
        assert!(matches!(&args[0], Some(Expr::Compare { op, .. }) if op == "<>"));
    }

    #[test]
    fn attributes_are_listed_once_in_order() {
        let e = parse(r#"IIF([country]="USA", Join(" ", [givenName], [country]), [surname])"#).unwrap();
        assert_eq!(e.attributes(), ["country", "givenName", "surname"]);
    }

    #[test]
    fn empty_slots_are_kept() {
        let Expr::Call { args, .. } = parse(r#"Replace([mail], , "@.*", , "", , )"#).unwrap() else { panic!() };
        assert_eq!(args.len(), 7);
        assert_eq!(args[1], None);
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(parse(r#"Append([a, "x")"#).unwrap_err().position, 11);
        assert_eq!(parse(r#"Append([a], "x""#).unwrap_err().message, "Append( is not closed: a ')' is missing");
        assert_eq!(parse(r#"Append([a], "x)"#).unwrap_err().position, 12);
        assert!(parse("displayName").unwrap_err().message.contains("[displayName]"));
        assert_eq!(parse(r#"[a] [b]"#).unwrap_err().position, 4);
        assert!(parse("").is_err());
        assert!(parse("[]").is_err());
        assert!(parse(&"x".repeat(10_001)).unwrap_err().message.contains("10000"));
    }
}
