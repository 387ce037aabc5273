//! The time picker for one seat, made to fit a phone: a day, a start ("现在" and the next few
//! slots first, the rest behind "更多时间"), a duration chip that says where it ends, and a bar
//! stuck to the bottom of the screen with the seat, the exact range and the confirm button, so
//! that "book it" is always within reach however far the list runs. What is taken is greyed with
//! its range; the member's own bookings show as theirs (one booking at a time). The busy list of
//! a day includes the next day's, since a booking may cross midnight.

use crate::i18n::{MapTexts, fill};
use crate::slots::{self, Fit, Mine, SlotItem};
use crate::state::{Auth, Clock, Entry, LiveBooking, map_tr, use_go, use_map_texts, use_now};
use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use studyroom_api::booking::NewBooking;
use studyroom_api::room::Busy;
use studyroom_api::{ErrorCode, Room, Seat};
use ui::api::{self, ApiError};
use ui::seat_layout::{SeatNow, feature_word};
use ui::when;

type Start = DateTime<FixedOffset>;

/// The duration chip's words: "2 小时" / "2 h", or minutes for a room with odd slots.
fn duration_text(minutes: u32, t: &MapTexts) -> String {
    if minutes.is_multiple_of(60) {
        fill(t.picker_hours, minutes / 60)
    } else {
        fill(t.picker_minutes, minutes)
    }
}

