//! Starting the sandbox beside the release build, and running Playwright against it.

use crate::process::{command, describe};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running sandbox serving the app; stopped when dropped.
pub struct Sandbox {
    child: Child,
    /// Origin of the emulated sign-in and Graph service.
    pub sandbox_url: String,
    /// Origin of the app (a second listener, so the app is cross-origin to "Microsoft" as in production).
    pub app_url: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port, for a server we start right after.
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Starts the sandbox with the app from `dist` and waits until both listeners answer.
pub fn start_sandbox(binary: &Path, dist: &Path, sandbox_port: u16, app_port: u16, extra: &[String]) -> Result<Sandbox, String> {
    let mut cmd = command(binary);
    cmd.arg("--listen")
        .arg(format!("127.0.0.1:{sandbox_port}"))
        .arg("--app")
        .arg(dist)
        .arg("--app-listen")
        .arg(format!("127.0.0.1:{app_port}"))
        .args(extra)
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("could not start {}: {e}", describe(&cmd)))?;
    // Echo the sandbox's own lines (its URLs) as they come.
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("[sandbox] {line}");
            }
        });
    }
    let sandbox = Sandbox {
        child,
        sandbox_url: format!("http://127.0.0.1:{sandbox_port}"),
        app_url: format!("http://127.0.0.1:{app_port}"),
    };
    for port in [sandbox_port, app_port] {
        wait_for_http(port, Duration::from_secs(30))?;
    }
    Ok(sandbox)
}

/// Waits until a GET / on the port gets any HTTP answer.
pub fn wait_for_http(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while started.elapsed() < limit {
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
            let mut head = [0u8; 12];
            if stream.write_all(request.as_bytes()).is_ok() && stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("the sandbox did not answer on 127.0.0.1:{port} within {} s", limit.as_secs()))
}

/// Playwright's tally of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u32,
    pub failed: u32,
    pub skipped: u32,
}

/// Runs the Playwright suite against a running sandbox.
pub fn playwright(sandbox: &Sandbox, binary: &Path) -> Result<Tally, String> {
    playwright_config(sandbox, binary, "tests/e2e/playwright.config.ts")
}

/// Runs the Playwright specs of one config against a running sandbox.
pub fn playwright_config(sandbox: &Sandbox, binary: &Path, config: &str) -> Result<Tally, String> {
    playwright_with(sandbox, binary, config, &[])
}

/// [`playwright_config`] with extra Playwright arguments.
pub fn playwright_with(sandbox: &Sandbox, binary: &Path, config: &str, extra: &[String]) -> Result<Tally, String> {
    playwright_at(&sandbox.app_url, sandbox, binary, config, extra)
}

/// The specs of `config` with the app at `app_url` (the sandbox's own app origin, or a web server
/// in front of a built site) and the sandbox's sign-in and Graph.
pub fn playwright_at(app_url: &str, sandbox: &Sandbox, binary: &Path, config: &str, extra: &[String]) -> Result<Tally, String> {
    let root = crate::root();
    let report = root.join("target/e2e/results.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = command("node");
    cmd.arg(root.join("node_modules/@playwright/test/cli.js"))
        .args(["test", "--config", config, "--reporter=list,json"])
        .args(extra)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .env("TB_APP_URL", app_url)
        .env("TB_SANDBOX_URL", &sandbox.sandbox_url)
        .env("TB_SANDBOX_BIN", binary);
    // The exit status is not used: the JSON report is the tally, and a crash leaves no report.
    let _ = cmd.status().map_err(|e| format!("could not start Playwright: {e}"))?;
    let text = std::fs::read_to_string(&report)
        .map_err(|e| format!("Playwright wrote no report ({e}); its output above says why"))?;
    parse_stats(&text)
}

/// Reads `stats` from Playwright's JSON report.
fn parse_stats(text: &str) -> Result<Tally, String> {
    let field = |name: &str| -> Result<u32, String> {
        let key = format!("\"{name}\":");
        let at = text.rfind(&key).ok_or_else(|| format!("Playwright report has no {name} count"))? + key.len();
        let digits: String = text[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
        digits.parse().map_err(|_| format!("Playwright report: bad {name} count"))
    };
    let errors = text.contains("\"errors\": [\n    {") || text.contains("\"errors\":[{");
    let mut tally = Tally { passed: field("expected")? + field("flaky")?, failed: field("unexpected")?, skipped: field("skipped")? };
    if errors && tally.failed == 0 {
        // A global error (a config or compile failure) must not pass as green.
        tally.failed = 1;
    }
    Ok(tally)
}

impl Sandbox {
    /// Waits for the sandbox process to end (Ctrl-C in the demo).
    pub fn wait(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.child.wait()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_are_read_from_the_end_of_the_report() {
        let report = r#"{"suites":[{"specs":[{"title":"x","expected":1}]}],"errors":[],"stats":{"startTime":"t","duration":1.5,"expected":7,"skipped":1,"unexpected":2,"flaky":1}}"#;
        assert_eq!(parse_stats(report).unwrap(), Tally { passed: 8, failed: 2, skipped: 1 });
    }

    #[test]
    fn a_global_error_counts_as_a_failure() {
        let report = r#"{"suites":[],"errors":[{"message":"boom"}],"stats":{"expected":0,"skipped":0,"unexpected":0,"flaky":0}}"#;
        assert_eq!(parse_stats(report).unwrap().failed, 1);
    }
}
