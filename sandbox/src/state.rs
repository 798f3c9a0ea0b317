//! The sandbox's world: tenants loaded from the seed, sign-in grants, the request log.

use crate::seed::{generated_user_id, AdminSeed, Seed, TenantSeed, UserSeed};
use crate::token::Signer;
use std::collections::HashMap;
use std::sync::Mutex;

/// Everything shared by the handlers.
pub struct Shared {
    pub world: Mutex<World>,
    pub signer: Signer,
    /// Origin of the sandbox, e.g. `http://127.0.0.1:8081`; issuer and endpoints derive from it.
    pub base_url: String,
    pub seed: Seed,
}

/// Mutable state; reset to the seed by the control endpoint.
pub struct World {
    pub tenants: Vec<Tenant>,
    pub codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// Access-token lifetime in seconds (Entra's is about an hour; tests shorten it).
    pub token_lifetime: u64,
    pub log: Vec<LoggedRequest>,
    /// Injected faults, checked in order for every request outside `/_sandbox/`.
    pub faults: Vec<FaultRule>,
    /// Report requests (`/auditLogs/...`) allowed per 10 s per tenant, as Graph's identity and
    /// access reports allow 5; 0 turns the limit off. Kept across resets.
    pub report_limit: u32,
    /// When each tenant's recent report requests came (milliseconds since the start).
    pub report_sent: HashMap<String, Vec<u128>>,
    /// How the token response states the granted scopes (`/_sandbox/token-scope`; reset to
    /// `Normal`): the auth-code flow page marks `scope` optional, and Entra may write it in another
    /// letter case than asked.
    pub token_scope: TokenScopeMode,
    /// Per tenant ID, the delegated Graph permissions an administrator granted to the app for the
    /// whole organisation (`/_sandbox/app-grant`; none after a reset). A sign-in that asks for
    /// `https://graph.microsoft.com/.default` gets exactly these: "the permissions that have been
    /// granted" (scopes and permissions page, "The .default scope").
    pub app_grants: HashMap<String, Vec<String>>,
}

/// How the token endpoint writes `scope`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenScopeMode {
    /// Full scope URIs on Graph's host, space separated.
    #[default]
    Normal,
    /// No `scope` in the answer.
    Omit,
    /// Full URIs in lower case.
    Lowercase,
}

/// A fault to inject into matching requests (`POST /_sandbox/faults`).
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Applies to requests whose path (with query) contains this text; empty matches all.
    #[serde(default)]
    pub path_contains: String,
    /// And whose path (without query) ends with this text, when given (to hit `…/jobs` but not
    /// `…/jobs/validateCredentials`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_ends_with: Option<String>,
    /// And whose body contains this text, when given (to hit the `$batch` that carries one
    /// request, e.g. `synchronization/jobs"` for the job create inside it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_contains: Option<String>,
    /// Only this method, e.g. `GET`; `None` for any.
    #[serde(default)]
    pub method: Option<String>,
    /// Applies to the requests inside a `$batch` (one item answered with the fault, its siblings
    /// normally, as Graph throttles or refuses single items) instead of to direct requests. The
    /// path matched is the item's, with its version: `/v1.0/servicePrincipals/…`. Only `throttle`,
    /// `unavailable`, `status` and `appliedThen` have a meaning for one item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_batch: bool,
    /// Share of matching requests affected, 0.0 to 1.0.
    #[serde(default = "always")]
    pub rate: f64,
    /// Stop after this many injections; `None` for no limit.
    #[serde(default)]
    pub count: Option<u32>,
    /// What happens to an affected request.
    pub effect: FaultEffect,
}

/// The effect of a fault.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind", deny_unknown_fields)]
pub enum FaultEffect {
    /// 429 Too Many Requests with `Retry-After` seconds.
    Throttle { retry_after: f64 },
    /// 503 Service Unavailable, with `Retry-After` when given.
    Unavailable {
        #[serde(default)]
        retry_after: Option<u32>,
    },
    /// The connection is cut before a response is complete; the request was not processed.
    Drop,
    /// The request is processed (a write is applied), then the connection is cut before the
    /// answer arrives: the client cannot know whether it happened.
    DropAfter,
    /// The request is processed (a write is applied), then answered with this 5xx status (default
    /// 504): a gateway timeout after the work was done, which Graph does not rule out.
    AppliedThen {
        #[serde(default = "gateway_timeout")]
        status: u16,
    },
    /// The request is not processed and is answered with this status and Graph error code (for
    /// example a 403 `Authorization_RequestDenied` on a read a role does not allow).
    Status { status: u16, code: String },
    /// The request is answered normally after this delay.
    Latency { ms: u64 },
}

