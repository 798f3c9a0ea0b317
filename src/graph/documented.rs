//! Documented examples: for every call the app makes, a response in the shape its Microsoft Learn
//! page's example shows (same fields, the same nulls and omissions; our own values, not a copy),
//! read by the very types and functions the app reads it with. A field the documentation shows as
//! null or leaves out must not break a read. One test per call, the page's address beside it.

use super::directory::{MemberOf, Me, Organization, RoleInstance};
use crate::graph::monitor::on_demand::SourceUser;
use crate::graph::mapping::schema::ExpressionTest;
use crate::graph::setup::apply::{access_role, AppRoles, AssignedPrincipal, JobSummary, KeyValue};
use crate::model::monitor::audit::DirectoryAudit;
use crate::model::batch::BatchResponse;
use crate::model::setup::directory::{IdentitySynchronization, PartnerPolicy, ServicePrincipalSummary, SubscribedSku};
use crate::model::error::AppError;
use crate::model::setup::groups::SourceGroup;
use crate::model::monitor::job::SyncJob;
use crate::model::mapping::schema::{object_mappings, parse_operators, rows};
use crate::model::paging::read_page;
use crate::model::monitor::provisioning::ProvisioningEvent;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn one<T: DeserializeOwned>(page: &str, body: Value) -> T {
    serde_json::from_value(body).unwrap_or_else(|e| panic!("{page}: {e}"))
}

fn many<T: DeserializeOwned>(page: &str, body: Value) -> Vec<T> {
    read_page::<T>(&body.to_string()).unwrap_or_else(|e| panic!("{page}: {e}")).0
}

#[test]
fn get_me() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/user-get";
    let me: Me = one(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "businessPhones": [], "displayName": "Avery Howard", "givenName": "Avery", "jobTitle": null, "mail": null,
        "mobilePhone": null, "officeLocation": null, "preferredLanguage": null, "surname": "Howard",
        "userPrincipalName": "avery@fabrikam.example", "id": "11111111-0000-4000-8000-000000000001"
    }));
    assert_eq!(me.user_principal_name.as_deref(), Some("avery@fabrikam.example"));
    // With $select, only what was asked comes back; a null display name is tolerated too.
    let _: Me = one(PAGE, json!({ "displayName": null, "userPrincipalName": "a@b.example" }));
}

#[test]
fn list_organization() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/organization-list";
    let orgs: Vec<Organization> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization",
        "value": [{
            "id": "22222222-0000-4000-8000-000000000002", "deletedDateTime": null, "businessPhones": ["4258880000"],
            "city": null, "country": null, "countryLetterCode": "US", "createdDateTime": "2026-01-01T00:00:00Z",
            "displayName": "Fabrikam", "marketingNotificationEmails": [], "onPremisesLastSyncDateTime": null,
            "onPremisesSyncEnabled": null, "postalCode": null, "preferredLanguage": "en", "securityComplianceNotificationMails": [],
            "state": null, "street": null, "technicalNotificationMails": [], "tenantType": "AAD",
            "assignedPlans": [], "privacyProfile": null, "provisionedPlans": [],
            "verifiedDomains": [{ "capabilities": "Email, OfficeCommunicationsOnline", "isDefault": true, "isInitial": true, "name": "fabrikam.onmicrosoft.com", "type": "Managed" }]
        }]
    }));
    assert_eq!(orgs[0].verified_domains[0].name, "fabrikam.onmicrosoft.com");
}

#[test]
fn role_assignment_schedule_instances_of_the_current_user() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/unifiedroleassignmentscheduleinstance-filterbycurrentuser";
    let roles: Vec<RoleInstance> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(unifiedRoleAssignmentScheduleInstance)",
        "value": [{
            "@odata.type": "#microsoft.graph.unifiedRoleAssignmentScheduleInstance", "id": "x-1", "principalId": "p",
            "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/", "appScopeId": null,
            "startDateTime": null, "endDateTime": null, "assignmentType": "Assigned", "memberType": "Direct",
            "roleAssignmentOriginId": "x-1", "roleAssignmentScheduleId": "x-1"
        }]
    }));
    assert_eq!(roles[0].role_definition_id, "62e90394-69f5-4237-9190-012177145e10");
}

