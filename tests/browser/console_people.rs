//! The console's people screen: the verification queue hears of a new sign-up by itself and an
//! approval can be undone for a few seconds; appeals wait beside it; a manager finds a member by
//! the phone's last digits, opens their page and suspends them, and the member's phone says so.

use crate::harness::*;
use studyroom_api::UserStatus;
use thirtyfour::prelude::*;

async fn status_now(h: &Harness, id: &str) -> UserStatus {
    h.state.store.user_by_id(id).await.unwrap().unwrap().status
}

/// The buttons matching `selectors` sit on one line at one height (their boxes' tops and bottoms
/// within half a pixel of each other).
async fn assert_aligned(driver: &WebDriver, selectors: &[&str]) {
    let mut boxes = Vec::new();
    for css in selectors {
        let r = find(driver, css).await.rect().await.unwrap();
        boxes.push((css, r.y, r.y + r.height));
    }
    let (_, top, bottom) = boxes[0];
    for (css, t, b) in &boxes {
        assert!(
            (t - top).abs() < 0.5 && (b - bottom).abs() < 0.5,
            "{css} is not in line with {}: {boxes:?}",
            selectors[0]
        );
    }
}

#[tokio::test]
async fn a_new_signup_shows_up_by_itself_and_an_approval_can_be_undone() {
    let h = Harness::start().await;
    h.create_manager().await;
    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin").await;
    find(&laptop, "#queue-empty").await;
    find(&laptop, "#appeals-empty").await;
    screenshot(&laptop, "40-console-people-empty-laptop-zh").await;
    assert_accessible(&laptop, "people, nothing waiting").await;

    // Someone signs up on their phone: the queue shows them without a reload.
    let id = h.signed_up("13800000551", "林晓").await;
    wait_for_text(&laptop, "#queue-person", "林晓").await;
    wait_for_text(&laptop, "#queue-count", "还有 1 人待核验").await;
    screenshot(&laptop, "41-console-queue-new-signup-laptop-zh").await;
    assert_accessible(&laptop, "queue with a new sign-up").await;

    // The decision buttons line up, before and after the reason opens; Esc closes the reason
    // (from inside it) and the focus goes back to the reject button.
    assert_aligned(&laptop, &["#reject", "#approve"]).await;
    find(&laptop, "body").await.send_keys("r").await.unwrap();
    find(&laptop, "#reject-reason").await;
    wait_for_attr(&laptop, ":focus", "id", "reject-reason").await;
    assert_aligned(&laptop, &["#reject-close", "#reject-send", "#approve"]).await;
    scroll_to(&laptop, "#queue-person").await;
    screenshot(&laptop, "41b-console-queue-reason-laptop-zh").await;
    find(&laptop, "#reject-reason")
        .await
        .send_keys(thirtyfour::Key::Escape)
        .await
        .unwrap();
    wait_for_attr(&laptop, ":focus", "id", "reject").await;
    assert!(
        laptop.find(By::Css("#reject-reason")).await.is_err(),
        "Esc closed the reason"
    );
    assert_eq!(
        status_now(&h, &id).await,
        UserStatus::Pending,
        "Esc decided nothing"
    );

    // Approve, then undo: nothing was sent, and the person is back.
    find(&laptop, "#approve").await.click().await.unwrap();
    find(&laptop, "#queue-notice[data-state='undo']").await;
    find(&laptop, "#queue-empty").await;
    screenshot(&laptop, "42-console-queue-undo-laptop-zh").await;
    find(&laptop, "#undo").await.click().await.unwrap();
    wait_for_text(&laptop, "#queue-person", "林晓").await;
    let status = |h: &Harness, id: String| {
        let store = h.state.store.clone();
        async move { store.user_by_id(&id).await.unwrap().unwrap().status }
    };
    assert_eq!(status(&h, id.clone()).await, UserStatus::Pending);

    // Approve with the keyboard and let the undo window pass: the decision is sent.
    find(&laptop, "body").await.send_keys("a").await.unwrap();
    find(&laptop, "#queue-notice[data-state='done']").await;
    wait_for_text(&laptop, "#queue-notice", "已通过：林晓").await;
    assert_eq!(status(&h, id).await, UserStatus::Verified);
    laptop.quit().await.unwrap();
}

#[tokio::test]
async fn a_manager_finds_a_member_answers_the_appeal_and_suspends_them_and_the_phone_says_so() {
    let h = Harness::start().await;
    h.demo_room().await;
    h.create_manager().await;
    // 小陈 booked A1 and never came; they appeal the no-show.
    let (cookie, violation) = h.no_show("13800000502", "A1").await;
    h.api_post(
        &cookie,
        &format!("/api/me/violations/{violation}/appeal"),
        serde_json::json!({"reason": "那天发烧了，忘了取消"}),
    )
    .await;

    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin").await;
    let appeal = format!(".appeal[data-violation-id='{violation}']");
    wait_for_text(&laptop, &appeal, "那天发烧了").await;
    wait_for_text(&laptop, &appeal, "预约了没来").await;
    screenshot(&laptop, "43-console-appeal-laptop-zh").await;
    assert_accessible(&laptop, "people with an appeal").await;

    // Find them by the phone's last four digits and open their page.
    type_into(&laptop, "#people-search", "0502").await;
    find(&laptop, "#people-search-submit")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(&laptop, "#search-results", "陈小雨").await;
    screenshot(&laptop, "44-console-search-laptop-zh").await;
    find(&laptop, "#search-results a").await.click().await.unwrap();
    find(&laptop, "#person[data-status='verified']").await;
    wait_for_text(&laptop, "#person-bookings", "A1").await;
    wait_for_text(&laptop, "#person-bookings", "没来").await;
    wait_for_text(&laptop, ".violation", "申诉待处理").await;
    screenshot(&laptop, "45-console-person-laptop-zh").await;
    assert_accessible(&laptop, "a person's page").await;

    // Suspend until a day (the form proposes a week from the browser's today; the server's clock
    // here is a test clock), with a reason.
    laptop
        .execute(
            "const d = document.getElementById('suspend-until'); d.value = '2026-11-29'; \
             d.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
    type_into(&laptop, "#suspend-reason", "多次占座不来，暂停一周").await;
    find(&laptop, "#suspend-submit").await.click().await.unwrap();
    find(&laptop, "#person[data-status='suspended']").await;
    wait_for_text(&laptop, "#person-status", "暂停中").await;
    wait_for_text(&laptop, "#person-until", "2026-11-29").await;
    laptop.set_window_rect(0, 0, 820, 1180).await.unwrap();
    screenshot(&laptop, "46-console-person-suspended-tablet-zh").await;
    assert_accessible(&laptop, "a suspended person's page on a tablet").await;

    // The member's phone says so, and until when.
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000502").await;
    find(&phone, "#status-card[data-status='suspended']").await;
    wait_for_text(&phone, "#status-card", "23:59").await;
    screenshot(&phone, "47-account-suspended-phone-zh").await;
    phone.quit().await.unwrap();

    // Back at the people screen: the appeal is pardoned with an answer.
    laptop.goto(h.url("/admin")).await.unwrap();
    type_into(&laptop, &format!("#answer-{violation}"), "身体要紧，这次不算").await;
    find(&laptop, &format!("{appeal} .appeal-pardon"))
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(&laptop, "#appeal-notice", "已免除").await;
    find(&laptop, "#appeals-empty").await;
    laptop.quit().await.unwrap();
}
