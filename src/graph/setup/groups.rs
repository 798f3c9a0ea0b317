//! Source group search for the picker (server-side `$search`, never loading every group), and the
//! details that decide what syncing a group will do.

use crate::graph::client::{ApiVersion, Graph};
use crate::model::batch::BatchRequest;
use crate::model::error::AppError;
use crate::model::setup::groups::{GroupDetails, SourceGroup};
use crate::model::setup::readiness::Lookup;
use serde::Deserialize;
use serde_json::Value;
use crate::model::graph_url::with_query;

const GROUP_FIELDS: &str = "id,displayName,groupTypes,mailEnabled,securityEnabled,membershipRule,isAssignableToRole";

/// Up to 25 source groups whose name has a word starting with `text`, and how many match in all.
pub async fn search(source: Graph, text: &str) -> Result<(Vec<SourceGroup>, Option<u64>), AppError> {
    #[derive(Deserialize)]
    struct Page {
        value: Vec<SourceGroup>,
        #[serde(rename = "@odata.count")]
        count: Option<u64>,
    }
    // Quotes would end the $search term early; the term is then URL-encoded.
    let term: String = text.chars().filter(|c| *c != '"').collect();
    let query = format!("\"displayName:{}\"", term.trim());
    let path = with_query("/groups", &[("$search", &query), ("$select", GROUP_FIELDS), ("$top", "25"), ("$count", "true")]);
    let url = source.url(ApiVersion::V1, &path);
    let body = source.send(gloo_net::http::Method::GET, &url, None, &[("ConsistencyLevel", "eventual")]).await?;
    let page: Page = serde_json::from_str(&body)
        .map_err(|e| AppError::unexpected_shape(e, "GET", &path))?;
    Ok((page.value, page.count))
}

#[derive(Deserialize)]
struct Member {
    #[serde(rename = "@odata.type", default)]
    kind: String,
}

/// Direct users and nested groups of a source group (one batch), and whether the target already
/// has a group of that name (one batch); a count that cannot be read stays zero.
pub async fn details(source: Graph, target: Graph, group: &SourceGroup) -> Result<GroupDetails, AppError> {
    let members = vec![BatchRequest::get("members", with_query(&format!("/groups/{}/members", group.id), &[("$select", "id"), ("$top", "999")]))];
    let name = group.display_name.replace('\'', "''");
    let same = vec![BatchRequest::get("same", with_query("/groups", &[("$filter", &format!("displayName eq '{}'", name.replace('\'', "''"))), ("$select", "id")]))];
    let (m, t) = futures::join!(source.batch(ApiVersion::V1, members), target.batch(ApiVersion::V1, same));
    let (m, t) = (m?, t?);
    let mut details = GroupDetails::default();
    if let Some(Lookup::Found(list)) = m.iter().find(|r| r.id == "members").map(|r| r.values::<Member>()) {
        details.direct_users = list.iter().filter(|x| x.kind.ends_with("user")).count();
        details.nested_groups = list.iter().filter(|x| x.kind.ends_with("group")).count();
    }
    if let Some(Lookup::Found(list)) = t.iter().find(|r| r.id == "same").map(|r| r.values::<Value>()) {
        details.same_name_in_target = !list.is_empty();
    }
    Ok(details)
}


