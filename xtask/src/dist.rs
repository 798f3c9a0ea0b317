//! `cargo xtask dist`: a site ready for a real static host. The release build with `config.json`
//! written and checked, the Content-Security-Policy narrowed to the chosen cloud's sign-in and
//! Graph hosts, the header and routing files for common static hosts (Azure Static Web Apps,
//! Netlify/Cloudflare Pages, nginx) and the Microsoft Graph PowerShell that creates the app
//! registration. Every argument is checked before anything is built or written.

use crate::bundle::Built;
use std::fs;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: cargo xtask dist --client-id GUID --redirect-uri URL [--cloud global|usgov|usgov-dod|china] [--out DIR]
       (for a test or a private cloud: --authority-host URL --graph-base-url URL instead of --cloud)";

/// Microsoft Graph's application ID, the same in every cloud.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// A national cloud's hosts (reference/graph-api.md, "National clouds"; Microsoft Learn's national
/// cloud deployments page) and the `Connect-MgGraph -Environment` name for it.
struct Cloud {
    name: &'static str,
    authority: &'static str,
    graph: &'static str,
    environment: &'static str,
}

const CLOUDS: [Cloud; 4] = [
    Cloud { name: "global", authority: "https://login.microsoftonline.com", graph: "https://graph.microsoft.com", environment: "Global" },
    Cloud { name: "usgov", authority: "https://login.microsoftonline.us", graph: "https://graph.microsoft.us", environment: "USGov" },
    Cloud { name: "usgov-dod", authority: "https://login.microsoftonline.us", graph: "https://dod-graph.microsoft.us", environment: "USGovDoD" },
    Cloud { name: "china", authority: "https://login.chinacloudapi.cn", graph: "https://microsoftgraph.chinacloudapi.cn", environment: "China" },
];

/// What the site is built for.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub client_id: String,
    pub redirect_uri: String,
    pub authority_host: String,
    pub graph_base_url: String,
    /// `Connect-MgGraph -Environment` for the registration script.
    pub environment: String,
    pub out: PathBuf,
}

impl Site {
    /// The hosts the app calls besides its own: sign-in and Graph (once when they are the same).
    pub fn api_hosts(&self) -> String {
        if self.authority_host == self.graph_base_url {
            self.authority_host.clone()
        } else {
            format!("{} {}", self.authority_host, self.graph_base_url)
        }
    }
}

/// Reads and checks the arguments; nothing is written before this succeeds.
pub fn parse(args: &[String]) -> Result<Site, String> {
    let mut client_id = None;
    let mut redirect_uri = None;
    let mut cloud = None;
    let mut authority = None;
    let mut graph = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--client-id" => client_id = Some(value()?),
            "--redirect-uri" => redirect_uri = Some(value()?),
            "--cloud" => cloud = Some(value()?),
            "--authority-host" => authority = Some(value()?),
            "--graph-base-url" => graph = Some(value()?),
            "--out" => out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let client_id = client_id.ok_or_else(|| format!("--client-id is required: the application (client) ID of the app registration\n{USAGE}"))?;
    if !is_guid(&client_id) {
        return Err(format!("--client-id {client_id:?} is not a GUID: use the application (client) ID from the app registration's overview (00000000-0000-0000-0000-000000000000)"));
    }
    let redirect_uri = redirect_uri.ok_or_else(|| format!("--redirect-uri is required: the SPA redirect URI registered for the app, where the site is hosted\n{USAGE}"))?;
    check_url("--redirect-uri", &redirect_uri)?;
    if !redirect_uri.ends_with('/') {
        return Err(format!("--redirect-uri {redirect_uri:?} must be the site's root and end with '/' (for example https://bridge.contoso.com/): the app signs in and comes back there"));
    }
    let (authority_host, graph_base_url, environment) = match (cloud, authority, graph) {
        (c, None, None) => {
            let name = c.unwrap_or_else(|| "global".into());
            let cloud = CLOUDS.iter().find(|x| x.name == name).ok_or_else(|| {
                format!("--cloud {name:?} is not known: use one of {}", CLOUDS.iter().map(|c| c.name).collect::<Vec<_>>().join(", "))
            })?;
            (cloud.authority.to_string(), cloud.graph.to_string(), cloud.environment.to_string())
        }
        (None, Some(a), Some(g)) => {
            check_url("--authority-host", &a)?;
            check_url("--graph-base-url", &g)?;
            (a.trim_end_matches('/').to_string(), g.trim_end_matches('/').to_string(), "Global".to_string())
        }
        _ => return Err(format!("use either --cloud or both --authority-host and --graph-base-url\n{USAGE}")),
    };
    for (flag, url) in [("--authority-host", &authority_host), ("--graph-base-url", &graph_base_url)] {
        if origin(url) != url.as_str() {
            return Err(format!("{flag} {url:?} must be an origin only (scheme and host, no path)"));
        }
    }
    let out = out.unwrap_or_else(|| crate::root().join("target/site"));
    Ok(Site { client_id, redirect_uri, authority_host, graph_base_url, environment, out })
}

