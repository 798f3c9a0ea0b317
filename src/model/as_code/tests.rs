use super::apply::*;
use super::drift::drift;
use super::*;
use crate::model::mapping::schema::tests::schema;
use crate::model::tenant::TenantRole;
use crate::model::setup::directory::{AutomaticUserConsent, IdentitySynchronization, SyncAllowed};
use crate::model::setup::plan::{plan, secrets, PlannedWrite, Assignment, ConfigurationState, SetupChoices, WriteKind};
use serde_json::json;

pub const SRC: &str = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
pub const TGT: &str = "b3dc6c65-54f5-553b-935b-b02a6b5be925";
const SALES: &str = "92f2ddea-e700-5795-bfb8-bcd966913c1d";
const ADA: &str = "4b2b9f7a-65c8-5810-92f1-1235a7b9d588";

fn partner(inbound: Option<bool>, outbound: Option<bool>) -> Lookup<PartnerPolicy> {
    Lookup::Found(PartnerPolicy { tenant_id: "x".into(), automatic_user_consent_settings: Some(AutomaticUserConsent { inbound_allowed: inbound, outbound_allowed: outbound }) })
}

fn setup() -> SetupChoices {
    SetupChoices { sync_groups: true, configuration_name: "Fabrikam to Contoso".into(), notification_email: Some("ops@fabrikam.com".into()), deletion_threshold: Some(500), assign: vec![], unassign: vec![], start: true }
}

/// A pair set up with group sync, Sales and Ada assigned, the group mapping on.
pub fn live() -> PairState {
    let mut s = schema();
    s["synchronizationRules"][0]["objectMappings"][1]["enabled"] = json!(true);
    PairState {
        source_id: SRC.into(),
        source_name: "Fabrikam".into(),
        target_id: TGT.into(),
        target_name: "Contoso".into(),
        target_partner: partner(Some(true), None),
        target_sync: Lookup::Found(IdentitySynchronization { display_name: None, user_sync_inbound: Some(SyncAllowed { is_sync_allowed: true }), group_sync_inbound: Some(SyncAllowed { is_sync_allowed: true }) }),
        source_partner: partner(None, Some(true)),
        configuration: Some(ConfigurationState {
            service_principal_id: "sp1".into(),
            display_name: "Fabrikam to Contoso".into(),
            job_id: Some("job1".into()),
            job_active: true,
            secrets: Some(secrets(&setup(), TGT)),
            app_role_id: Some("role".into()),
            assigned: vec![
                Assignment { id: "a1".into(), principal_id: SALES.into(), display_name: "Sales".into(), principal_type: "Group".into() },
                Assignment { id: "a2".into(), principal_id: ADA.into(), display_name: "Ada Lovelace".into(), principal_type: "User".into() },
            ],
            group_mapping_enabled: Some(true),
            schema: Some(s),
        }),
    }
}

/// The same two tenants with nothing set up.
fn empty() -> PairState {
    PairState { target_partner: Lookup::Missing, target_sync: Lookup::Missing, source_partner: Lookup::Missing, configuration: None, ..live() }
}

fn exported(state: &PairState) -> PairDocument {
    let schema = state.configuration.as_ref().and_then(|c| c.schema.clone());
    export(state, schema.as_ref(), &[(SALES.into(), "sales".into())]).unwrap()
}

fn by_id(doc: &PairDocument) -> Vec<Matched> {
    let found: Vec<Vec<Candidate>> = doc.configuration.assignments.iter().map(|a| vec![Candidate { id: a.principal_id.clone(), display_name: a.display_name.clone(), principal_type: a.principal_type.clone(), user_principal_name: None, security_enabled: None }]).collect();
    match_assignments(doc, MatchKey::ObjectId, &found)
}

/// The plan a document makes on a pair: the ordinary plan of its choices, extended.
fn document_plan(doc: &PairDocument, state: &PairState) -> Vec<PlannedWrite> {
    let c = choices_for(doc, state);
    let mut p = plan(&c.choices, state).unwrap();
    extend(&mut p, doc, state);
    p
}

