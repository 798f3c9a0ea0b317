//! Provisioning logs (source) and directory audit logs (both tenants), in insertion order (oldest
//! first) unless `$orderby` asks otherwise: Graph documents no default order. With the
//! filters the dashboards use. Reports are throttled as in Graph: 5 requests per 10 s per tenant
//! (`World::report_limit`), answered 429 with `Retry-After` beyond that.

use super::directory_objects::collection_of;
use super::{Caller, GraphError, GraphRequest, GraphResult};
use crate::state::Shared;
use axum::http::{Method, StatusCode};

pub fn route(s: &Shared, caller: &Caller, r: &GraphRequest) -> GraphResult {
    if r.method != Method::GET {
        return Err(GraphError::method_not_allowed());
    }
    let seg: Vec<&str> = r.segments.iter().map(String::as_str).collect();
    let mut world = s.world.lock().unwrap();
    if let Err(seconds) = world.take_report_turn(&caller.claims.tid) {
        return Err(GraphError::new(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests: the reporting APIs allow 5 requests per 10 seconds per tenant.").retry_after(seconds));
    }
    let tenant = world.tenant(&caller.claims.tid).expect("authenticated callers have a tenant");
    let (items, path) = match seg.as_slice() {
        ["auditLogs", "provisioning"] => {
            caller.require(&crate::permissions::PROVISIONING_LOGS)?;
            (tenant.provisioning.iter().collect::<Vec<_>>(), "/auditLogs/provisioning")
        }
        ["auditLogs", "directoryAudits"] => {
            caller.require(&crate::permissions::DIRECTORY_AUDITS)?;
            (tenant.audits.iter().collect::<Vec<_>>(), "/auditLogs/directoryAudits")
        }
        [_, second, ..] => return Err(GraphError::no_segment(second)),
        _ => return Err(GraphError::no_segment("auditLogs")),
    };
    collection_of(r, items, path, 1000)
}
