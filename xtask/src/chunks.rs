//! Fewer files for the lazily loaded parts.
//!
//! wasm-split writes one chunk for each set of parts that share code: 68 chunks for the app's 7
//! parts, and Mappings fetched and instantiated 37 of them before its first paint. Each file costs
//! a request (through the service worker once it runs), an integrity check and an instantiation
//! on the page's main thread: with Mappings'
//! 37 chunks merged into one file (by hand, same bytes), the click on Mappings to its first paint
//! on a cold cache took 81 against 261 ms (medians of 11, interleaved, 2026-12-02), about 5 ms per
//! file saved. Merging everything into one file would make a part fetch code it never runs (the
//! sign-in part 3x its bytes), so [`plan`] groups chunks where a file saved is worth more than the
//! bytes fetched for nothing, and [`merge`] joins each group with binaryen's wasm-merge.
//!
//! A chunk imports only the main module's memory, table and shared globals (`__wasm_split.*`),
//! exports nothing and writes its functions into fixed table slots and its data at fixed addresses.
//! So every chunk must still be instantiated at most once (the loader memoises per file), which a
//! partition guarantees: each chunk is in exactly one group, and a part loads every group holding a
//! chunk it needs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::process::{command, run};

/// The cost model's weights. Per file: the 5 ms measured above on the 2-core machine. Per byte:
/// 0.3 ms per KiB of unoptimised wasm, a 10 Mbit/s link (wasm-opt and brotli leave about 40 % of
/// it on the wire: 1 KiB is 0.4 KiB, 0.33 ms at 1.25 KB/ms), the "hotel network" of the issue.
pub const PER_FILE_MS: f64 = 5.0;
pub const PER_KIB_MS: f64 = 0.3;

/// One chunk: its file stem, its size in bytes, and which parts need it.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub name: String,
    pub bytes: u64,
    pub parts: BTreeSet<String>,
}

