//! `tenant-bridge-sandbox`: two emulated Entra tenants on 127.0.0.1. See sandbox/README.md.

use std::net::SocketAddr;
use std::path::PathBuf;
use tenant_bridge_sandbox::{app, Options};

const USAGE: &str = "usage: tenant-bridge-sandbox [--listen 127.0.0.1:PORT] [--app DIR --app-listen 127.0.0.1:PORT] [--seed FILE] [--token-lifetime S] [--cycle-seconds N] [--report-limit N]

  --listen ADDR        where the emulated sign-in service and Graph listen (default 127.0.0.1:8081)
  --app DIR            also serve the built app (trunk's dist/) on its own origin, with a config.json
                       pointing at this sandbox
  --app-listen ADDR    where the app is served (default 127.0.0.1:8080)
  --seed FILE          tenants to emulate (default: the shipped seed, sandbox/seeds/default.json)
  --token-lifetime S   access-token lifetime in seconds (default 3600)
  --report-limit N     report (auditLogs) requests per 10 s per tenant, as Graph (default 5; 0: none)
  --cycle-seconds N    run a provisioning cycle of every started job every N seconds (default 0: only on
                       POST /_sandbox/cycle; Entra's real interval is about 40 minutes)

       tenant-bridge-sandbox generate-seed [USERS [GROUPS]]
  prints a large seed (default 200000 users, 50000 groups) for benchmarks";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("generate-seed") {
        generate_seed(&args[1..]);
        return;
    }
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let listener = bind(options.listen).await;
    let sandbox_url = format!("http://{}", listener.local_addr().expect("bound"));
    println!("sandbox (sign-in and Graph): {sandbox_url}");

    let seed = tenant_bridge_sandbox::load_seed(&options).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    if let Some(dir) = options.app_dir.clone() {
        let app_listener = bind(options.app_listen).await;
        let app_url = format!("http://{}", app_listener.local_addr().expect("bound"));
        println!("app: {app_url}/");
        let router = app::router_with_demo(dir, app_url, sandbox_url.clone(), app::demo_of(&seed));
        tokio::spawn(async move { axum::serve(app_listener, router).await });
    }
    for t in &seed.tenants {
        println!("tenant {} ({}): {sandbox_url}/{}/v2.0/.well-known/openid-configuration", t.display_name, t.domains[0], t.id);
    }
    let (router, shared) = tenant_bridge_sandbox::build(seed, &options, sandbox_url);
    if options.cycle_seconds > 0 {
        println!("provisioning cycles every {} s (POST /_sandbox/cycle runs one now)", options.cycle_seconds);
        let every = std::time::Duration::from_secs(options.cycle_seconds);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                tenant_bridge_sandbox::engine::run_all(&mut shared.world.lock().unwrap());
            }
        });
    }
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await.expect("server");
    println!("sandbox stopped");
}

/// `generate-seed USERS GROUPS`: prints a large seed (JSON) for benchmarks.
fn generate_seed(args: &[String]) {
    let number = |i: usize, default: u32| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let seed = tenant_bridge_sandbox::seed::Seed::large(number(0, 200_000), number(1, 50_000));
    println!("{}", serde_json::to_string(&seed).expect("seed serializes"));
}

async fn bind(addr: SocketAddr) -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| {
        eprintln!("cannot listen on {addr}: {e} (is another sandbox running?)");
        std::process::exit(1);
    })
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--listen" => options.listen = addr(&value("--listen")?)?,
            "--app" => options.app_dir = Some(PathBuf::from(value("--app")?)),
            "--app-listen" => options.app_listen = addr(&value("--app-listen")?)?,
            "--seed" => options.seed = Some(PathBuf::from(value("--seed")?)),
            "--cycle-seconds" => {
                let v = value("--cycle-seconds")?;
                options.cycle_seconds = v.parse().map_err(|_| format!("--cycle-seconds {v}: give whole seconds (0 turns periodic cycles off)"))?;
            }
            "--token-lifetime" => {
                let v = value("--token-lifetime")?;
                options.token_lifetime = v.parse().ok().filter(|n| (1..=86_400).contains(n)).ok_or(format!("--token-lifetime {v}: give seconds, 1 to 86400"))?;
            }
            "--report-limit" => {
                let v = value("--report-limit")?;
                options.report_limit = v.parse().map_err(|_| format!("--report-limit {v}: give report requests per 10 s per tenant (Graph: 5; 0 turns it off)"))?;
            }
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

fn addr(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| format!("{text} is not an address like 127.0.0.1:8081"))
}
