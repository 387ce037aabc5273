//! A seat map opened by its address (a link shared, the code on the room's door scanned, a reload)
//! is the seat map's own light build, and everything it leads to still works: booking lands on the
//! booking with its code (the whole app, loaded then), a visitor is sent to log in, and the places
//! in the top bar go where they say. Its time picker is split out of its first load and fetched
//! once the map is drawn; if that fetch fails, the picker's place says so and tries again.

use crate::harness::*;

/// Whether the page has fetched the seat map's split-out time picker.
const PICKER_FETCHED: &str = "return performance.getEntriesByType('resource')
    .some(r => /^\\/seat-map\\/split_time_picker-[0-9a-f]{16}\\.wasm$/.test(new URL(r.name).pathname))";

/// A verified member signed in on a phone, and the demo room's id.
async fn member_on_phone(h: &Harness, phone_number: &str) -> (String, thirtyfour::WebDriver) {
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member(phone_number).await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, phone_number).await;
    find(&phone, "#nav-account").await;
    (room_id, phone)
}

#[tokio::test]
async fn a_seat_map_opened_by_its_address_is_its_own_build_and_booking_from_it_works() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000401").await;
    let seat_map = h.url(&format!("/rooms/{room_id}"));

    // Signed out: the seat map's build sends the visitor to log in (the visitor's build).
    let phone = h.browser(Screen::Phone).await;
    phone.goto(&seat_map).await.unwrap();
    wait_for_text(&phone, "h1", "登录").await;
    assert_eq!(phone.current_url().await.unwrap().path(), "/login");

    // A member opens the room's address: the seat map's build, not the whole app.
    h.log_in(&phone, "13800000401").await;
    find(&phone, "#nav-account").await;
    phone.goto(&seat_map).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A2']", "data-state", "free").await;
    let wasm = loaded_wasm(&phone).await;
    assert!(wasm.starts_with("/seat-map/studyroom-"), "{wasm}");
    // The room was asked for with the page (the server's preload, as its occupancy was), and
    // the app took that answer rather than asking again: one request, not the app's own.
    let script = "return performance.getEntriesByType('resource')
        .filter(r => new URL(r.name).pathname === arguments[0]).map(r => r.initiatorType)";
    let initiators: Vec<String> = phone
        .execute(script, vec![serde_json::json!(format!("/api/rooms/{room_id}"))])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(
        initiators.len() == 1 && initiators[0] != "fetch",
        "{initiators:?}"
    );
    // The time picker is not in that wasm: it comes down on its own once the map is drawn,
    // before any seat is tapped.
    assert!(
        becomes_true(&phone, PICKER_FETCHED, vec![]).await,
        "the picker's part of the app was not fetched after the map"
    );
    find(&phone, "#nav-rooms").await;
    screenshot(&phone, "11c-seat-map-own-build-phone-zh").await;
    assert_accessible(&phone, "seat map, its own build").await;

    // Booking from it lands on the booking and its code: a page of the whole app.
    let code = book_now(&phone, "A2").await;
    assert_eq!(code.len(), 8, "{code}");
    let whole = loaded_wasm(&phone).await;
    assert!(whole.starts_with("/studyroom-"), "{whole}");
    assert!(
        phone
            .current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/bookings/"),
        "booked, the booking's page"
    );
    // Back on the seat map's build, the member's seat and booking are marked.
    phone.goto(&seat_map).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A2']", "data-mine", "true").await;
    find(&phone, "#my-booking-card").await;
    find(&phone, "#nav-booking").await;
    // Who is signed in and their bookings came with the page too (asked once: the frame's live
    // booking and the map share the answer), so the map was first drawn with the booking card
    // above it: nothing moved under the member's thumb.
    for api in ["/api/me", "/api/bookings"] {
        let initiators: Vec<String> = phone
            .execute(script, vec![serde_json::json!(api)])
            .await
            .unwrap()
            .convert()
            .unwrap();
        assert!(
            initiators.len() == 1 && initiators[0] != "fetch",
            "{api}: {initiators:?}"
        );
    }

    // On a weak signal, the bookings still on their way: the map waits for them behind the
    // page's shell, and then comes with the booking card already above it.
    h.hold_requests(&phone, &["*/api/bookings"]).await;
    phone.goto(&seat_map).await.unwrap();
    // The app has the room, who sits where and who is signed in: it fetches the picker then.
    assert!(becomes_true(&phone, PICKER_FETCHED, vec![]).await);
    find(&phone, "#shell .room-head").await;
    assert!(
        phone
            .find(thirtyfour::By::Css("[data-seat-label]"))
            .await
            .is_err(),
        "the map was drawn before the booking above it was known"
    );
    h.release_requests(&phone).await;
    let seat = find(&phone, "[data-seat-label='A2']").await;
    assert_eq!(seat.attr("data-mine").await.unwrap().as_deref(), Some("true"));
    find(&phone, "#my-booking-card").await;
    // The card's link and the top bar's places load their pages from the whole app.
    tap(&phone, "#my-booking-link").await;
    wait_for_attr(&phone, "#access-code", "data-code", &code).await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn when_the_picker_cannot_be_fetched_the_seat_map_says_so_and_tries_again() {
    let h = Harness::start().await;
    let (room_id, phone) = member_on_phone(&h, "13800000402").await;

    // The picker's part of the app (its wasm and the loader that fetches it) is out of reach (a
    // dead spot); the map itself is not.
    h.block_requests(&phone, &["*/seat-map/*split*"]).await;
    phone.goto(&h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A3']", "data-state", "free").await;
    tap(&phone, "[data-seat-label='A3']").await;
    wait_for_text(&phone, "#picker-unavailable", "网络").await;
    // Below the map, yet brought into sight: the tap is seen to have done something.
    let in_sight = "const r = document.getElementById('picker-unavailable').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight";
    assert!(
        becomes_true(&phone, in_sight, vec![]).await,
        "the card is out of sight"
    );
    screenshot(&phone, "11d-seat-map-picker-unavailable-phone-zh").await;
    assert_accessible(&phone, "seat map, picker out of reach").await;

    // The signal comes back: "try again" brings the picker, and booking works.
    h.block_requests(&phone, &[]).await;
    tap(&phone, "#picker-retry").await;
    find(&phone, "#time-now").await.click().await.unwrap();
    find(&phone, "[data-minutes='60']").await.click().await.unwrap();
    find(&phone, "#book-confirm").await.click().await.unwrap();
    let code = find(&phone, "#access-code[data-code]").await;
    assert_eq!(code.attr("data-code").await.unwrap().unwrap().len(), 8);
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn a_seat_map_says_which_room_it_is_before_its_app_has_come() {
    let h = Harness::start().await;
    let (room_id, phone) = member_on_phone(&h, "13800000403").await;
    let controlled = "return !!navigator.serviceWorker.controller";
    assert!(
        becomes_true(&phone, controlled, vec![]).await,
        "no service worker"
    );

    // A weak signal: the page has come, the seat map's app (its JavaScript and wasm) not yet.
    h.block_requests(&phone, &["*/seat-map/studyroom-*"]).await;
    phone.goto(&h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_text(&phone, "#shell .room-head h1", studyroom_server::demo::ROOM_NAME).await;
    wait_for_text(&phone, "#shell .room-head .sub", "徐汇区").await;
    screenshot(&phone, "11e-seat-map-before-its-app-phone-zh").await;

    // The copy the service worker keeps for offline use answers for any room: it names none.
    let kept_without_room = "return caches.open('studyroom-v2')
        .then(c => c.match('/seat-map/index.html'))
        .then(r => r ? r.text() : '')
        .then(t => t.includes('id=\"shell\"') && !t.includes('room-head') && !t.includes(arguments[0]))";
    assert!(
        becomes_true(
            &phone,
            kept_without_room,
            vec![studyroom_server::demo::ROOM_NAME.into()]
        )
        .await,
        "the kept seat map page names a room"
    );

    // The app comes: it draws the same heading, with the map.
    h.block_requests(&phone, &[]).await;
    phone.refresh().await.unwrap();
    wait_for_attr(&phone, "[data-seat-label='A3']", "data-state", "free").await;
    wait_for_text(&phone, "#room-name", studyroom_server::demo::ROOM_NAME).await;
    assert!(
        phone.find(thirtyfour::By::Id("shell")).await.is_err(),
        "the shell stayed"
    );
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn a_seat_map_that_cannot_load_its_room_says_so_instead_of_standing_in_its_shell() {
    let h = Harness::start().await;
    let (room_id, phone) = member_on_phone(&h, "13800000404").await;

    // Who sits where cannot be read (a dead spot after the page came): the shell, which names the
    // room and hides the app until the map is drawn, gives way to the app's error and its retry.
    h.block_requests(&phone, &["*/occupancy*"]).await;
    phone.goto(&h.url(&format!("/rooms/{room_id}"))).await.unwrap();
    wait_for_text(&phone, ".error-card", "网络").await;
    assert!(
        phone.find(thirtyfour::By::Id("shell")).await.is_err(),
        "the shell stayed"
    );
    assert!(find(&phone, "#nav-account").await.is_displayed().await.unwrap());
    h.block_requests(&phone, &[]).await;
    tap(&phone, "#retry").await;
    wait_for_attr(&phone, "[data-seat-label='A3']", "data-state", "free").await;
    phone.quit().await.unwrap();
}
