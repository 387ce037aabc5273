//! Code splitting for a build Trunk has made: what the app marks as a split point
//! (`wasm_split_helpers::wasm_split`) leaves the first load and is fetched when first needed.
//!
//! Trunk cannot run this step (trunk-rs/trunk#1022), so it runs here, on Trunk's output, the way
//! cargo-leptos runs it: the raw cargo wasm (linked with `--emit-relocs`: the phone crate's
//! `build.rs`) is split by `wasm_split_cli_support` into a main module and one chunk per
//! split point, plus a small JavaScript loader; the main module goes through wasm-bindgen with
//! `--keep-lld-exports` (the chunks call into it by those exports) and is trimmed of what it
//! cannot use (`trim.rs`), and every module goes through wasm-opt. The results replace Trunk's
//! JavaScript and wasm in the build's `dist/` directory, named by one hash of them all so that
//! they may be cached for good, and its `index.html` is rewritten to name them, with their
//! integrity hashes. The loader is imported only when a chunk is first wanted, so it is not part
//! of the first load ([`import_lazily`]).

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
/// How the loader answers the wasm once a chunk has come or failed (`wasm_split_cli_support`'s
/// JavaScript); the lazy import answers a failure the same way.
const LOADER_CALLBACK: &str =
    "sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success)";
/// Where the hash goes in the files' names until it is known.
const HASH_STAND_IN: &str = "HASH_STAND_IN_16";

/// The phone crate's last wasm build, split: the main module through wasm-bindgen (its
/// JavaScript beside it) and the chunks, none of them optimised yet. Written under
/// `target/split/<name>`; `None` when the build has no split points.
pub struct Split {
    pub main_wasm: PathBuf,
    pub main_js: PathBuf,
    pub loader_js: PathBuf,
    pub chunks: Vec<PathBuf>,
}

/// Where cargo leaves the phone crate's last release wasm (Trunk's build, or `bench --profile`'s).
pub fn raw_wasm() -> PathBuf {
    target_dir().join("wasm32-unknown-unknown/wasm-release/studyroom.wasm")
}

pub fn split_last_build(name: &str) -> Result<Option<Split>> {
    let raw_path = raw_wasm();
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
    crate::trim::trim(&bound.join("studyroom_bg.wasm"))?;
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

    // Named first with a stand-in for the hash, which is then one hash of every file as served:
    // the main JavaScript and the loader name each other, so neither can be named by its own
    // bytes alone.
    let named = |prefix: &str| format!("{prefix}-{HASH_STAND_IN}");
    let (main_js_name, loader_name) = (named("studyroom") + ".js", named("__wasm_split") + ".js");
    let main_js = import_lazily(&main_js, &loader_js, &loader_name)?;
    let mut loader_js = replace_once(&loader_js, MAIN_JS, &format!("./{main_js_name}"))?;
    let mut files = vec![(main_js_name, main_js.into_bytes())];
    files.push((named("studyroom") + "_bg.wasm", main_wasm));
    for (chunk, bytes) in chunks {
        let name = named(&chunk) + ".wasm";
        loader_js = replace_once(&loader_js, &format!("./{chunk}.wasm"), &format!("./{name}"))?;
        files.push((name, bytes));
    }
    files.push((loader_name, loader_js.into_bytes()));
    let mut hasher = DefaultHasher::new();
    for (name, bytes) in &files {
        hasher.write(name.as_bytes());
        hasher.write(bytes);
    }
    let hash = format!("{:016x}", hasher.finish());
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| {
            // Only the JavaScript names files; the wasm's bytes are left as they are.
            let bytes = if name.ends_with(".js") {
                String::from_utf8_lossy(&bytes)
                    .replace(HASH_STAND_IN, &hash)
                    .into_bytes()
            } else {
                bytes
            };
            (name.replace(HASH_STAND_IN, &hash), bytes)
        })
        .collect();
    let main_js_name = format!("studyroom-{hash}.js");
    let main_wasm_name = format!("studyroom-{hash}_bg.wasm");
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
    for (name, bytes) in files {
        write(&dist.join(name), &bytes)?;
    }
    write(&index_path, index.as_bytes())
}

/// The main JavaScript as wasm-bindgen writes it imports the split's loader statically, so the
/// app cannot start before the loader has come: a request beside the wasm, or a round trip after
/// the JavaScript. Measured with Lighthouse, the first cost the largest paint 0.4 s (on HTTP/1.1 a
/// seventh request waits for one of six connections, and the wasm was the seventh). Instead the
/// import becomes an object of the same functions, each importing the loader when first called,
/// which is when a chunk is first wanted: after the first draw.
fn import_lazily(main_js: &str, loader_js: &str, loader_name: &str) -> Result<String> {
    let statement = main_js
        .lines()
        .find(|line| {
            line.trim_end_matches(';')
                .ends_with(&format!("from \"{LOADER_JS}\""))
        })
        .ok_or("the app's JavaScript does not import the split's loader")?;
    let binding = statement
        .strip_prefix("import * as ")
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| format!("unexpected import of the split's loader: {statement}"))?;
    let exports: Vec<&str> = loader_js
        .lines()
        .filter_map(|line| line.strip_prefix("export const "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    if exports.is_empty() {
        return Err("the split's loader exports nothing".into());
    }
    // A loader that cannot be fetched (a lost signal) must still answer the wasm, which waits
    // for its callback: as the loader itself answers a chunk that cannot be fetched.
    if !loader_js.contains(LOADER_CALLBACK) {
        return Err(format!(
            "the split's loader no longer answers with `{LOADER_CALLBACK}`"
        ));
    }
    let functions = exports
        .iter()
        .map(|name| {
            format!(
                "  {name}: (callbackIndex, callbackData) => import(\"./{loader_name}\").then(\n    \
                 (m) => m.{name}(callbackIndex, callbackData),\n    \
                 () => wasm.{}),",
                LOADER_CALLBACK
                    .replace("sharedImports.__wasm_split.", "")
                    .replace("success", "false")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let lazy = format!("const {binding} = {{\n{functions}\n}};");
    replace_once(main_js, statement, &lazy)
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
