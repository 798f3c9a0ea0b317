//! The wizard's state, kept for the whole visit (across its pages and while the admin is on
//! Mappings or Monitor): the choices, the tenants' state they are planned on, the plan, the
//! readiness checks and the apply's progress. Pages only show and edit parts of it.

use super::pickers::{read_details, SelectedGroup};
use crate::model::setup::draft::SetupDraft;
use super::progress::{load_progress, RowState};
use crate::graph::monitor::on_demand::SourceUser;
use crate::graph::setup::readiness::read_facts;
use crate::graph::setup::apply::read_state;
use crate::model::error::{AppError, ErrorKind};
use crate::model::setup::gate::{group_sync_gate, Condition};
use crate::model::setup::plan::{check_group_selection, current_choices, plan, validate_choices, Assignment, FieldProblem, PairState, PlannedWrite, Principal, SetupChoices};
use crate::model::permissions::{missing_scopes, scope_check, READINESS_SOURCE, WRITE_SOURCE, WRITE_TARGET};
use crate::model::setup::readiness::{evaluate, tally, Check};
use crate::ui::tenants::Tenants;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Wizard {
    pub tenants: Tenants,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub threshold: RwSignal<String>,
    pub groups: RwSignal<bool>,
    pub start: RwSignal<bool>,
    pub selected: RwSignal<Vec<SelectedGroup>>,
    pub selected_users: RwSignal<Vec<SourceUser>>,
    /// Who is assigned now (read with the state), and whom the admin takes out of scope.
    pub assigned_now: RwSignal<Vec<Assignment>>,
    pub unassign: RwSignal<Vec<Principal>>,
    pub gate: RwSignal<Option<Vec<Condition>>>,
    pub problems: RwSignal<Vec<FieldProblem>>,
    /// The tenants' state the plan is built on, with the pair it was read for.
    state: RwSignal<Option<(String, PairState)>>,
    pub planned: RwSignal<Option<Vec<PlannedWrite>>>,
    pub rows: RwSignal<Vec<RowState>>,
    /// What the last apply did besides the planned requests (lost answers read back, duplicates removed).
    pub notes: RwSignal<Vec<String>>,
    pub error: RwSignal<Option<AppError>>,
    pub reading: RwSignal<bool>,
    pub applying: RwSignal<bool>,
    /// Writes an interrupted apply for this pair had done (shown until the next apply).
    pub resumed: RwSignal<Option<usize>>,
    /// The journey step whose write failed in the last apply, and why.
    pub failed: RwSignal<Option<(u8, String)>>,
    pub checks: RwSignal<Option<Vec<Check>>>,
    pub checking: RwSignal<bool>,
    pub check_error: RwSignal<Option<AppError>>,
    /// The tenants changed outside the wizard (a mapping save): read them again on return.
    pub stale: RwSignal<bool>,
    prefilled: RwSignal<bool>,
}

impl Wizard {
    /// Creates the state and the rules that keep it consistent: a new pair starts over, a choice
    /// re-plans on the state already read (no Graph call), a chosen group turns group sync on
    /// when the source holds the licence.
    pub fn new(tenants: Tenants) -> Self {
        let default_name = match (tenants.source.profile.get_untracked(), tenants.target.profile.get_untracked()) {
            (Some(s), Some(t)) => format!("{} to {} (Tenant Bridge)", s.display_name, t.display_name),
            _ => String::new(),
        };
        let w = Wizard {
            tenants,
            name: RwSignal::new(default_name),
            email: RwSignal::new(String::new()),
            threshold: RwSignal::new("500".into()),
            groups: RwSignal::new(false),
            start: RwSignal::new(false),
            selected: RwSignal::new(vec![]),
            selected_users: RwSignal::new(vec![]),
            assigned_now: RwSignal::new(vec![]),
            unassign: RwSignal::new(vec![]),
            gate: RwSignal::new(None),
            problems: RwSignal::new(vec![]),
            state: RwSignal::new(None),
            planned: RwSignal::new(None),
            rows: RwSignal::new(vec![]),
            notes: RwSignal::new(vec![]),
            error: RwSignal::new(None),
            reading: RwSignal::new(false),
            applying: RwSignal::new(false),
            resumed: RwSignal::new(None),
            failed: RwSignal::new(None),
            checks: RwSignal::new(None),
            checking: RwSignal::new(false),
            check_error: RwSignal::new(None),
            stale: RwSignal::new(false),
            prefilled: RwSignal::new(false),
        };
        Effect::new(move |previous: Option<String>| {
            let pair = w.pair();
            if previous.is_some_and(|p| p != pair) {
                w.start_over();
            }
            pair
        });
        Effect::new(move |_| {
            w.name.track();
            w.email.track();
            w.threshold.track();
            w.groups.track();
            w.start.track();
            w.selected.track();
            w.selected_users.track();
            w.unassign.track();
            w.replan();
        });
        // Every choice is kept for this tab, so that a reload on any page loses nothing.
        Effect::new(move |_| {
            let draft = SetupDraft {
                pair: w.pair(),
                name: w.name.get(),
                email: w.email.get(),
                threshold: w.threshold.get(),
                sync_groups: w.groups.get(),
                start: w.start.get(),
                groups: w.selected.with(|s| s.iter().map(|g| g.group.clone()).collect()),
                users: w.selected_users.get(),
                unassign: w.unassign.get(),
            };
            if w.prefilled.get() && !w.reading.get() {
                save_draft(&draft);
            }
        });
        // Taking someone out of scope also takes back picking them: the two choices cannot both hold.
        Effect::new(move |_| {
            let out: Vec<String> = w.unassign.with(|u| u.iter().map(|p| p.id.clone()).collect());
            if w.selected.with_untracked(|s| s.iter().any(|g| out.contains(&g.group.id))) {
                w.selected.update(|s| s.retain(|g| !out.contains(&g.group.id)));
            }
            if w.selected_users.with_untracked(|s| s.iter().any(|u| out.contains(&u.id))) {
                w.selected_users.update(|s| s.retain(|u| !out.contains(&u.id)));
            }
        });
        Effect::new(move |had_groups: Option<bool>| {
            let has = w.selected.with(|s| !s.is_empty());
            let licensed = w.gate.with(|g| g.as_ref().and_then(|c| c.first()).and_then(|c| c.met) == Some(true));
            if has && had_groups == Some(false) && licensed {
                w.groups.set(true);
            }
            has
        });
        w
    }

