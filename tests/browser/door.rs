//! The door: the kiosk pairs only with a token the server accepts, shows the door's presence code,
//! and lets only a manager unpair it; a renter at the door opens it from the phone with the code
//! the kiosk shows, even while the kiosk's keypad is locked out; without a signal, the phone
//! points to the keypad and the access code it keeps.

use crate::harness::*;
use std::time::Duration;
use thirtyfour::prelude::*;

/// Another six-digit code than `code`.
fn not(code: &str) -> String {
    code.chars()
        .map(|c| char::from(b'0' + (c as u8 - b'0' + 5) % 10))
        .collect()
}

#[tokio::test]
async fn the_kiosk_pairs_only_with_a_token_that_works_and_only_a_manager_unpairs_it() {
    let h = Harness::start().await;
    let (_room, door_id, token) = h.demo_room().await;
    h.create_manager().await;
    h.verified_member("13800000301").await;

    // A wrong token is refused at once, and nothing is kept.
    let kiosk = h.browser(Screen::Tablet).await;
    kiosk.goto(h.url("/door")).await.unwrap();
    type_into(&kiosk, "#pair-door-id", &door_id).await;
    type_into(&kiosk, "#pair-token", "not-this-doors-token").await;
    find(&kiosk, "#pair-save").await.click().await.unwrap();
    wait_for_text(&kiosk, "#pair-error", "门编号或令牌不对").await;
    assert_eq!(kept_pairing(&kiosk).await, None, "a refused token was kept");
    screenshot(&kiosk, "20-kiosk-pair-refused-tablet-zh").await;
    assert_accessible(&kiosk, "kiosk pairing").await;

    // The right one: the kiosk shows the door's presence code, spaced, with its QR.
    pair_kiosk(&kiosk, &h.base, &door_id, &token).await;
    let code = presence_code(&kiosk).await;
    wait_for_text(
        &kiosk,
        "#presence-code",
        &format!("{} {}", &code[..3], &code[3..]),
    )
    .await;
    find(&kiosk, ".presence svg.qr").await;
    wait_for_text(&kiosk, ".presence-how", "点「开门」").await;
    assert!(kept_pairing(&kiosk).await.is_some());
    screenshot(&kiosk, "21-kiosk-presence-tablet-zh").await;
    assert_accessible(&kiosk, "door kiosk with its presence code").await;
    find(&kiosk, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&kiosk, ".presence-how", "screen code").await;
    screenshot(&kiosk, "21b-kiosk-presence-tablet-en").await;
    find(&kiosk, "#lang-switch").await.click().await.unwrap();
    // The same tablet turned on its side: the code on the left, the keypad on the right.
    kiosk.set_window_rect(0, 0, 1180, 820).await.unwrap();
    wait_for_text(&kiosk, ".presence-how", "点「开门」").await;
    screenshot(&kiosk, "21c-kiosk-presence-landscape-zh").await;
    kiosk.set_window_rect(0, 0, 820, 1180).await.unwrap();

    // Unpairing asks for a manager: a member's login is refused, and the door stays paired.
    find(&kiosk, "#unpair").await.click().await.unwrap();
    type_into(&kiosk, "#unpair-phone", "13800000301").await;
    type_into(&kiosk, "#unpair-password", PASSWORD).await;
    find(&kiosk, "#unpair-confirm").await.click().await.unwrap();
    wait_for_text(&kiosk, "#unpair-error", "不是管理员").await;
    screenshot(&kiosk, "22-kiosk-unpair-refused-tablet-zh").await;
    assert_accessible(&kiosk, "kiosk unpair form").await;
    assert!(kept_pairing(&kiosk).await.is_some());
    // A wrong password says so.
    find(&kiosk, "#unpair-cancel").await.click().await.unwrap();
    find(&kiosk, "#unpair").await.click().await.unwrap();
    type_into(&kiosk, "#unpair-phone", MANAGER_PHONE).await;
    type_into(&kiosk, "#unpair-password", "not the password").await;
    find(&kiosk, "#unpair-confirm").await.click().await.unwrap();
    wait_for_text(&kiosk, "#unpair-error", "手机号或密码不对").await;
    assert!(kept_pairing(&kiosk).await.is_some());

    // The manager: the pairing is forgotten, and the kiosk keeps no session of theirs.
    find(&kiosk, "#unpair-cancel").await.click().await.unwrap();
    find(&kiosk, "#unpair").await.click().await.unwrap();
    type_into(&kiosk, "#unpair-phone", MANAGER_PHONE).await;
    type_into(&kiosk, "#unpair-password", PASSWORD).await;
    find(&kiosk, "#unpair-confirm").await.click().await.unwrap();
    find(&kiosk, "#pair-door-id").await;
    assert_eq!(kept_pairing(&kiosk).await, None);
    let me: u64 = kiosk
        .execute("return fetch('/api/me').then(r => r.status)", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(me, 401, "the manager's session stayed on the kiosk");
    kiosk.quit().await.unwrap();
}

#[tokio::test]
async fn a_renter_opens_the_door_from_the_phone_with_the_kiosks_code_even_while_its_keypad_is_locked() {
    let h = Harness::start().await;
    let (_room, door_id, token) = h.demo_room().await;
    h.verified_member("13800000302").await;

    let kiosk = h.browser(Screen::Tablet).await;
    pair_kiosk(&kiosk, &h.base, &door_id, &token).await;

    // Someone guesses at the keypad until it locks: the lock-out stays, counting down, and says
    // the phone still works.
    let mut locked = false;
    for _ in 0..12 {
        find(&kiosk, "body").await.send_keys("00000000\n").await.unwrap();
        for _ in 0..200 {
            if kiosk.find(By::Css("#kiosk-locked")).await.is_ok() {
                locked = true;
                break;
            }
            if kiosk.find(By::Css("#kiosk-result")).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if locked {
            break;
        }
        find(&kiosk, "#kiosk-result[data-result='refused']").await;
    }
    assert!(locked, "the keypad never locked");
    wait_for_text(&kiosk, "#kiosk-locked", "键盘暂时锁定").await;
    wait_for_text(&kiosk, "#kiosk-locked", "仍然可以用手机开门").await;
    let seconds: u64 = find(&kiosk, "#locked-left")
        .await
        .attr("data-seconds")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds > 0, "a lock-out with time left");
    assert!(
        !find(&kiosk, "[data-key='1']").await.is_enabled().await.unwrap(),
        "the keypad waits out the lock-out"
    );
    screenshot(&kiosk, "23-kiosk-locked-tablet-zh").await;
    assert_accessible(&kiosk, "locked kiosk").await;

    // 小陈 books now on the phone and opens the door with the code on the kiosk's screen.
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000302").await;
    book_now(&phone, "W2").await;
    find(&phone, "#booking-state[data-state='upcoming']").await;
    find(&phone, "#open-door").await.click().await.unwrap();
    let field = find(&phone, "#presence").await;
    assert_eq!(field.attr("inputmode").await.unwrap().as_deref(), Some("numeric"));
    assert_eq!(field.attr("autocomplete").await.unwrap().as_deref(), Some("off"));
    screenshot(&phone, "24-open-door-panel-phone-zh").await;
    assert_accessible(&phone, "open door panel").await;

    // A code that is not the one on the screen is refused, and says what to do.
    let code = presence_code(&kiosk).await;
    type_into(&phone, "#presence", &not(&code)).await;
    find(&phone, "#presence-submit").await.click().await.unwrap();
    wait_for_text(
        &phone,
        "#door-error",
        "门上屏幕的码已变或输错了，请输入屏幕上现在的码",
    )
    .await;
    screenshot(&phone, "25-open-door-wrong-code-phone-zh").await;
    find(&phone, "#booking-state[data-state='upcoming']").await;

    // The code the kiosk shows now opens the door: the booking turns active.
    let code = presence_code(&kiosk).await;
    type_into(&phone, "#presence", &code).await;
    find(&phone, "#presence-submit").await.click().await.unwrap();
    find(&phone, "#booking-state[data-state='active']").await;
    wait_for_text(&phone, "#booking-notice", "门开了").await;
    screenshot(&phone, "26-open-door-granted-phone-zh").await;
    assert_accessible(&phone, "booking after opening the door").await;

    for b in [phone, kiosk] {
        b.quit().await.unwrap();
    }
}

#[tokio::test]
async fn without_a_signal_open_door_points_to_the_keypad_and_the_kept_code() {
    let mut h = Harness::start().await;
    h.demo_room().await;
    h.verified_member("13800000303").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000303").await;
    let code = book_now(&phone, "A5").await;
    let spaced = format!("{} {}", &code[..4], &code[4..]);
    find(&phone, "#booking-state[data-state='upcoming']").await;

    // The phone says it has lost its connection: instead of a button that cannot work, the
    // keypad and the code.
    phone
        .execute("window.dispatchEvent(new Event('offline'))", vec![])
        .await
        .unwrap();
    wait_for_text(&phone, "#door-offline", "在门口键盘上输入进门密码").await;
    wait_for_text(&phone, "#door-offline", &spaced).await;
    assert!(phone.find(By::Css("#open-door")).await.is_err());
    screenshot(&phone, "27-open-door-offline-phone-zh").await;
    assert_accessible(&phone, "booking offline").await;
    phone
        .execute("window.dispatchEvent(new Event('online'))", vec![])
        .await
        .unwrap();

    // The signal drops while the renter is typing the screen's code: the same answer, not
    // "no network".
    find(&phone, "#open-door").await.click().await.unwrap();
    type_into(&phone, "#presence", "123456").await;
    h.stop_server().await;
    find(&phone, "#presence-submit").await.click().await.unwrap();
    wait_for_text(&phone, "#door-error", "没有网络，手机开不了门").await;
    wait_for_text(&phone, "#door-error", &spaced).await;
    screenshot(&phone, "28-open-door-no-signal-phone-zh").await;
    phone.quit().await.unwrap();
}
