//! The answer of `provisionOnDemand`, which Microsoft documents in two shapes: `key` a JSON result
//! with `value` a JSON object of details (API reference), or `key` a type name with `value` a JSON
//! array of status entries (CTS guide). Both are read defensively.

use crate::model::monitor::explain::explain;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A user as the on-demand picker shows it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceUser {
    pub id: String,
    #[serde(default)]
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub display_name: String,
    #[serde(default)]
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub user_principal_name: String,
}


/// One step the engine took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnDemandStep {
    pub name: String,
    pub status: String,
    pub description: String,
}

/// What provisioning one object on demand did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnDemandResult {
    /// Success, Skipped, Failure (as the service words it), or Unknown.
    pub result: String,
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub steps: Vec<OnDemandStep>,
}

impl OnDemandResult {
    /// The meaning and remedy of the error or skip code, when one is known.
    pub fn explanation(&self) -> Option<(&'static str, &'static str)> {
        self.error_code.as_deref().and_then(explain).map(|e| (e.meaning, e.remedy))
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn steps_of(v: &Value) -> Vec<OnDemandStep> {
    v.as_array()
        .map(|a| a.iter().map(|s| OnDemandStep { name: text(&s["name"]), status: text(&s["status"]), description: text(&s["description"]) }).collect())
        .unwrap_or_default()
}

/// Parses the `{key, value}` answer in either documented shape.
pub fn parse(answer: &Value) -> OnDemandResult {
    let decode = |v: &Value| match v {
        Value::String(s) => serde_json::from_str::<Value>(s).unwrap_or(Value::String(s.clone())),
        other => other.clone(),
    };
    let key = decode(&answer["key"]);
    let value = decode(&answer["value"]);
    let mut result = OnDemandResult { result: "Unknown".into(), error_code: None, message: None, steps: vec![] };
    if key.is_object() {
        result.result = text(&key["result"]);
        result.error_code = key["details"]["errorCode"].as_str().filter(|c| !c.is_empty()).map(String::from);
        result.message = key["details"]["errorMessage"].as_str().map(String::from);
    }
    if value.is_object() {
        result.steps = steps_of(&value["provisioningSteps"]);
        if result.error_code.is_none() {
            result.error_code = value["statusInfo"]["errorCode"].as_str().filter(|c| !c.is_empty()).map(String::from);
        }
        if result.result == "Unknown" {
            if let Some(s) = value["statusInfo"]["status"].as_str() {
                result.result = s.to_string();
            }
        }
    } else if let Some(entries) = value.as_array() {
        // The guide's shape: an array of status entries, each with its provisioningSteps.
        for entry in entries {
            result.steps.extend(steps_of(&entry["provisioningSteps"]));
            if let Some(s) = entry["status"].as_str().or(entry["statusInfo"]["status"].as_str()) {
                result.result = s.to_string();
            }
        }
    }
    if result.result.is_empty() {
        result.result = "Unknown".into();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_api_reference_shape_yields_result_code_and_steps() {
        let answer = json!({
            "key": "{\"result\":\"Skipped\",\"details\":{\"errorCode\":\"RedundantExport\",\"errorMessage\":\"The target already matches.\"}}",
            "value": "{\"action\":\"Other\",\"provisioningSteps\":[{\"name\":\"EntryImport\",\"type\":\"Import\",\"status\":\"Success\",\"description\":\"Retrieved User 'Ada'\"}],\"statusInfo\":{\"status\":\"Skipped\"}}"
        });
        let r = parse(&answer);
        assert_eq!(r.result, "Skipped");
        assert_eq!(r.error_code.as_deref(), Some("RedundantExport"));
        assert_eq!(r.steps, [OnDemandStep { name: "EntryImport".into(), status: "Success".into(), description: "Retrieved User 'Ada'".into() }]);
        assert!(r.explanation().unwrap().0.contains("Nothing to change"));
    }

    #[test]
    fn the_guide_shape_with_an_array_value_is_read_too() {
        let answer = json!({
            "key": "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo",
            "value": "[{\"status\":\"Success\",\"provisioningSteps\":[{\"name\":\"EntryExportAdd\",\"status\":\"Success\",\"description\":\"Created\"}]}]"
        });
        let r = parse(&answer);
        assert_eq!(r.result, "Success");
        assert_eq!(r.steps[0].name, "EntryExportAdd");
        assert_eq!(r.error_code, None);
    }

    #[test]
    fn garbage_is_an_unknown_result_not_a_panic() {
        let r = parse(&json!({ "key": 5, "value": "not json" }));
        assert_eq!(r.result, "Unknown");
        assert!(r.steps.is_empty());
    }
}
