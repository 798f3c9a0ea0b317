//! The release build of the app with trunk, offline, with wasm-opt from binaryen 132.

use crate::process::{command, run};
use crate::setup::{Toolchain, WasmToolchain};
use std::path::PathBuf;
use std::time::Instant;

/// Builds `dist/` in release mode and returns its path.
pub fn release(toolchain: &Toolchain) -> Result<PathBuf, String> {
    let started = Instant::now();
    trunk_release(&crate::root(), toolchain).map_err(|e| format!("release build: {e}\n  what to do: read trunk's output above; `cargo xtask setup` re-checks the tools"))?;
    let dist = crate::root().join("dist");
    if !dist.join("index.html").exists() {
        return Err("release build: trunk finished but dist/index.html is missing".into());
    }
    println!("[build] release app in dist/ ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(dist)
}

/// Runs `trunk build --release` in `dir` (which holds a Trunk.toml), offline and locked.
pub fn trunk_release(dir: &std::path::Path, toolchain: &Toolchain) -> Result<(), String> {
    let mut cmd = command("trunk");
    cmd.args(["build", "--release"])
        .current_dir(dir)
        // Never download: the set-up put every tool on PATH at its pinned version and fetched the crates.
        .env("TRUNK_OFFLINE", "true")
        .env("TRUNK_BUILD_LOCKED", "true")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("NO_COLOR", "true");
    if toolchain.wasm == WasmToolchain::Debian {
        // Debian's rustc-web has no prebuilt wasm32 std: build it from source (shared/TOOLCHAIN.md).
        cmd.env("PATH", format!("/usr/bin:{}", crate::process::tool_path()))
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
    }
    run(&mut cmd).map_err(|e| e.to_string())
}

/// Builds the sandbox binary and returns its path.
pub fn sandbox() -> Result<PathBuf, String> {
    run(command("cargo").args(["build", "--quiet", "--package", "tenant-bridge-sandbox"]))
        .map_err(|e| format!("sandbox build: {e}"))?;
    Ok(crate::root().join("target/debug/tenant-bridge-sandbox"))
}
