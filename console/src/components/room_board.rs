//! One room, live: the headcount large, the seat map drawn from the seats' x/y (each seat's state
//! by shape, word and colour, who holds it, since when, and an away seat's hold counting down),
//! and the roster of who is inside, which is also what prints (one A4 page).
//!
//! It follows the room's event stream: every `seat` event re-reads the board (names and times
//! are not in the event), coalesced so a burst costs one read. When the stream drops it says so;
//! when it comes back the board is read again, and it says that too.

use crate::board::{self, Reread};
use crate::i18n::fill;
use crate::state::{Clock, tr, use_now, use_texts};
use chrono::FixedOffset;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::time::Duration;
use studyroom_api::room::{LiveBoard, LiveSeat, parse_utc_offset};
use studyroom_api::{Room, Seat, SeatState};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::live::{Link, follow};
use ui::seat_layout::{self, state_word};
use ui::timer::Timer;
use ui::when;

/// The room's clock.
fn offset_of(room: &Room) -> FixedOffset {
    parse_utc_offset(&room.utc_offset)
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(8 * 3600).unwrap())
}

#[component]
pub fn RoomBoard(
    /// The room to show.
    room_id: String,
    /// Each room's headcount, by room id, for the total over all rooms.
    headcounts: RwSignal<HashMap<String, u32>>,
) -> impl IntoView {
    let t = use_texts();
    let clock = expect_context::<Clock>();
    let room = RwSignal::new(None::<Room>);
    let live = RwSignal::new(None::<LiveBoard>);
    let error = RwSignal::new(None::<String>);
    let link = RwSignal::new(Link::Connecting);
    // Whether the stream dropped since it last opened: the next open says "back".
    let dropped = RwSignal::new(false);
    let back = RwSignal::new(false);
    let back_timer = Timer::new();
    let reread = StoredValue::new(Reread::default());
    let id = StoredValue::new(room_id.clone());

    // Reads the board; a read asked for while one runs is done once when it ends.
    let read_board = move || {
        let mut start = false;
        reread.update_value(|r| start = r.ask());
        if !start {
            return;
        }
        spawn_local(async move {
            loop {
                let result = api::live_board(&id.get_value()).await;
                if live.try_get_untracked().is_none() {
                    return; // the board is gone
                }
                match result {
                    Ok(b) => {
                        clock.sync(b.at);
                        headcounts.update(|h| {
                            h.insert(id.get_value(), b.headcount);
                        });
                        live.set(Some(b));
                        error.set(None);
                    }
                    Err(e) => {
                        if live.with_untracked(Option::is_none) {
                            error.set(Some(e.text(t())));
                        }
                    }
                }
                let mut again = false;
                reread.update_value(|r| again = r.done());
                if !again {
                    break;
                }
            }
        });
    };
    let load = move || {
        error.set(None);
        let id = id.get_value();
        spawn_local(async move {
            match api::room(&id).await {
                Ok(r) => {
                    room.try_set(Some(r));
                }
                Err(e) => {
                    error.try_set(Some(e.text(t())));
                }
            }
        });
        read_board();
    };
    load();

    // The stream, opened again (by a new generation) after it was closed for good.
    let generation = RwSignal::new(0u32);
    Effect::new(move |_| {
        generation.track();
        follow(
            &format!("/api/rooms/{}/events", id.get_value()),
            &["seat"],
            move |_, _| read_board(),
            link,
        );
    });
    Effect::new(move |_| match link.get() {
        Link::Reconnecting | Link::Closed => {
            dropped.set(true);
            back.set(false);
        }
        Link::Open if dropped.get_untracked() => {
            dropped.set(false);
            back.set(true);
            read_board();
            back_timer.start(Duration::from_secs(4), move || {
                back.try_set(false);
            });
        }
        _ => {}
    });

    view! {
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            match (room.get(), live.with(Option::is_some)) {
                (Some(room), true) => view! {
                    <Board room=room live=live link=link back=back
                        on_reconnect=move |()| generation.update(|g| *g += 1)/>
                }.into_any(),
                _ => view! { <Skeleton lines=6/> }.into_any(),
            }
        }}
    }
}

