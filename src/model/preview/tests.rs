use super::*;
use serde_json::json;

fn user(id: &str, mail: &str) -> SourceUser {
    SourceUser { id: id.into(), name: id.to_uppercase(), user_principal_name: format!("{id}@fabrikam.onmicrosoft.com"), mail: Some(mail.into()), enabled: true, attributes: vec![("department".into(), "Sales".into())] }
}

fn mappings(user_type_flow: &str, groups_on: bool) -> (Value, Value) {
    let users = json!({ "enabled": true, "scope": { "groups": [] }, "attributeMappings": [
        { "targetAttributeName": "userType", "flowType": user_type_flow, "source": { "type": "Constant", "name": "Member" } }] });
    (users, json!({ "enabled": groups_on, "scope": { "groups": [] }, "attributeMappings": [] }))
}

fn inputs(users: Vec<SourceUser>) -> Inputs {
    let (u, g) = mappings("ObjectAddOnly", true);
    Inputs { users, user_mapping: Some(u), group_mapping: Some(g), group_sync_allowed: true, ..Default::default() }
}

fn guest(id: &str, mail: &str, state: Option<&str>, user_type: &str) -> TargetUser {
    TargetUser { id: id.into(), user_principal_name: format!("{id}#EXT#@contoso.onmicrosoft.com"), mail: Some(mail.into()), proxy_addresses: vec![], user_type: Some(user_type.into()), external_user_state: state.map(String::from) }
}

fn only(p: &Preview) -> &Outcome {
    assert_eq!(p.outcomes.len(), 1, "{p:?}");
    &p.outcomes[0]
}

#[test]
fn a_redeemed_guest_is_matched_and_stays_a_guest_unless_the_mapping_applies_always() {
    let mut i = inputs(vec![user("ada", "Ada@Fabrikam.com")]);
    i.target_users = vec![guest("t1", "ada@fabrikam.com", Some("Accepted"), "Guest")];
    let o = only(&predict(&i)).clone();
    assert_eq!((o.kind, o.target_id.as_deref()), (Kind::Update, Some("t1")));
    assert!(o.why.contains("stays Guest"), "{}", o.why);
    i.user_mapping = Some(mappings("Always", true).0);
    assert!(only(&predict(&i)).why.contains("Guest → Member"));
}

