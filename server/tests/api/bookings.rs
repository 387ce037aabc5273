use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

// The test clock starts at 21:30 in Shanghai on 2026-11-22.
const S22: &str = "2026-11-22T22:00:00+08:00";
const E23: &str = "2026-11-22T23:00:00+08:00";

#[tokio::test]
async fn a_verified_member_books_a_seat_and_gets_a_random_code_for_its_window() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let r = app
        .book(&member, &room, "W1", S22, "2026-11-23T01:00:00+08:00")
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["booking"]["state"], "upcoming");
    assert_eq!(body["booking"]["seat_label"], "W1");
    let code = body["access_code"]["code"].as_str().unwrap();
    assert_eq!(code.len(), 8);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(
        body["access_code"]["valid_from"], "2026-11-22T21:45:00+08:00",
        "start - early entry"
    );
    assert_eq!(body["access_code"]["valid_until"], "2026-11-23T01:00:00+08:00");
    // Free now; the map learns when it is next booked.
    let seat = app.seat_status(&member, &room, "W1").await;
    assert_eq!(seat["state"], "free");
    assert_eq!(seat["next_start"], S22);

    let id = body["booking"]["id"].as_str().unwrap();
    let again = app.booking_state(&member, id).await;
    assert_eq!(again["access_code"]["code"], code);
    // The answer is built from what was inserted, not read back: it must be the stored booking.
    assert_eq!(again, body, "the booking as answered and as stored");
    let mine: Value = app.get(&member, "/api/bookings").await.json().await.unwrap();
    assert_eq!(mine["bookings"][0]["id"], id);
}

#[tokio::test]
async fn codes_differ_between_bookings() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let mut codes = std::collections::HashSet::new();
    for label in ["W1", "W2", "W3", "W4", "A1", "A2"] {
        let (member, _) = app.verified_member().await;
        codes.insert(app.booked(&member, &room, label, S22, E23).await.1);
    }
    assert_eq!(codes.len(), 6);
}

#[tokio::test]
async fn only_verified_members_who_are_not_suspended_may_book() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (pending, _, _) = app.member().await;
    let r = app.book(&pending, &room, "W1", S22, E23).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "not_verified");
    assert_eq!(
        app.book(&app.client(), &room, "W1", S22, E23).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn booking_a_taken_seat_returns_409() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (first, _) = app.verified_member().await;
    let (second, _) = app.verified_member().await;
    app.booked(&first, &room, "A3", S22, E23).await;
    let r = app
        .book(
            &second,
            &room,
            "A3",
            "2026-11-22T22:30:00+08:00",
            "2026-11-22T23:30:00+08:00",
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "seat_taken");
    // Back to back is fine.
    app.booked(&second, &room, "A3", E23, "2026-11-23T00:00:00+08:00")
        .await;
}

#[tokio::test]
async fn one_person_cannot_hold_two_overlapping_bookings() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    app.booked(&member, &room, "A1", S22, E23).await;
    let r = app
        .book(
            &member,
            &room,
            "A2",
            "2026-11-22T22:30:00+08:00",
            "2026-11-22T23:30:00+08:00",
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "overlapping_booking");
    app.booked(
        &member,
        &room,
        "A2",
        "2026-11-23T09:00:00+08:00",
        "2026-11-23T10:00:00+08:00",
    )
    .await;
}

#[tokio::test]
async fn times_must_follow_the_rooms_rules() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let cases = [
        ("2026-11-22T22:10:00+08:00", E23, "invalid_time"),
        (E23, S22, "invalid_time"),
        ("2026-11-22T21:00:00+08:00", S22, "invalid_time"),
        (S22, "2026-11-23T02:30:00+08:00", "too_long"),
        (
            "2026-11-25T22:00:00+08:00",
            "2026-11-25T23:00:00+08:00",
            "too_far_ahead",
        ),
    ];
    for (start, end, code) in cases {
        let r = app.book(&member, &room, "A1", start, end).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{start}–{end}");
        assert_eq!(error_code(r).await, code, "{start}–{end}");
    }
    let r = app.book(&member, &room, "A1", "not a time", E23).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // The slot that has already begun (21:30, it is 21:30 now) may be booked; four hours is the most.
    app.booked(
        &member,
        &room,
        "A1",
        "2026-11-22T21:30:00+08:00",
        "2026-11-23T01:30:00+08:00",
    )
    .await;
    let nothing: Value = app.get(&member, "/api/bookings").await.json().await.unwrap();
    assert_eq!(
        nothing["bookings"].as_array().unwrap().len(),
        1,
        "no failed attempt was stored"
    );
}

#[tokio::test]
async fn the_same_slot_is_in_utc_what_it_is_locally() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    // 22:00 in Shanghai written in UTC is the same instant and the same slot.
    let (id, _) = app
        .booked(
            &member,
            &room,
            "A1",
            "2026-11-22T14:00:00Z",
            "2026-11-22T15:00:00Z",
        )
        .await;
    let body = app.booking_state(&member, &id).await;
    assert_eq!(body["booking"]["start"], S22);
}

