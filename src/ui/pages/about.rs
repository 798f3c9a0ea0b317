//! What Tenant Bridge is, and the limits of the service it configures.

use leptos::prelude::*;

/// Documented behaviour of cross-tenant synchronization that admins must know before relying on it.
const SERVICE_LIMITS: [&str; 10] = [
    "Only security groups (static or dynamic) and Microsoft 365 groups can be synced; mail-enabled security, distribution, dynamic distribution and role-assignable groups cannot.",
    "Nested groups are not synced: only direct user members of an assigned group are in scope.",
    "Groups always arrive as static security groups; owners are not synced.",
    "A group deleted in the target is not restored by sync; a group created in the target outside sync is never adopted or managed.",
    "Group sync does not work across clouds.",
    "Edits made in the target persist only until the object changes in the source.",
    "Removing or disabling a configuration does not remove the objects it created.",
    "The engine runs a fixed cycle of about 40 minutes; the first cycle takes longer.",
    "Group members arrive as users of type Member (or as the user mapping says).",
    "Only one configuration per source and target pair is supported.",
];

/// The About page.
#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <section class="page" data-testid="page-about">
            <h1>"About Tenant Bridge"</h1>
            <p>
                "Tenant Bridge sets up and watches Microsoft Entra cross-tenant synchronization of users and groups. "
                "It runs entirely in your browser, signs in to both tenants with your own delegated permissions and talks directly to Microsoft Graph."
            </p>
            <h2>"Limits of the service"</h2>
            <ul class="limits">
                {SERVICE_LIMITS.iter().map(|text| view! { <li>{*text}</li> }).collect_view()}
            </ul>
            <p class="muted">"Version " {env!("CARGO_PKG_VERSION")}</p>
        </section>
    }
}
