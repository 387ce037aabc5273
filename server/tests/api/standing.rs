//! A person's standing: suspensions that return people to what they were, login throttles that
//! wear off, a bounded password-hashing pool, and no live code for anyone who may not book.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Instant;

const S22: &str = "2026-11-22T22:00:00+08:00";
const E23: &str = "2026-11-22T23:00:00+08:00";

async fn suspend(app: &TestApp, manager: &reqwest::Client, user: &str, until: &str) -> reqwest::Response {
    app.post(
        manager,
        &format!("/api/admin/users/{user}/suspend"),
        &json!({"until": until, "reason": "三次未到"}),
    )
    .await
}

async fn status(app: &TestApp, client: &reqwest::Client) -> String {
    let me: Value = app.get(client, "/api/me").await.json().await.unwrap();
    me["user"]["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_pending_member_cannot_be_suspended_into_verified() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (pending, id, _) = app.member().await;
    let r = suspend(&app, &manager, &id, "2026-11-23T10:00:00+08:00").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "invalid_state");
    app.clock.advance(Duration::days(2));
    app.tick().await;
    assert_eq!(
        status(&app, &pending).await,
        "pending",
        "nobody has seen their ID yet"
    );
}

#[tokio::test]
async fn a_suspension_that_runs_out_returns_a_verified_member_to_verified() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (member, id) = app.verified_member().await;
    assert_eq!(
        suspend(&app, &manager, &id, "2026-11-23T10:00:00+08:00")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(status(&app, &member).await, "suspended");
    app.clock.advance(Duration::days(1));
    app.tick().await;
    assert_eq!(status(&app, &member).await, "verified");
}