fn choices_for(doc: &PairDocument, state: &PairState) -> DocumentChoices {
    choices(doc, &by_id(doc), MatchKey::ObjectId, state).unwrap()
}

fn ids(p: &[PlannedWrite]) -> Vec<&str> {
    p.iter().map(|w| w.id.as_str()).collect()
}

#[test]
fn an_export_reads_back_equal_and_names_what_it_holds() {
    let doc = exported(&live());
    let text = to_text(&doc);
    assert_eq!(parse(&text).unwrap(), doc);
    assert_eq!(doc.kind, KIND);
    assert_eq!(doc.configuration.provisioning, Provisioning { scope: Scope::AssignedUsersAndGroups, deletion_threshold: Some(500), notification_email: Some("ops@fabrikam.com".into()), started: true });
    assert_eq!(doc.target.inbound_sync, Some(InboundSync { users: true, groups: true }));
    assert_eq!(doc.target.partner, Some(PartnerDoc { inbound_automatic_redemption: true, outbound_automatic_redemption: false }), "null (inherit) is off");
    // Ordered by type then name, with the nickname where it was read.
    let a: Vec<(&str, Option<&str>)> = doc.configuration.assignments.iter().map(|a| (a.display_name.as_str(), a.mail_nickname.as_deref())).collect();
    assert_eq!(a, [("Sales", Some("sales")), ("Ada Lovelace", None)]);
    assert_eq!(doc.exported_from, Some(ExportedFrom { configuration_id: "sp1".into(), job_id: Some("job1".into()) }));
    assert!(!text.contains("@odata"), "no response annotations");
}

#[test]
fn a_pair_without_a_configuration_cannot_be_exported() {
    let mut s = live();
    s.configuration = None;
    assert_eq!(export(&s, None, &[]).unwrap_err(), NO_CONFIGURATION);
    let mut s = live();
    s.target_sync = Lookup::Unreadable("403 Forbidden".into());
    assert!(export(&s, None, &[]).unwrap_err().contains("synchronization policy could not be read"));
}

#[test]
fn the_document_on_its_own_pair_plans_nothing() {
    let state = live();
    let doc = exported(&state);
    assert_eq!(pair_match(&doc, SRC, TGT), Ok(PairMatch::Same));
    assert!(document_plan(&doc, &state).is_empty(), "{:?}", ids(&document_plan(&doc, &state)));
}

#[test]
fn a_document_on_an_empty_pair_plans_every_step_with_the_mappings_in_place_of_enabling_groups() {
    let doc = exported(&live());
    let empty = empty();
    let p = document_plan(&doc, &empty);
    assert_eq!(ids(&p), ["target-partner", "target-sync", "source-partner", "configuration", "test-connection", "job", "settings", "mappings", &format!("assign-{SALES}"), &format!("assign-{ADA}"), "start"]);
    let m = p.iter().find(|w| w.id == "mappings").unwrap();
    assert_eq!((m.kind, m.method), (WriteKind::ReplaceMappings, "PUT"));
    assert_eq!(m.path, "/servicePrincipals/{configurationId}/synchronization/jobs/{jobId}/schema");
    assert_eq!(m.body.as_ref().unwrap()["synchronizationRules"][0]["objectMappings"][1]["enabled"], true);
    assert_eq!(p[0].body.as_ref().unwrap()["automaticUserConsentSettings"], json!({ "inboundAllowed": true, "outboundAllowed": false }));
}

#[test]
fn partner_switches_and_group_sync_follow_the_document_both_ways() {
    let state = live();
    let mut doc = exported(&state);
    doc.target.partner = Some(PartnerDoc { inbound_automatic_redemption: true, outbound_automatic_redemption: true });
    doc.source.partner = Some(PartnerDoc { inbound_automatic_redemption: true, outbound_automatic_redemption: true });
    doc.target.inbound_sync = Some(InboundSync { users: true, groups: false });
    let p = document_plan(&doc, &state);
    assert_eq!(ids(&p), ["target-redemption", "target-sync", "source-redemption"]);
    assert_eq!(p[0].body.as_ref().unwrap()["automaticUserConsentSettings"], json!({ "inboundAllowed": true, "outboundAllowed": true }));
    assert_eq!(p[1].body.as_ref().unwrap()["groupSyncInbound"]["isSyncAllowed"], false);
    assert_eq!(p[2].tenant, TenantRole::Source);
    assert_eq!(p[2].body.as_ref().unwrap()["automaticUserConsentSettings"], json!({ "inboundAllowed": true, "outboundAllowed": true }));
}

