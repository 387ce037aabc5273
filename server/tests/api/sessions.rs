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

#[tokio::test]
async fn a_cookie_presented_at_login_is_ended_not_kept() {
    let app = spawn_app().await;
    let (client, _, phone) = app.member().await;
    // Someone planted (or kept) this cookie in the browser before the owner logs in.
    let planted = client.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(planted.status(), StatusCode::OK);
    let r = app
        .post(
            &client,
            "/api/auth/login",
            &serde_json::json!({"phone": phone, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let count = app.db().await.scalar("SELECT COUNT(*) FROM sessions", &[]).await;
    assert_eq!(count, 1, "the old session was ended, the new one is the only one");
    assert_eq!(app.get(&client, "/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_of_the_person() {
    let app = spawn_app().await;
    let (phone_a, _, phone) = app.member().await;
    let laptop = app.client();
    let login = serde_json::json!({"phone": phone, "password": PASSWORD});
    assert_eq!(
        app.post(&laptop, "/api/auth/login", &login).await.status(),
        StatusCode::OK
    );
    let (stranger, _, _) = app.member().await;
    let r = phone_a
        .post(app.url("/api/auth/logout-all"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    for c in [&phone_a, &laptop] {
        assert_eq!(app.get(c, "/api/me").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.get(&stranger, "/api/me").await.status(),
        StatusCode::OK,
        "others untouched"
    );
    let r = app
        .client()
        .post(app.url("/api/auth/logout-all"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_sessions_are_pruned_by_the_time_rules() {
    let app = spawn_app().await;
    app.member().await;
    app.member().await;
    app.clock.advance(Duration::days(8));
    app.tick().await;
    let count = app.db().await.scalar("SELECT COUNT(*) FROM sessions", &[]).await;
    assert_eq!(count, 0);
}

/// Sessions and their people are kept in memory (`store/session_cache.rs`): each change must still
/// show on the very next request of a member who was just seen.
#[tokio::test]
async fn what_happens_to_a_member_shows_on_their_next_request() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let (member, id, _) = app.member().await;
    let status = || async {
        let me: serde_json::Value = app.get(&member, "/api/me").await.json().await.unwrap();
        me["user"]["status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status().await, "pending");
    let verify = serde_json::json!({"approve": true});
    let r = app
        .post(&manager, &format!("/api/admin/users/{id}/verify"), &verify)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(status().await, "verified");
    // 21:30 local now: suspended until 23:00.
    let suspend = serde_json::json!({"until": "2026-11-22T23:00:00+08:00", "reason": "占座"});
    let r = app
        .post(&manager, &format!("/api/admin/users/{id}/suspend"), &suspend)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(status().await, "suspended");
    // The time rules lift it when its time is up.
    app.clock.advance(Duration::hours(2));
    app.tick().await;
    assert_eq!(status().await, "verified");
}
