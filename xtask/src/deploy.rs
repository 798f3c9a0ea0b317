//! The deployment test: the site `cargo xtask dist` writes, built for the sandbox's hosts, served
//! by Debian's nginx with the server block that command generated, and the shell, sign-in and a
//! short journey run through it, beside a spec that checks every header (tests/deploy/).

use crate::bundle::Built;
use crate::dist::{self, Site};
use crate::e2e::{self, Sandbox, Tally};
use crate::process::{command, describe};
use std::fs;
use std::process::{Child, Stdio};

/// The sandbox's app registration (sandbox/src/app.rs `CLIENT_ID`).
const SANDBOX_CLIENT_ID: &str = "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41";

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Writes the site for the sandbox, starts nginx on a free port and runs tests/deploy/.
pub fn behind_nginx(built: &Built, sandbox: &Sandbox, sandbox_bin: &std::path::Path) -> Result<Tally, String> {
    let port = e2e::free_port()?;
    let app_url = format!("http://127.0.0.1:{port}");
    let root = crate::root();
    let out = root.join("target/nginx/site");
    let site: Site = dist::parse(&[
        "--client-id".into(),
        SANDBOX_CLIENT_ID.into(),
        "--redirect-uri".into(),
        format!("{app_url}/"),
        "--authority-host".into(),
        sandbox.sandbox_url.clone(),
        "--graph-base-url".into(),
        sandbox.sandbox_url.clone(),
        "--out".into(),
        out.display().to_string(),
    ])?;
    dist::write(&site, built)?;

    // The generated server block as written, with only its two deployment-specific lines set.
    let block = fs::read_to_string(out.join("nginx.conf")).map_err(|e| e.to_string())?;
    let (listen, docroot) = ("    listen 80;\n", "    root /var/www/tenant-bridge;\n");
    if !block.contains(listen) || !block.contains(docroot) {
        return Err("nginx.conf no longer has its `listen 80;` and `root` lines".into());
    }
    let block = block.replace(listen, &format!("    listen 127.0.0.1:{port};\n")).replace(docroot, &format!("    root {};\n", out.display()));
    let work = root.join("target/nginx/run");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let temp = |name: &str| work.join(name).display().to_string();
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {pid};\nerror_log {err} warn;\nevents {{ worker_connections 256; }}\nhttp {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log off;\n    client_body_temp_path {t}/body;\n    proxy_temp_path {t}/proxy;\n    fastcgi_temp_path {t}/fastcgi;\n    uwsgi_temp_path {t}/uwsgi;\n    scgi_temp_path {t}/scgi;\n{block}}}\n",
        pid = temp("nginx.pid"),
        err = temp("error.log"),
        t = work.display(),
    );
    fs::write(work.join("nginx.conf"), conf).map_err(|e| e.to_string())?;
    let mut cmd = command("/usr/sbin/nginx");
    cmd.arg("-p").arg(&work).arg("-e").arg(work.join("error.log")).arg("-c").arg(work.join("nginx.conf")).stdout(Stdio::null());
    let child = cmd.spawn().map_err(|e| format!("could not start {}: {e}\n  what to do: `cargo xtask setup` installs Debian's nginx", describe(&cmd)))?;
    let _nginx = Nginx(child);
    e2e::wait_for_http(port, std::time::Duration::from_secs(20))
        .map_err(|e| format!("nginx did not answer: {e}; see {}", work.join("error.log").display()))?;
    println!("[nginx] {app_url}/ serves {}", out.display());
    e2e::playwright_at(&app_url, sandbox, sandbox_bin, "tests/deploy/playwright.config.ts", &[])
}
