//! The first slice a person can really use: sign up on a phone, wait, get verified by a manager.

use crate::harness::*;
use thirtyfour::prelude::*;

/// `11010519491231002X`: the worked example of the standard, whose check character is X.
const ID_17_DIGITS: &str = "11010519491231002";

#[tokio::test]
async fn a_member_signs_up_on_a_phone_and_sees_the_managers_verification() {
    let h = Harness::start().await;
    h.create_manager().await;

    // 小陈 signs up on the phone, in Chinese.
    let phone = h.browser(Screen::Phone).await;
    phone.goto(h.url("/signup")).await.unwrap();
    wait_for_text(&phone, "h1", "实名注册").await;
    // A first visit downloads the visitor's build (the welcome and the two forms) alone.
    let first = loaded_wasm(&phone).await;
    assert!(first.starts_with("/visitor/studyroom-"), "{first}");
    type_into(&phone, "#phone", "13800138000").await;
    type_into(&phone, "#real_name", "陈小雨").await;
    type_into(&phone, "#id_number", ID_17_DIGITS).await;
    wait_for_text(&phone, "#id_number-message", "还差 1 位").await;
    // The numeric keyboard has no X: the form offers one, typed like a key (the field keeps the
    // focus), and a valid number gets a clear tick.
    find(&phone, "#id-x").await.click().await.unwrap();
    wait_for_text(&phone, "#id_number-message", "✓ 号码格式正确").await;
    wait_for_attr(&phone, ":focus", "id", "id_number").await;
    find(&phone, ".field.valid #id_number").await;
    type_into(&phone, "#password", PASSWORD).await;
    find(&phone, "#consent").await.click().await.unwrap();
    screenshot(&phone, "01-signup-filled-phone-zh").await;
    assert_accessible(&phone, "signup").await;
    find(&phone, "#signup-submit").await.click().await.unwrap();

    find(&phone, "#status-card[data-status='pending']").await;
    wait_for_text(&phone, "#status-card", "等待核验").await;
    // Signed up, the browser has a session: the account is a page of the whole app.
    let whole = loaded_wasm(&phone).await;
    assert!(whole.starts_with("/studyroom-"), "{whole}");
    wait_for_text(&phone, "#identity", "110105********002X").await;
    wait_for_text(&phone, "#identity", "陈*雨").await;
    let page = phone.source().await.unwrap();
    assert!(
        !page.contains("11010519491231002X"),
        "the full ID number reached the page"
    );
    screenshot(&phone, "02-account-pending-phone-zh").await;
    assert_accessible(&phone, "account").await;

    // 王老师 verifies at the station, with the keyboard.
    let laptop = h.browser(Screen::Laptop).await;
    laptop.goto(h.url("/login")).await.unwrap();
    type_into(&laptop, "#phone", MANAGER_PHONE).await;
    type_into(&laptop, "#password", PASSWORD).await;
    find(&laptop, "#login-submit").await.click().await.unwrap();
    wait_for_text(&laptop, "#queue-person", "陈小雨").await;
    wait_for_text(&laptop, "#queue-count", "还有 1 人待核验").await;
    screenshot(&laptop, "03-queue-laptop-zh").await;
    assert_accessible(&laptop, "verification queue").await;
    find(&laptop, "body").await.send_keys("a").await.unwrap();
    find(&laptop, "#queue-empty").await;
    // The approval is sent once its few seconds of undo have passed.
    find(&laptop, "#queue-notice[data-state='done']").await;
    wait_for_text(&laptop, "#queue-notice", "已通过").await;
    screenshot(&laptop, "04-queue-done-laptop-zh").await;

    // Back on the phone: the status turns verified.
    find(&phone, "#refresh-status").await.click().await.unwrap();
    find(&phone, "#status-card[data-status='verified']").await;
    wait_for_text(&phone, "#status-card", "已通过实名核验").await;
    screenshot(&phone, "05-account-verified-phone-zh").await;

    // English is one tap away and remembered.
    find(&phone, "#lang-switch").await.click().await.unwrap();
    wait_for_text(&phone, "#status-card", "Verified").await;
    phone.refresh().await.unwrap();
    wait_for_text(&phone, "#status-card", "Verified").await;
    screenshot(&phone, "06-account-verified-phone-en").await;

    phone.quit().await.unwrap();
    laptop.quit().await.unwrap();
}

