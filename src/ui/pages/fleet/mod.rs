//! Fleet: every partner at once. For the signed-in source, every cross-tenant sync configuration
//! (all targets) in one table that sorts and filters, each row opening Monitor for it
//! (`configurations`). For the signed-in target, every partner of the cross-tenant access policy
//! with its switches and the multi-tenant organization (`partners`), and the trust review with the
//! changes it suggests (`trust`).

mod configurations;
mod partners;
mod trust;

use crate::model::monitor::fleet::{FleetRow, Health};
use crate::ui::components::tone::{MessageBar, Tone};
use crate::ui::tenants::use_tenants;
use configurations::Configurations;
use leptos::prelude::*;
use partners::PartnerReview;

pub(super) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub(super) fn iso(seconds: i64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0)).to_iso_string())
}

pub(super) fn tone(h: Health) -> Tone {
    match h {
        Health::Healthy => Tone::Success,
        Health::Info => Tone::Neutral,
        Health::Warning => Tone::Warning,
        Health::Problem => Tone::Danger,
    }
}

/// The page.
#[component]
pub fn FleetPage() -> impl IntoView {
    let tenants = use_tenants();
    // The source's configurations, read once and shared: the trust review asks them whether the
    // signed-in source still has a configuration for the signed-in target.
    let rows = RwSignal::new(None::<Vec<FleetRow>>);
    view! {
        <section class="page" data-testid="page-fleet">
            <h1>"Fleet"</h1>
            <p>"Every configuration of the signed-in source tenant, whatever its target, and every partner of the signed-in target tenant, in one place. The admin center shows each as a separate enterprise application and a separate row of cross-tenant access settings."</p>
            <Show when=move || !tenants.source.connection().is_connected() && !tenants.target.connection().is_connected()>
                <MessageBar tone=Tone::Info>"Connect a source tenant (its configurations) or a target tenant (its partners) on Setup first."</MessageBar>
            </Show>
            <Show when=move || tenants.source.connection().is_connected()><Configurations rows=rows/></Show>
            <Show when=move || tenants.target.connection().is_connected()><PartnerReview rows=rows/></Show>
        </section>
    }
}
