//! Fairness: violations decay, three within thirty days suspend booking for a week (per room),
//! members appeal, managers pardon or uphold, and a pardon lifts what it caused.

use crate::helpers::*;
use chrono::{Duration, FixedOffset, Timelike};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Books the slot in progress on `label` and lets it become a no-show.
async fn no_show(app: &TestApp, member: &reqwest::Client, room: &Room, label: &str) -> String {
    let now = app
        .clock_now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap());
    let start = now
        .with_minute(now.minute() / 30 * 30)
        .unwrap()
        .with_second(0)
        .unwrap();
    let end = start + Duration::minutes(30);
    let (id, _) = app
        .booked(member, room, label, &start.to_rfc3339(), &end.to_rfc3339())
        .await;
    app.clock.advance(Duration::minutes(16));
    app.tick().await;
    assert_eq!(
        app.booking_state(member, &id).await["booking"]["state"],
        "no_show"
    );
    id
}

async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    app.get(client, "/api/me").await.json::<Value>().await.unwrap()["user"].clone()
}

async fn violations(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    let body: Value = app.get(client, "/api/me/violations").await.json().await.unwrap();
    body["violations"].as_array().unwrap().clone()
}

#[tokio::test]
async fn three_violations_within_thirty_days_suspend_booking_for_a_week() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _, phone) = app.verified_member_with_phone().await;
    no_show(&app, &member, &room, "A1").await;
    app.clock.advance(Duration::days(10));
    let member = app.log_in(&phone).await;
    no_show(&app, &member, &room, "A2").await;
    assert_eq!(
        me(&app, &member).await["status"],
        "verified",
        "two are a warning, not a rule"
    );
    app.clock.advance(Duration::days(10));
    let member = app.log_in(&phone).await;
    // A booking for tomorrow that the suspension will cancel.
    let (tomorrow, code) = app
        .booked(
            &member,
            &room,
            "W4",
            "2026-12-13T20:00:00+08:00",
            "2026-12-13T21:00:00+08:00",
        )
        .await;
    no_show(&app, &member, &room, "A3").await;
    let user = me(&app, &member).await;
    assert_eq!(user["status"], "suspended");
    assert_eq!(user["suspended_automatically"], true);
    assert!(user["suspended_until"].is_string());
    assert_eq!(
        app.booking_state(&member, &tomorrow).await["access_code"],
        Value::Null
    );
    assert_eq!(app.unlock(&room, &code).await.status(), StatusCode::FORBIDDEN);
    let r = app
        .book(
            &member,
            &room,
            "A4",
            "2026-12-13T22:00:00+08:00",
            "2026-12-13T23:00:00+08:00",
        )
        .await;
    assert_eq!(error_code(r).await, "suspended");
    // A week later it wears off by itself.
    app.clock.advance(Duration::days(7));
    app.tick().await;
    let member = app.log_in(&phone).await;
    let user = me(&app, &member).await;
    assert_eq!(user["status"], "verified");
    assert_eq!(user["suspended_automatically"], false);
}

#[tokio::test]
async fn violations_decay_so_one_bad_week_is_forgotten() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _, phone) = app.verified_member_with_phone().await;
    no_show(&app, &member, &room, "A1").await;
    no_show(&app, &member, &room, "A2").await;
    app.clock.advance(Duration::days(31));
    let member = app.log_in(&phone).await;
    no_show(&app, &member, &room, "A3").await;
    assert_eq!(me(&app, &member).await["status"], "verified");
    let list = violations(&app, &member).await;
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["counts"], true);
    assert_eq!(list[2]["counts"], false, "over thirty days old");
}

