//! The error and skip codes of cross-tenant sync, explained with what to do (from the documented
//! troubleshooting tables). Codes appear with either the `AzureActiveDirectory…` or the newer
//! `MicrosoftEntraId…` spelling; both match.

/// What a code means and what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub code: &'static str,
    pub meaning: &'static str,
    pub remedy: &'static str,
}

const ENTRIES: &[Explanation] = &[
    Explanation { code: "EntityTypeNotSupported", meaning: "The group was skipped because the group object mapping (\"Provision Microsoft Entra ID Groups\") is disabled.", remedy: "Enable the group mapping in the configuration (the plan does it when group sync is chosen); check that the target allows group sync and the source has Entra ID Governance or Entra Suite." },
    Explanation { code: "NotEffectivelyEntitled", meaning: "Not in scope: not assigned to the configuration, the account is disabled, or the assignment has not replicated yet.", remedy: "Assign the user or group directly (nested groups do not cascade), enable the account, or wait a few minutes and retry." },
    Explanation { code: "RedundantExport", meaning: "Nothing to change: the target already matches.", remedy: "None; this is in sync, not an error." },
    Explanation { code: "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure", meaning: "A cross-tenant access switch is off: outbound automatic redemption in the source, or inbound sync or inbound automatic redemption in the target.", remedy: "Turn the switch on (the plan does), then test the connection again." },
    Explanation { code: "AzureDirectoryB2BManagementPolicyCheckFailure", meaning: "At run time the engine found automatic redemption not allowed in the source (outbound) or the target (inbound), for example after a policy changed.", remedy: "Re-enable automatic redemption on both sides, then restart the job to clear the quarantine." },
    Explanation { code: "ExternalTenantNotFound", meaning: "The target tenant was not found; for cross-cloud setups the configuration was created without the cross-cloud option.", remedy: "Check the target tenant ID; for cross-cloud, recreate the configuration with cross-cloud sync enabled." },
    Explanation { code: "AzureActiveDirectoryTokenExpired", meaning: "The identity of the calling application could not be established (cross-cloud sync not enabled by the target).", remedy: "In the target's Microsoft cloud settings, allow cross-cloud sync for the source's cloud." },
    Explanation { code: "AzureActiveDirectoryForbidden", meaning: "The target refused the change: guest invitations are not allowed, or the object is mastered elsewhere.", remedy: "Relax the target's external collaboration settings (who can invite guests)." },
    Explanation { code: "InvitationCreationFailureUserAccountDisabled", meaning: "The target user exists, is disabled and has a pending invitation.", remedy: "Enable the target user and provision again." },
    Explanation { code: "InvitationCreationFailureInvalidPropertyValue", meaning: "An invalid primary SMTP address, a userType other than Guest or Member, or a mail that collides with a group's.", remedy: "Fix the source mail, check the userType mapping, resolve the collision." },
    Explanation { code: "InvitationCreationFailureAmbiguousUser", meaning: "A proxy address matches an internal user of the target.", remedy: "Remove that user from scope, or delete the internal target user." },
    Explanation { code: "InvitationCreationFailure", meaning: "Creating the invitation in the target failed.", remedy: "Check the target's collaboration restrictions; otherwise contact support." },
    Explanation { code: "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService", meaning: "Exchange Online owns the attribute (extension attributes 1-15, mail or showInAddressList) in the target.", remedy: "Change it in Exchange Online, or remove it from the mappings." },
    Explanation { code: "AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises", meaning: "The target user is synchronized from on-premises, so the cloud cannot change it.", remedy: "Cross-tenant sync cannot update it; manage it on-premises or remove it from scope." },
    Explanation { code: "AzureActiveDirectoryQuotaLimitExceeded", meaning: "The target directory reached its object quota.", remedy: "Raise the quota of the target tenant." },
    Explanation { code: "AzureActiveDirectoryInsufficientRights", meaning: "The target user holds an admin role and cannot be deleted by sync.", remedy: "Remove the roles in the target, then retry." },
    Explanation { code: "UnableToResolveReferenceAttributeValue", meaning: "A referenced member or manager is not (yet) in the target, usually because it is out of scope.", remedy: "Bring the member into scope; a later cycle or a restart retries it." },
    Explanation { code: "InvalidAnchor", meaning: "The target object linked earlier no longer exists.", remedy: "Make sure it exists, or restart the job for a full re-match." },
    Explanation { code: "DuplicateTargetEntries", meaning: "More than one target object matches.", remedy: "Remove the duplicate in the target." },
    Explanation { code: "DuplicateSourceEntries", meaning: "More than one source object matches.", remedy: "Remove the duplicate in the source." },
    Explanation { code: "ImportSkipped", meaning: "The object had no value for the matching attribute.", remedy: "Fix the source data." },
    Explanation { code: "EntrySynchronizationSkipped", meaning: "Skipped with no change.", remedy: "None unless a change was expected: check scope and mappings." },
    Explanation { code: "MandatoryFieldsMissing", meaning: "Values required in the target are missing.", remedy: "Fix the source data or the mappings." },
    Explanation { code: "TooManyDeletes", meaning: "More deletions in one cycle than the accidental-deletion threshold allows; they are held as StagedDelete and the job is quarantined.", remedy: "Review the held deletions; re-assign what should stay, or allow the deletes (restart with ForceDeletes)." },
    Explanation { code: "EncounteredQuarantineException", meaning: "The job cannot connect to or is not authorized in the target (policies or credentials).", remedy: "Fix the cause named in the error, then restart the job to clear the quarantine." },
    Explanation { code: "EncounteredEscrowProportionThreshold", meaning: "More than 40 % of the events failed (with at least 5,000 failures evaluated).", remedy: "Fix the top errors in the provisioning logs, then restart (clear escrows)." },
    Explanation { code: "QuarantinedOnDemand", meaning: "Microsoft quarantined the job by hand.", remedy: "Open a support case." },
    Explanation { code: "GroupTypeNotSupported", meaning: "The group's type cannot be synced (mail-enabled security, distribution, dynamic distribution or role-assignable).", remedy: "Use a security or Microsoft 365 group instead." },
    Explanation { code: "TooManyRequests", meaning: "Transient throttling.", remedy: "None: it is retried automatically (about every 40 minutes)." },
    Explanation { code: "Timeout", meaning: "Transient timeout.", remedy: "None: it is retried automatically." },
    Explanation { code: "InternalError", meaning: "Transient service error.", remedy: "None: it is retried automatically; contact support if it persists." },
];

