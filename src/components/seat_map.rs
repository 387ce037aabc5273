//! The room as it is: seats placed by their x/y on a CSS grid, the window row and the shared table
//! drawn where they are, each seat a large button showing its label, its state (shape + word +
//! colour) and its features. Tapping a seat selects it for the time picker; tapping it again
//! lets go. Every seat can be tapped: one taken now may be free later.

use crate::seat_layout::{self, feature_mark, feature_word, state_word};
use crate::state::{tr, use_texts};
use leptos::prelude::*;
use std::collections::HashMap;
use studyroom_api::{Seat, SeatState};

#[component]
pub fn SeatMap(
    /// The room's seats.
    seats: Vec<Seat>,
    /// Each seat's state now, by seat id (a seat missing from it is shown free).
    #[prop(into)]
    states: Signal<HashMap<String, SeatState>>,
    /// The selected seat, as an index into `seats`.
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let t = use_texts();
    let layout = seat_layout::layout(&seats);
    let features = seat_layout::features_in(&seats);
    let grid = format!(
        "grid-template-columns:repeat({},minmax(2.75rem,1fr))",
        layout.cols
    );
    let window = layout.window.map(|area| {
        view! { <div class="window-band" style=area.grid_style() aria-hidden="true">{tr(|t| t.window_band)}</div> }
    });
    let table = layout.table.map(|area| {
        view! { <div class="table-shape" style=area.grid_style() aria-hidden="true"><span>{tr(|t| t.table_label)}</span></div> }
    });
    let buttons = seats
        .into_iter()
        .zip(layout.cells)
        .enumerate()
        .map(|(index, (seat, cell))| {
            let id = seat.id.clone();
            // One memo per seat: a change to one seat re-renders only that seat.
            let state = Memo::new(move |_| states.with(|s| s.get(&id).copied().unwrap_or(SeatState::Free)));
            let marks: String = seat.features.iter().map(|f| feature_mark(*f)).collect();
            let (label, label_attr, seat_id) = (seat.label.clone(), seat.label.clone(), seat.id.clone());
            view! {
                <button type="button" class="seat" style=cell.grid_style()
                    data-seat-label=label_attr data-seat-id=seat_id
                    data-state=move || state.get().as_str()
                    aria-pressed=move || (selected.get() == Some(index)).to_string()
                    aria-label=move || seat_layout::seat_description(&seat, state.get(), t())
                    on:click=move |_| selected.update(|s| *s = if *s == Some(index) { None } else { Some(index) })>
                    <span class="seat-label">{label}</span>
                    <span class="seat-state">
                        <Show when=move || state.get() == SeatState::Away>
                            <span class="clock-mark">"◷"</span>
                        </Show>
                        {move || state_word(state.get(), t())}
                    </span>
                    <span class="seat-features" aria-hidden="true">{marks}</span>
                </button>
            }
        })
        .collect_view();
    let legend_states = [
        SeatState::Free,
        SeatState::Booked,
        SeatState::Occupied,
        SeatState::Away,
    ];
    view! {
        <div class="seat-map-scroll">
            <div class="seat-map" role="group" aria-label=tr(|t| t.map_label) style=grid>
                {window}
                {table}
                {buttons}
            </div>
        </div>
        <ul class="legend">
            {legend_states.into_iter().map(|s| view! {
                <li><span class=format!("swatch {}", s.as_str()) aria-hidden="true"></span>{move || state_word(s, t())}</li>
            }).collect_view()}
            {features.into_iter().map(|f| view! {
                <li><span class="feature-mark" aria-hidden="true">{feature_mark(f)}</span>{move || feature_word(f, t())}</li>
            }).collect_view()}
        </ul>
    }
}