/// Partitions `chunks` into groups, each to become one file. Greedy: starting from one group per
/// chunk, joins the two groups whose joining lowers the model's cost the most, summed over the
/// parts (a part needing both saves a file; a part needing one fetches the other's bytes for
/// nothing), until no join lowers it. Deterministic: ties go to the pair found first in name order.
pub fn plan(chunks: &[Chunk], per_file_ms: f64, per_kib_ms: f64) -> Vec<Vec<String>> {
    struct Group {
        names: Vec<String>,
        bytes: u64,
        parts: BTreeSet<String>,
    }
    let mut sorted: Vec<&Chunk> = chunks.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut groups: Vec<Group> = sorted.iter().map(|c| Group { names: vec![c.name.clone()], bytes: c.bytes, parts: c.parts.clone() }).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (&groups[i], &groups[j]);
                let both = a.parts.intersection(&b.parts).count() as f64;
                let only_a = a.parts.difference(&b.parts).count() as f64;
                let only_b = b.parts.difference(&a.parts).count() as f64;
                let wasted_kib = (b.bytes as f64 * only_a + a.bytes as f64 * only_b) / 1024.0;
                let delta = per_kib_ms * wasted_kib - per_file_ms * both;
                if delta < 0.0 && best.is_none_or(|(d, _, _)| delta < d) {
                    best = Some((delta, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let b = groups.remove(j);
        let a = &mut groups[i];
        a.names.extend(b.names);
        a.bytes += b.bytes;
        a.parts.extend(b.parts);
    }
    let mut out: Vec<Vec<String>> = groups
        .into_iter()
        .map(|mut g| {
            g.names.sort();
            g.names
        })
        .collect();
    out.sort();
    out
}

/// The import module name wasm-split's parts use for what they take from the main module.
const SHARED: &str = "__wasm_split";
/// What the chunks import from while they are merged: a hub module of that name re-exports the
/// shared imports, so that the merged file imports each of them once.
const HUB: &str = "__wasm_split_hub";

/// Joins the chunk files `inputs` into `out`: one module importing the shared memory, table and
/// globals once, holding every chunk's functions, table entries and data. `features` are the
/// binaryen feature flags the build uses.
pub fn merge(inputs: &[&Path], out: &Path, work: &Path, features: &[&str]) -> Result<(), String> {
    fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut shared: BTreeMap<String, wasm_encoder::EntityType> = BTreeMap::new();
    let mut merge = command("wasm-merge");
    let mut renamed = vec![];
    for (n, input) in inputs.iter().enumerate() {
        let bytes = fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
        let (rewritten, imports) = with_import_module(&bytes, SHARED, HUB).map_err(|e| format!("{}: {e}", input.display()))?;
        for (name, ty) in imports {
            match shared.get(&name) {
                Some(seen) if *seen != ty => return Err(format!("{}: imports {SHARED}.{name} with another type than the other chunks", input.display())),
                _ => shared.insert(name, ty),
            };
        }
        let path = work.join(format!("chunk_{n}.wasm"));
        fs::write(&path, rewritten).map_err(|e| format!("{}: {e}", path.display()))?;
        renamed.push(path);
    }
    let hub = work.join("hub.wasm");
    fs::write(&hub, hub_module(&shared)?).map_err(|e| format!("{}: {e}", hub.display()))?;
    merge.arg(&hub).arg(HUB);
    for (n, path) in renamed.iter().enumerate() {
        merge.arg(path).arg(format!("chunk_{n}"));
    }
    run(merge.args(features).arg("-o").arg(out))?;
    // The hub's re-exports are of no use to the loader: dropped.
    run(command("wasm-opt").args(features).arg(out).args(["--remove-exports", "--pass-arg=remove-exports@*", "-o"]).arg(out))?;
    let _ = fs::remove_dir_all(work);
    Ok(())
}

/// `bytes` with every import from module `from` taken from `to` instead, and those imports (name,
/// type). Every other section is copied as it is.
fn with_import_module(bytes: &[u8], from: &str, to: &str) -> Result<(Vec<u8>, Vec<(String, wasm_encoder::EntityType)>), String> {
    use wasmparser::{Parser, Payload};
    let mut module = wasm_encoder::Module::new();
    let mut taken = vec![];
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        match payload {
            // The code section is copied whole at its start; its entries come after it.
            Payload::Version { .. } | Payload::End(_) | Payload::CodeSectionEntry(_) => {}
            Payload::ImportSection(reader) => {
                let mut section = wasm_encoder::ImportSection::new();
                for import in reader.into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    let ty = wasm_encoder::EntityType::try_from(import.ty).map_err(|_| format!("import {}.{}: a type wasm-encoder cannot write", import.module, import.name))?;
                    if import.module == from {
                        taken.push((import.name.to_string(), ty));
                        section.import(to, import.name, ty);
                    } else {
                        section.import(import.module, import.name, ty);
                    }
                }
                module.section(&section);
            }
            other => match other.as_section() {
                Some((id, range)) => {
                    module.section(&wasm_encoder::RawSection { id, data: &bytes[range.start as usize..range.end as usize] });
                }
                None => return Err(format!("unexpected wasm payload {other:?}")),
            },
        }
    }
    Ok((module.finish(), taken))
}

/// A module importing `imports` from the shared module and exporting each under its own name.
/// Only memories, tables and globals: a chunk importing a function would need the hub to carry
/// its type, and wasm-split's chunks import none.
fn hub_module(imports: &BTreeMap<String, wasm_encoder::EntityType>) -> Result<Vec<u8>, String> {
    use wasm_encoder::{EntityType, ExportKind};
    let mut section = wasm_encoder::ImportSection::new();
    let mut exports = wasm_encoder::ExportSection::new();
    let (mut tables, mut memories, mut globals) = (0, 0, 0);
    let next = |n: &mut u32| {
        *n += 1;
        *n - 1
    };
    for (name, ty) in imports {
        section.import(SHARED, name, *ty);
        let (kind, index) = match ty {
            EntityType::Table(_) => (ExportKind::Table, next(&mut tables)),
            EntityType::Memory(_) => (ExportKind::Memory, next(&mut memories)),
            EntityType::Global(_) => (ExportKind::Global, next(&mut globals)),
            other => return Err(format!("a chunk imports {SHARED}.{name} as {other:?}; only memories, tables and globals can be shared through the hub")),
        };
        exports.export(name, kind, index);
    }
    let mut module = wasm_encoder::Module::new();
    module.section(&section).section(&exports);
    Ok(module.finish())
}

