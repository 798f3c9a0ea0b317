//! The one idempotent set-up both README commands run first. Every tool is pinned; a tool already
//! present at the pinned version is not touched, so a second run costs seconds.

use crate::process::{command, output, run as run_cmd};
use std::path::Path;
use std::time::Instant;

/// Chromium major version the end-to-end tests were written against (Debian's package).
const CHROMIUM_MIN_MAJOR: u32 = 120;
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// How the wasm32 standard library is provided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmToolchain {
    /// rustup's prebuilt `wasm32-unknown-unknown` target.
    Rustup,
    /// Debian's rustc-web with std built from source (`-Zbuild-std`); see shared/TOOLCHAIN.md.
    Debian,
}

/// What the set-up found or installed; later steps need it.
pub struct Toolchain {
    pub wasm: WasmToolchain,
}

struct Step {
    name: &'static str,
    /// `Ok(true)` when already done.
    present: fn() -> Result<bool, String>,
    install: fn() -> Result<(), String>,
    /// What a person can do when the install fails.
    remedy: &'static str,
}

/// Runs every set-up step; prints one line per step and what it cost.
pub fn run() -> Result<Toolchain, String> {
    let started = Instant::now();
    let wasm = wasm_target()?;
    let steps = [
        Step {
            name: "Debian chromium and chromium-driver",
            present: chromium_present,
            install: install_chromium,
            remedy: "install them yourself: sudo apt-get install chromium chromium-driver",
        },
        Step {
            name: "npm packages (package-lock.json: binaryen 132, terser, @playwright/test, ajv)",
            present: npm_present,
            install: install_npm,
            remedy: "check that node and npm work and the npm registry is reachable, then run: npm ci --ignore-scripts",
        },
        Step {
            name: "Debian nginx (the deployment test serves the built site through it)",
            present: nginx_present,
            install: install_nginx,
            remedy: "install it yourself: sudo apt-get install nginx",
        },
        Step {
            name: "wasm-bindgen CLI (version from Cargo.lock)",
            present: wasm_bindgen_present,
            install: install_wasm_bindgen,
            remedy: "run: cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock> (without --locked)",
        },
    ];
    for step in &steps {
        let t = Instant::now();
        let present = (step.present)().map_err(|e| format!("set-up step \"{}\" failed: {e}\n  what to do: {}", step.name, step.remedy))?;
        if present {
            println!("[setup] {}: present", step.name);
            continue;
        }
        println!("[setup] {}: installing…", step.name);
        (step.install)().map_err(|e| format!("set-up step \"{}\" failed: {e}\n  what to do: {}", step.name, step.remedy))?;
        if !(step.present)().unwrap_or(true) {
            return Err(format!(
                "set-up step \"{}\" ran but the tool is still not at the pinned version\n  what to do: {}",
                step.name, step.remedy
            ));
        }
        println!("[setup] {}: done in {:.1} s", step.name, t.elapsed().as_secs_f64());
    }
    // Cheap when every crate is cached; the release build runs offline afterwards.
    run_cmd(command("cargo").args(["fetch", "--locked", "--quiet"])).map_err(|e| {
        format!("set-up step \"cargo fetch\" failed: {e}\n  what to do: check that crates.io is reachable; if Cargo.lock changed, commit it")
    })?;
    if wasm == WasmToolchain::Debian {
        // std built from source has crates of its own (dlmalloc, compiler_builtins…): fetch them too,
        // or the offline build fails with "no matching package named `dlmalloc`" (seen on this machine).
        run_cmd(
            command("/usr/bin/cargo")
                .args(["fetch", "--quiet", "--target", WASM_TARGET])
                .env("PATH", format!("/usr/bin:{}", crate::process::tool_path()))
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
        )
        .map_err(|e| format!("set-up step \"cargo fetch (std for wasm32)\" failed: {e}\n  what to do: check that crates.io is reachable"))?;
    }
    println!("[setup] all present ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(Toolchain { wasm })
}

/// rustup's target first, with a short timeout; otherwise Debian's rustc-web route.
fn wasm_target() -> Result<WasmToolchain, String> {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("[setup] wasm32 target (rustup): present");
        return Ok(WasmToolchain::Rustup);
    }
    if debian_wasm_present() {
        println!("[setup] wasm32 target (Debian rustc-web, std from source): present");
        return Ok(WasmToolchain::Debian);
    }
    println!("[setup] wasm32 target: installing with rustup (60 s limit)…");
    let rustup = run_cmd(command("timeout").args(["60", "rustup", "target", "add", WASM_TARGET]));
    if rustup.is_ok() {
        return Ok(WasmToolchain::Rustup);
    }
    println!("[setup] rustup could not add the target; trying Debian's rustc-web route");
    apt_install(&["rustc-web", "cargo-web", "rust-web-src", "lld-22"]).map_err(|e| {
        format!(
            "set-up step \"wasm32 target\" failed: rustup could not fetch it and Debian's route failed too: {e}\n  what to do: \
             run `rustup target add {WASM_TARGET}` when the network allows, or `apt-get install rustc-web cargo-web rust-web-src lld-22`"
        )
    })?;
    Ok(WasmToolchain::Debian)
}

