use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_queue_shows_pending_people_with_their_full_name_and_masked_id() {
    let app = spawn_app().await;
    let (_, id, _) = app.member().await;
    let manager = app.manager().await;
    let r = app.get(&manager, "/api/admin/users?status=pending").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let users = body["users"].as_array().unwrap();
    assert_eq!(users.len(), 1, "the manager is not in the pending queue");
    assert_eq!(users[0]["id"], id.as_str());
    assert_eq!(users[0]["real_name"], "张小明");
    assert_eq!(users[0]["real_name_masked"], "张*明");
    assert!(
        users[0]["id_number_masked"]
            .as_str()
            .unwrap()
            .contains("********")
    );
}

#[tokio::test]
async fn approving_makes_the_member_verified() {
    let app = spawn_app().await;
    let (member, id, _) = app.member().await;
    let manager = app.manager().await;
    let r = app
        .post(
            &manager,
            &format!("/api/admin/users/{id}/verify"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "verified");
    let queue: Value = app
        .get(&manager, "/api/admin/users?status=pending")
        .await
        .json()
        .await
        .unwrap();
    assert!(queue["users"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn rejecting_needs_a_reason_that_the_member_then_reads() {
    let app = spawn_app().await;
    let (member, id, _) = app.member().await;
    let manager = app.manager().await;
    let path = format!("/api/admin/users/{id}/verify");
    let r = app
        .post(&manager, &path, &json!({"approve": false, "reason": "  "}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "reason_required");

    let r = app
        .post(
            &manager,
            &path,
            &json!({"approve": false, "reason": "姓名与身份证不符"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "rejected");
    assert_eq!(me["user"]["status_reason"], "姓名与身份证不符");

    // A second look can still approve a rejected person; approving again is a conflict.
    assert_eq!(
        app.post(&manager, &path, &json!({"approve": true}))
            .await
            .status(),
        StatusCode::OK
    );
    let again = app.post(&manager, &path, &json!({"approve": true})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "invalid_state");
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status_reason"], Value::Null);
}

#[tokio::test]
async fn members_get_403_and_strangers_401_on_admin_endpoints() {
    let app = spawn_app().await;
    let (member, id, _) = app.member().await;
    let r = app.get(&member, "/api/admin/users").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "forbidden");
    let r = app
        .post(
            &member,
            &format!("/api/admin/users/{id}/verify"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let stranger = app.client();
    let r = app.get(&stranger, "/api/admin/users?status=pending").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "unauthenticated");
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "pending", "nothing changed");
}

/// Every admin endpoint, with a body it would accept from a manager.
fn admin_endpoints(room: &str, door: &str, user: &str) -> Vec<(reqwest::Method, String, Value)> {
    use reqwest::Method;
    let seats = json!([{"label": "1", "x": 0, "y": 0}]);
    vec![
        (Method::GET, "/api/admin/users".into(), Value::Null),
        (Method::GET, format!("/api/admin/users/{user}"), Value::Null),
        (Method::GET, "/api/admin/events".into(), Value::Null),
        (
            Method::PATCH,
            format!("/api/admin/doors/{door}"),
            json!({"name": "x"}),
        ),
        (
            Method::POST,
            format!("/api/admin/doors/{door}/test-webhook"),
            Value::Null,
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
            Method::GET,
            format!("/api/admin/users/{user}/violations"),
            Value::Null,
        ),
        (Method::GET, "/api/admin/appeals".into(), Value::Null),
        (
            Method::POST,
            "/api/admin/violations/1/pardon".into(),
            json!({"reason": "x"}),
        ),
        (
            Method::POST,
            "/api/admin/violations/1/uphold".into(),
            json!({"reason": "x"}),
        ),
        (
            Method::POST,
            "/api/admin/rooms".into(),
            json!({"name": "x", "seats": seats}),
        ),
        (
            Method::PUT,
            format!("/api/admin/rooms/{room}"),
            json!({"name": "x", "seats": seats}),
        ),
        (Method::GET, format!("/api/admin/rooms/{room}/live"), Value::Null),
        (Method::GET, format!("/api/admin/rooms/{room}/doors"), Value::Null),
        (
            Method::POST,
            format!("/api/admin/rooms/{room}/doors"),
            json!({"name": "x"}),
        ),
        (
            Method::POST,
            format!("/api/admin/doors/{door}/rotate-token"),
            Value::Null,
        ),
        (Method::DELETE, format!("/api/admin/doors/{door}"), Value::Null),
        (Method::GET, format!("/api/admin/rooms/{room}/stats"), Value::Null),
        (Method::GET, "/api/admin/export/bookings.csv".into(), Value::Null),
        (Method::GET, "/api/admin/export/entries.csv".into(), Value::Null),
        (Method::GET, "/api/admin/audit".into(), Value::Null),
        (Method::GET, "/api/admin/audit/verify".into(), Value::Null),
    ]
}

#[tokio::test]
async fn every_admin_endpoint_is_401_without_a_session_and_403_for_members() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, user) = app.verified_member().await;
    let stranger = app.client();
    for (method, path, body) in admin_endpoints(&room.id, &room.door_id, &user) {
        for (client, status, code) in [
            (&stranger, StatusCode::UNAUTHORIZED, "unauthenticated"),
            (&member, StatusCode::FORBIDDEN, "forbidden"),
        ] {
            let mut req = client.request(method.clone(), app.url(&path));
            if !body.is_null() {
                req = req.json(&body);
            }
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), status, "{method} {path}");
            assert_eq!(error_code(r).await, code, "{method} {path}");
        }
    }
    // Nothing changed: the door still opens with its token, the member is still verified.
    assert_eq!(
        app.unlock(&room, "00000000").await.status(),
        StatusCode::FORBIDDEN
    );
    let me: Value = app.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "verified");
}

#[tokio::test]
async fn verifying_an_unknown_person_is_404_and_a_bad_status_filter_400() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let r = app
        .post(
            &manager,
            "/api/admin/users/nobody/verify",
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "not_found");
    let r = app.get(&manager, "/api/admin/users?status=everyone").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "invalid_request");
}

#[tokio::test]
async fn create_manager_promotes_an_existing_member() {
    let app = spawn_app().await;
    let client = app.client();
    let r = app
        .post(
            &client,
            "/api/auth/signup",
            &signup_body(MANAGER_PHONE, &new_id_number()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let manager = app.manager().await;
    let me: Value = app.get(&manager, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["role"], "manager");
    assert_eq!(me["user"]["status"], "verified");
}