/// `cargo xtask dist ...`
pub fn run(args: &[String]) -> Result<(), String> {
    let site = parse(args)?;
    let toolchain = crate::setup::run()?;
    let built = crate::build::release_bundle(&toolchain)?;
    write(&site, &built)?;
    println!("\nThe site is in {}", site.out.display());
    println!("  Host its files at {} (see README, \"Deploy\").", site.redirect_uri);
    println!("  Headers and routing: staticwebapp.config.json (Azure Static Web Apps), _headers and _redirects (Netlify, Cloudflare Pages), nginx.conf.");
    println!("  The app registration: register-app.ps1 (Microsoft Graph PowerShell), beside it in {}.", site.out.display());
    println!("\n{}", registration_script(&site, &consent_scopes()?));
    Ok(())
}

/// Writes the site for `site` from a release build in `built.dist` (which is copied, not moved).
pub fn write(site: &Site, built: &Built) -> Result<(), String> {
    let scopes = consent_scopes()?;
    let stage = site.out.with_extension("partial");
    let _ = fs::remove_dir_all(&stage);
    copy_dir(&built.dist, &stage)?;
    let pkg = built.first.iter().find_map(|f| f.split_once('/').map(|(dir, _)| dir.to_string())).ok_or("the build has no bundle folder")?;
    let hashed: Vec<String> = built.first.iter().filter(|f| !f.contains('/')).cloned().collect();

    // The page's own CSP: only this site, the cloud's sign-in host and its Graph host.
    let index = fs::read_to_string(stage.join("index.html")).map_err(|e| e.to_string())?;
    const OPEN: &str = "connect-src 'self' https: http://127.0.0.1:* http://localhost:*";
    if index.matches(OPEN).count() != 1 {
        return Err(format!("index.html: the Content-Security-Policy no longer holds \"{OPEN}\"; update xtask/src/dist.rs with the template"));
    }
    fs::write(stage.join("index.html"), index.replace(OPEN, &format!("connect-src 'self' {}", site.api_hosts()))).map_err(|e| e.to_string())?;

    let config = serde_config(site);
    fs::write(stage.join("config.json"), &config).map_err(|e| e.to_string())?;
    let headers = headers(site);
    fs::write(stage.join("_headers"), netlify_headers(&headers, &pkg, &hashed)).map_err(|e| e.to_string())?;
    fs::write(stage.join("_redirects"), "/*    /index.html    200\n").map_err(|e| e.to_string())?;
    fs::write(stage.join("staticwebapp.config.json"), static_web_app(&headers, &pkg, &hashed)).map_err(|e| e.to_string())?;
    fs::write(stage.join("nginx.conf"), nginx(&headers, &pkg)).map_err(|e| e.to_string())?;
    fs::write(stage.join("register-app.ps1"), registration_script(site, &scopes)).map_err(|e| e.to_string())?;
    let (raw, gz, br) = precompress(&stage)?;
    println!("[dist] compressed copies beside the files a browser fetches: {raw} bytes as {gz} gzip and {br} brotli");

    let _ = fs::remove_dir_all(&site.out);
    fs::rename(&stage, &site.out).map_err(|e| format!("{}: {e}", site.out.display()))?;
    Ok(())
}

