use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use studyroom_server::ServerOptions;
use studyroom_server::clock::Clock;

const S22: &str = "2026-11-22T22:00:00+08:00";
const E23: &str = "2026-11-22T23:00:00+08:00";

#[tokio::test]
async fn the_right_code_in_its_window_opens_the_door_and_checks_in() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, code) = app.booked(&member, &room, "W2", S22, E23).await;

    // 21:30: more than 15 minutes early.
    let early = app.unlock(&room, &code).await;
    assert_eq!(early.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(early).await, "code_invalid");

    app.clock.advance(Duration::minutes(15)); // 21:45, the window opens
    let r = app.unlock(&room, &code).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"granted": true, "booking_id": id, "seat_label": "W2"})
    );
    let booking = app.booking_state(&member, &id).await;
    assert_eq!(booking["booking"]["state"], "active");
    assert_eq!(booking["booking"]["checked_in_at"], "2026-11-22T21:45:00+08:00");
    assert_eq!(app.seat_state(&member, &room, "W2").await, "occupied");
}

#[tokio::test]
async fn wrong_codes_other_rooms_codes_and_bad_tokens_are_refused() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let other_room = json!({"name": "东厢", "seats": [{"label": "1", "x": 0, "y": 0}]});
    let created: Value = app
        .post(&manager, "/api/admin/rooms", &other_room)
        .await
        .json()
        .await
        .unwrap();
    let other_id = created["room"]["id"].as_str().unwrap().to_owned();
    let door: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{other_id}/doors"),
            &json!({"name": "门"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let other = Room {
        id: other_id,
        door_id: door["door"]["id"].as_str().unwrap().into(),
        door_token: door["token"].as_str().unwrap().into(),
    };

    let (member, _) = app.verified_member().await;
    let (_, code) = app
        .booked(&member, &room, "A1", "2026-11-22T21:30:00+08:00", E23)
        .await;
    assert_eq!(
        app.unlock(&other, &code).await.status(),
        StatusCode::FORBIDDEN,
        "another room's door"
    );
    let stranger = Room {
        id: room.id.clone(),
        door_id: room.door_id.clone(),
        door_token: "made-up".into(),
    };
    let r = app.unlock(&stranger, &code).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "unauthenticated");
    let no_token = reqwest::Client::new()
        .post(app.url(&format!("/api/doors/{}/unlock", room.door_id)))
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    for junk in ["", "abc", "1234567890123456789012"] {
        assert_eq!(
            app.unlock(&room, junk).await.status(),
            StatusCode::FORBIDDEN,
            "{junk:?}"
        );
    }
    assert_eq!(
        app.seat_state(&member, &room, "A1").await,
        "booked",
        "nobody came in"
    );
}

#[tokio::test]
async fn guessing_locks_the_keypad_while_the_app_still_opens_and_new_codes_do_not_reset_it() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (id, code) = app
        .booked(&member, &room, "A2", "2026-11-22T21:30:00+08:00", E23)
        .await;
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    for _ in 0..5 {
        assert_eq!(app.unlock(&room, wrong).await.status(), StatusCode::FORBIDDEN);
    }
    let sixth = app.unlock(&room, wrong).await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.headers()["retry-after"], "60");
    assert_eq!(error_code(sixth).await, "door_locked_out");
    // Locked: even the right code waits.
    assert_eq!(
        app.unlock(&room, &code).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Issuing a new code does not reset the count.
    let (other, _) = app.verified_member().await;
    app.booked(&other, &room, "A3", S22, E23).await;
    app.clock.advance(Duration::minutes(1));
    let seventh = app.unlock(&room, wrong).await;
    assert_eq!(seventh.headers()["retry-after"], "120", "the lock-out doubles");
    // The app's "open door" works during a keypad lock-out.
    let r = app.open_door(&member, &room, &id).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.booking_state(&member, &id).await["booking"]["state"],
        "active"
    );
    // Once the lock-out has passed, the right code works again.
    app.clock.advance(Duration::minutes(2));
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn concurrent_guesses_cannot_slip_past_the_door_count() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (looked_at, statuses) = wrong_codes_at_once(&[&app], &room, 12).await;
    assert_eq!(
        looked_at, 5,
        "only the free failures are answered 403: {statuses:?}"
    );
}

