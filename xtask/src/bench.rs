//! `cargo xtask bench`: what a phone pays to open the app, measured on the release build. Sizes
//! and timings live here, never in a timed test.

use crate::build;
use crate::shell::Result;
use std::time::Instant;

/// The first-load budget for everything a phone downloads (shared/TOOLCHAIN.md), brotli.
const BUDGET_BR: usize = 120 * 1024;

pub fn run() -> Result {
    let started = Instant::now();
    build::web_app()?;
    let build_secs = started.elapsed().as_secs_f64();
    let (mut total_raw, mut total_gz, mut total_br) = (0, 0, 0);
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file (dist/)", "raw", "gzip -9", "brotli 11"
    );
    let mut entries: Vec<_> = std::fs::read_dir(build::dist())
        .map_err(|e| e.to_string())?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries.iter().filter(|e| e.path().is_file()) {
        let raw = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let (gz, br) = (gzip_len(&entry.path())?, brotli_len(&raw));
        total_raw += raw.len();
        total_gz += gz;
        total_br += br;
        println!(
            "{:<44} {:>10} {:>10} {:>10}",
            entry.file_name().to_string_lossy(),
            raw.len(),
            gz,
            br
        );
    }
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "total", total_raw, total_gz, total_br
    );
    let verdict = if total_br <= BUDGET_BR { "within" } else { "OVER" };
    println!(
        "first load: {} KiB brotli, {verdict} the {} KiB budget",
        total_br / 1024,
        BUDGET_BR / 1024
    );
    println!("trunk build --release: {build_secs:.1} s (warm unless this was the first build)");
    Ok(())
}

fn gzip_len(path: &std::path::Path) -> Result<usize> {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    Ok(out.stdout.len())
}

/// The same settings as the server's build script uses for the copies it embeds.
fn brotli_len(raw: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).expect("compressing into memory");
    out.len()
}
