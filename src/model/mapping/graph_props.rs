//! What may be sent to Graph: the documented properties of the `user` and `group` resources (for
//! `$select`), and a resource read back without its response annotations (for a PUT).

use serde_json::Value;

/// Properties of the v1.0 `user` resource (learn.microsoft.com/graph/api/resources/user).
const USER: [&str; 79] = [
    "aboutMe", "accountEnabled", "ageGroup", "assignedLicenses", "assignedPlans", "birthday", "businessPhones", "city", "companyName",
    "consentProvidedForMinor", "country", "createdDateTime", "creationType", "customSecurityAttributes", "deletedDateTime", "department",
    "displayName", "employeeHireDate", "employeeLeaveDateTime", "employeeId", "employeeOrgData", "employeeType", "externalUserState",
    "externalUserStateChangeDateTime", "faxNumber", "givenName", "hireDate", "id", "identities", "imAddresses", "interests",
    "isManagementRestricted", "isResourceAccount", "jobTitle", "lastPasswordChangeDateTime", "legalAgeGroupClassification",
    "licenseAssignmentStates", "mail", "mailboxSettings", "mailNickname", "mobilePhone", "mySite", "officeLocation",
    "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesExtensionAttributes", "onPremisesImmutableId",
    "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors", "onPremisesSamAccountName", "onPremisesSecurityIdentifier",
    "onPremisesSyncEnabled", "onPremisesUserPrincipalName", "otherMails", "passwordPolicies", "passwordProfile", "pastProjects",
    "postalCode", "preferredDataLocation", "preferredLanguage", "preferredName", "provisionedPlans", "proxyAddresses", "responsibilities",
    "schools", "securityIdentifier", "serviceProvisioningErrors", "showInAddressList", "signInActivity", "signInSessionsValidFromDateTime",
    "skills", "state", "streetAddress", "surname", "usageLocation", "userPrincipalName", "userType", "sponsors", "manager",
];

/// Properties of the v1.0 `group` resource (learn.microsoft.com/graph/api/resources/group).
const GROUP: [&str; 45] = [
    "allowExternalSenders", "assignedLabels", "assignedLicenses", "autoSubscribeNewMembers", "classification", "createdDateTime",
    "deletedDateTime", "description", "displayName", "expirationDateTime", "groupTypes", "hasMembersWithLicenseErrors",
    "hideFromAddressLists", "hideFromOutlookClients", "id", "isArchived", "isAssignableToRole", "isManagementRestricted",
    "isSubscribedByMail", "licenseProcessingState", "mail", "mailEnabled", "mailNickname", "membershipRule",
    "membershipRuleProcessingState", "onPremisesDomainName", "onPremisesLastSyncDateTime", "onPremisesNetBiosName",
    "onPremisesProvisioningErrors", "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
    "preferredDataLocation", "preferredLanguage", "proxyAddresses", "renewedDateTime", "securityEnabled", "securityIdentifier",
    "serviceProvisioningErrors", "theme", "uniqueName", "unseenCount", "visibility", "members", "owners",
];

/// Navigation properties: documented, but not selectable as values.
const NAVIGATION: [&str; 4] = ["manager", "sponsors", "members", "owners"];

/// Splits attribute names (as an expression names them) into what a `$select` on the Graph `user`
/// (or `group`, when `group`) resource may ask, in Graph's spelling, paired with the name as
/// written; and the names left out, because they exist only in the synchronization schema
/// (`netId`, `IsSoftDeleted`, `extensionAttribute1`) or are navigation properties. Selecting an
/// unknown property is a 400 in Graph.
pub fn selectable(names: &[String], group: bool) -> (Vec<(String, String)>, Vec<String>) {
    let known: &[&str] = if group { &GROUP } else { &USER };
    let mut select = vec![];
    let mut left_out = vec![];
    for n in names {
        match known.iter().find(|k| k.eq_ignore_ascii_case(n)).filter(|k| !NAVIGATION.contains(k)) {
            Some(k) if !select.iter().any(|(g, _): &(String, String)| g == k) => select.push((k.to_string(), n.clone())),
            Some(_) => {}
            None if !left_out.contains(n) => left_out.push(n.clone()),
            None => {}
        }
    }
    (select, left_out)
}

/// A resource as read, without response annotations (`@odata.context`, `@odata.etag`, …; only
/// `@odata.type`, which a request may carry, is kept), at every depth: what a full PUT sends.
pub fn own_properties(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| !k.contains('@') || k.ends_with("@odata.type"))
                .map(|(k, x)| (k.clone(), own_properties(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(own_properties).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_default_mappings_attributes_select_only_what_graph_has() {
        // Every attribute the default user mapping's expressions name (mapping::tests::schema).
        let schema = crate::model::mapping::schema::tests::schema();
        let mut names: Vec<String> = vec![];
        for row in crate::model::mapping::schema::rows(&schema, crate::model::mapping::schema::tests::users()) {
            if let Ok(e) = tenant_bridge_expression::parse(&row.expression()) {
                names.extend(e.attributes());
            }
        }
        assert!(names.iter().any(|n| n == "netId") && names.iter().any(|n| n == "IsSoftDeleted"), "{names:?}");
        let (select, left_out) = selectable(&names, false);
        assert!(select.iter().all(|(g, _)| USER.contains(&g.as_str())));
        assert!(!select.iter().any(|(g, _)| g == "netId" || g == "IsSoftDeleted"));
        assert!(left_out.contains(&"netId".to_string()) && left_out.contains(&"IsSoftDeleted".to_string()));
    }

    #[test]
    fn names_match_without_case_and_come_back_in_graphs_spelling() {
        let (select, left_out) = selectable(&["DISPLAYNAME".into(), "extensionAttribute1".into(), "manager".into(), "displayName".into()], false);
        assert_eq!(select, [("displayName".to_string(), "DISPLAYNAME".to_string())]);
        assert_eq!(left_out, ["extensionAttribute1", "manager"]);
        let (g, _) = selectable(&["mailNickname".into(), "securityEnabled".into()], true);
        assert_eq!(g.len(), 2);
    }

    #[test]
    fn a_put_body_carries_no_response_annotations() {
        let read = json!({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", "@odata.etag": "W/1", "id": "s", "directories": [{ "@odata.id": "x", "name": "Azure AD", "objects": [] }], "synchronizationRules": [], "value@odata.type": "#Collection(String)", "@odata.type": "#microsoft.graph.synchronizationSchema" });
        assert_eq!(own_properties(&read), json!({ "id": "s", "directories": [{ "name": "Azure AD", "objects": [] }], "synchronizationRules": [], "value@odata.type": "#Collection(String)", "@odata.type": "#microsoft.graph.synchronizationSchema" }));
    }
}
