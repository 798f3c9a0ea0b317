//! The wizard's state, kept for the whole visit (across its pages and while the admin is on
//! Mappings or Monitor): the choices, the tenants' state they are planned on, the plan, the
//! readiness checks and the apply's progress. Pages only show and edit parts of it.

use super::pickers::SelectedGroup;
use crate::model::setup::draft::SetupDraft;
use super::progress::RowState;
use super::reads::save_draft;
use crate::graph::monitor::on_demand::SourceUser;
use crate::model::error::{AppError, ErrorKind};
use crate::model::setup::gate::Condition;
use crate::model::setup::plan::{check_group_selection, plan, validate_choices, Assignment, FieldProblem, PairState, PlannedWrite, Principal, SetupChoices};
use crate::model::permissions::{WRITE_SOURCE, WRITE_TARGET};
use crate::model::setup::readiness::Check;
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
    pub(super) state: RwSignal<Option<(String, PairState)>>,
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
    pub(super) prefilled: RwSignal<bool>,
    /// The choices the admin set by hand since the page loaded: the first read of the pair (what
    /// the tenants hold, and this tab's draft) fills only the others, so a choice made while the
    /// tenants were still being read is not undone.
    edited: StoredValue<Vec<&'static str>>,
    /// A pair document being applied (configuration as code): the plan adds what it holds beyond
    /// the choices above (partner switches, group sync off, the mappings).
    /// Held as JSON (see `SetupDraft::document`); `Wizard::pair_document` reads it.
    pub document: RwSignal<Option<serde_json::Value>>,
    /// The assignments whose removal was confirmed with the deletion forecast (principal IDs, in
    /// plan order): the plan applies only while this equals the plan's removals.
    pub removals_confirmed: RwSignal<Vec<String>>,
}

/// Stands for "all users" among the removals: the plan switches the scope to assigned only.
pub const ALL_USERS: &str = "*all users*";

impl Wizard {
    /// Principal IDs of the assignments the plan removes ([`ALL_USERS`] for a switch from all users).
    pub fn removals(&self) -> Vec<String> {
        self.planned.with(|p| p.iter().flatten().filter_map(|w| if w.id == "restart-scope" { Some(ALL_USERS.to_string()) } else { w.id.strip_prefix("unassign-").map(String::from) }).collect())
    }

    /// The plan removes assignments whose deletions were not forecast and confirmed.
    pub fn removals_unconfirmed(&self) -> bool {
        let r = self.removals();
        !r.is_empty() && self.removals_confirmed.with(|c| *c != r)
    }

    /// Creates the state and the rules that keep it consistent: a new pair starts over, a choice
    /// re-plans on the state already read (no Graph call), a chosen group turns group sync on
    /// when the source holds the licence.
    pub fn new(tenants: Tenants) -> Self {
        let w = Wizard {
            tenants,
            // The default name is set by the first read of the pair, once both names are known.
            name: RwSignal::new(String::new()),
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
            edited: StoredValue::new(vec![]),
            document: RwSignal::new(None),
            removals_confirmed: RwSignal::new(vec![]),
        };
        Effect::new(move |previous: Option<String>| {
            let pair = w.pair();
            if let Some(p) = previous.filter(|p| *p != pair) {
                w.start_over();
                // What the admin set before both tenants were connected is meant for this pair;
                // what was set for another pair is not.
                if !p.starts_with("->") && !p.ends_with("->") {
                    w.forget_edits();
                }
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
            w.document.track();
            if w.state.with_untracked(Option::is_some) {
                leptos::task::spawn_local(async move {
                    if super::reads::replan_in_part(w).await.is_err() {
                        w.error.set(Some(crate::ui::parts::PartMissing::error("the setup wizard")));
                    }
                });
            }
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
                document: w.document.get(),
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
        self.document.set(None);
        self.name.set(String::new());
    }

    /// The admin sets the choice `field` (held in `signal`) to `value`.
    pub fn choose<T: Send + Sync + 'static>(&self, field: &'static str, signal: RwSignal<T>, value: T) {
        self.edited.update_value(|e| if !e.contains(&field) { e.push(field) });
        signal.set(value);
    }

    /// No choice counts as set by hand any more.
    pub(super) fn forget_edits(&self) {
        self.edited.set_value(vec![]);
    }

    /// The first read fills the choice `field` with `value`, unless the admin already set it.
    pub(super) fn fill<T: Send + Sync + 'static>(&self, field: &'static str, signal: RwSignal<T>, value: T) {
        if !self.edited.with_value(|e| e.contains(&field)) {
            signal.set(value);
        }
    }

    pub fn connected(&self) -> bool {
        self.tenants.both_ready()
    }

    pub fn write_granted(&self) -> bool {
        self.tenants.source.session.granted(&WRITE_SOURCE) && self.tenants.target.session.granted(&WRITE_TARGET)
    }

    pub(super) fn choices(&self) -> Result<SetupChoices, Vec<FieldProblem>> {
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
            let (_, state) = s.as_ref().filter(|(p, _)| *p == pair)?;
            Some(self.choices().and_then(|c| match check_group_selection(&c, state) {
                Some(p) => Err(vec![p]),
                None => Ok(plan(&c, state).map(|mut p| {
                    if let Some(d) = self.pair_document() {
                        crate::model::as_code::apply::extend(&mut p, &d, state);
                    }
                    p
                })),
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

    /// The pair document being applied, read from its JSON (it was checked when imported).
    pub fn pair_document(&self) -> Option<crate::model::as_code::PairDocument> {
        self.document.with_untracked(|d| d.as_ref().and_then(|v| serde_json::from_value(v.clone()).ok()))
    }

    pub(super) fn pair_untracked(&self) -> String {
        untrack(|| self.pair())
    }
}

/// The wizard's state from context (provided by the shell).
pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}
