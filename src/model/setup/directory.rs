//! Graph resource shapes the readiness check and the wizard read, parsed defensively: unknown
//! fields are ignored and optional ones may be missing or null.

use serde::Deserialize;

/// A subscribed SKU (`GET /subscribedSkus`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscribedSku {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub sku_id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub sku_part_number: String,
    pub capability_status: Option<String>,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub service_plans: Vec<ServicePlan>,
}

/// One service plan of a SKU.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePlan {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub service_plan_id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub service_plan_name: String,
    pub provisioning_status: Option<String>,
}

/// A partner configuration of the cross-tenant access policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartnerPolicy {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub tenant_id: String,
    pub automatic_user_consent_settings: Option<AutomaticUserConsent>,
}

/// Automatic redemption of invitations (both directions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutomaticUserConsent {
    pub inbound_allowed: Option<bool>,
    pub outbound_allowed: Option<bool>,
}

impl PartnerPolicy {
    /// Inbound automatic redemption is on (null means "inherit the default", which is off).
    pub fn inbound_redemption(&self) -> bool {
        self.automatic_user_consent_settings.as_ref().and_then(|s| s.inbound_allowed) == Some(true)
    }

    /// Outbound automatic redemption is on.
    pub fn outbound_redemption(&self) -> bool {
        self.automatic_user_consent_settings.as_ref().and_then(|s| s.outbound_allowed) == Some(true)
    }
}

/// `identitySynchronization` of a partner (beta shape; v1.0 lacks `groupSyncInbound`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentitySynchronization {
    pub display_name: Option<String>,
    pub user_sync_inbound: Option<SyncAllowed>,
    pub group_sync_inbound: Option<SyncAllowed>,
}

/// `{ "isSyncAllowed": bool }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncAllowed {
    pub is_sync_allowed: bool,
}

impl IdentitySynchronization {
    /// Inbound user sync is allowed.
    pub fn users_allowed(&self) -> bool {
        self.user_sync_inbound.as_ref().is_some_and(|s| s.is_sync_allowed)
    }

    /// Inbound group sync is allowed (only visible through beta).
    pub fn groups_allowed(&self) -> bool {
        self.group_sync_inbound.as_ref().is_some_and(|s| s.is_sync_allowed)
    }
}

/// A service principal, as far as configurations need it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePrincipalSummary {
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub app_id: String,
    #[serde(deserialize_with = "crate::model::nullable::or_default")]
    pub display_name: String,
    pub application_template_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_partner_inherits_and_so_has_no_redemption() {
        // The documented 201 body: most settings null.
        let p: PartnerPolicy = serde_json::from_str(r#"{"tenantId":"t","inboundTrust":null,"automaticUserConsentSettings":{"inboundAllowed":null,"outboundAllowed":null}}"#).unwrap();
        assert!(!p.inbound_redemption() && !p.outbound_redemption());
    }

    #[test]
    fn v1_identity_sync_without_group_property_means_groups_not_allowed() {
        let s: IdentitySynchronization = serde_json::from_str(r#"{"tenantId":"t","displayName":null,"userSyncInbound":{"isSyncAllowed":true}}"#).unwrap();
        assert!(s.users_allowed());
        assert!(!s.groups_allowed());
    }

    #[test]
    fn sku_parsing_ignores_unknown_fields() {
        let s: SubscribedSku = serde_json::from_str(r#"{"skuId":"x","skuPartNumber":"AAD_PREMIUM","prepaidUnits":{"enabled":5},"servicePlans":[{"servicePlanId":"41781fb2-bc02-4b7c-bd55-b576c07bb09d","servicePlanName":"AAD_PREMIUM","provisioningStatus":"Success","appliesTo":"User"}]}"#).unwrap();
        assert_eq!(s.service_plans[0].provisioning_status.as_deref(), Some("Success"));
    }
}