/// The loader with each chunk of a group of two or more taken from that group's file: the
/// chunk's loader becomes the group's (`const __chunk_3 = __group_0;`), so that every part's list
/// of dependencies stays as wasm-split wrote it and a group is fetched and instantiated once,
/// whichever part asks first. Fails when the loader's shape is not the one this was written for.
pub fn loader_with_groups(js: &str, groups: &[(String, Vec<String>)]) -> Result<String, String> {
    let mut out = js.to_string();
    let mut defs = String::new();
    for (n, (file, chunks)) in groups.iter().enumerate() {
        let var = format!("__group_{n}");
        for (k, chunk) in chunks.iter().enumerate() {
            let number = chunk.strip_prefix("chunk_").ok_or_else(|| format!("wasm-split loader: {chunk} is not a chunk"))?;
            let open = format!("const __chunk_{number} = makeLoad(");
            let at = out.find(&open).ok_or_else(|| format!("wasm-split loader: no `{open}`; check wasm_split_cli_support's output"))?;
            let end = out[at..].find(", []);").ok_or_else(|| format!("wasm-split loader: `{open}` has no end"))? + at + ", []);".len();
            let declaration = out[at..end].to_string();
            let url = format!("\"./{chunk}.wasm\"");
            if !declaration.contains(&url) {
                return Err(format!("wasm-split loader: `{open}` does not fetch {url}"));
            }
            if k == 0 {
                defs += &declaration.replace(&format!("const __chunk_{number} ="), &format!("const {var} =")).replace(&url, &format!("\"./{file}.wasm\""));
                defs.push('\n');
            }
            out.replace_range(at..end, &format!("const __chunk_{number} = {var};"));
        }
    }
    if groups.is_empty() {
        return Ok(out);
    }
    // The groups are defined before the first chunk's line (the chunks' aliases are `const`s).
    let line = out.find("const __chunk_").ok_or("wasm-split loader: no chunk")?;
    out.insert_str(line, &defs);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(name: &str, kib: u64, parts: &[&str]) -> Chunk {
        Chunk { name: name.into(), bytes: kib * 1024, parts: parts.iter().map(|p| p.to_string()).collect() }
    }

    #[test]
    fn small_chunks_of_the_same_parts_are_joined_and_a_large_one_fetched_for_nothing_is_not() {
        let chunks = [
            chunk("chunk_1", 2, &["a", "b"]),
            chunk("chunk_2", 3, &["a", "b"]),
            chunk("chunk_3", 1, &["a"]),
            // Fetched by b for nothing it would cost 0.3 * 500 = 150 ms, against 5 ms for a file.
            chunk("chunk_4", 500, &["a"]),
            chunk("chunk_5", 400, &["b", "c"]),
        ];
        let groups = plan(&chunks, PER_FILE_MS, PER_KIB_MS);
        // Every chunk in exactly one group.
        let mut all: Vec<&String> = groups.iter().flatten().collect();
        all.sort();
        assert_eq!(all, ["chunk_1", "chunk_2", "chunk_3", "chunk_4", "chunk_5"]);
        let group_of = |c: &str| groups.iter().position(|g| g.iter().any(|n| n == c)).unwrap();
        assert_eq!(group_of("chunk_1"), group_of("chunk_2"), "{groups:?}");
        assert_ne!(group_of("chunk_4"), group_of("chunk_1"), "{groups:?}");
        // chunk_3 and chunk_4 are both a's alone: joined for free.
        assert_eq!(group_of("chunk_3"), group_of("chunk_4"), "{groups:?}");
        assert_ne!(group_of("chunk_5"), group_of("chunk_1"), "{groups:?}");
        assert_ne!(group_of("chunk_4"), group_of("chunk_5"), "{groups:?}");
    }

    #[test]
    fn with_no_cost_per_file_nothing_is_joined_and_with_no_cost_per_byte_everything_is() {
        let chunks = [chunk("chunk_1", 10, &["a", "b"]), chunk("chunk_2", 10, &["a"]), chunk("chunk_3", 10, &["b"])];
        assert_eq!(plan(&chunks, 0.0, PER_KIB_MS).len(), 3);
        assert_eq!(plan(&chunks, PER_FILE_MS, 0.0), vec![vec!["chunk_1".to_string(), "chunk_2".into(), "chunk_3".into()]]);
    }

    #[test]
    fn imports_are_renamed_and_the_rest_kept() {
        let mut m = wasm_encoder::Module::new();
        let mut imports = wasm_encoder::ImportSection::new();
        imports.import(SHARED, "memory", wasm_encoder::MemoryType { minimum: 20, maximum: None, memory64: false, shared: false, page_size_log2: None });
        imports.import("other", "g", wasm_encoder::GlobalType { val_type: wasm_encoder::ValType::I32, mutable: true, shared: false });
        m.section(&imports);
        m.section(&wasm_encoder::CustomSection { name: "keep".into(), data: b"x".as_slice().into() });
        let bytes = m.finish();
        let (out, taken) = with_import_module(&bytes, SHARED, HUB).unwrap();
        assert_eq!(taken.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["memory"]);
        let mut seen = vec![];
        let mut custom = false;
        for p in wasmparser::Parser::new(0).parse_all(&out) {
            match p.unwrap() {
                wasmparser::Payload::ImportSection(r) => seen.extend(r.into_imports().map(|i| i.unwrap()).map(|i| format!("{}.{}", i.module, i.name))),
                wasmparser::Payload::CustomSection(c) => custom |= c.name() == "keep",
                _ => {}
            }
        }
        assert_eq!(seen, [format!("{HUB}.memory"), "other.g".to_string()]);
        assert!(custom);
        // The hub re-exports what it imports.
        let hub = hub_module(&taken.into_iter().collect()).unwrap();
        wasmparser::Validator::new().validate_all(&hub).unwrap();
    }

    #[test]
    fn the_loader_takes_a_groups_chunks_from_its_file_and_keeps_the_dependency_lists() {
        let fetcher = |f: &str| format!("() => {{\n    const src = fetch(new URL(\"./{f}.wasm\", import.meta.url));\n    src.catch(() => {{}});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n");
        let js = format!(
            "function makeLoad() {{}}\n/* a, b */\nconst __chunk_1 = makeLoad({}, []);\n/* a */\nconst __chunk_2 = makeLoad({}, []);\n/* b */\nconst __chunk_3 = makeLoad({}, []);\nexport const __wasm_split_load_a = wrapAsyncCb(makeLoad({}, [__chunk_1, __chunk_2]));\n",
            fetcher("chunk_1"),
            fetcher("chunk_2"),
            fetcher("chunk_3"),
            fetcher("split_a")
        );
        let out = loader_with_groups(&js, &[("group_0".into(), vec!["chunk_1".into(), "chunk_2".into()])]).unwrap();
        assert!(out.contains("const __chunk_1 = __group_0;") && out.contains("const __chunk_2 = __group_0;"), "{out}");
        assert_eq!(out.matches("fetch(new URL(\"./group_0.wasm\"").count(), 1, "{out}");
        assert!(!out.contains("./chunk_1.wasm") && !out.contains("./chunk_2.wasm"), "{out}");
        assert!(out.contains("fetch(new URL(\"./chunk_3.wasm\"") && out.contains("[__chunk_1, __chunk_2]"), "{out}");
        assert!(out.find("const __group_0").unwrap() < out.find("const __chunk_1").unwrap(), "{out}");
        // A chunk the loader does not have is an error, not a silent skip.
        assert!(loader_with_groups(&js, &[("group_1".into(), vec!["chunk_9".into(), "chunk_3".into()])]).is_err());
    }
}
