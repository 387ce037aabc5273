//! The room as it is: seats placed by their x/y on a CSS grid, the window row and the shared table
//! drawn where they are, each seat a large button showing its label, its state (shape + word +
//! colour) and its features. A seat free now but booked later today is drawn dotted with the time
//! its booking starts; the member's own seat has a double frame, a star and "我的". Tapping a seat
//! selects it for the time picker; tapping it again lets go. Every seat can be tapped (one taken
//! now may be free later), unless the person may not book at all: then a tap points them to why.

use crate::i18n::MapTexts;
use crate::state::{map_tr, use_map_texts};
use leptos::prelude::*;
use std::collections::HashMap;
use studyroom_api::{Seat, SeatState};
use ui::seat_layout::{self, SeatNow, feature_mark, feature_word, my_seat_description, state_word};

/// A word of the current language, as `tr` takes it.
type Word = fn(&MapTexts) -> &'static str;

#[component]
pub fn SeatMap(
    /// The room's seats.
    seats: Vec<Seat>,
    /// Each seat now, by seat id (a seat missing from it is shown free).
    #[prop(into)]
    states: Signal<HashMap<String, SeatNow>>,
    /// The selected seat, as an index into `seats`.
    selected: RwSignal<Option<usize>>,
    /// The seat of the member's live booking in this room, if any.
    #[prop(into)]
    mine: Signal<Option<String>>,
    /// Whether the person may book at all. When not, seats are not selectable and a tap calls
    /// `on_blocked` (which shows why).
    #[prop(into)]
    bookable: Signal<bool>,
    #[prop(into)] on_blocked: Callback<()>,
) -> impl IntoView {
    let t = use_map_texts();
    let layout = seat_layout::layout(&seats);
    let features = seat_layout::features_in(&seats);
    let grid = format!(
        "grid-template-columns:repeat({},minmax(2.75rem,1fr))",
        layout.cols
    );
    let window = layout.window.map(|area| {
        view! { <div class="window-band" style=area.grid_style() aria-hidden="true">{map_tr(|t| t.window_band)}</div> }
    });
    let table = layout.table.map(|area| {
        view! { <div class="table-shape" style=area.grid_style() aria-hidden="true"><span>{map_tr(|t| t.table_label)}</span></div> }
    });
    let buttons = seats
        .into_iter()
        .zip(layout.cells)
        .enumerate()
        .map(|(index, (seat, cell))| {
            let id = seat.id.clone();
            // One memo per seat: a change to one seat re-renders only that seat.
            let now = Memo::new(move |_| states.with(|s| s.get(&id).cloned().unwrap_or(SeatNow::FREE)));
            let own_id = seat.id.clone();
            let is_mine = Memo::new(move |_| mine.with(|m| m.as_deref() == Some(own_id.as_str())));
            let marks: String = seat.features.iter().map(|f| feature_mark(*f)).collect();
            let (label, label_attr, seat_id) = (seat.label.clone(), seat.label.clone(), seat.id.clone());
            // What changes on a seat is written by one effect per seat, through one plain function
            // (`show_seat`): as seven reactive attributes and a reactive text, Leptos's code for each
            // was a tenth of the seat map's build.
            let button = NodeRef::<leptos::html::Button>::new();
            let word = NodeRef::<leptos::html::Span>::new();
            Effect::new(move |_| {
                let (Some(button), Some(word)) = (button.get(), word.get()) else {
                    return;
                };
                now.with(|n| {
                    show_seat(
                        &button,
                        &word,
                        &seat,
                        n,
                        is_mine.get(),
                        selected.get() == Some(index),
                        bookable.get(),
                        t(),
                    )
                });
            });
            view! {
                <button type="button" class="seat" style=cell.grid_style() node_ref=button
                    data-seat-label=label_attr data-seat-id=seat_id
                    on:click=move |_| if bookable.get_untracked() {
                        selected.update(|s| *s = if *s == Some(index) { None } else { Some(index) })
                    } else {
                        on_blocked.run(())
                    }>
                    <span class="seat-label">{label}</span>
                    // One text, mark included: a view per case would cost wasm for every seat.
                    <span class="seat-state" node_ref=word></span>
                    <span class="seat-features" aria-hidden="true">{marks}</span>
                </button>
            }
        })
        .collect_view();
    // (class, word): "later" is a free seat with a booking later today.
    let legend_states: [(&str, Word); 5] = [
        ("free", |t| state_word(SeatState::Free, t)),
        ("later", |t| t.seat_later_legend),
        ("booked", |t| state_word(SeatState::Booked, t)),
        ("occupied", |t| state_word(SeatState::Occupied, t)),
        ("away", |t| state_word(SeatState::Away, t)),
    ];
    view! {
        <div class="seat-map-scroll">
            <div class="seat-map" role="group" aria-label=map_tr(|t| t.map_label) style=grid>
                {window}
                {table}
                {buttons}
            </div>
        </div>
        <ul class="legend">
            <Show when=move || mine.with(Option::is_some)>
                <li><span class="swatch mine" aria-hidden="true">"★"</span>{map_tr(|t| t.seat_mine)}</li>
            </Show>
            {legend_states.into_iter().map(|(class, word)| view! {
                <li><span class=format!("swatch {class}") aria-hidden="true"></span>{map_tr(word)}</li>
            }).collect_view()}
            {features.into_iter().map(|f| view! {
                <li><span class="feature-mark" aria-hidden="true">{feature_mark(f)}</span>{move || feature_word(f, t())}</li>
            }).collect_view()}
        </ul>
    }
}

/// A seat as it is now: its state and whether it is booked later (`data-state`,
/// `data-next-start`), the member's own (`data-mine`), selected (`aria-pressed`), selectable at all
/// (`aria-disabled`), what a screen reader says of it and the word under its label.
#[allow(clippy::too_many_arguments)]
fn show_seat(
    button: &web_sys::Element,
    word: &web_sys::Element,
    seat: &Seat,
    now: &SeatNow,
    mine: bool,
    pressed: bool,
    bookable: bool,
    t: &MapTexts,
) {
    let set = |name: &str, value: Option<&str>| {
        let _ = match value {
            Some(value) => button.set_attribute(name, value),
            None => button.remove_attribute(name),
        };
    };
    set("data-state", Some(now.state.as_str()));
    set("data-next-start", now.later.as_deref());
    set("data-mine", mine.then_some("true"));
    set("aria-pressed", Some(if pressed { "true" } else { "false" }));
    set("aria-disabled", (!bookable).then_some("true"));
    let description = if mine {
        my_seat_description(seat, now, t)
    } else {
        seat_layout::seat_description(seat, now, t)
    };
    set("aria-label", Some(&description));
    word.set_text_content(Some(&seat_layout::seat_word(now, mine, t)));
}
