//! The setup journey: the readiness check and the documented steps, in order.

use super::plan::PlannedWrite;
use super::tenant::TenantRole;

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

/// Where a step stands, read from the tenants (through the plan built from their current state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// The tenants already hold what the step sets up.
    Done,
    /// This many requests of the current plan belong to the step.
    Planned(usize),
    /// Not known yet (not connected, or no plan built).
    Unknown,
}

/// The state of each writing step (2 to 10), from the plan built on the tenants' current state:
/// a step with no request left in it is done. `None` when no plan has been built yet.
pub fn step_states(plan: Option<&[PlannedWrite]>) -> Vec<(u8, StepState)> {
    STEPS
        .iter()
        .map(|s| {
            let state = match plan {
                _ if !(2..=10).contains(&s.number) => StepState::Unknown,
                None => StepState::Unknown,
                // Step 9 is the plan itself: done when nothing is left in it.
                Some(writes) => match writes.iter().filter(|w| w.step == s.number || s.number == 9).count() {
                    0 => StepState::Done,
                    n => StepState::Planned(n),
                },
            };
            (s.number, state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(step: u8) -> PlannedWrite {
        PlannedWrite { id: format!("w{step}"), step, tenant: TenantRole::Source, kind: crate::model::plan::WriteKind::Write, method: "POST", version: "v1.0", path: "/x".into(), body: None, purpose: String::new() }
    }

    #[test]
    fn steps_without_planned_requests_are_done() {
        let plan = vec![write(4), write(6), write(6)];
        let states = step_states(Some(&plan));
        let of = |n: u8| states.iter().find(|(k, _)| *k == n).unwrap().1;
        assert_eq!(of(2), StepState::Done);
        assert_eq!(of(4), StepState::Planned(1));
        assert_eq!(of(6), StepState::Planned(2));
        assert_eq!(of(10), StepState::Done);
        assert_eq!(of(9), StepState::Planned(3), "the plan step counts every request");
        assert_eq!(step_states(Some(&[])).iter().filter(|(_, s)| *s == StepState::Done).count(), 9);
        assert_eq!(of(0), StepState::Unknown, "connecting is shown by the tenant cards");
        assert_eq!(of(11), StepState::Unknown);
        assert!(step_states(None).iter().all(|(_, s)| *s == StepState::Unknown));
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
}