/// What a browser fetches and compresses well: the wasm above all (its gzip is about 40 % of it).
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "html", "json"];
/// Smaller files are sent as they are: a compressed copy would save less than a packet.
const MIN_COMPRESSED: usize = 1024;

/// Writes a gzip copy (`NAME.gz`) and a brotli copy (`NAME.br`) beside every file under `dir` that
/// a browser fetches and that is worth it, for servers that send a stored copy to a browser that
/// accepts it (nginx `gzip_static`, ngx_brotli `brotli_static`, Caddy `precompressed`); other hosts
/// leave them unused. Without them nginx sends the wasm, its glue and the stylesheet uncompressed
/// (Debian's `gzip on` covers text/html only). Returns the bytes (raw, gzip, brotli) of the files
/// that got copies.
pub(crate) fn precompress(dir: &Path) -> Result<(usize, usize, usize), String> {
    let mut total = (0, 0, 0);
    // Listed before anything is written, so the copies are never read back as files of the site.
    let entries: Vec<PathBuf> = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    for path in entries {
        if path.is_dir() {
            let (raw, gz, br) = precompress(&path)?;
            total = (total.0 + raw, total.1 + gz, total.2 + br);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let served = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        // The Static Web Apps configuration is read by the host, never served.
        if !served || name == "staticwebapp.config.json" {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.len() < MIN_COMPRESSED {
            continue;
        }
        let (gz, br) = (crate::compress::gzip(&bytes), crate::compress::brotli(&bytes));
        fs::write(dir.join(format!("{name}.gz")), &gz).map_err(|e| e.to_string())?;
        fs::write(dir.join(format!("{name}.br")), &br).map_err(|e| e.to_string())?;
        total = (total.0 + bytes.len(), total.1 + gz.len(), total.2 + br.len());
    }
    Ok(total)
}

/// The security headers every response carries, in order.
pub fn headers(site: &Site) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' {}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
                site.api_hosts()
            ),
        ),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()".into()),
        ("X-Frame-Options", "DENY".into()),
    ]
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

fn serde_config(site: &Site) -> String {
    let config = serde_json::json!({
        "clientId": site.client_id,
        "authorityHost": site.authority_host,
        "graphBaseUrl": site.graph_base_url,
        "redirectUri": site.redirect_uri,
    });
    serde_json::to_string_pretty(&config).expect("a JSON object") + "\n"
}

fn netlify_headers(headers: &[(&str, String)], pkg: &str, hashed: &[String]) -> String {
    let mut out = String::from("/*\n");
    for (k, v) in headers {
        out += &format!("  {k}: {v}\n");
    }
    out += &format!("  Cache-Control: {REVALIDATE}\n");
    for path in std::iter::once(format!("/{pkg}/*")).chain(hashed.iter().map(|f| format!("/{f}"))) {
        out += &format!("{path}\n  ! Cache-Control\n  Cache-Control: {IMMUTABLE}\n");
    }
    out
}

fn static_web_app(headers: &[(&str, String)], pkg: &str, hashed: &[String]) -> String {
    let mut global = serde_json::Map::new();
    for (k, v) in headers {
        global.insert(k.to_string(), v.clone().into());
    }
    global.insert("Cache-Control".into(), REVALIDATE.into());
    let routes: Vec<serde_json::Value> = std::iter::once(format!("/{pkg}/*"))
        .chain(hashed.iter().map(|f| format!("/{f}")))
        .map(|route| serde_json::json!({ "route": route, "headers": { "Cache-Control": IMMUTABLE } }))
        .collect();
    let config = serde_json::json!({
        "navigationFallback": { "rewrite": "/index.html", "exclude": [format!("/{pkg}/*"), "/*.{css,js,svg,wasm,json}"] },
        "routes": routes,
        "globalHeaders": global,
        "mimeTypes": { ".wasm": "application/wasm" },
    });
    serde_json::to_string_pretty(&config).expect("a JSON object") + "\n"
}