#[test]
fn my_direct_memberships() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/user-list-memberof";
    let items: Vec<MemberOf> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
        "value": [
            { "@odata.type": "#microsoft.graph.group", "id": "g", "displayName": "All staff", "groupTypes": ["Unified"], "mailEnabled": true, "securityEnabled": false },
            { "@odata.type": "#microsoft.graph.directoryRole", "id": "r", "displayName": "Hybrid Identity Administrator", "description": "…", "roleTemplateId": "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2" },
            // Limited information (the token cannot read directory roles): type and ID, the rest null.
            { "@odata.type": "#microsoft.graph.directoryRole", "id": "r2", "displayName": null, "description": null, "roleTemplateId": null }
        ]
    }));
    assert_eq!(items.len(), 3);
    assert_eq!(items[1].role_template_id.as_deref(), Some("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"));
    assert_eq!(items[2].role_template_id, None);
}

#[test]
fn list_subscribed_skus() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/subscribedsku-list";
    let skus: Vec<SubscribedSku> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",
        "value": [{
            "accountName": "Fabrikam", "accountId": "a", "appliesTo": "User", "capabilityStatus": "Enabled", "consumedUnits": 14,
            "id": "a_078d2b04-f1bd-4111-bbd4-b4b1b354cef4", "skuId": "078d2b04-f1bd-4111-bbd4-b4b1b354cef4", "skuPartNumber": "AAD_PREMIUM",
            "subscriptionIds": ["s"], "prepaidUnits": { "enabled": 25, "suspended": 0, "warning": 0, "lockedOut": 0 },
            "servicePlans": [{ "servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "servicePlanName": "AAD_PREMIUM", "provisioningStatus": "Success", "appliesTo": "User" }]
        }]
    }));
    assert_eq!(skus[0].service_plans[0].service_plan_name, "AAD_PREMIUM");
}

#[test]
fn get_partner_configuration() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-get";
    // The example leaves most settings null, automatic redemption included.
    let p: PartnerPolicy = one(PAGE, json!({
        "tenantId": "9c5d131d-0000-4000-8000-000000000009", "inboundTrust": null,
        "automaticUserConsentSettings": { "inboundAllowed": null, "outboundAllowed": null },
        "b2bCollaborationInbound": null, "b2bCollaborationOutbound": null, "b2bDirectConnectOutbound": null,
        "b2bDirectConnectInbound": { "usersAndGroups": { "accessType": "allowed", "targets": [{ "target": "AllUsers", "targetType": "user" }] } }
    }));
    assert!(!p.inbound_redemption() && !p.outbound_redemption(), "null means not allowed");
}

#[test]
fn get_identity_synchronization() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/crosstenantidentitysyncpolicypartner-get";
    let v1: IdentitySynchronization = one(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners('t')/identitySynchronization/$entity",
        "tenantId": "t", "displayName": "Fabrikam", "userSyncInbound": { "isSyncAllowed": true }
    }));
    assert!(v1.users_allowed() && !v1.groups_allowed());
    // beta: groupSyncInbound (https://learn.microsoft.com/graph/api/resources/crosstenantgroupsyncinbound?view=graph-rest-beta)
    let beta: IdentitySynchronization = one(PAGE, json!({ "tenantId": "t", "displayName": null, "userSyncInbound": { "isSyncAllowed": true }, "groupSyncInbound": { "isSyncAllowed": true } }));
    assert!(beta.groups_allowed());
}

#[test]
fn list_service_principals_of_the_template() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/serviceprincipal-list";
    let list: Vec<ServicePrincipalSummary> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId,displayName,applicationTemplateId)",
        "value": [{ "id": "sp", "appId": "app", "displayName": "Fabrikam to Contoso", "applicationTemplateId": "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7" },
                  { "id": "sp2", "appId": "app2", "displayName": null, "applicationTemplateId": null }]
    }));
    assert_eq!(list[1].application_template_id, None);
}

