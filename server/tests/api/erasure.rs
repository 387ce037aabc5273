use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn erasing_an_account_destroys_identity_and_sessions_and_frees_the_id() {
    let app = spawn_app().await;
    let client = app.client();
    let (phone, id_number) = (new_phone(), new_id_number());
    assert_eq!(
        app.post(&client, "/api/auth/signup", &signup_body(&phone, &id_number))
            .await
            .status(),
        StatusCode::CREATED
    );

    let wrong = client
        .delete(app.url("/api/me"))
        .json(&json!({"password": "not mine!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::OK,
        "still there"
    );

    let r = client
        .delete(app.url("/api/me"))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&client, "/api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .post(
            &app.client(),
            "/api/auth/login",
            &json!({"phone": phone, "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let users = app.state.store.users(None, None, 100).await.unwrap();
    assert!(users.is_empty(), "erased accounts leave every list");

    // The person may come back later with the same phone and ID.
    let again = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&phone, &id_number),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
}
