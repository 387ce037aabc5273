//! Embeds the built web apps (Trunk's output under `STUDYROOM_DIST`: `app/` the phone app,
//! `visitor/` its visitor's pages alone, `seat-map/` a room's seat map alone, `admin/` the manager
//! console, `door/` the door kiosk)
//! into the server binary, with a brotli and a gzip copy of every file made once here rather than on every request. Each file is named by
//! its path under `STUDYROOM_DIST` (`admin/index.html`); anything else there is left out.
//!
//! Without `STUDYROOM_DIST` the server builds with no app inside and says so on `/`; `cargo xtask`
//! always sets it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The bundles, each Trunk's `dist` of one app: see `src/routes/web_app.rs` for which paths they answer.
const BUNDLES: [&str; 5] = ["app", "visitor", "seat-map", "admin", "door"];

fn main() {
    println!("cargo:rerun-if-env-changed=STUDYROOM_DIST");
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let mut table = String::from("&[\n");
    if let Some(dist) = env::var_os("STUDYROOM_DIST").map(PathBuf::from) {
        let mut files = Vec::new();
        for bundle in BUNDLES {
            let dir = dist.join(bundle);
            println!("cargo:rerun-if-changed={}", dir.display());
            collect(&dir, &mut files);
        }
        files.sort();
        for (i, file) in files.iter().enumerate() {
            let rel = file
                .strip_prefix(&dist)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let raw = fs::read(file).unwrap();
            let br = out.join(format!("asset{i}.br"));
            let gz = out.join(format!("asset{i}.gz"));
            fs::write(&br, brotli_bytes(&raw)).unwrap();
            fs::write(&gz, gzip_bytes(&raw)).unwrap();
            table.push_str(&format!(
                "    Asset {{ path: {rel:?}, raw: include_bytes!({raw:?}), br: include_bytes!({br:?}), gzip: include_bytes!({gz:?}) }},\n",
                raw = file.display().to_string(),
                br = br.display().to_string(),
                gz = gz.display().to_string(),
            ));
        }
    }
    table.push(']');
    fs::write(out.join("assets_table.rs"), table).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        panic!(
            "STUDYROOM_DIST={} is not a directory: run `cargo xtask build`",
            dir.display()
        );
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn brotli_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).unwrap();
    out
}

fn gzip_bytes(raw: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(raw).unwrap();
    enc.finish().unwrap()
}