#[tokio::test]
async fn a_room_can_turn_the_rule_off() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let created: Value = app
        .post(
            &manager,
            "/api/admin/rooms",
            &json!({"name": "宽松", "rules": {"auto_suspend_violations": 0}, "seats": [
                {"label": "1", "x": 0, "y": 0}, {"label": "2", "x": 1, "y": 0}, {"label": "3", "x": 2, "y": 0}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let room = Room {
        id: created["room"]["id"].as_str().unwrap().into(),
        door_id: String::new(),
        door_token: String::new(),
    };
    let (member, _) = app.verified_member().await;
    for label in ["1", "2", "3"] {
        no_show(&app, &member, &room, label).await;
    }
    assert_eq!(me(&app, &member).await["status"], "verified");
}

#[tokio::test]
async fn an_appeal_waits_for_a_manager_and_a_pardon_lifts_the_suspension_it_caused() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, member_id) = app.verified_member().await;
    for label in ["A1", "A2", "A3"] {
        no_show(&app, &member, &room, label).await;
    }
    assert_eq!(me(&app, &member).await["status"], "suspended");
    let list = violations(&app, &member).await;
    let first = list[0]["id"].as_str().unwrap().to_owned();
    let appeal = |id: String, reason: &'static str| {
        let (app, member) = (&app, &member);
        async move {
            app.post(
                member,
                &format!("/api/me/violations/{id}/appeal"),
                &json!({"reason": reason}),
            )
            .await
        }
    };
    let r = appeal(first.clone(), "   ").await;
    assert_eq!(error_code(r).await, "reason_required");
    let r = appeal(first.clone(), "地铁停运，到不了").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["violation"]["appeal"]["state"], "pending");
    assert_eq!(
        appeal(first.clone(), "再说一次").await.status(),
        StatusCode::CONFLICT
    );
    // Someone else's violation is not theirs to appeal.
    let (stranger, _) = app.verified_member().await;
    let r = app
        .post(
            &stranger,
            &format!("/api/me/violations/{first}/appeal"),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The appeal waits in People, with who made it.
    let waiting: Value = app
        .get(&manager, "/api/admin/appeals")
        .await
        .json()
        .await
        .unwrap();
    let appeals = waiting["appeals"].as_array().unwrap();
    assert_eq!(appeals.len(), 1);
    assert_eq!(appeals[0]["user"]["id"], member_id.as_str());
    assert_eq!(appeals[0]["violation"]["appeal"]["text"], "地铁停运，到不了");
    assert_eq!(
        app.get(&member, "/api/admin/appeals").await.status(),
        StatusCode::FORBIDDEN
    );

    let r = app
        .post(
            &manager,
            &format!("/api/admin/violations/{first}/pardon"),
            &json!({"reason": "地铁停运属实"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let pardoned: Value = r.json().await.unwrap();
    assert_eq!(pardoned["violation"]["pardoned"], true);
    assert_eq!(pardoned["violation"]["counts"], false);
    assert_eq!(pardoned["violation"]["appeal"]["state"], "pardoned");
    assert_eq!(
        me(&app, &member).await["status"],
        "verified",
        "two left: below the rule"
    );
    let again = app
        .post(
            &manager,
            &format!("/api/admin/violations/{first}/pardon"),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let empty: Value = app
        .get(&manager, "/api/admin/appeals")
        .await
        .json()
        .await
        .unwrap();
    assert!(empty["appeals"].as_array().unwrap().is_empty());

    // An appeal can also be upheld, with an answer the member reads.
    let second = list[1]["id"].as_str().unwrap().to_owned();
    appeal(second.clone(), "忘了").await;
    let r = app
        .post(
            &manager,
            &format!("/api/admin/violations/{second}/uphold"),
            &json!({"reason": "请提前取消"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let mine = violations(&app, &member).await;
    let upheld = mine.iter().find(|v| v["id"] == second.as_str()).unwrap();
    assert_eq!(upheld["appeal"]["state"], "upheld");
    assert_eq!(upheld["appeal"]["answer"], "请提前取消");
    assert_eq!(upheld["counts"], true);

    // Both decisions are on the log with the manager; the person's list is there for People.
    let log: Value = app
        .get(&manager, "/api/admin/audit?about=".to_owned().as_str())
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "violation_appealed",
        "violation_pardoned",
        "appeal_upheld",
        "member_auto_suspended",
        "suspension_lifted",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let theirs: Value = app
        .get(&manager, &format!("/api/admin/users/{member_id}/violations"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["violations"].as_array().unwrap().len(), 3);
    for bad in ["nope", "999999"] {
        let r = app
            .post(
                &manager,
                &format!("/api/admin/violations/{bad}/pardon"),
                &json!({"reason": "x"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}
