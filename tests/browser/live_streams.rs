//! Live streams and page changes: a page left for another closes its event stream and opens a new
//! one if it comes back from the browser's back/forward cache, reading again what changed while it
//! was away. A stream kept open in that cache would hold one of the few connections a browser opens
//! to one server (six on HTTP/1.1) while the page in front waits for one.

use crate::harness::*;
use serde_json::json;

const MEMBER: &str = "13800000801";
const OTHER: &str = "13800000802";

#[tokio::test]
async fn a_seat_map_back_from_the_browsers_cache_shows_what_changed_while_it_was_away() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member(MEMBER).await;
    h.verified_member(OTHER).await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, MEMBER).await;
    find(&phone, "#room-name").await;
    let map = h.url(&format!("/rooms/{room_id}"));
    // Back and forth between the seat map (a live stream) and the account, more times than the
    // browser has connections to one server: every page still loads.
    for _ in 0..8 {
        phone.goto(&map).await.unwrap();
        find(&phone, "[data-seat-label='A2'][data-state='free']").await;
        phone.goto(h.url("/account")).await.unwrap();
        find(&phone, "#status-card").await;
    }

    phone.goto(&map).await.unwrap();
    let a2 = find(&phone, "[data-seat-label='A2'][data-state='free']").await;
    let seat_id = a2.attr("data-seat-id").await.unwrap().unwrap();
    // Marks this very page: a page built anew would not have it.
    phone.execute("window.keptPage = true", vec![]).await.unwrap();
    phone.goto(h.url("/account")).await.unwrap();
    find(&phone, "#status-card").await;
    // While the map is away, someone else books A2 from now.
    let other = h.api_session(OTHER).await;
    h.api_post(
        &other,
        "/api/bookings",
        json!({"seat_id": seat_id, "start": "2026-11-22T21:30:00+08:00", "end": "2026-11-22T23:00:00+08:00"}),
    )
    .await;
    phone.back().await.unwrap();
    find(&phone, "[data-seat-label='A2'][data-state='booked']").await;
    let kept: bool = phone
        .execute("return window.keptPage === true", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(
        kept,
        "the map came back from the back/forward cache, not from the server"
    );
    phone.quit().await.unwrap();
}
