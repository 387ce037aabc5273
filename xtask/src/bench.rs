//! `cargo xtask bench`: what a phone pays to open the app, measured on the release build. Sizes
//! and timings live here, never in a timed test.

use crate::build;
use crate::shell::Result;
use std::time::Instant;

pub fn run() -> Result {
    let started = Instant::now();
    build::web_app()?;
    let build_secs = started.elapsed().as_secs_f64();
    let mut total_raw = 0;
    let mut total_gz = 0;
    println!("{:<44} {:>10} {:>10}", "file (dist/)", "raw bytes", "gzip -9");
    let mut entries: Vec<_> = std::fs::read_dir(build::dist())
        .map_err(|e| e.to_string())?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries.iter().filter(|e| e.path().is_file()) {
        let raw = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let gz = gzip_len(&entry.path())?;
        total_raw += raw.len();
        total_gz += gz;
        println!(
            "{:<44} {:>10} {:>10}",
            entry.file_name().to_string_lossy(),
            raw.len(),
            gz
        );
    }
    println!("{:<44} {:>10} {:>10}", "total", total_raw, total_gz);
    println!("trunk build --release: {build_secs:.1} s (warm cache unless this was the first build)");
    println!("brotli sizes are what the server sends to phones: see `studyroom-server` startup log");
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
