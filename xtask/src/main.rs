//! `cargo xtask <command>`: the README's commands. Every command first runs the idempotent set-up.

mod bench;
mod build;
mod bundle;
mod chunks;
mod compress;
mod demo;
mod deploy;
mod dist;
mod e2e;
mod process;
mod setup;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo    set up, build the release app and serve it with the sandbox tenants on 127.0.0.1
  test    set up, then run every test (native, release build, headless Chromium) and print a summary
  bench   set up, build the release app and print the benchmark table
  e2e     only the release build and the end-to-end specs; extra arguments go to Playwright
          (for example a spec file or --grep)
  deploy-test  only the release build and the nginx-served site test (a developer's loop)
  screenshots  PNGs of every page (light and dark, 1280 and 390 px) in target/screenshots/
  dist    a site for a real host: cargo xtask dist --client-id GUID --redirect-uri https://host/ [--cloud global|usgov|usgov-dod|china] [--out DIR]
          (config.json, CSP narrowed to the cloud's hosts, header files for common hosts, nginx.conf, register-app.ps1)
  build   only the release build into dist/ (wasm split into the main module and lazily loaded parts)
  setup   only install what the other commands need (idempotent, pinned)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run().map(|_| ()),
        Some("dist") => dist::run(&args[1..]),
        Some("build") => setup::run().and_then(|t| build::release(&t)).map(|_| ()),
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(),
        Some("e2e") => test::e2e_only(&args[1..]),
        Some("deploy-test") => test::deploy_only(),
        Some("screenshots") => test::screenshots(),
        Some("bench") => bench::run(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}
