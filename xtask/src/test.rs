//! `cargo xtask test`: native unit tests, the release build, then headless Chromium against it.
//! Ends with one line `N passed, N failed` and a non-zero exit on any failure.

use crate::process::command;
use crate::{build, e2e, setup};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// Runs every test layer; a build failure counts as a failure and stops the later layers.
pub fn run() -> Result<(), String> {
    let toolchain = setup::run()?;
    let mut passed = 0u32;
    let mut failed = 0u32;

    println!("\n== native unit and integration tests (cargo test --workspace)");
    let native = native_tests()?;
    println!("[test] native: {} passed, {} failed", native.0, native.1);
    passed += native.0;
    failed += native.1;

    println!("\n== release build (cargo, wasm-split, wasm-bindgen, wasm-opt from binaryen 132)");
    let built = build::release_bundle(&toolchain).and_then(|b| Ok((b, build::sandbox()?)));
    match built {
        Err(e) => {
            eprintln!("[test] {e}");
            failed += 1;
        }
        Ok((bundle, sandbox_bin)) => {
            let dist = bundle.dist.clone();
            println!("\n== end-to-end tests (Playwright, Debian chromium, release build, sandbox tenants)");
            let sandbox = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &[])?;
            let tally = e2e::playwright(&sandbox, &sandbox_bin)?;
            println!("[test] end-to-end: {} passed, {} failed, {} skipped", tally.passed, tally.failed, tally.skipped);
            passed += tally.passed;
            failed += tally.failed;

            println!("\n== the site from `cargo xtask dist`, served by nginx with its generated server block");
            match crate::deploy::behind_nginx(&bundle, &sandbox, &sandbox_bin) {
                Ok(t) => {
                    println!("[test] behind nginx: {} passed, {} failed", t.passed, t.failed);
                    passed += t.passed;
                    failed += t.failed;
                }
                Err(e) => {
                    eprintln!("[test] behind nginx: {e}");
                    failed += 1;
                }
            }
            drop(sandbox);
        }
    }

    println!("\n{passed} passed, {failed} failed");
    if failed == 0 && passed > 0 {
        Ok(())
    } else if passed == 0 {
        Err("no test ran".into())
    } else {
        Err(format!("{failed} test(s) failed"))
    }
}

/// The release build and the Playwright specs only, with extra Playwright arguments (a developer's
/// loop; CI runs [`run`]).
pub fn e2e_only(extra: &[String]) -> Result<(), String> {
    browser_run("tests/e2e/playwright.config.ts", extra)
}

/// The release build and the nginx-served site test only (a developer's loop).
pub fn deploy_only() -> Result<(), String> {
    let toolchain = setup::run()?;
    let bundle = build::release_bundle(&toolchain)?;
    let sandbox_bin = build::sandbox()?;
    let sandbox = e2e::start_sandbox(&sandbox_bin, &bundle.dist, e2e::free_port()?, e2e::free_port()?, &[])?;
    let tally = crate::deploy::behind_nginx(&bundle, &sandbox, &sandbox_bin)?;
    drop(sandbox);
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 && tally.passed > 0 { Ok(()) } else { Err(format!("{} test(s) failed", tally.failed)) }
}

/// `cargo xtask screenshots`: PNGs of every page, light and dark, 1280 and 390 px wide, in
/// target/screenshots/.
pub fn screenshots() -> Result<(), String> {
    browser_run("tests/screenshots/playwright.config.ts", &[])?;
    println!("screenshots in {}", crate::root().join("target/screenshots").display());
    Ok(())
}

/// The release build, the sandbox serving it, and one Playwright config run against them.
fn browser_run(config: &str, extra: &[String]) -> Result<(), String> {
    let toolchain = setup::run()?;
    let dist = build::release(&toolchain)?;
    let sandbox_bin = build::sandbox()?;
    let sandbox = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &[])?;
    let tally = e2e::playwright_with(&sandbox, &sandbox_bin, config, extra)?;
    drop(sandbox);
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 { Ok(()) } else { Err(format!("{} test(s) failed", tally.failed)) }
}

/// Runs `cargo test --workspace`, echoing its output, and sums the `test result:` lines.
fn native_tests() -> Result<(u32, u32), String> {
    let mut child = command("cargo")
        .args(["test", "--workspace", "--no-fail-fast", "--color", "never"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo test: {e}"))?;
    let mut totals = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some((p, f)) = parse_result_line(&line) {
                totals.0 += p;
                totals.1 += f;
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && totals.1 == 0 {
        // A compile error produces no result line: count it so the run is red.
        totals.1 += 1;
    }
    Ok(totals)
}

/// `test result: ok. 12 passed; 0 failed; 0 ignored; ...` → (12, 0).
fn parse_result_line(line: &str) -> Option<(u32, u32)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| -> Option<u32> {
        rest.split(';').find_map(|part| part.trim().strip_suffix(word).and_then(|n| n.trim().rsplit(' ').next()?.parse().ok()))
    };
    Some((count(" passed")?, count(" failed")?))
}

#[cfg(test)]
mod tests {
    use super::parse_result_line;

    #[test]
    fn reads_passed_and_failed_from_a_result_line() {
        assert_eq!(parse_result_line("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"), Some((12, 0)));
        assert_eq!(parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out"), Some((3, 2)));
    }

    #[test]
    fn ignores_other_lines() {
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
