//! Step 0, Connect: sign in to the source and the target tenant and show who and where.

use crate::ui::components::error_view::ErrorView;
use crate::ui::tenants::{use_tenants, TenantState};
use crate::model::tenant::{parse_tenant_input, TenantRole};
use crate::ui::current_path;
use leptos::prelude::*;
use crate::ui::components::tone::{MessageBar, Tone};

/// Both tenants side by side, with the checks that span them.
#[component]
pub fn ConnectStep() -> impl IntoView {
    let tenants = use_tenants();
    view! {
        <section class="connect" aria-labelledby="connect-heading" data-testid="connect-step">
            <h2 id="connect-heading">"Connect both tenants"</h2>
            {move || tenants.notice.get().map(|e| view! { <ErrorView error=e/> })}
            {move || tenants.same_tenant().map(|name| view! {
                <MessageBar tone=Tone::Danger testid="same-tenant">
                    "Source and target are the same tenant (" {name} "). Cross-tenant synchronization needs two different tenants: sign out of one side and sign in to the other tenant."
                </MessageBar>
            })}
            <DemoTenants/>
            <div class="connect__cards">
                <TenantCard state=tenants.source/>
                <TenantCard state=tenants.target/>
            </div>
            <ConsentChoice/>
        </section>
    }
}

/// On the sandbox, which tenants exist and who may sign in to them (from its `config.json`), so the
/// demo needs no reading of the README. Nothing shows on a real deployment. The demo's own pair
/// comes first; the other emulated tenants (other demos and the tests' pairs) are folded away,
/// which keeps the sign-in forms near the top and the first screen's layout light (measured on its
/// static HTML: 45 ms of layout with all 17 tenants open, 22 ms with the pair alone). The folded
/// list is built when it is first opened: closed, it was 58 of the first screen's 228 elements.
#[component]
fn DemoTenants() -> impl IntoView {
    let demo = use_tenants().source.session.config().demo;
    (!demo.is_empty()).then(|| {
        let mut entries: Vec<DemoEntry> = demo.iter().enumerate().map(|(i, t)| {
            let side = match i { 0 => "Source: ", 1 => "Target: ", _ => "Also: " };
            let admins = t.admins.iter().map(|a| format!("{} ({})", a.user_principal_name, if a.roles.is_empty() { "no role".to_string() } else { a.roles.join(", ") })).collect();
            (side, format!("{} — {}", t.display_name, t.domain), admins)
        }).collect();
        let others = entries.split_off(entries.len().min(2));
        let count = others.len();
        let others = StoredValue::new(others);
        let opened = RwSignal::new(false);
        view! {
            <MessageBar tone=Tone::Info role="note" testid="demo-tenants">
                <p>"These are emulated tenants (the sandbox). The demo's source is the first, its target the second; sign in as any admin listed."</p>
                <ul>{entries.into_iter().map(demo_tenant).collect_view()}</ul>
                {(count > 0).then(|| view! {
                    <details data-testid="demo-tenants-more"
                        on:toggle={move |ev| if event_target::<web_sys::Element>(&ev).has_attribute("open") { opened.set(true) }}>
                        <summary>{format!("{count} more emulated tenant(s), for the other demos and the tests")}</summary>
                        {move || opened.get().then(|| view! { <ul>{others.get_value().into_iter().map(demo_tenant).collect_view()}</ul> })}
                    </details>
                })}
            </MessageBar>
        }
    })
}

