//! The real binary stops the way a service manager asks it to: SIGTERM (systemd's `stop`,
//! `docker stop`) ends it gracefully, as Ctrl-C does, rather than killing it mid-request.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// The real binary on a port of its own: the process, the address it serves on, and every line it
/// logs (those so far, then the rest as they come).
fn start_server(dir: &tempfile::TempDir) -> (std::process::Child, String, Vec<String>, Receiver<String>) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_studyroom-server"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("s.db").display()),
        )
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The log says where it listens; everything it logs is kept to read after it stops.
    // Standard error too: a panic's message is there.
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    let stdout = BufReader::new(server.stdout.take().unwrap());
    let stderr = BufReader::new(server.stderr.take().unwrap());
    let errors_tx = lines_tx.clone();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = errors_tx.send(line);
        }
    });
    let mut log = Vec::new();
    let base = loop {
        let line = lines_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it serves");
        let found = line.split("serving on ").nth(1).map(|rest| {
            rest.split(|c: char| c.is_whitespace() || c == '\x1b')
                .next()
                .unwrap_or("")
                .to_owned()
        });
        log.push(line);
        if let Some(url) = found {
            break url;
        }
    };
    (server, base, log, lines_rx)
}

/// Sends SIGTERM and waits (10 s at most) for the process to exit: it must exit by itself, with
/// code 0, after saying it is shutting down.
async fn terminate_gracefully(
    server: &mut std::process::Child,
    mut log: Vec<String>,
    lines: &Receiver<String>,
) {
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let asked = Instant::now();
    let exit = loop {
        if let Some(exit) = server.try_wait().unwrap() {
            break exit;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    log.extend(lines.try_iter());
    // Killed by the signal, it would have no exit code (and would not have said goodbye).
    assert_eq!(exit.code(), Some(0), "log:\n{}", log.join("\n"));
    assert!(
        log.iter().any(|l| l.contains("shutting down")),
        "log:\n{}",
        log.join("\n")
    );
}

#[tokio::test]
async fn sigterm_stops_the_server_gracefully_and_it_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, base, log, lines) = start_server(&dir);
    let health = reqwest::get(format!("{base}/api/welcome")).await.unwrap();
    assert_eq!(health.status(), 200);

    terminate_gracefully(&mut server, log, &lines).await;
    assert!(
        reqwest::get(format!("{base}/api/welcome")).await.is_err(),
        "nothing listens any more"
    );
}

/// The signal handlers are in place before the server says it serves: a service manager may
/// stop it at any moment after that (the handlers were once set up by the accept loop's first
/// turn, and a busy machine could leave a SIGTERM to kill the process the default way).
#[tokio::test]
async fn a_sigterm_straight_after_it_says_it_serves_still_stops_it_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, _, log, lines) = start_server(&dir);
    terminate_gracefully(&mut server, log, &lines).await;
}
