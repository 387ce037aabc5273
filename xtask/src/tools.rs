//! Installs, idempotently and without questions, every tool the build and the tests need, at the
//! versions that are known to work here (see shared/TOOLCHAIN.md). Tools go to cargo's bin
//! directory and to a per-user cache, never into the repository, so a fresh clone reuses them.

use crate::shell::{Result, output, root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
const AXE_VERSION: &str = "4.10.3";
/// Lighthouse 13 needs Node 22; the machines have Node 20.
const LIGHTHOUSE_VERSION: &str = "12";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const NEXTEST_CRATE: &str = "cargo-nextest";

/// Where npm-installed tools live: `~/.cache/studyroom/tools`.
fn tools_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(|| root().join("target"));
    cache.join("studyroom/tools")
}

pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

fn binaryen_bin() -> PathBuf {
    tools_dir().join("node_modules/binaryen/bin")
}

/// PATH with our tools first, for every command xtask starts (Trunk looks tools up on PATH).
pub fn put_tools_on_path() {
    let mut paths = vec![binaryen_bin(), cargo_bin()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    // SAFETY: xtask is single-threaded when it sets up its environment.
    unsafe {
        std::env::set_var(
            "PATH",
            std::env::join_paths(paths).expect("PATH entries are valid"),
        )
    };
}

pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// The wasm-bindgen version that Cargo.lock pins: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'));
            return version
                .map(str::to_owned)
                .ok_or_else(|| "Cargo.lock: no wasm-bindgen version".into());
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

/// `cargo install` when `bin --version` does not mention `version`.
fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result {
    let have = output(Command::new(cargo_bin().join(bin)).arg("--version")).unwrap_or_default();
    if have.contains(version) {
        return Ok(());
    }
    eprintln!("xtask: installing {krate} {version} (once per machine; this takes a few minutes)");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd)
}

fn ensure_wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// wasm-opt from the npm package `binaryen`: Debian's binaryen (108) produces wasm that crashes.
fn ensure_wasm_opt() -> Result {
    let have = output(Command::new(binaryen_bin().join("wasm-opt")).arg("--version")).unwrap_or_default();
    if have.contains(&format!("version {BINARYEN_VERSION}")) {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("binaryen@{BINARYEN_VERSION}")))
}

/// axe-core, the accessibility checker the browser tests inject into each page they look at.
pub fn axe_script() -> PathBuf {
    tools_dir().join("node_modules/axe-core/axe.min.js")
}

fn ensure_axe() -> Result {
    let package = tools_dir().join("node_modules/axe-core/package.json");
    let have = std::fs::read_to_string(&package).unwrap_or_default();
    if have.contains(&format!("\"version\": \"{AXE_VERSION}\"")) {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(tools_dir())
        .arg(format!("axe-core@{AXE_VERSION}")))
}

/// Lighthouse, for `cargo xtask bench`; returns its command line script.
/// twiggy, which reads a wasm's sizes by function (for `cargo xtask bench --profile`).
pub fn ensure_twiggy() -> Result {
    ensure_cargo_tool("twiggy", "twiggy", "0.8.0", true)
}

/// oha, the load generator of `cargo xtask bench --load` (`--locked`: a newer dependency wants a
/// newer rustc).
pub fn ensure_oha() -> Result {
    ensure_cargo_tool("oha", "oha", "1.16.0", true)
}

pub fn ensure_lighthouse() -> Result<PathBuf> {
    let cli = tools_dir().join("node_modules/lighthouse/cli/index.js");
    if !cli.exists() {
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(tools_dir())
            .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")))?;
    }
    Ok(cli)
}

/// Each app's Trunk.toml names the wasm-bindgen version too (Trunk runs offline): keep them in
/// step with Cargo.lock.
fn check_trunk_toml(wasm_bindgen: &str) -> Result {
    for bundle in &crate::build::BUNDLES {
        let path = root().join(bundle.dir).join("Trunk.toml");
        let toml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !toml.contains(&format!("wasm_bindgen = \"{wasm_bindgen}\"")) {
            return Err(format!(
                "{} must say wasm_bindgen = \"{wasm_bindgen}\", the version in Cargo.lock",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Everything `trunk build --release` needs.
pub fn ensure_build_tools() -> Result {
    put_tools_on_path();
    ensure_wasm_target()?;
    let wasm_bindgen = locked_wasm_bindgen()?;
    check_trunk_toml(&wasm_bindgen)?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    // Not --locked: a locked dependency of the CLI is no longer served.
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &wasm_bindgen, false)?;
    ensure_wasm_opt()
}

/// Chromium, its driver and CJK fonts (without them Chinese renders as boxes), and the test runner.
pub fn ensure_test_tools() -> Result {
    ensure_build_tools()?;
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    let missing: Vec<&str> = [
        ("chromium", Path::new("/usr/bin/chromium").exists()),
        ("chromium-driver", Path::new("/usr/bin/chromedriver").exists()),
        ("fonts-noto-cjk", fonts),
    ]
    .into_iter()
    .filter_map(|(pkg, present)| (!present).then_some(pkg))
    .collect();
    if !missing.is_empty() {
        apt_install(&missing)?;
    }
    ensure_axe()?;
    if output(Command::new("cargo").args(["nextest", "--version"])).is_none() {
        eprintln!("xtask: installing cargo-nextest (once per machine)");
        run(Command::new("cargo").args(["install", NEXTEST_CRATE, "--locked"]))?;
    }
    Ok(())
}

pub fn apt_install(packages: &[&str]) -> Result {
    if !is_root() {
        return Err(format!(
            "missing system packages: {0}. Install them with `sudo apt-get install -y {0}` and run again",
            packages.join(" ")
        ));
    }
    let apt = || {
        let mut cmd = Command::new("apt-get");
        cmd.env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(apt().args(["update", "-q"]))?;
    run(apt().args(["install", "-y", "-q"]).args(packages))
}
