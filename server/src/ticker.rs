//! The time rules of bookings, driven from the one injectable clock: not entered by the grace
//! deadline → no-show; not back by `away_until` → ended with a violation; past `end` → completed.
//! A background task ticks every few seconds; tests move the clock and call [`Ticker::tick`].
//!
//! Downtime is nobody's fault: the ticker records when it last ran, and a server that starts again
//! ([`Ticker::resume`]) applies the deadlines that fell while it was down without a violation
//! (nobody could enter through a door whose server was not answering). One row that cannot be
//! read or changed is logged and skipped; it never stops the rules for the others.
//!
//! With several instances over one PostgreSQL, only the one that leads (`instances/leader.rs`)
//! applies the rules; the others' ticks do nothing until it dies and one of them takes over.

use crate::audit::NewEntry;
use crate::error::ApiError;
use crate::rooms;
use crate::state::AppState;
use crate::store::{BookingRecord, Change};
use chrono::{DateTime, Utc};
use std::time::Duration;
use studyroom_api::BookingState;

/// How often expired sessions and stale throttle rows are deleted, in ticks.
const PRUNE_EVERY_TICKS: u64 = 720;

/// The time rules, with what they know of the server's downtime.
#[derive(Debug, Clone, Default)]
pub struct Ticker {
    /// `(last tick before the server stopped, when it started again)`.
    downtime: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ticks: u64,
}

impl Ticker {
    /// The ticker of a server that starts now: deadlines between its last recorded tick and now
    /// fell while it was down.
    pub async fn resume(state: &AppState) -> Result<Self, ApiError> {
        let now = state.clock.now();
        let downtime = state
            .store
            .last_tick()
            .await?
            .filter(|last| *last < now)
            .map(|last| (last, now));
        if let Some((from, _)) = downtime {
            tracing::info!(since = %from.to_rfc3339(), "resuming the time rules; deadlines missed while down carry no violation");
        }
        Ok(Self { downtime, ticks: 0 })
    }

    fn fell_while_down(&self, deadline: DateTime<Utc>) -> bool {
        self.downtime
            .is_some_and(|(from, to)| deadline > from && deadline <= to)
    }

    /// Applies every time rule that has come due; returns how many bookings changed. Does nothing
    /// on an instance that does not lead (see the module's header).
    pub async fn tick(&mut self, state: &AppState) -> Result<usize, ApiError> {
        if !state.instances.leads_time_rules().await {
            return Ok(0);
        }
        let now = state.clock.now();
        match state.store.lift_expired_suspensions(now).await {
            Ok(ids) => {
                for id in ids {
                    state
                        .events
                        .user_changed(&id, studyroom_api::UserStatus::Verified);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "could not lift expired suspensions; trying again next tick")
            }
        }
        let mut changed = 0;
        for b in state.store.due_bookings(now).await? {
            match self.apply(state, &b, now).await {
                Ok(true) => {
                    changed += 1;
                    rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(booking = %b.id, %error, "a time rule failed for one booking; skipped")
                }
            }
        }
        state.store.set_last_tick(now).await?;
        if self.ticks.is_multiple_of(PRUNE_EVERY_TICKS) {
            match state
                .store
                .prune(now, state.sessions, &state.login_throttle)
                .await
            {
                Ok(n) if n > 0 => tracing::info!(rows = n, "pruned expired sessions and throttle rows"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "pruning failed; trying again later"),
            }
        }
        self.ticks += 1;
        Ok(changed)
    }

    async fn apply(&self, state: &AppState, b: &BookingRecord, now: DateTime<Utc>) -> Result<bool, ApiError> {
        let room = rooms::find(state, &b.room_id).await?;
        let grace = chrono::Duration::minutes(i64::from(room.rules.no_show_grace_minutes));
        let away_expired =
            b.state == BookingState::Away && b.away_until.is_some_and(|u| u <= now && u < b.end);
        let (to, violation, kind, deadline) = match b.state {
            BookingState::Upcoming => (
                BookingState::NoShow,
                Some("no_show"),
                "booking_no_show",
                b.start.max(b.booked_at) + grace,
            ),
            _ if away_expired => (
                BookingState::Completed,
                Some("away_expired"),
                "booking_away_expired",
                b.away_until.unwrap_or(b.end),
            ),
            _ => (BookingState::Completed, None, "booking_ended", b.end),
        };
        let excused = violation.is_some() && self.fell_while_down(deadline);
        let change = Change {
            to: Some(to),
            revoke_code: true,
            ended_at: Some(now),
            away_until: Some(None),
            violation: if excused { None } else { violation },
            ..Default::default()
        };
        let mut detail = format!("booking {} seat {}", b.id, b.seat_label);
        if excused {
            detail.push_str("; no violation: the deadline fell while the server was down");
        }
        let audit = NewEntry::new(now, kind, "system", detail);
        let changed = state
            .store
            .change_booking(&b.id, &[b.state], &change, &audit)
            .await?
            .is_some();
        if changed && change.violation.is_some() {
            crate::violations::after_violation(state, &b.user_id, &room.rules, now).await?;
        }
        Ok(changed)
    }
}

/// Ticks every `every` for as long as the server runs, starting with what the last run left.
pub fn spawn(state: AppState, mut ticker: Ticker, every: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(e) = ticker.tick(&state).await {
                tracing::error!(error = %e, "booking time rules failed to run; retrying");
            }
        }
    });
}
