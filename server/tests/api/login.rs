use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_right_password_logs_in_and_a_wrong_one_does_not() {
    let app = spawn_app().await;
    let (_, _, phone) = app.member().await;
    let client = app.client();
    let wrong = app
        .post(
            &client,
            "/api/auth/login",
            &json!({"phone": phone, "password": "not the one"}),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(wrong).await, "bad_credentials");
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let right = app
        .post(
            &client,
            "/api/auth/login",
            &json!({"phone": format!("+86{phone}"), "password": PASSWORD}),
        )
        .await;
    assert_eq!(right.status(), StatusCode::OK);
    assert_eq!(app.get(&client, "/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_phone_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let r = app
        .post(
            &app.client(),
            "/api/auth/login",
            &json!({"phone": new_phone(), "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "bad_credentials");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_until_the_clock_passes_retry_after() {
    let app = spawn_app().await;
    let (_, _, phone) = app.member().await;
    let client = app.client();
    let wrong = json!({"phone": phone, "password": "guess-guess"});
    for _ in 0..4 {
        assert_eq!(
            app.post(&client, "/api/auth/login", &wrong).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let fifth = app.post(&client, "/api/auth/login", &wrong).await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = fifth.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert_eq!(retry_after, 60);
    assert_eq!(error_code(fifth).await, "too_many_attempts");

    // Locked: even the right password is refused, from any client (the key is the account).
    let right = json!({"phone": phone, "password": PASSWORD});
    let other_client = app.client();
    assert_eq!(
        app.post(&other_client, "/api/auth/login", &right).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    app.clock.advance(Duration::seconds(retry_after));
    assert_eq!(
        app.post(&other_client, "/api/auth/login", &right).await.status(),
        StatusCode::OK
    );
    // Success forgets the failures: the next mistake is an ordinary 401 again.
    assert_eq!(
        app.post(&client, "/api/auth/login", &wrong).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_lockout_doubles_while_failures_go_on() {
    let app = spawn_app().await;
    let (_, _, phone) = app.member().await;
    let client = app.client();
    let wrong = json!({"phone": phone, "password": "guess-guess"});
    for _ in 0..5 {
        app.post(&client, "/api/auth/login", &wrong).await;
    }
    app.clock.advance(Duration::minutes(1));
    let sixth = app.post(&client, "/api/auth/login", &wrong).await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.headers()["retry-after"], "120");
}

#[tokio::test]
async fn concurrent_guesses_cannot_slip_past_the_limit() {
    let app = spawn_app().await;
    let (_, _, phone) = app.member().await;
    let guesses = (0..12).map(|i| {
        let client = app.client();
        let url = app.url("/api/auth/login");
        let body = json!({"phone": phone, "password": format!("guess-{i:04}")});
        async move { client.post(url).json(&body).send().await.unwrap().status() }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(checked, 4, "only the free failures are checked: {statuses:?}");
}
