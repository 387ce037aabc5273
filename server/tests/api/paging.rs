//! Lists that grow with history come in pages, with an opaque cursor.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn my_bookings_come_newest_first_in_pages() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    let mut made = Vec::new();
    for hour in 9..14 {
        let (id, _) = app
            .booked(
                &member,
                &room,
                "A1",
                &format!("2026-11-23T{hour:02}:00:00+08:00"),
                &format!("2026-11-23T{hour:02}:30:00+08:00"),
            )
            .await;
        made.push(id);
    }
    made.reverse();
    let mut seen = Vec::new();
    let mut path = "/api/bookings?limit=2".to_owned();
    loop {
        let page: Value = app.get(&member, &path).await.json().await.unwrap();
        let ids: Vec<String> = page["bookings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(ids.len() <= 2);
        seen.extend(ids);
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/bookings?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, made);
    for bad in ["?limit=0", "?limit=1000", "?cursor=nonsense", "?cursor=1.zz"] {
        let r = app.get(&member, &format!("/api/bookings{bad}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(error_code(r).await, "invalid_request");
    }
}

#[tokio::test]
async fn the_people_list_comes_in_pages() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    for _ in 0..5 {
        app.member().await;
    }
    let mut seen = std::collections::HashSet::new();
    let mut path = "/api/admin/users?status=pending&limit=2".to_owned();
    let mut pages = 0;
    loop {
        let page: Value = app.get(&manager, &path).await.json().await.unwrap();
        for u in page["users"].as_array().unwrap() {
            assert!(seen.insert(u["id"].as_str().unwrap().to_owned()), "no one twice");
        }
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/admin/users?status=pending&limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(pages, 3);
    let r = app.get(&manager, "/api/admin/users?cursor=x.y").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
