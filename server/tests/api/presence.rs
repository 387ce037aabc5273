//! The app's open door proves presence: the kiosk's current presence code, or nothing opens.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

const E23: &str = "2026-11-22T23:00:00+08:00";
const NOW_SLOT: &str = "2026-11-22T21:30:00+08:00";

async fn open_with(
    app: &TestApp,
    member: &reqwest::Client,
    booking: &str,
    door: &str,
    presence: &str,
) -> reqwest::Response {
    app.post(
        member,
        &format!("/api/bookings/{booking}/open-door"),
        &json!({"door_id": door, "presence": presence}),
    )
    .await
}

#[tokio::test]
async fn the_kiosk_shows_a_presence_code_with_its_token_only() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let path = format!("/api/doors/{}/presence", room.door_id);
    let r = reqwest::Client::new()
        .get(app.url(&path))
        .bearer_auth(&room.door_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], app.presence(&room.door_id).as_str());
    assert_eq!(body["code"].as_str().unwrap().len(), 6);
    assert_eq!(body["valid_until"], "2026-11-22T21:30:30+08:00");
    for token in ["wrong", ""] {
        let r = reqwest::Client::new()
            .get(app.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(r).await, "unauthenticated");
    }
    let r = reqwest::Client::new().get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn opening_without_the_presence_code_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A1", NOW_SLOT, E23).await;
    let current = app.presence(&room.door_id);
    let wrong = if current == "000000" { "111111" } else { "000000" };
    for (door, presence) in [
        (room.door_id.as_str(), wrong),
        (room.door_id.as_str(), ""),
        (room.door_id.as_str(), "12ab56"),
        ("no-such-door", current.as_str()),
    ] {
        let r = open_with(&app, &member, &id, door, presence).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{door} {presence}");
        assert_eq!(error_code(r).await, "presence_required");
    }
    // The old body-less form is malformed now.
    let r = app
        .post(&member, &format!("/api/bookings/{id}/open-door"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "upcoming"
    );
    assert_eq!(app.seat_state(&member, &room, "A1").await, "booked");
}

#[tokio::test]
async fn the_current_and_previous_code_open_an_older_one_does_not() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A2", NOW_SLOT, E23).await;
    let shown = app.presence(&room.door_id);
    // Read just before the screen changed: still good one step later.
    app.clock.advance(Duration::seconds(30));
    let r = open_with(&app, &member, &id, &room.door_id, &shown).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "active"
    );
    assert_eq!(app.seat_state(&member, &room, "A2").await, "occupied");

    // Out for a while; back with a code two steps old: refused.
    app.post(&member, &format!("/api/bookings/{id}/leave"), &json!({}))
        .await;
    let old = app.presence(&room.door_id);
    app.clock.advance(Duration::seconds(60));
    let r = open_with(&app, &member, &id, &room.door_id, &old).await;
    assert_eq!(error_code(r).await, "presence_required");
    assert_eq!(app.booking_state(&member, &id).await["booking"]["state"], "away");
    // With today's code the return counts.
    assert_eq!(app.open_door(&member, &room, &id).await.status(), StatusCode::OK);
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "active"
    );
}

#[tokio::test]
async fn another_rooms_door_or_a_door_without_a_screen_proves_nothing() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let other: Value = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "东厢", "seats": [{"label": "1", "x": 0, "y": 0}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let other_room = other["room"]["id"].as_str().unwrap();
    let other_door: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{other_room}/doors"),
            &json!({"name": "门"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let keypad: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{}/doors", room.id),
            &json!({"name": "键盘门", "screen": false}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (member, _) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A3", NOW_SLOT, E23).await;
    for door in [
        other_door["door"]["id"].as_str().unwrap(),
        keypad["door"]["id"].as_str().unwrap(),
    ] {
        let code = app.presence(door);
        let r = open_with(&app, &member, &id, door, &code).await;
        assert_eq!(error_code(r).await, "presence_required", "{door}");
    }
    // A door without a screen has no presence code to show, and the room lists only screen doors.
    let r = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/doors/{}/presence",
            keypad["door"]["id"].as_str().unwrap()
        )))
        .bearer_auth(keypad["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let shown: Value = app
        .get(&member, &format!("/api/rooms/{}", room.id))
        .await
        .json()
        .await
        .unwrap();
    let doors: Vec<&str> = shown["room"]["doors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(doors, [room.door_id.as_str()]);
}

#[tokio::test]
async fn wrong_presence_codes_count_against_the_person() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A4", NOW_SLOT, E23).await;
    let current = app.presence(&room.door_id);
    let wrong = if current == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let r = open_with(&app, &member, &id, &room.door_id, wrong).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let fifth = open_with(&app, &member, &id, &room.door_id, wrong).await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(fifth).await, "too_many_attempts");
    // Locked: even the right code waits, and the booking is untouched.
    let r = app.open_door(&member, &room, &id).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "upcoming"
    );
    // The keypad with the access code still works for them; the lock-out wears off.
    app.clock.advance(Duration::minutes(1));
    assert_eq!(app.open_door(&member, &room, &id).await.status(), StatusCode::OK);
}
