//! `cargo xtask`: the project's own commands, so that a fresh machine needs nothing but rustup.
//!
//! - `cargo xtask run [--demo]`: install what is missing, build in release, serve on 127.0.0.1:8080.
//! - `cargo xtask test`: install what tests need, then fmt, clippy, unit, API and browser tests,
//!   with a throwaway PostgreSQL cluster for the tests that need one; the API suite runs a second
//!   time on the PostgreSQL store.
//! - `cargo xtask with-postgres <command…>`: run one command with such a cluster, say one API test.
//! - `cargo xtask build`: the release binary with the web apps embedded.
//! - `cargo xtask setup`: only install the build tools.
//! - `cargo xtask bench [--sizes-only]`: each app's download size (brotli), and Lighthouse on a
//!   renter's first visits (median of five runs); `bench --server`: the server over a large
//!   history (statistics of a year);
//!   `bench --load`: the release server under fixed-rate load (oha), empty and over that history;
//!   `bench --profile`: the largest items and bytes per crate (twiggy) of the phone wasm and of its
//!   visitor's build.

mod bench;
mod build;
mod load;
mod postgres;
mod profile;
mod shell;
mod split;
mod tools;
mod trim;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::ensure_build_tools(),
        Some("build") => build::release().map(drop),
        Some("run") => build::serve(&args[1..]),
        Some("test") => build::test(),
        Some("with-postgres") => postgres::with_cluster(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--demo] | test | with-postgres <command…> | build | setup | bench [--sizes-only | --server | --load | --profile]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}
