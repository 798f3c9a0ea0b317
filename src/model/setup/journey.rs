//! The setup journey: the readiness check and the documented steps, in order.

use crate::model::setup::plan::PlannedWrite;
use crate::model::tenant::TenantRole;

/// One step of the guided setup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JourneyStep {
    /// Position in the journey; 0 is connecting both tenants.
    pub number: u8,
    /// Short title, as in the navigation of the wizard.
    pub title: &'static str,
    /// What the step does and why, in one sentence.
    pub summary: &'static str,
    /// The tenant the step writes to; `None` for read-only or two-tenant steps.
    pub writes_to: Option<TenantRole>,
}

/// Every step, in the order the admin goes through them.
pub const STEPS: [JourneyStep; 12] = [
    JourneyStep { number: 0, title: "Connect", summary: "Sign in to the source and the target tenant.", writes_to: None },
    JourneyStep { number: 1, title: "Readiness", summary: "Licences, roles, cloud, existing policies and configurations in both tenants, before any write.", writes_to: None },
    JourneyStep { number: 2, title: "Target tenant", summary: "Partner organisation, inbound user and group sync, inbound automatic redemption.", writes_to: Some(TenantRole::Target) },
    JourneyStep { number: 3, title: "Source tenant", summary: "Partner organisation and outbound automatic redemption.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 4, title: "Configuration", summary: "Reuse the configuration for this pair or create one from the cross-tenant sync template.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 5, title: "Test connection", summary: "Validate the credentials; a failure names the switch that is off.", writes_to: None },
    JourneyStep { number: 6, title: "Provisioning settings", summary: "Sync only assigned users and groups, accidental-deletion threshold, notification e-mail.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 7, title: "Groups and users", summary: "Pick eligible groups and users, and scoping filters with a live preview.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 8, title: "Attribute mappings", summary: "Enable the group mapping; edit mappings with a linter; review the diff before saving.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 9, title: "Plan and apply", summary: "Review every Graph write, export it, apply with progress, resume after a reload.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 10, title: "Start", summary: "Start provisioning, or provision one group or user on demand.", writes_to: Some(TenantRole::Source) },
    JourneyStep { number: 11, title: "Monitor", summary: "Job health, provisioning and audit logs, charts and explanations.", writes_to: None },
];

/// A page of the setup wizard: its route segment under `/setup/`, its title in the step rail, and
/// the journey steps ([`STEPS`]) it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WizardStep {
    pub slug: &'static str,
    pub title: &'static str,
    pub steps: &'static [u8],
}

/// The wizard's pages in order. Test connection (step 5) runs with the configuration it checks.
pub const WIZARD: [WizardStep; 10] = [
    WizardStep { slug: "connect", title: "Connect", steps: &[0] },
    WizardStep { slug: "readiness", title: "Readiness", steps: &[1] },
    WizardStep { slug: "target", title: "Target tenant", steps: &[2] },
    WizardStep { slug: "source", title: "Source tenant", steps: &[3] },
    WizardStep { slug: "configuration", title: "Configuration", steps: &[4, 5] },
    WizardStep { slug: "settings", title: "Provisioning settings", steps: &[6] },
    WizardStep { slug: "groups", title: "Groups and users", steps: &[7] },
    WizardStep { slug: "mappings", title: "Attribute mappings", steps: &[8] },
    WizardStep { slug: "review", title: "Review and apply", steps: &[9] },
    WizardStep { slug: "start", title: "Start", steps: &[10] },
];

/// The wizard page with this route segment.
pub fn wizard_index(slug: &str) -> Option<usize> {
    WIZARD.iter().position(|w| w.slug == slug)
}

/// The wizard page where a form field lives (the field IDs of [`crate::model::setup::plan::FieldProblem`]).
pub fn page_of_field(field: &str) -> &'static str {
    match field {
        "configuration-name" => "configuration",
        "notification-email" | "deletion-threshold" => "settings",
        "group-picker" => "groups",
        _ => "review",
    }
}

/// Where a wizard page stands, as the step rail shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RailState {
    /// Nothing known or chosen yet.
    Todo,
    /// The tenants are being read.
    Reading,
    /// The tenants already hold what the page sets up.
    Done,
    /// This many requests of the current plan belong to the page.
    Planned(usize),
    /// Cannot go on before another page is done: why, and the page (slug) that unblocks it.
    Blocked { reason: String, unblock: &'static str },
    /// A check or a write of this page failed, or one of its fields is refused: what.
    Failed(String),
}

