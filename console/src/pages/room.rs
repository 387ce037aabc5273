//! `/admin/rooms/new` and `/admin/rooms/{id}`: a room's name, address, where people get
//! verified, its clock and rules, and its seats (the seat editor), saved together as the whole
//! room; and, for a room that exists, its doors. A seat that still has live bookings cannot move
//! or go: the server refuses with `seat_in_use` and the page names the seat.

use crate::components::doors::Doors;
use crate::components::seat_editor::SeatEditor;
use crate::i18n::{Texts, fill};
use crate::seat_plan::{Plan, PlanError, seat_in_message};
use crate::state::{tr, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use studyroom_api::room::NewRoom;
use studyroom_api::{ErrorCode, Room, Rules};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[component]
pub fn RoomPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id"));
    let room = RwSignal::new(None::<Option<Room>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        error.set(None);
        match id() {
            None => room.set(Some(None)),
            Some(id) => spawn_local(async move {
                match api::room(&id).await {
                    Ok(r) => {
                        room.try_set(Some(Some(r)));
                    }
                    Err(e) => {
                        error.try_set(Some(e.text(t())));
                    }
                }
            }),
        }
    };
    Effect::new(move |_| {
        id();
        room.set(None);
        load();
    });
    view! {
        <a class="back-link" href="/admin/rooms">{tr(|t| t.room_back)}</a>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            match room.get() {
                None => view! { <Skeleton lines=8/> }.into_any(),
                Some(r) => {
                    let doors = r.as_ref().map(|r| r.id.clone());
                    view! {
                        <RoomForm room=r/>
                        {doors.map(|id| view! { <Doors room_id=id/> })}
                    }.into_any()
                }
            }
        }}
    }
}

/// A rule as a number field: its id, words and where it is kept in [`Rules`].
struct RuleField {
    id: &'static str,
    word: fn(&Texts) -> &'static str,
    get: fn(&Rules) -> u32,
    set: fn(&mut Rules, u32),
}

const RULES: [RuleField; 10] = [
    RuleField {
        id: "rule-slot",
        word: |t| t.rule_slot,
        get: |r| r.slot_minutes,
        set: |r, v| r.slot_minutes = v,
    },
    RuleField {
        id: "rule-max",
        word: |t| t.rule_max,
        get: |r| r.max_booking_minutes,
        set: |r, v| r.max_booking_minutes = v,
    },
    RuleField {
        id: "rule-advance",
        word: |t| t.rule_advance,
        get: |r| r.advance_days,
        set: |r, v| r.advance_days = v,
    },
    RuleField {
        id: "rule-early",
        word: |t| t.rule_early,
        get: |r| r.early_entry_minutes,
        set: |r, v| r.early_entry_minutes = v,
    },
    RuleField {
        id: "rule-grace",
        word: |t| t.rule_grace,
        get: |r| r.no_show_grace_minutes,
        set: |r, v| r.no_show_grace_minutes = v,
    },
    RuleField {
        id: "rule-leave",
        word: |t| t.rule_leave,
        get: |r| r.leave_minutes,
        set: |r, v| r.leave_minutes = v,
    },
    RuleField {
        id: "rule-code",
        word: |t| t.rule_code,
        get: |r| r.code_length,
        set: |r, v| r.code_length = v,
    },
    RuleField {
        id: "rule-auto-count",
        word: |t| t.rule_auto_count,
        get: |r| r.auto_suspend_violations,
        set: |r, v| r.auto_suspend_violations = v,
    },
    RuleField {
        id: "rule-auto-within",
        word: |t| t.rule_auto_within,
        get: |r| r.auto_suspend_within_days,
        set: |r, v| r.auto_suspend_within_days = v,
    },
    RuleField {
        id: "rule-auto-days",
        word: |t| t.rule_auto_days,
        get: |r| r.auto_suspend_days,
        set: |r, v| r.auto_suspend_days = v,
    },
];

