//! Code splitting for a build Trunk has made: what the app marks as a split point
//! (`wasm_split_helpers::wasm_split`) leaves the first load and is fetched when first needed.
//!
//! Trunk cannot run this step (trunk-rs/trunk#1022), so it runs here, on Trunk's output, the way
//! cargo-leptos runs it: the raw cargo wasm (linked with `--emit-relocs`, see
//! `.cargo/config.toml`) is split by `wasm_split_cli_support` into a main module and one chunk per
//! split point, plus a small JavaScript loader; the main module goes through wasm-bindgen with
//! `--keep-lld-exports` (the chunks call into it by those exports), and every module through
//! wasm-opt. The results replace Trunk's JavaScript and wasm in the build's `dist/` directory,
//! named by one hash of them all so that they may be cached for good, and its `index.html` is
//! rewritten to name them, with their integrity hashes.

use crate::shell::{Result, root, run as sh};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The names the splitter is told, replaced by hashed ones once the files are final.
const MAIN_JS: &str = "./studyroom.js";
const LOADER_JS: &str = "./__wasm_split.js";

/// The phone crate's last wasm build, split: the main module through wasm-bindgen (its
/// JavaScript beside it) and the chunks, none of them optimised yet. Written under
/// `target/split/<name>`; `None` when the build has no split points.
pub struct Split {
    pub main_wasm: PathBuf,
    pub main_js: PathBuf,
    pub loader_js: PathBuf,
    pub chunks: Vec<PathBuf>,
}

pub fn split_last_build(name: &str) -> Result<Option<Split>> {
    let raw_path = target_dir().join("wasm32-unknown-unknown/wasm-release/studyroom.wasm");
    let raw = read(&raw_path)?;
    let work = root().join("target/split").join(name);
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;

    let main = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&raw);
        options.output_dir = &work;
        options.main_out_path = &main;
        options.main_module = MAIN_JS;
        options.link_name = LOADER_JS;
        options
    })
    .map_err(|e| format!("splitting {}: {e:#}", raw_path.display()))?;
    if split.split_modules.is_empty() {
        return Ok(None);
    }
    let bound = work.join("bindgen");
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
        .args(["--out-name", "studyroom", "--out-dir"])
        .arg(&bound)
        .arg(&main))?;
    Ok(Some(Split {
        main_wasm: bound.join("studyroom_bg.wasm"),
        main_js: bound.join("studyroom.js"),
        loader_js: work.join(LOADER_JS),
        chunks: split.split_modules,
    }))
}

/// Splits the build in `dist` (Trunk's output for the phone crate, whose raw wasm Trunk's cargo
/// run left in `target/`). A build without split points is left as Trunk made it.
pub fn split(dist: &Path) -> Result {
    let name = dist.file_name().unwrap_or_default().to_string_lossy();
    let Some(split) = split_last_build(&name)? else {
        return Ok(());
    };
    let main_wasm = optimise(&split.main_wasm)?;
    let chunks = split
        .chunks
        .iter()
        .map(|chunk| Ok((stem(chunk), optimise(chunk)?)))
        .collect::<Result<Vec<_>>>()?;
    let main_js = read_text(&split.main_js)?;
    let loader_js = read_text(&split.loader_js)?;

    // One hash for all: the main module and the loader name each other, so neither can be
    // named by its own bytes alone.
    let mut hasher = DefaultHasher::new();
    for bytes in [&main_wasm[..], main_js.as_bytes(), loader_js.as_bytes()] {
        hasher.write(bytes);
    }
    for (_, bytes) in &chunks {
        hasher.write(bytes);
    }
    let hash = format!("{:016x}", hasher.finish());
    let main_js_name = format!("studyroom-{hash}.js");
    let main_wasm_name = format!("studyroom-{hash}_bg.wasm");
    let loader_name = format!("__wasm_split-{hash}.js");

    // The import statement only: the imports object keeps the wasm's own module name.
    let main_js = replace_once(
        &main_js,
        &format!("from \"{LOADER_JS}\""),
        &format!("from \"./{loader_name}\""),
    )?;
    let mut loader_js = replace_once(&loader_js, MAIN_JS, &format!("./{main_js_name}"))?;
    let mut files = vec![(main_js_name.clone(), main_js.into_bytes())];
    files.push((main_wasm_name.clone(), main_wasm));
    for (chunk, bytes) in chunks {
        let name = format!("{chunk}-{hash}.wasm");
        loader_js = replace_once(&loader_js, &format!("./{chunk}.wasm"), &format!("./{name}"))?;
        files.push((name, bytes));
    }
    files.push((loader_name.clone(), loader_js.into_bytes()));
    let bytes_of = |name: &str| &files.iter().find(|(n, _)| n == name).expect("named above").1;

    // Trunk's own JavaScript and wasm go; the page names the new ones.
    let index_path = dist.join("index.html");
    let mut index = read_text(&index_path)?;
    for entry in fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let name = entry
            .map_err(|e| e.to_string())?
            .file_name()
            .to_string_lossy()
            .into_owned();
        let new = if name.starts_with("studyroom-") && name.ends_with("_bg.wasm") {
            &main_wasm_name
        } else if name.starts_with("studyroom-") && name.ends_with(".js") {
            &main_js_name
        } else {
            continue;
        };
        let old = read(&dist.join(&name))?;
        index = index.replace(&integrity(&old), &integrity(bytes_of(new)));
        index = index.replace(&name, new);
        fs::remove_file(dist.join(&name)).map_err(|e| format!("{name}: {e}"))?;
    }
    if !index.contains(&main_js_name) || !index.contains(&main_wasm_name) {
        return Err(format!("{}: Trunk's script tags not found", index_path.display()));
    }
    // The main JavaScript imports the loader: asked for with the page, like the main JavaScript,
    // rather than a round trip after it (on a slow link, a round trip before the app starts).
    let preload_main = index
        .split("<link rel=\"modulepreload\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .filter(|link| link.contains(&main_js_name))
        .ok_or_else(|| {
            format!(
                "{}: no modulepreload of the app's JavaScript",
                index_path.display()
            )
        })?;
    let loader_link = preload_main.replace(&main_js_name, &loader_name).replace(
        &integrity(bytes_of(&main_js_name)),
        &integrity(bytes_of(&loader_name)),
    );
    let index = index.replacen(
        &format!("<link rel=\"modulepreload\"{preload_main}>"),
        &format!("<link rel=\"modulepreload\"{preload_main}>\n<link rel=\"modulepreload\"{loader_link}>"),
        1,
    );
    for (name, bytes) in files {
        write(&dist.join(name), &bytes)?;
    }
    write(&index_path, index.as_bytes())
}

/// `wasm-opt` as Trunk runs the phone's other builds (`data-wasm-opt="z"` and its parameters).
fn optimise(wasm: &Path) -> Result<Vec<u8>> {
    let out = wasm.with_extension("opt.wasm");
    sh(Command::new("wasm-opt")
        .args(["-Oz", "--strip-debug", "--strip-producers"])
        .arg(wasm)
        .arg("-o")
        .arg(&out))?;
    read(&out)
}

/// The `integrity` attribute's value Trunk writes for a file.
fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected `{from}` once in the split's JavaScript, found it {n} times"
        )),
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
