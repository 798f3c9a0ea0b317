//! What the wizard reads from the tenants: the setup state the plan is built on (and the draft
//! of choices kept in this tab), and the readiness checks; and what it reads again after an apply.

use super::pickers::read_details;
use super::progress::load_progress;
use super::wizard::Wizard;
use crate::graph::setup::apply::read_state;
use crate::graph::setup::readiness::read_facts;
use crate::model::permissions::{missing_scopes, scope_check, READINESS_SOURCE};
use crate::model::setup::draft::SetupDraft;
use crate::model::setup::gate::group_sync_gate;
use crate::model::setup::plan::current_choices;
use crate::model::setup::readiness::{evaluate, tally};
use super::pickers::SelectedGroup;
use leptos::prelude::*;
use crate::model::tenant::TenantProfile;
use crate::ui::parts::PartMissing;
use futures::future::LocalBoxFuture;

impl Wizard {
    /// Reads both tenants' setup state (one batch per tenant) and plans on it. The first read of a
    /// pair fills the choices with what the tenants already hold.
    pub fn refresh(&self) {
        let w = *self;
        let (Some(sp), Some(tp)) = (w.tenants.source.profile.get_untracked(), w.tenants.target.profile.get_untracked()) else { return };
        // The default name, once the pair's names are known (a name the admin cleared stays empty, and refused).
        if !w.prefilled.get_untracked() && w.name.with_untracked(String::is_empty) {
            w.name.set(format!("{} to {} (Tenant Bridge)", sp.display_name, tp.display_name));
        }
        let name = match w.choices() {
            Ok(c) => c.configuration_name,
            Err(problems) => {
                w.planned.set(None);
                w.problems.set(problems);
                return;
            }
        };
        let first = !w.prefilled.get_untracked();
        w.prefilled.set(true);
        w.stale.set(false);
        let pair = w.pair_untracked();
        w.reading.set(true);
        w.error.set(None);
        leptos::task::spawn_local(async move {
            match read_and_plan(w, sp, tp, name, first, pair).await {
                Ok(reading) => reading.await,
                Err(_) => {
                    w.error.set(Some(PartMissing::error("the setup wizard")));
                    w.reading.set(false);
                }
            }
        });
    }

    /// Puts back what the admin had chosen in this tab before a reload, over what the tenants hold.
    fn restore_draft(&self, pair: &str) {
        let Some(d) = load_draft(pair) else { return };
        self.use_draft(d);
    }

    /// Takes a draft's choices as the wizard's (groups' details are read again), but for the
    /// settings the admin set by hand on this page.
    fn use_draft(&self, d: SetupDraft) {
        self.fill("name", self.name, d.name);
        self.fill("email", self.email, d.email);
        self.fill("threshold", self.threshold, d.threshold);
        self.fill("groups", self.groups, d.sync_groups);
        self.fill("start", self.start, d.start);
        self.document.set(d.document);
        self.selected_users.set(d.users);
        self.unassign.set(d.unassign.into_iter().filter(|p| self.assigned_now.with_untracked(|a| a.iter().any(|x| x.principal_id == p.id))).collect());
        self.selected.set(d.groups.iter().map(|g| SelectedGroup { group: g.clone(), details: None }).collect());
        for g in d.groups {
            read_details(self.tenants, self.selected, g, self.error);
        }
    }

    /// Plans a pair document (configuration as code): its choices become the wizard's, kept for
    /// this tab like any draft, and both tenants are read again before the plan is shown.
    pub fn adopt(&self, draft: SetupDraft) {
        save_draft(&draft);
        if self.prefilled.get_untracked() {
            // The document's choices replace every one, those set by hand included.
            self.forget_edits();
            self.use_draft(draft);
            self.stale.set(true);
        }
    }

    /// Reads the first plan once the tenants are connected and writing is granted, and again when
    /// something outside the wizard changed them.
    pub fn refresh_when_needed(&self) {
        if self.connected() && self.write_granted() && (!self.prefilled.get_untracked() || self.stale.get_untracked()) && !self.reading.get_untracked() {
            self.refresh();
        }
    }

    pub fn readiness_consented(&self) -> bool {
        self.tenants.source.session.granted(&READINESS_SOURCE)
    }

