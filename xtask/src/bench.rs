//! `cargo xtask bench`: the benchmark table. Figures are measured, never timed inside tests.

use crate::process::{command, run as run_cmd};
use crate::{build, e2e, setup};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// Bytes of one asset class in the release bundle.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

/// Builds the release app and prints every benchmark.
pub fn run() -> Result<(), String> {
    let toolchain = setup::run()?;
    let dist = build::release(&toolchain)?;
    println!("\n== release bundle (bytes; gzip -9, brotli q11)");
    println!("{:<8} {:>10} {:>10} {:>10}", "asset", "raw", "gzip", "brotli");
    let mut total = Sizes::default();
    for ext in ["wasm", "js", "css"] {
        let sizes = bundle_sizes(&dist, ext)?;
        println!("{:<8} {:>10} {:>10} {:>10}", ext, sizes.raw, sizes.gzip, sizes.brotli);
        total += sizes;
    }
    println!("{:<8} {:>10} {:>10} {:>10}", "total", total.raw, total.gzip, total.brotli);

    run_cmd(command("cargo").args(["build", "--quiet", "--profile", "sandbox-bench", "--package", "tenant-bridge-sandbox"]))?;
    let sandbox_bin = crate::root().join("target/sandbox-bench/tenant-bridge-sandbox");
    let sandbox = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &[])?;

    println!("\n== sandbox Graph reads (GET /v1.0/organization, keep-alive, optimised build)");
    let port: u16 = sandbox.sandbox_url.rsplit(':').next().and_then(|p| p.parse().ok()).ok_or("sandbox URL has no port")?;
    let token = mint_token(port)?;
    for connections in [1, 4] {
        let per_second = reads_per_second(port, &token, connections, Duration::from_secs(3))?;
        println!("{connections} connection(s): {per_second:.0} reads/s");
    }

    println!("\n== Graph round trips in headless Chromium (sandbox request log)");
    let tally = e2e::playwright_config(&sandbox, &sandbox_bin, "tests/bench/playwright.config.ts")?;
    if tally.failed > 0 || tally.passed == 0 {
        return Err("the journey benchmark did not complete; see Playwright's output above".into());
    }
    let journey = std::fs::read_to_string(crate::root().join("target/bench/journey.json")).map_err(|e| format!("journey.json: {e}"))?;
    print_journey(&journey);
    let log = std::fs::read_to_string(crate::root().join("target/bench/log.json")).map_err(|e| format!("log.json: {e}"))?;
    println!("\n== provisioning log at scale in headless Chromium (sandbox report limit lifted)");
    println!("events loaded: {} (table rows in the DOM: {})", number(&log, &["events"]), number(&log, &["rows"]));
    println!("aggregate all events in wasm (one pass): {} ms", decimal(&log, "aggregateMs"));
    println!("all loaded to aggregates, first page and charts painted: {} ms", decimal(&log, "renderMs"));
    println!("status filter change until the count shows (test driver): {} ms", number(&log, &["filterMs"]));
    println!("loading them (200 pages of 500, unpaced): {:.1} s", number(&log, &["loadMs"]).parse::<f64>().unwrap_or(0.0) / 1000.0);
    drop(sandbox);

    println!("\n== large seed (200,000 users, 50,000 groups in the source)");
    let seed_path = crate::root().join("target/bench/large-seed.json");
    let out = command(&sandbox_bin).args(["generate-seed", "200000", "50000"]).output().map_err(|e| e.to_string())?;
    std::fs::write(&seed_path, &out.stdout).map_err(|e| e.to_string())?;
    println!("seed file: {} bytes", out.stdout.len());
    let started = Instant::now();
    let large = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &["--seed".into(), seed_path.display().to_string()])?;
    println!("load until the sandbox answers: {:.2} s", started.elapsed().as_secs_f64());
    let port: u16 = large.sandbox_url.rsplit(':').next().and_then(|p| p.parse().ok()).ok_or("sandbox URL has no port")?;
    let token = mint_token_with(port, "User.Read Group.Read.All")?;
    // The picker's request: server-side $search, 25 results and a count, never every group.
    let path = "/v1.0/groups?$search=%22displayName:project%204999%22&$select=id,displayName,groupTypes,mailEnabled,securityEnabled&$top=25&$count=true";
    let mut times = vec![];
    for _ in 0..20 {
        let t = Instant::now();
        let body = get(port, &token, path, &[("ConsistencyLevel", "eventual")])?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if !body.contains("Project 49990") {
            return Err("the large-seed group search did not find Project 49990".into());
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!("group search on 50,000 groups (picker request, 20 runs): median {:.1} ms, max {:.1} ms", times[10], times[19]);
    drop(large);
    Ok(())
}

/// An access token for the full-rights Fabrikam admin, from the sandbox's control endpoint.
fn mint_token(port: u16) -> Result<String, String> {
    mint_token_with(port, "User.Read Organization.Read.All")
}

/// One GET with a bearer token and extra headers; the body, or an error naming the status.
fn get(port: u16, token: &str, path: &str, headers: &[(&str, &str)]) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n{extra}Connection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut text = String::new();
    stream.read_to_string(&mut text).map_err(|e| e.to_string())?;
    if !text.starts_with("HTTP/1.1 200") {
        return Err(format!("GET {path}: {}", text.lines().next().unwrap_or("no answer")));
    }
    Ok(text)
}

