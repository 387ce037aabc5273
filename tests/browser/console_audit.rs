//! The audit log in the console: newest first, filtered, paged back; the chain checked end to end;
//! and the CSV exports linked from the statistics.

use crate::harness::*;
use thirtyfour::prelude::*;

#[tokio::test]
async fn the_audit_log_filters_pages_and_verifies_its_chain_and_the_exports_download() {
    let h = Harness::start().await;
    let (_room, door_id, token) = h.demo_room().await;
    h.create_manager().await;
    // Sixty wrong codes at the door: every attempt is written to the log.
    let client = reqwest::Client::new();
    for _ in 0..60 {
        client
            .post(h.url(&format!("/api/doors/{door_id}/unlock")))
            .bearer_auth(&token)
            .json(&serde_json::json!({"code": "00000000"}))
            .send()
            .await
            .unwrap();
    }

    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin/audit").await;
    find(&laptop, "#audit-table tbody tr").await;
    let rows = laptop.find_all(By::Css("#audit-table tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 50, "a page of fifty");
    // Newest first.
    let first: i64 = rows[0].attr("data-seq").await.unwrap().unwrap().parse().unwrap();
    let last: i64 = rows[49].attr("data-seq").await.unwrap().unwrap().parse().unwrap();
    assert!(first > last);
    screenshot(&laptop, "70-console-audit-laptop-zh").await;
    assert_accessible(&laptop, "audit log").await;

    // Older entries come below.
    find(&laptop, "#audit-more").await.click().await.unwrap();
    let mut more = 0;
    for _ in 0..100 {
        more = laptop
            .find_all(By::Css("#audit-table tbody tr"))
            .await
            .unwrap()
            .len();
        if more > 50 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(more > 50, "older entries were added: {more}");

    // Filtered by the kind of the newest entry: every row is of that kind.
    let kind = find(&laptop, "#audit-table tbody tr td:nth-child(3)")
        .await
        .text()
        .await
        .unwrap();
    type_into(&laptop, "#audit-kind", &kind).await;
    find(&laptop, "#audit-search").await.click().await.unwrap();
    find(&laptop, "#audit-table tbody tr").await;
    for cell in laptop
        .find_all(By::Css("#audit-table tbody tr td:nth-child(3)"))
        .await
        .unwrap()
    {
        assert_eq!(cell.text().await.unwrap(), kind);
    }

    // The whole chain checks out.
    find(&laptop, "#audit-verify").await.click().await.unwrap();
    wait_for_attr(&laptop, "#audit-verdict", "data-ok", "true").await;
    wait_for_text(&laptop, "#audit-verdict", "链是完整的").await;
    screenshot(&laptop, "71-console-audit-verified-laptop-zh").await;
    assert_accessible(&laptop, "audit log, verified").await;
    laptop.set_window_rect(0, 0, 820, 1180).await.unwrap();
    screenshot(&laptop, "72-console-audit-tablet-zh").await;

    // The exports: the statistics page links them, and they answer CSV.
    laptop.goto(h.url("/admin/stats")).await.unwrap();
    for id in ["#export-bookings", "#export-entries"] {
        let href = find(&laptop, id).await.attr("href").await.unwrap().unwrap();
        assert!(href.starts_with("/api/admin/export/"), "{href}");
        let script =
            format!("return fetch('{href}').then(r => r.status + ' ' + r.headers.get('content-type'))");
        let answer: String = laptop.execute(&script, vec![]).await.unwrap().convert().unwrap();
        assert!(answer.starts_with("200 text/csv"), "{id}: {answer}");
    }
    laptop.quit().await.unwrap();
}