#[tokio::test]
async fn every_door_attempt_is_audited_and_the_chain_verifies() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let (_, code) = app
        .booked(&member, &room, "A4", "2026-11-22T21:30:00+08:00", E23)
        .await;
    app.unlock(&room, "99999999").await;
    app.unlock(&room, &code).await;
    let manager = app.manager().await;
    let audit: Value = app
        .get(&manager, "/api/admin/audit?limit=10")
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .filter(|k| k.starts_with("door_"))
        .collect();
    assert_eq!(
        &kinds[..2],
        ["door_granted", "door_refused"],
        "newest first: {kinds:?}"
    );
    let text = audit.to_string();
    assert!(
        !text.contains(&code) && !text.contains("99999999"),
        "typed codes never reach the log"
    );
    let verify: Value = app
        .get(&manager, "/api/admin/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verify["ok"], true);
    assert!(verify["entries"].as_u64().unwrap() >= 4);

    // Tampering with any entry breaks the chain.
    app.db()
        .await
        .execute(
            "UPDATE audit SET detail = 'nothing happened' WHERE kind = 'door_refused'",
            &[],
        )
        .await;
    let verify: Value = app
        .get(&manager, "/api/admin/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verify["ok"], false);
    assert_eq!(
        app.get(&member, "/api/admin/audit").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_granted_entry_calls_the_doors_webhook_with_a_valid_signature() {
    use hmac::{Hmac, Mac};
    let app = spawn_app_with(ServerOptions {
        allow_private_webhooks: true,
        ..Default::default()
    })
    .await;
    let room = app.demo_room().await;
    // A lock controller: records what it is told.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(axum::http::HeaderMap, String)>();
    let controller = axum::Router::new().route(
        "/open",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let tx = tx.clone();
            async move {
                tx.send((headers, body)).unwrap();
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/open", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, controller).await.unwrap() });

    let manager = app.manager().await;
    let created: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{}/doors", room.id),
            &json!({"name": "侧门", "webhook_url": hook}),
        )
        .await
        .json()
        .await
        .unwrap();
    let secret = created["webhook_secret"].as_str().unwrap().to_owned();
    let side = Room {
        id: room.id.clone(),
        door_id: created["door"]["id"].as_str().unwrap().into(),
        door_token: created["token"].as_str().unwrap().into(),
    };
    let (member, _) = app.verified_member().await;
    let (id, code) = app
        .booked(&member, &room, "A11", "2026-11-22T21:30:00+08:00", E23)
        .await;
    assert_eq!(app.unlock(&side, &code).await.status(), StatusCode::OK);

    let (headers, body) = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    // What a receiver checks: the signature over "timestamp.body", a fresh timestamp, a new id.
    let header = |name: &str| headers[name].to_str().unwrap().to_owned();
    let timestamp = header("x-studyroom-timestamp");
    let age = chrono::Utc::now().timestamp() - timestamp.parse::<i64>().unwrap();
    assert!((0..60).contains(&age), "{age}");
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    assert_eq!(
        header("x-studyroom-signature"),
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    );
    // The body alone, as before, no longer verifies: a replayed body with a new time does not either.
    let mut body_only = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    body_only.update(body.as_bytes());
    assert_ne!(
        header("x-studyroom-signature"),
        format!("sha256={}", hex::encode(body_only.finalize().into_bytes()))
    );
    let first_delivery = header("x-studyroom-delivery");
    assert_eq!(first_delivery.len(), 32);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["booking_id"], id.as_str());
    assert_eq!(body["seat_label"], "A11");

    // The app's open door at this door fires the webhook too, with a delivery id of its own.
    app.post(&member, &format!("/api/bookings/{id}/leave"), &json!({}))
        .await;
    let presence = studyroom_server::presence::current(&app.state.vault, &side.door_id, app.clock.now()).0;
    let r = app
        .post(
            &member,
            &format!("/api/bookings/{id}/open-door"),
            &json!({"door_id": side.door_id, "presence": presence}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (headers, _) = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(headers["x-studyroom-delivery"].to_str().unwrap(), first_delivery);
}

#[tokio::test]
async fn a_dead_webhook_does_not_hold_up_the_door_and_is_audited() {
    let app = spawn_app_with(ServerOptions {
        allow_private_webhooks: true,
        ..Default::default()
    })
    .await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    // Nothing listens on this port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!("http://{}/open", dead.local_addr().unwrap());
    drop(dead);
    let created: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{}/doors", room.id),
            &json!({"name": "后门", "webhook_url": hook}),
        )
        .await
        .json()
        .await
        .unwrap();
    let back = Room {
        id: room.id.clone(),
        door_id: created["door"]["id"].as_str().unwrap().into(),
        door_token: created["token"].as_str().unwrap().into(),
    };
    let (member, _) = app.verified_member().await;
    let (_, code) = app
        .booked(&member, &room, "A12", "2026-11-22T21:30:00+08:00", E23)
        .await;
    assert_eq!(app.unlock(&back, &code).await.status(), StatusCode::OK);
    for _ in 0..100 {
        let audit: Value = app
            .get(&manager, "/api/admin/audit?limit=5")
            .await
            .json()
            .await
            .unwrap();
        if audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "door_webhook_failed")
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the failed webhook was never audited");
}

/// One verified member per seat label, each booked from 21:30 (now) to 23:00: (member, booking, code).
async fn booked_now(app: &TestApp, room: &Room, labels: &[&str]) -> Vec<(reqwest::Client, String, String)> {
    let mut codes = Vec::new();
    for label in labels {
        let (member, _) = app.verified_member().await;
        let (id, code) = app
            .booked(&member, room, label, "2026-11-22T21:30:00+08:00", E23)
            .await;
        codes.push((member, id, code));
    }
    codes
}

/// How many grants the audit log holds, and whether its chain verifies.
async fn grants_and_chain(app: &TestApp) -> (usize, bool) {
    let manager = app.manager().await;
    let log: Value = app
        .get(&manager, "/api/admin/audit?kind=door_granted")
        .await
        .json()
        .await
        .unwrap();
    let verify: Value = app
        .get(&manager, "/api/admin/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    (log["entries"].as_array().unwrap().len(), verify["ok"] == true)
}

/// Every code typed at the room's door at the same moment (each from its own task, so the writer
/// takes them in one batch); their answers, in the codes' order.
fn all_at_once(
    app: &TestApp,
    room: &Room,
    codes: impl Iterator<Item = String>,
) -> impl std::future::Future<Output = Vec<StatusCode>> {
    let url = app.url(&format!("/api/doors/{}/unlock", room.door_id));
    let attempts: Vec<_> = codes
        .map(|code| {
            let (url, token) = (url.clone(), room.door_token.clone());
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"code": code}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    async move {
        let mut statuses = Vec::new();
        for a in attempts {
            statuses.push(a.await.unwrap());
        }
        statuses
    }
}

#[tokio::test]
async fn many_doors_deciding_at_once_are_each_answered_after_one_shared_commit() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let codes = booked_now(
        &app,
        &room,
        &[
            "W1", "W2", "W3", "W4", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12",
        ],
    )
    .await;
    let attempts = all_at_once(&app, &room, codes.iter().map(|(_, _, code)| code.clone()));
    for status in attempts.await {
        assert_eq!(status, StatusCode::OK);
    }
    for (member, id, _) in &codes {
        assert_eq!(app.booking_state(member, id).await["booking"]["state"], "active");
    }
    let (grants, chain_ok) = grants_and_chain(&app).await;
    assert_eq!(grants, 16);
    assert!(chain_ok);
}

#[tokio::test]
async fn a_decision_that_fails_inside_a_shared_commit_fails_only_its_own_door() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let codes = booked_now(&app, &room, &["W1", "W2", "W3", "W4", "A1", "A2", "A3", "A4"]).await;
    // One row whose end cannot be a time: reading it inside the decision fails.
    app.db()
        .await
        .execute(
            "UPDATE bookings SET end_at = 9223372036854775000 WHERE id = ?",
            &[(&codes[3].1).into()],
        )
        .await;
    let attempts = all_at_once(&app, &room, codes.iter().map(|(_, _, code)| code.clone()));
    for (i, status) in attempts.await.into_iter().enumerate() {
        let expected = if i == 3 {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "attempt {i}");
    }
    let (grants, chain_ok) = grants_and_chain(&app).await;
    assert_eq!(grants, 7, "the failed one left nothing");
    assert!(chain_ok);
}
