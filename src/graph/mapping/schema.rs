//! The job's synchronization schema: read, the operator catalog, parseExpression on a real
//! object, the assigned users and groups for the scoping preview, and the guarded save
//! (re-read, refuse when it changed meanwhile, one PUT of the whole object, read back).

use crate::graph::client::{ApiVersion, Graph};
use crate::graph::setup::apply::{AssignedPrincipal, ASSIGNMENT_SELECT};
use crate::model::batch::BatchRequest;
use crate::model::error::{AppError, ErrorKind};
use crate::model::mapping::schema::{parse_operators, Operator};
use serde_json::{json, Value};
use crate::model::graph_url::with_query;

/// Where a job's schema lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaRef {
    pub configuration_id: String,
    pub job_id: String,
}

impl SchemaRef {
    pub fn path(&self) -> String {
        format!("/servicePrincipals/{}/synchronization/jobs/{}/schema", self.configuration_id, self.job_id)
    }
}

/// `GET …/schema`.
pub async fn read(graph: Graph, at: &SchemaRef) -> Result<Value, AppError> {
    graph.get(ApiVersion::V1, &at.path()).await
}

/// `GET …/schema/filterOperators`; `None` when the catalog cannot be read (the editor then
/// offers the documented operators and says so).
pub async fn operators(graph: Graph, at: &SchemaRef) -> Option<Vec<Operator>> {
    let body: Value = graph.get(ApiVersion::V1, &format!("{}/filterOperators", at.path())).await.ok()?;
    Some(parse_operators(&body)).filter(|ops| !ops.is_empty())
}

/// `GET …/schema/functions`: the service's function catalog, the authority on which functions an
/// expression may use (it lists more than the reference page). `None` when it cannot be read: the
/// documented list is then the fallback.
pub async fn functions(graph: Graph, at: &SchemaRef) -> Option<Vec<tenant_bridge_expression::CatalogFunction>> {
    let body: Value = graph.get(ApiVersion::V1, &format!("{}/functions", at.path())).await.ok()?;
    Some(body["value"].as_array()?.iter().filter_map(tenant_bridge_expression::CatalogFunction::from_json).collect())
}

/// What the service said about an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpressionTest {
    pub parsed: bool,
    pub evaluated: bool,
    pub result: Vec<String>,
    pub error: Option<String>,
}

/// `POST …/schema/parseExpression` with an object's properties as the test input.
pub async fn test_expression(graph: Graph, at: &SchemaRef, expression: &str, properties: &[(String, Value)]) -> Result<ExpressionTest, AppError> {
    let url = format!("{}/parseExpression", at.path());
    let props: Vec<Value> = properties
        .iter()
        .map(|(k, v)| match v {
            Value::Array(_) => json!({ "key": k, "value@odata.type": "#Collection(String)", "value": v }),
            _ => json!({ "key": k, "value": v }),
        })
        .collect();
    let body = json!({ "expression": expression, "targetAttributeDefinition": null, "testInputObject": { "definition": null, "properties": props } });
    let text = graph.post(ApiVersion::V1, &url, &body).await?;
    let v: Value = serde_json::from_str(&text).map_err(|e| AppError::unexpected_shape(e, "POST", &url))?;
    Ok(ExpressionTest::from_answer(&v))
}

impl ExpressionTest {
    /// Reads a `parseExpressionResponse`.
    pub fn from_answer(v: &Value) -> ExpressionTest {
        // evaluationResult is documented as a collection of strings; accept a bare value too.
        let result = match &v["evaluationResult"] {
            Value::Array(a) => a.iter().map(|x| x.as_str().map(String::from).unwrap_or_else(|| x.to_string())).collect(),
            Value::Null => vec![],
            other => vec![other.as_str().map(String::from).unwrap_or_else(|| other.to_string())],
        };
        ExpressionTest {
            parsed: v["parsingSucceeded"].as_bool().unwrap_or(false),
            evaluated: v["evaluationSucceeded"].as_bool().unwrap_or(false),
            result,
            error: v["error"]["message"].as_str().map(String::from),
        }
    }
}

/// A user or group assigned to the configuration, with the attributes the preview needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Assigned {
    pub id: String,
    pub name: String,
    /// `User` or `Group`.
    pub kind: String,
    pub attributes: Vec<(String, Value)>,
}

/// Everyone assigned to the configuration (appRoleAssignedTo), each read with `select` in one
/// batched round trip per 20. Only direct assignments: the engine does the same.
pub async fn assigned(graph: Graph, configuration_id: &str, user_select: &[String], group_select: &[String]) -> Result<Vec<Assigned>, AppError> {
    let list: Vec<_> = graph
        .get_all::<AssignedPrincipal>(ApiVersion::V1, &with_query(&format!("/servicePrincipals/{configuration_id}/appRoleAssignedTo"), &[("$select", ASSIGNMENT_SELECT), ("$top", "999")]), &[])
        .await?
        .into_iter()
        .map(AssignedPrincipal::into_assignment)
        .collect();
    let select = |base: &[&str], extra: &[String]| {
        let mut all: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        all.extend(extra.iter().filter(|a| !all.iter().any(|b| b.eq_ignore_ascii_case(a))).cloned().collect::<Vec<_>>());
        all.join(",")
    };
    let requests: Vec<BatchRequest> = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let url = if a.principal_type.eq_ignore_ascii_case("Group") {
                with_query(&format!("/groups/{}", a.principal_id), &[("$select", &select(&["id", "displayName"], group_select))])
            } else {
                with_query(&format!("/users/{}", a.principal_id), &[("$select", &select(&["id", "displayName", "userPrincipalName"], user_select))])
            };
            BatchRequest::get(&i.to_string(), url)
        })
        .collect();
    let answers = if requests.is_empty() { vec![] } else { graph.batch(ApiVersion::V1, requests).await? };
    Ok(list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let body = answers.iter().find(|r| r.id == i.to_string() && (200..300).contains(&r.status)).map(|r| r.body.clone()).unwrap_or(Value::Null);
            let attributes = body.as_object().map(|o| o.iter().filter(|(k, _)| !k.starts_with('@')).map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
            Assigned {
                id: a.principal_id.clone(),
                name: body["displayName"].as_str().map(String::from).unwrap_or_else(|| a.display_name.clone()),
                kind: if a.principal_type.eq_ignore_ascii_case("Group") { "Group".into() } else { "User".into() },
                attributes,
            }
        })
        .collect())
}

/// Saves `edited` when the service still holds `loaded`: re-reads the schema and refuses
/// (`schema_changed`) if anyone changed it since it was loaded, else one PUT of the whole object
/// (never PATCH: the service accepts only a full replacement), then reads it back.
pub async fn save(graph: Graph, at: &SchemaRef, loaded: &Value, edited: &Value) -> Result<Value, AppError> {
    let path = at.path();
    let now = read(graph, at).await?;
    if &now != loaded {
        return Err(AppError::new(
            ErrorKind::Graph,
            "schema_changed",
            "The schema was changed by someone else since you opened it, so nothing was saved. Export your version if you want to keep it, reload to see theirs, and make your change again.",
        )
        .at("GET", &path));
    }
    // The resource's own properties only: a read carries response annotations (@odata.context).
    graph.put(ApiVersion::V1, &path, &crate::model::mapping::graph_props::own_properties(edited)).await?;
    read(graph, at).await
}
