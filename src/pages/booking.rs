//! `/bookings/:id`: my booking, the app's home while it is live. The code huge and its QR, when
//! it works, when the next thing happens (the door opening, the end, the end of a hold: counted
//! down when it is under an hour away, else told as a clock time with its day), the no-show
//! deadline as a time, the state in words (a finished booking with a still mark, not a ring),
//! and what can be done now: open the door (with the code its screen shows, where the door has a
//! screen), step out (comes back), check out and cancel (both final, so both ask first). It
//! follows the room's event stream and reads the booking again whenever its seat changes.

use crate::components::access_code::AccessCodeCard;
use crate::components::door_opener::DoorOpener;
use crate::i18n::{Texts, fill};
use crate::offline;
use crate::slots::room_offset;
use crate::state::{Auth, Clock, LiveBooking, require_sign_in, tr, use_now, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use std::time::Duration;
use studyroom_api::{Booking, BookingState, BookingWithCode, ErrorCode, Room};
use ui::api::{self, ApiError};
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::live::follow_room;
use ui::when::{self, Phase};

#[component]
pub fn BookingPage() -> impl IntoView {
    require_sign_in();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || view! { <BookingView id=id.get()/> }
}

/// What the buttons ask of the server.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Leave,
    Checkout,
    Cancel,
}

/// Which final step, if any, is asking "are you sure?".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asking {
    Nothing,
    Checkout,
    Cancel,
}

/// A word of the current language, as `tr` takes it.
type Word = fn(&Texts) -> &'static str;

/// The final step a booking offers (check out when in the room, cancel before), with its words
/// and the ids of its button, question, "keep it" and "yes".
#[derive(Clone, Copy)]
struct FinalStep {
    asking: Asking,
    act: Act,
    ids: (&'static str, &'static str, &'static str, &'static str),
    button: Word,
    question: Word,
    keep: Word,
    yes: Word,
}

fn final_step(state: Option<BookingState>) -> Option<FinalStep> {
    match state? {
        BookingState::Active | BookingState::Away => Some(FinalStep {
            asking: Asking::Checkout,
            act: Act::Checkout,
            ids: (
                "checkout",
                "checkout-question",
                "checkout-keep",
                "checkout-confirm",
            ),
            button: |t| t.checkout,
            question: |t| t.checkout_question,
            keep: |t| t.checkout_keep,
            yes: |t| t.checkout_yes,
        }),
        BookingState::Upcoming => Some(FinalStep {
            asking: Asking::Cancel,
            act: Act::Cancel,
            ids: ("cancel", "cancel-question", "cancel-keep", "cancel-confirm"),
            button: |t| t.cancel_booking,
            question: |t| t.cancel_question,
            keep: |t| t.cancel_keep,
            yes: |t| t.cancel_yes,
        }),
        BookingState::Completed | BookingState::Cancelled | BookingState::NoShow => None,
    }
}

/// A booking's state in words; an upcoming one says whether the door already opens.
fn state_text(booking: &Booking, phase: Phase, t: &Texts) -> &'static str {
    match booking.state {
        BookingState::Upcoming if matches!(phase, Phase::Open(_)) => t.state_open,
        BookingState::Upcoming => t.state_upcoming,
        BookingState::Active => t.state_active,
        BookingState::Away => t.state_away,
        BookingState::Completed => t.state_completed,
        BookingState::Cancelled => t.state_cancelled,
        BookingState::NoShow => t.state_no_show,
    }
}

/// A still mark beside the state: finished bookings get a tick, a cross or a "!" on a filled
/// disc, which cannot be mistaken for a loading ring. Live states keep their marks (css).
fn state_glyph(state: BookingState) -> &'static str {
    match state {
        BookingState::Completed => "✓",
        BookingState::Cancelled => "✕",
        BookingState::NoShow => "!",
        BookingState::Upcoming | BookingState::Active | BookingState::Away => "",
    }
}

/// The line under the state: when the door opens, the booking ends or the hold runs out. Under
/// an hour away it counts down; beyond, it says the clock time and the day ("明天 08:45 起可以
/// 进门"), as nobody counts 22 hours down to the second. The flag says whether it is a countdown.
fn next_text(phase: Phase, until: when::Until, t: &Texts) -> Option<(String, bool)> {
    use when::Until::{At, Countdown};
    let (text, ticking) = match (phase, until) {
        (Phase::Opens(_), Countdown(c)) => (fill(t.opens_in, c), true),
        (Phase::Opens(_), At(a)) => (fill(t.opens_at, a), false),
        (Phase::Open(_), Countdown(c)) => (fill(t.time_left, c), true),
        (Phase::Open(_), At(a)) => (fill(t.ends_at, a), false),
        (Phase::Held(_), Countdown(c)) => (fill(t.hold_left, c), true),
        (Phase::Held(_), At(a)) => (fill(t.held_until, a), false),
        (Phase::Over, _) => return None,
    };
    Some((text, ticking))
}

