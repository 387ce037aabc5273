//! Hostile and malformed requests: always a 4xx with the contract's error body, never a 500.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn raw(app: &TestApp, path: &str, content_type: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
    let mut req = app.client().post(app.url(path)).body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_are_400_invalid_request() {
    let app = spawn_app().await;
    let json = Some("application/json");
    let bodies: [&[u8]; 7] = [
        b"{",
        b"not json",
        br#"{"phone": 13800138000, "password": "x", "real_name": "y", "id_number": "z"}"#,
        br#"{"phone": "13800138000", "password": "12345678", "real_name": "y", "id_number": "z", "consent": "yes"}"#,
        br#"{"phone": "13800138000", "password": "12345678", "real_name": "y", "id_number": "z", "admin": true}"#,
        br#"[]"#,
        b"\xff\xfe\x00",
    ];
    for body in bodies {
        let (status, err) = raw(&app, "/api/auth/signup", json, body.to_vec()).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(err["error"]["code"], "invalid_request");
    }
    for path in ["/api/auth/login", "/api/admin/users/x/verify"] {
        let (status, err) = raw(&app, path, json, b"{\"approve\": 1".to_vec()).await;
        assert!(status.is_client_error(), "{path}: {status}");
        assert!(err["error"]["code"].is_string(), "{path}");
    }
    assert!(app.state.store.users(None, None, 100).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_body_without_json_content_type_is_415() {
    let app = spawn_app().await;
    let body = signup_body(&new_phone(), &new_id_number())
        .to_string()
        .into_bytes();
    let (status, err) = raw(&app, "/api/auth/signup", None, body.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(err["error"]["code"], "unsupported_media_type");
    let (status, _) = raw(&app, "/api/auth/signup", Some("text/plain"), body).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_oversize_body_is_413() {
    let app = spawn_app().await;
    let mut body = signup_body(&new_phone(), &new_id_number());
    body["real_name"] = Value::String("张".repeat(100_000));
    let (status, err) = raw(
        &app,
        "/api/auth/signup",
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(err["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_in_the_error_body() {
    let app = spawn_app().await;
    let r = app.get(&app.client(), "/api/nothing/here").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "not_found");
    let r = app.client().put(app.url("/api/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(r).await, "method_not_allowed");
}

#[tokio::test]
async fn api_answers_are_never_cached_and_carry_security_headers() {
    let app = spawn_app().await;
    let r = app.get(&app.client(), "/api/me").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
}