    /// Runs the read-only readiness checks in both tenants.
    pub fn run_checks(&self) {
        let w = *self;
        let (Some(sp), Some(tp)) = (w.tenants.source.profile.get_untracked(), w.tenants.target.profile.get_untracked()) else { return };
        if !w.readiness_consented() || w.checking.get_untracked() {
            return;
        }
        w.checking.set(true);
        w.check_error.set(None);
        leptos::task::spawn_local(async move {
            match check_readiness(w, sp, tp).await {
                Ok(checking) => checking.await,
                Err(_) => {
                    w.check_error.set(Some(PartMissing::error("the readiness checks")));
                    w.checking.set(false);
                }
            }
        });
    }

    /// Passed, warnings, failed of the last readiness run.
    pub fn readiness(&self) -> Option<(usize, usize, usize)> {
        self.checks.with(|c| c.as_deref().map(tally))
    }

    /// After an apply both tenants changed: what readiness and the plan showed is out of date.
    pub(super) fn applied(&self) {
        if self.checks.with_untracked(Option::is_some) {
            self.run_checks();
        }
        self.refresh();
    }
}

const DRAFT_KEY: &str = "tb.setup.draft";

pub(super) fn save_draft(draft: &SetupDraft) {
    if let (Ok(Some(s)), Ok(text)) = (window().session_storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(DRAFT_KEY, &text);
    }
}

fn load_draft(pair: &str) -> Option<SetupDraft> {
    let text = window().session_storage().ok()??.get_item(DRAFT_KEY).ok()??;
    SetupDraft::for_pair(&text, pair)
}

/// Reads both tenants' setup state and plans on it: in the wizard's part, loaded once connected.
#[leptos::wasm_split::wasm_split(wizard, wasm_split_path = ::leptos::wasm_split, fallible)]
fn read_and_plan(w: Wizard, sp: TenantProfile, tp: TenantProfile, name: String, first: bool, pair: String) -> Result<LocalBoxFuture<'static, ()>, PartMissing> {
    Ok(Box::pin(async move {
        if first {
            w.resumed.set(load_progress(&pair).map(|p| p.applied.len()));
        }
        match read_state(w.tenants.source.graph(), w.tenants.target.graph(), &sp, &tp, &name).await {
            Ok((state, skus)) => {
                w.gate.set(Some(group_sync_gate(&state, &skus)));
                let now = state.configuration.as_ref().map(|c| c.assigned.clone()).unwrap_or_default();
                // A removal that happened is no longer a choice.
                w.unassign.update(|u| u.retain(|p| now.iter().any(|a| a.principal_id == p.id)));
                w.assigned_now.set(now);
                let held = current_choices(&state).filter(|_| first);
                w.state.set(Some((pair, state)));
                if let Some(c) = held {
                    w.fill("start", w.start, c.start);
                    w.fill("name", w.name, c.configuration_name.clone());
                    w.fill("email", w.email, c.notification_email.clone().unwrap_or_default());
                    w.fill("threshold", w.threshold, c.deletion_threshold.map(|n| n.to_string()).unwrap_or_default());
                    w.fill("groups", w.groups, c.sync_groups);
                }
                if first {
                    w.restore_draft(&w.pair_untracked());
                }
                w.replan();
            }
            Err(e) => w.error.set(Some(e)),
        }
        w.reading.set(false);
    }))
}

/// Runs the readiness checks: in the wizard's part.
#[leptos::wasm_split::wasm_split(wizard, wasm_split_path = ::leptos::wasm_split, fallible)]
fn check_readiness(w: Wizard, sp: TenantProfile, tp: TenantProfile) -> Result<LocalBoxFuture<'static, ()>, PartMissing> {
    Ok(Box::pin(async move {
            match read_facts(w.tenants.source.graph(), w.tenants.target.graph(), sp, tp).await {
                Ok(facts) => {
                    let mut checks = evaluate(&facts);
                    // Which needed permissions each sign-in does not carry, and what gets them.
                    let mode = crate::auth::store::consent_mode();
                    for t in [w.tenants.source, w.tenants.target] {
                        let missing = missing_scopes(t.role, &t.session.scopes_untracked());
                        checks.push(scope_check(t.role, &missing, mode));
                    }
                    w.checks.set(Some(checks));
                }
                Err(e) => w.check_error.set(Some(e)),
            }
            w.checking.set(false);
    }))
}

/// Plans again on the state already read: in the wizard's part (there is nothing to plan on
/// before the part has read the state).
#[leptos::wasm_split::wasm_split(wizard, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn replan_in_part(w: Wizard) -> Result<(), PartMissing> {
    w.replan();
    Ok(())
}