#[tokio::test]
async fn concurrent_bookings_of_one_seat_and_slot_have_exactly_one_winner() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let seat = app.seat(&room.id, "A7").await;
    let mut members = Vec::new();
    for _ in 0..16 {
        members.push(app.verified_member().await.0);
    }
    let attempts = members.iter().map(|client| {
        let url = app.url("/api/bookings");
        let body = serde_json::json!({"seat_id": seat, "start": S22, "end": E23});
        async move { client.post(url).json(&body).send().await.unwrap().status() }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::CREATED).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(),
        15,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn cancelling_revokes_the_code_and_frees_the_seat() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, code) = app.booked(&member, &room, "A5", S22, E23).await;
    let r = app
        .post(
            &member,
            &format!("/api/bookings/{id}/cancel"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = app.booking_state(&member, &id).await;
    assert_eq!(body["booking"]["state"], "cancelled");
    assert_eq!(body["access_code"], Value::Null);
    assert_eq!(app.seat_state(&member, &room, "A5").await, "free");
    app.clock.advance(chrono::Duration::minutes(20));
    let door = app.unlock(&room, &code).await;
    assert_eq!(
        door.status(),
        StatusCode::FORBIDDEN,
        "a revoked code opens nothing"
    );
    let again = app
        .post(
            &member,
            &format!("/api/bookings/{id}/cancel"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "invalid_state");
}

#[tokio::test]
async fn another_members_booking_does_not_exist_for_you() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (owner, _) = app.verified_member().await;
    let (other, _) = app.verified_member().await;
    let (id, _) = app.booked(&owner, &room, "A6", S22, E23).await;
    assert_eq!(
        app.get(&other, &format!("/api/bookings/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(
            &other,
            &format!("/api/bookings/{id}/cancel"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.booking_state(&owner, &id).await["booking"]["state"],
        "upcoming"
    );
}

#[tokio::test]
async fn suspension_revokes_codes_and_stops_booking_until_reinstated() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, id) = app.verified_member().await;
    let manager = app.manager().await;
    let (booking, _) = app.booked(&member, &room, "A8", S22, E23).await;
    let suspend = serde_json::json!({"until": "2026-11-29T00:00:00+08:00", "reason": "三次未到"});
    let r = app
        .post(&manager, &format!("/api/admin/users/{id}/suspend"), &suspend)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = app.booking_state(&member, &booking).await;
    assert_eq!(body["booking"]["state"], "cancelled");
    assert_eq!(body["access_code"], Value::Null);
    let r = app.book(&member, &room, "A8", S22, E23).await;
    assert_eq!(error_code(r).await, "suspended");
    let r = app
        .post(
            &manager,
            &format!("/api/admin/users/{id}/reinstate"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.booked(&member, &room, "A8", S22, E23).await;
}

#[tokio::test]
async fn a_suspension_lifts_itself_when_its_time_is_up() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, id) = app.verified_member().await;
    let manager = app.manager().await;
    let suspend = serde_json::json!({"until": "2026-11-22T23:00:00+08:00", "reason": "未签退"});
    app.post(&manager, &format!("/api/admin/users/{id}/suspend"), &suspend)
        .await;
    app.clock.advance(chrono::Duration::minutes(90));
    app.tick().await;
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "verified");
    app.booked(
        &member,
        &room,
        "A9",
        "2026-11-23T09:00:00+08:00",
        "2026-11-23T10:00:00+08:00",
    )
    .await;
}

#[tokio::test]
async fn erasing_an_account_cancels_its_bookings_and_frees_the_seat() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    app.booked(&member, &room, "A10", S22, E23).await;
    let r = member
        .delete(app.url("/api/me"))
        .json(&serde_json::json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (other, _) = app.verified_member().await;
    assert_eq!(app.seat_state(&other, &room, "A10").await, "free");
}

/// A booking that commits between another request's checks and its insert: only PostgreSQL's
/// exclusion constraints can see it, and their refusal must read as the usual 409s. (SQLite has no
/// such window: its `BEGIN IMMEDIATE` makes writers take turns, so this runs on PostgreSQL only.)
#[tokio::test]
async fn a_booking_committed_after_the_checks_is_refused_by_the_database_with_the_usual_409() {
    if !on_postgres() {
        return;
    }
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (first, _) = app.verified_member().await;
    let (second, _) = app.verified_member().await;
    // Two cancelled bookings, brought back to life below in a transaction held open: the first
    // member's of A1, and the second member's own of A2.
    let mut held = Vec::new();
    for (client, label) in [(&first, "A1"), (&second, "A2")] {
        let (id, _) = app.booked(client, &room, label, S22, E23).await;
        let r = app
            .post(
                client,
                &format!("/api/bookings/{id}/cancel"),
                &serde_json::json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        held.push(id);
    }
    let pool = sqlx::PgPool::connect(&app.db_url).await.unwrap();
    for (id, label, expected) in [
        (&held[0], "A1", "seat_taken"),
        (&held[1], "A3", "overlapping_booking"),
    ] {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("UPDATE bookings SET state = 'upcoming' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        // The second member books now: the checks see nothing live (not yet committed), the insert
        // waits on the held row, then meets it.
        let request = app.book(&second, &room, label, S22, E23);
        let commit = async {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            tx.commit().await.unwrap();
        };
        let (r, ()) = tokio::join!(request, commit);
        assert_eq!(r.status(), StatusCode::CONFLICT, "{label}");
        assert_eq!(error_code(r).await, expected);
    }
}
