//! The time picker for one seat: a day, a start ("现在" first, then the room's slots), a duration
//! chip, the end spelled out, and the booking itself. What is already taken is greyed with its
//! range. The busy list of a day includes the next day's, since a booking may cross midnight.

use crate::i18n::fill;
use crate::slots::{self, SlotItem};
use crate::state::{Auth, Clock, LiveBooking, tr, use_now, use_texts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::time::Duration;
use studyroom_api::booking::NewBooking;
use studyroom_api::room::Busy;
use studyroom_api::{ErrorCode, Room, Seat};
use ui::api::{self, ApiError};
use ui::seat_layout::{SeatNow, feature_word};
use ui::when;

type Start = DateTime<FixedOffset>;

/// The duration chip's words: "2 小时" / "2 h", or minutes for a room with odd slots.
fn duration_text(minutes: u32, t: &crate::i18n::Texts) -> String {
    if minutes.is_multiple_of(60) {
        fill(t.picker_hours, minutes / 60)
    } else {
        fill(t.picker_minutes, minutes)
    }
}

#[component]
pub fn TimePicker(
    /// The room (its rules and clock).
    room: Room,
    /// The seat being booked.
    seat: Seat,
    /// The seat's state now and its next booking: when they change, someone booked or left, so
    /// what is taken is read again.
    #[prop(into)]
    seat_state: Signal<SeatNow>,
    /// "Other seat": closes the picker.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let live = expect_context::<LiveBooking>();
    let navigate = use_navigate();
    let rules = room.rules;
    let offset = slots::room_offset(&room.utc_offset);
    let room_id = room.id.clone();
    let seat_id = seat.id.clone();

    // The picker's sense of "now" only matters to the slot: twenty seconds is precise enough.
    let tick = use_now(Duration::from_secs(20));
    let now = Memo::new(move |_| tick.get().with_timezone(&offset));
    let today = Memo::new(move |_| now.get().date_naive());
    let days = Memo::new(move |_| slots::days(now.get(), &rules));
    let day = RwSignal::new(today.get_untracked());

    // What is taken, for the chosen day and the next (with the day it was asked for, so another
    // day's list never shows under this one). Answers to an older question are dropped.
    let busy = RwSignal::new(None::<(NaiveDate, Vec<Busy>)>);
    let busy_error = RwSignal::new(None::<ApiError>);
    let asked = StoredValue::new(0u32);
    let load_busy = {
        let (room_id, seat_id) = (room_id.clone(), seat_id.clone());
        move |day: NaiveDate| {
            let (room_id, seat_id) = (room_id.clone(), seat_id.clone());
            asked.update_value(|n| *n += 1);
            let ticket = asked.get_value();
            busy_error.set(None);
            spawn_local(async move {
                let next = day.succ_opt().unwrap_or(day);
                let both = async {
                    let first = api::availability(&room_id, &slots::date_param(day)).await?;
                    let second = api::availability(&room_id, &slots::date_param(next)).await?;
                    Ok::<_, ApiError>([first, second])
                };
                let result = both.await;
                if asked.try_get_value() != Some(ticket) {
                    return;
                }
                match result {
                    Ok(days) => busy.set(Some((day, slots::busy_of(&seat_id, &days)))),
                    Err(e) => {
                        auth.note(&e);
                        busy_error.set(Some(e));
                    }
                }
            });
        }
    };
    let load_busy_on_change = load_busy.clone();
    Effect::new(move |_| {
        seat_state.track();
        load_busy_on_change(day.get());
    });

    let items = Memo::new(move |_| {
        let day = day.get();
        busy.with(|b| {
            b.as_ref()
                .filter(|(asked_for, _)| *asked_for == day)
                .map(|(_, b)| slots::slot_items(day, now.get(), &rules, b))
        })
    });
    let durations = slots::durations(&rules);
    let start = RwSignal::new(None::<Start>);
    let minutes = RwSignal::new(None::<u32>);
    let fits = move |s: Start, m: u32| busy.with(|b| b.as_ref().is_some_and(|(_, b)| slots::fits(s, m, b)));

    // A start that is no longer offered (the slot passed, or someone took it) is let go; a fresh
    // list for today starts at "now" when it can.
    Effect::new(move |_| {
        items.with(|items| {
            let Some(items) = items else { return };
            let offered = |s: Start| {
                items
                    .iter()
                    .any(|i| matches!(i, SlotItem::Free { start, usable: true, .. } if *start == s))
            };
            match start.get_untracked() {
                Some(s) if offered(s) => {}
                _ => start.set(items.iter().find_map(|i| match i {
                    SlotItem::Free {
                        start,
                        now: true,
                        usable: true,
                    } => Some(*start),
                    _ => None,
                })),
            }
        });
    });
    // Keep the chosen duration if it still fits, else the longest shorter one that does.
    let durations_for_effect = durations.clone();
    Effect::new(move |_| {
        let Some(s) = start.get() else {
            minutes.set(None);
            return;
        };
        busy.track();
        let chosen = minutes.get_untracked();
        let fitting: Vec<u32> = durations_for_effect
            .iter()
            .copied()
            .filter(|m| fits(s, *m))
            .collect();
        let keep = match chosen {
            Some(m) if fitting.contains(&m) => Some(m),
            Some(m) => fitting
                .iter()
                .copied()
                .filter(|f| *f < m)
                .max()
                .or(fitting.first().copied()),
            None => fitting.first().copied(),
        };
        minutes.set(keep);
    });

    let summary = move || {
        let t = t();
        let (Some(s), Some(m)) = (start.get(), minutes.get()) else {
            return if start.with(Option::is_none) {
                t.picker_pick_start.to_owned()
            } else {
                t.picker_pick_length.to_owned()
            };
        };
        let end = when::at(slots::end_of(s, m), today.get(), t);
        if s <= now.get() {
            fill(t.picker_from_now_until, end)
        } else {
            fill(&fill(t.picker_from_until, when::at(s, today.get(), t)), end)
        }
    };

    let book_error = RwSignal::new(None::<String>);
    let book = Action::new_local(|req: &NewBooking| {
        let req = req.clone();
        async move { api::book(&req).await }
    });
    let load_after_refusal = load_busy.clone();
    Effect::new(move |_| match book.value().get() {
        Some(Ok(made)) => {
            live.update(&made.booking, clock);
            navigate(&format!("/bookings/{}", made.booking.id), Default::default());
        }
        Some(Err(e)) => {
            auth.note(&e);
            book_error.set(Some(e.text(t())));
            if e.is(ErrorCode::SeatTaken) || e.is(ErrorCode::InvalidTime) {
                load_after_refusal(day.get_untracked());
            }
        }
        None => {}
    });
    let confirm = move |_| {
        if let (Some(s), Some(m)) = (start.get_untracked(), minutes.get_untracked()) {
            book_error.set(None);
            book.dispatch(NewBooking {
                seat_id: seat_id.clone(),
                start: s,
                end: slots::end_of(s, m),
            });
        }
    };

    let features: Vec<_> = seat.features.clone();
    let feature_words = move || {
        features
            .iter()
            .map(|f| feature_word(*f, t()))
            .collect::<Vec<_>>()
            .join(t().list_sep)
    };
    let label = seat.label.clone();

    let slot_view = move |item: SlotItem| match item {
        SlotItem::Free {
            start: s,
            now: is_now,
            usable,
        } => view! {
            <button type="button" class="chip slot" id=is_now.then_some("time-now")
                data-start=when::hm(s) disabled=!usable
                aria-pressed=move || (start.get() == Some(s)).to_string()
                on:click=move |_| start.set(Some(s))>
                {move || if is_now { t().picker_now.to_owned() } else { when::hm(s) }}
            </button>
        }
        .into_any(),
        SlotItem::Taken { start: s, end } => view! {
            <span class="chip slot taken">
                {move || fill(t().picker_taken, format!("{} – {}", when::hm(s), when::hm(end)))}
            </span>
        }
        .into_any(),
    };

    view! {
        <section class="card picker" id="time-picker" aria-live="polite">
            <div class="picker-head">
                <div>
                    <h2>{move || fill(t().seat_named, &label)}</h2>
                    <p class="sub">{feature_words}</p>
                </div>
                <button type="button" class="button secondary small" id="picker-close"
                    on:click=move |_| on_close.run(())>{tr(|t| t.picker_other_seat)}</button>
            </div>

            <h3>{tr(|t| t.picker_day)}</h3>
            <div class="chips" role="group">
                {move || days.get().into_iter().map(|d| view! {
                    <button type="button" class="chip" data-day=slots::date_param(d)
                        aria-pressed=move || (day.get() == d).to_string()
                        on:click=move |_| day.set(d)>
                        {move || when::day_chip(d, today.get(), t())}
                    </button>
                }).collect_view()}
            </div>

            <h3>{tr(|t| t.picker_start)}</h3>
            {move || {
                if let Some(e) = busy_error.get() {
                    let retry = load_busy.clone();
                    return view! {
                        <p class="form-error" role="alert">{e.text(t())}</p>
                        <button type="button" class="button secondary" on:click=move |_| retry(day.get_untracked())>
                            {tr(|t| t.retry)}
                        </button>
                    }.into_any();
                }
                match items.get() {
                    None => view! { <div class="skeleton-line"></div><div class="skeleton-line short"></div> }.into_any(),
                    Some(list) if !list.iter().any(|i| matches!(i, SlotItem::Free { usable: true, .. })) => view! {
                        <p class="note" id="picker-full">{tr(|t| t.picker_full)}</p>
                    }.into_any(),
                    Some(list) => view! {
                        <div class="slots" role="group">{list.into_iter().map(slot_view).collect_view()}</div>
                    }.into_any(),
                }
            }}

            <h3>{tr(|t| t.picker_length)}</h3>
            <div class="chips" role="group">
                {durations.into_iter().map(|m| view! {
                    <button type="button" class="chip" data-minutes=m
                        disabled=move || !start.get().is_some_and(|s| fits(s, m))
                        aria-pressed=move || (minutes.get() == Some(m)).to_string()
                        on:click=move |_| minutes.set(Some(m))>
                        {move || duration_text(m, t())}
                    </button>
                }).collect_view()}
            </div>

            <p class="picker-summary" id="picker-summary">{summary}</p>
            <Show when=move || book_error.with(Option::is_some)>
                <p class="form-error" role="alert" id="book-error">{move || book_error.get()}</p>
            </Show>
            <button type="button" class="button primary wide" id="book-confirm"
                disabled=move || book.pending().get() || start.with(Option::is_none) || minutes.with(Option::is_none)
                on:click=confirm>
                {move || if book.pending().get() { t().busy } else { t().book_confirm }}
            </button>
        </section>
    }
}
