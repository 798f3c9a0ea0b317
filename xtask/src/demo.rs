//! `cargo xtask demo`: the release app with the sandbox tenants on 127.0.0.1, until Ctrl-C.

use crate::{build, e2e, setup};

const APP_PORT: u16 = 8080;
const SANDBOX_PORT: u16 = 8081;

/// Builds, serves and waits; Ctrl-C stops the sandbox (it shares the terminal's process group).
pub fn run(args: &[String]) -> Result<(), String> {
    let toolchain = setup::run()?;
    let dist = build::release(&toolchain)?;
    let sandbox_bin = build::sandbox()?;
    // Cycles every 30 s instead of Entra's 40 minutes, so the demo shows provisioning at work.
    let mut options = vec!["--cycle-seconds".to_string(), "30".to_string()];
    options.extend_from_slice(args);
    let mut sandbox = e2e::start_sandbox(&sandbox_bin, &dist, SANDBOX_PORT, APP_PORT, &options)
        .map_err(|e| format!("{e}\n  what to do: free ports {APP_PORT} and {SANDBOX_PORT} (another demo running?) and try again"))?;
    println!("\nTenant Bridge demo is running.");
    println!("  Open:    {}/", sandbox.app_url);
    println!("  Sandbox: {} (emulated sign-in and Microsoft Graph for two tenants)", sandbox.sandbox_url);
    println!("  Stop:    Ctrl-C");
    let status = sandbox.wait().map_err(|e| e.to_string())?;
    println!("demo stopped ({status})");
    Ok(())
}
