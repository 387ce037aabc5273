use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn signing_up_creates_a_pending_member_with_masked_identity_and_a_session() {
    let app = spawn_app().await;
    let client = app.client();
    let body = json!({"phone": "+86 138 0013 8000", "password": PASSWORD, "real_name": "张小明",
                      "id_number": "11010519491231002x", "consent": true});
    let r = app.post(&client, "/api/auth/signup", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let user: Value = r.json().await.unwrap();
    let user = &user["user"];
    assert_eq!(user["status"], "pending");
    assert_eq!(user["role"], "member");
    assert_eq!(user["phone_masked"], "138****8000");
    assert_eq!(user["real_name_masked"], "张*明");
    assert_eq!(user["id_number_masked"], "110105********002X");
    let text = user.to_string();
    assert!(
        !text.contains("11010519491231002X") && !text.contains("13800138000") && !text.contains("张小明")
    );

    let me: Value = app.get(&client, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["id"], user["id"]);
}

#[tokio::test]
async fn identity_is_encrypted_at_rest() {
    let app = spawn_app().await;
    let client = app.client();
    let r = app
        .post(
            &client,
            "/api/auth/signup",
            &signup_body("13800138000", "11010519491231002X"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let secrets = ["11010519491231002X", "13800138000", "张小明", PASSWORD];
    if on_postgres() {
        // No file to read: every row as PostgreSQL prints it (BYTEA as hex), searched for each
        // secret as text and as the hex of its bytes.
        let rows = app
            .db()
            .await
            .text("SELECT COALESCE(string_agg(u::text, ' '), '') FROM users u", &[])
            .await;
        for secret in secrets {
            let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
            assert!(
                !rows.contains(secret) && !rows.contains(&hex),
                "{secret} is stored in clear"
            );
        }
        return;
    }
    let raw = std::fs::read(&app.db_path).unwrap();
    let wal = std::fs::read(app.db_path.with_extension("db-wal")).unwrap_or_default();
    for haystack in [raw, wal] {
        let text = String::from_utf8_lossy(&haystack);
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} is stored in clear");
        }
    }
}

#[tokio::test]
async fn each_invalid_field_gets_its_own_code_and_nothing_is_created() {
    let app = spawn_app().await;
    let client = app.client();
    let cases = [
        ("phone", json!("12345"), "invalid_phone"),
        ("password", json!("short"), "invalid_password"),
        ("real_name", json!("张"), "invalid_real_name"),
        ("real_name", json!("张3丰"), "invalid_real_name"),
        ("id_number", json!("110105194912310021"), "invalid_id_number"),
        ("id_number", json!("11010519490231002X"), "invalid_id_number"),
        ("id_number", json!("1101051949123100"), "invalid_id_number"),
        ("consent", json!(false), "consent_required"),
    ];
    for (field, value, code) in cases {
        let mut body = signup_body(&new_phone(), &new_id_number());
        body[field] = value;
        let r = app.post(&client, "/api/auth/signup", &body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{field}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["error"]["code"], code, "{field}");
        assert_eq!(err["error"]["field"], field);
        assert!(
            !err.to_string().contains("110105194912310021"),
            "the ID number is echoed back"
        );
    }
    let mut missing_consent = signup_body(&new_phone(), &new_id_number());
    missing_consent.as_object_mut().unwrap().remove("consent");
    let r = app.post(&client, "/api/auth/signup", &missing_consent).await;
    assert_eq!(error_code(r).await, "consent_required");
    assert!(app.state.store.users(None, None, 100).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_phone_number_has_one_account() {
    let app = spawn_app().await;
    let phone = new_phone();
    let first = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&phone, &new_id_number()),
        )
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&format!("+86{phone}"), &new_id_number()),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "phone_taken");
}

#[tokio::test]
async fn an_id_number_has_one_account_whatever_the_case_of_x() {
    let app = spawn_app().await;
    let first = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&new_phone(), "11010519491231002X"),
        )
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = app
        .post(
            &app.client(),
            "/api/auth/signup",
            &signup_body(&new_phone(), "11010519491231002x"),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "id_number_taken");
    assert_eq!(app.state.store.users(None, None, 100).await.unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_signups_with_one_id_number_create_one_account() {
    let app = spawn_app().await;
    let id = new_id_number();
    let attempts = (0..8).map(|_| {
        let (client, body) = (app.client(), signup_body(&new_phone(), &id));
        let url = app.url("/api/auth/signup");
        async move { client.post(url).json(&body).send().await.unwrap().status() }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::CREATED).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
}
