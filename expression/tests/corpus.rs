//! A corpus of valid and invalid expressions: at least one of each for every documented function,
//! checked by the parser and the type checker the app and the sandbox share.

use tenant_bridge_expression::{check, parse, FUNCTIONS};

/// (function, a valid use, an invalid use, what the error must mention)
const CORPUS: &[(&str, &str, &str, &str)] = &[
    ("Append", r#"Append([displayName], " (Contoso)")"#, "Append([displayName])", "at least 2"),
    ("AppRoleAssignmentsComplex", "AppRoleAssignmentsComplex([appRoleAssignments])", "AppRoleAssignmentsComplex()", "at least 1"),
    ("BitAnd", "BitAnd([userAccountControl], 2)", r#"BitAnd([userAccountControl], "two")"#, "must be Integer"),
    ("CBool", r#"CBool([accountEnabled])"#, "CBool([a], [b])", "at most 1"),
    ("CDate", r#"CDate([StatusHireDate])"#, "CDate()", "at least 1"),
    ("Coalesce", r#"Coalesce([mail], [userPrincipalName], "none")"#, "Coalesce()", "at least"),
    ("ConvertToBase64", r#"ConvertToBase64("Hello world!")"#, r#"ConvertToBase64("a", "b")"#, "at most 1"),
    ("ConvertToUTF8Hex", r#"ConvertToUTF8Hex("Hello world!")"#, "ConvertToUTF8Hex()", "at least 1"),
    ("Count", "Count([proxyAddresses])", "Count([a], [b])", "at most 1"),
    ("CStr", "CStr([employeeId])", "CStr()", "at least 1"),
    ("DateAdd", r#"DateAdd("d", 7, CDate([StatusHireDate]))"#, r#"DateAdd("d", "seven", [StatusHireDate])"#, "must be Integer"),
    ("DateDiff", r#"DateDiff("d", Now(), CDate([StatusHireDate]))"#, r#"DateDiff("d", Now())"#, "at least 3"),
    ("DateFromNum", "DateFromNum([lastLogonTimestamp])", "DateFromNum()", "at least 1"),
    ("FormatDateTime", r#"FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#, r#"FormatDateTime([extensionAttribute1], , "yyyy")"#, "outputFormat) is missing"),
    ("Guid", "Guid()", "Guid([a])", "at most 0"),
    ("IgnoreFlowIfNullOrEmpty", "IgnoreFlowIfNullOrEmpty([department])", "IgnoreFlowIfNullOrEmpty()", "at least 1"),
    ("IIF", r#"IIF([country]="USA", [country], [department])"#, r#"IIF("yes", [a], [b])"#, "must be Boolean"),
    ("InStr", r#"InStr([mail], "@", 1, "text")"#, r#"InStr([mail], "@", "one")"#, "must be Integer"),
    ("IsNull", "IsNull([manager])", "IsNull()", "at least 1"),
    ("IsNullOrEmpty", "IsNullOrEmpty([mail])", "IsNullOrEmpty([a], [b])", "at most 1"),
    ("IsPresent", "IsPresent([mail])", "IsPresent()", "at least 1"),
    ("IsString", "IsString([mail])", "IsString()", "at least 1"),
    ("Item", "Item([proxyAddresses], 1)", r#"Item([proxyAddresses], "first")"#, "must be Integer"),
    ("Join", r#"Join(" ", [givenName], [surname])"#, r#"Join(" ")"#, "at least 2"),
    ("Left", "Left([givenName], 1)", r#"Left([givenName], "one")"#, "must be Integer"),
    ("Mid", "Mid([displayName], 1, 3)", "Mid([displayName], 1)", "at least 3"),
    ("NormalizeDiacritics", "NormalizeDiacritics([givenName])", "NormalizeDiacritics()", "at least 1"),
    ("Not", "Not(IsNull([manager]))", r#"Not("yes")"#, "must be Boolean"),
    ("Now", "Now()", "Now([a])", "at most 0"),
    ("NumFromDate", r#"NumFromDate(Join("", FormatDateTime([StatusHireDate], , "yyyy-MM-ddzzz", "yyyy-MM-dd"), "T23:59:59-08:00"))"#, "NumFromDate()", "at least 1"),
    ("PCase", r#"PCase([displayName], " ,-")"#, "PCase()", "at least 1"),
    ("RandomString", r#"RandomString(6, 3, 0, 0, 3, "A")"#, "RandomString(6, 3)", "at least 5"),
    ("Redact", "Redact([userPrincipalName])", "Redact()", "at least 1"),
    ("RemoveDuplicates", "RemoveDuplicates([proxyAddresses])", r#"RemoveDuplicates("a")"#, "must be MultiString"),
    ("Replace", r#"Replace([mail], , "@.*", , "", , )"#, r#"Replace([mail], , "@.*", , "", , , "extra")"#, "at most 7"),
    ("SelectUniqueValue", r#"SelectUniqueValue(Join("@", [givenName], "contoso.com"), Join("@", [surname], "contoso.com"))"#, "SelectUniqueValue()", "at least 1"),
    ("SingleAppRoleAssignment", "SingleAppRoleAssignment([appRoleAssignments])", "SingleAppRoleAssignment()", "at least 1"),
    ("Split", r#"Split([extensionAttribute5], ",")"#, "Split([extensionAttribute5])", "at least 2"),
    ("StripSpaces", "StripSpaces([displayName])", "StripSpaces()", "at least 1"),
    ("Switch", r#"Switch([state], "Unknown", "NY", "New York", "CA", "California")"#, r#"Switch([state], "Unknown", "NY")"#, "key and value pairs"),
    ("ToLower", r#"ToLower([userPrincipalName], "en-US")"#, r#"ToLower([a], "en", "x")"#, "at most 2"),
    ("ToUpper", "ToUpper([department])", "ToUpper()", "at least 1"),
    ("Word", r#"Word([displayName], 1, " ")"#, r#"Word([displayName], "one", " ")"#, "must be Integer"),
];

#[test]
fn the_corpus_covers_every_documented_function() {
    for f in FUNCTIONS {
        assert!(CORPUS.iter().any(|(name, ..)| *name == f.name), "no corpus entry for {}", f.name);
    }
}

#[test]
fn every_valid_expression_parses_and_checks() {
    for (name, valid, ..) in CORPUS {
        let e = parse(valid).unwrap_or_else(|e| panic!("{name}: {valid}: {e}"));
        check(&e).unwrap_or_else(|e| panic!("{name}: {valid}: {e}"));
    }
}

#[test]
fn every_invalid_expression_is_refused_with_its_reason() {
    for (name, _, invalid, reason) in CORPUS {
        let message = match parse(invalid) {
            Err(e) => e.message,
            Ok(e) => check(&e).expect_err(&format!("{name}: {invalid} should be refused")).message,
        };
        assert!(message.contains(reason), "{name}: {invalid}: '{message}' does not mention '{reason}'");
    }
}

/// Syntax errors, each with the character position where the parser stopped.
#[test]
fn syntax_errors_have_positions() {
    for (text, position, reason) in [
        (r#"Append([displayName], "x""#, 0, "Append( is not closed"),
        ("Append([displayName] \"x\")", 21, "expected ',' or ')'"),
        (r#"Append([displayName, "x")"#, 21, "inside an attribute name"),
        (r#""unterminated"#, 0, "string is not closed"),
        ("", 0, "empty"),
        ("[a] [b]", 4, "after the end"),
        (r#"Append([a], "x"))"#, 16, "unexpected ')'"),
    ] {
        let e = parse(text).expect_err(text);
        assert_eq!(e.position, position, "{text}: {}", e.message);
        assert!(e.message.contains(reason), "{text}: {}", e.message);
    }
}

#[test]
fn an_expression_over_10000_characters_is_refused() {
    let long = format!("Append([a], \"{}\")", "x".repeat(10_000));
    assert!(parse(&long).unwrap_err().message.contains("longer than 10000"));
}
