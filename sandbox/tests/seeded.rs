//! Configurations set up by the seed: as the wizard would leave them, run by the engine like any.

mod common;
use common::*;
use serde_json::{json, Value};

fn state(base: &str, tenant: &str) -> Value {
    json(agent().get(&format!("{base}/_sandbox/state/{tenant}")).call().unwrap()).1
}

#[test]
fn a_source_with_five_targets_and_a_target_with_three_sources_run_and_the_unset_target_quarantines() {
    let base = start();
    let before = state(&base, "woodgrove.onmicrosoft.com");
    assert_eq!(before["configurations"], 5);
    assert_eq!(before["partners"].as_array().unwrap().len(), 5, "outbound redemption to each target");
    let (_, cycle) = json(agent().post(&format!("{base}/_sandbox/cycle")).send_json(json!({})).unwrap());
    assert!(cycle["jobs"].as_array().unwrap().len() >= 7, "every started job ran: {cycle}");
    let woodgrove = state(&base, "woodgrove.onmicrosoft.com");
    let jobs: Vec<(String, String)> = woodgrove["configurationDetails"].as_array().unwrap().iter().map(|c| (c["displayName"].as_str().unwrap().to_string(), c["jobs"][0]["status"].as_str().unwrap().to_string())).collect();
    for (name, status) in &jobs {
        let want = if name == "Woodgrove to Woodgrove Retail" { "Quarantine" } else { "Active" };
        assert_eq!(status, want, "{name}: {jobs:?}");
    }
    // Staff (8 users) from Woodgrove, Team (4) from Adatum and from Proseware, and Woodgrove's groups.
    let litware = state(&base, "litware.onmicrosoft.com");
    assert_eq!(litware["syncedUsers"].as_array().unwrap().len(), 16, "{litware}");
    assert_eq!(litware["partners"].as_array().unwrap().len(), 4, "three sources, and Fabrikam whose configuration is gone");
    let eu = state(&base, "woodgroveeu.onmicrosoft.com");
    assert_eq!(eu["syncedUsers"].as_array().unwrap().len(), 12, "Staff and Operations");
}
