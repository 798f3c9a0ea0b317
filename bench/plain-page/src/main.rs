//! The baseline for `cargo xtask bench`: one static Leptos view, built like the app (xtask/src/bundle.rs) with its
//! release settings and started by the same loader, so that the app's time to its first screen can
//! be read beside what Leptos itself costs.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <main data-testid="plain-page">
                <h1>"Plain Leptos page"</h1>
                <p>"The benchmark baseline: no data, no routing, one view."</p>
            </main>
        }
    });
}
