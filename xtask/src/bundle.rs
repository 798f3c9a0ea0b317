//! The release bundle, built without trunk because trunk 0.21 cannot split wasm (trunk issue 1022):
//! cargo (with relocations kept) → wasm-split (one main module plus the parts `#[lazy]` and lazy
//! routes load later) → wasm-merge (wasm-split's small chunks of shared code joined into a few
//! files: `chunks.rs`) → wasm-bindgen → wasm-opt -Oz on every module → `dist/` with
//! content-hashed names, subresource integrity on every file (the lazily fetched wasm parts
//! included) and an `index.html` without inline script.

use crate::process::{command, run};
use crate::setup::{Toolchain, WasmToolchain};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the generated tags go in an index.html template.
const MARKER: &str = "<!-- tb:bundle -->";
/// The wasm-bindgen glue's module name, relative to the bundle folder.
const LINK_JS: &str = "__wasm_split.js";

/// One app to bundle: a binary of a package, its page template and the files it ships.
pub struct App<'a> {
    pub package: &'a str,
    pub bin: &'a str,
    /// The page with [`MARKER`] where the stylesheet, preload and boot tags go.
    pub template: PathBuf,
    /// Stylesheets, in order; shipped as one file with a hashed name and an integrity attribute.
    pub css: Vec<PathBuf>,
    /// Copied under their own name (config.json: read at run time, never cached by name).
    pub copy: Vec<PathBuf>,
    /// The icon (a PNG), written into index.html as a data URL.
    pub icon: Option<PathBuf>,
    /// The first screen of a fresh visit as static markup, which boot.js shows before the wasm has
    /// started (public/first-screen.html): written into index.html as `<template id="tb-first-screen">`.
    /// With it the page does not preload the app's files: boot.js fetches them, after that screen's
    /// first paint when it shows it, at once otherwise.
    pub first_screen: Option<PathBuf>,
    pub out: PathBuf,
}

/// What a bundle holds, for the bench: the files loaded before the first screen, and the lazy parts.
pub struct Built {
    pub dist: PathBuf,
    /// Paths relative to `dist` of what the app loads to start (stylesheets, boot, glue, main wasm).
    pub first: Vec<String>,
    /// Paths relative to `dist` of what a fresh visit's first screen loads before it shows: all of
    /// `first`, or with a static first screen only the stylesheets and boot.js.
    pub before_screen: Vec<String>,
    /// Paths relative to `dist` of the wasm parts fetched later, with the splits that need them.
    pub lazy: Vec<String>,
    /// `split name -> files` from wasm-split (which parts a lazy function or route fetches).
    pub splits: BTreeMap<String, Vec<String>>,
}

