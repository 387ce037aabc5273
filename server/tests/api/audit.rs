//! The audit log: every decision about a person, a room or a door is on it with the manager who
//! made it, and the chain shows an edit, a forged rewrite and a cut end.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn entries(app: &TestApp, manager: &reqwest::Client) -> Vec<Value> {
    let body: Value = app
        .get(manager, "/api/admin/audit?limit=1000")
        .await
        .json()
        .await
        .unwrap();
    body["entries"].as_array().unwrap().clone()
}

async fn verify(app: &TestApp, manager: &reqwest::Client) -> Value {
    app.get(manager, "/api/admin/audit/verify")
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_decision_is_audited_with_the_manager_who_made_it() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let manager_id = {
        let me: Value = app.get(&manager, "/api/me").await.json().await.unwrap();
        me["user"]["id"].as_str().unwrap().to_owned()
    };
    let actor = format!("user:{manager_id}");
    let (_, approved, _) = app.member().await;
    let (_, rejected, _) = app.member().await;
    let (erased_client, erased, _) = app.member().await;
    app.post(
        &manager,
        &format!("/api/admin/users/{approved}/verify"),
        &json!({"approve": true}),
    )
    .await;
    app.post(
        &manager,
        &format!("/api/admin/users/{rejected}/verify"),
        &json!({"approve": false, "reason": "照片看不清"}),
    )
    .await;
    app.post(
        &manager,
        &format!("/api/admin/users/{approved}/suspend"),
        &json!({"until": "2026-12-01T00:00:00+08:00", "reason": "三次未到"}),
    )
    .await;
    app.post(
        &manager,
        &format!("/api/admin/users/{approved}/reinstate"),
        &json!({}),
    )
    .await;
    let room: Value = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "东厢", "seats": [{"label": "1", "x": 0, "y": 0}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let room_id = room["room"]["id"].as_str().unwrap();
    let door: Value = app
        .post(
            &manager,
            &format!("/api/admin/rooms/{room_id}/doors"),
            &json!({"name": "门"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let door_id = door["door"]["id"].as_str().unwrap();
    app.post(
        &manager,
        &format!("/api/admin/doors/{door_id}/rotate-token"),
        &json!({}),
    )
    .await;
    manager
        .delete(app.url(&format!("/api/admin/doors/{door_id}")))
        .send()
        .await
        .unwrap();
    erased_client
        .delete(app.url("/api/me"))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();

    let log = entries(&app, &manager).await;
    let find = |kind: &str, about: &str| {
        log.iter()
            .find(|e| e["kind"] == kind && e["detail"].as_str().unwrap().contains(about))
            .unwrap_or_else(|| panic!("no {kind} about {about} in {log:?}"))
            .clone()
    };
    for (kind, about) in [
        ("member_verified", approved.as_str()),
        ("member_rejected", rejected.as_str()),
        ("member_suspended", approved.as_str()),
        ("member_reinstated", approved.as_str()),
        ("room_created", room_id),
        ("door_created", door_id),
        ("door_token_rotated", door_id),
        ("door_revoked", door_id),
    ] {
        assert_eq!(find(kind, about)["actor"], actor.as_str(), "{kind}");
    }
    assert_eq!(find("account_erased", &erased)["actor"], format!("user:{erased}"));
    assert_eq!(find("manager_logged_in", "session")["actor"], actor.as_str());
    assert!(
        !serde_json::to_string(&log).unwrap().contains("照片看不清"),
        "reasons stay off the log"
    );
    assert_eq!(verify(&app, &manager).await["ok"], true);
}

#[tokio::test]
async fn a_cut_end_an_edit_and_a_rewrite_without_the_key_all_show() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    for _ in 0..3 {
        app.unlock(&room, "00000001").await;
    }
    let intact = verify(&app, &manager).await;
    assert_eq!(intact["ok"], true);
    assert_eq!(intact["truncated"], false);
    let db = app.db().await;

    // Cut the last entry off, and even move the head back to the stored hash of the new last row.
    let last = db.scalar("SELECT MAX(seq) FROM audit", &[]).await;
    db.execute("DELETE FROM audit WHERE seq = ?", &[last.into()])
        .await;
    let cut = verify(&app, &manager).await;
    assert_eq!(cut["ok"], false);
    assert_eq!(cut["truncated"], true);
    assert_eq!(cut["head_seq"], last);
    db.execute(
        "UPDATE audit_head SET seq = ?1, mac = (SELECT hash FROM audit WHERE seq = ?1)",
        &[(last - 1).into()],
    )
    .await;
    assert_eq!(verify(&app, &manager).await["truncated"], true);

    // An edited row breaks the chain at that row (a rewrite without the key: see audit.rs).
    db.execute("UPDATE audit SET detail = 'nothing happened' WHERE seq = 2", &[])
        .await;
    let edited = verify(&app, &manager).await;
    assert_eq!(edited["ok"], false);
    assert_eq!(edited["first_bad_seq"], 2);
    assert_eq!(
        app.get(&app.client(), "/api/admin/audit/verify").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_unkeyed_log_from_before_the_upgrade_is_keyed_once_at_start() {
    use sha2::{Digest, Sha256};
    use studyroom_server::clock::TestClock;
    use studyroom_server::crypto::SecretKey;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let key = SecretKey::generate();
    let clock = std::sync::Arc::new(TestClock::new(chrono::Utc::now()));
    let state = studyroom_server::open(&url, &key, clock.clone(), Default::default())
        .await
        .unwrap();
    drop(state);
    // Write what the old server wrote: a plain SHA-256 chain and no head.
    let db = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mut prev: Vec<u8> = Vec::new();
    for seq in 1..=3i64 {
        let mut h = Sha256::new();
        h.update(&prev);
        for part in [
            seq.to_string(),
            "100".into(),
            "door_refused".into(),
            "door:d".into(),
            "x".into(),
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        let hash = h.finalize().to_vec();
        sqlx::query("INSERT INTO audit (seq, at, kind, actor, detail, hash) VALUES (?, 100, 'door_refused', 'door:d', 'x', ?)")
            .bind(seq)
            .bind(&hash)
            .execute(&db)
            .await
            .unwrap();
        prev = hash;
    }
    db.close().await;
    let state = studyroom_server::open(&url, &key, clock, Default::default())
        .await
        .unwrap();
    let (entries, head) = state.store.audit_chain().await.unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[3].kind, "audit_chain_keyed");
    assert!(entries[3].detail.contains("intact"));
    assert_eq!(
        studyroom_server::audit::verify(&state.chain, &entries, head.as_ref()),
        studyroom_server::audit::Verdict::Intact
    );
}

#[tokio::test]
async fn the_log_filters_by_kind_subject_and_date_and_pages_back() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    for _ in 0..5 {
        app.unlock(&room, "00000001").await;
    }
    let (_, person, _) = app.member().await;
    app.post(
        &manager,
        &format!("/api/admin/users/{person}/verify"),
        &json!({"approve": true}),
    )
    .await;
    let get = |q: String| {
        let (app, manager) = (&app, &manager);
        async move {
            let r = app.get(manager, &format!("/api/admin/audit?{q}")).await;
            assert_eq!(r.status(), StatusCode::OK, "{q}");
            r.json::<Value>().await.unwrap()
        }
    };
    let refused = get("kind=door_refused&limit=2".into()).await;
    let first: Vec<i64> = refused["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(first.len(), 2);
    assert!(first[0] > first[1], "newest first");
    let before = refused["next_before"].as_i64().unwrap();
    let next = get(format!("kind=door_refused&limit=2&before={before}")).await;
    let second: Vec<i64> = next["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert!(second.iter().all(|s| *s < first[1]));
    let about_door = get(format!("about={}", room.door_id)).await;
    assert_eq!(
        about_door["entries"].as_array().unwrap().len(),
        5 + 1,
        "five refusals and its creation"
    );
    let about_person = get(format!("about={person}")).await;
    assert_eq!(about_person["entries"][0]["kind"], "member_verified");
    let that_day = get("from=2026-11-22&to=2026-11-22".into()).await;
    assert!(that_day["entries"].as_array().unwrap().len() >= 7);
    assert!(
        get("kind=door_refused&from=2026-11-23".into()).await["entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for bad in ["limit=0", "from=yesterday", "kind=drop table", "before=x"] {
        let r = app.get(&manager, &format!("/api/admin/audit?{bad}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}
