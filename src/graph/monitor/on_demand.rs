//! Provisioning one user on demand: find the user, read the rule ID, ask the engine.

use crate::graph::client::{ApiVersion, Graph};
use crate::model::error::AppError;
use crate::model::monitor::on_demand::{parse, OnDemandResult};
use gloo_net::http::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use crate::model::graph_url::with_query;

pub use crate::model::monitor::on_demand::SourceUser;

/// Up to 10 source users whose name starts a word with `text`.
pub async fn search_users(source: Graph, text: &str) -> Result<Vec<SourceUser>, AppError> {
    #[derive(Deserialize)]
    struct Page {
        value: Vec<SourceUser>,
    }
    let term: String = text.chars().filter(|c| c.is_alphanumeric() || " .-_@".contains(*c)).collect();
    let search = format!("\"displayName:{}\"", term.trim());
    let url = source.url(ApiVersion::V1, &with_query("/users", &[("$search", &search), ("$select", "id,displayName,userPrincipalName"), ("$top", "10")]));
    let body = source.send(Method::GET, &url, None, &[("ConsistencyLevel", "eventual")]).await?;
    serde_json::from_str::<Page>(&body).map(|p| p.value).map_err(|e| AppError::unexpected_shape(e, "GET", "/v1.0/users"))
}

/// Provisions one user now. The rule ID comes from the job's schema (its first rule, the
/// cross-tenant sync rule).
pub async fn provision_user(source: Graph, configuration_id: &str, job_id: &str, user_id: &str) -> Result<OnDemandResult, AppError> {
    let base = format!("/servicePrincipals/{configuration_id}/synchronization/jobs/{job_id}");
    let schema: Value = source.get(ApiVersion::V1, &format!("{base}/schema")).await?;
    let rule = schema["synchronizationRules"][0]["id"].as_str().unwrap_or_default().to_string();
    let body = json!({ "parameters": [{ "ruleId": rule, "subjects": [{ "objectId": user_id, "objectTypeName": "User" }] }] });
    let text = source.post(ApiVersion::V1, &format!("{base}/provisionOnDemand"), &body).await?;
    let answer: Value = serde_json::from_str(&text).unwrap_or_default();
    Ok(parse(&answer))
}
