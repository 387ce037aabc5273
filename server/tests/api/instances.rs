//! Two instances of the server over one PostgreSQL database, as behind a load balancer: what one
//! decides, the other sees at once, and a rule split across them holds exactly as on one. These
//! run on PostgreSQL only (SQLite is one instance by design).

use crate::events::{wait_for_end, wait_for_seat};
use crate::helpers::*;
use chrono::Duration;
use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

const S22: &str = "2026-11-22T22:00:00+08:00";
const E23: &str = "2026-11-22T23:00:00+08:00";
const NOW: &str = "2026-11-22T21:30:00+08:00";

/// Two instances over one fresh database, or `None` on SQLite.
async fn two_instances() -> Option<(TestApp, TestApp)> {
    if !on_postgres() {
        return None;
    }
    let a = spawn_app().await;
    let b = a.another_instance().await;
    Some((a, b))
}

/// Ends every connection of this database whose `application_name` is `name`, as a network
/// failure or a database restart would; returns how many.
async fn cut_connections(app: &TestApp, name: &str) -> i64 {
    let pool = sqlx::PgPool::connect(&app.db_url).await.unwrap();
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind(name)
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    cut.into_iter().filter(|c| *c).count() as i64
}

#[tokio::test]
async fn a_booking_race_split_across_two_instances_books_the_seat_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let seat = a.seat(&room.id, "W1").await;
    let mut members = Vec::new();
    for _ in 0..8 {
        members.push(a.verified_member().await.0);
    }
    let attempts = members.iter().enumerate().map(|(i, member)| {
        let app = if i % 2 == 0 { &a } else { &b };
        let body = json!({"seat_id": seat, "start": S22, "end": E23});
        async move { app.post(member, "/api/bookings", &body).await }
    });
    let answers = futures::future::join_all(attempts).await;
    let mut created = 0;
    for r in answers {
        match r.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => assert_eq!(error_code(r).await, "seat_taken"),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 1, "exactly one of the eight gets the seat");
}

#[tokio::test]
async fn a_door_brute_force_split_across_two_instances_is_stopped_as_on_one() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let (member, _) = a.verified_member().await;
    let (_, code) = a.booked(&member, &room, "A2", NOW, E23).await;
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    // Taking turns: five free failures in all, then both keypads are locked.
    for i in 0..5 {
        let app = if i % 2 == 0 { &a } else { &b };
        assert_eq!(app.unlock(&room, wrong).await.status(), StatusCode::FORBIDDEN);
    }
    for app in [&b, &a] {
        let r = app.unlock(&room, wrong).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(error_code(r).await, "door_locked_out");
        assert_eq!(
            app.unlock(&room, &code).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "even the right code waits"
        );
    }
}

#[tokio::test]
async fn guesses_sent_at_once_to_two_instances_cannot_slip_past_the_door_count() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let fresh = a.demo_room().await;
    let (looked_at, statuses) = wrong_codes_at_once(&[&a, &b], &fresh, 12).await;
    assert_eq!(
        looked_at, 5,
        "only the free failures are answered 403: {statuses:?}"
    );
}

#[tokio::test]
async fn password_guesses_split_across_two_instances_lock_the_account_as_on_one() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let (_, _, phone) = a.member().await;
    let wrong = json!({"phone": phone, "password": "guess-guess"});
    for i in 0..4 {
        let app = if i % 2 == 0 { &a } else { &b };
        let r = app.post(&app.client(), "/api/auth/login", &wrong).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let fifth = b.post(&b.client(), "/api/auth/login", &wrong).await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let right = json!({"phone": phone, "password": PASSWORD});
    assert_eq!(
        a.post(&a.client(), "/api/auth/login", &right).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "locked on the other instance too"
    );
}

#[tokio::test]
async fn the_audit_chain_stays_one_chain_when_both_instances_write_at_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let before: i64 = a.db().await.scalar("SELECT COUNT(*) FROM audit", &[]).await;
    let room = &room;
    let attempts = (0..20).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        async move { app.unlock(room, &format!("{:08}", 90_000_000 + i)).await.status() }
    });
    futures::future::join_all(attempts).await;
    let db = b.db().await;
    let after = db.scalar("SELECT COUNT(*) FROM audit", &[]).await;
    assert_eq!(after - before, 20, "every attempt is audited once");
    let (low, high) = (
        db.scalar("SELECT MIN(seq) FROM audit", &[]).await,
        db.scalar("SELECT MAX(seq) FROM audit", &[]).await,
    );
    assert_eq!(high - low + 1, after, "no gaps in the sequence");
    let manager = b.manager().await;
    let verify: Value = b
        .get(&manager, "/api/admin/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verify["ok"], true, "one chain, no forks: {verify}");
    let now = db.scalar("SELECT COUNT(*) FROM audit", &[]).await;
    assert_eq!(
        verify["entries"].as_i64().unwrap(),
        now,
        "the whole chain was walked"
    );
}