fn gateway_timeout() -> u16 {
    504
}

fn always() -> f64 {
    1.0
}

/// A tenant with its generated users expanded, and what the app has written to it.
pub struct Tenant {
    pub seed: TenantSeed,
    pub users: Vec<UserSeed>,
    /// Cross-tenant access policy: partner configurations, by partner tenant ID.
    pub partners: Vec<Partner>,
    /// Service principals created from application templates (cross-tenant sync configurations).
    pub service_principals: Vec<ServicePrincipal>,
    /// Groups of the directory, seeded and created by sync.
    pub groups: Vec<crate::seed::GroupSeed>,
    /// IDs of users and groups created by cross-tenant sync (in the target).
    pub synced: Vec<String>,
    /// Soft-deleted users (removed from scope), restorable for 30 days in Entra.
    pub deleted_users: Vec<UserSeed>,
    /// Provisioning log (`auditLogs/provisioning`), newest last.
    pub provisioning: Vec<serde_json::Value>,
    /// Directory audit log (`auditLogs/directoryAudits`), newest last.
    pub audits: Vec<serde_json::Value>,
}

/// A partner configuration of the cross-tenant access policy (only what CTS involves).
#[derive(Clone, Debug)]
pub struct Partner {
    pub tenant_id: String,
    /// `automaticUserConsentSettings.inboundAllowed` (null = inherit default).
    pub inbound_allowed: Option<bool>,
    pub outbound_allowed: Option<bool>,
    pub identity_sync: Option<IdentitySync>,
}

/// `identitySynchronization` of a partner.
#[derive(Clone, Debug)]
pub struct IdentitySync {
    pub display_name: Option<String>,
    pub user_sync_allowed: bool,
    /// `groupSyncInbound.isSyncAllowed`, beta only.
    pub group_sync_allowed: bool,
}

/// A service principal instantiated from an application template.
#[derive(Clone, Debug)]
pub struct ServicePrincipal {
    pub id: String,
    pub app_id: String,
    pub application_object_id: String,
    pub display_name: String,
    pub application_template_id: String,
    /// ID of the `msiam_access` app role, per tenant.
    pub app_role_id: String,
    pub created: u64,
    pub jobs: Vec<SyncJob>,
    /// The synchronization secrets, replaced as a whole by PUT.
    pub secrets: Vec<(String, String)>,
    /// Users and groups assigned to the configuration (`appRoleAssignedTo`).
    pub assignments: Vec<Assignment>,
}

/// An app role assignment of a user or group to a configuration.
#[derive(Clone, Debug)]
pub struct Assignment {
    pub id: String,
    pub principal_id: String,
    pub principal_type: &'static str,
    pub principal_display_name: String,
    pub created: u64,
}

/// A synchronization job of a configuration.
#[derive(Clone, Debug)]
pub struct SyncJob {
    pub id: String,
    pub template_id: String,
    /// `Active`, `Paused` or `Disabled`.
    pub schedule_state: String,
    /// `NotConfigured`, `NotRun`, `Active`, `Paused` or `Quarantine`.
    pub status_code: String,
    pub created: u64,
    /// The job's synchronization schema (replaced whole by PUT).
    pub schema: serde_json::Value,
    /// Source object ID → target object ID, for users and groups this job created.
    pub links: Vec<(String, String)>,
    /// `lastExecution`, `quarantine` and counts, as the engine last wrote them.
    pub last_execution: Option<serde_json::Value>,
    pub quarantine: Option<serde_json::Value>,
    pub steady_state_since: Option<u64>,
    /// `synchronizedEntryCountByType`, e.g. ("user to User", 21).
    pub entry_counts: Vec<(String, u64)>,
    /// Set by restart with `ForceDeletes`: the next cycle applies held deletes despite the threshold.
    pub force_deletes: bool,
    /// The job has run with "all users" (`SyncAll` true): switching to assigned only takes effect
    /// after a restart (known issues: "Sync All → Sync Assigned ... only after a restart"), so the
    /// cycle keeps every user in scope until a restart clears this.
    pub all_users_until_restart: bool,
}

impl Tenant {
    /// The default (first) domain.
    pub fn default_domain(&self) -> &str {
        &self.seed.domains[0]
    }

    /// An admin account by object ID.
    pub fn admin(&self, id: &str) -> Option<&AdminSeed> {
        self.seed.admins.iter().find(|a| a.id == id)
    }
}

