//! The documented functions with their parameters (functions-for-customizing-application-data,
//! 08/06/2024), for the checker, the palette and the sandbox's `functions` endpoint.

use crate::check::ValueType;

/// A parameter of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ValueType,
    pub required: bool,
}

/// A function: its parameters, whether the last one repeats, and what it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionSpec {
    pub name: &'static str,
    pub params: &'static [Param],
    /// The last parameter may occur any number of times.
    pub variadic: bool,
    pub returns: ValueType,
}

impl FunctionSpec {
    /// `Name(a, b, [c])` for the palette.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let dots = if self.variadic && i + 1 == self.params.len() { ", …" } else { "" };
                if p.required { format!("{}{dots}", p.name) } else { format!("[{}]{dots}", p.name) }
            })
            .collect();
        format!("{}({})", self.name, params.join(", "))
    }
}

const fn req(name: &'static str, kind: ValueType) -> Param {
    Param { name, kind, required: true }
}

const fn opt(name: &'static str, kind: ValueType) -> Param {
    Param { name, kind, required: false }
}

use ValueType::{Any, Boolean, DateTime, Integer, MultiString, String as Str};

const fn f(name: &'static str, params: &'static [Param], variadic: bool, returns: ValueType) -> FunctionSpec {
    FunctionSpec { name, params, variadic, returns }
}

/// Every documented function.
pub const FUNCTIONS: &[FunctionSpec] = &[
    f("Append", &[req("source", Str), req("suffix", Str)], false, Str),
    f("AppRoleAssignmentsComplex", &[req("appRoleAssignments", Any)], false, Any),
    f("BitAnd", &[req("value1", Integer), req("value2", Integer)], false, Integer),
    f("CBool", &[req("expression", Any)], false, Boolean),
    f("CDate", &[req("expression", Any)], false, DateTime),
    f("Coalesce", &[req("source1", Any), req("source", Any)], true, Str),
    f("ConvertToBase64", &[req("source", Str)], false, Str),
    f("ConvertToUTF8Hex", &[req("source", Str)], false, Str),
    f("Count", &[req("attribute", Any)], false, Integer),
    f("CStr", &[req("value", Any)], false, Str),
    f("DateAdd", &[req("interval", Str), req("value", Integer), req("dateTime", Any)], false, DateTime),
    f("DateDiff", &[req("interval", Str), req("date1", Any), req("date2", Any)], false, Integer),
    f("DateFromNum", &[req("value", Any)], false, DateTime),
    f("FormatDateTime", &[req("source", Any), opt("dateTimeStyles", Str), req("inputFormat", Str), req("outputFormat", Str)], false, Str),
    f("Guid", &[], false, Str),
    f("IgnoreFlowIfNullOrEmpty", &[req("expression", Any)], false, Any),
    f("IIF", &[req("condition", Boolean), req("valueIfTrue", Any), req("valueIfFalse", Any)], false, Any),
    f("InStr", &[req("value1", Str), req("value2", Str), opt("start", Integer), opt("compareType", Str)], false, Integer),
    f("IsNull", &[req("expression", Any)], false, Boolean),
    f("IsNullOrEmpty", &[req("expression", Any)], false, Boolean),
    f("IsPresent", &[req("expression", Any)], false, Boolean),
    f("IsString", &[req("expression", Any)], false, Boolean),
    f("Item", &[req("attribute", MultiString), req("index", Integer)], false, Str),
    f("Join", &[req("separator", Str), req("source", Any)], true, Str),
    f("Left", &[req("String", Str), req("NumChars", Integer)], false, Str),
    f("Mid", &[req("source", Str), req("start", Integer), req("length", Integer)], false, Str),
    f("NormalizeDiacritics", &[req("source", Str)], false, Str),
    f("Not", &[req("source", Boolean)], false, Boolean),
    f("Now", &[], false, DateTime),
    f("NumFromDate", &[req("value", Any)], false, Integer),
    f("PCase", &[req("source", Str), opt("wordSeparators", Str)], false, Str),
    f("RandomString", &[req("Length", Integer), req("MinimumNumbers", Integer), req("MinimumSpecialCharacters", Integer), req("MinimumCapital", Integer), req("MinimumLowerCase", Integer), opt("CharactersToAvoid", Str)], false, Str),
    f("Redact", &[req("source", Any)], false, Str),
    f("RemoveDuplicates", &[req("attribute", MultiString)], false, MultiString),
    f("Replace", &[req("source", Str), opt("oldValue", Str), opt("regexPattern", Str), opt("regexGroupName", Str), opt("replacementValue", Str), opt("replacementAttributeName", Any), opt("template", Str)], false, Str),
    f("SelectUniqueValue", &[req("uniqueValueRule", Str)], true, Str),
    f("SingleAppRoleAssignment", &[req("appRoleAssignments", Any)], false, Str),
    f("Split", &[req("source", Str), req("delimiter", Str)], false, MultiString),
    f("StripSpaces", &[req("source", Str)], false, Str),
    f("Switch", &[req("source", Any), req("defaultValue", Any), req("key", Any), req("value", Any)], true, Any),
    f("ToLower", &[req("source", Str), opt("culture", Str)], false, Str),
    f("ToUpper", &[req("source", Str), opt("culture", Str)], false, Str),
    f("Word", &[req("String", Str), req("WordNumber", Integer), req("Delimiters", Str)], false, Str),
];

