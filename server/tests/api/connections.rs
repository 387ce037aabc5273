//! What a connection may cost the server (`serve.rs`): a request's head has a size and a time
//! limit, so that nobody holds the server's connections (and with them the door's) by opening
//! many and sending nothing, or by sending an endless head.

use crate::helpers::*;
use std::time::Duration;
use studyroom_server::serve::{HEAD_BYTES, Limits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The same app served again with a short head timeout, for the tests that wait for it.
async fn served_with_head_timeout(app: &TestApp, head_timeout: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(serve(
        listener,
        studyroom_server::router(app.state.clone()),
        Limits { head_timeout },
        std::future::pending(),
    ));
    addr
}

/// Reads until the server closes the connection (or the test gives up), returning what came.
async fn read_until_closed(stream: &mut TcpStream) -> Result<String, &'static str> {
    let mut got = Vec::new();
    match tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut got)).await {
        Ok(_) => Ok(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => Err("the server still holds the connection after 10 s"),
    }
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_once_its_head_is_late() {
    let app = spawn_app().await;
    let addr = served_with_head_timeout(&app, Duration::from_millis(300)).await;

    let mut silent = TcpStream::connect(&addr).await.unwrap();
    read_until_closed(&mut silent).await.unwrap();

    // Half a head, then nothing: the same.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /api/welcome HTTP/1.1\r\nHost: studyroom\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut slow).await.unwrap();
    assert!(!answer.contains("200 OK"), "{answer}");

    // A whole head in time is answered, and the connection kept alive for the next one, until it
    // has been idle for as long.
    let mut prompt = TcpStream::connect(&addr).await.unwrap();
    prompt
        .write_all(b"GET /api/welcome HTTP/1.1\r\nHost: studyroom\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut prompt).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

#[tokio::test]
async fn a_request_head_over_the_limit_is_refused_and_the_server_goes_on() {
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://").to_owned();

    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let padding = "a".repeat(HEAD_BYTES);
    let head = format!("GET /api/welcome HTTP/1.1\r\nHost: studyroom\r\nX-Padding: {padding}\r\n\r\n");
    // The server may close before it has read all of it.
    let _ = stream.write_all(head.as_bytes()).await;
    let answer = read_until_closed(&mut stream).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");

    // A browser's ordinary request (a session cookie, the usual headers) is well within it.
    let ordinary = app
        .client()
        .get(format!("{}/api/welcome", app.base))
        .header("cookie", format!("studyroom_session={}", "x".repeat(64)))
        .header("user-agent", "Mozilla/5.0 ".repeat(20))
        .send()
        .await
        .unwrap();
    assert_eq!(ordinary.status(), 200);
}

/// The head timeout is for a request's head: an open event stream is an answer in progress, and
/// outlives it many times over.
#[tokio::test]
async fn an_event_stream_stays_open_well_past_the_head_timeout() {
    let app = spawn_app().await;
    let addr = served_with_head_timeout(&app, Duration::from_millis(200)).await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let seat = app.seat(&room.id, "W3").await;
    let mut stream = member
        .get(format!("http://{addr}/api/rooms/{}/events", room.id))
        .send()
        .await
        .unwrap()
        .bytes_stream();
    let mut buffer = String::new();
    crate::events::wait_for_seat(&mut stream, &mut buffer, &seat, "free").await;

    // Five head timeouts of a real clock: the connection's own timer, not the app's.
    tokio::time::sleep(Duration::from_secs(1)).await;
    crate::events::book_tonight(&app, &member, &room, "W3").await;
    crate::events::wait_for_seat(&mut stream, &mut buffer, &seat, "booked").await;
}