#[tokio::test]
async fn an_entry_granted_through_one_instance_reaches_a_phone_on_the_other_within_a_second() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let (watcher, _) = b.verified_member().await;
    let (member, _) = a.verified_member().await;
    let seat = a.seat(&room.id, "W3").await;
    // B's map is read (and kept in B's cache) before anything happens.
    assert_eq!(b.seat_state(&watcher, &room, "W3").await, "free");
    let r = b.get(&watcher, &format!("/api/rooms/{}/events", room.id)).await;
    let mut stream = r.bytes_stream();
    let mut buffer = String::new();
    wait_for_seat(&mut stream, &mut buffer, &seat, "free").await;

    let (_, code) = a.booked(&member, &room, "W3", NOW, E23).await;
    wait_for_seat(&mut stream, &mut buffer, &seat, "booked").await;
    assert_eq!(
        b.seat_state(&watcher, &room, "W3").await,
        "booked",
        "B's cache forgot"
    );
    let granted = std::time::Instant::now();
    assert_eq!(a.unlock(&room, &code).await.status(), StatusCode::OK);
    wait_for_seat(&mut stream, &mut buffer, &seat, "occupied").await;
    assert!(
        granted.elapsed() < std::time::Duration::from_secs(1),
        "seen on B {:?} after A granted it",
        granted.elapsed()
    );
}

#[tokio::test]
async fn a_room_edited_on_one_instance_is_seen_at_once_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let (member, _) = b.verified_member().await;
    let path = format!("/api/rooms/{}", room.id);
    let shown: Value = b.get(&member, &path).await.json().await.unwrap();
    assert_eq!(shown["room"]["name"], studyroom_server::demo::ROOM_NAME);
    let manager = a.manager().await;
    let mut edited = json!({
        "name": "另一间书斋",
        "address": shown["room"]["address"],
        "rules": shown["room"]["rules"],
        "seats": shown["room"]["seats"],
    });
    edited["seats"].as_array_mut().unwrap().pop();
    let r = manager
        .put(a.url(&format!("/api/admin/rooms/{}", room.id)))
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let now: Value = b.get(&member, &path).await.json().await.unwrap();
    assert_eq!(now["room"]["name"], "另一间书斋");
    assert_eq!(
        now["room"]["seats"].as_array().unwrap().len() + 1,
        shown["room"]["seats"].as_array().unwrap().len(),
        "B's kept layout was forgotten"
    );
}

