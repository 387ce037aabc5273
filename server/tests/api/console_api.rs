//! What the managers' console asks of the server beyond the basics: live news of signups and
//! appeals, finding people, a person's page, and changing and testing a door's webhook.

use crate::helpers::*;
use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use studyroom_server::ServerOptions;

/// Reads server-sent events until one named `name` arrives (or fails after 5 s).
async fn next_event(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    name: &str,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.contains(&format!("event: {name}")) {
                let data = event.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
                return serde_json::from_str(data).unwrap();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no `{name}` event"))
            .expect("stream ended")
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn an_open_console_hears_of_signups_decisions_and_appeals() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let r = app.get(&manager, "/api/admin/events").await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut stream = r.bytes_stream();
    let mut buffer = String::new();
    let (_, id, _) = app.member().await;
    let e = next_event(&mut stream, &mut buffer, "user").await;
    assert_eq!(e, json!({"id": id, "status": "pending"}));
    app.post(
        &manager,
        &format!("/api/admin/users/{id}/verify"),
        &json!({"approve": true}),
    )
    .await;
    let e = next_event(&mut stream, &mut buffer, "user").await;
    assert_eq!(e["status"], "verified");
    let (member, _) = app.verified_member().await;
    let _ = next_event(&mut stream, &mut buffer, "user").await;
    // An appeal: a no-show first.
    let room = app.demo_room().await;
    let (booking, _) = app
        .booked(
            &member,
            &room,
            "A1",
            "2026-11-22T21:30:00+08:00",
            "2026-11-22T22:00:00+08:00",
        )
        .await;
    app.clock.advance(chrono::Duration::minutes(16));
    app.tick().await;
    assert_eq!(
        app.booking_state(&member, &booking).await["booking"]["state"],
        "no_show"
    );
    let list: Value = app.get(&member, "/api/me/violations").await.json().await.unwrap();
    let vid = list["violations"][0]["id"].as_str().unwrap().to_owned();
    app.post(
        &member,
        &format!("/api/me/violations/{vid}/appeal"),
        &json!({"reason": "生病了"}),
    )
    .await;
    let e = next_event(&mut stream, &mut buffer, "appeal").await;
    assert_eq!(e["violation_id"], vid.as_str());
    // Members cannot listen.
    assert_eq!(
        app.get(&member, "/api/admin/events").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn managers_find_people_by_phone_tail_or_name_and_open_their_page() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (_, id, phone) = app.member().await;
    for _ in 0..3 {
        app.member().await;
    }
    let find = |q: String| {
        let (app, manager) = (&app, &manager);
        async move {
            let body: Value = app
                .get(manager, &format!("/api/admin/users?q={}", urlencode(&q)))
                .await
                .json()
                .await
                .unwrap();
            body["users"].as_array().unwrap().clone()
        }
    };
    let by_tail = find(phone[7..].to_owned()).await;
    assert!(by_tail.iter().any(|u| u["id"] == id.as_str()));
    let tail = format!("****{}", &phone[7..]);
    assert!(
        by_tail
            .iter()
            .all(|u| u["phone_masked"].as_str().unwrap().ends_with(&tail[4..]))
    );
    assert_eq!(find("张小明".into()).await.len(), 4, "everyone here is 张小明");
    assert_eq!(find("张*明".into()).await.len(), 4);
    assert!(find("李四".into()).await.is_empty());
    let r = app
        .get(&manager, &format!("/api/admin/users?q={}", "x".repeat(40)))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let page: Value = app
        .get(&manager, &format!("/api/admin/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["user"]["id"], id.as_str());
    assert_eq!(page["user"]["real_name"], "张小明");
    assert!(page["bookings"].as_array().unwrap().is_empty());
    assert!(page["violations"].as_array().unwrap().is_empty());
    assert!(!page.to_string().contains(&phone), "the phone stays masked");
    assert_eq!(
        app.get(&manager, "/api/admin/users/nobody").await.status(),
        StatusCode::NOT_FOUND
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_doors_webhook_is_set_changed_tested_and_removed() {
    let app = spawn_app_with(ServerOptions {
        allow_private_webhooks: true,
        ..Default::default()
    })
    .await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let controller = axum::Router::new().route(
        "/open",
        axum::routing::post(move |body: String| {
            let tx = tx.clone();
            async move {
                tx.send(body).unwrap();
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/open", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, controller).await.unwrap() });
    let patch = |body: Value| {
        let (app, manager, path) = (
            &app,
            manager.clone(),
            format!("/api/admin/doors/{}", room.door_id),
        );
        async move { manager.patch(app.url(&path)).json(&body).send().await.unwrap() }
    };
    let test = || {
        let (app, manager, path) = (
            &app,
            manager.clone(),
            format!("/api/admin/doors/{}/test-webhook", room.door_id),
        );
        async move { app.post(&manager, &path, &json!({})).await }
    };
    assert_eq!(test().await.status(), StatusCode::BAD_REQUEST, "no webhook yet");
    let r = patch(json!({"webhook_url": hook, "name": "正门 A"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let set: Value = r.json().await.unwrap();
    assert_eq!(set["door"]["name"], "正门 A");
    assert_eq!(set["door"]["webhook_url"], hook.as_str());
    assert_eq!(set["webhook_secret"].as_str().unwrap().len(), 64, "shown once");
    let r = test().await;
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["ok"], true);
    assert_eq!(answer["status"], 200);
    let body: Value = serde_json::from_str(&rx.recv().await.unwrap()).unwrap();
    assert_eq!(body["test"], true);
    // A new URL keeps the secret (nothing shown again); a dead one reports why.
    let r = patch(json!({"webhook_url": "http://127.0.0.1:9/nothing"})).await;
    let changed: Value = r.json().await.unwrap();
    assert!(changed.get("webhook_secret").is_none());
    let answer: Value = test().await.json().await.unwrap();
    assert_eq!(answer["ok"], false);
    assert!(answer["error"].is_string());
    // Bad values change nothing; null removes the webhook.
    let r = patch(json!({"webhook_url": "http://169.254.169.254/"})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = patch(json!({"name": ""})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = patch(json!({"webhook_url": null, "screen": false})).await;
    let removed: Value = r.json().await.unwrap();
    assert!(removed["door"].get("webhook_url").is_none());
    assert_eq!(removed["door"]["screen"], false);
    let r = manager
        .patch(app.url("/api/admin/doors/nope"))
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let log: Value = app
        .get(&manager, &format!("/api/admin/audit?about={}", room.door_id))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"door_changed") && kinds.contains(&"door_webhook_tested"),
        "{kinds:?}"
    );
}
