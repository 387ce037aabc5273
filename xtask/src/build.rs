//! The build, run and test pipelines.

use crate::shell::{Result, cargo, root, run as sh};
use crate::{postgres, tools};
use std::path::PathBuf;
use std::process::Command;

/// A web app: the directory Trunk builds it from (its `Trunk.toml` and `index.html`), its
/// crate, and where it lands under `dist/` (also the name the server embeds it by).
pub struct Bundle {
    pub name: &'static str,
    pub dir: &'static str,
    pub package: &'static str,
    pub dist: &'static str,
    /// Whether its split points are split out (`split.rs`): only where the first load is measured
    /// against a budget it would otherwise miss.
    pub split: bool,
}

/// The apps: each its own wasm, so that a renter's phone downloads neither the console nor the
/// kiosk, and a visitor's first load only the pages a visitor has.
pub const BUNDLES: [Bundle; 5] = [
    Bundle {
        name: "phone app (/)",
        dir: ".",
        package: "studyroom",
        dist: "app",
        split: false,
    },
    Bundle {
        name: "phone, visitor's pages (/, /login, /signup)",
        dir: "visitor",
        package: "studyroom",
        dist: "visitor",
        split: false,
    },
    Bundle {
        name: "phone, a room's seat map (/rooms/{id})",
        dir: "seat-map",
        package: "studyroom",
        dist: "seat-map",
        split: true,
    },
    Bundle {
        name: "manager console (/admin)",
        dir: "console",
        package: "studyroom-console",
        dist: "admin",
        split: false,
    },
    Bundle {
        name: "door kiosk (/door)",
        dir: "kiosk",
        package: "studyroom-kiosk",
        dist: "door",
        split: false,
    },
];

pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Trunk's release builds of the apps into `dist/app`, `dist/visitor`, `dist/admin` and
/// `dist/door`, one after the other (they share cargo's target directory).
pub fn web_app() -> Result {
    tools::ensure_build_tools()?;
    for bundle in &BUNDLES {
        sh(Command::new("trunk")
            .current_dir(root().join(bundle.dir))
            .args(["build", "--release"]))?;
        if bundle.split {
            crate::split::split(&dist().join(bundle.dist))?;
        }
        mirror(&dist().join(bundle.dist), &embedded().join(bundle.dist))?;
    }
    Ok(())
}

/// What the server embeds: a copy of `dist/` that only changes where a file's bytes changed.
/// Trunk rewrites all of `dist/` on every build, even when nothing changed, and the server's build
/// script watches what it embeds: pointing it at `dist/` itself recompiled the server (four
/// minutes in release) after every `trunk build`.
fn embedded() -> PathBuf {
    root().join("target/embed")
}

/// Every cargo command xtask runs names the same embedded copy, so the server's build script is
/// not re-run just because one command set the variable and another did not.
pub fn set_dist_env() {
    // SAFETY: xtask is single-threaded when it sets up its environment.
    unsafe { std::env::set_var("STUDYROOM_DIST", embedded()) };
}

/// Brings `to` in line with `from`: files whose bytes differ (or are new) are copied, files gone
/// from `from` are removed, and everything else is left alone, modification time included.
fn mirror(from: &std::path::Path, to: &std::path::Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let read = |dir: &std::path::Path| -> Result<Vec<std::fs::DirEntry>> {
        Ok(std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .flatten()
            .collect())
    };
    for entry in read(from)? {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            mirror(&source, &target)?;
            continue;
        }
        let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
            std::fs::write(&target, &bytes).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    for entry in read(to)? {
        if !from.join(entry.file_name()).exists() {
            let path = entry.path();
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The web apps, then the server binary with them embedded. Returns the binary's path.
pub fn release() -> Result<PathBuf> {
    web_app()?;
    set_dist_env();
    sh(cargo().args(["build", "--release", "--package", "studyroom-server"]))?;
    let binary = root().join("target/release/studyroom-server");
    eprintln!("xtask: built {}", binary.display());
    Ok(binary)
}

/// Builds, then serves on 127.0.0.1:8080 with the database in `data/`.
pub fn serve(args: &[String]) -> Result {
    let binary = release()?;
    eprintln!(
        "\nstudyroom: open http://127.0.0.1:8080 on this machine (STUDYROOM_BIND=0.0.0.0:8080 to reach it from a phone).\n\
         The first manager: {} create-manager --phone 13800000000 --password-stdin\n\
         (type the password, press Enter, then Ctrl-D; it works while the server runs)\n",
        binary.display()
    );
    sh(Command::new(binary).current_dir(root()).arg("serve").args(args))
}

/// Formatting, lints (native and wasm), then every test: unit, API and browser.
pub fn test() -> Result {
    tools::ensure_test_tools()?;
    sh(cargo().args(["fmt", "--all", "--", "--check"]))?;
    web_app()?;
    set_dist_env();
    sh(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    let mut wasm_clippy = cargo();
    wasm_clippy.arg("clippy");
    let mut packages: Vec<_> = BUNDLES
        .iter()
        .map(|b| b.package)
        .chain(["studyroom-ui"])
        .collect();
    packages.dedup();
    for package in packages {
        wasm_clippy.args(["--package", package]);
    }
    sh(wasm_clippy.args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    // The visitor's and the seat map's builds of the phone app compile a little differently.
    for feature in ["visitor", "seat-map"] {
        sh(cargo()
            .args(["clippy", "--package", "studyroom", "--features", feature])
            .args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    }
    std::fs::create_dir_all(root().join("target/screenshots")).map_err(|e| e.to_string())?;
    // SAFETY: xtask is single-threaded when it sets up its environment.
    unsafe { std::env::set_var("STUDYROOM_AXE", tools::axe_script()) };
    // Started last, so that nothing above keeps it waiting; the guard stops it when nextest returns,
    // whatever the result.
    let cluster = postgres::start()?;
    let everything = sh(cargo()
        .args(["nextest", "run", "--workspace", "--no-fail-fast"])
        .env("STUDYROOM_TEST_POSTGRES", cluster.url()));
    // The whole API suite again, on the PostgreSQL store (issue 10): both stores must behave alike.
    // It runs whatever the first run said, so one report shows both.
    let on_postgres = sh(cargo()
        .args([
            "nextest",
            "run",
            "-p",
            "studyroom-server",
            "--test",
            "api",
            "--no-fail-fast",
        ])
        .env("STUDYROOM_TEST_POSTGRES", cluster.url())
        .env("STUDYROOM_TEST_BACKEND", "postgres"));
    everything.and(on_postgres)
}

#[cfg(test)]
mod tests {
    use crate::shell::root;

    /// The visitor's page and the seat map's are the phone's but for what Trunk builds from (`data-trunk` links: the
    /// styles and the paths to them and to the crate): the static shell a slow phone paints first,
    /// the head and the service worker's registration must not drift apart.
    #[test]
    fn the_lighter_builds_pages_are_the_phones_but_for_what_trunk_builds() {
        let page = |path: &str| -> Vec<String> {
            let html = std::fs::read_to_string(root().join(path)).unwrap();
            html.lines()
                .filter(|line| {
                    let line = line.trim_start();
                    !line.contains("data-trunk") && !line.starts_with("data-wasm-opt-params")
                })
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(page("visitor/index.html"), page("index.html"));
        assert_eq!(page("seat-map/index.html"), page("index.html"));
    }
}