#[tokio::test]
async fn a_session_ended_or_a_member_suspended_on_one_instance_is_refused_at_once_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    // Logged in on A; B serves the same cookie (one database) and opens a stream with it. The
    // cookie is sent by hand: logging out also empties a browser's cookie jar, which would hide a
    // session B still believed in.
    let (_, _, phone) = a.verified_member_with_phone().await;
    let cookie = a.session_cookie(&phone).await;
    let with_cookie = |app: &TestApp, method: reqwest::Method, path: &str| {
        reqwest::Client::new()
            .request(method, app.url(path))
            .header("cookie", &cookie)
    };
    let me = || async {
        with_cookie(&b, reqwest::Method::GET, "/api/me")
            .send()
            .await
            .unwrap()
    };
    assert_eq!(me().await.status(), StatusCode::OK);
    let r = with_cookie(
        &b,
        reqwest::Method::GET,
        &format!("/api/rooms/{}/events", room.id),
    )
    .send()
    .await
    .unwrap();
    let mut stream = r.bytes_stream();
    stream.next().await.unwrap().unwrap();
    let r = with_cookie(&a, reqwest::Method::POST, "/api/auth/logout")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(me().await.status(), StatusCode::UNAUTHORIZED);
    wait_for_end(&mut stream).await;

    // Suspended through A: B refuses their booking at once.
    let member = a.log_in(&phone).await;
    let id: String = b.get(&member, "/api/me").await.json::<Value>().await.unwrap()["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let manager = a.manager().await;
    let r = a
        .post(
            &manager,
            &format!("/api/admin/users/{id}/suspend"),
            &json!({"until": "2026-12-01T00:00:00+08:00", "reason": "测试"}),
        )
        .await;
    assert!(r.status().is_success());
    let shown: Value = b.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(
        shown["user"]["status"], "suspended",
        "B forgot what it kept of them"
    );
    let r = b.book(&member, &room, "A1", S22, E23).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_door_revoked_on_one_instance_is_refused_at_once_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    // B has authenticated the door (and would keep it, were doors kept per process).
    assert_eq!(b.unlock(&room, "12345678").await.status(), StatusCode::FORBIDDEN);
    let manager = a.manager().await;
    let r = manager
        .delete(a.url(&format!("/api/admin/doors/{}", room.door_id)))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        b.unlock(&room, "12345678").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_time_rules_run_on_one_instance_and_another_takes_over_when_it_dies() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let (member, _) = a.verified_member().await;
    a.tick().await; // A leads from its first tick.
    let (first, _) = a.booked(&member, &room, "A1", S22, E23).await;
    a.clock.advance(Duration::minutes(45)); // 22:15: the grace is over
    b.tick().await;
    assert_eq!(
        b.booking_state(&member, &first).await["booking"]["state"],
        "upcoming",
        "B does not run the rules while A leads"
    );
    a.tick().await;
    assert_eq!(
        b.booking_state(&member, &first).await["booking"]["state"],
        "no_show"
    );

    // A's connection dies (as with A itself): B takes over at its next tick, and A stands down.
    assert_eq!(cut_connections(&a, "studyroom-time-rules").await, 1);
    let (second, _) = a
        .booked(&member, &room, "A2", "2026-11-22T22:30:00+08:00", E23)
        .await;
    a.clock.advance(Duration::minutes(30)); // 22:45
    b.tick().await;
    assert_eq!(
        a.booking_state(&member, &second).await["booking"]["state"],
        "no_show",
        "B took over"
    );
    let (third, _) = a
        .booked(
            &member,
            &room,
            "A3",
            "2026-11-22T23:00:00+08:00",
            "2026-11-22T23:30:00+08:00",
        )
        .await;
    a.clock.advance(Duration::minutes(30)); // 23:15
    a.tick().await;
    assert_eq!(
        a.booking_state(&member, &third).await["booking"]["state"],
        "upcoming",
        "A no longer leads"
    );
    b.tick().await;
    assert_eq!(
        a.booking_state(&member, &third).await["booking"]["state"],
        "no_show"
    );
}

/// Reads `seat` events until every one of `seats` has come, or fails after 5 s.
async fn every_seat_comes(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    seats: &[String],
) {
    let mut missing: std::collections::HashSet<&str> = seats.iter().map(String::as_str).collect();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !missing.is_empty() {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                let v: Value = serde_json::from_str(data).unwrap();
                missing.remove(v["seat_id"].as_str().unwrap_or_default());
            }
        }
        if missing.is_empty() {
            break;
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("{} seats never came again", missing.len()))
            .expect("stream ended")
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_dropped_connection_to_the_database_comes_back_with_a_fresh_snapshot() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let room = a.demo_room().await;
    let (watcher, _) = b.verified_member().await;
    let (member, _) = a.verified_member().await;
    let seats: Vec<String> = a
        .state
        .store
        .seats(&room.id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let r = b.get(&watcher, &format!("/api/rooms/{}/events", room.id)).await;
    let mut stream = r.bytes_stream();
    let mut buffer = String::new();
    every_seat_comes(&mut stream, &mut buffer, &seats).await;

    assert_eq!(
        cut_connections(&a, "studyroom-listen").await,
        2,
        "both instances listen"
    );
    // Once B listens again, every seat comes again on the open stream (nothing changed them).
    every_seat_comes(&mut stream, &mut buffer, &seats).await;
    // And changes through A still reach B, even when A's own connection for telling was cut too.
    cut_connections(&a, "studyroom-relay").await;
    let w3 = a.seat(&room.id, "W3").await;
    a.booked(&member, &room, "W3", NOW, E23).await;
    wait_for_seat(&mut stream, &mut buffer, &w3, "booked").await;
}
