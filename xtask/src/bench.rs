//! `cargo xtask bench`: what each app costs to download (the phone app, the manager console and
//! the door kiosk, each its own wasm), and what a phone pays to open the app, measured on the
//! release build. Sizes and timings live here, never in a timed test.

use crate::build;
use crate::shell::{Result, root, run as sh};
use crate::tools;
use std::process::Command;
use std::time::Instant;

/// The first-load target for everything a phone downloads, brotli (issue 9; shared/TOOLCHAIN.md
/// says 120 KiB, the issue that came later asks for 110).
const BUDGET_BR: usize = 110 * 1024;

/// `args`: `--sizes-only` skips Lighthouse (a quick look after a change); `--server` measures the
/// server over a large history instead; `--load` puts the server under fixed-rate load (oha);
/// `--profile` shows where the phone's wasm bytes go.
pub fn run(args: &[String]) -> Result {
    if args.iter().any(|a| a == "--server") {
        return server();
    }
    if args.iter().any(|a| a == "--profile") {
        return crate::profile::run();
    }
    if args.iter().any(|a| a == "--load") {
        let binary = build::release()?;
        let history = seeded_history(&binary)?;
        return crate::load::run(&binary, &history, &crate::load::Selection::from_args(args));
    }
    let started = Instant::now();
    build::web_app()?;
    let build_secs = started.elapsed().as_secs_f64();
    let mut summary = Vec::new();
    for bundle in &build::BUNDLES {
        let total_br = sizes(bundle)?;
        summary.push((bundle, total_br));
    }
    println!();
    for (bundle, br) in &summary {
        println!("{:<28} {:>7} B brotli ({} KiB)", bundle.name, br, br / 1024);
    }
    // A first visit to `/signup` loads the visitor's build; a page loaded at a seat map's address
    // the seat map's build (the icon, manifest and service worker are counted with each).
    for (first_visit, dist) in [("/signup", "visitor"), ("a seat map", "seat-map")] {
        let br = summary
            .iter()
            .find(|(b, _)| b.dist == dist)
            .map_or(0, |(_, br)| *br);
        let verdict = if br <= BUDGET_BR { "within" } else { "OVER" };
        println!(
            "a renter's first visit to {first_visit}: {} KiB brotli, {verdict} the {} KiB budget",
            br / 1024,
            BUDGET_BR / 1024
        );
    }
    println!("trunk build --release, all apps: {build_secs:.1} s (warm unless this was the first build)");
    if args.iter().any(|a| a == "--sizes-only") {
        return Ok(());
    }
    lighthouse()
}

/// Prints every file of one app's build with its raw, gzip and brotli size; returns the brotli
/// total of what a first visit loads: `index.html` and the files it names. (The visitor's build
/// also gets a copy of the phone's icon, manifest and service worker, but its page names the phone
/// app's, at the root.)
fn sizes(bundle: &build::Bundle) -> Result<usize> {
    let dir = build::dist().join(bundle.dist);
    let served_at = if bundle.dist == "app" {
        "/".to_owned()
    } else {
        format!("/{}/", bundle.dist)
    };
    let index =
        std::fs::read_to_string(dir.join("index.html")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (mut total_raw, mut total_gz, mut total_br) = (0, 0, 0);
    println!(
        "\n{:<44} {:>10} {:>10} {:>10}",
        format!("{} (dist/{}/)", bundle.name, bundle.dist),
        "raw",
        "gzip -9",
        "brotli 11"
    );
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries.iter().filter(|e| e.path().is_file()) {
        let raw = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let (gz, br) = (gzip_len(&entry.path())?, brotli_len(&raw));
        let name = entry.file_name().to_string_lossy().into_owned();
        let loaded = name == "index.html" || index.contains(&format!("{served_at}{name}"));
        if loaded {
            total_raw += raw.len();
            total_gz += gz;
            total_br += br;
        }
        println!(
            "{:<44} {:>10} {:>10} {:>10}{}",
            name,
            raw.len(),
            gz,
            br,
            if loaded { "" } else { "  (not loaded)" }
        );
    }
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "total", total_raw, total_gz, total_br
    );
    Ok(total_br)
}

