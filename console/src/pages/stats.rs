//! `/admin/stats`: how a room was used over a date range: bookings, people, the no-show rate,
//! the average stay and the busiest hour; when in the week it is busy (a heatmap); each day's
//! bookings and people; the most used seats. Charts are hand-made SVG (`role="img"` with a title
//! and description), every value is written as a number too, never colour alone, and the same
//! numbers are there as tables.

use crate::i18n::fill;
use crate::state::{Clock, tr, use_texts};
use crate::stats_view::{self, cell_number, heat_level, hour_span, percent, scale_top, stay, weekday};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::Room;
use studyroom_api::stats::RoomStats;
use ui::api;
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Stats(RoomStats),
    Failed(String),
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let t = use_texts();
    let clock = expect_context::<Clock>();
    let (first, last) = stats_view::last_week(clock.now());
    let rooms = RwSignal::new(None::<Vec<Room>>);
    let room = RwSignal::new(String::new());
    let from = RwSignal::new(first.to_string());
    let to = RwSignal::new(last.to_string());
    let shown = RwSignal::new(Shown::Loading);
    let load_error = RwSignal::new(None::<String>);
    let show = move || {
        let (id, f, u) = (room.get_untracked(), from.get_untracked(), to.get_untracked());
        if id.is_empty() {
            return;
        }
        if f > u {
            shown.set(Shown::Failed(t().stats_bad_range.to_owned()));
            return;
        }
        shown.set(Shown::Loading);
        spawn_local(async move {
            let result = api::room_stats(&id, &f, &u).await;
            shown.try_set(match result {
                Ok(s) => Shown::Stats(s),
                Err(e) => Shown::Failed(e.text(t())),
            });
        });
    };
    let load_rooms = move || {
        load_error.set(None);
        spawn_local(async move {
            match api::rooms().await {
                Ok(list) => {
                    if let Some(r) = list.first() {
                        room.set(r.id.clone());
                    }
                    rooms.try_set(Some(list));
                    show();
                }
                Err(e) => {
                    load_error.try_set(Some(e.text(t())));
                }
            }
        });
    };
    load_rooms();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        show();
    };
    view! {
        <div class="page-head">
            <h1 class="page-title">{tr(|t| t.stats_title)}</h1>
        </div>
        {move || {
            if let Some(message) = load_error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load_rooms()/> }.into_any();
            }
            let Some(list) = rooms.get() else {
                return view! { <Skeleton lines=6/> }.into_any();
            };
            if list.is_empty() {
                return view! {
                    <EmptyCard id="stats-no-rooms" title=tr(|t| t.rooms_none_title) body=tr(|t| t.rooms_none_body)>
                        <a class="button primary" href="/admin/rooms/new">{tr(|t| t.room_new)}</a>
                    </EmptyCard>
                }.into_any();
            }
            view! {
                <form class="card range-form" id="stats-form" on:submit=submit>
                    <div class="field">
                        <label for="stats-room">{tr(|t| t.stats_room)}</label>
                        <select id="stats-room" on:change=move |ev| room.set(event_target_value(&ev))>
                            {list.into_iter().map(|r| {
                                let id = r.id.clone();
                                view! { <option value=r.id.clone() selected=move || room.get() == id>{r.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="stats-from">{tr(|t| t.stats_from)}</label>
                        <input id="stats-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="stats-to">{tr(|t| t.stats_to)}</label>
                        <input id="stats-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button primary" id="stats-show">{tr(|t| t.stats_show)}</button>
                </form>
                <section class="card export" id="export">
                    <h2>{tr(|t| t.export_title)}</h2>
                    <p class="note">{tr(|t| t.export_body)}</p>
                    <div class="button-row">
                        <a class="button secondary" id="export-bookings" download
                            href=move || export_href("bookings", &from.get(), &to.get(), Some(&room.get()))>{tr(|t| t.export_bookings)}</a>
                        <a class="button secondary" id="export-entries" download
                            href=move || export_href("entries", &from.get(), &to.get(), None)>{tr(|t| t.export_entries)}</a>
                    </div>
                </section>
                {move || match shown.get() {
                    Shown::Loading => view! { <Skeleton lines=8/> }.into_any(),
                    Shown::Failed(message) => view! { <ErrorCard message=message on_retry=move |()| show()/> }.into_any(),
                    Shown::Stats(s) if s.bookings == 0 => view! {
                        <EmptyCard id="stats-empty" title=tr(|t| t.stats_empty_title) body=tr(|t| t.stats_empty_body)/>
                    }.into_any(),
                    Shown::Stats(s) => view! { <Report stats=s/> }.into_any(),
                }}
            }.into_any()
        }}
    }
}

/// A CSV export's address: `what` is `bookings` or `entries` (which has no room filter).
fn export_href(what: &str, from: &str, to: &str, room: Option<&str>) -> String {
    let mut href = format!("/api/admin/export/{what}.csv?from={from}&to={to}");
    if let Some(room) = room.filter(|r| !r.is_empty()) {
        href.push_str("&room=");
        href.push_str(room);
    }
    href
}

/// The numbers of one range, drawn.
#[component]
fn Report(stats: RoomStats) -> impl IntoView {
    let t = use_texts();
    let s = StoredValue::new(stats);
    let kpi = |id: &'static str, word: fn(&crate::i18n::Texts) -> &'static str, value: String| {
        view! {
            <div class="kpi" id=id>
                <dt>{tr(word)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let st = s.get_value();
    view! {
        <dl class="kpis">
            {kpi("kpi-bookings", |t| t.stats_bookings, st.bookings.to_string())}
            {kpi("kpi-people", |t| t.stats_people, st.unique_people.to_string())}
            {kpi("kpi-no-show", |t| t.stats_no_show, percent(st.no_show_rate))}
            <div class="kpi" id="kpi-stay"><dt>{tr(|t| t.stats_avg_stay)}</dt><dd>{move || stay(s.with_value(|s| s.avg_stay_minutes), t())}</dd></div>
            <div class="kpi" id="kpi-peak"><dt>{tr(|t| t.stats_peak)}</dt>
                <dd>{move || s.with_value(|s| s.peak_hour).map_or_else(|| t().stats_peak_none.to_owned(), hour_span)}</dd></div>
        </dl>
        <section class="card chart-card">
            <h2 id="heatmap-title">{tr(|t| t.stats_heatmap_title)}</h2>
            <p class="note" id="heatmap-desc">{tr(|t| t.stats_heatmap_desc)}</p>
            <Heatmap heatmap=st.heatmap.clone()/>
        </section>
        <div class="charts-row">
            <section class="card chart-card">
                <h2 id="per-day-title">{tr(|t| t.stats_per_day_title)}</h2>
                <PerDay stats=s/>
            </section>
            <section class="card chart-card">
                <h2 id="seats-title">{tr(|t| t.stats_seats_title)}</h2>
                <Seats stats=s/>
            </section>
        </div>
        <details class="card table-view" id="stats-tables">
            <summary>{tr(|t| t.stats_table_view)}</summary>
            <Tables stats=s/>
        </details>
    }
}

/// Weekday × hour: a number in every busy cell, and a shade that says the same.
#[component]
fn Heatmap(heatmap: Vec<Vec<f64>>) -> impl IntoView {
    let t = use_texts();
    const LEFT: i32 = 44;
    const TOP: i32 = 18;
    const W: i32 = 34;
    const H: i32 = 28;
    let width = LEFT + 24 * W;
    let height = TOP + 7 * H;
    let hours = (0..24)
        .step_by(3)
        .map(|h| view! { <text x=LEFT + h * W + W / 2 y=12 class="axis" text-anchor="middle">{format!("{h:02}")}</text> })
        .collect_view();
    let rows = heatmap
        .into_iter()
        .take(7)
        .enumerate()
        .map(|(day, hours)| {
            let y = TOP + day as i32 * H;
            let cells = hours
                .into_iter()
                .take(24)
                .enumerate()
                .map(|(hour, f)| {
                    let x = LEFT + hour as i32 * W;
                    view! {
                        <g class=format!("heat heat-{}", heat_level(f))>
                            <rect x=x + 1 y=y + 1 width=W - 2 height=H - 2 rx="3"/>
                            <text x=x + W / 2 y=y + H / 2 + 4 text-anchor="middle">{cell_number(f)}</text>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <text x=LEFT - 6 y=y + H / 2 + 4 class="axis" text-anchor="end">{move || weekday(day, t())}</text>
                {cells}
            }
        })
        .collect_view();
    view! {
        <div class="chart-scroll">
            <svg class="heatmap" id="heatmap" role="img" aria-labelledby="heatmap-title heatmap-desc"
                viewBox=format!("0 0 {width} {height}") style=format!("width:100%;max-width:{width}px;height:auto")>
                <title>{tr(|t| t.stats_heatmap_title)}</title>
                {hours}
                {rows}
            </svg>
        </div>
    }
}

/// Each day: bookings as a solid bar, people as an outlined one beside it, each with its number.
#[component]
fn PerDay(stats: StoredValue<RoomStats>) -> impl IntoView {
    let days = stats.with_value(|s| s.per_day.clone());
    let top = scale_top(days.iter().map(|d| d.bookings.max(d.people) as f64));
    const H: f64 = 150.0;
    const BASE: f64 = 170.0;
    let step = 56;
    let width = (days.len() as i32 * step).max(step) + 8;
    let bar = |v: u64| (v as f64 / top * H).round();
    let bars = days
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let x = 8 + i as i32 * step;
            let (hb, hp) = (bar(d.bookings), bar(d.people));
            let label = d.date.get(5..).unwrap_or(&d.date).to_owned();
            view! {
                <g class="day">
                    <rect class="bar bookings" x=x y=BASE - hb width="20" height=hb/>
                    <text x=x + 10 y=BASE - hb - 4.0 text-anchor="middle">{d.bookings}</text>
                    <rect class="bar people" x=x + 22 y=BASE - hp width="20" height=hp/>
                    <text x=x + 32 y=BASE - hp - 4.0 text-anchor="middle">{d.people}</text>
                    <text x=x + 21 y=BASE + 16.0 class="axis" text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <div class="chart-scroll">
            <svg class="bars" role="img" aria-labelledby="per-day-title" viewBox=format!("0 0 {width} 192")
                width=width height="192">
                <title>{tr(|t| t.stats_per_day_title)}</title>
                <line x1="0" x2=width y1=BASE y2=BASE class="baseline"/>
                {bars}
            </svg>
        </div>
        <ul class="legend">
            <li><span class="swatch bookings" aria-hidden="true"></span>{tr(|t| t.stats_bookings)}</li>
            <li><span class="swatch people" aria-hidden="true"></span>{tr(|t| t.stats_people)}</li>
        </ul>
    }
}

/// The most used seats as horizontal bars, hours written at each bar's end.
#[component]
fn Seats(stats: StoredValue<RoomStats>) -> impl IntoView {
    let t = use_texts();
    let seats = stats.with_value(|s| s.busiest_seats.clone());
    let top = scale_top(seats.iter().map(|s| s.hours));
    const ROW: i32 = 26;
    let height = (seats.len() as i32 * ROW).max(ROW);
    let rows = seats
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let y = i as i32 * ROW;
            let w = (s.hours / top * 220.0).round().max(2.0);
            let hours = format!("{:.1}", s.hours);
            view! {
                <text x="44" y=y + 17 class="axis" text-anchor="end">{s.label.clone()}</text>
                <rect class="bar bookings" x="52" y=y + 4 width=w height="18" rx="3"/>
                <text x=52.0 + w + 6.0 y=y + 17>{move || fill(t().stats_seat_hours, &hours)}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="bars seats-chart" role="img" aria-labelledby="seats-title" viewBox=format!("0 0 360 {height}")
            width="360" height=height>
            <title>{tr(|t| t.stats_seats_title)}</title>
            {rows}
        </svg>
    }
}

/// The same numbers as tables.
#[component]
fn Tables(stats: StoredValue<RoomStats>) -> impl IntoView {
    let t = use_texts();
    let s = stats.get_value();
    let heat_rows = s
        .heatmap
        .iter()
        .take(7)
        .enumerate()
        .map(|(day, hours)| {
            let cells = hours
                .iter()
                .take(24)
                .map(|f| view! { <td>{percent(*f)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{move || weekday(day, t())}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="heat-table" id="heat-table">
                <caption>{tr(|t| t.stats_heatmap_title)}</caption>
                <thead><tr><th scope="col"></th>{(0..24).map(|h| view! { <th scope="col">{format!("{h:02}")}</th> }).collect_view()}</tr></thead>
                <tbody>{heat_rows}</tbody>
            </table>
        </div>
        <table id="per-day-table">
            <caption>{tr(|t| t.stats_per_day_title)}</caption>
            <thead><tr>
                <th scope="col">{tr(|t| t.stats_day)}</th>
                <th scope="col">{tr(|t| t.stats_bookings)}</th>
                <th scope="col">{tr(|t| t.stats_people)}</th>
            </tr></thead>
            <tbody>
                {s.per_day.iter().map(|d| view! { <tr><td>{d.date.clone()}</td><td>{d.bookings}</td><td>{d.people}</td></tr> }).collect_view()}
            </tbody>
        </table>
        <table id="seats-table">
            <caption>{tr(|t| t.stats_seats_title)}</caption>
            <thead><tr><th scope="col">{tr(|t| t.col_seat)}</th><th scope="col">{tr(|t| t.stats_hour)}</th></tr></thead>
            <tbody>
                {s.busiest_seats.iter().map(|u| view! { <tr><td>{u.label.clone()}</td><td>{format!("{:.1}", u.hours)}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}