/// Builds `app` into `app.out` (emptied first).
pub fn build(app: &App, toolchain: &Toolchain) -> Result<Built, String> {
    let wasm = cargo_build(app, toolchain)?;
    let work = crate::root().join("target/bundle").join(app.bin);
    let stage = work.join("stage");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&stage).map_err(|e| format!("{}: {e}", stage.display()))?;

    // (1) split: the main module goes to `work`, the lazily loaded parts and their loader to `stage`.
    let input = fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let main_split = work.join("main.wasm");
    let main_module = format!("./{}.js", app.bin);
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &stage;
        opts.main_out_path = &main_split;
        opts.main_module = &main_module;
        opts.link_name = "./__wasm_split.js";
        opts
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;
    // (1b) the small chunks joined: a part fetches a few files instead of up to 40 (chunks.rs).
    let mut prefetch: BTreeMap<String, Vec<String>> = split.prefetch_map.into_iter().collect();
    let lazy_modules = join_chunks(&stage, &work.join("join"), &mut prefetch, split.split_modules)?;

    // (2) wasm-bindgen on the main module; the parts keep the exports lld made for them.
    run(command("wasm-bindgen").args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", app.bin, "--out-dir"])
        .arg(&stage)
        .arg(&main_split))?;

    // (3) wasm-opt -Oz on the main module and every part (binaryen 132 from npm; see TOOLCHAIN.md).
    let main_wasm = stage.join(format!("{}_bg.wasm", app.bin));
    let mut modules = vec![main_wasm.clone()];
    modules.extend(lazy_modules.iter().cloned());
    for module in &modules {
        let mut opt = command("wasm-opt");
        opt.arg("-Oz").args(FEATURES);
        // TB_WASM_NAMES=1 keeps the function names: a larger file, for CPU profiles and for naming
        // the functions the first screen runs (tests/bench/wasm.ts gives their indices). Not for a site.
        if std::env::var("TB_WASM_NAMES").is_ok_and(|v| v == "1") {
            opt.arg("-g");
        }
        run(opt
            .arg(module)
            .arg("-o")
            .arg(module))?;
    }

    // (4) the loader fetches each part with its integrity; unused loader (no split points) is dropped.
    let link = stage.join(LINK_JS);
    let glue = fs::read_to_string(stage.join(format!("{}.js", app.bin))).map_err(|e| e.to_string())?;
    let uses_split = glue.contains(LINK_JS);
    if uses_split {
        let js = fs::read_to_string(&link).map_err(|e| e.to_string())?;
        fs::write(&link, with_part_integrity(&js, &stage)?).map_err(|e| e.to_string())?;
    } else {
        let _ = fs::remove_file(&link);
    }
    // (4b) the JS glue minified: the first screen waits for its parse (58 KB -> 27 KB; measured
    // about 20 ms sooner in the page). terser keeps property names, which the wasm imports use.
    let mut scripts = vec![stage.join(format!("{}.js", app.bin))];
    if uses_split {
        scripts.push(link.clone());
    }
    for script in &scripts {
        run(command("terser").arg(script).args(["--module", "--compress", "--mangle", "-o"]).arg(script))?;
    }
    // Most of the glue's functions run at start-up: Chromium (136 and later) compiles the functions
    // of a file that opens with this comment on the thread that streams it, instead of one by one on
    // the main thread at their first call (measured in traces of the first screen: 3.7 ms less
    // compiling on the main thread). Other browsers read it as a comment.
    let glue_path = &scripts[0];
    let glue_min = fs::read_to_string(glue_path).map_err(|e| e.to_string())?;
    fs::write(glue_path, format!("//# allFunctionsCalledOnLoad\n{glue_min}")).map_err(|e| e.to_string())?;

    // (5) dist/: the bundle folder named by its content, hashed assets, index.html.
    let _ = fs::remove_dir_all(&app.out);
    fs::create_dir_all(&app.out).map_err(|e| format!("{}: {e}", app.out.display()))?;
    let mut names: Vec<PathBuf> = fs::read_dir(&stage).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    names.sort();
    let mut hasher = Sha256::new();
    for p in &names {
        hasher.update(p.file_name().unwrap().to_string_lossy().as_bytes());
        hasher.update(fs::read(p).map_err(|e| e.to_string())?);
    }
    let pkg = format!("pkg-{}", &hex(&hasher.finalize())[..16]);
    fs::create_dir_all(app.out.join(&pkg)).map_err(|e| e.to_string())?;
    for p in &names {
        fs::copy(p, app.out.join(&pkg).join(p.file_name().unwrap())).map_err(|e| e.to_string())?;
    }

    let mut tags = String::new();
    let mut first = vec![];
    if !app.css.is_empty() {
        // One stylesheet, the files in order: a request fewer before the first screen.
        let mut css = String::new();
        for file in &app.css {
            css += &fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            css.push('\n');
        }
        let staged = work.join("main.css");
        fs::write(&staged, css).map_err(|e| e.to_string())?;
        let name = hashed_copy(&staged, &app.out)?;
        tags += &format!("<link rel=\"stylesheet\" href=\"/{name}\" integrity=\"{}\"/>\n  ", sri(&app.out.join(&name))?);
        first.push(name);
    }
    if let Some(icon) = &app.icon {
        // A PNG, inline: Chromium builds a whole isolated SVG document for an SVG icon on the
        // page's main thread, and it arrived while the first screen was being built (measured in
        // traces: 3-24 ms there); a 32 px PNG decodes in microseconds, and inline it costs no request.
        let png = fs::read(icon).map_err(|e| format!("{}: {e}", icon.display()))?;
        if !png.starts_with(b"\x89PNG") {
            return Err(format!("{}: the icon must be a PNG", icon.display()));
        }
        tags += &format!("<link rel=\"icon\" type=\"image/png\" href=\"data:image/png;base64,{}\"/>\n  ", base64::engine::general_purpose::STANDARD.encode(&png));
    }
    for c in &app.copy {
        fs::copy(c, app.out.join(c.file_name().unwrap())).map_err(|e| format!("{}: {e}", c.display()))?;
    }
    let js = format!("{pkg}/{}.js", app.bin);
    let wasm_rel = format!("{pkg}/{}_bg.wasm", app.bin);
    // Without a static first screen the app's files are preloaded with the page; with one they
    // would compete with that screen for the link and the main thread, so boot.js asks for them
    // once the screen is painted (or at once when it does not show it).
    let preload = app.first_screen.is_none();
    // The same modules with their integrity for boot.js, which adds these preloads itself when the
    // page has none.
    let js_sri = sri(&app.out.join(&js))?;
    let mut modules = format!(" data-js-integrity=\"{js_sri}\"");
    if preload {
        tags += &format!("<link rel=\"modulepreload\" href=\"/{js}\" crossorigin=\"anonymous\" integrity=\"{js_sri}\"/>\n  ");
    }
    first.push(js.clone());
    if uses_split {
        let link_rel = format!("{pkg}/{LINK_JS}");
        let link_sri = sri(&app.out.join(&link_rel))?;
        modules += &format!(" data-link=\"/{link_rel}\" data-link-integrity=\"{link_sri}\"");
        if preload {
            tags += &format!("<link rel=\"modulepreload\" href=\"/{link_rel}\" crossorigin=\"anonymous\" integrity=\"{link_sri}\"/>\n  ");
        }
        first.push(link_rel);
    }
    let wasm_sri = sri(&app.out.join(&wasm_rel))?;
    if preload {
        tags += &format!("<link rel=\"preload\" href=\"/{wasm_rel}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\" integrity=\"{wasm_sri}\"/>\n  ");
    }
    first.push(wasm_rel.clone());
    // What the first screen waits for: everything so far, or with a static first screen only the
    // stylesheets (boot.js comes below, in both).
    let mut before_screen: Vec<String> = if preload { first.clone() } else { first.iter().filter(|f| f.ends_with(".css")).cloned().collect() };
    // config.json, which boot.js reads, is requested with the rest instead of when boot.js runs
    // (measured: it arrived after the wasm had started and the first screen waited for it). A
    // preload has no cache mode: the host serves config.json with `Cache-Control: no-cache` (README).
    tags += "<link rel=\"preload\" href=\"/config.json\" as=\"fetch\" crossorigin=\"anonymous\"/>\n  ";
    // boot.js starts the app (the CSP forbids inline script) and registers the offline cache. It is
    // async, so it runs as soon as it arrives instead of after the stylesheet and the parser, and
    // render-blocking, so that no frame is painted before it has shown the stored theme and started
    // the wasm's fetch (or, on a fresh visit, asked for config.json to show the static first screen).
    let boot = hashed_copy(&crate::root().join("public/boot.js"), &app.out)?;
    // The parts boot.js fetches into the cache once the first screen is up and idle (see IDLE_PREFETCH).
    let idle = if uses_split { idle_prefetch(&prefetch, &pkg)? } else { vec![] };
    let idle_attr = if idle.is_empty() { String::new() } else { format!(" data-idle-prefetch=\"{}\"", idle.join(" ")) };
    tags += &format!(
        "<meta name=\"tb-bundle\" data-js=\"/{js}\"{modules} data-wasm=\"/{wasm_rel}\" data-wasm-integrity=\"{wasm_sri}\"{idle_attr}/>\n  <script type=\"module\" async blocking=\"render\" src=\"/{boot}\" integrity=\"{}\"></script>",
        sri(&app.out.join(&boot))?
    );
    first.push(boot.clone());
    before_screen.push(boot);
    if let Some(markup) = &app.first_screen {
        tags += &format!("\n  <template id=\"tb-first-screen\">{}</template>", first_screen_template(markup)?);
    }
    // The service worker keeps a stable name (browsers look for updates at the same URL); its
    // cache is named after this bundle, so a new build replaces the old files.
    let sw = fs::read_to_string(crate::root().join("public/sw.js")).map_err(|e| format!("public/sw.js: {e}"))?;
    let first_urls = format!("[{}]", first.iter().map(|f| format!("\"/{f}\"")).collect::<Vec<_>>().join(", "));
    fs::write(app.out.join("sw.js"), sw.replace("__TB_BUNDLE__", &pkg).replace("__TB_FIRST__", &first_urls)).map_err(|e| e.to_string())?;

    let template = fs::read_to_string(&app.template).map_err(|e| format!("{}: {e}", app.template.display()))?;
    if !template.contains(MARKER) {
        return Err(format!("{} has no {MARKER} line for the bundle's tags", app.template.display()));
    }
    fs::write(app.out.join("index.html"), template.replace(MARKER, &tags)).map_err(|e| e.to_string())?;

    let lazy = lazy_modules.iter().map(|p| format!("{pkg}/{}", p.file_name().unwrap().to_string_lossy())).collect();
    let splits = prefetch.into_iter().map(|(k, v)| (k, v.into_iter().map(|f| format!("{pkg}/{f}.wasm")).collect())).collect();
    Ok(Built { dist: app.out.clone(), first, before_screen, lazy, splits })
}