fn debian_wasm_present() -> bool {
    Path::new("/usr/lib/rustlib/src/rust/library/std").exists() && Path::new("/usr/bin/lld-22").exists()
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let is_root = output(command("id").arg("-u")).as_deref() == Some("0");
    let prefix: &[&str] = if is_root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let all: Vec<&str> = prefix.iter().chain(args).copied().collect();
        let mut cmd = command(all[0]);
        cmd.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run_cmd(&mut cmd)
    };
    apt(&["apt-get", "update", "-qq"])?;
    let mut args = vec!["apt-get", "install", "-y", "-qq", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

fn chromium_present() -> Result<bool, String> {
    let Some(version) = output(command("/usr/bin/chromium").arg("--version")) else { return Ok(false) };
    if !Path::new("/usr/bin/chromedriver").exists() {
        return Ok(false);
    }
    let major = version
        .split_whitespace()
        .find_map(|w| w.split('.').next().and_then(|m| m.parse::<u32>().ok()))
        .unwrap_or(0);
    if major < CHROMIUM_MIN_MAJOR {
        return Err(format!("found {version}, need {CHROMIUM_MIN_MAJOR} or newer"));
    }
    Ok(true)
}

fn install_chromium() -> Result<(), String> {
    apt_install(&["chromium", "chromium-driver"])
}

fn nginx_present() -> Result<bool, String> {
    Ok(output(command("/usr/sbin/nginx").arg("-v")).is_some() || Path::new("/usr/sbin/nginx").exists())
}

fn install_nginx() -> Result<(), String> {
    apt_install(&["nginx"])
}

/// Stamp written after a successful `npm ci`: the hash of package-lock.json it installed.
fn npm_stamp() -> std::path::PathBuf {
    crate::root().join("node_modules/.tenant-bridge-lock-hash")
}

fn lock_hash() -> Result<String, String> {
    let lock = std::fs::read(crate::root().join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    // FNV-1a: enough to notice a changed lock file; not a security boundary.
    let hash = lock.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3));
    Ok(format!("{hash:016x}"))
}

fn npm_present() -> Result<bool, String> {
    let stamp = std::fs::read_to_string(npm_stamp()).unwrap_or_default();
    let bin = crate::root().join("node_modules/.bin");
    Ok(stamp.trim() == lock_hash()? && bin.join("wasm-opt").exists() && bin.join("terser").exists())
}

fn install_npm() -> Result<(), String> {
    if output(command("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    // --ignore-scripts: nothing may download a browser or binary from outside the registry.
    run_cmd(command("npm").args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]))?;
    std::fs::write(npm_stamp(), lock_hash()?).map_err(|e| e.to_string())
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn wasm_bindgen_present() -> Result<bool, String> {
    let want = locked_wasm_bindgen()?;
    Ok(output(command("wasm-bindgen").arg("--version")).is_some_and(|v| v == format!("wasm-bindgen {want}")))
}

fn install_wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    // Not --locked: the CLI's own lock names a webpki-roots release the registry does not serve.
    run_cmd(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
}