/// An issued, not yet redeemed authorization code.
#[derive(Clone, Debug)]
pub struct AuthCode {
    pub tenant_id: String,
    pub admin_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scopes: Vec<String>,
    pub expires: u64,
    /// Set on first redemption; a second redemption is refused as a replay.
    pub redeemed: bool,
}

/// A refresh token's grant. Rotation marks the old one `rotated`.
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    pub tenant_id: String,
    pub admin_id: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// SPA refresh tokens end 24 h after the interactive sign-in, however often they are refreshed.
    pub absolute_expiry: u64,
    pub rotated: bool,
    pub revoked: bool,
}

/// One line of the request log (`GET /_sandbox/requests`).
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    pub time: String,
    /// Milliseconds since the Unix epoch, for timing checks (Retry-After honoured).
    pub at_ms: u128,
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Tenant of the bearer token, when one was sent.
    pub token_tenant: Option<String>,
    /// The Origin header of the request.
    pub origin: Option<String>,
    /// For a request inside a `$batch`: the batch's path. Such entries are not round trips.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_batch: Option<String>,
    /// The injected fault, when one hit this request: `throttle`, `unavailable`, `drop` (not
    /// processed; the logged status is the one the cut response began with), `dropAfter`
    /// (processed, answer lost) or `latency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
}

