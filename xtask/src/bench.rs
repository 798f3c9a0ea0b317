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

/// One line of the report: what, the figure, and the baseline measured in the same run.
struct Row {
    figure: String,
    value: String,
    baseline: String,
}

/// Builds the release app, runs every benchmark, prints the table and writes it as Markdown to
/// `target/bench/report.md` (the README's performance section is that table).
pub fn run() -> Result<(), String> {
    let toolchain = setup::run()?;
    let app = build::release_bundle(&toolchain)?;
    let dist = app.dist.clone();
    let mut rows: Vec<Row> = vec![];
    let mut row = |figure: &str, value: String, baseline: &str| rows.push(Row { figure: figure.into(), value, baseline: baseline.into() });

    // Bundle bytes, beside a plain Leptos page built and loaded the same way.
    let plain = build::plain_page(&toolchain)?;
    let plain_dist = plain.dist.clone();
    let show = |s: Sizes| format!("{} raw / {} gzip / {} brotli", group(s.raw), group(s.gzip), group(s.brotli));
    // The page itself counts since the first screen is in it (public/first-screen.html), for both.
    let with_page = |files: &[String]| [vec!["index.html".to_string()], files.to_vec()].concat();
    row(
        "Before the first screen of /setup: the page and the css and js it loads, with any wasm (bytes; goal: at most 200 KB brotli)",
        show(files_sizes(&dist, &with_page(&app.before_screen))?),
        &format!("plain Leptos page: {}", show(files_sizes(&plain_dist, &with_page(&plain.before_screen))?)),
    );
    let after: Vec<String> = app.first.iter().filter(|f| !app.before_screen.contains(f)).cloned().collect();
    row("Fetched once the first screen is painted: the app's glue, loader and main wasm module (bytes)", show(files_sizes(&dist, &after)?), "");
    row("Main wasm module (bytes)", show(files_sizes(&dist, &app.first.iter().filter(|f| f.ends_with(".wasm")).cloned().collect::<Vec<_>>())?), "");
    for (split, files) in &app.splits {
        let sizes = files_sizes(&dist, files)?;
        row(&format!("Loaded when first needed: `{split}` (its wasm parts, shared ones included)"), show(sizes), &format!("{} file(s)", files.len()));
    }
    row("Every lazily loaded wasm part together (bytes)", show(files_sizes(&dist, &app.lazy)?), "");

    // Both sites get the compressed copies a deployed host sends (`cargo xtask dist` writes the same),
    // and the sandbox sends the one the browser accepts: the pages load brotli bytes, as they would
    // from nginx, Static Web Apps or Netlify, and the slow network's bandwidth limit counts those.
    crate::dist::precompress(&dist)?;
    crate::dist::precompress(&plain_dist)?;
    run_cmd(command("cargo").args(["build", "--quiet", "--profile", "sandbox-bench", "--package", "tenant-bridge-sandbox"]))?;
    let sandbox_bin = crate::root().join("target/sandbox-bench/tenant-bridge-sandbox");
    let sandbox = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &[])?;
    let plain = e2e::start_sandbox(&sandbox_bin, &plain_dist, e2e::free_port()?, e2e::free_port()?, &[])?;
    // A third site for the first screen's markup alone: the stylesheets the app's first screen
    // loads, with their compressed copies, here; the first-screen benchmark writes the page itself
    // (index.html and its brotli copy) from what the app shows, so it is the same markup as the
    // app's, under the same rules.
    let markup_dir = crate::root().join("target/bench/same-markup");
    let _ = std::fs::remove_dir_all(&markup_dir);
    std::fs::create_dir_all(&markup_dir).map_err(|e| format!("{}: {e}", markup_dir.display()))?;
    for css in app.first.iter().filter(|f| f.ends_with(".css")) {
        for name in [css.clone(), format!("{css}.br"), format!("{css}.gz")] {
            // The copies exist only above precompress's size floor.
            if name != *css && !dist.join(&name).exists() {
                continue;
            }
            let to = markup_dir.join(&name);
            std::fs::create_dir_all(to.parent().unwrap_or(&markup_dir)).map_err(|e| e.to_string())?;
            std::fs::copy(dist.join(&name), &to).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    std::fs::write(markup_dir.join("index.html"), "<!doctype html><title>Written by the first-screen benchmark</title>").map_err(|e| e.to_string())?;
    let markup = e2e::start_sandbox(&sandbox_bin, &markup_dir, e2e::free_port()?, e2e::free_port()?, &[])?;

    let port: u16 = sandbox.sandbox_url.rsplit(':').next().and_then(|p| p.parse().ok()).ok_or("sandbox URL has no port")?;
    let token = mint_token(port)?;
    let one = reads_per_second(port, &token, 1, Duration::from_secs(3))?;
    let four = reads_per_second(port, &token, 4, Duration::from_secs(3))?;
    row("Sandbox Graph reads per second (GET /v1.0/organization, keep-alive)", format!("{} on 1 connection", group(one.round() as usize)), &format!("{} on 4 connections", group(four.round() as usize)));

    println!("\n== headless Chromium: first screen, journey round trips, the log at 100,000 events");
    std::env::set_var("TB_PLAIN_URL", &plain.app_url);
    std::env::set_var("TB_MARKUP_URL", &markup.app_url);
    std::env::set_var("TB_MARKUP_DIR", &markup_dir);
    let tally = e2e::playwright_config(&sandbox, &sandbox_bin, "tests/bench/playwright.config.ts")?;
    // Every test of load, journey and log (*.bench.ts) writes a figure read below.
    if tally.failed > 0 || tally.passed < 6 {
        return Err("a browser benchmark did not complete; see Playwright's output above".into());
    }
    drop(plain);
    drop(markup);
    let read = |name: &str| std::fs::read_to_string(crate::root().join("target/bench").join(name)).map_err(|e| format!("{name}: {e}"));
    let load = read("load.json")?;
    row(
        "Navigation to the first interactive screen (median of 7, empty cache)",
        {
            let (app_ms, plain_ms) = (number(&load, &["appMedianMs"]), number(&load, &["plainMedianMs"]));
            let (all_app, all_plain) = (number(&load, &["appMedianAllMs"]), number(&load, &["plainMedianAllMs"]));
            let (goal_ratio, all_ratio) = (ratio(&app_ms, &plain_ms), ratio(&all_app, &all_plain));
            // How repeatable the goal's figure is: the same median of 7 over every run of 7
            // consecutive pairs of this run.
            let runs = |key: &str| -> Vec<f64> {
                serde_json::from_str::<serde_json::Value>(&load).ok().and_then(|v| v[key].as_array().map(|a| a.iter().filter_map(|x| x.as_f64()).collect())).unwrap_or_default()
            };
            let (within, windows) = windows_within(&runs("appRuns"), &runs("plainRuns"), 7, 1.5);
            format!(
                "{app_ms} ms (/setup, connect form ready): {goal_ratio:.2}x the plain page (goal: at most 1.5x); all {} pairs of the run: {all_app} ms, {all_ratio:.2}x; {within} of the run's {windows} spans of 7 consecutive pairs within 1.5x",
                number(&load, &["allRuns"])
            )
        },
        &format!("plain Leptos page: {} ms (all pairs: {} ms)", number(&load, &["plainMedianMs"]), number(&load, &["plainMedianAllMs"])),
    );
    let (own_ms, own_all) = (number(&load, &["appOwnScreen", "medianMs"]), number(&load, &["appOwnScreen", "medianAllMs"]));
    row(
        "The app's own first screen, mounted behind the static one and taking it over (same loads, medians of 7 and of all)",
        format!("{own_ms} ms: {:.2}x the plain page; all: {own_all} ms, {:.2}x", ratio(&own_ms, &number(&load, &["plainMedianMs"])), ratio(&own_all, &number(&load, &["plainMedianAllMs"]))),
        "what the admin typed, chose or pressed before it is carried over",
    );
    let (app_cpu, plain_cpu) = (number(&load, &["appCpuMeanMs"]), number(&load, &["plainCpuMeanMs"]));
    if app_cpu != "?" && !app_cpu.is_empty() {
        row(
            "The machine's CPU time during a first-screen load, up to that screen's paint (all processes, /proc/stat; mean of the same 31 pairs)",
            format!("{app_cpu} ms: {:.2}x the plain page", ratio(&app_cpu, &plain_cpu)),
            &format!("plain Leptos page: {plain_cpu} ms"),
        );
    }
    // The same screen with no script: how much of the app's time is its screen, how much its code.
    let (static_ms, static_all) = (number(&load, &["staticScreen", "medianMs"]), number(&load, &["staticScreen", "medianAllMs"]));
    row(
        "The app's first screen as a static page (its markup as the app paints it, no script, the app's stylesheet; same loads, medians of 7 and of all pairs)",
        format!(
            "{static_ms} ms, {:.2}x the plain page (all pairs: {static_all} ms, {:.2}x); the app takes {:.2}x the static page (all pairs: {:.2}x); {} elements in its body",
            ratio(&static_ms, &number(&load, &["plainMedianMs"])),
            ratio(&static_all, &number(&load, &["plainMedianAllMs"])),
            ratio(&number(&load, &["appMedianMs"]), &static_ms),
            ratio(&number(&load, &["appMedianAllMs"]), &static_all),
            grouped(&number(&load, &["staticScreen", "elements"]))
        ),
        &format!("CPU per load {} ms (the app's {app_cpu} ms, the plain page's {plain_cpu} ms)", number(&load, &["staticScreen", "cpuMeanMs"])),
    );
    let ran = read("wasm-run.json")?;
    let kb = |key: &str, field: &str| format!("{:.0} KB", number(&ran, &[key, field]).parse::<f64>().unwrap_or(0.0) / 1000.0);
    row(
        "Wasm functions run before the app's own first screen (none before the static one; each compiled on the main thread at its first call; the same on every load)",
        format!(
            "{} of the main module's {} functions, {} of its {} of code",
            grouped(&number(&ran, &["app", "functions"])),
            grouped(&number(&ran, &["app", "moduleFunctions"])),
            kb("app", "bytes"),
            kb("app", "moduleBytes")
        ),
        &format!(
            "plain Leptos page: {} of {}, {} of {}",
            grouped(&number(&ran, &["plain", "functions"])),
            grouped(&number(&ran, &["plain", "moduleFunctions"])),
            kb("plain", "bytes"),
            kb("plain", "moduleBytes")
        ),
    );
    let lazy = read("lazy.json")?;
    row(
        "Click in the header, once the app has taken over the first screen, to first paint of a lazily loaded page (median of 7, cold cache)",
        format!("Mappings {} ms, Monitor {} ms", number(&lazy, &["mappingsMedianMs"]), number(&lazy, &["monitorMedianMs"])),
        "",
    );
    let slow = read("slow.json")?;
    let (slow_ms, slow_app, slow_plain) = (number(&slow, &["latencyMs"]), number(&slow, &["appMedianMs"]), number(&slow, &["plainMedianMs"]));
    let slow_mbit = number(&slow, &["downloadMbit"]);
    row(
        &format!("On a slow network ({slow_ms} ms added to every request, {slow_mbit} Mbit/s down, files sent brotli-compressed, service worker blocked; median of 7): first screen, and a click to a lazily loaded page's first paint"),
        format!(
            "first screen {slow_app} ms, {:.2}x the plain page (the app's own {} ms); Mappings {} ms, Monitor {} ms",
            ratio(&slow_app, &slow_plain),
            number(&slow, &["appOwnScreenMedianMs"]),
            number(&slow, &["mappingsMedianMs"]),
            number(&slow, &["monitorMedianMs"])
        ),
        &format!("plain Leptos page: {slow_plain} ms"),
    );
    let journey = read("journey.json")?;
    for (label, key) in [
        ("Graph round trips: connect both tenants (4 sign-ins) and the first reads", "connect"),
        ("Graph round trips: readiness matrix", "readiness"),
        ("Graph round trips: plan and apply on an empty pair (steps 2-6, users only)", "apply"),
    ] {
        row(label, number(&journey, &[key, "trips"]), &format!("{} without batching", number(&journey, &[key, "unbatched"])));
    }
    row(
        "Graph round trips: plan and apply on an empty pair with group sync, 20 groups and start (goal: at most 12)",
        format!("{} (longest chain of dependent write round trips: {}, plus the plan's reads)", number(&journey, &["groups20", "trips"]), number(&journey, &["groups20", "critical"])),
        &format!("{} without batching, {} writes", number(&journey, &["groups20", "unbatched"]), number(&journey, &["groups20", "writes"])),
    );
    row(
        "Interactive sign-ins (each a full-page redirect) from connect to a started job, Mappings and Monitor",
        format!("{} (every permission at the first sign-in to each tenant, the default)", number(&journey, &["signIns", "byDefault"])),
        &format!("{} asking step by step (the earlier behaviour)", number(&journey, &["signIns", "stepByStep"])),
    );
    let log = read("log.json")?;
    row("Provisioning log: aggregate 100,000 events in wasm (one pass)", format!("{} ms", decimal(&log, "aggregateMs")), "");
    row(
        "Provisioning log: 100,000 events loaded to aggregates, first page and charts painted",
        format!("{} ms ({} table rows in the DOM)", decimal(&log, "renderMs"), number(&log, &["rows"])),
        "",
    );
    row("Provisioning log: status filter over 100,000 events, until the count shows", format!("{} ms", number(&log, &["filterMs"])), "");
    row(
        "Provisioning log: reading 100,000 events (200 pages of 500)",
        format!("{:.1} s with the report limit lifted", number(&log, &["loadMs"]).parse::<f64>().unwrap_or(0.0) / 1000.0),
        "at Graph's 5 requests per 10 s: about 400 s",
    );
    drop(sandbox);

    println!("\n== large seed (200,000 users, 50,000 groups in the source)");
    let seed_path = crate::root().join("target/bench/large-seed.json");
    let out = command(&sandbox_bin).args(["generate-seed", "200000", "50000"]).output().map_err(|e| e.to_string())?;
    std::fs::write(&seed_path, &out.stdout).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let large = e2e::start_sandbox(&sandbox_bin, &dist, e2e::free_port()?, e2e::free_port()?, &["--seed".into(), seed_path.display().to_string()])?;
    row("Large seed (20 MB JSON): sandbox answering after start", format!("{:.2} s", started.elapsed().as_secs_f64()), "");
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
    // The baseline: what a picker that loads every group would read (pages of 999).
    let t = Instant::now();
    let mut next = Some("/v1.0/groups?$select=id,displayName,groupTypes,mailEnabled,securityEnabled&$top=999".to_string());
    let (mut pages, mut groups) = (0, 0);
    while let Some(path) = next.take() {
        let body = get(port, &token, &path, &[])?;
        pages += 1;
        groups += body.matches("\"displayName\"").count();
        next = body.split("\"@odata.nextLink\":\"").nth(1).and_then(|rest| rest.split('"').next()).map(|link| link.split_once("/v1.0/").map(|(_, p)| format!("/v1.0/{p}")).unwrap_or_default());
    }
    let all_ms = t.elapsed().as_secs_f64() * 1000.0;
    row(
        "Group picker search on 50,000 groups ($search, top 25, count; 20 runs)",
        format!("median {:.1} ms, max {:.1} ms, 1 request", times[10], times[19]),
        &format!("loading every group instead: {all_ms:.0} ms, {pages} requests, {groups} groups"),
    );
    let tally = e2e::playwright_config(&large, &sandbox_bin, "tests/bench/playwright.large.config.ts")?;
    if tally.failed > 0 || tally.passed == 0 {
        return Err("the picker, fleet or preview benchmark on the large seed did not complete; see Playwright's output above".into());
    }
    let picker = std::fs::read_to_string(crate::root().join("target/bench/picker.json")).map_err(|e| format!("picker.json: {e}"))?;
    row(
        "Group picker in the browser on 50,000 groups: Search clicked to matches shown (5 searches)",
        format!("median {} ms, max {} ms; at most {} rows listed", number(&picker, &["medianMs"]), number(&picker, &["maxMs"]), number(&picker, &["rows"])),
        "",
    );
    let fleet = std::fs::read_to_string(crate::root().join("target/bench/fleet.json")).map_err(|e| format!("fleet.json: {e}"))?;
    row(
        "Fleet of 50 configurations in the browser: Fleet clicked to 50 rows shown (5 runs)",
        format!("median {} ms, max {} ms; {} round trips for {} Graph requests", number(&fleet, &["medianMs"]), number(&fleet, &["maxMs"]), number(&fleet, &["trips"]), number(&fleet, &["requests"])),
        "one request at a time (Monitor's way before): 101 round trips",
    );
    let preview = std::fs::read_to_string(crate::root().join("target/bench/preview.json")).map_err(|e| format!("preview.json: {e}"))?;
    row(
        "Impact preview of 50,000 users in scope in the browser: Preview clicked to first rows / to the full table (median of 3)",
        format!(
            "{} ms / {} ms; prediction itself {} ms in wasm; {} round trips for {} Graph requests; {} rows in the document",
            number(&preview, &["firstMs"]), number(&preview, &["fullMs"]), number(&preview, &["predictMs"]), number(&preview, &["trips"]), number(&preview, &["requests"]), number(&preview, &["rows"])
        ),
        "looking every address up, 15 to a filter: 13,336 requests in 667 batches (167 waves of 4)",
    );
    drop(large);

    let mut md = String::from("| Figure | Tenant Bridge | Baseline, same run |\n|---|---|---|\n");
    println!("\n== benchmark report");
    for r in &rows {
        println!("{:<92} {:<60} {}", r.figure, r.value, r.baseline);
        md.push_str(&format!("| {} | {} | {} |\n", r.figure, r.value, if r.baseline.is_empty() { "n/a" } else { &r.baseline }));
    }
    let report = crate::root().join("target/bench/report.md");
    std::fs::write(&report, md).map_err(|e| e.to_string())?;
    println!("\n(written as Markdown to {})", report.display());
    Ok(())
}

/// A whole number read from a figure's JSON ("1348") grouped in thousands ("1,348"); "?" and other
/// text that is not a whole number stay as they are.
fn grouped(figure: &str) -> String {
    figure.parse::<usize>().map(group).unwrap_or_else(|_| figure.to_string())
}

/// 1234567 as "1,234,567".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// Of every span of `n` consecutive pairs (app, plain page), how many have the app's median within
/// `goal` times the plain page's, and how many spans there are.
fn windows_within(app: &[f64], plain: &[f64], n: usize, goal: f64) -> (usize, usize) {
    let pairs = app.len().min(plain.len());
    if n == 0 || pairs < n {
        return (0, 0);
    }
    let median = |xs: &[f64]| {
        let mut v = xs.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let spans = pairs - n + 1;
    let within = (0..spans).filter(|&i| median(&app[i..i + n]) <= goal * median(&plain[i..i + n])).count();
    (within, spans)
}

/// The app's figure over the baseline's ("?" figures give 0).
fn ratio(app: &str, plain: &str) -> f64 {
    app.parse::<f64>().unwrap_or(0.0) / plain.parse::<f64>().unwrap_or(f64::INFINITY)
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

/// The sizes of the named files of `dist` together.
fn files_sizes(dist: &Path, files: &[String]) -> Result<Sizes, String> {
    let mut sizes = Sizes::default();
    for f in files {
        let path = dist.join(f);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        sizes += compressed(&bytes);
    }
    Ok(sizes)
}

fn compressed(bytes: &[u8]) -> Sizes {
    Sizes { raw: bytes.len(), gzip: crate::compress::gzip(bytes).len(), brotli: crate::compress::brotli(bytes).len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_consecutive_pairs_are_judged_by_their_medians() {
        // Pairs 1-3 at 1.4x, then two at 2x: of the 3 spans of 3, the first (1.4x) and the second
        // (median 140 against 100) are within 1.5x, the third (median 200 against 100) is not; the
        // one span of 5 has the median 140.
        let app = [140.0, 140.0, 140.0, 200.0, 200.0];
        let plain = [100.0; 5];
        assert_eq!(windows_within(&app, &plain, 3, 1.5), (2, 3));
        assert_eq!(windows_within(&app, &plain, 5, 1.5), (1, 1));
        assert_eq!(windows_within(&app, &plain, 5, 1.3), (0, 1));
        assert_eq!(windows_within(&app[..2], &plain[..2], 3, 1.5), (0, 0));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_285_705), "1,285,705");
        assert_eq!(grouped("3264"), "3,264");
        assert_eq!(grouped("?"), "?");
        assert_eq!(grouped(""), "");
    }

    #[test]
    fn compression_shrinks_repetitive_input_and_keeps_the_raw_size() {
        let input = "tenant bridge ".repeat(1000);
        let s = compressed(input.as_bytes());
        assert_eq!(s.raw, input.len());
        assert!(s.gzip < s.raw / 10 && s.brotli < s.raw / 10, "{s:?}");
    }
}
