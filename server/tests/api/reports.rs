//! Statistics checked on a small hand-computed data set, and the CSV exports read back by a real
//! CSV reader.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A two-seat room with a door, named like a formula to test the export's neutralisation.
async fn stats_room(app: &TestApp, manager: &reqwest::Client) -> Room {
    let created: Value = app
        .post(
            manager,
            "/api/admin/rooms",
            &json!({"name": "=SUM(1,2)", "seats": [{"label": "S1", "x": 0, "y": 0}, {"label": "S2", "x": 1, "y": 0}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["room"]["id"].as_str().unwrap().to_owned();
    let door: Value = app
        .post(
            manager,
            &format!("/api/admin/rooms/{id}/doors"),
            &json!({"name": "门"}),
        )
        .await
        .json()
        .await
        .unwrap();
    Room {
        id,
        door_id: door["door"]["id"].as_str().unwrap().into(),
        door_token: door["token"].as_str().unwrap().into(),
    }
}

/// Sunday 22 Nov: A sits 22:00–22:30 on S1; B never comes to S2. Monday 23 Nov: A sits 09:00–10:00
/// on S1; C books S2 and cancels. (The test clock starts at 21:30 on Sunday.)
async fn seed(app: &TestApp, manager: &reqwest::Client) -> Room {
    let room = stats_room(app, manager).await;
    let (a, _) = app.verified_member().await;
    let (b, _) = app.verified_member().await;
    let (c, _) = app.verified_member().await;
    let (a1, code1) = app
        .booked(
            &a,
            &room,
            "S1",
            "2026-11-22T22:00:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    app.booked(
        &b,
        &room,
        "S2",
        "2026-11-22T22:00:00+08:00",
        "2026-11-22T23:00:00+08:00",
    )
    .await;
    let (_, code2) = app
        .booked(
            &a,
            &room,
            "S1",
            "2026-11-23T09:00:00+08:00",
            "2026-11-23T10:00:00+08:00",
        )
        .await;
    let (c1, _) = app
        .booked(
            &c,
            &room,
            "S2",
            "2026-11-23T09:30:00+08:00",
            "2026-11-23T10:30:00+08:00",
        )
        .await;
    app.post(&c, &format!("/api/bookings/{c1}/cancel"), &json!({}))
        .await;
    app.clock.advance(Duration::minutes(30)); // 22:00
    assert_eq!(app.unlock(&room, &code1).await.status(), StatusCode::OK);
    app.clock.advance(Duration::minutes(30)); // 22:30
    app.post(&a, &format!("/api/bookings/{a1}/checkout"), &json!({}))
        .await;
    app.tick().await; // B: no-show
    app.clock.advance(Duration::minutes(630)); // Monday 09:00
    assert_eq!(app.unlock(&room, &code2).await.status(), StatusCode::OK);
    app.clock.advance(Duration::minutes(60)); // 10:00: the booking ends by itself
    app.tick().await;
    room
}

#[tokio::test]
async fn statistics_match_the_hand_computed_numbers() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let room = seed(&app, &manager).await;
    let r = app
        .get(
            &manager,
            &format!("/api/admin/rooms/{}/stats?from=2026-11-22&to=2026-11-23", room.id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let s: Value = r.json().await.unwrap();
    assert_eq!(s["bookings"], 3, "the cancelled one aside");
    assert_eq!(s["unique_people"], 2);
    assert_eq!(s["no_show_rate"], 0.333);
    assert_eq!(s["avg_stay_minutes"], 45.0);
    assert_eq!(s["peak_hour"], 9);
    // Monday 09h: 3600 s of 2 seats × 3600 s; Sunday (index 6) 22h: 1800 s of 7200.
    assert_eq!(s["heatmap"][0][9], 0.5);
    assert_eq!(s["heatmap"][6][22], 0.25);
    let total: f64 = s["heatmap"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d.as_array().unwrap())
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert_eq!(total, 0.75, "nothing else was used");
    assert_eq!(
        s["per_day"],
        json!([{"date": "2026-11-22", "bookings": 2, "people": 2}, {"date": "2026-11-23", "bookings": 1, "people": 1}])
    );
    assert_eq!(s["busiest_seats"][0]["label"], "S1");
    assert_eq!(s["busiest_seats"][0]["hours"], 1.5);
    assert_eq!(s["busiest_seats"].as_array().unwrap().len(), 1);
    for bad in [
        "from=2026-11-23&to=2026-11-22",
        "from=2025-01-01&to=2026-11-23",
        "from=soon",
    ] {
        let r = app
            .get(&manager, &format!("/api/admin/rooms/{}/stats?{bad}", room.id))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let r = app.get(&manager, "/api/admin/rooms/nope/stats").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_bookings_export_is_excel_ready_masked_and_formula_safe() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let room = seed(&app, &manager).await;
    let r = app
        .get(
            &manager,
            &format!(
                "/api/admin/export/bookings.csv?from=2026-11-22&to=2026-11-23&room={}",
                room.id
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.contains("bookings_2026-11-22_2026-11-23.csv"),
        "{disposition}"
    );
    let bytes = r.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel and WPS"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[2], "座位 seat");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "every booking in the range, cancelled ones too");
    for row in &rows {
        assert_eq!(&row[1], "'=SUM(1,2)", "a formula is shown, never run");
        assert_eq!(&row[3], "张*明", "masked");
        assert!(row[4].contains("****"), "masked phone: {}", &row[4]);
    }
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(!text.contains("张小明"), "never the full name");
    // Oldest first (two start at 22:00 on Sunday, in id order).
    let mut states: Vec<&str> = rows.iter().map(|r| &r[7]).collect();
    states[..2].sort();
    assert_eq!(states, ["completed", "no_show", "completed", "cancelled"]);

    let entries = app
        .get(
            &manager,
            "/api/admin/export/entries.csv?from=2026-11-22&to=2026-11-23",
        )
        .await;
    assert_eq!(entries.status(), StatusCode::OK);
    let bytes = entries.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let kinds: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_owned()).collect();
    assert_eq!(kinds, ["door_granted", "door_granted"]);

    for bad in ["from=x", "from=2026-11-23&to=2026-11-01", "room=nope"] {
        let r = app
            .get(&manager, &format!("/api/admin/export/bookings.csv?{bad}"))
            .await;
        assert!(r.status().is_client_error(), "{bad}");
    }
    let (member, _) = app.verified_member().await;
    assert_eq!(
        app.get(&member, "/api/admin/export/bookings.csv").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_bench_history_seeds_and_its_statistics_add_up() {
    use studyroom_server::store::{SeedSize, SqliteStore};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let key = studyroom_server::crypto::SecretKey::generate();
    let store = SqliteStore::connect(&url, studyroom_server::audit::ChainKey::new(key.audit_key()))
        .await
        .unwrap();
    let vault = studyroom_server::crypto::Vault::new(&key);
    let size = SeedSize {
        rooms: 2,
        seats: 5,
        bookings: 300,
    };
    let rooms = studyroom_server::bench::seed(&store, &vault, size, 20)
        .await
        .unwrap();
    assert_eq!(rooms.len(), 2);
    drop(store);
    let clock = std::sync::Arc::new(studyroom_server::clock::SystemClock);
    let state = studyroom_server::open(&url, &key, clock, Default::default())
        .await
        .unwrap();
    assert!(studyroom_server::bench::time_stats(&state).await.unwrap() >= 0.0);
    let room = state.store.room_by_name("bench-0001").await.unwrap().unwrap();
    let today = chrono::Utc::now().date_naive();
    let s = studyroom_server::stats::room_stats(&state, &room, today - chrono::Duration::days(364), today)
        .await
        .unwrap();
    // 150 bookings a room, 5 % cancelled, the rest counted; about 10 % no-shows.
    assert!((130..=150).contains(&s.bookings), "{}", s.bookings);
    assert!(s.no_show_rate > 0.0 && s.no_show_rate < 0.3);
    assert!(s.heatmap.iter().flatten().all(|f| (0.0..=1.0).contains(f)));
}
