//! Configuration as code, Graph side: the live pair as a document (the setup reads plus each
//! assigned object's `mailNickname`), and the objects a document names, looked up in the signed-in
//! source tenant by the key the admin chose. Reads only; applying goes through the wizard's plan.

use crate::graph::client::{ApiVersion, Graph};
use crate::graph::setup::apply::read_state;
use crate::model::as_code::apply::{Candidate, MatchKey};
use crate::model::as_code::{export, PairDocument};
use crate::model::batch::{answer, BatchRequest, BatchResponse};
use crate::model::error::{AppError, ErrorKind};
use crate::model::graph_url::with_query;
use crate::model::setup::plan::PairState;
use crate::model::setup::readiness::Lookup;
use crate::model::tenant::TenantProfile;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Found {
    id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    mail_nickname: Option<String>,
    #[serde(default)]
    user_principal_name: Option<String>,
    #[serde(default)]
    security_enabled: Option<bool>,
}

const GROUP_SELECT: &str = "id,displayName,mailNickname,securityEnabled";
const USER_SELECT: &str = "id,displayName,mailNickname,userPrincipalName";

fn collection(principal_type: &str) -> (&'static str, &'static str) {
    if principal_type == "Group" { ("/groups", GROUP_SELECT) } else { ("/users", USER_SELECT) }
}

/// The live pair: its state as the wizard reads it, and its document (or why there is none: no
/// configuration yet, or a part that could not be read).
#[derive(Clone, Debug)]
pub struct Live {
    pub state: PairState,
    pub doc: Result<PairDocument, String>,
}

/// Reads the live pair and makes its document: the setup state (one batch per tenant, as the
/// wizard reads it), then the assigned objects' nicknames (one batch of GETs by ID).
pub async fn read_live(source: Graph, target: Graph, sp: &TenantProfile, tp: &TenantProfile) -> Result<Live, AppError> {
    let (state, _) = read_state(source, target, sp, tp, "").await?;
    let assigned = state.configuration.as_ref().map(|c| c.assigned.clone()).unwrap_or_default();
    let reads: Vec<BatchRequest> = assigned
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (path, select) = collection(&a.principal_type);
            BatchRequest::get(&format!("n{i}"), with_query(&format!("{path}/{}", a.principal_id), &[("$select", select)]))
        })
        .collect();
    let answers = if reads.is_empty() { vec![] } else { source.batch(ApiVersion::V1, reads).await? };
    // An object deleted since it was assigned has no nickname; the document keeps it by ID.
    let nicknames: Vec<(String, String)> = assigned
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match answer(&answers, &format!("n{i}"), BatchResponse::lookup::<Found>) {
            Lookup::Found(f) => f.mail_nickname.map(|n| (a.principal_id.clone(), n)),
            _ => None,
        })
        .collect();
    let schema = state.configuration.as_ref().and_then(|c| c.schema.clone());
    let doc = export(&state, schema.as_ref(), &nicknames);
    Ok(Live { state, doc })
}

/// A value in an OData string literal: single quotes doubled.
fn literal(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// For each of the document's assignments, the objects of the source tenant the key finds (one
/// batch of GETs: by ID, or `$filter` with `eq` on the key, which Graph supports on users and
/// groups without advanced queries). A 404 by ID is "not found", not an error.
pub async fn find_candidates(source: Graph, doc: &PairDocument, key: MatchKey) -> Result<Vec<Vec<Candidate>>, AppError> {
    let assignments = &doc.configuration.assignments;
    let mut reads = vec![];
    for (i, a) in assignments.iter().enumerate() {
        let Some(value) = key.value_of(a) else { continue };
        let (path, select) = collection(&a.principal_type);
        let url = match key {
            MatchKey::ObjectId => with_query(&format!("{path}/{value}"), &[("$select", select)]),
            MatchKey::DisplayName => with_query(path, &[("$filter", &format!("displayName eq {}", literal(value))), ("$select", select), ("$top", "5")]),
            MatchKey::MailNickname => with_query(path, &[("$filter", &format!("mailNickname eq {}", literal(value))), ("$select", select), ("$top", "5")]),
        };
        reads.push(BatchRequest::get(&format!("c{i}"), url));
    }
    let answers = if reads.is_empty() { vec![] } else { source.batch(ApiVersion::V1, reads).await? };
    let mut out = vec![];
    for (i, a) in assignments.iter().enumerate() {
        let id = format!("c{i}");
        let found: Vec<Found> = match key {
            MatchKey::ObjectId => match answer(&answers, &id, BatchResponse::lookup::<Found>) {
                Lookup::Found(f) => vec![f],
                Lookup::Missing => vec![],
                Lookup::Unreadable(e) => return Err(unreadable(a, &e)),
            },
            _ => match answer(&answers, &id, BatchResponse::values::<Found>) {
                Lookup::Found(list) => list,
                Lookup::Missing => vec![],
                Lookup::Unreadable(e) => return Err(unreadable(a, &e)),
            },
        };
        out.push(
            found
                .into_iter()
                .map(|f| Candidate {
                    display_name: f.display_name.unwrap_or_else(|| f.id.clone()),
                    id: f.id,
                    principal_type: a.principal_type.clone(),
                    user_principal_name: f.user_principal_name,
                    security_enabled: f.security_enabled,
                })
                .collect(),
        );
    }
    Ok(out)
}

fn unreadable(a: &crate::model::as_code::AssignmentDoc, e: &str) -> AppError {
    AppError::new(ErrorKind::Graph, "match_unreadable", format!("{} \"{}\" could not be looked up in the source tenant: {e}. Nothing was planned; try again.", a.principal_type, a.display_name))
}