/// What the rail's states are computed from.
#[derive(Clone, Debug, Default)]
pub struct RailInput<'a> {
    /// Both tenants signed in and read.
    pub connected: bool,
    /// The permissions the writing pages need are granted in both tenants.
    pub write_granted: bool,
    /// The last readiness run: passed, warnings, failed.
    pub readiness: Option<(usize, usize, usize)>,
    /// The plan built on both tenants' current state and the admin's choices (None: not built).
    pub plan: Option<&'a [PlannedWrite]>,
    /// Refused fields: (field ID, message).
    pub problems: &'a [(&'static str, String)],
    /// The journey step whose write failed in the last apply, and the error.
    pub failed: Option<(u8, String)>,
    /// The admin asked to start provisioning.
    pub start_chosen: bool,
    /// Both tenants are being read for the plan now. Without a plan and without a read under way
    /// (none yet, or the last one gave up, say throttled past its retries), a page is to do, not
    /// "reading": the fault journey showed the rail reading beside the read's error.
    pub reading: bool,
}

/// The state of every wizard page, in [`WIZARD`] order.
pub fn rail_states(input: &RailInput) -> Vec<RailState> {
    WIZARD.iter().map(|page| rail_state(page, input)).collect()
}

fn rail_state(page: &WizardStep, input: &RailInput) -> RailState {
    let blocked = |reason: &str, unblock| RailState::Blocked { reason: reason.into(), unblock };
    match page.slug {
        "connect" => return if input.connected { RailState::Done } else { RailState::Todo },
        _ if !input.connected => return blocked("Connect both tenants first.", "connect"),
        "readiness" => {
            return match input.readiness {
                None => RailState::Todo,
                Some((_, _, 0)) => RailState::Done,
                Some((_, _, f)) => RailState::Failed(format!("{f} check(s) failed: the table says what to do.")),
            }
        }
        _ if !input.write_granted => return blocked("The write permissions are not granted yet: grant them in both tenants.", "target"),
        _ => {}
    }
    if let Some((step, message)) = input.failed.as_ref().filter(|(s, _)| page.steps.contains(s)) {
        return RailState::Failed(format!("Step {step} failed: {message}"));
    }
    if let Some((_, message)) = input.problems.iter().find(|(f, _)| page_of_field(f) == page.slug) {
        return RailState::Failed(message.clone());
    }
    if page.slug == "review" {
        if let Some((field, message)) = input.problems.first() {
            return blocked(&format!("Fix this first: {message}"), page_of_field(field));
        }
    }
    let Some(plan) = input.plan else { return if input.reading { RailState::Reading } else { RailState::Todo } };
    let count = |steps: &[u8]| plan.iter().filter(|w| steps.contains(&w.step)).count();
    match page.slug {
        "review" if plan.is_empty() => RailState::Done,
        "review" => RailState::Planned(plan.len()),
        "start" if !input.start_chosen => RailState::Todo,
        "mappings" if count(&[8]) == 0 && count(&[4]) > 0 => {
            blocked("The mapping editor needs the configuration: review and apply the plan first.", "review")
        }
        _ => match count(page.steps) {
            0 => RailState::Done,
            n => RailState::Planned(n),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(step: u8) -> PlannedWrite {
        PlannedWrite { id: format!("w{step}"), step, tenant: TenantRole::Source, kind: crate::model::setup::plan::WriteKind::Write, method: "POST", version: "v1.0", path: "/x".into(), body: None, purpose: String::new() }
    }

    #[test]
    fn steps_are_numbered_in_order_from_zero() {
        for (i, step) in STEPS.iter().enumerate() {
            assert_eq!(usize::from(step.number), i);
        }
    }

    #[test]
    fn read_only_checks_come_before_the_first_write() {
        let first_write = STEPS.iter().position(|s| s.writes_to.is_some()).unwrap();
        assert_eq!(STEPS[first_write].title, "Target tenant");
        assert!(STEPS[..first_write].iter().any(|s| s.title == "Readiness"));
    }

    fn rail(input: &RailInput) -> Vec<(&'static str, RailState)> {
        WIZARD.iter().map(|w| w.slug).zip(rail_states(input)).collect()
    }

    fn of(states: &[(&'static str, RailState)], slug: &str) -> RailState {
        states.iter().find(|(s, _)| *s == slug).unwrap().1.clone()
    }

    #[test]
    fn before_connecting_every_page_after_connect_names_connect_as_what_unblocks_it() {
        let states = rail(&RailInput::default());
        assert_eq!(of(&states, "connect"), RailState::Todo);
        for (slug, state) in &states[1..] {
            assert_eq!(state, &RailState::Blocked { reason: "Connect both tenants first.".into(), unblock: "connect" }, "{slug}");
        }
    }

    #[test]
    fn writing_pages_wait_for_write_permissions_but_readiness_does_not() {
        let states = rail(&RailInput { connected: true, readiness: Some((10, 1, 0)), ..Default::default() });
        assert_eq!(of(&states, "connect"), RailState::Done);
        assert_eq!(of(&states, "readiness"), RailState::Done);
        assert!(matches!(of(&states, "target"), RailState::Blocked { unblock: "target", .. }));
        assert!(matches!(of(&states, "start"), RailState::Blocked { .. }));
    }

    #[test]
    fn a_plan_marks_pages_planned_or_done_and_review_counts_everything() {
        let plan = vec![write(2), write(2), write(4), write(5), write(6), write(7)];
        let states = rail(&RailInput { connected: true, write_granted: true, plan: Some(&plan), ..Default::default() });
        assert_eq!(of(&states, "readiness"), RailState::Todo, "not run yet");
        assert_eq!(of(&states, "target"), RailState::Planned(2));
        assert_eq!(of(&states, "source"), RailState::Done);
        assert_eq!(of(&states, "configuration"), RailState::Planned(2), "test connection belongs to the configuration page");
        assert_eq!(of(&states, "review"), RailState::Planned(6));
        assert_eq!(of(&states, "start"), RailState::Todo, "start not chosen is not done");
        assert!(matches!(of(&states, "mappings"), RailState::Blocked { unblock: "review", .. }), "no configuration yet");
        let started = rail(&RailInput { connected: true, write_granted: true, plan: Some(&[]), start_chosen: true, ..Default::default() });
        assert!(started.iter().skip(2).all(|(_, s)| *s == RailState::Done), "{started:?}");
    }

    #[test]
    fn a_refused_field_fails_its_page_and_blocks_review_pointing_at_it() {
        let problems = vec![("notification-email", "ops@ is not an e-mail address.".to_string())];
        let states = rail(&RailInput { connected: true, write_granted: true, plan: None, problems: &problems, ..Default::default() });
        assert_eq!(of(&states, "settings"), RailState::Failed("ops@ is not an e-mail address.".into()));
        assert_eq!(of(&states, "review"), RailState::Blocked { reason: "Fix this first: ops@ is not an e-mail address.".into(), unblock: "settings" });
        assert_eq!(of(&states, "target"), RailState::Todo, "no plan while a field is refused, and nothing being read");
    }

    #[test]
    fn without_a_plan_a_page_reads_only_while_both_tenants_are_being_read() {
        let during = rail(&RailInput { connected: true, write_granted: true, reading: true, ..Default::default() });
        assert_eq!(of(&during, "groups"), RailState::Reading);
        // The read gave up (throttled past its retries): the page waits for the admin, not for a read.
        let after = rail(&RailInput { connected: true, write_granted: true, reading: false, ..Default::default() });
        assert_eq!(of(&after, "groups"), RailState::Todo);
        assert_eq!(of(&after, "review"), RailState::Todo);
    }

    #[test]
    fn a_failed_write_marks_its_page_failed_and_failed_checks_mark_readiness() {
        let plan = vec![write(2)];
        let states = rail(&RailInput { connected: true, write_granted: true, readiness: Some((8, 0, 2)), plan: Some(&plan), failed: Some((2, "ServiceUnavailable".into())), ..Default::default() });
        assert_eq!(of(&states, "target"), RailState::Failed("Step 2 failed: ServiceUnavailable".into()));
        assert!(matches!(of(&states, "readiness"), RailState::Failed(m) if m.starts_with("2 check(s) failed")));
    }

    #[test]
    fn every_field_lives_on_a_wizard_page_and_slugs_are_unique() {
        for f in ["configuration-name", "notification-email", "deletion-threshold", "group-picker"] {
            assert!(wizard_index(page_of_field(f)).is_some());
        }
        for (i, w) in WIZARD.iter().enumerate() {
            assert_eq!(wizard_index(w.slug), Some(i));
        }
        let covered: Vec<u8> = WIZARD.iter().flat_map(|w| w.steps.iter().copied()).collect();
        assert_eq!(covered, (0..=10).collect::<Vec<u8>>(), "every setup step but Monitor has a page, in order");
    }
}
