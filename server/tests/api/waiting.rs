//! While a renter waits to be verified: their phone hears the decision by itself, the room says
//! where and when verification happens, and a rejected application can be corrected and sent again.

use crate::helpers::*;
use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

async fn next_status(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.contains("event: status") {
                let data = event.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
                return serde_json::from_str(data).unwrap();
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("no status event")
            .expect("stream ended")
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_waiting_phone_hears_its_own_decision_and_nobody_elses() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (member, id, _) = app.member().await;
    let (_, other, _) = app.member().await;
    let r = app.get(&member, "/api/me/events").await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut stream = r.bytes_stream();
    let mut buffer = String::new();
    app.post(
        &manager,
        &format!("/api/admin/users/{other}/verify"),
        &json!({"approve": true}),
    )
    .await;
    app.post(
        &manager,
        &format!("/api/admin/users/{id}/verify"),
        &json!({"approve": true}),
    )
    .await;
    let e = next_status(&mut stream, &mut buffer).await;
    assert_eq!(e, json!({"id": id, "status": "verified"}), "only its own");
    assert_eq!(
        app.get(&app.client(), "/api/me/events").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_room_says_where_and_when_verification_happens() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _, _) = app.member().await;
    let shown: Value = app
        .get(&member, &format!("/api/rooms/{}", room.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(shown["room"]["verification"].as_str().unwrap().contains("身份证"));
    let manager = app.manager().await;
    let r = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "x", "verification": "长".repeat(201), "seats": [{"label": "1", "x": 0, "y": 0}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_rejected_person_corrects_their_id_and_asks_again() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (member, id, _) = app.member().await;
    let fixed = json!({"real_name": "张晓明", "id_number": new_id_number()});
    // Not rejected: nothing to correct.
    let r = app.post(&member, "/api/me/reapply", &fixed).await;
    assert_eq!(error_code(r).await, "invalid_state");
    app.post(
        &manager,
        &format!("/api/admin/users/{id}/verify"),
        &json!({"approve": false, "reason": "身份证号与证件不符"}),
    )
    .await;
    // A bad ID number is refused as at signup; someone else's is taken.
    let r = app
        .post(
            &member,
            "/api/me/reapply",
            &json!({"real_name": "张晓明", "id_number": "110105194912310020"}),
        )
        .await;
    assert_eq!(error_code(r).await, "invalid_id_number");
    let (_, _, _) = app.member().await;
    let taken = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&new_phone(), "11010519491231002X"),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CREATED);
    let r = app
        .post(
            &member,
            "/api/me/reapply",
            &json!({"real_name": "张晓明", "id_number": "11010519491231002X"}),
        )
        .await;
    assert_eq!(error_code(r).await, "id_number_taken");
    let r = app.post(&member, "/api/me/reapply", &fixed).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["user"]["status"], "pending");
    assert_eq!(body["user"]["real_name_masked"], "张*明");
    assert_eq!(body["user"]["status_reason"], Value::Null);
    let queue: Value = app
        .get(&manager, "/api/admin/users?status=pending")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        queue["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == id.as_str() && u["real_name"] == "张晓明")
    );
    let log: Value = app
        .get(&manager, &format!("/api/admin/audit?about={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["entries"][0]["kind"], "member_reapplied");
}

#[tokio::test]
async fn a_visitor_learns_what_the_rooms_are_and_where_without_signing_in() {
    let app = spawn_app().await;
    let r = app.get(&app.client(), "/api/welcome").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"rooms": []}));
    app.demo_room().await;
    let body: Value = app.get(&app.client(), "/api/welcome").await.json().await.unwrap();
    let rooms = body["rooms"].as_array().unwrap();
    assert_eq!(rooms.len(), 1);
    let room = &rooms[0];
    assert_eq!(room["name"], studyroom_server::demo::ROOM_NAME);
    assert!(!room["address"].as_str().unwrap().is_empty());
    // Nothing live and nothing to address a room by: that needs an account.
    let mut keys: Vec<_> = room.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["address", "name", "verification"]);
    assert_eq!(
        app.get(&app.client(), "/api/rooms").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
