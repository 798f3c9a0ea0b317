//! Which cross-tenant sync configuration of the source serves a pair: one rule, used by Setup,
//! Mappings and Monitor alike, so that they never pick different ones.

/// What a configuration's secrets say about its target (`CompanyId`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// The target tenant's ID it is set up for.
    Tenant(&'a str),
    /// No target yet: created, settings not written.
    NotSet,
    /// The secrets could not be read.
    Unknown,
}

/// One configuration as the rule sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub display_name: &'a str,
    pub target: Target<'a>,
}

/// The configuration for the pair, by index: the one whose `CompanyId` names `target_id`; failing
/// that, one named `name` that names no target (created by an earlier, unfinished apply, or whose
/// secrets cannot be read: reusing it is safer than creating a second for the pair); when the target
/// tenant is not known (not connected), the first. Never a configuration set up for another target.
pub fn choose(candidates: &[Candidate], target_id: Option<&str>, name: Option<&str>) -> Option<usize> {
    if let Some(t) = target_id {
        if let Some(i) = candidates.iter().position(|c| matches!(c.target, Target::Tenant(x) if x.eq_ignore_ascii_case(t))) {
            return Some(i);
        }
    }
    if let Some(n) = name {
        if let Some(i) = candidates.iter().position(|c| c.display_name == n && !matches!(c.target, Target::Tenant(_))) {
            return Some(i);
        }
    }
    (target_id.is_none() && !candidates.is_empty()).then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Candidate = Candidate { display_name: "To Northwind", target: Target::Tenant("nw") };
    const B: Candidate = Candidate { display_name: "Fabrikam to Contoso", target: Target::Tenant("CONTOSO") };
    const FRESH: Candidate = Candidate { display_name: "Fabrikam to Contoso", target: Target::NotSet };
    const UNKNOWN: Candidate = Candidate { display_name: "Fabrikam to Contoso", target: Target::Unknown };

    #[test]
    fn the_configuration_naming_the_target_wins() {
        assert_eq!(choose(&[A, FRESH, B], Some("contoso"), Some("Fabrikam to Contoso")), Some(2));
    }

    #[test]
    fn an_unfinished_configuration_is_found_by_its_name_only_without_a_target() {
        assert_eq!(choose(&[A, FRESH], Some("contoso"), Some("Fabrikam to Contoso")), Some(1));
        assert_eq!(choose(&[A, UNKNOWN], Some("contoso"), Some("Fabrikam to Contoso")), Some(1), "unreadable secrets: reuse rather than make a second");
        assert_eq!(choose(&[A, FRESH], Some("contoso"), None), None, "Monitor without a name does not guess");
    }

    #[test]
    fn another_targets_configuration_is_never_chosen_when_the_target_is_known() {
        assert_eq!(choose(&[A], Some("contoso"), None), None);
        assert_eq!(choose(&[A], None, None), Some(0), "without a known target, the first (Monitor before the target is connected)");
        assert_eq!(choose(&[], None, None), None);
    }
}