/// An nginx server block. `add_header` in a location replaces the server's, so each location
/// repeats the security headers.
fn nginx(headers: &[(&str, String)], pkg: &str) -> String {
    let block = |cache: &str| {
        let mut s = String::new();
        for (k, v) in headers {
            s += &format!("        add_header {k} \"{v}\" always;\n");
        }
        s + &format!("        add_header Cache-Control \"{cache}\" always;\n")
    };
    format!(
        "# Tenant Bridge, written by `cargo xtask dist`. Put TLS in front (or add `listen 443 ssl` and\n\
         # your certificate here); set `root` to where the site's files are.\n\
         server {{\n    listen 80;\n    server_name _;\n    root /var/www/tenant-bridge;\n    index index.html;\n    charset utf-8;\n\n\
         \x20   # The site has a gzip copy of each file worth it (NAME.gz): sent to browsers that accept gzip,\n\
         \x20   # the file itself to the others. With the ngx_brotli module loaded, `brotli_static on;` sends\n\
         \x20   # the smaller brotli copies (NAME.br) instead.\n    gzip_static on;\n    gzip_vary on;\n\n\
         \x20   # Files of one build never change.\n    location /{pkg}/ {{\n        try_files $uri =404;\n{}    }}\n\
         \x20   location ~ \"^/[a-z]+-[0-9a-f]{{16}}\\.(css|js|svg)$\" {{\n        try_files $uri =404;\n{}    }}\n\n\
         \x20   # The page, config.json and sw.js are checked on every load; any other path is a route of the app.\n\
         \x20   location / {{\n        try_files $uri /index.html;\n{}    }}\n}}\n",
        block(IMMUTABLE),
        block(IMMUTABLE),
        block(REVALIDATE)
    )
}

/// The delegated permissions of the README's consent table, in its order (the app's own test keeps
/// that table equal to what the app asks).
pub fn consent_scopes() -> Result<Vec<String>, String> {
    let readme = fs::read_to_string(crate::root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let mut scopes: Vec<String> = vec![];
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !matches!(cells[1], "both" | "source" | "target") {
            continue;
        }
        for scope in cells[2].split('`').skip(1).step_by(2) {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_string());
            }
        }
    }
    if scopes.len() < 5 {
        return Err("README.md: the consent table (rows starting with | both |, | source |, | target |) was not found".into());
    }
    Ok(scopes)
}

