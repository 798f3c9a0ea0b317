//! Signing in to the two tenants: authorization code + PKCE S256 on the `oauth2` crate, tokens in
//! memory and sessionStorage, one shared refresh per tenant.

pub mod oauth;
pub mod session;
pub mod store;
