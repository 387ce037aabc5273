use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn small_room(name: &str) -> Value {
    json!({"name": name, "address": "徐汇区", "seats": [
        {"label": "1", "x": 0, "y": 0, "features": ["window"]},
        {"label": "2", "x": 1, "y": 0, "features": []}
    ]})
}

#[tokio::test]
async fn a_manager_creates_a_room_that_members_then_see_with_its_seats() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let r = app
        .post(&manager, "/api/admin/rooms", &small_room("静心角"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert_eq!(
        created["room"]["rules"]["slot_minutes"], 30,
        "the contract's defaults"
    );
    assert_eq!(created["room"]["utc_offset"], "+08:00");
    let id = created["room"]["id"].as_str().unwrap();

    let (member, _, _) = app.member().await;
    let rooms: Value = app.get(&member, "/api/rooms").await.json().await.unwrap();
    assert_eq!(rooms["rooms"][0]["seats_total"], 2);
    assert_eq!(rooms["rooms"][0]["seats_free"], 2);
    assert!(
        rooms["rooms"][0].get("seats").is_none(),
        "the list leaves the seats out"
    );
    let room: Value = app
        .get(&member, &format!("/api/rooms/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(room["room"]["seats"][0]["features"], json!(["window"]));
}

#[tokio::test]
async fn a_room_that_breaks_a_rule_is_400_invalid_room_and_nothing_is_stored() {
    let app = spawn_app().await;
    let manager = app.manager().await;
    let mut cases = Vec::new();
    let mut r = small_room("a");
    r["seats"][1]["label"] = json!("1");
    cases.push(("duplicate labels", r));
    let mut r = small_room("b");
    r["rules"] = json!({"code_length": 6});
    cases.push(("short codes are guessable", r));
    let mut r = small_room("c");
    r["rules"] = json!({"slot_minutes": 7});
    cases.push(("slot not dividing a day", r));
    let mut r = small_room("d");
    r["utc_offset"] = json!("8");
    cases.push(("offset", r));
    let mut r = small_room("e");
    r["seats"] = json!([]);
    cases.push(("no seats", r));
    cases.push(("no name", small_room("  ")));
    for (what, body) in cases {
        let r = app.post(&manager, "/api/admin/rooms", &body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(error_code(r).await, "invalid_room", "{what}");
    }
    let mut bad_feature = small_room("f");
    bad_feature["seats"][0]["features"] = json!(["jacuzzi"]);
    let r = app.post(&manager, "/api/admin/rooms", &bad_feature).await;
    assert_eq!(error_code(r).await, "invalid_request");
    assert!(app.state.store.rooms().await.unwrap().is_empty());
}

#[tokio::test]
async fn members_cannot_create_rooms_or_doors() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    assert_eq!(
        app.post(&member, "/api/admin/rooms", &small_room("x"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &member,
            &format!("/api/admin/rooms/{}/doors", room.id),
            &json!({"name": "后门"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&app.client(), "/api/rooms").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_demo_room_has_twelve_seats_round_the_table_and_four_by_the_window() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let seats = app.state.store.seats(&room.id).await.unwrap();
    assert_eq!(seats.len(), 16);
    assert_eq!(seats.iter().filter(|s| s.label.starts_with('A')).count(), 12);
    let window = seats
        .iter()
        .filter(|s| s.features.contains(&studyroom_api::SeatFeature::Window))
        .count();
    assert_eq!(window, 4);
    // Seeding again keeps the room and hands out a fresh, working door token.
    let again = app.demo_room().await;
    assert_eq!(again.id, room.id);
    assert_ne!(again.door_token, room.door_token);
    assert_eq!(
        app.unlock(&room, "12345678").await.status(),
        StatusCode::UNAUTHORIZED,
        "the old token is dead"
    );
    assert_eq!(
        app.unlock(&again, "12345678").await.status(),
        StatusCode::FORBIDDEN,
        "the new one works"
    );
}

#[tokio::test]
async fn availability_shows_a_booking_across_midnight_on_both_days() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (member, _) = app.verified_member().await;
    app.booked(
        &member,
        &room,
        "W1",
        "2026-11-22T23:00:00+08:00",
        "2026-11-23T01:00:00+08:00",
    )
    .await;
    let seat = app.seat(&room.id, "W1").await;
    for date in ["2026-11-22", "2026-11-23"] {
        let body: Value = app
            .get(
                &member,
                &format!("/api/rooms/{}/availability?date={date}", room.id),
            )
            .await
            .json()
            .await
            .unwrap();
        let w1 = body["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["seat_id"] == seat.as_str())
            .unwrap()
            .clone();
        assert_eq!(w1["busy"][0]["start"], "2026-11-22T23:00:00+08:00", "{date}");
        assert_eq!(w1["busy"][0]["end"], "2026-11-23T01:00:00+08:00", "{date}");
    }
    let body: Value = app
        .get(
            &member,
            &format!("/api/rooms/{}/availability?date=2026-11-24", room.id),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["seats"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["busy"].as_array().unwrap().is_empty())
    );
    for bad in ["tomorrow", "262143-12-31", "2026-02-30", ""] {
        let path = format!("/api/rooms/{}/availability?date={bad}", room.id);
        let r = app.get(&member, &path).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        assert_eq!(error_code(r).await, "invalid_request");
    }
    assert_eq!(
        app.get(&member, "/api/rooms/nope/availability?date=2026-11-22")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_live_board_shows_managers_who_is_inside_masked() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (inside, _) = app.verified_member().await;
    let (out, _) = app.verified_member().await;
    let (_, code) = app
        .booked(
            &inside,
            &room,
            "A1",
            "2026-11-22T21:30:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    let (away, code2) = app
        .booked(
            &out,
            &room,
            "A2",
            "2026-11-22T21:30:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    app.unlock(&room, &code).await;
    app.unlock(&room, &code2).await;
    app.post(&out, &format!("/api/bookings/{away}/leave"), &json!({}))
        .await;

    let manager = app.manager().await;
    let board: Value = app
        .get(&manager, &format!("/api/admin/rooms/{}/live", room.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board["headcount"], 1, "the one who stepped out is not inside");
    let seat = |label: &str| {
        board["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["label"] == label)
            .unwrap()
            .clone()
    };
    assert_eq!(seat("A1")["state"], "occupied");
    assert_eq!(seat("A1")["occupant_masked"], "张*明");
    assert_eq!(seat("A1")["since"], "2026-11-22T21:30:00+08:00");
    assert_eq!(seat("A2")["state"], "away");
    assert_eq!(seat("A2")["away_until"], "2026-11-22T22:00:00+08:00");
    assert_eq!(seat("A3")["state"], "free");
    assert!(seat("A3").get("occupant_masked").is_none());
    assert!(!board.to_string().contains("张小明"), "never the full name");
    assert_eq!(
        app.get(&inside, &format!("/api/admin/rooms/{}/live", room.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&manager, "/api/admin/rooms/nope/live").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn one_definition_of_now_for_occupancy_free_counts_the_stream_and_the_live_board() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let (later, _) = app.verified_member().await;
    let (due, _) = app.verified_member().await;
    // Booked for later today only: free now. Booked now and not yet in: booked.
    app.booked(
        &later,
        &room,
        "W1",
        "2026-11-22T23:00:00+08:00",
        "2026-11-23T00:00:00+08:00",
    )
    .await;
    app.booked(
        &due,
        &room,
        "W2",
        "2026-11-22T21:30:00+08:00",
        "2026-11-22T22:30:00+08:00",
    )
    .await;
    let w1 = app.seat_status(&later, &room, "W1").await;
    assert_eq!(w1["state"], "free");
    assert_eq!(w1["next_start"], "2026-11-22T23:00:00+08:00");
    let w2 = app.seat_status(&later, &room, "W2").await;
    assert_eq!(w2["state"], "booked");
    assert!(w2.get("next_start").is_none());

    let shown: Value = app
        .get(&later, &format!("/api/rooms/{}", room.id))
        .await
        .json()
        .await
        .unwrap();
    let occupancy: Value = app
        .get(&later, &format!("/api/rooms/{}/occupancy", room.id))
        .await
        .json()
        .await
        .unwrap();
    let free_on_map = occupancy["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "free")
        .count();
    assert_eq!(shown["room"]["seats_free"], free_on_map as u64);
    assert_eq!(free_on_map, 15, "16 seats, one held now");

    let manager = app.manager().await;
    let board: Value = app
        .get(&manager, &format!("/api/admin/rooms/{}/live", room.id))
        .await
        .json()
        .await
        .unwrap();
    let on_board = |label: &str| {
        board["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["label"] == label)
            .unwrap()
            .clone()
    };
    assert_eq!(on_board("W1")["state"], "free");
    assert!(on_board("W1").get("occupant_masked").is_none());
    assert_eq!(on_board("W2")["state"], "booked");
    assert_eq!(on_board("W2")["occupant_masked"], "张*明");
}

#[tokio::test]
async fn the_seat_editor_adds_moves_relabels_and_removes_seats_but_not_ones_in_use() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, _) = app.verified_member().await;
    let (booking, _) = app
        .booked(
            &member,
            &room,
            "A1",
            "2026-11-22T22:00:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    let shown = |client: &reqwest::Client| {
        let (app, client, path) = (&app, client.clone(), format!("/api/rooms/{}", room.id));
        async move { app.get(&client, &path).await.json::<Value>().await.unwrap()["room"].clone() }
    };
    let before = shown(&manager).await;
    let seats = before["seats"].as_array().unwrap().clone();
    let edit = |seats: Vec<Value>| {
        let mut body =
            json!({"name": before["name"], "address": "上海市徐汇区社区服务站三楼", "seats": seats});
        body["rules"] = before["rules"].clone();
        body
    };
    let put = |body: Value| {
        let (app, manager, path) = (&app, manager.clone(), format!("/api/admin/rooms/{}", room.id));
        async move { manager.put(app.url(&path)).json(&body).send().await.unwrap() }
    };
    let with = |f: &dyn Fn(&mut Value)| {
        let mut all = seats.clone();
        for s in &mut all {
            f(s);
        }
        all
    };
    // Moving A1, which has a booking that has not ended: refused, naming the seat.
    let moved = with(&|s| {
        if s["label"] == "A1" {
            s["x"] = json!(4);
        }
    });
    let r = put(edit(moved)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "seat_in_use");
    assert!(body["error"]["message"].as_str().unwrap().contains("A1"));
    // Removing it: refused too.
    let without_a1: Vec<Value> = seats.iter().filter(|s| s["label"] != "A1").cloned().collect();
    assert_eq!(put(edit(without_a1)).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        shown(&member).await["seats"].as_array().unwrap().len(),
        16,
        "nothing changed"
    );

    // Relabel A1 (allowed), move A2, remove W4, add a new seat that takes W4's label.
    let mut next = with(&|s| {
        if s["label"] == "A1" {
            s["label"] = json!("A1*");
        }
        if s["label"] == "A2" {
            s["x"] = json!(4);
        }
    });
    next.retain(|s| s["label"] != "W4");
    next.push(json!({"label": "W4", "x": 8, "y": 1, "features": ["window", "lamp"]}));
    let r = put(edit(next)).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let after = shown(&member).await;
    let seat = |label: &str| {
        after["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["label"] == label)
            .cloned()
            .unwrap_or_else(|| panic!("no {label}"))
    };
    assert_eq!(after["address"], "上海市徐汇区社区服务站三楼");
    assert_eq!(seat("A2")["x"], 4);
    assert_eq!(seat("W4")["y"], 1);
    assert_ne!(
        seat("W4")["id"],
        before["seats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["label"] == "W4")
            .unwrap()["id"]
    );
    assert_eq!(after["seats"].as_array().unwrap().len(), 16);
    // The booking follows its seat's new label.
    assert_eq!(
        app.booking_state(&member, &booking).await["booking"]["seat_label"],
        "A1*"
    );

    // A seat id from elsewhere, a duplicate label and a member's attempt are all refused.
    let mut foreign = seats.clone();
    foreign.push(json!({"id": "not-a-seat-here", "label": "Z", "x": 0, "y": 9}));
    assert_eq!(put(edit(foreign)).await.status(), StatusCode::BAD_REQUEST);
    let mut twice = seats.clone();
    twice.push(json!({"label": "A3", "x": 0, "y": 9}));
    assert_eq!(put(edit(twice)).await.status(), StatusCode::BAD_REQUEST);
    let r = member
        .put(app.url(&format!("/api/admin/rooms/{}", room.id)))
        .json(&edit(seats.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = manager
        .put(app.url("/api/admin/rooms/nope"))
        .json(&edit(seats.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// A booking finds its seat in memory once a lookup taught the server the seat's room; a seat
/// removed since must still be refused (404), and a seat added since must be bookable.
#[tokio::test]
async fn a_removed_seat_cannot_be_booked_even_after_the_server_learned_its_room() {
    let app = spawn_app().await;
    let room = app.demo_room().await;
    let manager = app.manager().await;
    let (member, _) = app.verified_member().await;
    // Booking and cancelling W4 teaches the server W4's room.
    let (booking, _) = app
        .booked(
            &member,
            &room,
            "W4",
            "2026-11-22T22:00:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    let path = format!("/api/bookings/{booking}/cancel");
    assert_eq!(
        member
            .post(app.url(&path))
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let before = app
        .get(&manager, &format!("/api/rooms/{}", room.id))
        .await
        .json::<Value>()
        .await
        .unwrap()["room"]
        .clone();
    let w4 = before["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["label"] == "W4")
        .unwrap()["id"]
        .clone();
    let mut seats: Vec<Value> = before["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["label"] != "W4")
        .cloned()
        .collect();
    seats.push(json!({"label": "W9", "x": 8, "y": 2, "features": []}));
    let mut body = json!({"name": before["name"], "address": before["address"], "seats": seats});
    body["rules"] = before["rules"].clone();
    let r = manager
        .put(app.url(&format!("/api/admin/rooms/{}", room.id)))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());

    let again =
        json!({"seat_id": w4, "start": "2026-11-22T22:00:00+08:00", "end": "2026-11-22T23:00:00+08:00"});
    let r = member
        .post(app.url("/api/bookings"))
        .json(&again)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "a removed seat was booked");
    let r = app
        .book(
            &member,
            &room,
            "W9",
            "2026-11-22T22:00:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "the new seat: {}",
        r.text().await.unwrap()
    );
}