#[tokio::test]
async fn the_signup_form_catches_mistakes_as_they_are_typed_and_the_server_agrees() {
    let h = Harness::start().await;
    let phone = h.browser(Screen::Phone).await;
    phone.goto(h.url("/signup")).await.unwrap();
    // One digit off: the check character no longer matches.
    type_into(&phone, "#id_number", "110105194912310021").await;
    wait_for_text(&phone, "#id_number-message", "最后一位对不上").await;
    type_into(&phone, "#phone", "1380013800").await;
    find(&phone, "#real_name").await.click().await.unwrap();
    wait_for_text(&phone, "#phone-message", "请输入 11 位手机号").await;
    // A submit brings the person to the first field to fix, in the form's order.
    find(&phone, "#signup-submit").await.click().await.unwrap();
    wait_for_attr(&phone, ":focus", "id", "phone").await;
    wait_for_text(&phone, ".consent + .field-message", "需要先勾选同意").await;
    screenshot(&phone, "07-signup-errors-phone-zh").await;
    assert_accessible(&phone, "signup with errors").await;
    find(&phone, "#phone").await.send_keys("0").await.unwrap();
    find(&phone, "#signup-submit").await.click().await.unwrap();
    wait_for_attr(&phone, ":focus", "id", "real_name").await;
    assert!(
        h.state.store.users(None, None, 10).await.unwrap().is_empty(),
        "nothing was sent"
    );

    // Login: an empty form brings the person to the phone number; a wrong password says so, in
    // words, and brings them to the password.
    phone.goto(h.url("/login")).await.unwrap();
    find(&phone, "#login-submit").await.click().await.unwrap();
    wait_for_attr(&phone, ":focus", "id", "phone").await;
    wait_for_text(&phone, "#phone-message", "请输入 11 位手机号").await;
    type_into(&phone, "#phone", "13800138000").await;
    find(&phone, "#login-submit").await.click().await.unwrap();
    wait_for_attr(&phone, ":focus", "id", "password").await;
    wait_for_text(&phone, "#password-message", "请输入密码").await;
    type_into(&phone, "#password", "wrong password").await;
    find(&phone, "#login-submit").await.click().await.unwrap();
    wait_for_text(&phone, "#form-error", "手机号或密码不对").await;
    wait_for_attr(&phone, ":focus", "id", "password").await;
    screenshot(&phone, "08-login-error-phone-zh").await;
    phone.quit().await.unwrap();
}

#[tokio::test]
async fn someone_signed_in_who_opens_signup_or_login_goes_home_and_back_does_not_return_to_the_form() {
    let h = Harness::start().await;
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000301").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000301").await;
    find(&phone, "#room-name").await;
    let map = h.url(&format!("/rooms/{room_id}"));
    assert_eq!(phone.current_url().await.unwrap().as_str(), map);
    let history = || async {
        phone
            .execute("return history.length", vec![])
            .await
            .unwrap()
            .convert::<u64>()
            .unwrap()
    };

    // Each from a page of its own (a page opened again at its own address would replace itself).
    for (form, from) in [("/signup", "/account"), ("/login", "/account?again")] {
        phone.goto(h.url(from)).await.unwrap();
        find(&phone, "#status-card").await;
        let before = history().await;
        // An old bookmark, or the address typed: home (the seat map), in place of the form.
        phone.goto(h.url(form)).await.unwrap();
        find(&phone, "#room-name").await;
        assert_eq!(phone.current_url().await.unwrap().as_str(), map, "{form}");
        assert!(phone.find(By::Css("form")).await.is_err(), "{form} shows no form");
        // One new entry in the history (the map, where the form was), so Back does not bounce.
        assert_eq!(history().await, before + 1, "{form} was replaced, not added to");
        phone.back().await.unwrap();
        find(&phone, "#status-card").await;
        assert_eq!(
            phone.current_url().await.unwrap().as_str(),
            h.url(from),
            "back from {form}"
        );
        assert!(
            phone
                .find(By::Css("#login-submit, #signup-submit"))
                .await
                .is_err(),
            "back from {form} shows no form"
        );
    }
    phone.quit().await.unwrap();
}