#[test]
fn assignments_the_document_does_not_name_are_removed_and_new_ones_added() {
    let state = live();
    let mut doc = exported(&state);
    doc.configuration.assignments.retain(|a| a.principal_type == "Group");
    doc.configuration.assignments.push(AssignmentDoc { principal_id: "945163f2-68eb-5405-922d-55527aa4e0c8".into(), principal_type: "Group".into(), display_name: "Engineering".into(), mail_nickname: None });
    let p = document_plan(&doc, &state);
    assert_eq!(ids(&p), [format!("unassign-{ADA}"), "assign-945163f2-68eb-5405-922d-55527aa4e0c8".to_string()]);
}

#[test]
fn imports_that_are_not_documents_are_refused_naming_the_field() {
    let good = to_text(&exported(&live()));
    assert!(parse("{ nope").unwrap_err().message.starts_with("This is not JSON (line 1, column 3"));
    assert_eq!(parse("[1]").unwrap_err().field, "");
    let e = parse(&good.replace(KIND, "other")).unwrap_err();
    assert_eq!(e.field, "kind");
    let e = parse(&good.replace("\"version\": 1", "\"version\": 7")).unwrap_err();
    assert_eq!(e.field, "version");
    assert!(e.message.contains("version 7 is not known"));
    let e = parse(&good.replace("\"deletionThreshold\": 500", "\"deletionThreshold\": \"many\"")).unwrap_err();
    assert_eq!(e.field, "configuration.provisioning.deletionThreshold");
    let e = parse(&good.replace("\"deletionThreshold\": 500", "\"deletionThreshold\": 0")).unwrap_err();
    assert_eq!(e.field, "configuration.provisioning.deletionThreshold");
    let e = parse(&good.replace("ops@fabrikam.com", "ops at fabrikam")).unwrap_err();
    assert_eq!(e.field, "configuration.provisioning.notificationEmail");
    let e = parse(&good.replace("\"started\": true", "\"started\": true, \"surprise\": 1")).unwrap_err();
    assert_eq!(e.field, "configuration.provisioning.surprise");
    assert!(e.message.contains("unknown field `surprise`"), "{}", e.message);
    let e = parse(&good.replace(SALES, "sales-group")).unwrap_err();
    assert_eq!(e.field, "configuration.assignments[0].principalId");
    let e = parse(&good.replacen("\"sourceObjectName\": \"User\",", "", 1)).unwrap_err();
    assert_eq!(e.field, "configuration.schema.synchronizationRules[0].objectMappings[0].sourceObjectName");
}

#[test]
fn a_document_for_the_reverse_pair_is_refused_and_another_pair_is_a_promotion() {
    let doc = exported(&live());
    assert_eq!(pair_match(&doc, TGT, SRC).unwrap_err().field, "source.tenantId");
    assert_eq!(pair_match(&doc, "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"), Ok(PairMatch::Other));
}

