//! gzip and brotli with the settings the bench measures and `cargo xtask dist` ships, so the
//! README's gzip and brotli figures are the bytes a host sends.

use std::io::Write;

/// gzip at its best compression (`gzip -9`).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// brotli at quality 11 (its highest).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    br
}

/// gzip decoded, for the tests that check a copy against its file.
#[cfg(test)]
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut back).expect("a gzip stream");
    back
}

/// brotli decoded, for the tests that check a copy against its file.
#[cfg(test)]
pub fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut back = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut back).expect("a brotli stream");
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_decode_to_the_input() {
        let input = "tenant bridge ".repeat(1000);
        assert_eq!(gunzip(&gzip(input.as_bytes())), input.as_bytes());
        assert_eq!(unbrotli(&brotli(input.as_bytes())), input.as_bytes());
    }
}
