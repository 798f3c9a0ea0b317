//! `cargo xtask bench`: the benchmark table. Figures are measured, never timed inside tests.

use crate::{build, setup};
use std::io::Write;
use std::path::Path;

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
    Ok(())
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
