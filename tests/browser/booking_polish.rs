//! The booking and the stay as the renters of issue #8 asked (phone, 390×844, Chinese): a
//! duration from "now" is at least that long and says where it ends; the picker fits a phone with
//! "book it" always on screen; times far off read as clock times with their day; their own seat
//! and booking are marked on the map; someone who may not book is told before picking; checking
//! out asks first and looks final; a finished booking has a still mark, not a ring.

use crate::harness::*;
use chrono::TimeZone;
use serde_json::json;
use studyroom_api::UserStatus;
use studyroom_server::clock::Clock;
use studyroom_server::store::StatusChange;
use thirtyfour::prelude::*;

/// Whether the element matching `css` lies wholly within the screen as it is scrolled now.
async fn on_screen(driver: &WebDriver, css: &str) -> bool {
    let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
                  return r.height > 0 && r.top >= 0 && r.left >= 0 \
                  && r.bottom <= window.innerHeight && r.right <= window.innerWidth;";
    driver
        .execute(script, vec![json!(css)])
        .await
        .unwrap()
        .convert()
        .unwrap()
}

/// Waits (up to 5 s) until the element matching `css` has been scrolled wholly onto the screen.
async fn wait_until_on_screen(driver: &WebDriver, css: &str) {
    for _ in 0..100 {
        if on_screen(driver, css).await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("`{css}` never came onto the screen");
}

async fn count(driver: &WebDriver, css: &str) -> usize {
    driver.find_all(By::Css(css)).await.unwrap().len()
}

async fn computed(driver: &WebDriver, css: &str, property: &str) -> String {
    driver
        .execute(
            "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
            vec![json!(css), json!(property)],
        )
        .await
        .unwrap()
        .convert()
        .unwrap()
}

/// Shanghai time on the test clock.
fn shanghai(day: u32, hour: u32, minute: u32) -> chrono::DateTime<chrono::Utc> {
    chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn an_hour_from_now_is_at_least_an_hour_and_book_it_stays_on_screen() {
    let h = Harness::start().await;
    // 10:40: the whole day's starts lie ahead, the case where the list used to run off the screen.
    h.clock.set(shanghai(23, 10, 40));
    h.demo_room().await;
    h.verified_member("13800000401").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000401").await;
    tap(&phone, "[data-seat-label='A3']").await;

    // "Now" and one hour are chosen for them. At 10:40 an hour reaches 11:40, so the booking ends
    // on the first slot boundary after it, 12:00 (not 11:30, which would be 50 minutes).
    wait_for_attr(&phone, "#time-now", "aria-pressed", "true").await;
    wait_for_attr(&phone, "[data-minutes='60']", "aria-pressed", "true").await;
    wait_for_text(&phone, "#picker-summary", "现在到 12:00").await;
    wait_for_text(&phone, "[data-minutes='60'] .duration-end", "到 12:00").await;
    wait_for_text(&phone, "[data-minutes='180'] .duration-end", "到 14:00").await;
    // Four hours from 10:40 would be 10:30–15:00, longer than the room allows: it says so.
    wait_for_text(&phone, "[data-minutes='240']", "超过上限").await;
    assert!(
        !find(&phone, "[data-minutes='240']")
            .await
            .is_enabled()
            .await
            .unwrap()
    );

    // The common starts first (now and the next seven), the rest on demand; the seat, the exact
    // range and "book it" are on screen without scrolling.
    assert_eq!(count(&phone, "#time-picker .slots .chip").await, 8);
    wait_for_text(&phone, "#more-times", "更多时间").await;
    wait_for_text(&phone, "#book-bar", "A3 号座").await;
    assert!(
        on_screen(&phone, "#book-confirm").await,
        "book it is below the fold"
    );
    wait_until_on_screen(&phone, "[data-minutes='240']").await;
    assert!(on_screen(&phone, "#time-now").await);
    screenshot(&phone, "40-picker-fits-phone-zh").await;
    assert_accessible(&phone, "time picker, short list").await;

    // All of today's starts, on demand; "book it" is still on screen at the end of the list.
    tap(&phone, "#more-times").await;
    wait_for_text(&phone, "#more-times", "收起").await;
    assert_eq!(count(&phone, "#time-picker .slots .chip").await, 27); // 10:30 … 23:30
    phone
        .execute(
            "document.querySelector(\"[data-start='23:30']\").scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    assert!(on_screen(&phone, "#book-confirm").await, "book it scrolled away");
    assert!(on_screen(&phone, "[data-start='23:30']").await);
    screenshot(&phone, "41-picker-all-times-phone-zh").await;

    // A later start gets exactly its duration.
    tap(&phone, "[data-start='14:00']").await;
    tap(&phone, "[data-minutes='120']").await;
    wait_for_text(&phone, "#picker-summary", "14:00 到 16:00").await;

    // Another day has no start chosen yet: the durations are all open, none struck through.
    tap(&phone, "[data-day='2026-11-24']").await;
    wait_for_text(&phone, "#picker-summary", "先选开始时间").await;
    for m in [60, 120, 180, 240] {
        let css = format!("[data-minutes='{m}']");
        assert!(
            find(&phone, &css).await.is_enabled().await.unwrap(),
            "{m} min is disabled"
        );
        assert!(
            !computed(&phone, &css, "text-decoration-line")
                .await
                .contains("line-through"),
            "{m} min is struck through before a start is chosen"
        );
    }
    assert_eq!(count(&phone, ".duration-end").await, 0);
    // Tomorrow's short list begins at this time of day.
    assert_eq!(
        find(&phone, "#time-picker .slots .chip")
            .await
            .attr("data-start")
            .await
            .unwrap()
            .as_deref(),
        Some("10:30")
    );
    screenshot(&phone, "42-picker-no-start-yet-phone-zh").await;
    tap(&phone, "[data-start='10:30']").await;
    wait_for_text(&phone, "#picker-summary", "明天 10:30 到 12:30").await;

    // Back to today: now, one hour, booked as shown (and the same in English).
    tap(&phone, "[data-day='2026-11-23']").await;
    wait_for_attr(&phone, "#time-now", "aria-pressed", "true").await;
    tap(&phone, "[data-minutes='60']").await;
    wait_for_text(&phone, "#picker-summary", "现在到 12:00").await;
    // (The switch is in the sticky top bar: tapped where it is.)
    find(&phone, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&phone, "#picker-summary", "Now until 12:00").await;
    wait_for_text(&phone, "#more-times", "Later times").await;
    wait_for_text(&phone, "[data-minutes='60']", "until 12:00").await;
    screenshot(&phone, "40b-picker-fits-phone-en").await;
    find(&phone, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&phone, "#picker-summary", "现在到 12:00").await;
    tap(&phone, "#book-confirm").await;
    find(&phone, "#booking-state[data-state='upcoming']").await;
    wait_for_text(&phone, ".booking-when", "10:30 – 12:00").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn times_far_off_read_as_clock_times_with_their_day() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000402").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000402").await;

    // At 21:40, tomorrow 09:00 for an hour: behind "more times", since tomorrow's short list
    // starts at this time of day.
    tap(&phone, "[data-seat-label='A1']").await;
    tap(&phone, "[data-day='2026-11-23']").await;
    tap(&phone, "#more-times").await;
    tap(&phone, "[data-start='09:00']").await;
    tap(&phone, "[data-minutes='60']").await;
    wait_for_text(&phone, "#picker-summary", "明天 09:00 到 10:00").await;
    tap(&phone, "#book-confirm").await;

    // Eleven hours away: the time the door opens, not a countdown; the no-show deadline too.
    find(&phone, "#booking-state[data-state='upcoming']").await;
    wait_for_text(&phone, ".booking-when", "明天 09:00 – 10:00").await;
    wait_for_text(&phone, "#countdown", "明天 08:45 起可以进门").await;
    wait_for_text(&phone, "#check-in-by", "明天 09:15 前没进门").await;
    assert_eq!(
        find(&phone, "#countdown")
            .await
            .attr("role")
            .await
            .unwrap()
            .as_deref(),
        Some("status")
    );
    screenshot(&phone, "43-booking-tomorrow-phone-zh").await;
    assert_accessible(&phone, "my booking, tomorrow").await;

    // The next morning at 08:30: the map says which seat is theirs and when.
    h.clock.set(shanghai(23, 8, 30));
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_text(&phone, "#my-booking-card", "你已订了 A1 号座").await;
    wait_for_text(&phone, "#my-booking-when", "今天 09:00 – 10:00").await;
    // Fifteen minutes before the door opens: now a countdown, and the deadline is today's.
    tap(&phone, "#my-booking-link").await;
    wait_for_text(&phone, "#countdown", "后可以进门").await;
    let line = find(&phone, "#countdown").await.text().await.unwrap();
    assert!(line.starts_with("14:") || line.starts_with("15:"), "{line}");
    assert_eq!(
        find(&phone, "#countdown")
            .await
            .attr("role")
            .await
            .unwrap()
            .as_deref(),
        Some("timer")
    );
    wait_for_text(&phone, "#check-in-by", "09:15 前没进门").await;
    screenshot(&phone, "44-booking-soon-phone-zh").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn my_seat_is_marked_mine_and_the_map_knows_i_have_a_booking() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000403").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000403").await;
    book_now(&phone, "W1").await;

    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='W1']", "data-mine", "true").await;
    wait_for_text(&phone, "[data-seat-label='W1']", "我的").await;
    assert!(
        find(&phone, "[data-seat-label='W1']")
            .await
            .attr("aria-label")
            .await
            .unwrap()
            .unwrap()
            .contains("你订的座位")
    );
    // Shape too, not colour alone: a double frame.
    assert_eq!(
        computed(&phone, "[data-seat-label='W1']", "border-top-style").await,
        "double"
    );
    wait_for_text(&phone, "#my-booking-card", "你已订了 W1 号座").await;
    wait_for_text(&phone, "#my-booking-when", "今天 21:30 – 23:00").await;
    let link = find(&phone, "#my-booking-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(link.starts_with("/bookings/"), "{link}");
    wait_for_text(&phone, ".map-hint", "想另订一个时段").await;
    screenshot(&phone, "45-map-with-my-booking-phone-zh").await;
    assert_accessible(&phone, "seat map with my booking").await;

    // Another seat: their own booked time is marked as theirs, not offered as "now".
    tap(&phone, "[data-seat-label='A3']").await;
    wait_for_text(&phone, ".slot.mine", "你订了 W1").await;
    wait_for_text(&phone, ".slot.mine", "21:30 – 23:00").await;
    assert_eq!(count(&phone, "#time-now").await, 0);
    wait_for_text(&phone, "#picker-summary", "先选开始时间").await;
    tap(&phone, "[data-start='23:00']").await;
    wait_for_text(&phone, "#picker-summary", "23:00 到 00:00（明天）").await;
    screenshot(&phone, "46-picker-with-my-booking-phone-zh").await;
    assert_accessible(&phone, "time picker with my booking").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn someone_who_may_not_book_is_told_on_the_map_before_picking_anything() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.signed_up("13800000404", "林小北").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000404").await;
    find(&phone, "#status-card").await;

    // Waiting for verification: a card says so and where to look, and a seat opens no picker.
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "#booking-gate", "data-standing", "pending").await;
    wait_for_text(&phone, "#booking-gate", "实名核验通过后才能订座").await;
    let to = find(&phone, "#gate-account").await.attr("href").await.unwrap();
    assert_eq!(to.as_deref(), Some("/account"));
    tap(&phone, "[data-seat-label='A5']").await;
    let focused: String = phone
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(focused, "booking-gate", "a tap on a seat points to the card");
    assert_eq!(count(&phone, "#time-picker").await, 0);
    assert_eq!(count(&phone, "#book-confirm").await, 0);
    assert_eq!(
        find(&phone, "[data-seat-label='A5']")
            .await
            .attr("aria-disabled")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    screenshot(&phone, "47-map-pending-phone-zh").await;
    assert_accessible(&phone, "seat map, pending").await;
    phone.quit().await.unwrap();

    // Suspended for a week: the card says until when.
    let id = h.signed_up("13800000405", "周小南").await;
    let until = shanghai(29, 21, 40);
    let change = StatusChange {
        status: UserStatus::Suspended,
        reason: Some("一周内三次没来"),
        suspended_until: Some(until),
        by: "test",
        revoke_codes: true,
        automatic: false,
    };
    let audit = studyroom_server::audit::NewEntry::new(h.clock.now(), "member_suspended", "test", "e2e");
    h.state
        .store
        .set_status(&id, &[UserStatus::Pending], &change, h.clock.now(), &audit)
        .await
        .unwrap();
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000405").await;
    find(&phone, "#status-card").await;
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "#booking-gate", "data-standing", "suspended").await;
    wait_for_text(&phone, "#booking-gate", "11月29日 21:40 起可以重新订座").await;
    tap(&phone, "[data-seat-label='W2']").await;
    assert_eq!(count(&phone, "#time-picker").await, 0);
    screenshot(&phone, "48-map-suspended-phone-zh").await;
    assert_accessible(&phone, "seat map, suspended").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn checking_out_asks_first_and_a_finished_booking_has_a_still_mark() {
    let h = Harness::start().await;
    let (_room, door_id, token) = h.demo_room().await;
    h.verified_member("13800000406").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000406").await;
    let code = book_now(&phone, "W3").await;

    // In through the keypad (as a lock controller would ask): the booking turns active.
    let r = reqwest::Client::new()
        .post(h.url(&format!("/api/doors/{door_id}/unlock")))
        .bearer_auth(&token)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "unlock: {}", r.status());
    find(&phone, "#booking-state[data-state='active']").await;

    // Step out comes back; check out is final: set apart and drawn as a final step.
    let leave = find(&phone, "#leave").await.class_name().await.unwrap().unwrap();
    assert!(leave.contains("secondary"), "{leave}");
    let checkout = find(&phone, ".final-step #checkout")
        .await
        .class_name()
        .await
        .unwrap()
        .unwrap();
    assert!(checkout.contains("danger-outline"), "{checkout}");
    wait_for_text(&phone, ".step-out .note", "保留 30 分钟").await;
    screenshot(&phone, "49-booking-active-phone-zh").await;

    // One tap only asks; "not yet" keeps the booking.
    tap(&phone, "#checkout").await;
    wait_for_text(&phone, "#checkout-question", "确定签退吗？进门密码会马上作废").await;
    wait_until_on_screen(&phone, "#checkout-confirm").await;
    find(&phone, "#booking-state[data-state='active']").await;
    screenshot(&phone, "50-checkout-asks-phone-zh").await;
    assert_accessible(&phone, "check-out question").await;
    tap(&phone, "#checkout-keep").await;
    find(&phone, "#checkout").await;
    find(&phone, "#booking-state[data-state='active']").await;

    tap(&phone, "#checkout").await;
    tap(&phone, "#checkout-confirm").await;
    find(&phone, "#booking-state[data-state='completed']").await;
    wait_for_text(&phone, ".state-mark", "✓").await;
    // A tick on a filled disc, still: no outlined ring that reads as loading.
    assert_eq!(computed(&phone, ".state-mark", "border-top-style").await, "none");
    assert_ne!(
        computed(&phone, ".state-mark", "background-color").await,
        "rgba(0, 0, 0, 0)"
    );
    assert_eq!(computed(&phone, ".state-mark", "animation-name").await, "none");
    wait_for_text(&phone, "#booking-over", "进门密码不能再用了").await;
    assert_eq!(count(&phone, "#countdown").await, 0);
    screenshot(&phone, "51-checked-out-phone-zh").await;
    assert_accessible(&phone, "checked-out booking").await;

    // A cancelled one: a cross.
    tap(&phone, "#book-another").await;
    tap(&phone, "[data-seat-label='W4']").await;
    tap(&phone, "[data-start='23:00']").await;
    tap(&phone, "[data-minutes='60']").await;
    tap(&phone, "#book-confirm").await;
    find(&phone, "#booking-state[data-state='upcoming']").await;
    tap(&phone, "#cancel").await;
    tap(&phone, "#cancel-confirm").await;
    find(&phone, "#booking-state[data-state='cancelled']").await;
    wait_for_text(&phone, ".state-mark", "✕").await;
    assert_eq!(computed(&phone, ".state-mark", "border-top-style").await, "none");
    screenshot(&phone, "52-cancelled-phone-zh").await;
    phone.quit().await.unwrap();
}
