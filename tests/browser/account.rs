//! Log out everywhere: one tap on the phone ends the person's sessions on every device.

use crate::harness::*;

#[tokio::test]
async fn logging_out_everywhere_ends_the_session_on_the_other_device_too() {
    let h = Harness::start().await;
    h.demo_room().await;
    h.verified_member("13800000501").await;

    // Signed in on a laptop somewhere, and on the phone.
    let laptop = h.browser(Screen::Laptop).await;
    h.log_in(&laptop, "13800000501").await;
    find(&laptop, "#nav-account").await;
    let phone = h.browser(Screen::Phone).await;
    h.log_in(&phone, "13800000501").await;
    find(&phone, "#nav-account").await.click().await.unwrap();
    find(&phone, "#logout-all").await;
    wait_for_text(&phone, "#logout-all", "退出所有设备").await;
    phone
        .execute("document.getElementById('logout-all').scrollIntoView()", vec![])
        .await
        .unwrap();
    screenshot(&phone, "27-account-logout-all-phone-zh").await;
    assert_accessible(&phone, "account with log out everywhere").await;

    find(&phone, "#logout-all").await.click().await.unwrap();
    find(&phone, "#login-submit").await;
    // The laptop's session has ended as well: its next page asks it to log in.
    laptop.goto(h.url("/account")).await.unwrap();
    find(&laptop, "#login-submit").await;

    for b in [phone, laptop] {
        b.quit().await.unwrap();
    }
}