#[test]
fn each_conflict_fails_with_its_code_and_says_whether_the_code_is_documented() {
    // How the target is changed, the code the service logs, and whether that code is documented.
    type Case = (Box<dyn Fn(&mut Inputs)>, &'static str, bool);
    let cases: Vec<Case> = vec![
        (Box::new(|i| i.target_users = vec![guest("t", "ada@fabrikam.com", Some("PendingAcceptance"), "Guest")]), "InvitationCreationFailure", true),
        (Box::new(|i| i.target_users = vec![TargetUser { id: "t".into(), user_principal_name: "ada@contoso.com".into(), proxy_addresses: vec!["smtp:ada@fabrikam.com".into()], ..Default::default() }]), "InvitationCreationFailureAmbiguousUser", false),
        (Box::new(|i| i.target_groups = vec![TargetHolder { id: "t".into(), name: "Ada's list".into(), mail: Some("ada@fabrikam.com".into()), proxy_addresses: vec![] }]), "InvitationCreationFailureInvalidPropertyValue", false),
        (Box::new(|i| i.target_contacts = vec![TargetHolder { id: "t".into(), name: "Ada (contact)".into(), mail: Some("ADA@fabrikam.com".into()), proxy_addresses: vec![] }]), "InvitationCreationFailure", true),
    ];
    for (setup, code, undocumented) in cases {
        let mut i = inputs(vec![user("ada", "ada@fabrikam.com")]);
        setup(&mut i);
        let o = only(&predict(&i)).clone();
        assert_eq!((o.kind, o.code, o.code_undocumented, o.target_id.as_deref()), (Kind::Fail, Some(code), undocumented, Some("t")), "{o:?}");
        assert!(!o.what_to_do.is_empty());
    }
    // Nothing holds the address: created.
    assert_eq!(only(&predict(&inputs(vec![user("bob", "bob@fabrikam.com")]))).kind, Kind::Create);
}

#[test]
fn the_filter_and_a_disabled_account_skip_and_a_user_reached_twice_counts_once() {
    let mut i = inputs(vec![user("ada", "ada@x"), user("ada", "ada@x")]);
    let mut off = user("bob", "bob@x");
    off.enabled = false;
    let mut other = user("eve", "eve@x");
    other.attributes = vec![("department".into(), "Finance".into())];
    i.users.extend([off, other]);
    i.user_mapping.as_mut().unwrap()["scope"] = json!({ "groups": [{ "clauses": [{ "sourceOperandName": "department", "operatorName": "EQUALS", "targetOperand": { "values": ["Sales"] } }] }] });
    let p = predict(&i);
    let kinds: Vec<(String, Kind, Option<&str>)> = p.outcomes.iter().map(|o| (o.source_id.clone(), o.kind, o.code)).collect();
    assert_eq!(kinds, [("ada".into(), Kind::Create, None), ("bob".into(), Kind::Skip, Some("NotEffectivelyEntitled")), ("eve".into(), Kind::Skip, Some("NotEffectivelyEntitled"))]);
    assert!(p.outcomes[2].why.contains("scoping filter"));
}

#[test]
fn groups_are_skipped_by_type_or_mapping_and_created_beside_a_same_name_group_with_nested_members_listed() {
    let sales = SourceGroup { id: "g1".into(), name: "Sales".into(), security_enabled: true, members: vec!["ada".into()], nested: vec![("g9".into(), "Sales EMEA".into())], ..Default::default() };
    let mail = SourceGroup { id: "g2".into(), name: "Finance DL".into(), security_enabled: true, mail_enabled: true, ..Default::default() };
    let m365 = SourceGroup { id: "g3".into(), name: "Phoenix".into(), mail_enabled: true, group_types: vec!["Unified".into()], ..Default::default() };
    let mut i = inputs(vec![user("ada", "ada@x")]);
    i.groups = vec![sales, mail, m365];
    i.target_group_names = vec![("tg".into(), "sales".into())];
    let p = predict(&i);
    let groups: Vec<(Kind, Option<&str>)> = p.outcomes.iter().filter(|o| o.object == "Group").map(|o| (o.kind, o.code)).collect();
    assert_eq!(groups, [(Kind::Create, None), (Kind::Skip, Some("GroupTypeNotSupported")), (Kind::Create, None)]);
    assert_eq!(p.same_name, [("Sales".to_string(), "tg".to_string())]);
    assert_eq!(p.nested, [("Sales".to_string(), "Sales EMEA".to_string())]);
    assert!(p.outcomes[1].why.contains("1 direct user member") && p.outcomes[1].why.contains("not adopted"), "{}", p.outcomes[1].why);
    i.group_sync_allowed = false;
    assert_eq!(predict(&i).outcomes[1].code, Some("AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure"));
    i.group_mapping = Some(mappings("Always", false).1);
    assert!(predict(&i).outcomes.iter().filter(|o| o.object == "Group").all(|o| o.code == Some("EntityTypeNotSupported")));
}

#[test]
fn exports_carry_every_object_with_its_log_shape() {
    let mut i = inputs(vec![user("ada", "ada@x"), user("bob", "bob,\"q\"@x")]);
    i.target_users = vec![guest("t", "ada@x", Some("PendingAcceptance"), "Guest")];
    let p = predict(&i);
    let v: Value = serde_json::from_str(&p.json()).unwrap();
    assert_eq!(v["counts"], json!({ "create": 1, "update": 0, "skip": 0, "fail": 1 }));
    assert_eq!((v["objects"][0]["provisioningAction"].as_str(), v["objects"][0]["status"].as_str(), v["objects"][0]["codeDocumented"].as_bool()), (Some("create"), Some("failure"), Some(false)));
    let csv = p.csv();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.lines().next().unwrap().starts_with("objectType,sourceId"));
}

#[test]
fn holders_are_found_by_mail_or_proxy_for_the_address_asked_only() {
    let internal = TargetUser { id: "t1".into(), user_principal_name: "dan@contoso".into(), mail: Some("dan@contoso.com".into()), proxy_addresses: vec!["smtp:Dan@Fabrikam.com".into()], ..Default::default() };
    let contact = TargetHolder { id: "c1".into(), name: "Finn".into(), mail: Some("finn@fabrikam.com".into()), proxy_addresses: vec![] };
    let h = Holders::new(vec![internal], vec![], vec![contact]);
    let mut i = inputs(vec![user("dan", "dan@fabrikam.com"), user("finn", "finn@fabrikam.com"), user("gina", "gina@fabrikam.com")]);
    let mut codes = vec![];
    for u in i.users.clone() {
        h.apply(&mut i, &bare(u.mail.as_deref().unwrap()));
        codes.push(predict_user(&i, &u).unwrap().code);
    }
    assert_eq!(codes, [Some("InvitationCreationFailureAmbiguousUser"), Some("InvitationCreationFailure"), None]);
}

#[test]
fn the_target_is_read_whole_only_when_that_takes_fewer_round_trips_than_the_lookups() {
    assert!(!read_whole_target(300, 300, Some([4, 2, 1])), "one wave of lookups: no count, no whole read");
    assert!(read_whole_target(301, 300, Some([4, 2, 1])), "two waves against one page");
    assert!(read_whole_target(50_000, 300, Some([120_000, 500, 0])), "167 waves against 121 pages");
    assert!(!read_whole_target(50_000, 300, Some([400_000, 0, 0])), "167 waves against 401 pages");
    assert!(!read_whole_target(50_000, 300, None), "sizes unknown: look up");
}
