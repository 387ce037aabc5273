//! The live event stream: a snapshot of every seat, then each change within the same connection.

use crate::helpers::*;
use futures::StreamExt;
use serde_json::Value;
use std::time::Duration;

/// Reads `seat` events from an open stream until one matches, or fails after 5 s.
pub async fn wait_for_seat(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    seat_id: &str,
    state: &str,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                let v: Value = serde_json::from_str(data).unwrap();
                if event.contains("event: seat") && v["seat_id"] == seat_id && v["state"] == state {
                    return;
                }
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no `{state}` event for the seat"))
            .expect("stream ended")
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// Books seat `label` for tonight, 21:30 to 23:00 on the test clock's day; returns its id and code.
pub async fn book_tonight(
    app: &TestApp,
    member: &reqwest::Client,
    room: &Room,
    label: &str,
) -> (String, String) {
    app.booked(
        member,
        room,
        label,
        "2026-11-22T21:30:00+08:00",
        "2026-11-22T23:00:00+08:00",
    )
    .await
}

#[tokio::test]
async fn the_event_stream_sends_a_snapshot_then_every_change() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (watcher, _) = app.verified_member().await;
    let (member, _) = app.verified_member().await;
    let seat = app.seat(&room.id, "W3").await;
    let r = app.get(&watcher, &format!("/api/rooms/{}/events", room.id)).await;
    assert_eq!(r.headers()["content-type"], "text/event-stream");
    assert_eq!(
        r.headers()["x-accel-buffering"],
        "no",
        "a proxy in front must not hold events back"
    );
    let mut stream = r.bytes_stream();
    let mut buffer = String::new();
    wait_for_seat(&mut stream, &mut buffer, &seat, "free").await;

    let (id, code) = book_tonight(&app, &member, &room, "W3").await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "booked").await;
    app.unlock(&room, &code).await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "occupied").await;
    app.post(
        &member,
        &format!("/api/bookings/{id}/leave"),
        &serde_json::json!({}),
    )
    .await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "away").await;
    app.post(
        &member,
        &format!("/api/bookings/{id}/checkout"),
        &serde_json::json!({}),
    )
    .await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "free").await;
}

#[tokio::test]
async fn a_reconnecting_client_gets_the_current_state_at_once() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let seat = app.seat(&room.id, "W4").await;
    let (_, code) = book_tonight(&app, &member, &room, "W4").await;
    app.unlock(&room, &code).await;
    let mut stream = app
        .get(&member, &format!("/api/rooms/{}/events", room.id))
        .await
        .bytes_stream();
    let mut buffer = String::new();
    wait_for_seat(&mut stream, &mut buffer, &seat, "occupied").await;
    assert_eq!(
        app.get(&app.client(), &format!("/api/rooms/{}/events", room.id))
            .await
            .status(),
        401
    );
}

/// When this instance may have missed what the others told (`Events::resync`), each room stream
/// sends every seat again, as it is now.
#[tokio::test]
async fn after_a_resync_the_stream_sends_every_seat_again() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let seat = app.seat(&room.id, "W3").await;
    let mut stream = app
        .get(&member, &format!("/api/rooms/{}/events", room.id))
        .await
        .bytes_stream();
    let mut buffer = String::new();
    wait_for_seat(&mut stream, &mut buffer, &seat, "free").await;
    book_tonight(&app, &member, &room, "W3").await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "booked").await;

    app.state.events.resync();
    wait_for_seat(&mut stream, &mut buffer, &seat, "booked").await;
}

/// Reads the stream until it ends; fails if it is still open after 5 s.
pub async fn wait_for_end(stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin)) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => panic!("the stream is still open"),
            Ok(None) | Ok(Some(Err(_))) => return,
            Ok(Some(Ok(_))) => {}
        }
    }
}

#[tokio::test]
async fn the_stream_ends_when_its_session_ends() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let path = format!("/api/rooms/{}/events", room.id);
    for how in ["logout", "logout-all", "erase"] {
        let (watcher, _) = app.verified_member().await;
        let r = app.get(&watcher, &path).await;
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        let mut stream = r.bytes_stream();
        // The snapshot arrives first: the stream is live.
        stream.next().await.unwrap().unwrap();
        let r = match how {
            "logout" => watcher.post(app.url("/api/auth/logout")).send().await.unwrap(),
            "logout-all" => watcher
                .post(app.url("/api/auth/logout-all"))
                .send()
                .await
                .unwrap(),
            _ => watcher
                .delete(app.url("/api/me"))
                .json(&serde_json::json!({"password": PASSWORD}))
                .send()
                .await
                .unwrap(),
        };
        assert!(r.status().is_success(), "{how}");
        wait_for_end(&mut stream).await;
    }
}

/// One person holds at most `streams_per_person` streams open (`streams.rs`): past it, 429
/// `too_many_attempts` with `Retry-After`, and a stream that closes gives its place back.
#[tokio::test]
async fn one_person_may_hold_only_so_many_streams_open() {
    let app = spawn_app_with(studyroom_server::ServerOptions {
        streams_per_person: 2,
        ..Default::default()
    })
    .await;
    let room = app.demo_room().await;
    let (member, member_id) = app.verified_member().await;
    let (other, _) = app.verified_member().await;
    let map = format!("/api/rooms/{}/events", room.id);
    let first = app.get(&member, &map).await;
    let second = app.get(&member, "/api/me/events").await;
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));

    let refused = app.get(&member, &map).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(app.get(&member, "/api/me/events").await.status(), 429);
    assert_eq!(app.state.streams.held_by(&member_id), 2);
    // Someone else's streams are their own.
    assert_eq!(app.get(&other, &map).await.status(), 200);

    // Closing one (the phone left the page) gives its place back, once the server sees it gone.
    drop(first);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let again = app.get(&member, &map).await;
        if again.status() == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the closed stream's place never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
