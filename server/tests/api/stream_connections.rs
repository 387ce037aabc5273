//! An event stream asked for on a fresh connection is answered outside hyper
//! (`stream_connection.rs`), to keep hyper's 16 KiB of buffers out of every open stream: spoken to
//! here over bare TCP, as a phone's EventSource or a proxy opens it, so that the request is
//! certain to be a connection's first.

use crate::helpers::*;
use std::time::Duration;
use studyroom_server::serve::{Limits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A verified member's session cookie (`name=value`), from a login of their own.
async fn session_cookie(app: &TestApp) -> String {
    let (_, _, phone) = app.verified_member_with_phone().await;
    app.session_cookie(&phone).await
}

/// Opens a connection to `addr` and asks for `path` as EventSource does, with `cookie` if any.
async fn ask(addr: &str, path: &str, cookie: Option<&str>) -> TcpStream {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: studyroom\r\nAccept: text/event-stream\r\n\
         Cache-Control: no-cache\r\n{cookie}\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp
}

/// Reads from `tcp` until what came holds `wanted` (5 s at most), and returns all that came.
async fn read_until(tcp: &mut TcpStream, seen: &mut String, wanted: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut buffer = [0u8; 4096];
    while !seen.contains(wanted) {
        let n = tokio::time::timeout_at(deadline, tcp.read(&mut buffer))
            .await
            .unwrap_or_else(|_| panic!("no {wanted:?} in 5 s; came:\n{seen}"))
            .unwrap();
        assert!(n > 0, "closed before {wanted:?}; came:\n{seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
}

/// Reads until the server closes the connection (5 s at most).
async fn read_to_close(tcp: &mut TcpStream) -> String {
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut got))
        .await
        .expect("the server still holds the connection after 5 s")
        .unwrap();
    String::from_utf8_lossy(&got).into_owned()
}

fn addr_of(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn a_stream_on_a_fresh_connection_is_written_as_it_comes_and_ends_with_the_connection() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let cookie = session_cookie(&app).await;
    let seat = app.seat(&room.id, "W3").await;
    let path = format!("/api/rooms/{}/events", room.id);

    let mut tcp = ask(&addr_of(&app), &path, Some(&cookie)).await;
    let mut seen = String::new();
    read_until(
        &mut tcp,
        &mut seen,
        &format!("\"seat_id\":\"{seat}\",\"state\":\"free\""),
    )
    .await;
    let (head, events) = seen.split_once("\r\n\r\n").unwrap();
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    for line in [
        "content-type: text/event-stream",
        "x-accel-buffering: no",
        "cache-control: no-store",
        "x-content-type-options: nosniff",
        "connection: close",
        "date: ",
    ] {
        assert!(head.contains(&format!("\r\n{line}")), "no {line:?} in\n{head}");
    }
    // Its end is the connection's close: no chunk framing around each event.
    assert!(!head.contains("transfer-encoding"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    assert!(events.starts_with(": open\n\n"), "{events}");

    let (member, _) = app.verified_member().await;
    crate::events::book_tonight(&app, &member, &room, "W3").await;
    read_until(
        &mut tcp,
        &mut seen,
        &format!("\"seat_id\":\"{seat}\",\"state\":\"booked\""),
    )
    .await;
}

/// A stream refused (no session, an unknown room) is an ordinary error, whole, with its length;
/// then the connection closes, as it says.
#[tokio::test]
async fn a_stream_refused_on_a_fresh_connection_gets_the_error_body_and_a_close() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let cookie = session_cookie(&app).await;
    let cases = [
        (
            format!("/api/rooms/{}/events", room.id),
            None,
            "401",
            "unauthenticated",
        ),
        (
            "/api/rooms/no-such-room/events".to_owned(),
            Some(cookie.as_str()),
            "404",
            "not_found",
        ),
        (
            "/api/admin/events".to_owned(),
            Some(cookie.as_str()),
            "403",
            "forbidden",
        ),
    ];
    for (path, cookie, status, code) in cases {
        let mut tcp = ask(&addr_of(&app), &path, cookie).await;
        let answer = read_to_close(&mut tcp).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{path}: {head}");
        assert!(
            head.contains(&format!("\r\ncontent-length: {}", body.len())),
            "{head}"
        );
        assert!(head.contains("\r\nconnection: close"), "{head}");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error"]["code"], code, "{path}");
    }
}

/// A phone that hangs up gives its stream (and its place in its person's stream cap) back at once,
/// not at the next keep-alive write 15 s later.
#[tokio::test]
async fn a_client_that_hangs_up_gives_its_stream_back_at_once() {
    let app = spawn_app_with(studyroom_server::ServerOptions {
        streams_per_person: 2,
        ..Default::default()
    })
    .await;
    let room = app.demo_room().await;
    let cookie = session_cookie(&app).await;
    let path = format!("/api/rooms/{}/events", room.id);
    let addr = addr_of(&app);

    let mut held = Vec::new();
    for _ in 0..2 {
        let mut tcp = ask(&addr, &path, Some(&cookie)).await;
        read_until(&mut tcp, &mut String::new(), ": open").await;
        held.push(tcp);
    }
    let mut refused = ask(&addr, &path, Some(&cookie)).await;
    assert!(read_to_close(&mut refused).await.starts_with("HTTP/1.1 429 "));

    drop(held);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    loop {
        let mut again = ask(&addr, &path, Some(&cookie)).await;
        let mut seen = String::new();
        read_until(&mut again, &mut seen, "\r\n").await;
        if seen.starts_with("HTTP/1.1 200 ") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the places of the streams hung up never came back: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A server that stops ends the streams it answered itself, and closes the connections it is still
/// waiting on for a first head, and then returns, as it does with hyper's.
#[tokio::test]
async fn a_stopping_server_ends_its_streams_and_returns() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let cookie = session_cookie(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(serve(
        listener,
        studyroom_server::router(app.state.clone()),
        Limits::default(),
        async move {
            let _ = stopped.await;
        },
    ));
    // A connection that has not said anything yet (its head is 20 s away from late), taken
    // before the stream's (connections are taken in order: once the stream answers, this one has
    // been taken too, and is not merely waiting in the listener's queue, which a closing listener
    // resets).
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let mut tcp = ask(&addr, &format!("/api/rooms/{}/events", room.id), Some(&cookie)).await;
    read_until(&mut tcp, &mut String::new(), ": open").await;

    stop.send(()).unwrap();
    read_to_close(&mut tcp).await;
    read_to_close(&mut silent).await;
    tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("serve still running 5 s after it was told to stop")
        .unwrap();
}

/// A head on a stream's path that this path does not take (unreadable, or with a body) is left
/// to hyper, which refuses it as it refuses any other: 400 with nothing changed, never a hang.
#[tokio::test]
async fn a_stream_head_that_is_not_taken_is_hypers_to_refuse() {
    let app = spawn_app().await;
    for head in [
        "GET /api/me/events HTTP/1.1\r\nHost: studyroom\r\nBad Header\r\n\r\n",
        "GET /api/me/events HTTP/1.1\r\nHost: studyroom\r\nContent-Length: x\r\n\r\n",
    ] {
        let mut tcp = TcpStream::connect(addr_of(&app)).await.unwrap();
        tcp.write_all(head.as_bytes()).await.unwrap();
        let answer = read_to_close(&mut tcp).await;
        assert!(answer.starts_with("HTTP/1.1 400 "), "{head:?}: {answer}");
    }
}