    /// The pair as `source->target` tenant IDs (empty sides while not connected).
    pub fn pair(&self) -> String {
        let id = |t: crate::ui::tenants::TenantState| t.profile.get().map(|p| p.tenant_id).unwrap_or_default();
        format!("{}->{}", id(self.tenants.source), id(self.tenants.target))
    }

    fn start_over(&self) {
        self.state.set(None);
        self.planned.set(None);
        self.checks.set(None);
        self.prefilled.set(false);
        self.failed.set(None);
        self.selected.set(vec![]);
        self.selected_users.set(vec![]);
        self.unassign.set(vec![]);
        self.name.set(String::new());
    }

    pub fn connected(&self) -> bool {
        self.tenants.both_ready()
    }

    pub fn write_granted(&self) -> bool {
        self.tenants.source.session.granted(&WRITE_SOURCE) && self.tenants.target.session.granted(&WRITE_TARGET)
    }

    fn choices(&self) -> Result<SetupChoices, Vec<FieldProblem>> {
        let mut c = validate_choices(self.groups.get_untracked(), &self.name.get_untracked(), &self.email.get_untracked(), &self.threshold.get_untracked())?;
        c.assign = self.selected.with_untracked(|s| s.iter().map(|g| Principal { id: g.group.id.clone(), display_name: g.group.display_name.clone() }).collect());
        c.assign.extend(self.selected_users.with_untracked(|s| s.iter().map(|u| Principal { id: u.id.clone(), display_name: u.display_name.clone() }).collect::<Vec<_>>()));
        c.unassign = self.unassign.get_untracked();
        c.start = self.start.get_untracked();
        Ok(c)
    }

    /// Plans again on the state already read. A refused choice removes the plan (a plan for other
    /// values must not stay ready to apply) and says what is wrong; nothing changes while applying.
    pub fn replan(&self) {
        if self.applying.get_untracked() {
            return;
        }
        let pair = self.pair_untracked();
        let planned = self.state.with_untracked(|s| {
            let (for_pair, state) = s.as_ref().filter(|(p, _)| *p == pair)?;
            let _ = for_pair;
            Some(self.choices().and_then(|c| match check_group_selection(&c, state) {
                Some(p) => Err(vec![p]),
                None => Ok(plan(&c, state)),
            }))
        });
        match planned {
            None => {}
            Some(Err(problems)) => {
                self.planned.set(None);
                self.problems.set(problems);
            }
            Some(Ok(Ok(writes))) => {
                self.problems.set(vec![]);
                self.rows.set(vec![RowState::Waiting; writes.len()]);
                self.planned.set(Some(writes));
            }
            Some(Ok(Err(message))) => self.error.set(Some(AppError::new(ErrorKind::Graph, "cannot_plan", message))),
        }
    }

    fn pair_untracked(&self) -> String {
        untrack(|| self.pair())
    }

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
        if first {
            w.resumed.set(load_progress(&pair).map(|p| p.applied.len()));
        }
        w.reading.set(true);
        w.error.set(None);
        leptos::task::spawn_local(async move {
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
                        w.start.set(c.start);
                        w.name.set(c.configuration_name.clone());
                        w.email.set(c.notification_email.clone().unwrap_or_default());
                        w.threshold.set(c.deletion_threshold.map(|n| n.to_string()).unwrap_or_default());
                        w.groups.set(c.sync_groups);
                    }
                    if first {
                        w.restore_draft(&w.pair_untracked());
                    }
                    w.replan();
                }
                Err(e) => w.error.set(Some(e)),
            }
            w.reading.set(false);
        });
    }

    /// Puts back what the admin had chosen in this tab before a reload, over what the tenants hold.
    fn restore_draft(&self, pair: &str) {
        let Some(d) = load_draft(pair) else { return };
        self.name.set(d.name);
        self.email.set(d.email);
        self.threshold.set(d.threshold);
        self.groups.set(d.sync_groups);
        self.start.set(d.start);
        self.selected_users.set(d.users);
        self.unassign.update(|u| *u = d.unassign.into_iter().filter(|p| self.assigned_now.with_untracked(|a| a.iter().any(|x| x.principal_id == p.id))).collect());
        self.selected.set(d.groups.iter().map(|g| SelectedGroup { group: g.clone(), details: None }).collect());
        for g in d.groups {
            read_details(self.tenants, self.selected, g, self.error);
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

/// The wizard's state from context (provided by the shell).
pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

const DRAFT_KEY: &str = "tb.setup.draft";

fn save_draft(draft: &SetupDraft) {
    if let (Ok(Some(s)), Ok(text)) = (window().session_storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(DRAFT_KEY, &text);
    }
}

fn load_draft(pair: &str) -> Option<SetupDraft> {
    let text = window().session_storage().ok()??.get_item(DRAFT_KEY).ok()??;
    SetupDraft::for_pair(&text, pair)
}