#[test]
fn matching_lists_unmatched_ambiguous_and_keyless_objects_and_never_guesses() {
    let doc = exported(&live());
    let cand = |id: &str, name: &str, t: &str| Candidate { id: id.into(), display_name: name.into(), principal_type: t.into(), user_principal_name: None, security_enabled: None };
    let m = match_assignments(&doc, MatchKey::DisplayName, &[vec![cand("g1", "Sales", "Group"), cand("g2", "Sales", "Group")], vec![cand("u9", "Ada Lovelace", "Group")]]);
    assert_eq!(m[0].outcome, Outcome::Ambiguous(2));
    assert_eq!(m[1].outcome, Outcome::Unmatched, "a group of that name is not the user");
    let e = choices(&doc, &m, MatchKey::DisplayName, &live()).unwrap_err();
    assert_eq!(e.len(), 2);
    assert!(e[0].message.contains("2 objects in this tenant have display name \"Sales\""));
    let m = match_assignments(&doc, MatchKey::MailNickname, &[vec![cand("g1", "Sales", "Group")], vec![]]);
    assert_eq!(m[1].outcome, Outcome::NoKey);
    let m = match_assignments(&doc, MatchKey::DisplayName, &[vec![cand("g1", "Sales", "Group")], vec![cand("u1", "Ada Lovelace", "User")]]);
    let c = choices(&doc, &m, MatchKey::DisplayName, &live()).unwrap();
    assert_eq!(c.choices.assign.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["g1", "u1"]);
    assert_eq!(c.choices.unassign.len(), 2, "the live assignments the document does not name leave");
    assert_eq!((c.groups.len(), c.users.len()), (1, 1));
}

#[test]
fn all_users_scope_is_refused_with_what_to_do() {
    let mut doc = exported(&live());
    doc.configuration.provisioning.scope = Scope::AllUsersAndGroups;
    let e = choices(&doc, &by_id(&doc), MatchKey::ObjectId, &live()).unwrap_err();
    assert_eq!(e[0].field, "configuration.provisioning.scope");
}

#[test]
fn mappings_are_merged_into_the_live_schema_by_directory() {
    let live_schema = schema();
    let mut doc = schema_doc(&live_schema);
    doc.synchronization_rules[0].object_mappings.truncate(1);
    let merged = merge_mappings(&live_schema, &doc).unwrap();
    assert_eq!(merged["synchronizationRules"][0]["objectMappings"].as_array().unwrap().len(), 1);
    assert_eq!(merged["directories"], live_schema["directories"], "everything else is kept");
    doc.synchronization_rules[0].target_directory_name = "Somewhere else".into();
    assert!(merge_mappings(&live_schema, &doc).unwrap_err().contains("no counterpart"));
}

#[test]
fn mappings_the_editor_would_refuse_are_refused() {
    let mut doc = schema_doc(&schema());
    let rows = doc.synchronization_rules[0].object_mappings[0]["attributeMappings"].as_array_mut().unwrap();
    rows.retain(|r| r["targetAttributeName"] != "alternativeSecurityIds");
    let e = lint_document(Some(&schema()), &doc).unwrap_err();
    assert!(e.contains("alternativeSecurityIds"), "{e}");
    assert!(lint_document(None, &schema_doc(&schema())).is_ok());
}

fn drift_whats(doc: &PairDocument, state: &PairState) -> Vec<String> {
    drift(doc, &exported(state)).into_iter().map(|d| format!("{}|{}|{}|{}|{}", d.side, d.place, d.what, d.document, d.live)).collect()
}

#[test]
fn no_drift_on_the_pair_as_exported() {
    let s = live();
    assert!(drift_whats(&exported(&s), &s).is_empty());
}

#[test]
fn drift_names_a_partner_switch() {
    let doc = exported(&live());
    let mut s = live();
    s.source_partner = partner(None, Some(false));
    assert_eq!(drift_whats(&doc, &s), ["Source|Partner settings|Outbound automatic redemption|on|off"]);
}

#[test]
fn drift_names_a_mapping_row() {
    let doc = exported(&live());
    let mut s = live();
    let schema = s.configuration.as_mut().unwrap().schema.as_mut().unwrap();
    schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][3]["flowType"] = json!("ObjectAddOnly");
    assert_eq!(drift_whats(&doc, &s), ["Source|Provision Azure Active Directory Users|Changed attribute mapping|[mail] → mail (Always)|[mail] → mail (ObjectAddOnly)"]);
}

