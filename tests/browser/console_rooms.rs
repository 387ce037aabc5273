//! Rooms and doors in the console: the seat editor places, labels and moves a seat (keyboard and
//! mouse) and the renter's phone map shows it where it was put; a seat with a live booking cannot
//! be moved and the console names it; a door is added and given a new token, each shown once.

use crate::harness::*;
use thirtyfour::prelude::*;

async fn attr_i32(el: &WebElement, name: &str) -> i32 {
    el.attr(name).await.unwrap().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_seat_editor_places_labels_and_moves_a_seat_and_the_phone_map_shows_it() {
    let h = Harness::start().await;
    let (room_id, _door, _token) = h.demo_room().await;
    h.create_manager().await;
    h.verified_member("13800000601").await;
    // Someone holds W1 now: it must stay where it is.
    let cookie = h.api_session("13800000601").await;
    let w1 = h
        .state
        .store
        .seats(&room_id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.label == "W1")
        .unwrap();
    h.api_post(
        &cookie,
        "/api/bookings",
        serde_json::json!({"seat_id": w1.id, "start": "2026-11-22T21:30:00+08:00", "end": "2026-11-22T23:00:00+08:00"}),
    )
    .await;

    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin/rooms").await;
    find(&laptop, &format!(".room-item[data-room-id='{room_id}'] a"))
        .await
        .click()
        .await
        .unwrap();
    find(&laptop, ".editor-seat[data-seat-label='A1']").await;
    screenshot(&laptop, "50-console-room-editor-laptop-zh").await;
    assert_accessible(&laptop, "room and seat editor").await;

    // A click on an empty cell right of every seat places a new seat there.
    let (mut min_x, mut max_x, mut min_y) = (i32::MAX, 0, i32::MAX);
    for seat in laptop.find_all(By::Css(".editor-seat")).await.unwrap() {
        let (sx, sy) = (attr_i32(&seat, "data-x").await, attr_i32(&seat, "data-y").await);
        (min_x, max_x, min_y) = (min_x.min(sx), max_x.max(sx), min_y.min(sy));
    }
    let x = max_x + 2;
    find(&laptop, &format!(".editor-cell[data-x='{x}'][data-y='0']"))
        .await
        .click()
        .await
        .unwrap();
    let label = find(&laptop, "#seat-label").await;
    label.clear().await.unwrap();
    label.send_keys("B1" + Key::Enter).await.unwrap();
    let b1 = ".editor-seat[data-seat-label='B1']";
    wait_for_attr(&laptop, b1, "data-x", &x.to_string()).await;
    // The keyboard moves it down a row…
    find(&laptop, b1).await.send_keys(Key::Down).await.unwrap();
    wait_for_attr(&laptop, b1, "data-y", "1").await;
    // …and the mouse drags it one more row down.
    let seat = find(&laptop, b1).await;
    let target = find(&laptop, &format!(".editor-cell[data-x='{x}'][data-y='2']")).await;
    laptop
        .action_chain()
        .drag_and_drop_element(&seat, &target)
        .perform()
        .await
        .unwrap();
    wait_for_attr(&laptop, b1, "data-y", "2").await;
    find(&laptop, "#feature-power").await.click().await.unwrap();
    screenshot(&laptop, "51-console-seat-placed-laptop-zh").await;

    // W1 has a live booking: moving it is refused, and the console says which seat.
    let w1_seat = find(&laptop, ".editor-seat[data-seat-label='W1']").await;
    w1_seat.click().await.unwrap();
    w1_seat.send_keys(Key::Down).await.unwrap();
    find(&laptop, "#room-save").await.click().await.unwrap();
    wait_for_text(&laptop, "#room-error", "座位 W1 还有没结束的预约").await;
    screenshot(&laptop, "52-console-seat-in-use-laptop-zh").await;
    // Undo (Ctrl+Z) puts W1 back; the rest saves.
    find(&laptop, ".editor-seat[data-seat-label='W1']")
        .await
        .send_keys(Key::Control + "z")
        .await
        .unwrap();
    wait_for_attr(
        &laptop,
        ".editor-seat[data-seat-label='W1']",
        "data-y",
        &w1.y.to_string(),
    )
    .await;
    find(&laptop, "#room-save").await.click().await.unwrap();
    wait_for_text(&laptop, "#room-notice", "已保存").await;

    // The renter's phone map shows B1 where it was put (the map's grid starts at the leftmost
    // and topmost seats, and the window band takes the first row).
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000601").await;
    // One room: the map is the member's home.
    find(&phone, "[data-seat-label='A1']").await;
    let on_phone = find(&phone, "[data-seat-label='B1']").await;
    let style = on_phone.attr("style").await.unwrap().unwrap();
    assert!(
        style.contains(&format!("grid-column:{} /", x - min_x + 1))
            && style.contains(&format!("grid-row:{} /", 2 - min_y + 2)),
        "B1 at column {x}, row 2 of the room: {style}"
    );
    screenshot(&phone, "53-seat-map-with-b1-phone-zh").await;
    phone.quit().await.unwrap();

    // A new door: its token is shown once; a new token replaces it, shown once too.
    type_into(&laptop, "#door-name", "侧门").await;
    find(&laptop, "#door-add").await.click().await.unwrap();
    let first = find(&laptop, "#shown-token").await.text().await.unwrap();
    assert!(first.len() >= 20, "a door token: {first}");
    let door_id = find(&laptop, "#shown-door-id").await.text().await.unwrap();
    let row = format!(".door[data-door-id='{door_id}']");
    find(&laptop, &format!("{row} .door-rotate"))
        .await
        .click()
        .await
        .unwrap();
    find(&laptop, &format!("{row} .door-confirm"))
        .await
        .click()
        .await
        .unwrap();
    let mut second = first.clone();
    for _ in 0..100 {
        second = find(&laptop, "#shown-token").await.text().await.unwrap();
        if second != first {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_ne!(first, second, "a new token");
    screenshot(&laptop, "54-console-door-token-laptop-zh").await;
    assert_accessible(&laptop, "doors with a token shown once").await;
    laptop.set_window_rect(0, 0, 820, 1180).await.unwrap();
    laptop.refresh().await.unwrap();
    find(&laptop, ".editor-seat[data-seat-label='B1']").await;
    screenshot(&laptop, "55-console-room-editor-tablet-zh").await;
    assert_accessible(&laptop, "room editor on a tablet").await;
    laptop.quit().await.unwrap();
}