#[test]
fn instantiate_the_template() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/applicationtemplate-instantiate";
    let answer = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.applicationServicePrincipal",
        "application": { "objectId": "o", "appId": "a", "applicationTemplateId": "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7", "displayName": "Sync", "homepage": null, "identifierUris": [], "publicClient": null, "replyUrls": [], "logoutUrl": null, "samlMetadataUrl": null, "errorUrl": null, "groupMembershipClaims": null, "availableToOtherTenants": false, "requiredResourceAccess": [] },
        "servicePrincipal": { "objectId": "sp-object", "id": "sp", "deletionTimestamp": null, "accountEnabled": true, "appId": "a", "appDisplayName": "Sync", "applicationTemplateId": "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7", "appOwnerTenantId": "t", "appRoleAssignmentRequired": true,
            "appRoles": [{ "allowedMemberTypes": ["User"], "description": "msiam_access", "displayName": "msiam_access", "id": "role", "isEnabled": true, "origin": "Application", "value": null }],
            "displayName": "Sync", "errorUrl": null, "homepage": null, "keyCredentials": [], "tags": [] }
    });
    let roles: AppRoles = one(PAGE, answer["servicePrincipal"].clone());
    assert_eq!(access_role(&roles.app_roles).as_deref(), Some("role"));
}

#[test]
fn list_synchronization_jobs_and_get_one() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/synchronization-synchronization-list-jobs";
    let job = json!({
        "id": "Azure2Azure.x.t", "templateId": "Azure2Azure",
        "schedule": { "expiration": null, "interval": "PT40M", "state": "Disabled" },
        "status": {
            "code": "NotRun", "countSuccessiveCompleteFailures": 0, "escrowsPruned": false,
            "lastExecution": { "activityIdentifier": null, "countEntitled": 0, "countEntitledForProvisioning": 0, "countEscrowed": 0, "countEscrowedRaw": 0, "countExported": 0, "countExports": 0, "countImported": 0, "countImportedDeltas": 0, "countImportedReferenceDeltas": 0, "state": "Failed", "error": null, "timeBegan": "0001-01-01T00:00:00Z", "timeEnded": "0001-01-01T00:00:00Z" },
            "lastSuccessfulExecution": null, "lastSuccessfulExecutionWithExports": null, "progress": [], "quarantine": null,
            "steadyStateFirstAchievedTime": "0001-01-01T00:00:00Z", "steadyStateLastAchievedTime": "0001-01-01T00:00:00Z",
            "synchronizedEntryCountByType": [], "troubleshootingUrl": null
        },
        "synchronizationJobSettings": [{ "name": "Domain", "value": "{\"domain\":\"contoso.example\"}" }]
    });
    let jobs: Vec<SyncJob> = many(PAGE, json!({ "value": [job.clone()] }));
    assert!(jobs[0].never_ran());
    let summaries: Vec<JobSummary> = many(PAGE, json!({ "value": [job.clone()] }));
    assert_eq!(summaries[0].id, "Azure2Azure.x.t");
    // GET one job (synchronization-synchronizationjob-get) has the same shape, with a quarantine:
    let mut q = job;
    q["status"]["code"] = json!("Quarantine");
    q["status"]["quarantine"] = json!({ "currentBegan": "2026-11-26T10:00:00Z", "nextAttempt": "2026-11-27T10:00:00Z", "reason": "", "seriesBegan": "2026-11-26T10:00:00Z", "seriesCount": 1, "error": { "code": "AzureDirectoryB2BManagementPolicyCheckFailure", "message": "", "tenantActionable": true } });
    let j: SyncJob = one("https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-get", q);
    assert!(j.health(0)[0].title.contains("AzureDirectoryB2BManagementPolicyCheckFailure"));
}

#[test]
fn get_synchronization_secrets_beta() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/synchronization-synchronization-list-secrets?view=graph-rest-beta";
    let kv: Vec<KeyValue> = many(PAGE, json!({ "value": [{ "key": "CompanyId", "value": "t" }, { "key": "SyncNotificationSettings", "value": null }] }));
    assert_eq!(kv.len(), 2);
}

