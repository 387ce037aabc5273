//! Doors as managers run them, and the guessing bound of a room with several doors.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn add_door(app: &TestApp, manager: &reqwest::Client, room: &Room, body: Value) -> reqwest::Response {
    app.post(manager, &format!("/api/admin/rooms/{}/doors", room.id), &body)
        .await
}

async fn second_door(app: &TestApp, manager: &reqwest::Client, room: &Room) -> Room {
    let created: Value = add_door(app, manager, room, json!({"name": "侧门"}))
        .await
        .json()
        .await
        .unwrap();
    Room {
        id: room.id.clone(),
        door_id: created["door"]["id"].as_str().unwrap().into(),
        door_token: created["token"].as_str().unwrap().into(),
    }
}

#[tokio::test]
async fn wrong_codes_count_per_room_so_a_second_door_gives_no_extra_guesses() {
    let app = spawn_app().await;
    let front = app.demo_room().await;
    let manager = app.manager().await;
    let side = second_door(&app, &manager, &front).await;
    for i in 0..5 {
        let door = if i % 2 == 0 { &front } else { &side };
        assert_eq!(app.unlock(door, "00000001").await.status(), StatusCode::FORBIDDEN);
    }
    // The sixth wrong code locks every door of the room, whichever door it was typed at.
    let sixth = app.unlock(&side, "00000001").await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = app.unlock(&front, "00000002").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(r).await, "door_locked_out");
}

#[tokio::test]
async fn managers_list_rotate_and_revoke_doors_without_resetting_the_rooms_count() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let side = second_door(&app, &manager, &room).await;
    let listed: Value = app
        .get(&manager, &format!("/api/admin/rooms/{}/doors", room.id))
        .await
        .json()
        .await
        .unwrap();
    let doors = listed["doors"].as_array().unwrap();
    assert_eq!(doors.len(), 2);
    assert!(!listed.to_string().contains(&room.door_token), "never a token");
    assert!(
        doors
            .iter()
            .all(|d| d["screen"] == true && d["created_at"].is_string())
    );

    // Five wrong codes, then a new token: the count stays, so the sixth still locks.
    for _ in 0..5 {
        app.unlock(&side, "00000001").await;
    }
    let rotated: Value = app
        .post(
            &manager,
            &format!("/api/admin/doors/{}/rotate-token", side.door_id),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let new_token = rotated["token"].as_str().unwrap();
    assert_eq!(
        app.unlock(&side, "00000001").await.status(),
        StatusCode::UNAUTHORIZED,
        "old token"
    );
    let renewed = Room {
        door_token: new_token.into(),
        ..side.clone()
    };
    assert_eq!(
        app.unlock(&renewed, "00000001").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Revoked: the token stops working and the door leaves the list.
    let r = app
        .client()
        .delete(app.url(&format!("/api/admin/doors/{}", side.door_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "strangers cannot");
    let r = manager
        .delete(app.url(&format!("/api/admin/doors/{}", side.door_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    app.clock.advance(Duration::hours(2));
    assert_eq!(
        app.unlock(&renewed, "00000001").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let listed: Value = app
        .get(&manager, &format!("/api/admin/rooms/{}/doors", room.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["doors"].as_array().unwrap().len(), 1);
    let again = manager
        .delete(app.url(&format!("/api/admin/doors/{}", side.door_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let r = app
        .post(&manager, "/api/admin/doors/nope/rotate-token", &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn webhooks_to_internal_or_metadata_addresses_are_refused() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    for url in [
        "http://127.0.0.1:9000/open",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://localhost/open",
        "http://[::1]/open",
        "http://192.168.1.9/open",
        "ftp://lock.example.com/",
    ] {
        let r = add_door(&app, &manager, &room, json!({"name": "门", "webhook_url": url})).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{url}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "webhook_url", "{url}");
    }
    let r = add_door(
        &app,
        &manager,
        &room,
        json!({"name": "门", "webhook_url": "https://lock.example.com/open"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_room_too_big_for_its_code_length_is_refused_and_defaults_grow_with_it() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let seats: Vec<Value> = (0..500)
        .map(|i| json!({"label": format!("S{i}"), "x": i % 100, "y": i / 100}))
        .collect();
    // 500 seats × 2 codes open at once × 81 guesses a day × 10^4 > 10^8: eight digits are too few.
    let r = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "大厅", "seats": seats, "rules": {"code_length": 8}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "invalid_room");
    // Left to the server, the room gets the digits it needs.
    let r = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "大厅", "seats": seats}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["room"]["rules"]["code_length"], 9);
    // A small room keeps eight.
    let r = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "小间", "seats": [{"label": "1", "x": 0, "y": 0}], "rules": {"code_length": 8}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}