#[component]
fn RoomForm(room: Option<Room>) -> impl IntoView {
    let t = use_texts();
    let navigate = use_navigate();
    let existing = room.as_ref().map(|r| r.id.clone());
    let saved_seats = StoredValue::new(room.as_ref().and_then(|r| r.seats.clone()).unwrap_or_default());
    let name = RwSignal::new(room.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let address = RwSignal::new(room.as_ref().map(|r| r.address.clone()).unwrap_or_default());
    let verification = RwSignal::new(room.as_ref().map(|r| r.verification.clone()).unwrap_or_default());
    let offset = RwSignal::new(
        room.as_ref()
            .map_or_else(|| "+08:00".to_owned(), |r| r.utc_offset.clone()),
    );
    let rules = RwSignal::new(room.as_ref().map(|r| r.rules).unwrap_or_default());
    let plan = RwSignal::new(Plan::from_seats(&saved_seats.get_value()));
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        notice.set(None);
        let checked = plan.with_untracked(Plan::check);
        if let Err(e) = checked {
            let label =
                |key| plan.with_untracked(|p| p.seat(key).map(|s| s.label.clone()).unwrap_or_default());
            error.set(Some(match e {
                PlanError::NoSeats => t().plan_no_seats.to_owned(),
                PlanError::BadLabel(_) => t().plan_bad_label.to_owned(),
                PlanError::SameLabel(key) => fill(t().plan_same_label, label(key)),
            }));
            return;
        }
        let body = NewRoom {
            name: name.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            verification: verification.get_untracked().trim().to_owned(),
            utc_offset: Some(offset.get_untracked().trim().to_owned()),
            rules: Some(rules.get_untracked()),
            seats: plan.with_untracked(Plan::to_wire),
        };
        let moved = plan.with_untracked(|p| p.moved_or_removed(&saved_seats.get_value()));
        error.set(None);
        busy.set(true);
        let existing = existing.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match &existing {
                None => api::create_room(&body).await.map_err(|e| (e, None)),
                Some(id) => api::update_room(id, &body).await,
            };
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(room) if existing.is_none() => {
                    navigate(
                        &format!("/admin/rooms/{}", room.id),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Ok(room) => {
                    // New seats now have ids: edit on from what was saved.
                    let seats = room.seats.unwrap_or_default();
                    plan.set(Plan::from_seats(&seats));
                    saved_seats.set_value(seats);
                    notice.set(Some(t().room_saved));
                }
                Err((e, message)) if e.is(ErrorCode::SeatInUse) => {
                    let seats = seat_in_message(message.as_deref().unwrap_or_default(), &moved);
                    error.set(Some(fill(t().seat_in_use, seats.join(t().list_sep))));
                }
                Err((e, _)) => error.set(Some(e.text(t()))),
            }
        });
    };
    let rule_fields = RULES
        .iter()
        .map(|f| {
            let (get, set) = (f.get, f.set);
            view! {
                <div class="field rule">
                    <label for=f.id>{tr(f.word)}</label>
                    <input id=f.id type="number" min="0" inputmode="numeric"
                        prop:value=move || rules.with(|r| get(r).to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
                                rules.update(|r| set(r, v));
                            }
                        }/>
                </div>
            }
        })
        .collect_view();
    let is_new = room.is_none();
    view! {
        <form class="room-form" id="room-form" on:submit=submit novalidate>
            // The title, Save and what saving said stay in reach while the seats are edited below.
            <div class="room-form-head">
                <div class="page-head">
                    <h1 class="page-title">{move || if is_new { t().room_new.to_owned() } else { name.get() }}</h1>
                    <button type="submit" class="button primary" id="room-save" disabled=move || busy.get()>
                        {move || if is_new { t().room_create } else { t().room_save }}
                    </button>
                </div>
                <Show when=move || notice.with(Option::is_some)>
                    <p class="banner notice" role="status" id="room-notice">{move || notice.get()}</p>
                </Show>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert" id="room-error">{move || error.get()}</p>
                </Show>
            </div>
            <div class="room-grid">
                <section class="card form room-settings">
                    <div class="field">
                        <label for="room-name">{tr(|t| t.room_name_label)}</label>
                        <input id="room-name" maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="room-address">{tr(|t| t.room_address_label)}</label>
                        <input id="room-address" maxlength="200" prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="room-verification">{tr(|t| t.room_verification_label)}</label>
                        <textarea id="room-verification" rows="2" maxlength="200" prop:value=move || verification.get()
                            on:input=move |ev| verification.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field">
                        <label for="room-offset">{tr(|t| t.room_offset_label)}</label>
                        <input id="room-offset" maxlength="6" class="mono" prop:value=move || offset.get() on:input=move |ev| offset.set(event_target_value(&ev))/>
                    </div>
                    <details class="rules">
                        <summary>{tr(|t| t.rules_title)}</summary>
                        <div class="rules-grid">{rule_fields}</div>
                    </details>
                </section>
                <section class="card room-seats">
                    <h2>{tr(|t| t.seats_title)}</h2>
                    <SeatEditor plan=plan/>
                </section>
            </div>
        </form>
    }
}