/// A new renter's first visit (`/signup`) under Lighthouse's mobile profile (a mid-range phone on
/// slow 4G), against the real server with the app embedded.
fn lighthouse() -> Result {
    tools::ensure_test_tools()?;
    let cli = tools::ensure_lighthouse()?;
    let binary = build::release()?;
    let data = std::env::temp_dir().join(format!("studyroom-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let result = (|| {
        let server = crate::load::Server::start(&binary, &data)?;
        let manager = crate::load::manager(&server)?;
        let (member, room) = crate::load::member_and_room(&server, &manager)?;
        // A new renter signing up, then a member opening a room's seat map on a phone that has
        // never loaded the app (nothing cached; the session cookie is all it brings).
        let signup = audit_median(&cli, &data, "signup", &format!("{}/signup", server.base), None)?;
        let map = audit_median(
            &cli,
            &data,
            "seat-map",
            &format!("{}/rooms/{room}", server.base),
            Some(&member),
        )?;
        Ok::<_, String>([("/signup", signup), ("a room's seat map", map)])
    })();
    let _ = std::fs::remove_dir_all(&data);
    for (page, (scores, json)) in result? {
        let score = json["categories"]["performance"]["score"].as_f64().unwrap_or(0.0) * 100.0;
        let all: Vec<String> = scores.iter().map(|s| format!("{s:.0}")).collect();
        println!(
            "\nLighthouse, mobile profile, first visit to {page}: performance {score:.0} (the median of {} runs: {})",
            scores.len(),
            all.join(" ")
        );
        for audit in [
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "interactive",
            "total-byte-weight",
        ] {
            println!(
                "  {audit:<26} {}",
                json["audits"][audit]["displayValue"].as_str().unwrap_or("?")
            );
        }
        // Where the main thread's time went (on the slowed CPU), for a blocking time to explain.
        let work = json["audits"]["mainthread-work-breakdown"]["details"]["items"].as_array();
        for item in work.into_iter().flatten().take(5) {
            println!(
                "    {:<24} {:>6.0} ms",
                item["groupLabel"].as_str().unwrap_or("?"),
                item["duration"].as_f64().unwrap_or(0.0)
            );
        }
    }
    println!(
        "\nthe median runs' whole reports: target/bench/lighthouse-signup.json, lighthouse-seat-map.json"
    );
    Ok(())
}

/// Lighthouse runs on one page: a blocking time, and so the score, moves from run to run on a
/// shared machine (93 to 99 for the same build), so one run says little; Lighthouse's own advice
/// is the median of five.
const LIGHTHOUSE_RUNS: usize = 5;

/// Every run's score, lowest first, and the median run's report (also kept whole in
/// `target/bench/lighthouse-<name>.json`).
fn audit_median(
    cli: &std::path::Path,
    data: &std::path::Path,
    name: &str,
    url: &str,
    cookie: Option<&str>,
) -> Result<(Vec<f64>, serde_json::Value)> {
    let score =
        |json: &serde_json::Value| json["categories"]["performance"]["score"].as_f64().unwrap_or(0.0) * 100.0;
    let mut runs = (0..LIGHTHOUSE_RUNS)
        .map(|_| audit_page(cli, data, url, cookie))
        .collect::<Result<Vec<_>>>()?;
    runs.sort_by(|a, b| score(a).total_cmp(&score(b)));
    let scores = runs.iter().map(score).collect();
    let median = runs.swap_remove(LIGHTHOUSE_RUNS / 2);
    let reports = root().join("target/bench");
    std::fs::create_dir_all(&reports).map_err(|e| e.to_string())?;
    std::fs::write(
        reports.join(format!("lighthouse-{name}.json")),
        median.to_string(),
    )
    .map_err(|e| e.to_string())?;
    Ok((scores, median))
}

/// Lighthouse's performance audit of one page, with a session cookie if given.
fn audit_page(
    cli: &std::path::Path,
    data: &std::path::Path,
    url: &str,
    cookie: Option<&str>,
) -> Result<serde_json::Value> {
    let report = data.join("lighthouse.json");
    let mut lighthouse = Command::new("node");
    lighthouse
        .arg(cli)
        .arg(url)
        .args(["--only-categories=performance", "--output=json", "--quiet"])
        .arg(format!("--output-path={}", report.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run")
        .env("CHROME_PATH", "/usr/bin/chromium");
    if let Some(cookie) = cookie {
        lighthouse.arg(format!(r#"--extra-headers={{"Cookie":"{cookie}"}}"#));
    }
    sh(&mut lighthouse)?;
    serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())
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

/// The server over a large history: 1,000 rooms × 50 seats, 20,000 members and 1,000,000 past
/// bookings (made once, kept in `target/bench/history.db`, with its own key), then a year of one
/// room's statistics, timed by the release binary itself (best of three).
fn server() -> Result {
    let binary = build::release()?;
    let history = seeded_history(&binary)?;
    sh(Command::new(&binary)
        .env("STUDYROOM_SECRET_KEY", BENCH_KEY)
        .args(["bench-stats", "--database-url"])
        .arg(format!("sqlite://{}", history.display())))
}

/// A fixed key for the throwaway benchmark databases: they hold made-up people only.
pub const BENCH_KEY: &str = "5555555555555555555555555555555555555555555555555555555555555555";

/// `target/bench/history.db`, seeded on first use (about 3 minutes).
fn seeded_history(binary: &std::path::Path) -> Result<std::path::PathBuf> {
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("history.db");
    if !db.exists() {
        let started = Instant::now();
        sh(Command::new(binary)
            .env("STUDYROOM_SECRET_KEY", BENCH_KEY)
            .args(["bench-seed", "--database-url"])
            .arg(format!("sqlite://{}", db.display())))?;
        println!("seeding took {:.0} s", started.elapsed().as_secs_f64());
    }
    Ok(db)
}