#[component]
fn BookingView(id: String) -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let live = expect_context::<LiveBooking>();
    let data = RwSignal::new(None::<BookingWithCode>);
    let load_error = RwSignal::new(None::<ApiError>);
    let room = RwSignal::new(None::<Room>);
    let id = StoredValue::new(id);

    let load = move || {
        spawn_local(async move {
            let Some(id) = id.try_get_value() else { return };
            match api::booking(&id).await {
                Ok(b) => {
                    live.update(&b.booking, clock);
                    offline::remember(&b);
                    data.set(Some(b));
                    load_error.set(None);
                }
                Err(e) => {
                    auth.note(&e);
                    // No signal and nothing shown yet: the copy kept on the phone still has the code.
                    if e.code.is_none() && data.with_untracked(Option::is_none) {
                        data.set(offline::recall().filter(|kept| kept.booking.id == id));
                    }
                    load_error.set(Some(e));
                }
            }
        });
    };
    load();
    // Read again when the phone comes back to this tab: a screen left open overnight is stale.
    let focus = window_event_listener(leptos::ev::focus, move |_| load());
    on_cleanup(move || focus.remove());

    // Once the booking is known: its room (name, rules) and the room's live changes.
    let where_ = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .map(|d| (d.booking.room_id.clone(), d.booking.seat_id.clone()))
        })
    });
    let follow = move || {
        where_.get().map(|(room_id, seat_id)| {
            let room_for_fetch = room_id.clone();
            spawn_local(async move {
                if let Ok(r) = api::room(&room_for_fetch).await {
                    room.set(Some(r));
                }
            });
            follow_room(
                &room_id,
                move |change| {
                    if change.seat_id == seat_id {
                        load();
                    }
                },
                load,
            );
        })
    };

    let now = use_now(Duration::from_secs(1));
    let offset = Memo::new(move |_| {
        room.with(|r| r.as_ref().map(|r| room_offset(&r.utc_offset)))
            .or_else(|| data.with(|d| d.as_ref().map(|d| *d.booking.start.offset())))
    });
    let local_now = move || {
        let now = now.get();
        match offset.get() {
            Some(o) => now.with_timezone(&o),
            None => now.fixed_offset(),
        }
    };
    let today = Memo::new(move |_| local_now().date_naive());
    let phase = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref().map(|d| {
                when::phase(
                    &d.booking,
                    d.access_code.as_ref().map(|c| c.valid_from),
                    local_now(),
                )
            })
        })
    });
    // When a countdown runs out (the door opens, a hold or the booking ends), the server has moved
    // on too: read the booking again.
    let phase_kind = Memo::new(move |_| phase.get().map(|p| std::mem::discriminant(&p)));
    Effect::new(move |previous: Option<Option<std::mem::Discriminant<Phase>>>| {
        let kind = phase_kind.get();
        if let (Some(Some(before)), Some(after)) = (previous, kind)
            && before != after
        {
            load();
        }
        kind
    });

    // The buttons.
    let notice = RwSignal::new(None::<String>);
    let act_error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(Asking::Nothing);
    let act = Action::new_local(|(id, act): &(String, Act)| {
        let (id, act) = (id.clone(), *act);
        async move {
            match act {
                Act::Leave => api::leave(&id).await,
                Act::Checkout => api::checkout(&id).await,
                Act::Cancel => api::cancel(&id).await,
            }
        }
    });
    Effect::new(move |_| {
        let Some(result) = act.value().get() else {
            return;
        };
        confirming.set(Asking::Nothing);
        match result {
            Ok(changed) => {
                act_error.set(None);
                notice.set(None);
                live.update(&changed, clock);
                data.update(|d| {
                    if let Some(d) = d {
                        d.booking = changed;
                    }
                });
                // The code may have been revoked (cancel, checkout) or the entry recorded.
                load();
            }
            Err(e) if e.is(ErrorCode::InvalidState) => {
                notice.set(None);
                act_error.set(Some(t().err_booking_changed.to_owned()));
                load();
            }
            Err(e) => {
                auth.note(&e);
                notice.set(None);
                act_error.set(Some(e.text(t())));
            }
        }
    });
    // "Are you sure?" opens under the buttons, often below the fold: bring its answers into view.
    Effect::new(move |_| {
        if confirming.get() != Asking::Nothing {
            request_animation_frame(|| {
                if let Ok(Some(el)) = document().query_selector(".booking-actions .confirm") {
                    el.scroll_into_view_with_bool(false);
                }
            });
        }
    });
    let run = move |what: Act| {
        if !act.pending().get_untracked() {
            notice.set(None);
            act.dispatch((id.get_value(), what));
        }
    };

    let state = move || data.with(|d| d.as_ref().map(|d| d.booking.state));
    let loaded = Memo::new(move |_| data.with(Option::is_some));
    // The state alone, so that a reload that changes nothing redraws nothing.
    let settled = Memo::new(move |_| state());
    let is = move |s: BookingState| state() == Some(s);
    let door_opens = move || matches!(phase.get(), Some(Phase::Open(_) | Phase::Held(_)));
    // Only this line changes every second; the rest of the head only when the booking does.
    let next_line = Memo::new(move |_| {
        let p = phase.get()?;
        let target = p.target()?;
        next_text(p, when::until(target, local_now(), today.get(), t()), t())
    });
    let head = move || {
        data.with(|d| {
            let d = d.as_ref()?;
            let b = &d.booking;
            let p = phase.get()?;
            let t = t();
            let countdown = p.target().map(|_| {
                let ticking = move || next_line.with(|l| l.as_ref().is_some_and(|(_, ticking)| *ticking));
                view! {
                    <p class="countdown" id="countdown" class:at-time=move || !ticking()
                        role=move || if ticking() { "timer" } else { "status" }>
                        {move || next_line.get().map(|(text, _)| text)}
                    </p>
                }
            });
            let hold = match p {
                Phase::Held(until) => Some(fill(t.hold_note, when::at(until, today.get(), t))),
                _ => None,
            };
            // The no-show deadline as a clock time; a copy kept from an older server has only
            // the rule to go by.
            let grace = (b.state == BookingState::Upcoming)
                .then(|| match b.check_in_by {
                    Some(by) => {
                        let by = offset.get().map_or(by, |o| by.with_timezone(&o));
                        Some(fill(t.check_in_by, when::moment(by, today.get(), t)))
                    }
                    None => room.with(|r| {
                        r.as_ref()
                            .map(|r| fill(t.grace_note, r.rules.no_show_grace_minutes))
                    }),
                })
                .flatten();
            let place = room.with(|r| {
                let seat = fill(t.seat_named, &b.seat_label);
                match r {
                    Some(r) => format!("{} · {seat}", r.name),
                    None => seat,
                }
            });
            Some(view! {
                <section class=format!("card booking-head state-{}", b.state.as_str())>
                    <p class="booking-place" id="booking-place">{place}</p>
                    <p class="booking-when">{when::range(b.start, b.end, today.get(), t)}</p>
                    <p class="booking-state" id="booking-state" data-state=b.state.as_str()>
                        <span class="state-mark" aria-hidden="true">{state_glyph(b.state)}</span>
                        {state_text(b, p, t)}
                    </p>
                    {countdown}
                    {hold.map(|h| view! { <p class="note">{h}</p> })}
                    {(!b.state.is_live()).then(|| view! { <p class="note" id="booking-over">{t.booking_over}</p> })}
                    {grace.map(|g| view! { <p class="note" id="check-in-by">{g}</p> })}
                </section>
            })
        })
    };

    // The code card is drawn once per code (not every second with the countdown).
    let code = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .filter(|d| d.booking.state.is_live())
                .map(|d| d.access_code.clone())
        })
    });
    let code_view = move || {
        code.get().map(|code| match code {
            Some(code) => view! { <AccessCodeCard code=code today=today/> }.into_any(),
            None => view! {
                <section class="card code-revoked" id="code-revoked" role="status">
                    <p>{tr(|t| t.code_revoked)}</p>
                </section>
            }
            .into_any(),
        })
    };

    let can_open = Signal::derive(move || {
        door_opens() && !code.with(|c| matches!(c, Some(None))) && !act.pending().get()
    });
    // Without a signal, the open door points to the keypad and this code (kept on the phone).
    let door_code = Signal::derive(move || code.with(|c| c.clone().flatten().map(|c| c.code)));
    // The app opens only doors with a screen: the code the screen shows proves the renter is there.
    let doors = Memo::new(move |_| room.with(|r| r.as_ref().map(|r| r.doors.clone().unwrap_or_default())));
    let opened = move |()| {
        act_error.set(None);
        notice.set(Some(t().door_opened.to_owned()));
        // The entry is recorded: the booking is active (or back from away) now.
        load();
    };
    let door_view = move || {
        doors.get().map(|doors| {
            if doors.is_empty() {
                view! { <p class="note door-note" id="door-no-screen">{tr(|t| t.door_no_screen)}</p> }
                    .into_any()
            } else {
                view! {
                    <DoorOpener booking_id=id.get_value() doors=doors can_open=can_open on_opened=opened
                        code=door_code/>
                }
                .into_any()
            }
        })
    };

    let leave_note = move || {
        room.with(|r| {
            r.as_ref()
                .map(|r| view! { <p class="note">{fill(t().leave_note, r.rules.leave_minutes)}</p> })
        })
    };
    let actions = move || {
        let pending = move || act.pending().get();
        view! {
            <div class="booking-actions">
                <Show when=move || is(BookingState::Upcoming) || is(BookingState::Active) || is(BookingState::Away)>
                    {door_view}
                </Show>
                // Stepping out comes back: a plain button, with what it does said under it.
                <Show when=move || is(BookingState::Active)>
                    <div class="step-out">
                        <button type="button" class="button secondary" id="leave" disabled=pending
                            on:click=move |_| run(Act::Leave)>{tr(|t| t.leave)}</button>
                        {leave_note}
                    </div>
                </Show>
                // Checking out and cancelling are final (the code stops at once): set apart, in
                // the colour of final steps, and both ask first. One view serves both.
                {move || final_step(settled.get()).map(|step| {
                    let asking = move || confirming.get() == step.asking;
                    let (id, q_id, keep_id, yes_id) = step.ids;
                    view! {
                        <div class="final-step">
                            {move || if asking() {
                                view! {
                                    <div class="confirm" role="alertdialog" aria-labelledby=q_id>
                                        <p id=q_id>{tr(step.question)}</p>
                                        <div class="button-row">
                                            <button type="button" class="button secondary" id=keep_id
                                                on:click=move |_| confirming.set(Asking::Nothing)>{tr(step.keep)}</button>
                                            <button type="button" class="button danger" id=yes_id disabled=pending
                                                on:click=move |_| run(step.act)>{tr(step.yes)}</button>
                                        </div>
                                    </div>
                                }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="button danger-outline" id=id
                                        on:click=move |_| confirming.set(step.asking)>{tr(step.button)}</button>
                                }.into_any()
                            }}
                        </div>
                    }
                })}
                <Show when=move || state().is_some_and(|s| !s.is_live())>
                    <a class="button primary wide" href="/rooms" id="book-another">{tr(|t| t.book_another)}</a>
                </Show>
            </div>
        }
    };

    view! {
        <h1 class="page-title">{tr(|t| t.booking_title)}</h1>
        {follow}
        {move || {
            let failed = load_error.get();
            if !loaded.get() {
                return match failed {
                    Some(e) if e.is(ErrorCode::NotFound) => view! {
                        <EmptyCard id="booking-missing" title=tr(|t| t.booking_missing_title)
                            body=tr(|t| t.booking_missing_body)>
                            <a class="button primary" href="/rooms">{tr(|t| t.book_a_seat)}</a>
                        </EmptyCard>
                    }.into_any(),
                    Some(e) => view! { <ErrorCard message=e.text(t()) on_retry=move |()| load()/> }.into_any(),
                    None => view! { <Skeleton lines=2/><Skeleton lines=4/> }.into_any(),
                };
            }
            // Loaded before: keep showing it (the code still opens the door offline), and say that
            // it may be stale.
            failed.map(|_| view! {
                <p class="banner stale" role="status" id="stale-banner">{tr(|t| t.refresh_failed)}
                    <button type="button" class="link-button" on:click=move |_| load()>{tr(|t| t.retry)}</button>
                </p>
            })
            .into_any()
        }}
        {head}
        {code_view}
        <Show when=move || notice.with(Option::is_some)>
            <p class="banner notice" role="status" id="booking-notice">{move || notice.get()}</p>
        </Show>
        <Show when=move || act_error.with(Option::is_some)>
            <p class="form-error" role="alert" id="booking-error">{move || act_error.get()}</p>
        </Show>
        {move || loaded.get().then(actions)}
    }
}