#[test]
fn list_app_role_assignments() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto";
    let list: Vec<AssignedPrincipal> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('sp')/appRoleAssignedTo",
        "value": [{ "id": "a", "creationTimestamp": "2026-01-01T00:00:00Z", "appRoleId": "role", "principalDisplayName": null, "principalId": "p", "principalType": "Group", "resourceDisplayName": "Sync", "resourceId": "sp" }],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/servicePrincipals/sp/appRoleAssignedTo?$skiptoken=x"
    }));
    assert_eq!(list.into_iter().next().unwrap().into_assignment().display_name, "p", "a null name shows the principal's ID");
}

#[test]
fn search_groups() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/group-list";
    let groups: Vec<SourceGroup> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups", "@odata.count": 1,
        "value": [{ "id": "g", "deletedDateTime": null, "classification": null, "createdDateTime": "2026-01-01T00:00:00Z", "description": null, "displayName": "Sales", "expirationDateTime": null, "groupTypes": [], "isAssignableToRole": null, "mail": null, "mailEnabled": false, "mailNickname": "sales", "membershipRule": null, "membershipRuleProcessingState": null, "securityEnabled": true, "visibility": null }]
    }));
    assert_eq!(groups[0].display_name, "Sales");
}

#[test]
fn search_users() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/user-list";
    let users: Vec<SourceUser> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,userPrincipalName)",
        "value": [{ "id": "u", "displayName": null, "userPrincipalName": "u@fabrikam.example" }]
    }));
    assert_eq!(users[0].user_principal_name, "u@fabrikam.example");
}

#[test]
fn get_schema_and_its_catalogs() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-get";
    let schema = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('sp')/synchronization/jobs('j')/schema/$entity",
        "id": "j", "version": "Date:2026-11-26", "synchronizationRules": [{
            "editable": true, "id": "rule", "name": "USER_TO_USER", "priority": 1, "sourceDirectoryName": "Azure Active Directory", "targetDirectoryName": "Azure Active Directory (target tenant)",
            "metadata": [], "containerFilter": null, "groupFilter": null,
            "objectMappings": [{ "enabled": true, "flowTypes": "Add, Update, Delete", "name": "Provision Azure Active Directory Users", "sourceObjectName": "User", "targetObjectName": "User", "metadata": [], "scope": null,
                "attributeMappings": [
                    { "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged", "flowType": "Always", "matchingPriority": 0, "targetAttributeName": "displayName",
                      "source": { "expression": "[displayName]", "name": "displayName", "type": "Attribute", "parameters": [] } }
                ] }]
        }],
        "directories": []
    });
    assert_eq!(object_mappings(&schema)[0].source_object, "User", "{PAGE}");
    assert_eq!(rows(&schema, object_mappings(&schema)[0].at)[0].target, "displayName");
    // filterOperators (synchronization-synchronizationschema-filteroperators)
    let ops = parse_operators(&json!({ "value": [{ "name": "EQUALS", "arity": "Binary", "multivaluedComparisonType": "All", "supportedAttributeTypes": ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"] }] }));
    assert_eq!(ops[0].name, "EQUALS");
    // functions (synchronization-synchronizationschema-functions): the name is the entity ID.
    let f = tenant_bridge_expression::CatalogFunction::from_json(&json!({ "id": "Append", "parameters": [{ "allowMultipleOccurrences": false, "name": "source", "required": true, "type": "String" }] }));
    assert_eq!(f.map(|f| f.name).as_deref(), Some("Append"));
}

#[test]
fn parse_expression() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-parseexpression";
    let t = ExpressionTest::from_answer(&json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.parseExpressionResponse",
        "error": null, "evaluationSucceeded": true, "evaluationResult": ["Ada (Fabrikam)"], "parsedExpression": null, "parsingSucceeded": true
    }));
    assert!(t.parsed && t.evaluated, "{PAGE}");
    assert_eq!(t.result, ["Ada (Fabrikam)"]);
}

#[test]
fn provision_on_demand() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-provisionondemand";
    // The answer's key and value are JSON written as strings.
    let r = crate::model::monitor::on_demand::parse(&json!({
        "@odata.type": "#microsoft.graph.stringKeyStringValuePair",
        "key": "{\"result\":\"Success\",\"details\":{\"errorCode\":\"\",\"errorMessage\":null}}",
        "value": "{\"provisioningSteps\":[{\"name\":\"EntryImport\",\"type\":\"Import\",\"status\":\"Success\",\"description\":\"Retrieved the user from the source.\",\"timestamp\":\"2026-11-26T10:00:00Z\",\"details\":{}}],\"statusInfo\":{\"status\":\"Success\",\"errorCode\":null}}"
    }));
    assert_eq!(r.result, "Success", "{PAGE}");
    assert_eq!(r.steps.len(), 1);
    assert_eq!(r.error_code, None);
}

