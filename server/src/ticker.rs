//! The time rules of bookings, driven from the one injectable clock: not entered by the grace
//! deadline → no-show; not back by `away_until` → ended with a violation; past `end` → completed.
//! A background task ticks every few seconds; tests move the clock and call [`tick`] themselves.

use crate::audit::NewEntry;
use crate::error::ApiError;
use crate::rooms;
use crate::state::AppState;
use crate::store::Change;
use std::time::Duration;
use studyroom_api::BookingState;

/// Applies every time rule that has come due; returns how many bookings changed.
pub async fn tick(state: &AppState) -> Result<usize, ApiError> {
    let now = state.clock.now();
    state.store.lift_expired_suspensions(now).await?;
    let mut changed = 0;
    for b in state.store.due_bookings(now).await? {
        let away_expired =
            b.state == BookingState::Away && b.away_until.is_some_and(|u| u <= now && u < b.end);
        let (to, violation, kind) = match b.state {
            BookingState::Upcoming => (BookingState::NoShow, Some("no_show"), "booking_no_show"),
            _ if away_expired => (
                BookingState::Completed,
                Some("away_expired"),
                "booking_away_expired",
            ),
            _ => (BookingState::Completed, None, "booking_ended"),
        };
        let change = Change {
            to: Some(to),
            revoke_code: true,
            ended_at: Some(now),
            away_until: Some(None),
            violation,
            ..Default::default()
        };
        let audit = NewEntry::new(
            now,
            kind,
            "system",
            format!("booking {} seat {}", b.id, b.seat_label),
        );
        if state
            .store
            .change_booking(&b.id, &[b.state], &change, &audit)
            .await?
            .is_some()
        {
            changed += 1;
            rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
        }
    }
    Ok(changed)
}

/// Ticks every `every` for as long as the server runs.
pub fn spawn(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(e) = tick(&state).await {
                tracing::error!(error = %e, "booking time rules failed to run; retrying");
            }
        }
    });
}