/// An emulated tenant: which side, its name and domain, and its admins with their roles.
type DemoEntry = (&'static str, String, Vec<String>);

fn demo_tenant((side, tenant, admins): DemoEntry) -> impl IntoView {
    view! { <li><strong>{side}</strong>{tenant}<ul>{admins.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul></li> }
}

/// How permissions are asked: all at the first sign-in to each tenant (two sign-ins for the whole
/// journey, the default), step by step as each step needs them (least privilege per step), or the
/// permissions an administrator granted to the app registration (`.default`).
#[component]
fn ConsentChoice() -> impl IntoView {
    use crate::auth::store::{consent_mode, set_consent_mode};
    use crate::model::permissions::ConsentMode;
    let mode = RwSignal::new(consent_mode());
    let options = [
        (ConsentMode::Everything, "consent-everything", "Ask for every permission at the first sign-in", "The first sign-in to each tenant asks for every permission the journey, Mappings and Monitor need there (the README lists them): two sign-ins in all."),
        (ConsentMode::StepByStep, "consent-incremental", "Ask for permissions step by step", "Each step asks for its own permissions when it first needs them: least privilege per step, one more sign-in per step."),
        (ConsentMode::AppDefault, "consent-app-default", "Use the permissions granted to the app (.default)", "For tenants whose administrator granted the app's permissions once (API permissions, Grant admin consent): nothing is asked by name, and readiness lists any permission the grant lacks."),
    ];
    view! {
        <fieldset class="field consent-choice" data-testid="consent-choice">
            <legend>"How permissions are asked (applies to the next sign-in)"</legend>
            {options.into_iter().map(|(m, id, label, hint)| view! {
                <div class="radio">
                    <input type="radio" name="consent-mode" id=id prop:checked=move || mode.get() == m aria-describedby=format!("{id}-hint")
                        on:change=move |_| { mode.set(m); set_consent_mode(m); }/>
                    <label for=id>{label}</label>
                    <p id=format!("{id}-hint") class="field-hint">{hint}</p>
                </div>
            }).collect_view()}
        </fieldset>
    }
}

/// One tenant: a sign-in form, or what we know once signed in.
#[component]
fn TenantCard(state: TenantState) -> impl IntoView {
    let role = state.role;
    let key = role.key();
    let purpose = match role {
        TenantRole::Source => "Where the users and groups live. The configuration, job, schema and assignments are created here.",
        TenantRole::Target => "Where the users and groups are needed. Only its cross-tenant access policy for the source is changed.",
    };
    view! {
        <article class="card" data-testid=format!("tenant-card-{key}") aria-labelledby=format!("tenant-card-{key}-title")>
            <h3 id=format!("tenant-card-{key}-title")>{role.to_string()}</h3>
            <p class="muted">{purpose}</p>
            {move || state.error.get().map(|e| view! { <ErrorView error=e/> })}
            <Show when=move || state.loading.get()>
                <p role="status" class="muted">"Connecting…"</p>
            </Show>
            {move || match state.profile.get() {
                Some(p) if state.session.is_signed_in() => view! {
                    <dl class="facts" data-testid=format!("profile-{key}")>
                        <dt>"Tenant"</dt><dd data-testid=format!("tenant-name-{key}")>{p.display_name.clone()}</dd>
                        <dt>"Tenant ID"</dt><dd><code>{p.tenant_id.clone()}</code></dd>
                        <dt>"Default domain"</dt><dd>{p.default_domain.clone()}</dd>
                        <dt>"Cloud"</dt><dd>{p.cloud.label()}</dd>
                        <dt>"Signed in as"</dt><dd>{p.admin_name.clone()} " (" {p.admin_upn.clone()} ")"</dd>
                        <dt>"Active roles"</dt>
                        <dd>
                            {if let crate::model::tenant::RolesSource::Unreadable(_) = &p.roles_source {
                                view! { <span data-testid=format!("roles-unreadable-{key}")>"Could not be read (the readiness check says why and what to do)"</span> }.into_any()
                            } else if p.roles.is_empty() {
                                view! { <span>"None active"</span> }.into_any()
                            } else {
                                view! { <ul class="plain-list">{p.roles.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul> }.into_any()
                            }}
                        </dd>
                    </dl>
                    <button type="button" class="button" on:click=move |_| state.sign_out()>
                        {format!("Sign out of the {}", role.noun())}
                    </button>
                }.into_any(),
                _ => view! { <SignInForm state=state/> }.into_any(),
            }}
        </article>
    }
}

/// Asks for the tenant (ID or domain), checks it exists, then leaves for its sign-in page.
#[component]
fn SignInForm(state: TenantState) -> impl IntoView {
    let key = state.role.key();
    let input_id = format!("tenant-input-{key}");
    // On the sandbox, the demo's own tenant for this side; elsewhere an example of each side.
    let demo = state.session.config().demo;
    let placeholder = match state.role {
        TenantRole::Source => demo.first().map(|t| t.domain.clone()).unwrap_or_else(|| "fabrikam.onmicrosoft.com".into()),
        TenantRole::Target => demo.get(1).map(|t| t.domain.clone()).unwrap_or_else(|| "contoso.onmicrosoft.com".into()),
    };
    let hint_id = format!("tenant-hint-{key}");
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tenant = match parse_tenant_input(&value.get_untracked()) {
            Ok(t) => t,
            Err(msg) => {
                problem.set(Some(msg));
                return;
            }
        };
        problem.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = crate::ui::sign_in(state.session, tenant, vec![], current_path(), true).await {
                problem.set(Some(e.message));
                busy.set(false);
            }
        });
    };
    view! {
        <form class="sign-in-form" on:submit=submit novalidate>
            <label for=input_id.clone()>"Tenant ID or domain"</label>
            <input id=input_id type="text" autocomplete="off" spellcheck="false" placeholder=placeholder
                aria-describedby=hint_id.clone()
                aria-invalid=move || problem.with(|p| if p.is_some() { "true" } else { "false" })
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <p id=hint_id class="field-hint" class:field-hint--error=move || problem.with(Option::is_some)
                data-testid=format!("tenant-problem-{key}")>
                {move || problem.get().unwrap_or_else(|| "The tenant's ID (a GUID) or any of its verified domains.".into())}
            </p>
            <button type="submit" class="button button--primary" disabled=move || busy.get()>
                {move || if busy.get() { "Opening sign-in…".to_string() } else { format!("Sign in to the {}", state.role.noun()) }}
            </button>
        </form>
    }
}

