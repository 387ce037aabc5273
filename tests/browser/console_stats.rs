//! Statistics in the console: a room's numbers for a date range as accessible SVG charts (each
//! value written, never colour alone) and as tables.

use crate::harness::*;

#[tokio::test]
async fn statistics_show_a_rooms_week_as_charts_and_tables() {
    let h = Harness::start().await;
    let (room_id, door_id, token) = h.demo_room().await;
    h.create_manager().await;
    // One booking that became a no-show, and one whose renter came in at the door and stayed.
    h.no_show("13800000701", "A1").await;
    h.verified_member("13800000702").await;
    let cookie = h.api_session("13800000702").await;
    let w2 = h
        .state
        .store
        .seats(&room_id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.label == "W2")
        .unwrap();
    let booked = h
        .api_post(
            &cookie,
            "/api/bookings",
            serde_json::json!({"seat_id": w2.id, "start": "2026-11-22T21:30:00+08:00", "end": "2026-11-22T23:00:00+08:00"}),
        )
        .await;
    let code = booked["access_code"]["code"].as_str().unwrap();
    let r = reqwest::Client::new()
        .post(h.url(&format!("/api/doors/{door_id}/unlock")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "unlock {}", r.status());
    h.clock.advance(chrono::Duration::minutes(50));

    let laptop = h.browser(Screen::Laptop).await;
    h.log_in_console(&laptop, "/admin/stats").await;
    // The browser's today is not the test clock's: ask for the test clock's week.
    for (id, day) in [("#stats-from", "2026-11-16"), ("#stats-to", "2026-11-22")] {
        // The console's frame shows before the statistics page draws its form.
        find(&laptop, id).await;
        laptop
            .execute(
                &format!(
                    "const d = document.querySelector('{id}'); d.value = '{day}'; \
                     d.dispatchEvent(new Event('input', {{bubbles: true}}));"
                ),
                vec![],
            )
            .await
            .unwrap();
    }
    find(&laptop, "#stats-show").await.click().await.unwrap();
    wait_for_text(&laptop, "#kpi-bookings", "2").await;
    wait_for_text(&laptop, "#kpi-people", "2").await;
    // Only ended bookings count towards the no-show rate: W2's is still running.
    wait_for_text(&laptop, "#kpi-no-show", "100%").await;
    // Sunday 21:00 was used, and the cell says how much in a number.
    find(&laptop, "#heatmap g.heat:not(.heat-0) text").await;
    find(&laptop, "svg#heatmap[role='img'] title").await;
    screenshot(&laptop, "60-console-stats-laptop-zh").await;
    assert_accessible(&laptop, "statistics").await;
    find(&laptop, "#stats-tables summary")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(&laptop, "#per-day-table", "2026-11-22").await;
    wait_for_text(&laptop, "#heat-table", "周日").await;
    assert_accessible(&laptop, "statistics as tables").await;
    laptop.set_window_rect(0, 0, 820, 1180).await.unwrap();
    screenshot(&laptop, "61-console-stats-tablet-zh").await;
    laptop.quit().await.unwrap();
}