/// An access token for the Fabrikam admin with the given scopes.
fn mint_token_with(port: u16, scopes: &str) -> Result<String, String> {
    let body = format!(r#"{{"tenantId":"fabrikam.onmicrosoft.com","userPrincipalName":"admin@fabrikam.onmicrosoft.com","scopes":"{scopes}"}}"#);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(stream, "POST /_sandbox/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).map_err(|e| e.to_string())?;
    let mut text = String::new();
    stream.read_to_string(&mut text).map_err(|e| e.to_string())?;
    let at = text.find("\"access_token\":\"").ok_or("the sandbox minted no token")? + 16;
    Ok(text[at..].split('"').next().unwrap_or_default().to_string())
}

/// Reads per second over `connections` keep-alive connections for `span`.
fn reads_per_second(port: u16, token: &str, connections: usize, span: Duration) -> Result<f64, String> {
    let request = format!("GET /v1.0/organization HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n");
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let request = request.clone();
            std::thread::spawn(move || -> Result<u64, String> {
                let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                let mut reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
                let mut writer = stream;
                let started = Instant::now();
                let mut done = 0u64;
                while started.elapsed() < span {
                    writer.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
                    let mut length = 0usize;
                    let mut status = String::new();
                    loop {
                        let mut line = String::new();
                        reader.read_line(&mut line).map_err(|e| e.to_string())?;
                        if status.is_empty() {
                            status = line.clone();
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        if line == "\r\n" || line.is_empty() {
                            break;
                        }
                    }
                    if !status.contains(" 200 ") {
                        return Err(format!("the sandbox answered {}", status.trim()));
                    }
                    let mut body = vec![0u8; length];
                    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
                    done += 1;
                }
                Ok(done)
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.join().map_err(|_| "a benchmark thread panicked".to_string())??;
    }
    Ok(total as f64 / span.as_secs_f64())
}

/// The whole number at `path` (nested keys) in a small JSON text, or "?".
fn number(json: &str, path: &[&str]) -> String {
    let mut rest = json;
    for key in path {
        let k = format!("\"{key}\":");
        match rest.find(&k) {
            Some(at) => rest = &rest[at + k.len()..],
            None => return "?".into(),
        }
    }
    rest.trim_start().chars().take_while(char::is_ascii_digit).collect()
}

/// The decimal number at `key`, or "?".
fn decimal(json: &str, key: &str) -> String {
    let k = format!("\"{key}\":");
    json.find(&k).map(|at| json[at + k.len()..].trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect()).unwrap_or_else(|| "?".into())
}

/// Prints the journey figures written by tests/bench/journey.bench.ts.
fn print_journey(json: &str) {
    let number = |path: &[&str]| number(json, path);
    println!("{:<44} {:>12} {:>18}", "phase", "round trips", "without batching");
    for (label, key) in [
        ("connect both tenants and first reads", "connect"),
        ("readiness matrix (re-run)", "readiness"),
        ("plan and apply, steps 2-6, users only (empty pair)", "apply"),
    ] {
        println!("{:<44} {:>12} {:>18}", label, number(&[key, "trips"]), number(&[key, "unbatched"]));
    }
    println!("first screen after navigation: {} ms (one run)", number(&["firstScreenMs"]));
}

/// Sums the sizes of every file in `dist` with the extension (the loader boot.js counts as js).
fn bundle_sizes(dist: &Path, ext: &str) -> Result<Sizes, String> {
    let mut sizes = Sizes::default();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            sizes += compressed(&bytes);
        }
    }
    Ok(sizes)
}

fn compressed(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    Sizes { raw: bytes.len(), gzip, brotli: br.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_input_and_keeps_the_raw_size() {
        let input = "tenant bridge ".repeat(1000);
        let s = compressed(input.as_bytes());
        assert_eq!(s.raw, input.len());
        assert!(s.gzip < s.raw / 10 && s.brotli < s.raw / 10, "{s:?}");
    }
}
