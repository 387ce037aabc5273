//! No signal at the door: the app still opens (service worker), still shows the booking's code
//! (kept on the phone) and its places in the top bar, and the banner says what still works.

use crate::harness::*;
use thirtyfour::WebDriver;

/// Waits until the service worker has taken over the page and cached the app.
async fn wait_until_cached(phone: &WebDriver) {
    let script = "return navigator.serviceWorker.controller ? caches.open('studyroom-v2').then(c => c.keys()).then(k => k.length >= 3) : false";
    assert!(
        becomes_true(phone, script, vec![]).await,
        "the app was not cached"
    );
}

#[tokio::test]
async fn with_the_server_out_of_reach_the_phone_still_shows_the_code() {
    let mut h = Harness::start().await;
    h.demo_room().await;
    h.verified_member("13800000201").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000201").await;
    find(&phone, "[data-seat-label='A1']")
        .await
        .click()
        .await
        .unwrap();
    find(&phone, "#time-now").await.click().await.unwrap();
    find(&phone, "[data-minutes='60']").await.click().await.unwrap();
    find(&phone, "#book-confirm").await.click().await.unwrap();
    let code = find(&phone, "#access-code[data-code]")
        .await
        .attr("data-code")
        .await
        .unwrap()
        .unwrap();

    wait_until_cached(&phone).await;

    h.stop_server().await;
    h.set_offline(&phone, true).await;
    phone.refresh().await.unwrap();
    wait_for_attr(&phone, "#access-code", "data-code", &code).await;
    find(&phone, "#stale-banner").await;
    // The banner says what still works here (the code, at the keypad), not that forms will wait.
    wait_for_text(&phone, "#offline-banner", "你的进门密码仍可在门口键盘上使用").await;
    // The top bar keeps its places, though the server cannot say who is signed in.
    find(&phone, "#nav-booking").await;
    find(&phone, "#nav-account").await;
    screenshot(&phone, "19-booking-offline-phone-zh").await;
    assert_accessible(&phone, "booking offline").await;

    tap(&phone, "#lang-switch").await;
    wait_for_text(
        &phone,
        "#offline-banner",
        "your door code still works on the keypad",
    )
    .await;
    screenshot(&phone, "19b-booking-offline-phone-en").await;
    // A page that needs the server says so and offers to try again, rather than a skeleton that
    // never ends.
    tap(&phone, "#nav-account").await;
    wait_for_text(&phone, ".error-card", "Try again").await;
    phone.quit().await.unwrap();
}

/// The seat map's build has that one page. Loaded last, it must not become what the phone shows
/// for every page without a signal: sent another path it would load the page again, for ever.
#[tokio::test]
async fn offline_the_app_opens_whole_after_a_seat_map_was_opened_by_its_address() {
    let mut h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000202").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000202").await;
    find(&phone, "#nav-account").await;
    wait_until_cached(&phone).await;
    // Opened by its address, under the service worker: the seat map's build.
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A1']", "data-state", "free").await;
    let wasm = loaded_wasm(&phone).await;
    assert!(wasm.starts_with("/seat-map/studyroom-"), "{wasm}");

    h.stop_server().await;
    h.set_offline(&phone, true).await;
    phone.goto(h.url("/")).await.unwrap();
    find(&phone, "#offline-banner").await;
    let wasm = loaded_wasm(&phone).await;
    assert!(
        wasm.starts_with("/studyroom-"),
        "offline, home is the whole app: {wasm}"
    );
    find(&phone, "#nav-account").await;
    // The seat map's own address, offline: a page that needs the server says so.
    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_text(&phone, ".error-card", "重试").await;
    phone.quit().await.unwrap();
}

/// After a deploy the whole app's files are new, and a seat map loaded by its address is the seat
/// map's build: loading it fetches what the phone lacks of the whole app in the background, so the
/// booking it leads to (and its code, at a door without a signal) opens from the phone.
#[tokio::test]
async fn a_seat_map_loaded_by_its_address_brings_the_whole_app_onto_the_phone() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000203").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000203").await;
    find(&phone, "#nav-account").await;
    wait_until_cached(&phone).await;
    let whole = loaded_wasm(&phone).await;
    assert!(whole.starts_with("/studyroom-"), "{whole}");
    let in_cache = "return caches.open('studyroom-v2').then(c => c.match(arguments[0])).then(r => !!r)";
    // As after a deploy: the phone does not have the whole app's wasm.
    let forget = "return caches.open('studyroom-v2').then(c => c.delete(arguments[0]))";
    phone
        .execute(forget, vec![serde_json::json!(whole)])
        .await
        .unwrap();
    let cached: bool = phone
        .execute(in_cache, vec![serde_json::json!(whole)])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(!cached);

    phone.goto(h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A1']", "data-state", "free").await;
    let wasm = loaded_wasm(&phone).await;
    assert!(wasm.starts_with("/seat-map/studyroom-"), "{wasm}");
    let cached = becomes_true(&phone, in_cache, vec![serde_json::json!(whole)]).await;
    assert!(cached, "the whole app's wasm was not fetched back: {whole}");
    phone.quit().await.unwrap();
}