/// The second line of a duration chip once a start is chosen: where it ends, or why it can't.
fn fit_text(fit: Fit, t: &MapTexts) -> String {
    match fit {
        Fit::Ends(end) => fill(t.picker_until, when::hm(end)),
        Fit::Taken => t.picker_fit_taken.to_owned(),
        Fit::Mine => t.picker_fit_mine.to_owned(),
        Fit::TooLong => t.picker_fit_too_long.to_owned(),
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
    /// The member's own live bookings (any seat): their times cannot be booked again.
    #[prop(into)]
    mine: Signal<Vec<Mine>>,
    /// "Other seat": closes the picker.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let t = use_map_texts();
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let live = expect_context::<LiveBooking>();
    let go = use_go();
    let rules = room.rules;
    let offset = slots::room_offset(&room.utc_offset);
    let room_id = room.id.clone();
    let seat_id = seat.id.clone();

    // The picker's sense of "now" only matters to the slot and to where "now + 1 h" ends:
    // twenty seconds is precise enough.
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
                .map(|(_, b)| mine.with(|mine| slots::slot_items(day, now.get(), &rules, b, mine)))
        })
    });
    // On a phone the picker opens below the map: once its starts are known (and so its height),
    // scroll it up until its bottom (the durations) sits just above the bottom bar, leaving as
    // much of the map in sight above it as fits.
    let scrolled = StoredValue::new(false);
    Effect::new(move |_| {
        if items.with(Option::is_some) && !scrolled.get_value() {
            scrolled.set_value(true);
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("time-picker") {
                    el.scroll_into_view_with_bool(false);
                }
            });
        }
    });
    let durations = slots::durations(&rules);
    let start = RwSignal::new(None::<Start>);
    // The chosen duration. It may be chosen before a start: it is kept for the start to come.
    let minutes = RwSignal::new(None::<u32>);
    let fit_of = move |s: Start, m: u32| {
        busy.with(|b| {
            b.as_ref()
                .map(|(_, b)| mine.with(|mine| slots::fit(s, m, now.get(), &rules, b, mine)))
        })
    };
    let ends = move |s: Start, m: u32| match fit_of(s, m) {
        Some(Fit::Ends(end)) => Some(end),
        _ => None,
    };

    // The short list of starts, or all of them. A new day starts short again.
    let expanded = RwSignal::new(false);
    Effect::new(move |_| {
        day.track();
        expanded.set(false);
    });
    let quick = Memo::new(move |_| {
        let day = day.get();
        items.with(|items| {
            items
                .as_ref()
                .map(|items| slots::quick_range(items, slots::anchor(day, now.get(), &rules)))
        })
    });

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
    // With a start: keep the chosen duration if it still fits, else the longest shorter one that
    // does (or the shortest). Without one, whatever was chosen waits for it.
    let durations_for_effect = durations.clone();
    Effect::new(move |_| {
        let Some(s) = start.get() else { return };
        busy.track();
        now.track();
        let chosen = minutes.get_untracked();
        let fitting: Vec<u32> = durations_for_effect
            .iter()
            .copied()
            .filter(|m| ends(s, *m).is_some())
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

    // The choice as it would be booked: start, end.
    let choice = Memo::new(move |_| {
        let (s, m) = (start.get()?, minutes.get()?);
        ends(s, m).map(|end| (s, end))
    });
    let summary = move || {
        let t = t();
        let Some((s, end)) = choice.get() else {
            return if start.with(Option::is_none) {
                t.picker_pick_start.to_owned()
            } else {
                t.picker_pick_length.to_owned()
            };
        };
        let (start_text, end_text) = when::range_ends(s, end, today.get(), t);
        if s < now.get() {
            fill(t.picker_from_now_until, end_text)
        } else {
            // "tomorrow 09:00 until 10:00" begins a line: "Tomorrow …".
            when::capitalized(fill(&fill(t.picker_from_until, start_text), end_text))
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
            go(&format!("/bookings/{}", made.booking.id), Entry::New);
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
        if let Some((s, end)) = choice.get_untracked() {
            book_error.set(None);
            book.dispatch(NewBooking {
                seat_id: seat_id.clone(),
                start: s,
                end,
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
    let label = StoredValue::new(seat.label.clone());

    let slot_view = move |item: SlotItem| {
        match item {
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
        SlotItem::Mine {
            start: s,
            end,
            seat_label,
        } => view! {
            <span class="chip slot mine" data-mine-start=when::hm(s)>
                <span class="mine-mark" aria-hidden="true">"★"</span>
                {move || fill(&fill(t().picker_mine, format!("{} – {}", when::hm(s), when::hm(end))), &seat_label)}
            </span>
        }
        .into_any(),
    }
    };

    // The starts: the short list, or all once asked for (or when the chosen start is further on).
    let starts_view = move || {
        if let Some(e) = busy_error.get() {
            let retry = load_busy.clone();
            return view! {
                <p class="form-error" role="alert">{e.text(t())}</p>
                <button type="button" class="button secondary" on:click=move |_| retry(day.get_untracked())>
                    {map_tr(|t| t.retry)}
                </button>
            }
            .into_any();
        }
        let (Some(list), Some(range)) = (items.get(), quick.get()) else {
            return view! { <div class="skeleton-line"></div><div class="skeleton-line short"></div> }
                .into_any();
        };
        if !list
            .iter()
            .any(|i| matches!(i, SlotItem::Free { usable: true, .. }))
        {
            return view! { <p class="note" id="picker-full">{map_tr(|t| t.picker_full)}</p> }.into_any();
        }
        let chosen_hidden = start.get_untracked().is_some_and(|s| {
            list.iter()
                .position(|i| i.start() == s)
                .is_some_and(|at| !range.contains(&at))
        });
        let short = range.len() < list.len();
        let all = expanded.get() || chosen_hidden;
        let shown: Vec<SlotItem> = if all { list } else { list[range].to_vec() };
        let more = move || {
            if expanded.get() {
                t().picker_fewer
            } else if day.get() == today.get() {
                t().picker_more_today
            } else {
                t().picker_more_day
            }
        };
        view! {
            <div class="slots" role="group" aria-labelledby="picker-start">{shown.into_iter().map(slot_view).collect_view()}</div>
            {(short && !chosen_hidden).then(|| view! {
                <button type="button" class="link-button more-times" id="more-times"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>{more}</button>
            })}
        }
        .into_any()
    };

    view! {
        <section class="card picker" id="time-picker" aria-live="polite">
            <div class="picker-head">
                <div>
                    <h2>{move || fill(t().seat_named, label.get_value())}</h2>
                    <p class="sub">{feature_words}</p>
                </div>
                <button type="button" class="button secondary small" id="picker-close"
                    on:click=move |_| on_close.run(())>{map_tr(|t| t.picker_other_seat)}</button>
            </div>

            <h3 id="picker-day">{map_tr(|t| t.picker_day)}</h3>
            <div class="chips" role="group" aria-labelledby="picker-day">
                {move || days.get().into_iter().map(|d| view! {
                    <button type="button" class="chip" data-day=slots::date_param(d)
                        aria-pressed=move || (day.get() == d).to_string()
                        on:click=move |_| day.set(d)>
                        {move || when::day_chip(d, today.get(), t())}
                    </button>
                }).collect_view()}
            </div>

            <h3 id="picker-start">{map_tr(|t| t.picker_start)}</h3>
            {starts_view}

            <h3 id="picker-length">{map_tr(|t| t.picker_length)}</h3>
            <div class="durations" role="group" aria-labelledby="picker-length">
                {durations.into_iter().map(|m| {
                    // Before a start is chosen every chip is open (nothing struck through):
                    // whether it fits depends on the start.
                    let fit = move || start.get().and_then(|s| fit_of(s, m));
                    view! {
                        <button type="button" class="chip duration" data-minutes=m
                            disabled=move || fit().is_some_and(|f| !matches!(f, Fit::Ends(_)))
                            aria-pressed=move || (minutes.get() == Some(m)).to_string()
                            on:click=move |_| minutes.set(Some(m))>
                            <span class="duration-length">{move || duration_text(m, t())}</span>
                            {move || fit().map(|f| view! { <span class="duration-end">{fit_text(f, t())}</span> })}
                        </button>
                    }
                }).collect_view()}
            </div>
        </section>
        // Stuck to the bottom of the screen while the room page scrolls: the seat, the exact
        // range and the confirm button never fall below the fold.
        <div class="book-bar" id="book-bar">
            <Show when=move || book_error.with(Option::is_some)>
                <p class="form-error" role="alert" id="book-error">{move || book_error.get()}</p>
            </Show>
            <div class="book-bar-row">
                <div class="book-bar-text">
                    <p class="book-bar-seat">{move || fill(t().seat_named, label.get_value())}</p>
                    <p class="book-bar-when" id="picker-summary" aria-live="polite">{summary}</p>
                </div>
                <button type="button" class="button primary" id="book-confirm"
                    disabled=move || book.pending().get() || choice.with(Option::is_none)
                    on:click=confirm>
                    {move || if book.pending().get() { t().busy } else { t().book_confirm }}
                </button>
            </div>
        </div>
    }
}