/// Marks a response with the fault injected into it, for the request log.
#[derive(Clone, Copy, Debug)]
pub struct FaultMark(pub &'static str);

impl World {
    /// Counts a report request of `tenant` now; `Err(seconds)` to wait when over the limit.
    pub fn take_report_turn(&mut self, tenant: &str) -> Result<(), u64> {
        if self.report_limit == 0 {
            return Ok(());
        }
        let now = crate::clock::monotonic_ms();
        let sent = self.report_sent.entry(tenant.to_ascii_lowercase()).or_default();
        sent.retain(|t| now - t < 10_000);
        if sent.len() >= self.report_limit as usize {
            let oldest = sent[sent.len() - self.report_limit as usize];
            return Err(((oldest + 10_000 - now) as u64).div_ceil(1000).max(1));
        }
        sent.push(now);
        Ok(())
    }

    /// The world as the seed describes it.
    pub fn from_seed(seed: &Seed, token_lifetime: u64) -> World {
        let tenants = seed
            .tenants
            .iter()
            .map(|t| {
                let mut users = t.users.clone();
                if let Some(g) = &t.generated_users {
                    users.extend((1..=g.count).map(|n| UserSeed {
                        id: generated_user_id(&t.id, n),
                        user_principal_name: format!("{}{n:03}@{}", g.prefix, t.domains[0]),
                        display_name: format!("{} {n:03}", capitalise(&g.prefix)),
                        mail: Some(format!("{}{n:03}@{}", g.prefix, t.domains[0])),
                        account_enabled: true,
                        user_type: "Member".into(),
                        department: Some(["Sales", "Engineering", "Finance", "Marketing"][(n % 4) as usize].into()),
                        employee_id: Some(format!("{}", 1000 + n)),
                        proxy_addresses: vec![],
                        external_user_state: None,
                        redeemed_as: None,
                    }));
                }
                Tenant {
                    seed: t.clone(),
                    users,
                    partners: Vec::new(),
                    service_principals: Vec::new(),
                    groups: t.groups.clone(),
                    synced: Vec::new(),
                    deleted_users: Vec::new(),
                    provisioning: Vec::new(),
                    audits: Vec::new(),
                }
            })
            .collect();
        let mut world = World { tenants, codes: HashMap::new(), refresh_tokens: HashMap::new(), token_lifetime, log: Vec::new(), faults: Vec::new(), report_limit: 5, report_sent: HashMap::new(), token_scope: TokenScopeMode::Normal, app_grants: HashMap::new() };
        for t in &seed.tenants {
            for c in &t.configurations {
                world.set_up(&t.id, c);
            }
            let tenant = world.tenant_mut(&t.id).expect("seeded");
            for p in &t.partners {
                tenant.partners.retain(|x| !x.tenant_id.eq_ignore_ascii_case(&p.tenant_id));
                tenant.partners.push(Partner {
                    tenant_id: p.tenant_id.clone(),
                    inbound_allowed: p.inbound_redemption,
                    outbound_allowed: p.outbound_redemption,
                    identity_sync: p.user_sync_inbound.map(|users| IdentitySync { display_name: None, user_sync_allowed: users, group_sync_allowed: p.group_sync_inbound }),
                });
            }
        }
        world
    }

    /// A seeded configuration, as the wizard would leave it: the source's partner (outbound
    /// redemption), the target's partner (inbound redemption and sync) when `target_allows`, the
    /// configuration with its secrets, assignments and job (started or not).
    fn set_up(&mut self, source_id: &str, c: &crate::seed::ConfigurationSeed) {
        let partner = |tenant_id: &str, inbound: Option<bool>, outbound: Option<bool>, sync: Option<IdentitySync>| Partner { tenant_id: tenant_id.to_string(), inbound_allowed: inbound, outbound_allowed: outbound, identity_sync: sync };
        if c.target_allows {
            let source_name = self.tenant(source_id).map(|t| t.seed.display_name.clone());
            if let Some(target) = self.tenant_mut(&c.target) {
                target.partners.retain(|p| !p.tenant_id.eq_ignore_ascii_case(source_id));
                target.partners.push(partner(source_id, Some(true), None, Some(IdentitySync { display_name: source_name, user_sync_allowed: true, group_sync_allowed: c.sync_groups })));
            }
        }
        let Some(source) = self.tenant_mut(source_id) else { return };
        if !source.partners.iter().any(|p| p.tenant_id.eq_ignore_ascii_case(&c.target)) {
            source.partners.push(partner(&c.target, None, Some(true), None));
        }
        let job_id = format!("Azure2Azure.{}.{}", c.id.replace('-', ""), source_id.replace('-', ""));
        let mut schema = crate::schema::default_schema(&job_id);
        if c.sync_groups {
            for rule in schema["synchronizationRules"].as_array_mut().into_iter().flatten() {
                for m in rule["objectMappings"].as_array_mut().into_iter().flatten() {
                    if m["sourceObjectName"] == "Group" {
                        m["enabled"] = serde_json::json!(true);
                    }
                }
            }
        }
        let created = crate::clock::now();
        let mut assignments = vec![];
        for (n, a) in c.assign.iter().enumerate() {
            let (id, kind, name) = if let Some(g) = source.groups.iter().find(|g| g.id.eq_ignore_ascii_case(a)) {
                (g.id.clone(), "Group", g.display_name.clone())
            } else if let Some(u) = source.users.iter().find(|u| u.id.eq_ignore_ascii_case(a) || u.user_principal_name.eq_ignore_ascii_case(a)) {
                (u.id.clone(), "User", u.display_name.clone())
            } else {
                continue;
            };
            assignments.push(Assignment { id: format!("{}-a{n}", c.id), principal_id: id, principal_type: kind, principal_display_name: name, created });
        }
        let notification = serde_json::json!({ "Enabled": false, "Recipients": "", "DeleteThresholdEnabled": true, "DeleteThresholdValue": 500, "HumanResourcesLookaheadQueryEnabled": false });
        source.service_principals.push(ServicePrincipal {
            id: c.id.clone(),
            app_id: format!("{}-app", c.id),
            application_object_id: format!("{}-obj", c.id),
            display_name: c.display_name.clone(),
            application_template_id: crate::graph::application::CTS_TEMPLATE_ID.into(),
            app_role_id: format!("{}-role", c.id),
            created,
            jobs: vec![SyncJob {
                id: job_id,
                template_id: "Azure2Azure".into(),
                schedule_state: if c.started { "Active" } else { "Disabled" }.into(),
                status_code: if c.started { "NotRun" } else { "Paused" }.into(),
                created,
                schema,
                links: vec![],
                last_execution: None,
                quarantine: None,
                steady_state_since: None,
                entry_counts: vec![],
                force_deletes: false,
                all_users_until_restart: false,
            }],
            secrets: vec![
                ("AuthenticationType".into(), "SyncPolicy".into()),
                ("CompanyId".into(), c.target.clone()),
                ("SyncNotificationSettings".into(), notification.to_string()),
                ("SyncAll".into(), "false".into()),
            ],
            assignments,
        });
    }

    /// A tenant by exact ID, for writes.
    pub fn tenant_mut(&mut self, id: &str) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.seed.id.eq_ignore_ascii_case(id))
    }

    /// A tenant by ID or by any of its domains (case-insensitive), as the sign-in service accepts both.
    pub fn tenant(&self, id_or_domain: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| {
            t.seed.id.eq_ignore_ascii_case(id_or_domain) || t.seed.domains.iter().any(|d| d.eq_ignore_ascii_case(id_or_domain))
        })
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
