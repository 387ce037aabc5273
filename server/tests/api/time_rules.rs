//! The time rules, driven by moving the test clock and running the ticker: never by sleeping.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

const S22: &str = "2026-11-22T22:00:00+08:00";
const E23: &str = "2026-11-22T23:00:00+08:00";

#[tokio::test]
async fn not_entering_within_the_grace_is_a_no_show_that_frees_the_seat() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (id, code) = app.booked(&member, &room, "A1", S22, E23).await;
    app.clock.advance(Duration::minutes(44)); // 22:14
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "upcoming"
    );
    app.clock.advance(Duration::minutes(1)); // 22:15 = start + 15
    app.tick().await;
    let body = app.booking_state(&member, &id).await;
    assert_eq!(body["booking"]["state"], "no_show");
    assert_eq!(body["access_code"], Value::Null);
    assert_eq!(app.seat_state(&member, &room, "A1").await, "free");
    assert_eq!(app.violations(&user).await, 1);
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn booking_the_current_slot_late_still_gives_the_full_grace() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    app.clock.advance(Duration::minutes(20)); // 21:50, inside the 21:30 slot
    let (id, _) = app
        .booked(&member, &room, "A2", "2026-11-22T21:30:00+08:00", E23)
        .await;
    app.clock.advance(Duration::minutes(14)); // 22:04: past start + 15, not past booked_at + 15
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "upcoming"
    );
    app.clock.advance(Duration::minutes(1)); // 22:05
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "no_show"
    );
}

#[tokio::test]
async fn stepping_out_holds_the_seat_and_coming_back_through_the_door_returns_it() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (id, code) = app
        .booked(&member, &room, "A3", "2026-11-22T21:30:00+08:00", E23)
        .await;
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::OK);
    let r = app
        .post(&member, &format!("/api/bookings/{id}/leave"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["booking"]["state"], "away");
    assert_eq!(body["booking"]["away_until"], "2026-11-22T22:00:00+08:00");
    assert_eq!(app.seat_state(&member, &room, "A3").await, "away");
    app.clock.advance(Duration::minutes(29));
    app.tick().await;
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::OK);
    let body = app.booking_state(&member, &id).await;
    assert_eq!(body["booking"]["state"], "active");
    assert_eq!(body["booking"]["away_until"], Value::Null);
    assert_eq!(app.violations(&user).await, 0);
}

#[tokio::test]
async fn not_coming_back_ends_the_booking_with_a_violation() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (id, code) = app
        .booked(&member, &room, "A4", "2026-11-22T21:30:00+08:00", E23)
        .await;
    app.open_door(&member, &room, &id).await;
    app.post(&member, &format!("/api/bookings/{id}/leave"), &json!({}))
        .await;
    app.clock.advance(Duration::minutes(30));
    app.tick().await;
    let body = app.booking_state(&member, &id).await;
    assert_eq!(body["booking"]["state"], "completed");
    assert_eq!(body["access_code"], Value::Null);
    assert_eq!(app.violations(&user).await, 1);
    assert_eq!(app.seat_state(&member, &room, "A4").await, "free");
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn checking_out_ends_the_booking_and_frees_the_seat() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, code) = app
        .booked(&member, &room, "A5", "2026-11-22T21:30:00+08:00", E23)
        .await;
    let early = app
        .post(&member, &format!("/api/bookings/{id}/checkout"), &json!({}))
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT, "not in yet");
    app.unlock(&room, &code).await;
    let r = app
        .post(&member, &format!("/api/bookings/{id}/checkout"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "completed"
    );
    assert_eq!(app.seat_state(&member, &room, "A5").await, "free");
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_booking_ends_on_its_own_at_its_end_even_past_midnight() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (id, code) = app
        .booked(
            &member,
            &room,
            "A6",
            "2026-11-22T22:30:00+08:00",
            "2026-11-23T01:00:00+08:00",
        )
        .await;
    app.clock.advance(Duration::minutes(60)); // 22:30
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::OK);
    app.clock.advance(Duration::minutes(149)); // 00:59
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "active"
    );
    app.clock.advance(Duration::minutes(1)); // 01:00
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "completed"
    );
    assert_eq!(app.violations(&user).await, 0);
}

#[tokio::test]
async fn the_apps_open_door_only_works_inside_the_window() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A7", S22, E23).await;
    let r = app.open_door(&member, &room, &id).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "outside_window");
    app.clock.advance(Duration::minutes(15));
    let r = app.open_door(&member, &room, &id).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.seat_state(&member, &room, "A7").await, "occupied");
}

#[tokio::test]
async fn deadlines_that_fell_while_the_server_was_down_carry_no_violation() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (down, _) = app.booked(&member, &room, "A2", S22, E23).await;
    let (other, other_user) = app.verified_member().await;
    let (later, _) = app
        .booked(
            &other,
            &room,
            "A3",
            "2026-11-23T00:30:00+08:00",
            "2026-11-23T01:00:00+08:00",
        )
        .await;
    app.tick().await; // 21:30: the server is running
    // Down from 21:30 to 23:55: A2's grace ran out at 22:15 with nobody able to use the door.
    app.clock.advance(Duration::minutes(145));
    app.restart_ticker().await;
    app.tick().await;
    let body = app.booking_state(&member, &down).await;
    assert_eq!(body["booking"]["state"], "no_show");
    assert_eq!(body["access_code"], Value::Null);
    assert_eq!(app.violations(&user).await, 0, "nobody could come in");
    // Once it runs again, the rules apply as always.
    app.clock.advance(Duration::minutes(50)); // 00:45 = 00:30 + 15
    app.tick().await;
    assert_eq!(
        app.booking_state(&other, &later).await["booking"]["state"],
        "no_show"
    );
    assert_eq!(app.violations(&other_user).await, 1);
}

#[tokio::test]
async fn one_malformed_row_is_skipped_and_the_rules_go_on_for_the_others() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let (id, _) = app.booked(&member, &room, "A4", S22, E23).await;
    // A row whose end cannot be a time: it is due (its grace passed) but cannot be read. Someone
    // else's: stretched over all time, it would overlap this member's other booking, which
    // PostgreSQL's exclusion constraint refuses.
    let (other, _) = app.verified_member().await;
    let (broken, _) = app
        .booked(
            &other,
            &room,
            "A5",
            "2026-11-23T09:00:00+08:00",
            "2026-11-23T10:00:00+08:00",
        )
        .await;
    app.db()
        .await
        .execute(
            "UPDATE bookings SET start_at = 0, booked_at = 0, end_at = 9223372036854775000 WHERE id = ?",
            &[(&broken).into()],
        )
        .await;
    app.clock.advance(Duration::minutes(45));
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "no_show"
    );
    assert_eq!(app.violations(&user).await, 1);
    app.tick().await; // and again: the bad row does not stop later ticks either
}