/// Microsoft Graph PowerShell that creates the registration, and the admin-consent address.
/// Only documented cmdlets and parameters: Connect-MgGraph (-Scopes, -Environment),
/// Get-MgServicePrincipal (-Filter), New-MgApplication (-DisplayName, -SignInAudience, -Spa,
/// -RequiredResourceAccess). Permission IDs are looked up in the tenant, not written down here.
pub fn registration_script(site: &Site, scopes: &[String]) -> String {
    let list = scopes.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
    format!(
        "# Creates the Tenant Bridge app registration: multitenant, with the site as SPA redirect URI and
# the delegated Microsoft Graph permissions the app asks for. Written by `cargo xtask dist`.
# Needs the Microsoft Graph PowerShell SDK (Install-Module Microsoft.Graph -Scope CurrentUser) and
# an account that may create applications (Application Developer or Application Administrator).
Connect-MgGraph -Environment {env} -Scopes \"Application.ReadWrite.All\"
$graph = Get-MgServicePrincipal -Filter \"appId eq '{GRAPH_APP_ID}'\"
$names = @({list})
$access = foreach ($name in $names) {{
    $scope = $graph.Oauth2PermissionScopes | Where-Object {{ $_.Value -eq $name }}
    if (-not $scope) {{ throw \"Microsoft Graph offers no delegated permission named $name\" }}
    @{{ Id = $scope.Id; Type = \"Scope\" }}
}}
$app = New-MgApplication -DisplayName \"Tenant Bridge\" -SignInAudience \"AzureADMultipleOrgs\" `
    -Spa @{{ RedirectUris = @(\"{redirect}\") }} `
    -RequiredResourceAccess @(@{{ ResourceAppId = \"{GRAPH_APP_ID}\"; ResourceAccess = @($access) }})
Write-Output \"Application (client) ID: $($app.AppId)\"

# Admin consent, once per tenant (source and target), by an administrator of that tenant:
#   {authority}/<tenant ID or domain>/v2.0/adminconsent?client_id={client}&scope={graph}/.default&redirect_uri={redirect_enc}
",
        env = site.environment,
        redirect = site.redirect_uri,
        authority = site.authority_host,
        client = site.client_id,
        graph = site.graph_base_url,
        redirect_enc = percent(&site.redirect_uri),
    )
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5 && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// https anywhere; http only on this machine (a test against the sandbox).
fn check_url(flag: &str, url: &str) -> Result<(), String> {
    let loopback = ["http://127.0.0.1", "http://localhost"].iter().any(|p| url.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')));
    let https = url.strip_prefix("https://").is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if https || loopback {
        Ok(())
    } else {
        Err(format!("{flag} {url:?} must be an https:// address (plain http only on 127.0.0.1 or localhost, for a test)"))
    }
}

fn origin(url: &str) -> &str {
    let scheme_end = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[scheme_end..].find('/') {
        Some(i) => &url[..scheme_end + i],
        None => url,
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    const ID: &str = "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41";

    #[test]
    fn clouds_choose_their_hosts_and_bad_arguments_are_refused() {
        let s = parse(&args(&["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/", "--cloud", "usgov-dod"])).unwrap();
        assert_eq!((s.authority_host.as_str(), s.graph_base_url.as_str(), s.environment.as_str()), ("https://login.microsoftonline.us", "https://dod-graph.microsoft.us", "USGovDoD"));
        let s = parse(&args(&["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/"])).unwrap();
        assert_eq!(s.graph_base_url, "https://graph.microsoft.com");
        for (bad, says) in [
            (vec!["--client-id", "not-a-guid", "--redirect-uri", "https://bridge.contoso.com/"], "is not a GUID"),
            (vec!["--client-id", ID, "--redirect-uri", "http://bridge.contoso.com/"], "must be an https://"),
            (vec!["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/app"], "end with '/'"),
            (vec!["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/", "--cloud", "mars"], "is not known"),
            (vec!["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/", "--authority-host", "https://login.example"], "either --cloud or both"),
            (vec!["--client-id", ID, "--redirect-uri", "https://b.contoso.com/", "--authority-host", "https://l.example/x", "--graph-base-url", "https://g.example"], "origin only"),
            (vec!["--redirect-uri", "https://bridge.contoso.com/"], "--client-id is required"),
            (vec!["--client-id", ID, "--redirect-uri", "https://b.contoso.com/", "--colud", "global"], "unknown argument"),
        ] {
            let e = parse(&args(&bad)).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
        // Loopback http is for the sandbox test only.
        assert!(parse(&args(&["--client-id", ID, "--redirect-uri", "http://127.0.0.1:8088/", "--authority-host", "http://127.0.0.1:8081", "--graph-base-url", "http://127.0.0.1:8081"])).is_ok());
    }

    #[test]
    fn the_registration_script_matches_its_fixture() {
        let site = parse(&args(&["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/", "--cloud", "usgov"])).unwrap();
        let scopes = consent_scopes().unwrap();
        let script = registration_script(&site, &scopes);
        let path = crate::root().join("xtask/fixtures/register-app.usgov.ps1");
        if std::env::var_os("TB_BLESS").is_some() {
            fs::write(&path, &script).unwrap();
        }
        let fixture = fs::read_to_string(&path).unwrap();
        assert_eq!(script, fixture, "regenerate the fixture only after checking the cmdlets on Microsoft Learn");
        assert!(scopes.contains(&"Synchronization.ReadWrite.All".to_string()) && scopes.contains(&"offline_access".to_string()));
    }

    #[test]
    fn every_host_file_narrows_the_csp_and_caches_only_hashed_files_for_good() {
        let site = parse(&args(&["--client-id", ID, "--redirect-uri", "https://bridge.contoso.com/", "--cloud", "china"])).unwrap();
        let h = headers(&site);
        let csp = &h[0].1;
        assert!(csp.contains("connect-src 'self' https://login.chinacloudapi.cn https://microsoftgraph.chinacloudapi.cn;"));
        assert!(!csp.contains("https:;") && !csp.contains("127.0.0.1") && csp.contains("frame-ancestors 'none'"));
        let hashed = vec!["main-0123456789abcdef.css".to_string()];
        let netlify = netlify_headers(&h, "pkg-0123456789abcdef", &hashed);
        assert!(netlify.contains("/pkg-0123456789abcdef/*\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable"));
        let swa: serde_json::Value = serde_json::from_str(&static_web_app(&h, "pkg-0123456789abcdef", &hashed)).unwrap();
        assert_eq!(swa["navigationFallback"]["rewrite"], "/index.html");
        assert_eq!(swa["routes"][1]["route"], "/main-0123456789abcdef.css");
        assert_eq!(swa["routes"][0]["headers"]["Cache-Control"], IMMUTABLE);
        assert_eq!(swa["globalHeaders"]["Content-Security-Policy"], csp.as_str());
        let conf = nginx(&h, "pkg-0123456789abcdef");
        assert_eq!(conf.matches("add_header Content-Security-Policy").count(), 3);
        assert!(conf.contains("try_files $uri /index.html;"));
        // Once, in the server block, so every location (the page through `try_files` too) sends the
        // stored gzip copy, with `Vary: Accept-Encoding` for caches on the way.
        assert_eq!((conf.matches("gzip_static on;").count(), conf.matches("gzip_vary on;").count()), (1, 1));
        assert!(conf.find("gzip_static on;").unwrap() < conf.find("location ").unwrap());
    }

    #[test]
    fn compressed_copies_sit_beside_what_a_browser_fetches_and_decode_to_it() {
        let dir = std::env::temp_dir().join(format!("tb-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pkg-0123456789abcdef")).unwrap();
        let big = "(module) tenant bridge ".repeat(400).into_bytes();
        for name in ["index.html", "pkg-0123456789abcdef/app_bg.wasm", "pkg-0123456789abcdef/app.js", "main-0123456789abcdef.css", "staticwebapp.config.json", "register-app.ps1", "nginx.conf"] {
            fs::write(dir.join(name), &big).unwrap();
        }
        fs::write(dir.join("config.json"), b"{\"clientId\": \"x\"}").unwrap();
        let (raw, gz, br) = precompress(&dir).unwrap();
        assert_eq!(raw, 4 * big.len());
        assert!(gz < raw / 10 && br < raw / 10, "{gz} {br}");
        for name in ["index.html", "pkg-0123456789abcdef/app_bg.wasm", "pkg-0123456789abcdef/app.js", "main-0123456789abcdef.css"] {
            assert_eq!(crate::compress::gunzip(&fs::read(dir.join(format!("{name}.gz"))).unwrap()), big, "{name}.gz");
            assert_eq!(crate::compress::unbrotli(&fs::read(dir.join(format!("{name}.br"))).unwrap()), big, "{name}.br");
        }
        // Host configuration, scripts for the admin and files too small to gain are left alone.
        for name in ["staticwebapp.config.json", "register-app.ps1", "nginx.conf", "config.json"] {
            assert!(!dir.join(format!("{name}.gz")).exists() && !dir.join(format!("{name}.br")).exists(), "{name}");
        }
        // Run again (the copies now exist): none is compressed a second time.
        precompress(&dir).unwrap();
        assert!(!dir.join("index.html.gz.gz").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
