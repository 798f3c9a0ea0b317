//! The group-sync gate: the five conditions that must all hold for groups to reach the target,
//! each with its state now and the exact fix.

use crate::model::setup::directory::SubscribedSku;
use crate::model::setup::plan::PairState;
use crate::model::setup::readiness::{Lookup, PLAN_GOVERNANCE};

/// One condition of the gate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub name: &'static str,
    /// `Some(true)` met, `Some(false)` not met, `None` not known yet.
    pub met: Option<bool>,
    /// What fixes it; says when the plan does it.
    pub fix: &'static str,
}

/// Evaluates the five conditions from what both tenants hold now.
pub fn group_sync_gate(state: &PairState, source_skus: &Lookup<Vec<SubscribedSku>>) -> Vec<Condition> {
    let licence = match source_skus {
        Lookup::Found(skus) => Some(skus.iter().any(|s| s.service_plans.iter().any(|p| p.service_plan_id.eq_ignore_ascii_case(PLAN_GOVERNANCE) && p.provisioning_status.as_deref().is_none_or(|st| st == "Success")))),
        _ => None,
    };
    let sync = match &state.target_sync {
        Lookup::Found(s) => Some((s.users_allowed(), s.groups_allowed())),
        Lookup::Missing => Some((false, false)),
        Lookup::Unreadable(_) => None,
    };
    let config = state.configuration.as_ref();
    let assigned_only = config.and_then(|c| c.secrets.as_ref()).map(|s| s.iter().any(|(k, v)| k == "SyncAll" && v == "false"));
    vec![
        Condition { name: "Entra ID Governance or Entra Suite licence in the source", met: licence, fix: "License the source tenant; nothing else can replace it." },
        Condition { name: "The target allows inbound group sync (groupSyncInbound)", met: sync.map(|s| s.1), fix: "The plan turns it on (beta identitySynchronization)." },
        Condition { name: "The target allows inbound user sync", met: sync.map(|s| s.0), fix: "The plan turns it on in the same write." },
        Condition { name: "Scope \"Sync only assigned users and groups\"", met: Some(assigned_only.unwrap_or(false)), fix: "The plan writes SyncAll = false with the provisioning settings." },
        Condition { name: "Group object mapping enabled", met: Some(config.and_then(|c| c.group_mapping_enabled).unwrap_or(false)), fix: "The plan enables it in the schema (full PUT)." },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setup::directory::{IdentitySynchronization, ServicePlan, SyncAllowed};
    use crate::model::setup::plan::ConfigurationState;

    fn state() -> PairState {
        PairState {
            source_id: "s".into(),
            source_name: "S".into(),
            target_id: "t".into(),
            target_name: "T".into(),
            target_partner: Lookup::Missing,
            target_sync: Lookup::Missing,
            source_partner: Lookup::Missing,
            configuration: None,
        }
    }

    fn governance() -> Lookup<Vec<SubscribedSku>> {
        Lookup::Found(vec![SubscribedSku { service_plans: vec![ServicePlan { service_plan_id: PLAN_GOVERNANCE.into(), service_plan_name: "Entra_Identity_Governance".into(), provisioning_status: Some("Success".into()) }], ..Default::default() }])
    }

    #[test]
    fn an_empty_pair_meets_only_the_licence() {
        let gate = group_sync_gate(&state(), &governance());
        assert_eq!(gate.iter().map(|c| c.met).collect::<Vec<_>>(), [Some(true), Some(false), Some(false), Some(false), Some(false)]);
    }

    #[test]
    fn a_finished_setup_meets_all_five() {
        let mut s = state();
        s.target_sync = Lookup::Found(IdentitySynchronization { display_name: None, user_sync_inbound: Some(SyncAllowed { is_sync_allowed: true }), group_sync_inbound: Some(SyncAllowed { is_sync_allowed: true }) });
        s.configuration = Some(ConfigurationState {
            service_principal_id: "sp".into(),
            display_name: "c".into(),
            job_id: Some("j".into()),
            job_active: true,
            secrets: Some(vec![("SyncAll".into(), "false".into())]),
            app_role_id: None,
            assigned: vec![],
            group_mapping_enabled: Some(true),
            schema: None,
        });
        assert!(group_sync_gate(&s, &governance()).iter().all(|c| c.met == Some(true)));
    }

    #[test]
    fn an_unreadable_licence_is_unknown_not_failed() {
        assert_eq!(group_sync_gate(&state(), &Lookup::Unreadable("403".into()))[0].met, None);
        assert_eq!(group_sync_gate(&state(), &Lookup::Found(vec![]))[0].met, Some(false));
    }
}