#[tokio::test]
async fn login_failures_leak_away_so_a_lockout_never_becomes_permanent() {
    let app = spawn_app().await;
    let (_, _, phone) = app.member().await;
    let client = app.client();
    let wrong = json!({"phone": phone, "password": "wrong password"});
    let right = json!({"phone": phone, "password": PASSWORD});
    for _ in 0..4 {
        app.post(&client, "/api/auth/login", &wrong).await;
    }
    assert_eq!(
        app.post(&client, "/api/auth/login", &wrong).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // An attacker who comes back once an hour, after each lock-out, no longer keeps the account
    // locked: the failures have leaked away meanwhile, so the owner gets in between.
    for _ in 0..6 {
        app.clock.advance(Duration::hours(1));
        let r = app.post(&client, "/api/auth/login", &wrong).await;
        assert_eq!(
            r.status(),
            StatusCode::UNAUTHORIZED,
            "no lock-out from one guess an hour"
        );
    }
    app.clock.advance(Duration::minutes(1));
    assert_eq!(
        app.post(&client, "/api/auth/login", &right).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn password_hashing_is_bounded_and_other_requests_keep_being_answered() {
    let app = spawn_app().await;
    let bound = std::thread::available_parallelism().map_or(2, usize::from);
    let logins: Vec<_> = (0..24)
        .map(|_| {
            let url = app.url("/api/auth/login");
            let body = json!({"phone": new_phone(), "password": "some password"});
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    // Meanwhile the rest of the API answers promptly.
    let started = Instant::now();
    let health = reqwest::get(app.url("/api/health")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let health_took = started.elapsed();
    let mut statuses = Vec::new();
    for l in logins {
        statuses.push(l.await.unwrap());
    }
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    assert!(
        app.state.hasher.most_at_once() <= bound,
        "{} > {bound}",
        app.state.hasher.most_at_once()
    );
    assert!(app.state.hasher.most_at_once() >= 1);
    assert!(health_took < std::time::Duration::from_secs(2), "{health_took:?}");
}

#[tokio::test]
async fn past_the_hashing_bound_the_answer_is_503_with_retry_after() {
    use studyroom_server::password::Hasher;
    // A pool of one whose callers wait 5 ms for a turn: a hash takes far longer, so of several at
    // once the first runs and the rest are told to come back rather than queue without end.
    let hasher = Hasher::with_wait(1, std::time::Duration::from_millis(5));
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let h = hasher.clone();
            tokio::spawn(async move { h.hash("a long enough password".into()).await })
        })
        .collect();
    let mut refused = None;
    let mut done = 0;
    for c in calls {
        match c.await.unwrap() {
            Ok(_) => done += 1,
            Err(e) => refused = Some(e),
        }
    }
    assert!(done >= 1);
    assert_eq!(hasher.most_at_once(), 1);
    let response = axum::response::IntoResponse::into_response(refused.expect("never refused"));
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_suspended_or_erased_member_never_keeps_a_live_code() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, id) = app.verified_member().await;
    // Bookings racing the suspension: whatever the order, none survives it with a code.
    let seats = ["A1", "A2", "A3", "A4", "A5", "A6"];
    let times = [
        ("2026-11-22T22:00:00+08:00", "2026-11-22T22:30:00+08:00"),
        ("2026-11-22T22:30:00+08:00", "2026-11-22T23:00:00+08:00"),
        ("2026-11-22T23:00:00+08:00", "2026-11-22T23:30:00+08:00"),
        ("2026-11-23T09:00:00+08:00", "2026-11-23T09:30:00+08:00"),
        ("2026-11-23T10:00:00+08:00", "2026-11-23T10:30:00+08:00"),
        ("2026-11-23T11:00:00+08:00", "2026-11-23T11:30:00+08:00"),
    ];
    let mut racing = Vec::new();
    for (seat, (start, end)) in seats.iter().zip(times) {
        let seat_id = app.seat(&room.id, seat).await;
        let (client, url) = (member.clone(), app.url("/api/bookings"));
        racing.push(tokio::spawn(async move {
            client
                .post(url)
                .json(&json!({"seat_id": seat_id, "start": start, "end": end}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let suspended = suspend(&app, &manager, &id, "2026-11-30T10:00:00+08:00").await;
    assert_eq!(suspended.status(), StatusCode::OK);
    for r in racing {
        let s = r.await.unwrap();
        assert!(s == StatusCode::CREATED || s == StatusCode::FORBIDDEN, "{s}");
    }
    let live = app
        .db()
        .await
        .scalar(
            "SELECT COUNT(*) FROM bookings WHERE user_id = ? AND (code_index IS NOT NULL OR state IN ('upcoming','active','away'))",
            &[(&id).into()],
        )
        .await;
    assert_eq!(live, 0);
    let r = app.book(&member, &room, "A7", S22, E23).await;
    assert_eq!(error_code(r).await, "suspended");

    // Erasure likewise takes every live booking and its code with it, in one go.
    let (other, other_id) = app.verified_member().await;
    let (booking, code) = app.booked(&other, &room, "A8", S22, E23).await;
    let r = other
        .delete(app.url("/api/me"))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    app.clock.advance(Duration::minutes(20));
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::FORBIDDEN);
    let state = app
        .db()
        .await
        .text("SELECT state FROM bookings WHERE id = ?", &[(&booking).into()])
        .await;
    assert_eq!(state, "cancelled");
    assert!(!other_id.is_empty());
}

#[tokio::test]
async fn the_booking_transaction_itself_refuses_someone_suspended_meanwhile() {
    use studyroom_server::store::{InsertOutcome, NewBookingRecord};
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (_, id) = app.verified_member().await;
    // Suspended after their request passed the handler's check: the store reads the standing again.
    suspend(&app, &manager, &id, "2026-11-30T10:00:00+08:00").await;
    let seat_id = app.seat(&room.id, "A9").await;
    let start = chrono::DateTime::parse_from_rfc3339(S22).unwrap().to_utc();
    let record = NewBookingRecord {
        id: "b-race".into(),
        room_id: room.id.clone(),
        seat_id,
        user_id: id,
        start,
        end: start + Duration::hours(1),
        booked_at: app.clock_now(),
        code_from: start - Duration::minutes(15),
        code_index: vec![1; 32],
        code_enc: vec![2; 40],
    };
    let audit = studyroom_server::audit::NewEntry::new(app.clock_now(), "booking_created", "test", "race");
    let outcome = app.state.store.insert_booking(&record, &audit).await.unwrap();
    assert_eq!(outcome, InsertOutcome::NotAllowed);
}
