use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;

#[tokio::test]
async fn logout_kills_the_session_on_the_server() {
    let app = spawn_app().await;
    let (client, _, _) = app.member().await;
    assert_eq!(app.get(&client, "/api/me").await.status(), StatusCode::OK);
    let r = client.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_stolen_cookie_is_useless_after_logout() {
    let app = spawn_app().await;
    let client = app.client();
    let r = app
        .post(
            &client,
            "/api/auth/signup",
            &signup_body(&new_phone(), &new_id_number()),
        )
        .await;
    let set_cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    let pair = set_cookie.split(';').next().unwrap().to_owned();
    let thief = reqwest::Client::new();
    let with_cookie = || thief.get(app.url("/api/me")).header("cookie", pair.clone());
    assert_eq!(with_cookie().send().await.unwrap().status(), StatusCode::OK);
    client.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(
        with_cookie().send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_idle_session_expires_and_use_keeps_it_alive() {
    let app = spawn_app().await;
    let (client, _, _) = app.member().await;
    app.clock.advance(Duration::days(6));
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::OK,
        "used within the idle limit"
    );
    app.clock.advance(Duration::days(6));
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::OK,
        "the last use restarted the idle timer"
    );
    app.clock.advance(Duration::days(7));
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_even_when_used() {
    let app = spawn_app().await;
    let (client, _, _) = app.member().await;
    for days in [6, 6, 6, 6, 5] {
        app.clock.advance(Duration::days(days));
        assert_eq!(app.get(&client, "/api/me").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::days(1));
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_made_up_cookie_is_unauthenticated() {
    let app = spawn_app().await;
    let r = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header(
            "cookie",
            "studyroom_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "unauthenticated");
}
