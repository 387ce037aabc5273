//! Waiting and being told, on the phone: a visitor's first screen, a waiting member's card turning
//! "verified" by itself, a rejected application corrected and sent again, and a member paused
//! automatically for missed bookings who sees why, until when, and appeals one.

use crate::harness::*;
use serde_json::json;
use studyroom_server::ticker::Ticker;
use thirtyfour::prelude::*;

#[tokio::test]
async fn a_visitor_first_reads_what_the_room_is_then_signs_up() {
    let h = Harness::start().await;
    h.demo_room().await;
    let phone = h.browser(Screen::Phone).await;
    phone.goto(h.url("/")).await.unwrap();
    wait_for_text(&phone, "#welcome", "阅心书斋").await;
    wait_for_text(&phone, "#welcome", "全天开放").await;
    screenshot(&phone, "60-welcome-phone-zh").await;
    assert_accessible(&phone, "the first screen of a visitor").await;
    // The visitor's build has no router: it moves between its three pages itself, in place (the
    // mark set on this document survives), keeping the address, the history and the tab's title.
    phone.execute("window.samePage = true", vec![]).await.unwrap();
    let in_place = async |phone: &WebDriver| -> bool {
        phone
            .execute("return window.samePage === true", vec![])
            .await
            .unwrap()
            .convert()
            .unwrap()
    };
    find(&phone, "#welcome-signup").await.click().await.unwrap();
    find(&phone, "#signup-submit").await;
    assert!(phone.current_url().await.unwrap().path().ends_with("/signup"));
    assert_eq!(phone.title().await.unwrap(), "实名注册 · 社区自习室");
    assert!(in_place(&phone).await, "the signup page was loaded anew");
    find(&phone, "a[href='/login']").await.click().await.unwrap();
    find(&phone, "#login-submit").await;
    assert!(phone.current_url().await.unwrap().path().ends_with("/login"));
    phone.back().await.unwrap();
    find(&phone, "#signup-submit").await;
    phone.back().await.unwrap();
    wait_for_text(&phone, "#welcome", "阅心书斋").await;
    assert_eq!(phone.title().await.unwrap(), "社区自习室");
    phone.forward().await.unwrap();
    find(&phone, "#signup-submit").await;
    assert!(in_place(&phone).await, "Back and Forward loaded the pages anew");
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn a_waiting_phone_turns_verified_by_itself_and_leads_to_booking() {
    let h = Harness::start().await;
    h.demo_room().await;
    h.create_manager().await;
    let manager = h.api_session(MANAGER_PHONE).await;
    let id = h.signed_up("13800000601", "陈小雨").await;

    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000601").await;
    find(&phone, "#status-card[data-status='pending']").await;
    // Where to go and what to bring, in the manager's words.
    wait_for_text(&phone, "#verification-places", "身份证").await;
    screenshot(&phone, "61-account-pending-where-phone-zh").await;
    assert_accessible(&phone, "waiting for verification").await;

    // A manager verifies; nobody taps anything on the phone.
    h.api_post(
        &manager,
        &format!("/api/admin/users/{id}/verify"),
        json!({"approve": true}),
    )
    .await;
    find(&phone, "#status-card[data-status='verified']").await;
    assert!(
        phone.find(By::Css("#verification-places")).await.is_err(),
        "no directions once verified"
    );
    screenshot(&phone, "62-account-verified-live-phone-zh").await;
    find(&phone, "#go-book").await.click().await.unwrap();
    // One room: straight on to its seat map.
    find(&phone, ".seat-map").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn a_rejected_member_corrects_their_id_number_and_waits_again() {
    let h = Harness::start().await;
    h.demo_room().await;
    h.create_manager().await;
    let manager = h.api_session(MANAGER_PHONE).await;
    let id = h.signed_up("13800000602", "陈小雨").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000602").await;
    find(&phone, "#status-card[data-status='pending']").await;

    h.api_post(
        &manager,
        &format!("/api/admin/users/{id}/verify"),
        json!({"approve": false, "reason": "身份证号和证件不一致"}),
    )
    .await;
    find(&phone, "#status-card[data-status='rejected']").await;
    wait_for_text(&phone, "#status-card", "身份证号和证件不一致").await;
    find(&phone, "#reapply").await;
    screenshot(&phone, "63-account-rejected-phone-zh").await;
    assert_accessible(&phone, "a rejected application").await;

    // A wrong last character is caught before anything is sent.
    type_into(&phone, "#reapply #real_name", "陈小雨").await;
    type_into(&phone, "#reapply #id_number", "110105199001010019").await;
    find(&phone, "#reapply-submit").await.click().await.unwrap();
    find(&phone, "#reapply .field.invalid #id_number").await;
    // Corrected, and sent again: back in the queue.
    let field = find(&phone, "#reapply #id_number").await;
    field.clear().await.unwrap();
    field.send_keys("11010519900101007X").await.unwrap();
    find(&phone, "#reapply-submit").await.click().await.unwrap();
    find(&phone, "#status-card[data-status='pending']").await;
    let queue = h.api_get(&manager, "/api/admin/users?status=pending").await;
    assert_eq!(queue["users"][0]["id"], id);
    assert_eq!(queue["users"][0]["id_number_masked"], "110105********007X");
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn a_member_paused_for_missed_bookings_sees_why_and_until_when_and_appeals_one() {
    let h = Harness::start().await;
    let (room, _, _) = h.demo_room().await;
    h.verified_member("13800000603").await;
    let cookie = h.api_session("13800000603").await;
    let seat = h.api_get(&cookie, &format!("/api/rooms/{room}")).await["room"]["seats"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000603").await;
    find(&phone, ".seat-map").await;
    find(&phone, "#nav-account").await.click().await.unwrap();
    find(&phone, "#status-card[data-status='verified']").await;

    // Three bookings not entered (21:30, 22:00, 22:30 on the test clock): the room's rule is
    // three within 30 days, so booking pauses for 7 days.
    let mut ticker = Ticker::resume(&h.state).await.unwrap();
    for (start, end) in [("21:30", "22:00"), ("22:00", "22:30"), ("22:30", "23:00")] {
        h.api_post(
            &cookie,
            "/api/bookings",
            json!({"seat_id": seat, "start": format!("2026-11-22T{start}:00+08:00"),
                   "end": format!("2026-11-22T{end}:00+08:00")}),
        )
        .await;
        h.clock.advance(chrono::Duration::minutes(30));
        ticker.tick(&h.state).await.unwrap();
    }
    // The account page asks again when the member comes back to it, and says why and until when.
    phone.refresh().await.unwrap();
    find(&phone, "#status-card[data-status='suspended']").await;
    wait_for_text(&phone, "#status-why", "自动暂停").await;
    // Seven days from the third (23:10): the day is told from the phone's own date, not the test clock.
    wait_for_text(&phone, "#status-body", "23:10").await;
    wait_for_text(&phone, "#violations", "订了没来").await;
    assert_eq!(phone.find_all(By::Css(".violation")).await.unwrap().len(), 3);
    screenshot(&phone, "64-account-paused-automatically-phone-zh").await;
    assert_accessible(&phone, "paused automatically, with violations").await;

    // One appeal, with a sentence.
    find(&phone, ".violation .button").await.click().await.unwrap();
    find(&phone, "#appeal-send").await.click().await.unwrap();
    wait_for_text(&phone, "#appeal-message", "写一句原因").await;
    type_into(&phone, "#appeal-text", "地铁停运，赶不过去").await;
    find(&phone, "#appeal-send").await.click().await.unwrap();
    wait_for_text(&phone, "#violations", "申诉已提交").await;
    phone
        .execute("document.getElementById('violations').scrollIntoView()", vec![])
        .await
        .unwrap();
    screenshot(&phone, "65-account-appealed-phone-zh").await;
    let mine = h.api_get(&cookie, "/api/me/violations").await;
    let appealed: Vec<_> = mine["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["appeal"]["text"] == "地铁停运，赶不过去")
        .collect();
    assert_eq!(appealed.len(), 1);
    phone.quit().await.unwrap();
}