/// The static first screen as it goes into the `<template>`: without comments and without the
/// whitespace between tags (the app's own markup has none, and a text node there could move an
/// inline element), so that the file can keep one element per line.
fn first_screen_template(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("-->").ok_or_else(|| format!("{}: a comment is not closed", path.display()))?;
        rest = &rest[start + end + 3..];
    }
    out.push_str(rest);
    if out.contains("<script") || out.contains("</template") {
        return Err(format!("{}: the first screen may hold neither a script nor a template's end", path.display()));
    }
    let mut joined = String::with_capacity(out.len());
    let mut pending = String::new();
    for c in out.trim().chars() {
        if c.is_whitespace() && joined.ends_with('>') {
            pending.push(c);
            continue;
        }
        if !pending.is_empty() && c != '<' {
            joined.push_str(&pending);
        }
        pending.clear();
        joined.push(c);
    }
    Ok(joined)
}

/// Parts every admin needs soon after the first screen, fetched into the cache (HTTP, and the
/// service worker's once it runs) when that screen is idle: `session` holds the sign-in code
/// (oauth2, PKCE), which the first click on "Sign in" would otherwise wait for (measured on the
/// slow network, 100 ms and 10 Mbit/s: its 4 files took 250 of the 370 ms from the click to the
/// sign-in page). The larger parts come when first needed: the wizard's once both tenants are
/// connected (its plan read and readiness checks start then), Mappings and Monitor when opened.
const IDLE_PREFETCH: &[&str] = &["session"];

