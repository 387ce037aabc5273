//! Cross-site requests: every state-changing route refuses a request from another site with 403
//! `cross_site` and changes nothing; same-site pages and non-browser clients pass.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every state-changing route of the API (with a body that would otherwise be acceptable).
fn routes(room: &Room, booking: &str, user: &str) -> Vec<(Method, String, Value)> {
    let b = |p: &str| format!("/api/bookings/{booking}/{p}");
    vec![
        (
            Method::POST,
            "/api/auth/signup".into(),
            signup_body(&new_phone(), &new_id_number()),
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            json!({"phone": MANAGER_PHONE, "password": PASSWORD}),
        ),
        (Method::POST, "/api/auth/logout".into(), Value::Null),
        (Method::POST, "/api/auth/logout-all".into(), Value::Null),
        (Method::DELETE, "/api/me".into(), json!({"password": PASSWORD})),
        (
            Method::POST,
            "/api/me/reapply".into(),
            json!({"real_name": "张晓明", "id_number": new_id_number()}),
        ),
        (
            Method::POST,
            format!("/api/admin/users/{user}/verify"),
            json!({"approve": true}),
        ),
        (
            Method::POST,
            format!("/api/admin/users/{user}/suspend"),
            json!({"until": "2026-12-01T00:00:00+08:00", "reason": "x"}),
        ),
        (
            Method::POST,
            format!("/api/admin/users/{user}/reinstate"),
            Value::Null,
        ),
        (
            Method::POST,
            "/api/admin/rooms".into(),
            json!({"name": "x", "seats": [{"label": "1", "x": 0, "y": 0}]}),
        ),
        (
            Method::POST,
            format!("/api/admin/rooms/{}/doors", room.id),
            json!({"name": "x"}),
        ),
        (
            Method::POST,
            format!("/api/admin/doors/{}/rotate-token", room.door_id),
            Value::Null,
        ),
        (
            Method::DELETE,
            format!("/api/admin/doors/{}", room.door_id),
            Value::Null,
        ),
        (
            Method::POST,
            "/api/bookings".into(),
            json!({"seat_id": "x", "start": "2026-11-22T22:00:00+08:00", "end": "2026-11-22T23:00:00+08:00"}),
        ),
        (Method::POST, b("cancel"), Value::Null),
        (Method::POST, b("checkout"), Value::Null),
        (Method::POST, b("leave"), Value::Null),
        (
            Method::POST,
            b("open-door"),
            json!({"door_id": room.door_id, "presence": "000000"}),
        ),
        (
            Method::POST,
            format!("/api/doors/{}/unlock", room.door_id),
            json!({"code": "00000000"}),
        ),
    ]
}

#[tokio::test]
async fn every_state_changing_route_refuses_another_sites_request() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, user) = app.verified_member().await;
    let (booking, _) = app
        .booked(
            &member,
            &room,
            "A1",
            "2026-11-22T22:00:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    let audit_before = app.db().await.scalar("SELECT COUNT(*) FROM audit", &[]).await;
    let origin_is_other = [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ];
    for (name, value) in origin_is_other {
        for (method, path, body) in routes(&room, &booking, &user) {
            for client in [&manager, &member] {
                let mut req = client.request(method.clone(), app.url(&path)).header(name, value);
                if !body.is_null() {
                    req = req.json(&body);
                }
                let r = req.send().await.unwrap();
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} with {name}");
                assert_eq!(error_code(r).await, "cross_site", "{method} {path}");
            }
        }
    }
    // Nothing changed: still logged in, the booking live, the door's token good, nothing audited.
    assert_eq!(app.get(&member, "/api/me").await.status(), StatusCode::OK);
    assert_eq!(
        app.booking_state(&member, &booking).await["booking"]["state"],
        "upcoming"
    );
    let audit_after = app.db().await.scalar("SELECT COUNT(*) FROM audit", &[]).await;
    assert_eq!(audit_before, audit_after);
    // Reads are not state changes: a cross-site GET still answers (and CORS keeps its body from
    // the other site).
    let r = member
        .get(app.url("/api/me"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn same_site_pages_and_devices_without_an_origin_pass() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let r = member
        .post(app.url("/api/bookings"))
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .json(&json!({
            "seat_id": app.seat(&room.id, "A2").await,
            "start": "2026-11-22T22:00:00+08:00",
            "end": "2026-11-22T23:00:00+08:00"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // An older browser that sends Origin only: compared with the Host it was sent to.
    let r = member
        .post(app.url("/api/auth/logout"))
        .header("origin", format!("http://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // A door controller sends neither.
    assert_eq!(
        app.unlock(&room, "00000000").await.status(),
        StatusCode::FORBIDDEN
    );
}
