//! The setup choices the admin has made but not applied yet, kept in sessionStorage so that a
//! reload on any wizard page loses none of them. IDs and names only, never tokens; one pair only.

use crate::model::setup::groups::SourceGroup;
use crate::model::monitor::on_demand::SourceUser;
use crate::model::setup::plan::Principal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SetupDraft {
    /// `source->target` tenant IDs: a draft for another pair is never applied.
    pub pair: String,
    pub name: String,
    pub email: String,
    pub threshold: String,
    pub sync_groups: bool,
    pub start: bool,
    pub groups: Vec<SourceGroup>,
    pub users: Vec<SourceUser>,
    pub unassign: Vec<Principal>,
    /// A pair document being applied (configuration as code): its writes join the plan. Kept as
    /// JSON here, and read as a document only by the wizard's part (which plans it), so that the
    /// first screen's module carries no document code.
    pub document: Option<serde_json::Value>,
}

impl SetupDraft {
    /// The stored draft, if it parses and belongs to `pair`; anything else is ignored (a draft
    /// written by another version, or for other tenants, must not leak into this plan).
    pub fn for_pair(text: &str, pair: &str) -> Option<SetupDraft> {
        serde_json::from_str::<SetupDraft>(text).ok().filter(|d| d.pair == pair && !pair.starts_with("->") && !pair.ends_with("->"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> SetupDraft {
        SetupDraft {
            pair: "s->t".into(),
            name: "Fabrikam to Contoso".into(),
            email: "ops@".into(),
            threshold: "-3".into(),
            sync_groups: true,
            start: true,
            groups: vec![SourceGroup { id: "g1".into(), display_name: "Sales".into(), security_enabled: true, ..Default::default() }],
            users: vec![SourceUser { id: "u1".into(), display_name: "Grace Hopper".into(), user_principal_name: "grace@fabrikam".into() }],
            unassign: vec![Principal { id: "g2".into(), display_name: "Leavers".into() }],
            document: None,
        }
    }

    #[test]
    fn a_draft_comes_back_as_written_even_with_refused_values() {
        let text = serde_json::to_string(&draft()).unwrap();
        assert_eq!(SetupDraft::for_pair(&text, "s->t"), Some(draft()), "invalid input is kept, to be shown and fixed");
    }

    #[test]
    fn a_draft_for_another_pair_or_an_unreadable_one_is_ignored() {
        let text = serde_json::to_string(&draft()).unwrap();
        assert_eq!(SetupDraft::for_pair(&text, "s->other"), None);
        assert_eq!(SetupDraft::for_pair("{not json", "s->t"), None);
        let half = serde_json::to_string(&SetupDraft { pair: "->".into(), ..Default::default() }).unwrap();
        assert_eq!(SetupDraft::for_pair(&half, "->"), None, "not connected: no pair");
    }
}
