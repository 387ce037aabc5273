//! A throwaway PostgreSQL cluster for the tests: the project's rule is real parts, no mocks, so the
//! tests that need PostgreSQL (issue 10) get a real server, started here and gone afterwards.
//!
//! [`start`] finds the newest `/usr/lib/postgresql/*/bin` (installing Debian's `postgresql` package
//! when there is none), initialises a cluster in a fresh temporary directory, and starts it on
//! 127.0.0.1 at a free port, with its socket in that directory and fsync off (nothing in it is
//! worth keeping). The returned [`Cluster`] stops the server and removes the directory when it is
//! dropped, so the cluster goes away even when the tests fail. PostgreSQL refuses to run as root:
//! as root, the commands run as the `postgres` user, who owns the directory.

use crate::shell::{Result, output, run};
use crate::tools;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// Where Debian puts each major version's server binaries.
const VERSIONS: &str = "/usr/lib/postgresql";
/// Names this module's cluster directories, with the pid of the xtask that made them.
const PREFIX: &str = "studyroom-pg-";

/// A running cluster. Dropping it stops the server (`pg_ctl stop -m fast`) and removes its directory.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    /// The URL of the cluster's `postgres` database, as the superuser `postgres` (trust auth).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        // No pid file: the server never started (initdb failed, say) or has already stopped.
        if data.join("postmaster.pid").exists() {
            // Fast: roll back what is open and stop now; the tests are over, nothing needs saving.
            let stop = pg_command(&self.bin, "pg_ctl", self.as_postgres)
                .arg("-D")
                .arg(&data)
                .args(["stop", "-m", "fast", "-w"])
                .output();
            if !matches!(&stop, Ok(out) if out.status.success()) {
                eprintln!(
                    "xtask: could not stop the PostgreSQL cluster in {}",
                    self.dir.display()
                );
            }
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!("xtask: could not remove {}: {e}", self.dir.display());
        }
    }
}

/// Starts a fresh cluster, installing PostgreSQL first when it is missing.
pub fn start() -> Result<Cluster> {
    let began = Instant::now();
    let bin = match newest_bin() {
        Some(bin) => bin,
        None => {
            eprintln!("xtask: PostgreSQL is missing; installing it (once per machine)");
            tools::apt_install(&["postgresql"])?;
            newest_bin().ok_or(format!("no {VERSIONS}/*/bin after installing postgresql"))?
        }
    };
    let as_postgres = tools::is_root();
    sweep_stale(&bin, as_postgres);

    let dir = std::env::temp_dir().join(format!("{PREFIX}{}-{}", std::process::id(), nanos()));
    std::fs::create_dir(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let port = free_port()?;
    // From here on the guard owns the directory: an error below still removes it.
    let cluster = Cluster {
        bin,
        dir,
        port,
        as_postgres,
    };
    if as_postgres {
        run(Command::new("chown").arg("postgres:").arg(&cluster.dir))?;
    }

    let locale = if has_c_utf8() {
        "--locale=C.UTF-8"
    } else {
        "--no-locale"
    };
    run(pg_command(&cluster.bin, "initdb", as_postgres)
        .arg("-D")
        .arg(cluster.data())
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", locale])
        // initdb's advice on starting the server is for a cluster meant to stay: not this one.
        .stdout(std::process::Stdio::null()))?;
    // pg_ctl hands -o to a shell, hence the quotes around the directory.
    let options = format!(
        "-k '{}' -p {port} -c listen_addresses=127.0.0.1 -c fsync=off",
        cluster.dir.display()
    );
    let log = cluster.dir.join("log");
    let started = run(pg_command(&cluster.bin, "pg_ctl", as_postgres)
        .arg("-D")
        .arg(cluster.data())
        .args(["-o", &options, "-w", "-l"])
        .arg(&log)
        .arg("start"));
    if let Err(e) = started {
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        return Err(format!("{e}\nPostgreSQL's log:\n{log}"));
    }
    eprintln!(
        "xtask: PostgreSQL ({}) on 127.0.0.1:{port}, started in {:.1} s",
        cluster.bin.display(),
        began.elapsed().as_secs_f64()
    );
    Ok(cluster)
}

/// Runs `args` (a program and its arguments) with a throwaway cluster and `STUDYROOM_TEST_POSTGRES`
/// set, say one API test without the rest of `cargo xtask test`.
pub fn with_cluster(args: &[String]) -> Result {
    let Some((program, rest)) = args.split_first() else {
        return Err("usage: cargo xtask with-postgres <command> [args…]".into());
    };
    let cluster = start()?;
    run(Command::new(program)
        .args(rest)
        .env("STUDYROOM_TEST_POSTGRES", cluster.url()))
}

/// The `bin` directory of the newest major version installed, if any.
fn newest_bin() -> Option<PathBuf> {
    std::fs::read_dir(VERSIONS)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            // "15", "16", …; anything else in the directory is not a version.
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((version, bin))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin)| bin)
}

/// One of PostgreSQL's programs, run as the `postgres` user when xtask runs as root.
fn pg_command(bin: &Path, program: &str, as_postgres: bool) -> Command {
    let program = bin.join(program);
    if as_postgres {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// Clusters left by an xtask that was killed before it could drop its guard (Ctrl-C, say): their
/// directory names a process that is gone. Stopped and removed, so leftovers do not pile up.
fn sweep_stale(bin: &Path, as_postgres: bool) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split('-').next())
        else {
            continue;
        };
        if pid.parse::<u32>().is_err() || Path::new("/proc").join(pid).exists() {
            continue;
        }
        eprintln!(
            "xtask: removing a PostgreSQL cluster left by an earlier run: {}",
            entry.path().display()
        );
        // Dropping a guard for it stops the server if it still runs, then removes the directory.
        drop(Cluster {
            bin: bin.to_path_buf(),
            dir: entry.path(),
            port: 0,
            as_postgres,
        });
    }
}

/// A port nobody listens on right now (the kernel's pick for port 0). Another process could take
/// it before PostgreSQL does; then the start fails with that in its log.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Whether the C.UTF-8 locale exists (glibc lists it as `C.utf8`); minimal images may lack it.
fn has_c_utf8() -> bool {
    output(Command::new("locale").arg("-a")).is_some_and(|all| {
        all.lines()
            .any(|l| l.eq_ignore_ascii_case("C.utf8") || l.eq_ignore_ascii_case("C.UTF-8"))
    })
}

fn nanos() -> u128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_nanos()
}