#[test]
fn list_provisioning_events() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/provisioningobjectsummary-list";
    let events: Vec<ProvisioningEvent> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning",
        "value": [{
            "id": "e", "activityDateTime": "2026-11-26T10:00:00Z", "tenantId": "t", "jobId": "Azure2Azure.x.t", "cycleId": "c", "changeId": "ch", "durationInMilliseconds": 1, "provisioningAction": "create",
            "initiatedBy": { "id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system" },
            "servicePrincipal": { "id": "sp", "displayName": "Sync" },
            "sourceSystem": { "id": "s", "displayName": "Azure Active Directory", "details": {} },
            "targetSystem": { "id": "t", "displayName": "Azure Active Directory (target tenant)", "details": {} },
            "sourceIdentity": { "id": "u", "displayName": "", "identityType": "User", "details": {} },
            "targetIdentity": { "id": "", "displayName": "", "identityType": "User", "details": {} },
            "provisioningStatusInfo": { "status": "success", "errorInformation": null },
            "provisioningSteps": [{ "name": "EntryImportAdd", "provisioningStepType": "import", "status": "success", "description": "…", "details": {} }],
            "modifiedProperties": [{ "displayName": "accountEnabled", "oldValue": null, "newValue": "True" }]
        }]
    }));
    assert_eq!(events[0].name(), "source ID u", "an empty name falls back to the ID");
}

#[test]
fn list_directory_audits() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/directoryaudit-list";
    let audits: Vec<DirectoryAudit> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
        "value": [{
            "id": "Directory_a", "category": "UserManagement", "correlationId": "c", "result": "success", "resultReason": "", "activityDisplayName": "Add user",
            "activityDateTime": "2026-11-26T10:00:00Z", "loggedByService": "Core Directory", "operationType": "Add",
            "initiatedBy": { "app": null, "user": { "id": "u", "displayName": null, "userPrincipalName": "", "ipAddress": "203.0.113.9", "userType": null, "homeTenantId": null, "homeTenantName": null } },
            "targetResources": [{ "id": "t", "displayName": null, "type": "User", "userPrincipalName": null, "groupType": null, "modifiedProperties": [] }],
            "additionalDetails": [{ "key": "UserType", "value": "Member" }]
        }]
    }));
    assert_eq!(audits[0].targets(), "User t");
    assert_eq!(audits[0].actor(), "user u from 203.0.113.9");
    assert_eq!(audits[0].result_text(), "success");
}

#[test]
fn json_batch_answer() {
    const PAGE: &str = "https://learn.microsoft.com/graph/json-batching";
    let answer = json!({ "responses": [
        { "id": "1", "status": 302, "headers": { "location": "https://b.example/x" } },
        { "id": "3", "status": 401, "body": { "error": { "code": "Forbidden", "message": "…" } } },
        { "id": "2", "status": 200, "body": { "@odata.context": "…", "value": [] } },
        { "id": "4", "status": 204, "body": null }
    ]});
    let list: Vec<BatchResponse> = serde_json::from_value(answer["responses"].clone()).unwrap_or_else(|e| panic!("{PAGE}: {e}"));
    assert_eq!(list.len(), 4);
    assert_eq!(list[0].body, Value::Null, "a missing body is tolerated");
}

