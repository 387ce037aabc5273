//! The narrowest phones still in use (320 px wide): every page of the phone app, in Chinese and in
//! English, fits the screen: nothing scrolls sideways, nothing reaches past the edge, no text is
//! cut off, and the seat map, which may be wider than the screen, says so with a faded edge.
//! The tab's title follows the page and the language; `<html lang>` follows the language.

use crate::harness::*;
use studyroom_api::SeatFeature;
use studyroom_api::room::{NewRoom, NewSeat};
use thirtyfour::WebDriver;

const MEMBER: &str = "13800000701";

/// Checks the page as it is now and keeps a screenshot of it: `60-<what>-narrow-<lang>`.
async fn check(phone: &WebDriver, what: &str, lang: &str) {
    assert_fits(phone, &format!("{what} ({lang})")).await;
    screenshot(phone, &format!("60-{what}-narrow-{lang}")).await;
}

async fn title(phone: &WebDriver) -> String {
    phone.title().await.unwrap()
}

/// Waits until the tab's title is `zh` or `en`, by `lang` (it follows the page a moment after it
/// renders).
async fn wait_for_title(phone: &WebDriver, lang: &str, zh: &str, en: &str) {
    let want = if lang == "zh" { zh } else { en };
    let mut seen = String::new();
    for _ in 0..100 {
        seen = title(phone).await;
        if seen == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the title never became {want:?}; it is {seen:?}");
}

#[tokio::test]
async fn every_phone_page_fits_a_320_px_screen_in_chinese_and_english() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    // A second room with a long name and address, so that `/rooms` shows its cards (with one room
    // it goes straight to the map).
    studyroom_server::rooms::create(
        &h.state,
        None,
        &NewRoom {
            name: "静思自习室（徐家汇路店·二楼东侧）".into(),
            address: "上海市徐汇区肇嘉浜路 1065 号甲 Xujiahui Community Service Centre".into(),
            verification: String::new(),
            utc_offset: Some("+08:00".into()),
            rules: None,
            seats: (0..10)
                .map(|i| NewSeat {
                    id: None,
                    label: format!("B{}", i + 1),
                    x: i,
                    y: 0,
                    features: vec![SeatFeature::Power],
                })
                .collect(),
        },
    )
    .await
    .unwrap();
    h.verified_member(MEMBER).await;
    let phone = h.browser(Screen::Narrow).await;

    // Chinese, signed out, then signed in: every page, the seat map with the picker open, a booking.
    signed_out_pages(&h, &phone, "zh").await;
    h.log_in(&phone, MEMBER).await;
    find(&phone, "#nav-account").await;
    signed_in_pages(&h, &phone, &room_id, "zh").await;
    tap(&phone, "[data-seat-label='A1']").await;
    tap(&phone, "#time-now").await;
    tap(&phone, "[data-minutes='60']").await;
    tap(&phone, "#book-confirm").await;
    booking_page(&phone, "zh").await;
    tap(&phone, "#nav-account").await;
    account_page(&phone, "zh").await;

    // English, switched in the app (the booking stays in the bar), then the same pages.
    tap(&phone, "#lang-switch").await;
    wait_for_attr(&phone, "html", "lang", "en").await;
    account_page(&phone, "en").await;
    tap(&phone, "#nav-booking").await;
    booking_page(&phone, "en").await;
    signed_in_pages(&h, &phone, &room_id, "en").await;
    phone.goto(h.url("/account")).await.unwrap();
    // The page has asked the server who this is before its buttons act.
    find(&phone, "#status-card[data-status='verified']").await;
    tap(&phone, "#logout").await;
    find(&phone, "#login-submit").await;
    signed_out_pages(&h, &phone, "en").await;
    phone.quit().await.unwrap();
}

/// The first screen, login and signup, with a long name and the ID number's X key showing.
async fn signed_out_pages(h: &Harness, phone: &WebDriver, lang: &str) {
    let zh = lang == "zh";
    // A visitor's first screen: what the room is, where, and the two ways in.
    phone.goto(h.url("/")).await.unwrap();
    find(phone, "#welcome-signup").await;
    check(phone, "welcome", lang).await;
    phone.goto(h.url("/login")).await.unwrap();
    find(phone, "#login-submit").await;
    wait_for_attr(phone, "html", "lang", if zh { "zh-CN" } else { "en" }).await;
    wait_for_title(phone, lang, "登录 · 社区自习室", "Log in · Study Room").await;
    check(phone, "login", lang).await;
    assert_accessible(phone, "login at 320 px").await;

    phone.goto(h.url("/signup")).await.unwrap();
    wait_for_title(phone, lang, "实名注册 · 社区自习室", "Sign up · Study Room").await;
    type_into(phone, "#phone", "13800138000").await;
    type_into(phone, "#real_name", "欧阳·买买提艾力").await;
    // 17 digits: the X key shows, and the field must still show every digit.
    type_into(phone, "#id_number", "11010519491231002").await;
    find(phone, "#id-x").await;
    check(phone, "signup-id-x", lang).await;
    tap(phone, "#id-x").await;
    wait_for_text(phone, "#id_number-message", "✓").await;
    check(phone, "signup", lang).await;
    assert_accessible(phone, "signup at 320 px").await;
}

/// The rooms, then a room's seat map and its picker open on A2.
async fn signed_in_pages(h: &Harness, phone: &WebDriver, room_id: &str, lang: &str) {
    phone.goto(h.url("/rooms")).await.unwrap();
    find(phone, ".room-card").await;
    wait_for_title(phone, lang, "自习室 · 社区自习室", "Study rooms · Study Room").await;
    check(phone, "rooms", lang).await;

    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    find(phone, "[data-seat-label='A2'][data-state='free']").await;
    wait_for_title(phone, lang, "座位图 · 社区自习室", "Seat map · Study Room").await;
    check(phone, "seat-map", lang).await;
    assert_accessible(phone, "seat map at 320 px").await;
    tap(phone, "[data-seat-label='A2']").await;
    // The first start that can be had: "now" before the member has a booking; after it (the
    // English pass), now is their own booking's time and the next free start follows it.
    tap(phone, "#time-picker .chip.slot:not([disabled])").await;
    tap(phone, "[data-minutes='60']").await;
    scroll_to(phone, "#time-picker").await;
    check(phone, "picker", lang).await;
}

async fn booking_page(phone: &WebDriver, lang: &str) {
    find(phone, "#access-code[data-code]").await;
    find(phone, "#nav-booking").await;
    wait_for_title(phone, lang, "我的预约 · 社区自习室", "My booking · Study Room").await;
    check(phone, "booking", lang).await;
    scroll_to(phone, ".booking-actions").await;
    check(phone, "booking-actions", lang).await;
}

async fn account_page(phone: &WebDriver, lang: &str) {
    find(phone, "#status-card").await;
    wait_for_title(phone, lang, "我的账户 · 社区自习室", "My account · Study Room").await;
    check(phone, "account", lang).await;
}
