//! The heart of studyroom: a verified renter books on the phone, gets a code, types it at the kiosk,
//! and every open seat map turns the seat occupied without reloading; checking out frees it again.
//! A seat booked for later tonight stays free now, drawn dotted with the time it is booked from.

use crate::harness::*;

#[tokio::test]
async fn book_on_the_phone_enter_at_the_kiosk_and_watch_the_seat_change_live() {
    let h = Harness::start().await;
    let (room_id, door_id, door_token) = h.demo_room().await;
    h.verified_member("13800000101").await;
    h.verified_member("13800000102").await;

    // 小陈 logs in on the phone: with one room and no booking, the seat map is home.
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000101").await;
    let seat = find(&phone, "[data-seat-label='W1']").await;
    wait_for_attr(&phone, "[data-seat-label='W1']", "data-state", "free").await;
    screenshot(&phone, "11-seat-map-phone-zh").await;
    assert_accessible(&phone, "seat map").await;
    seat.click().await.unwrap();
    find(&phone, "#time-now").await.click().await.unwrap();
    find(&phone, "[data-minutes='60']").await.click().await.unwrap();
    screenshot(&phone, "12-time-picker-phone-zh").await;
    assert_accessible(&phone, "time picker").await;
    find(&phone, "#book-confirm").await.click().await.unwrap();

    let code_el = find(&phone, "#access-code[data-code]").await;
    let code = code_el.attr("data-code").await.unwrap().unwrap();
    assert_eq!(code.len(), 8, "an 8-digit code: {code}");
    find(&phone, "#booking-state[data-state='upcoming']").await;
    screenshot(&phone, "13-my-booking-phone-zh").await;
    assert_accessible(&phone, "my booking").await;

    // 小李 watches the same room on another phone.
    let other = h.browser(Screen::Phone).await;
    h.log_in(&other, "13800000102").await;
    find(&other, "[data-seat-label='W1']").await;
    other.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&other, "[data-seat-label='W1']", "data-state", "booked").await;

    // 小李 books W4 for 23:00: it is still free now, and every map says from when it is taken.
    find(&other, "[data-seat-label='W4']")
        .await
        .click()
        .await
        .unwrap();
    find(&other, "[data-start='23:00']").await.click().await.unwrap();
    find(&other, "[data-minutes='60']").await.click().await.unwrap();
    find(&other, "#book-confirm").await.click().await.unwrap();
    find(&other, "#booking-state[data-state='upcoming']").await;
    other.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&other, "[data-seat-label='W4']", "data-next-start", "23:00").await;
    wait_for_attr(&other, "[data-seat-label='W4']", "data-state", "free").await;
    // On 小李's own map it is his: marked as his, not as someone's booking.
    wait_for_attr(&other, "[data-seat-label='W4']", "data-mine", "true").await;
    wait_for_text(&other, "[data-seat-label='W4']", "我的").await;
    // On 小陈's map it is free now, dotted, with the time it is booked from; his own W1 is his.
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_text(&phone, "[data-seat-label='W4']", "23:00起").await;
    wait_for_attr(&phone, "[data-seat-label='W1']", "data-mine", "true").await;
    screenshot(&phone, "11b-seat-map-booked-later-phone-zh").await;
    assert_accessible(&phone, "seat map with a seat booked later").await;
    // Back to his booking through the card above the map.
    find(&phone, "#my-booking-link").await.click().await.unwrap();
    wait_for_attr(&phone, "#access-code", "data-code", &code).await;

    // The kiosk at the entrance: paired once, then the code on its keypad.
    let kiosk = h.browser(Screen::Tablet).await;
    pair_kiosk(&kiosk, &h.base, &door_id, &door_token).await;
    for digit in code.chars() {
        find(&kiosk, &format!("[data-key='{digit}']"))
            .await
            .click()
            .await
            .unwrap();
    }
    screenshot(&kiosk, "14-kiosk-typed-tablet-zh").await;
    find(&kiosk, "#key-open").await.click().await.unwrap();
    find(&kiosk, "#kiosk-result[data-result='granted']").await;
    wait_for_text(&kiosk, "#kiosk-result", "W1").await;
    screenshot(&kiosk, "15-kiosk-granted-tablet-zh").await;
    assert_accessible(&kiosk, "door kiosk").await;

    // Without reloading, the other phone's map and 小陈's booking show the entry.
    wait_for_attr(&other, "[data-seat-label='W1']", "data-state", "occupied").await;
    screenshot(&other, "16-seat-map-live-occupied-phone-zh").await;
    find(&phone, "#booking-state[data-state='active']").await;
    screenshot(&phone, "16a-my-booking-active-phone-zh").await;
    // The same screen in English, one tap away.
    find(&phone, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&phone, "#checkout", "Check out").await;
    screenshot(&phone, "16b-my-booking-active-phone-en").await;
    find(&phone, "#lang-switch").await.click().await.unwrap();

    // Checking out (it asks first: the code stops at once) frees the seat everywhere.
    find(&phone, "#checkout").await.click().await.unwrap();
    find(&phone, "#checkout-confirm").await.click().await.unwrap();
    find(&phone, "#booking-state[data-state='completed']").await;
    screenshot(&phone, "17-checked-out-phone-zh").await;
    wait_for_attr(&other, "[data-seat-label='W1']", "data-state", "free").await;

    // A wrong code at the kiosk is refused in words.
    for digit in "00000000".chars() {
        find(&kiosk, &format!("[data-key='{digit}']"))
            .await
            .click()
            .await
            .unwrap();
    }
    find(&kiosk, "#key-open").await.click().await.unwrap();
    find(&kiosk, "#kiosk-result[data-result='refused']").await;
    screenshot(&kiosk, "18-kiosk-refused-tablet-zh").await;

    for b in [phone, other, kiosk] {
        b.quit().await.unwrap();
    }
}