/// The files (`/pkg-…/name.wasm`) of the [`IDLE_PREFETCH`] parts; a part that the split did not
/// produce fails the build (its name changed in the code), rather than silently prefetching nothing.
fn idle_prefetch(prefetch: &BTreeMap<String, Vec<String>>, pkg: &str) -> Result<Vec<String>, String> {
    let mut files = vec![];
    for part in IDLE_PREFETCH {
        let stems = prefetch.get(*part).ok_or_else(|| format!("wasm-split made no part named '{part}' (xtask/src/bundle.rs IDLE_PREFETCH); parts: {:?}", prefetch.keys().collect::<Vec<_>>()))?;
        for stem in stems {
            let file = format!("/{pkg}/{stem}.wasm");
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// binaryen's feature flags for what rustc's wasm32 target emits.
const FEATURES: &[&str] = &["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];

/// Joins wasm-split's chunks in `stage` as [`crate::chunks::plan`] groups them: each group of two or
/// more becomes one file `group_<n>.wasm`, its chunks' files go, the loader takes the chunks from it
/// and `prefetch` (split -> file stems) names it instead. Returns the lazily loaded modules' paths.
fn join_chunks(stage: &Path, work: &Path, prefetch: &mut BTreeMap<String, Vec<String>>, modules: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    let mut chunks: BTreeMap<String, crate::chunks::Chunk> = BTreeMap::new();
    for (split, stems) in prefetch.iter() {
        for stem in stems.iter().filter(|s| s.starts_with("chunk_")) {
            let path = stage.join(format!("{stem}.wasm"));
            let bytes = fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len();
            let chunk = chunks.entry(stem.clone()).or_insert_with(|| crate::chunks::Chunk { name: stem.clone(), bytes, parts: Default::default() });
            chunk.parts.insert(split.clone());
        }
    }
    let chunks: Vec<_> = chunks.into_values().collect();
    // `TB_NO_JOIN=1` keeps wasm-split's chunks as they are (no cost per file: nothing is worth
    // joining), to measure a build against the same build without the joining.
    let per_file = if std::env::var_os("TB_NO_JOIN").is_some_and(|v| v == "1") { 0.0 } else { crate::chunks::PER_FILE_MS };
    let groups: Vec<(String, Vec<String>)> = crate::chunks::plan(&chunks, per_file, crate::chunks::PER_KIB_MS)
        .into_iter()
        .filter(|g| g.len() > 1)
        .enumerate()
        .map(|(n, g)| (format!("group_{n}"), g))
        .collect();
    let mut joined: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, members) in &groups {
        let inputs: Vec<PathBuf> = members.iter().map(|m| stage.join(format!("{m}.wasm"))).collect();
        crate::chunks::merge(&inputs.iter().map(PathBuf::as_path).collect::<Vec<_>>(), &stage.join(format!("{file}.wasm")), work, FEATURES)?;
        for (m, input) in members.iter().zip(&inputs) {
            fs::remove_file(input).map_err(|e| format!("{}: {e}", input.display()))?;
            joined.insert(m, file);
        }
    }
    if !groups.is_empty() {
        let link = stage.join(LINK_JS);
        let js = fs::read_to_string(&link).map_err(|e| format!("{}: {e}", link.display()))?;
        fs::write(&link, crate::chunks::loader_with_groups(&js, &groups)?).map_err(|e| e.to_string())?;
    }
    for stems in prefetch.values_mut() {
        let mut renamed: Vec<String> = vec![];
        for stem in stems.iter() {
            let name = joined.get(stem.as_str()).map_or(stem.as_str(), |g| *g).to_string();
            if !renamed.contains(&name) {
                renamed.push(name);
            }
        }
        *stems = renamed;
    }
    let mut out: Vec<PathBuf> = modules.into_iter().filter(|m| m.exists()).collect();
    out.extend(groups.iter().map(|(file, _)| stage.join(format!("{file}.wasm"))));
    Ok(out)
}

/// `cargo build --release` for wasm32 with relocations kept, which wasm-split needs.
fn cargo_build(app: &App, toolchain: &Toolchain) -> Result<PathBuf, String> {
    let mut cmd = command("cargo");
    // Its own target dir: the relocation flag would otherwise rebuild every crate whenever a plain
    // `cargo check --target wasm32-unknown-unknown` ran in between.
    let target_dir = crate::root().join("target/split");
    cmd.args(["build", "--release", "--locked", "--target", "wasm32-unknown-unknown", "--package", app.package, "--bin", app.bin, "--target-dir"])
        .arg(&target_dir)
        .env("CARGO_NET_OFFLINE", "true")
        // --emit-relocs: wasm-split needs the relocations. erase_components: Leptos builds each
        // component's view as one type-erased AnyView instead of a deeply nested generic type
        // (measured on this app: about 10 % less wasm).
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-Clink-args=--emit-relocs --cfg erase_components");
    if toolchain.wasm == WasmToolchain::Debian {
        // Debian's rustc-web has no prebuilt wasm32 std: build it from source (shared/TOOLCHAIN.md).
        cmd.env("PATH", format!("/usr/bin:{}", crate::process::tool_path()))
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
    }
    run(&mut cmd).map_err(|e| format!("{e}\n  what to do: read cargo's output above"))?;
    Ok(target_dir.join("wasm32-unknown-unknown/release").join(format!("{}.wasm", app.bin)))
}

/// Adds `{ integrity }` to every `fetch(new URL("./part.wasm", import.meta.url))` of the loader,
/// so a lazily loaded part is checked like the files index.html names. Fails when the loader's
/// shape changed (a wasm_split_cli_support update) rather than shipping unchecked parts.
/// The parts' hashes are SHA-256 ([`part_sri`]): the loader is part of the first screen and its
/// 75 hashes are most of what it weighs after compression (random base64 does not compress).
fn with_part_integrity(js: &str, dir: &Path) -> Result<String, String> {
    const OPEN: &str = "fetch(new URL(\"./";
    const CLOSE: &str = "\", import.meta.url))";
    let mut out = String::with_capacity(js.len() + 256);
    let mut rest = js;
    let mut patched = 0;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let end = after.find(CLOSE).ok_or("wasm-split loader: a fetch without its URL's end")?;
        let file = &after[..end];
        out += &rest[..at];
        out += &format!("fetch(new URL(\"./{file}\", import.meta.url), {{ integrity: \"{}\" }})", part_sri(&dir.join(file))?);
        rest = &after[end + CLOSE.len()..];
        patched += 1;
    }
    out += rest;
    if patched == 0 && js.contains(".wasm") {
        return Err("wasm-split loader: no part fetch recognised; check wasm_split_cli_support's output".into());
    }
    Ok(out)
}

/// Copies `src` into `dir` as `stem-<hash>.ext` and returns that name.
fn hashed_copy(src: &Path, dir: &Path) -> Result<String, String> {
    let bytes = fs::read(src).map_err(|e| format!("{}: {e}", src.display()))?;
    let stem = src.file_stem().unwrap().to_string_lossy();
    let ext = src.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
    let name = format!("{stem}-{}.{ext}", &hex(&Sha256::digest(&bytes))[..16]);
    fs::write(dir.join(&name), bytes).map_err(|e| e.to_string())?;
    Ok(name)
}

/// The `integrity` value of a file with the digest `D` named `algorithm`: `<algorithm>-<base64>`.
fn integrity<D: Digest>(path: &Path, algorithm: &str) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!("{algorithm}-{}", base64::engine::general_purpose::STANDARD.encode(D::digest(&bytes))))
}

