//! The release builds: the app (and the bench's plain page) through [`crate::bundle`], offline,
//! with wasm-opt from binaryen 132.

use crate::bundle::{self, App, Built};
use crate::process::{command, run};
use crate::setup::Toolchain;
use std::path::PathBuf;
use std::time::Instant;

/// Builds `dist/` in release mode and returns what it holds.
pub fn release_bundle(toolchain: &Toolchain) -> Result<Built, String> {
    let started = Instant::now();
    let root = crate::root();
    let app = App {
        package: "tenant-bridge",
        bin: "tenant-bridge",
        template: root.join("index.html"),
        css: vec![root.join("style/tokens.css"), root.join("style/main.css")],
        copy: vec![root.join("public/config.json")],
        icon: Some(root.join("public/favicon.png")),
        first_screen: Some(root.join("public/first-screen.html")),
        out: root.join("dist"),
    };
    let built = bundle::build(&app, toolchain).map_err(|e| format!("release build: {e}\n  what to do: read the output above; `cargo xtask setup` re-checks the tools"))?;
    println!("[build] release app in dist/ ({:.1} s; {} lazily loaded wasm parts)", started.elapsed().as_secs_f64(), built.lazy.len());
    Ok(built)
}

/// Builds `dist/` in release mode and returns its path.
pub fn release(toolchain: &Toolchain) -> Result<PathBuf, String> {
    release_bundle(toolchain).map(|b| b.dist)
}

/// The bench's baseline: the smallest Leptos page, built exactly like the app.
pub fn plain_page(toolchain: &Toolchain) -> Result<Built, String> {
    let root = crate::root();
    let app = App {
        package: "tenant-bridge-plain-page",
        bin: "tenant-bridge-plain-page",
        template: root.join("bench/plain-page/index.html"),
        css: vec![],
        copy: vec![],
        icon: None,
        first_screen: None,
        out: root.join("target/bench/plain-dist"),
    };
    bundle::build(&app, toolchain).map_err(|e| format!("plain page build: {e}"))
}

/// Builds the sandbox binary and returns its path.
pub fn sandbox() -> Result<PathBuf, String> {
    run(command("cargo").args(["build", "--quiet", "--package", "tenant-bridge-sandbox"]))
        .map_err(|e| format!("sandbox build: {e}"))?;
    Ok(crate::root().join("target/debug/tenant-bridge-sandbox"))
}
