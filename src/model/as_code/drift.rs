//! Drift: a saved document against the live pair, field by field, in the words the mapping
//! editor's diff uses. `document` is what the file says, `live` what the tenants hold now.

use super::{PairDocument, PartnerDoc};
use crate::model::mapping::schema_diff::diff;

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// Which tenant holds the field: "Source", "Target".
    pub side: &'static str,
    /// Where: "Partner settings", "Configuration", "Assignments", or an object mapping's name.
    pub place: String,
    /// What differs.
    pub what: String,
    pub document: String,
    pub live: String,
}

fn on_off(b: bool) -> String {
    if b { "on".into() } else { "off".into() }
}

fn opt<T: ToString>(v: &Option<T>, none: &str) -> String {
    v.as_ref().map(T::to_string).unwrap_or_else(|| none.to_string())
}

fn partner(out: &mut Vec<Drift>, side: &'static str, doc: Option<PartnerDoc>, live: Option<PartnerDoc>) {
    let place = "Partner settings".to_string();
    match (doc, live) {
        (Some(d), Some(l)) => {
            for (what, a, b) in [
                ("Inbound automatic redemption", d.inbound_automatic_redemption, l.inbound_automatic_redemption),
                ("Outbound automatic redemption", d.outbound_automatic_redemption, l.outbound_automatic_redemption),
            ] {
                if a != b {
                    out.push(Drift { side, place: place.clone(), what: what.into(), document: on_off(a), live: on_off(b) });
                }
            }
        }
        (Some(_), None) => out.push(Drift { side, place, what: "Partner organisation".into(), document: "present".into(), live: "missing".into() }),
        (None, Some(_)) => out.push(Drift { side, place, what: "Partner organisation".into(), document: "missing".into(), live: "present".into() }),
        (None, None) => {}
    }
}

/// Every difference between the document and the live pair (exported the same way). The
/// `exportedFrom` IDs and display names of tenants are not compared.
pub fn drift(document: &PairDocument, live: &PairDocument) -> Vec<Drift> {
    let mut out = vec![];
    partner(&mut out, "Target", document.target.partner, live.target.partner);
    let sync = |s: Option<super::InboundSync>| s.unwrap_or(super::InboundSync { users: false, groups: false });
    let (ds, ls) = (sync(document.target.inbound_sync), sync(live.target.inbound_sync));
    for (what, a, b) in [("Inbound user sync", ds.users, ls.users), ("Inbound group sync", ds.groups, ls.groups)] {
        if a != b {
            out.push(Drift { side: "Target", place: "Partner settings".into(), what: what.into(), document: on_off(a), live: on_off(b) });
        }
    }
    partner(&mut out, "Source", document.source.partner, live.source.partner);
    let (dc, lc) = (&document.configuration, &live.configuration);
    let config = |what: &str, d: String, l: String| Drift { side: "Source", place: "Configuration".into(), what: what.into(), document: d, live: l };
    if dc.display_name != lc.display_name {
        out.push(config("Name", dc.display_name.clone(), lc.display_name.clone()));
    }
    let (dp, lp) = (&dc.provisioning, &lc.provisioning);
    if dp.scope != lp.scope {
        out.push(config("Scope", format!("{:?}", dp.scope), format!("{:?}", lp.scope)));
    }
    if dp.deletion_threshold != lp.deletion_threshold {
        out.push(config("Deletion threshold", opt(&dp.deletion_threshold, "off"), opt(&lp.deletion_threshold, "off")));
    }
    if dp.notification_email != lp.notification_email {
        out.push(config("Notification e-mail", opt(&dp.notification_email, "off"), opt(&lp.notification_email, "off")));
    }
    if dp.started != lp.started {
        out.push(config("Provisioning", if dp.started { "started" } else { "stopped" }.into(), if lp.started { "started" } else { "stopped" }.into()));
    }
    match (&dc.schema, &lc.schema) {
        (Some(d), Some(l)) => {
            for c in diff(&d.as_schema(), &l.as_schema()) {
                out.push(Drift { side: "Source", place: c.place, what: c.what, document: c.before, live: c.after });
            }
        }
        (Some(_), None) => out.push(config("Mappings", "present".into(), "no job yet".into())),
        (None, Some(_)) => out.push(config("Mappings", "none (no job when exported)".into(), "present".into())),
        (None, None) => {}
    }
    let name = |a: &super::AssignmentDoc| format!("{} \"{}\" ({})", a.principal_type, a.display_name, a.principal_id);
    for a in dc.assignments.iter().filter(|a| !lc.assignments.iter().any(|b| b.principal_id == a.principal_id)) {
        out.push(Drift { side: "Source", place: "Assignments".into(), what: "Assignment".into(), document: name(a), live: "not assigned".into() });
    }
    for b in lc.assignments.iter().filter(|b| !dc.assignments.iter().any(|a| a.principal_id == b.principal_id)) {
        out.push(Drift { side: "Source", place: "Assignments".into(), what: "Assignment".into(), document: "not assigned".into(), live: name(b) });
    }
    out
}