/// The loaded board.
#[component]
fn Board(
    room: Room,
    live: RwSignal<Option<LiveBoard>>,
    link: RwSignal<Link>,
    back: RwSignal<bool>,
    #[prop(into)] on_reconnect: Callback<()>,
) -> impl IntoView {
    let t = use_texts();
    let now = use_now(Duration::from_secs(1));
    let offset = offset_of(&room);
    let seats: Vec<Seat> = room.seats.clone().unwrap_or_default();
    let layout = seat_layout::layout(&seats);
    let by_id = Memo::new(move |_| {
        live.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.seats
                        .iter()
                        .map(|s| (s.seat_id.clone(), s.clone()))
                        .collect::<HashMap<_, _>>()
                })
                .unwrap_or_default()
        })
    });
    let headcount = move || live.with(|b| b.as_ref().map_or(0, |b| b.headcount));
    let grid = format!("grid-template-columns:repeat({},minmax(5.5rem,1fr))", layout.cols);
    let window = layout.window.map(|area| {
        view! { <div class="window-band" style=area.grid_style() aria-hidden="true">{tr(|t| t.window_band)}</div> }
    });
    let table = layout.table.map(|area| {
        view! { <div class="table-shape" style=area.grid_style() aria-hidden="true"><span>{tr(|t| t.table_label)}</span></div> }
    });
    let cells = seats
        .into_iter()
        .zip(layout.cells)
        .map(|(seat, cell)| {
            let id = seat.id.clone();
            let now_seat = Memo::new(move |_| by_id.with(|m| m.get(&id).cloned()));
            let state = move || now_seat.with(|s| s.as_ref().map_or(SeatState::Free, |s| s.state));
            let label = seat.label.clone();
            view! {
                <div class="seat board-seat" style=cell.grid_style() data-seat-label=seat.label.clone()
                    data-seat-id=seat.id.clone() data-state=move || state().as_str()>
                    <span class="seat-label">{label}</span>
                    <span class="seat-state">{move || state_word(state(), t())}</span>
                    {move || now_seat.get().map(|s| seat_detail(s, offset, now))}
                </div>
            }
        })
        .collect_view();
    let roster = move || {
        live.with(|b| {
            b.as_ref()
                .map(|b| board::roster(&b.seats).into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let link_line = move || {
        let t = t();
        match (link.get(), back.get()) {
            (Link::Open, true) => ("back", t.link_back),
            (Link::Open, false) => ("open", t.link_open),
            (Link::Connecting, _) => ("connecting", t.link_connecting),
            (Link::Reconnecting, _) => ("reconnecting", t.link_reconnecting),
            (Link::Closed, _) => ("closed", t.link_closed),
        }
    };
    let room_name = room.name.clone();
    let room_id = room.id.clone();
    view! {
        <section class="board card" data-room-id=room.id.clone()>
            <header class="board-head">
                <div>
                    <h2>{room.name.clone()}</h2>
                    <p class="sub">{room.address.clone()}</p>
                </div>
                <p class="headcount" data-room-id=room_id data-count=headcount>
                    <span class="headcount-number">{headcount}</span>
                    <span class="headcount-word">{tr(|t| t.board_inside)}</span>
                </p>
            </header>
            <p class="live-status no-print" role="status" data-link=move || link_line().0>
                <span class="live-dot" aria-hidden="true"></span>{move || link_line().1}
                <Show when=move || link.get() == Link::Closed>
                    <button type="button" class="link-button" on:click=move |_| on_reconnect.run(())>{tr(|t| t.reconnect)}</button>
                </Show>
            </p>
            <div class="board-body">
            <div class="board-scroll no-print">
                <div class="seat-map board-map" role="group" aria-label=tr(|t| t.board_map_label) style=grid>
                    {window}
                    {table}
                    {cells}
                </div>
                <Legend/>
            </div>
            <section class="roster">
                <div class="roster-head">
                    <h3>{tr(|t| t.roster_title)}" · "{room_name}" · "
                        <span id="roster-count">{move || fill(t().roster_count, roster().len())}</span></h3>
                    <p class="print-only">{move || fill(t().printed_at, now.get().with_timezone(&offset).format("%Y-%m-%d %H:%M"))}</p>
                </div>
                {move || {
                    let rows = roster();
                    if rows.is_empty() {
                        return view! { <p class="roster-empty">{tr(|t| t.roster_empty)}</p> }.into_any();
                    }
                    view! {
                        <table class="roster-table">
                            <caption class="visually-hidden">{tr(|t| t.roster_title)}</caption>
                            <thead><tr>
                                <th scope="col">{tr(|t| t.roster_seat)}</th>
                                <th scope="col">{tr(|t| t.roster_name)}</th>
                                <th scope="col">{tr(|t| t.roster_since)}</th>
                                <th scope="col">{tr(|t| t.roster_state)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|s| view! {
                                    <tr data-seat-label=s.label.clone()>
                                        <td>{s.label.clone()}</td>
                                        <td>{s.occupant_masked.clone().unwrap_or_default()}</td>
                                        <td class="mono">{s.since.map(|at| when::hm(at.with_timezone(&offset))).unwrap_or_default()}</td>
                                        <td>{move || state_word(s.state, t())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            </div>
        </section>
    }
}

/// Who holds a seat and since when; an away seat's hold counts down.
fn seat_detail(
    seat: LiveSeat,
    offset: FixedOffset,
    now: ReadSignal<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    let t = use_texts();
    let who = seat.occupant_masked.clone();
    let since = seat.since.map(|at| when::hm(at.with_timezone(&offset)));
    let state = seat.state;
    let since_line = since.map(|time| {
        move || {
            let text = if state == SeatState::Booked {
                t().since_booked
            } else {
                t().since_in
            };
            fill(text, &time)
        }
    });
    let held = seat.away_until.filter(|_| state == SeatState::Away).map(|until| {
        view! {
            <span class="seat-timer" role="timer">
                {move || fill(t().held_left, when::countdown(board::held_for(until, now.get())))}
            </span>
        }
    });
    view! {
        {who.map(|w| view! { <span class="seat-who">{w}</span> })}
        {since_line.map(|line| view! { <span class="seat-since">{line}</span> })}
        {held}
    }
}

/// What the shapes and colours mean (each seat says its state in words too).
#[component]
fn Legend() -> impl IntoView {
    let t = use_texts();
    let states = [
        SeatState::Free,
        SeatState::Booked,
        SeatState::Occupied,
        SeatState::Away,
    ];
    view! {
        <ul class="legend no-print">
            {states.into_iter().map(|s| view! {
                <li><span class=format!("swatch {}", s.as_str()) aria-hidden="true"></span>{move || state_word(s, t())}</li>
            }).collect_view()}
        </ul>
    }
}