/// The explanation of a code, whatever its spelling (`MicrosoftEntraId…` or `AzureActiveDirectory…`,
/// any case, surrounding spaces).
pub fn explain(code: &str) -> Option<Explanation> {
    let normal = normalise(code);
    ENTRIES.iter().find(|e| normalise(e.code) == normal).copied()
}

fn normalise(code: &str) -> String {
    let c = code.trim().to_ascii_lowercase().replace([' ', '_'], "");
    for old in ["microsoftentraid", "entraid"] {
        if let Some(rest) = c.strip_prefix(old) {
            return format!("azureactivedirectory{rest}");
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_a_code_find_the_same_explanation() {
        let old = explain("AzureActiveDirectoryQuotaLimitExceeded").unwrap();
        assert_eq!(explain("MicrosoftEntraIdQuotaLimitExceeded"), Some(old));
        assert_eq!(explain("  microsoftentraidquotalimitexceeded "), Some(old));
    }

    #[test]
    fn the_group_skip_names_the_mapping() {
        assert!(explain("EntityTypeNotSupported").unwrap().remedy.contains("group mapping"));
    }

    #[test]
    fn unknown_codes_have_no_explanation() {
        assert_eq!(explain("SomethingNew"), None);
    }

    #[test]
    fn redundant_export_is_not_an_error() {
        assert!(explain("RedundantExport").unwrap().meaning.contains("Nothing to change"));
    }
}