#[test]
fn error_bodies_current_and_older() {
    const PAGE: &str = "https://learn.microsoft.com/graph/errors";
    let current = AppError::from_graph(403, r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-11-26T10:00:00","request-id":"rid-1","client-request-id":"crid-1"}}}"#, "GET", "/x");
    assert_eq!((current.request_id.as_deref(), current.client_request_id.as_deref()), (Some("rid-1"), Some("crid-1")), "{PAGE}");
    // An older revision of the page shows requestId and clientRequestId.
    let older = AppError::from_graph(400, r#"{"error":{"code":"badRequest","message":"m","innerError":{"requestId":"rid-2","clientRequestId":"crid-2","date":"2026-11-26T10:00:00"}}}"#, "GET", "/x");
    assert_eq!((older.request_id.as_deref(), older.client_request_id.as_deref()), (Some("rid-2"), Some("crid-2")));
    assert!(older.ticket_text().contains("request-id: rid-2"));
}

#[test]
fn throttled_answer() {
    const PAGE: &str = "https://learn.microsoft.com/graph/throttling";
    // The page's example: 429 with `Retry-After: 2.128`.
    assert_eq!(crate::model::retry::retry_after_ms("2.128"), Some(2128), "{PAGE}");
    let e = AppError::from_graph(429, r#"{"error":{"code":"TooManyRequests","innerError":{"code":"429","date":"2026-11-26T10:00:00","message":"Please retry after","request-id":"r","status":"429"},"message":"Please retry again later."}}"#, "GET", "/x");
    assert_eq!(e.code, "TooManyRequests");
}

#[test]
fn find_tenant_information_by_tenant_id() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbytenantid";
    let t: crate::graph::monitor::fleet::TenantInformation = one(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.tenantInformation",
        "tenantId": "33333333-0000-4000-8000-000000000003", "federationBrandName": null, "displayName": "Contoso", "defaultDomainName": "contoso.example"
    }));
    assert_eq!((t.display_name.as_deref(), t.default_domain_name.as_deref()), (Some("Contoso"), Some("contoso.example")));
}

#[test]
fn list_partners() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/crosstenantaccesspolicy-list-partners";
    let list: Vec<crate::graph::monitor::fleet::PartnerEntry> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners",
        "value": [{
            "tenantId": "44444444-0000-4000-8000-000000000004", "isServiceProvider": true, "isInMultiTenantOrganization": false,
            "inboundTrust": null, "b2bCollaborationOutbound": null, "b2bCollaborationInbound": null, "b2bDirectConnectOutbound": null,
            "b2bDirectConnectInbound": null, "tenantRestrictions": null,
            "automaticUserConsentSettings": { "inboundAllowed": null, "outboundAllowed": null }
        }, { "tenantId": "55555555-0000-4000-8000-000000000005" }]
    }));
    assert_eq!(list[0].is_in_multi_tenant_organization, Some(false));
    assert!(list[1].automatic_user_consent_settings.is_none(), "a partner without the property reads as nothing allowed");
}

#[test]
fn get_multi_tenant_organization_and_list_its_tenants() {
    const PAGE: &str = "https://learn.microsoft.com/graph/api/multitenantorganization-list-tenants";
    let m: crate::model::monitor::fleet::MultiTenantOrganization = one("https://learn.microsoft.com/graph/api/multitenantorganization-get", json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/multiTenantOrganization/$entity",
        "id": "66666666-0000-4000-8000-000000000006", "createdDateTime": "2023-04-05T00:00:00Z", "displayName": "Contoso organization",
        "description": "Multitenant organization between Contoso and Fabrikam", "state": "active"
    }));
    assert_eq!(m.display_name, "Contoso organization");
    let members: Vec<crate::model::monitor::fleet::MtoMember> = many(PAGE, json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/multiTenantOrganization/tenants",
        "value": [
            { "tenantId": "77777777-0000-4000-8000-000000000007", "displayName": "Contoso", "addedDateTime": "2023-05-26T22:05:23Z", "joinedDateTime": null,
              "addedByTenantId": "77777777-0000-4000-8000-000000000007", "role": "owner", "state": "active", "transitionDetails": null },
            { "tenantId": "88888888-0000-4000-8000-000000000008", "displayName": "Fabrikam" }
        ]
    }));
    assert_eq!(members[0].role.as_deref(), Some("owner"));
    assert_eq!((members[1].role.as_deref(), members[1].state.as_deref()), (None, None), "with ReadBasic.All only names and IDs come back");
}
