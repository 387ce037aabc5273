//! The seat map is served from memory (`room_cache.rs`): these read it first, so that it is kept,
//! then change what it shows in every way the server allows, and read it again at once.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn map(app: &TestApp, client: &reqwest::Client, room: &Room) -> Value {
    app.get(client, &format!("/api/rooms/{}", room.id))
        .await
        .json::<Value>()
        .await
        .unwrap()["room"]
        .clone()
}

fn door_names(room: &Value) -> Vec<String> {
    room["doors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn doors_a_manager_adds_hides_or_revokes_show_on_the_next_read() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, _) = app.verified_member().await;
    let before = door_names(&map(&app, &member, &room).await);

    let created: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{}/doors", room.id),
            &json!({"name": "侧门平板", "screen": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    let side = created["door"]["id"].as_str().unwrap().to_owned();
    let shown = door_names(&map(&app, &member, &room).await);
    assert!(shown.contains(&"侧门平板".to_owned()), "{shown:?}");

    let r = manager
        .patch(app.url(&format!("/api/admin/doors/{side}")))
        .json(&json!({"screen": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(door_names(&map(&app, &member, &room).await), before);

    let r = manager
        .patch(app.url(&format!("/api/admin/doors/{side}")))
        .json(&json!({"screen": true, "name": "侧门"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(door_names(&map(&app, &member, &room).await).contains(&"侧门".to_owned()));

    let r = manager
        .delete(app.url(&format!("/api/admin/doors/{side}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(door_names(&map(&app, &member, &room).await), before);
}

#[tokio::test]
async fn a_booking_entry_and_cancellation_show_on_the_next_read_of_every_map() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (watcher, _) = app.verified_member().await;
    let (booker, _) = app.verified_member().await;
    let free_count = |room: Value| room["seats_free"].as_u64().unwrap();
    let all_free = free_count(map(&app, &watcher, &room).await);
    assert_eq!(app.seat_state(&watcher, &room, "W1").await, "free");

    // 21:30 local: a booking from now.
    let (id, code) = app
        .booked(
            &booker,
            &room,
            "W1",
            "2026-11-22T21:30:00+08:00",
            "2026-11-22T22:30:00+08:00",
        )
        .await;
    assert_eq!(app.seat_state(&watcher, &room, "W1").await, "booked");
    assert_eq!(free_count(map(&app, &watcher, &room).await), all_free - 1);

    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::OK);
    assert_eq!(app.seat_state(&watcher, &room, "W1").await, "occupied");
    // The same code again (a second tap): still opens, still occupied, and audited like the first.
    let again = app.unlock(&room, &code).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["granted"], true);
    assert_eq!(app.seat_state(&watcher, &room, "W1").await, "occupied");
    let granted = app
        .db()
        .await
        .scalar("SELECT COUNT(*) FROM audit WHERE kind = 'door_granted'", &[])
        .await;
    assert_eq!(granted, 2);

    let r = app
        .post(&booker, &format!("/api/bookings/{id}/checkout"), &json!({}))
        .await;
    assert!(r.status().is_success());
    assert_eq!(app.seat_state(&watcher, &room, "W1").await, "free");
    assert_eq!(free_count(map(&app, &watcher, &room).await), all_free);
}

#[tokio::test]
async fn time_passing_without_any_write_moves_the_map_on() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (watcher, _) = app.verified_member().await;
    let (booker, _) = app.verified_member().await;
    app.booked(
        &booker,
        &room,
        "W2",
        "2026-11-22T22:00:00+08:00",
        "2026-11-22T23:00:00+08:00",
    )
    .await;
    // 21:30: free now, booked from 22:00.
    let status = app.seat_status(&watcher, &room, "W2").await;
    assert_eq!(status["state"], "free");
    assert_eq!(status["next_start"], "2026-11-22T22:00:00+08:00");
    // 22:05, no tick yet: the booking has begun and holds the seat.
    app.clock.advance(Duration::minutes(35));
    assert_eq!(app.seat_state(&watcher, &room, "W2").await, "booked");
    // 23:10: it has ended, even before the time rules run.
    app.clock.advance(Duration::minutes(65));
    assert_eq!(app.seat_state(&watcher, &room, "W2").await, "free");
    // The next local day: a booking made for it shows once that day comes, read afresh.
    app.booked(
        &booker,
        &room,
        "W3",
        "2026-11-23T00:30:00+08:00",
        "2026-11-23T01:30:00+08:00",
    )
    .await;
    assert!(
        app.seat_status(&watcher, &room, "W3").await["next_start"].is_null(),
        "tomorrow's booking is not today's"
    );
    app.clock.advance(Duration::minutes(60));
    assert_eq!(
        app.seat_status(&watcher, &room, "W3").await["next_start"],
        "2026-11-23T00:30:00+08:00"
    );
}
