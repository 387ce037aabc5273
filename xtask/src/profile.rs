//! `cargo xtask bench --profile`: where the phone app's wasm bytes go, in the whole app, the
//! visitor's build and the seat map's. Each release wasm is built as Trunk builds it, then bound and optimised as
//! Trunk does but with function names kept, and read by twiggy (installed once per machine). The
//! seat map's build is profiled as it is served, its time picker split out (`split.rs`).
//! Prints the largest items and the total per crate, and writes the whole tables to
//! `target/profile/phone-top.csv`, `visitor-top.csv` and `seat-map-top.csv`; BENCHMARKS.md explains the figures.

use crate::shell::{Result, cargo, output, root, run as sh};
use crate::tools;
use std::collections::HashMap;
use std::process::Command;

pub fn run() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_twiggy()?;
    // The whole app, then the two lighter builds a first load gets: a new renter's (the
    // visitor's) and a seat map loaded by its address.
    profile("phone", &[])?;
    profile("visitor", &["--features", "visitor"])?;
    profile("seat-map", &["--features", "seat-map"])
}

/// One build of the phone crate (`features`): its largest items and bytes per crate, and the
/// whole table in `target/profile/<name>-top.csv`.
fn profile(name: &str, features: &[&str]) -> Result {
    let dir = root().join("target/profile");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    sh(cargo()
        .args([
            "build",
            "--profile",
            "wasm-release",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "studyroom",
        ])
        .args(features))?;
    // A build with split points is profiled as served: its first load, the main module.
    let is_split = crate::build::BUNDLES
        .iter()
        .any(|bundle| bundle.dist == name && bundle.split);
    let split = if is_split {
        crate::split::split_last_build(name)?
    } else {
        None
    };
    let bound = match split {
        Some(split) => split.main_wasm,
        None => {
            sh(Command::new("wasm-bindgen")
                .args(["--target", "web", "--out-dir"])
                .arg(&dir)
                .arg(crate::split::raw_wasm()))?;
            dir.join("studyroom_bg.wasm")
        }
    };
    let named = dir.join(format!("{name}-named.wasm"));
    // The same optimisation as index.html asks of Trunk (`-Oz`), keeping the names (`-g`).
    sh(Command::new("wasm-opt")
        .arg("-Oz")
        .arg("-g")
        .arg(&bound)
        .arg("-o")
        .arg(&named))?;
    let csv = output(
        Command::new(tools::cargo_bin().join("twiggy"))
            .args(["top", "-n", "1000000", "-f", "csv"])
            .arg(&named),
    )
    .ok_or("twiggy could not read the wasm")?;
    std::fs::write(dir.join(format!("{name}-top.csv")), &csv).map_err(|e| e.to_string())?;
    let items = parse(&csv);
    let code_total: usize = items.iter().map(|(_, b)| b).sum();
    println!("\n== {name}: the wasm without its name section: {code_total} B");
    println!("\nlargest 20 items:");
    for (name, bytes) in items.iter().take(20) {
        println!("{bytes:>8} B  {}", shorten(name));
    }
    let mut by_crate: HashMap<String, usize> = HashMap::new();
    for (name, bytes) in &items {
        *by_crate.entry(owner(name)).or_default() += bytes;
    }
    let mut by_crate: Vec<_> = by_crate.into_iter().collect();
    by_crate.sort_by_key(|item| std::cmp::Reverse(item.1));
    println!("\nby crate (generic code counts where it is instantiated from, as twiggy names it):");
    for (krate, bytes) in by_crate.iter().take(20) {
        println!(
            "{bytes:>8} B {:>5.1} %  {krate}",
            100.0 * *bytes as f64 / code_total as f64
        );
    }
    Ok(())
}

/// `(name, shallow bytes)`, largest first, without the names section itself.
fn parse(csv: &str) -> Vec<(String, usize)> {
    let mut items: Vec<(String, usize)> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the name may
            // hold commas (and is then quoted), the four numbers never do.
            let mut fields = line.rsplitn(5, ',');
            let (_, _, _, size, name) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            let name = unquote(name);
            // The name section is what `-g` keeps for this report; the phone never downloads it.
            (!name.ends_with("names\" subsection"))
                .then(|| Some((name, size.parse().ok()?)))
                .flatten()
        })
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.1));
    items
}

/// A CSV field as written: quoted when it holds a comma or a quote, quotes doubled inside.
fn unquote(field: &str) -> String {
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_owned(),
    }
}

/// The crate an item belongs to: the first path segment of its name (`<X as Y>` counts for X),
/// `data` for data segments.
fn owner(name: &str) -> String {
    if name.starts_with("data segment") {
        return "(data segments)".into();
    }
    let name = name.trim_start_matches(['<', '&']).trim_start_matches("mut ");
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    match &name[..end] {
        "" => "(other)".into(),
        // `<T as Trait>::…`, `<F as …>`: blanket impls, mostly Leptos's rendering of closures.
        generic if generic.len() == 1 => "(blanket impls: <T as …>)".into(),
        krate => krate.to_owned(),
    }
}

/// Long generic names cut to a line.
fn shorten(name: &str) -> String {
    if name.chars().count() > 110 {
        format!("{}…", name.chars().take(110).collect::<String>())
    } else {
        name.to_owned()
    }
}
