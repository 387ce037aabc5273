//! `/admin/live` (every room) and `/admin/live/{room}`: who is inside now, live. The headcount is
//! the first thing on the screen; with more than one room the total over all of them comes first.

use crate::components::room_board::RoomBoard;
use crate::state::{tr, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use studyroom_api::Room;
use ui::api;
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[component]
pub fn LivePage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let chosen = move || params.with(|p| p.get("id"));
    let rooms = RwSignal::new(None::<Vec<Room>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        error.set(None);
        spawn_local(async move {
            match api::rooms().await {
                Ok(list) => {
                    rooms.try_set(Some(list));
                }
                Err(e) => {
                    error.try_set(Some(e.text(t())));
                }
            }
        });
    };
    load();
    let headcounts = RwSignal::new(HashMap::<String, u32>::new());
    let shown = move || {
        rooms.with(|r| {
            r.as_ref().map(|rooms| match chosen() {
                Some(id) => rooms.iter().filter(|r| r.id == id).cloned().collect::<Vec<_>>(),
                None => rooms.clone(),
            })
        })
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="page-head">
            <h1 class="page-title">{tr(|t| t.board_title)}</h1>
            <button type="button" class="button secondary small no-print" id="print-roster" on:click=print>
                {tr(|t| t.print_roster)}
            </button>
        </div>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            let Some(all) = rooms.get() else {
                return view! { <Skeleton lines=6/> }.into_any();
            };
            if all.is_empty() {
                return view! {
                    <EmptyCard id="board-empty" title=tr(|t| t.rooms_none_title) body=tr(|t| t.rooms_none_body)>
                        <a class="button primary" href="/admin/rooms">{tr(|t| t.nav_rooms)}</a>
                    </EmptyCard>
                }.into_any();
            }
            let many = all.len() > 1;
            view! {
                <Show when=move || many>
                    <nav class="room-tabs no-print" aria-label=tr(|t| t.board_rooms_label)>
                        <a href="/admin/live" aria-current=move || chosen().is_none().then_some("page")>{tr(|t| t.board_all)}</a>
                        {all.iter().map(|r| {
                            let id = r.id.clone();
                            view! {
                                <a href=format!("/admin/live/{}", r.id)
                                    aria-current=move || (chosen().as_deref() == Some(id.as_str())).then_some("page")>
                                    {r.name.clone()}
                                </a>
                            }
                        }).collect_view()}
                    </nav>
                    <Show when=move || chosen().is_none()>
                        <p class="headcount total" id="headcount-total"
                            data-count=move || headcounts.with(|h| h.values().sum::<u32>())>
                            <span class="headcount-number">{move || headcounts.with(|h| h.values().sum::<u32>())}</span>
                            <span class="headcount-word">{tr(|t| t.board_total)}</span>
                        </p>
                    </Show>
                </Show>
                <For each=move || shown().unwrap_or_default() key=|r| r.id.clone() let:room>
                    <RoomBoard room_id=room.id headcounts=headcounts/>
                </For>
            }.into_any()
        }}
    }
}