#[test]
fn drift_names_a_filter_clause() {
    let doc = exported(&live());
    let mut s = live();
    let schema = s.configuration.as_mut().unwrap().schema.as_mut().unwrap();
    schema["synchronizationRules"][0]["objectMappings"][0]["scope"]["groups"] = json!([{ "name": "Only sales", "clauses": [{ "operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": { "kind": "Constant", "values": ["Sales"] } }] }]);
    let d = drift_whats(&doc, &s);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("department EQUALS \"Sales\""), "{d:?}");
}

#[test]
fn drift_names_an_assignment_and_the_threshold() {
    let doc = exported(&live());
    let mut s = live();
    let c = s.configuration.as_mut().unwrap();
    c.assigned.pop();
    let mut ch = setup();
    ch.deletion_threshold = Some(50);
    c.secrets = Some(secrets(&ch, TGT));
    assert_eq!(drift_whats(&doc, &s), [
        "Source|Configuration|Deletion threshold|500|50".to_string(),
        format!("Source|Assignments|Assignment|User \"Ada Lovelace\" ({ADA})|not assigned"),
    ]);
}

#[test]
fn the_script_connects_per_tenant_carries_created_ids_and_puts_the_schema_whole() {
    let doc = exported(&live());
    let empty = empty();
    let p = document_plan(&doc, &empty);
    let s = powershell::script(&p, &empty, "https://graph.microsoft.com", "Global");
    assert_eq!(s.matches("Connect-MgGraph").count(), 2, "target, then source");
    assert!(s.find(&format!("-TenantId '{TGT}'")).unwrap() < s.find(&format!("-TenantId '{SRC}'")).unwrap());
    assert!(s.contains("$configurationId = $created.servicePrincipal.id"));
    assert!(s.contains("$jobId = $job.id"));
    assert!(s.contains("\"$graph/v1.0/servicePrincipals/$configurationId/synchronization/jobs/$jobId/schema\""));
    assert!(s.contains("-Method PUT") && !s.contains("-Method PATCH -Uri \"$graph/v1.0/servicePrincipals"), "the schema is never PATCHed");
    assert!(s.contains("\"appRoleId\":\"$appRoleId\""), "placeholders in bodies become variables");
    assert!(!s.contains("{configurationId}") && !s.contains("{jobId}") && !s.contains("{appRoleId}"));
    assert!(s.contains("\"$graph/beta/policies/crossTenantAccessPolicy/partners/"), "beta where the plan uses beta");
}

#[test]
fn the_script_escapes_what_powershell_would_expand() {
    let mut s = live();
    s.source_name = "Fab`$rikam\nWrite-Host pwned".into();
    let p = vec![PlannedWrite { id: "x".into(), step: 6, tenant: TenantRole::Source, kind: WriteKind::Write, method: "PUT", version: "v1.0", path: "/a/$b".into(), body: Some(json!({ "v": "$(evil)`" })), purpose: "p".into() }];
    let text = powershell::script(&p, &s, "https://graph.microsoft.com", "Global");
    assert!(text.contains("\"$graph/v1.0/a/`$b\""));
    assert!(text.contains("{\"v\":\"`$(evil)``\"}"));
    assert!(!text.lines().any(|l| l.starts_with("Write-Host")), "names stay in comments");
}

#[test]
fn the_json_schema_in_the_repository_names_this_kind_version_and_id() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("../../../docs/pair-document.schema.json")).unwrap();
    assert_eq!(schema["$id"], SCHEMA_ID);
    assert_eq!(schema["properties"]["kind"]["const"], KIND);
    assert_eq!(schema["properties"]["version"]["const"], VERSION);
    // Every field the document writes is allowed by the schema's closed objects.
    let doc = serde_json::to_value(exported(&live())).unwrap();
    for (name, props) in [("top", &schema["properties"]), ("provisioning", &schema["properties"]["configuration"]["properties"]["provisioning"]["properties"])] {
        let written = if name == "top" { &doc } else { &doc["configuration"]["provisioning"] };
        for key in written.as_object().unwrap().keys() {
            assert!(props.get(key).is_some(), "{name}: {key} is written but not in the schema");
        }
    }
}
