//! The manager's live board: a seat turns occupied the moment the door grants its code in another
//! window, the headcount follows, and the roster of who is inside prints on one A4 page.

use crate::harness::*;

#[tokio::test]
async fn the_live_board_shows_a_door_grant_at_once_and_counts_who_is_inside() {
    let h = Harness::start().await;
    let (_room, door_id, token) = h.demo_room().await;
    h.create_manager().await;
    h.verified_member("13800000401").await;

    // 小陈 books W1 from now on the phone.
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000401").await;
    let code = book_now(&phone, "W1").await;
    phone.quit().await.unwrap();

    // 王老师 opens the live board at the station: W1 is booked, not in yet; nobody inside.
    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin/live").await;
    let w1 = ".board-seat[data-seat-label='W1']";
    wait_for_attr(&laptop, w1, "data-state", "booked").await;
    wait_for_text(&laptop, w1, "陈*雨").await;
    wait_for_text(&laptop, w1, "还没到").await;
    wait_for_attr(&laptop, ".headcount[data-room-id]", "data-count", "0").await;
    wait_for_text(&laptop, ".live-status", "实时更新中").await;
    find(&laptop, ".roster-empty").await;
    screenshot(&laptop, "30-console-live-booked-laptop-zh").await;
    assert_accessible(&laptop, "live board").await;

    // The kiosk in another window grants the code: the board turns W1 occupied without a reload.
    let kiosk = h.browser(Screen::Tablet).await;
    pair_kiosk(&kiosk, &h.base, &door_id, &token).await;
    find(&kiosk, "body")
        .await
        .send_keys(format!("{code}\n"))
        .await
        .unwrap();
    find(&kiosk, "#kiosk-result[data-result='granted']").await;
    kiosk.quit().await.unwrap();
    wait_for_attr(&laptop, w1, "data-state", "occupied").await;
    wait_for_attr(&laptop, ".headcount[data-room-id]", "data-count", "1").await;
    wait_for_text(&laptop, w1, "21:40 进门").await;
    wait_for_text(&laptop, ".roster-table tr[data-seat-label='W1']", "陈*雨").await;
    wait_for_text(&laptop, "#roster-count", "1 人").await;
    screenshot(&laptop, "31-console-live-occupied-laptop-zh").await;
    assert_accessible(&laptop, "live board with someone inside").await;

    // The roster prints on one A4 page, without the map or the bar.
    assert_eq!(printed_pages(&laptop).await, 1, "the roster prints on one page");
    show_as_printed(&laptop).await;
    screenshot(&laptop, "32-console-live-printed-zh").await;
    laptop.refresh().await.unwrap();

    // On the tablet, in English.
    laptop.set_window_rect(0, 0, 820, 1180).await.unwrap();
    wait_for_attr(&laptop, w1, "data-state", "occupied").await;
    find(&laptop, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&laptop, ".headcount[data-room-id]", "inside now").await;
    screenshot(&laptop, "33-console-live-tablet-en").await;
    assert_accessible(&laptop, "live board on a tablet").await;
    find(&laptop, "#lang-switch").await.click().await.unwrap();

    // The stream drops (the server goes away): the board says so.
    let mut h = h;
    h.stop_server().await;
    wait_for_text(&laptop, ".live-status", "正在重连").await;
    screenshot(&laptop, "34-console-live-reconnecting-tablet-zh").await;
    laptop.quit().await.unwrap();
}