/// The `integrity` value of a file index.html names: `sha384-<base64>`.
fn sri(path: &Path) -> Result<String, String> {
    integrity::<Sha384>(path, "sha384")
}

/// The `integrity` value of a lazily loaded part: `sha256-<base64>`. SRI accepts SHA-256 as it does
/// SHA-384 (both collision-resistant; the loader that holds these values is itself checked with
/// SHA-384 by index.html); it saves 20 incompressible characters per part in the first screen's
/// loader (measured: 1.2 KB brotli for 75 parts).
fn part_sri(path: &Path) -> Result<String, String> {
    integrity::<Sha256>(path, "sha256")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_fetch_gets_its_integrity() {
        let dir = std::env::temp_dir().join(format!("tb-bundle-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("split_a.wasm"), b"a").unwrap();
        fs::write(dir.join("chunk_0_b.wasm"), b"b").unwrap();
        let js = "const x = () => {\n const src = fetch(new URL(\"./split_a.wasm\", import.meta.url));\n};\nconst y = fetch(new URL(\"./chunk_0_b.wasm\", import.meta.url));";
        let out = with_part_integrity(js, &dir).unwrap();
        assert!(out.contains(&format!("fetch(new URL(\"./split_a.wasm\", import.meta.url), {{ integrity: \"{}\" }})", part_sri(&dir.join("split_a.wasm")).unwrap())));
        assert!(out.contains(&format!("fetch(new URL(\"./chunk_0_b.wasm\", import.meta.url), {{ integrity: \"{}\" }})", part_sri(&dir.join("chunk_0_b.wasm")).unwrap())));
        assert_eq!(out.matches("integrity").count(), 2);
        // sha384 of "a", base64: a known value.
        assert_eq!(sri(&dir.join("split_a.wasm")).unwrap(), "sha384-VKWbnyKwuAiA2EJ+VIt8I6vYc0huHwNdzpzWl+hRdQM8qojm1XvDXvrgta/TFF8x");
        assert_eq!(part_sri(&dir.join("split_a.wasm")).unwrap(), "sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=");
        // A loader whose fetches are no longer recognised is an error, not an unchecked bundle.
        assert!(with_part_integrity("fetch(\"./split_a.wasm\")", &dir).is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_first_screen_goes_in_without_comments_or_whitespace_between_tags() {
        let dir = std::env::temp_dir().join(format!("tb-first-screen-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("first-screen.html");
        fs::write(&file, "<!-- what this is\n spread over lines -->\n<header>\n  <h1>Tenant Bridge</h1>\n</header>\n<p>Connect <span>To do</span></p>\n").unwrap();
        // Text keeps its own spaces ("Connect "); only whitespace alone between tags goes.
        assert_eq!(first_screen_template(&file).unwrap(), "<header><h1>Tenant Bridge</h1></header><p>Connect <span>To do</span></p>");
        // The first screen is markup only (boot.js does what it does), and a template's end would
        // cut the page short.
        fs::write(&file, "<p>x</p><script src=\"/a.js\"></script>").unwrap();
        assert!(first_screen_template(&file).is_err());
        fs::write(&file, "<p>x</p></template><p>y</p>").unwrap();
        assert!(first_screen_template(&file).is_err());
        fs::write(&file, "<p>x</p><!-- not closed").unwrap();
        assert!(first_screen_template(&file).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod lock_tests {
    /// The app's URLs (sign-in, Graph, the app's own host) are ASCII; idna_adapter 1.0 leaves out
    /// the Unicode tables that url → idna would otherwise put in the first screen's wasm (ICU4X,
    /// measured: about 100 KB). `cargo update` would quietly bring them back: this says so.
    #[test]
    fn idna_adapter_stays_at_the_stub_back_end() {
        let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).unwrap();
        assert!(
            lock.contains("name = \"idna_adapter\"\nversion = \"1.0.0\""),
            "Cargo.lock no longer pins idna_adapter 1.0.0; run: cargo update -p idna_adapter --precise 1.0.0"
        );
        assert!(!lock.contains("name = \"icu_normalizer\""), "ICU4X is back in Cargo.lock");
    }
}
