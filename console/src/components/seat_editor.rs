//! The seat editor: the room's grid, each seat where its x/y put it. A click (or tap) on an empty
//! cell places a seat there; a seat is dragged (mouse or finger) to another cell, or moved with
//! the arrow keys once selected; the panel beside the grid relabels it, sets its features or
//! removes it. Every change can be undone (button or Ctrl+Z). The model is `seat_plan::Plan`.

use crate::i18n::{Texts, fill};
use crate::seat_plan::{MAX_LABEL, Plan};
use crate::state::{tr, use_texts};
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use studyroom_api::SeatFeature;
use ui::seat_layout::{feature_mark, feature_word};

/// Where a drag is: the seat, and the cell under the pointer now.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    key: u32,
    pointer: i32,
    cell: (i32, i32),
}

#[component]
pub fn SeatEditor(
    /// The seats being edited.
    plan: RwSignal<Plan>,
) -> impl IntoView {
    let t = use_texts();
    let selected = RwSignal::new(None::<u32>);
    let drag = RwSignal::new(None::<Drag>);
    let grid_ref = NodeRef::<Div>::new();
    let grid_size = Memo::new(move |_| plan.with(Plan::grid));

    // The cell under a pointer, from the grid's box (every cell the same size, 4 px apart).
    let cell_at = move |client_x: i32, client_y: i32| -> Option<(i32, i32)> {
        let grid = grid_ref.get_untracked()?;
        let rect = grid.get_bounding_client_rect();
        let (cols, rows) = grid_size.get_untracked();
        let pitch_x = (rect.width() + 4.0) / f64::from(cols);
        let pitch_y = (rect.height() + 4.0) / f64::from(rows);
        let x = ((f64::from(client_x) - rect.left()) / pitch_x).floor() as i32;
        let y = ((f64::from(client_y) - rect.top()) / pitch_y).floor() as i32;
        ((0..cols).contains(&x) && (0..rows).contains(&y)).then_some((x, y))
    };
    let focus_seat = move |key: u32| {
        request_animation_frame(move || {
            if let Some(grid) = grid_ref.get_untracked()
                && let Ok(Some(el)) = grid.query_selector(&format!("[data-key='{key}']"))
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        });
    };
    let add_at = move |x: i32, y: i32| {
        let mut added = None;
        plan.update(|p| added = p.add(x, y));
        if let Some(key) = added {
            selected.set(Some(key));
            focus_seat(key);
        }
    };
    let add_somewhere = move |_| {
        let (cols, rows) = grid_size.get_untracked();
        let spot = plan.with_untracked(|p| {
            (0..rows)
                .flat_map(|y| (0..cols).map(move |x| (x, y)))
                .find(|(x, y)| p.at(*x, *y).is_none())
        });
        if let Some((x, y)) = spot {
            add_at(x, y);
        }
    };
    let undo = move || {
        plan.update(|p| {
            p.undo();
        });
        let gone = selected
            .get_untracked()
            .is_some_and(|k| plan.with_untracked(|p| p.seat(k).is_none()));
        if gone {
            selected.set(None);
        }
    };
    let remove = move |key: u32| {
        plan.update(|p| {
            p.remove(key);
        });
        selected.set(None);
    };

    let on_seat_key = move |key: u32, ev: ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => Some((-1, 0)),
            "ArrowRight" => Some((1, 0)),
            "ArrowUp" => Some((0, -1)),
            "ArrowDown" => Some((0, 1)),
            "Delete" | "Backspace" => {
                ev.prevent_default();
                remove(key);
                return;
            }
            _ => None,
        };
        if let Some((dx, dy)) = step {
            ev.prevent_default();
            selected.set(Some(key));
            plan.update(|p| {
                p.nudge(key, dx, dy);
            });
            focus_seat(key);
        }
    };
    let on_grid_key = move |ev: ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("z") {
            ev.prevent_default();
            undo();
        }
    };

    // Dragging: the pointer is captured by the grid, so a finger can leave the seat it started on.
    let on_down = move |key: u32, ev: ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        selected.set(Some(key));
        let start = plan.with_untracked(|p| p.seat(key).map(|s| (s.x, s.y)));
        if let (Some(cell), Some(grid)) = (start, grid_ref.get_untracked()) {
            let _ = grid.set_pointer_capture(ev.pointer_id());
            drag.set(Some(Drag {
                key,
                pointer: ev.pointer_id(),
                cell,
            }));
        }
    };
    let on_move = move |ev: ev::PointerEvent| {
        let Some(d) = drag.get_untracked().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        if let Some(cell) = cell_at(ev.client_x(), ev.client_y())
            && cell != d.cell
        {
            drag.set(Some(Drag { cell, ..d }));
        }
    };
    let on_up = move |ev: ev::PointerEvent| {
        let Some(d) = drag.get_untracked().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        drag.set(None);
        plan.update(|p| {
            p.move_to(d.key, d.cell.0, d.cell.1);
        });
        focus_seat(d.key);
    };

    let cells = move || {
        let (cols, rows) = grid_size.get();
        (0..rows)
            .flat_map(|y| (0..cols).map(move |x| (x, y)))
            .map(|(x, y)| {
                let style = format!("grid-column:{};grid-row:{}", x + 1, y + 1);
                let target = move || drag.with(|d| d.is_some_and(|d| d.cell == (x, y)));
                view! {
                    <button type="button" class="editor-cell" tabindex="-1" style=style data-x=x data-y=y
                        class:drop-target=target
                        aria-label=move || fill(&fill(t().editor_cell, x + 1), y + 1)
                        on:click=move |_| add_at(x, y)></button>
                }
            })
            .collect_view()
    };
    let seats = move || {
        plan.with(|p| p.seats.clone())
            .into_iter()
            .map(|s| {
                let key = s.key;
                let style = format!("grid-column:{};grid-row:{}", s.x + 1, s.y + 1);
                let marks: String = s.features.iter().map(|f| feature_mark(*f)).collect();
                let spoken = fill(&fill(&fill(t().editor_seat_at, &s.label), s.x + 1), s.y + 1);
                let dragging = move || drag.with(|d| d.is_some_and(|d| d.key == key));
                view! {
                    <button type="button" class="editor-seat" style=style data-key=key data-seat-label=s.label.clone()
                        data-x=s.x data-y=s.y aria-label=spoken
                        aria-pressed=move || (selected.get() == Some(key)).to_string()
                        class:dragging=dragging
                        on:pointerdown=move |ev| on_down(key, ev)
                        on:keydown=move |ev| on_seat_key(key, ev)
                        on:click=move |_| selected.set(Some(key))>
                        <span class="seat-label">{s.label.clone()}</span>
                        <span class="seat-features" aria-hidden="true">{marks}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let grid_style = move || {
        let (cols, rows) = grid_size.get();
        format!(
            "grid-template-columns:repeat({cols},var(--editor-cell));grid-template-rows:repeat({rows},var(--editor-cell))"
        )
    };

    view! {
        <div class="seat-editor" on:keydown=on_grid_key>
            <div class="editor-tools">
                <button type="button" class="button secondary small" id="seat-add" on:click=add_somewhere>{tr(|t| t.editor_add)}</button>
                <button type="button" class="button secondary small" id="seat-undo"
                    disabled=move || !plan.with(Plan::can_undo) on:click=move |_| undo()>
                    {tr(|t| t.editor_undo)}<kbd>"Ctrl Z"</kbd>
                </button>
                <span class="note" id="seat-count">{move || fill(t().editor_count, plan.with(|p| p.seats.len()))}</span>
            </div>
            <p class="note editor-hint">{tr(|t| t.editor_hint)}</p>
            <div class="editor-body">
                <div class="editor-scroll">
                    <div class="editor-grid" node_ref=grid_ref role="group" aria-label=tr(|t| t.editor_label)
                        style=grid_style on:pointermove=on_move on:pointerup=on_up on:pointercancel=move |_| drag.set(None)>
                        {cells}
                        {seats}
                    </div>
                </div>
                <SeatPanel plan=plan selected=selected on_remove=Callback::new(remove)/>
            </div>
        </div>
    }
}

/// The selected seat's label, features and removal.
#[component]
fn SeatPanel(
    plan: RwSignal<Plan>,
    selected: RwSignal<Option<u32>>,
    on_remove: Callback<u32>,
) -> impl IntoView {
    let t = use_texts();
    let seat = Memo::new(move |_| selected.get().and_then(|k| plan.with(|p| p.seat(k).cloned())));
    view! {
        <aside class="seat-panel card" aria-label=tr(|t| t.editor_selected)>
            {move || match seat.get() {
                None => view! { <p class="note">{tr(|t| t.editor_none_selected)}</p> }.into_any(),
                Some(s) => {
                    let key = s.key;
                    let features = SeatFeature::ALL.into_iter().map(|f| {
                        let on = s.features.contains(&f);
                        let id = format!("feature-{}", f.as_str());
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id prop:checked=on
                                    on:change=move |_| plan.update(|p| p.toggle(key, f))/>
                                <span aria-hidden="true">{feature_mark(f)}</span>
                                {move || feature_word(f, word(t()))}
                            </label>
                        }
                    }).collect_view();
                    view! {
                        <h3>{tr(|t| t.editor_selected)}</h3>
                        <div class="field">
                            <label for="seat-label">{tr(|t| t.editor_label_field)}</label>
                            <input id="seat-label" maxlength=MAX_LABEL.to_string() autocomplete="off" prop:value=s.label.clone()
                                on:change=move |ev| plan.update(|p| p.relabel(key, event_target_value(&ev).trim()))
                                on:keydown=move |ev| {
                                    // Enter takes the label (as leaving the field does), not the whole form.
                                    if ev.key() == "Enter" {
                                        ev.prevent_default();
                                        if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
                                            let _ = el.blur();
                                        }
                                    }
                                }/>
                        </div>
                        <fieldset class="features">
                            <legend>{tr(|t| t.editor_features)}</legend>
                            {features}
                        </fieldset>
                        <button type="button" class="button danger-outline small" id="seat-delete"
                            on:click=move |_| on_remove.run(key)>{tr(|t| t.editor_delete)}</button>
                    }.into_any()
                }
            }}
        </aside>
    }
}

/// The shared words, for the shared functions that take them.
fn word(t: &'static Texts) -> &'static ui::i18n::Texts {
    t
}
