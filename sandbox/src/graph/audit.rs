//! Provisioning logs (source) and directory audit logs (both tenants), newest first, with the
//! filters the dashboards use. Reports are throttled at 5 requests per 10 s in Graph; the sandbox
//! leaves that to fault injection.

use super::directory_objects::collection_with;
use super::{Caller, GraphError, GraphRequest, GraphResult};
use crate::state::Shared;
use axum::http::Method;

const PROVISIONING_READ: [&str; 3] = ["ProvisioningLog.Read.All", "AuditLog.Read.All", "Directory.Read.All"];
const AUDIT_READ: [&str; 2] = ["AuditLog.Read.All", "Directory.Read.All"];
/// Reports Reader, Security Reader, Security Administrator, Security Operator, Global Reader,
/// Application Administrator and Cloud Application Administrator may read provisioning logs.
const READ_ROLES: [&str; 7] = [
    "4a5d8f65-41da-4de4-8968-e035b65339cf", "5d6b6bb7-de71-4623-b4af-96380a352509", "194ae4cb-b126-40b2-bd5b-6091b380977d",
    "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7",
];

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    if r.method != Method::GET {
        return Err(GraphError::method_not_allowed());
    }
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let world = s.world.lock().unwrap();
    let tenant = world.tenant(&caller.claims.tid).expect("authenticated callers have a tenant");
    let (items, path) = match seg.as_slice() {
        ["auditLogs", "provisioning"] => {
            caller.require_scope(&PROVISIONING_READ)?;
            caller.require_role(&READ_ROLES)?;
            (tenant.provisioning.iter().rev().cloned().collect::<Vec<_>>(), "/auditLogs/provisioning")
        }
        ["auditLogs", "directoryAudits"] => {
            caller.require_scope(&AUDIT_READ)?;
            caller.require_role(&READ_ROLES)?;
            (tenant.audits.iter().rev().cloned().collect::<Vec<_>>(), "/auditLogs/directoryAudits")
        }
        [_, second, ..] => return Err(GraphError::no_segment(second)),
        _ => return Err(GraphError::no_segment("auditLogs")),
    };
    drop(world);
    collection_with(r, items, path, 1000)
}