/// Functions the service's own default cross-tenant schema uses but the function reference does
/// not document: `AltSecIdFromNetId([netId])` feeds the matching attribute (graph-api.md §5.2).
/// Known so that the default schema checks; not offered in the palette.
pub const SERVICE_FUNCTIONS: &[FunctionSpec] = &[f("AltSecIdFromNetId", &[req("netId", Any)], false, Any)];

/// The function of that exact (case-sensitive) name.
pub fn function(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().chain(SERVICE_FUNCTIONS).find(|f| f.name == name)
}

/// A function the service's own catalog (`GET …/schema/functions`) lists beyond the documented
/// ones (the live catalog has, for example, `DefaultDomain` and `IsNothing`). The catalog is the
/// authority: such a function is accepted with the catalog's arity, its arguments and result
/// untyped, since nothing documents them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogFunction {
    pub name: String,
    /// Parameters, in order: (name, required, may repeat).
    pub params: Vec<(String, bool, bool)>,
}

impl CatalogFunction {
    /// Reads one entry of the catalog: the name is `id` (the resource's key) or `name`;
    /// `parameters` carry `name`, `required` and `allowMultipleOccurrences`. `None` without a name.
    pub fn from_json(v: &serde_json::Value) -> Option<CatalogFunction> {
        let name = v["id"].as_str().or(v["name"].as_str()).map(str::trim).filter(|n| !n.is_empty())?.to_string();
        let params = v["parameters"]
            .as_array()
            .map(|ps| ps.iter().map(|p| (p["name"].as_str().unwrap_or("value").to_string(), p["required"].as_bool().unwrap_or(false), p["allowMultipleOccurrences"].as_bool().unwrap_or(false))).collect())
            .unwrap_or_default();
        Some(CatalogFunction { name, params })
    }

    /// `Name(a, [b], …)` for the palette.
    pub fn signature(&self) -> String {
        let ps: Vec<String> = self.params.iter().map(|(n, req, many)| format!("{}{}", if *req { n.clone() } else { format!("[{n}]") }, if *many { ", …" } else { "" })).collect();
        format!("{}({})", self.name, ps.join(", "))
    }
}

static CATALOG: std::sync::RwLock<Vec<CatalogFunction>> = std::sync::RwLock::new(Vec::new());

/// Makes the service's catalog known to the checker (replacing an earlier one). Functions of the
/// documented list keep their documented types.
pub fn set_catalog(list: Vec<CatalogFunction>) {
    *CATALOG.write().unwrap_or_else(|e| e.into_inner()) = list.into_iter().filter(|f| function(&f.name).is_none()).collect();
}

/// The catalog function of that exact name, when the service listed it and the documented list
/// does not have it.
pub fn catalog_function(name: &str) -> Option<CatalogFunction> {
    CATALOG.read().unwrap_or_else(|e| e.into_inner()).iter().find(|f| f.name == name).cloned()
}

/// Every catalog-only function, for the palette.
pub fn catalog_functions() -> Vec<CatalogFunction> {
    CATALOG.read().unwrap_or_else(|e| e.into_inner()).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_function_is_known_once() {
        let documented = "Append, AppRoleAssignmentsComplex, BitAnd, CBool, CDate, Coalesce, ConvertToBase64, ConvertToUTF8Hex, Count, CStr, DateAdd, DateDiff, DateFromNum, FormatDateTime, Guid, IgnoreFlowIfNullOrEmpty, IIF, InStr, IsNull, IsNullOrEmpty, IsPresent, IsString, Item, Join, Left, Mid, NormalizeDiacritics, Not, Now, NumFromDate, PCase, RandomString, Redact, RemoveDuplicates, Replace, SelectUniqueValue, SingleAppRoleAssignment, Split, StripSpaces, Switch, ToLower, ToUpper, Word";
        for name in documented.split(", ") {
            assert!(function(name).is_some(), "{name}");
        }
        assert_eq!(FUNCTIONS.len(), documented.split(", ").count());
    }

    #[test]
    fn signatures_show_optional_and_repeating_parameters() {
        assert_eq!(function("Join").unwrap().signature(), "Join(separator, source, …)");
        assert_eq!(function("ToLower").unwrap().signature(), "ToLower(source, [culture])");
    }
}
