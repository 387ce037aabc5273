//! `/admin/people/{id}`: one person as a manager sees them: identity (the full name, the rest
//! masked), status, their newest bookings and their violations; suspending them until a day with
//! a reason they will read, reinstating them early, and pardoning a violation with a reason.

use crate::i18n::fill;
use crate::people::{
    self, appeal_word, booking_state_word, date_time, status_word, violation_kind_word, violation_standing,
};
use crate::state::{Clock, tr, use_texts};
use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use studyroom_api::user::{AdminPerson, SuspendRequest};
use studyroom_api::violation::Violation;
use studyroom_api::{Booking, UserStatus};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::when;

#[component]
pub fn PersonPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let person = RwSignal::new(None::<AdminPerson>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        let id = id();
        error.set(None);
        spawn_local(async move {
            match api::person(&id).await {
                Ok(p) => {
                    person.try_set(Some(p));
                }
                Err(e) => {
                    error.try_set(Some(e.text(t())));
                }
            }
        });
    };
    Effect::new(move |_| {
        person.set(None);
        load();
    });
    // After a change: say what happened, and read the person again.
    let changed = Callback::new(move |text: String| {
        notice.set(Some(text));
        load();
    });
    view! {
        <a class="back-link" href="/admin">{tr(|t| t.person_back)}</a>
        <Show when=move || notice.with(Option::is_some)>
            <p class="banner notice" role="status" id="person-notice">{move || notice.get()}</p>
        </Show>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            match person.get() {
                None => view! { <Skeleton lines=6/> }.into_any(),
                Some(p) => view! { <Person person=p on_changed=changed/> }.into_any(),
            }
        }}
    }
}

#[component]
fn Person(person: AdminPerson, on_changed: Callback<String>) -> impl IntoView {
    let t = use_texts();
    let user = person.user.user.clone();
    let status = user.status;
    let reason = user.status_reason.clone();
    let until = user.suspended_until;
    let id = user.id.clone();
    view! {
        <section class="card person-card" id="person" data-user-id=user.id.clone() data-status=status.as_str()>
            <div class="person-head">
                <h1 class="person-name">{person.user.real_name.clone()}</h1>
                <span class=format!("status-badge {}", status.as_str()) id="person-status">
                    {move || status_word(status, t())}
                </span>
            </div>
            <dl class="identity">
                <div class="row"><dt>{tr(|t| t.id_row)}</dt><dd class="mono">{user.id_number_masked.clone()}</dd></div>
                <div class="row"><dt>{tr(|t| t.phone_row)}</dt><dd class="mono">{user.phone_masked.clone()}</dd></div>
                <div class="row"><dt>{tr(|t| t.col_signed_up)}</dt><dd>{date_time(user.created_at)}</dd></div>
                {until.map(|u| view! {
                    <div class="row"><dt>{tr(|t| t.suspended_until)}</dt>
                        <dd id="person-until">{people::last_day(u).format("%Y-%m-%d").to_string()}</dd></div>
                })}
                {reason.map(|r| view! {
                    <div class="row"><dt>{tr(|t| t.status_reason_row)}</dt><dd>{r}</dd></div>
                })}
            </dl>
        </section>
        <div class="person-grid">
            <div class="person-main">
                <Bookings bookings=person.bookings/>
                <Violations violations=person.violations on_changed=on_changed/>
            </div>
            <div class="person-side">
                {match status {
                    UserStatus::Verified => view! { <SuspendForm id=id on_changed=on_changed/> }.into_any(),
                    UserStatus::Suspended => view! { <Reinstate id=id on_changed=on_changed/> }.into_any(),
                    _ => view! {
                        <section class="card"><h2>{tr(|t| t.suspend_title)}</h2>
                            <p class="note">{tr(|t| t.suspend_not_possible)}</p></section>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// Suspending until a day (inclusive), with a reason the person reads on their phone.
#[component]
fn SuspendForm(id: String, on_changed: Callback<String>) -> impl IntoView {
    let t = use_texts();
    let clock = expect_context::<Clock>();
    let first = people::default_suspend_day(clock.now());
    let day = RwSignal::new(first.format("%Y-%m-%d").to_string());
    let min = (clock.now().with_timezone(&people::display_offset()).date_naive())
        .format("%Y-%m-%d")
        .to_string();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            error.set(Some(t().err_reason_required.to_owned()));
            return;
        }
        let Some(chosen) = NaiveDate::parse_from_str(&day.get_untracked(), "%Y-%m-%d").ok() else {
            error.set(Some(t().err_invalid_time.to_owned()));
            return;
        };
        let Some(until) = people::suspend_until(chosen) else {
            return;
        };
        error.set(None);
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::suspend(&id, &SuspendRequest { until, reason: why }).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(_) => on_changed.run(fill(t().suspended_note, chosen.format("%Y-%m-%d"))),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    view! {
        <form class="card form" id="suspend-form" on:submit=submit novalidate>
            <h2>{tr(|t| t.suspend_title)}</h2>
            <p class="sub">{tr(|t| t.suspend_body)}</p>
            <div class="field">
                <label for="suspend-until">{tr(|t| t.suspend_until_label)}</label>
                <input id="suspend-until" type="date" min=min
                    prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/>
            </div>
            <label class="field" for="suspend-reason">
                <span class="label">{tr(|t| t.suspend_reason_label)}</span>
                <textarea id="suspend-reason" rows="2" maxlength="200"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </label>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="submit" class="button danger" id="suspend-submit" disabled=move || busy.get()>
                {tr(|t| t.suspend_submit)}
            </button>
        </form>
    }
}

#[component]
fn Reinstate(id: String, on_changed: Callback<String>) -> impl IntoView {
    let t = use_texts();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let go = move |_| {
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::reinstate(&id).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(_) => on_changed.run(t().reinstated_note.to_owned()),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{tr(|t| t.suspend_title)}</h2>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="button" class="button primary" id="reinstate" disabled=move || busy.get() on:click=go>
                {tr(|t| t.reinstate)}
            </button>
        </section>
    }
}

#[component]
fn Bookings(bookings: Vec<Booking>) -> impl IntoView {
    let t = use_texts();
    if bookings.is_empty() {
        return view! {
            <section class="card"><h2>{tr(|t| t.bookings_title)}</h2><p class="note" id="bookings-empty">{tr(|t| t.bookings_empty)}</p></section>
        }
        .into_any();
    }
    view! {
        <section class="card">
            <h2>{tr(|t| t.bookings_title)}</h2>
            <table id="person-bookings">
                <thead><tr>
                    <th scope="col">{tr(|t| t.col_seat)}</th>
                    <th scope="col">{tr(|t| t.col_when)}</th>
                    <th scope="col">{tr(|t| t.col_state)}</th>
                </tr></thead>
                <tbody>
                    {bookings.into_iter().map(|b| {
                        let day = b.start.format("%Y-%m-%d").to_string();
                        let span = format!("{day} {}–{}", when::hm(b.start), when::hm(b.end));
                        view! {
                            <tr data-booking-id=b.id.clone()>
                                <td>{b.seat_label.clone()}</td>
                                <td class="mono">{span}</td>
                                <td>{move || booking_state_word(b.state, t())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

#[component]
fn Violations(violations: Vec<Violation>, on_changed: Callback<String>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{tr(|t| t.violations_title)}</h2>
            {if violations.is_empty() {
                view! { <p class="note" id="violations-empty">{tr(|t| t.violations_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="violations">
                        {violations.into_iter().map(|v| view! { <ViolationItem violation=v on_changed=on_changed/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// One violation; one not pardoned yet can be, with a reason.
#[component]
fn ViolationItem(violation: Violation, on_changed: Callback<String>) -> impl IntoView {
    let t = use_texts();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(violation.id.clone());
    let pardon = move |ev: SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            error.set(Some(t().err_reason_required.to_owned()));
            return;
        }
        busy.set(true);
        let id = id.get_value();
        spawn_local(async move {
            let result = api::decide_violation(&id, "pardon", why).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(v) => on_changed.run(fill(t().pardoned_note, v.seat_label)),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    let v = violation;
    let (pardoned, kind, vid, seat, at) = (v.pardoned, v.kind, v.id.clone(), v.seat_label.clone(), v.at);
    let field_id = StoredValue::new(format!("pardon-{}", v.id));
    let appeal = v.appeal.clone();
    view! {
        <li class="violation" data-violation-id=vid data-pardoned=pardoned.to_string()>
            <p class="violation-what">
                <strong>{move || violation_kind_word(kind, t())}</strong>
                " · "{seat}" · "{date_time(at)}
            </p>
            <p class="violation-standing">{move || violation_standing(&v, t())}</p>
            {appeal.map(|a| view! {
                <p class="violation-appeal">{move || appeal_word(a.state, t())}": "{a.text.clone()}</p>
            })}
            <Show when=move || !pardoned>
                <Show when=move || open.get() fallback=move || view! {
                    <button type="button" class="button secondary small pardon-open" on:click=move |_| open.set(true)>
                        {tr(|t| t.pardon)}
                    </button>
                }>
                    <form class="pardon-form" on:submit=pardon novalidate>
                        <label class="field" for=field_id.get_value()>
                            <span class="label">{tr(|t| t.pardon_reason_label)}</span>
                            <input id=field_id.get_value() maxlength="200"
                                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                        </label>
                        <Show when=move || error.with(Option::is_some)>
                            <p class="form-error" role="alert">{move || error.get()}</p>
                        </Show>
                        <button type="submit" class="button primary small pardon-send" disabled=move || busy.get()>
                            {tr(|t| t.pardon)}
                        </button>
                    </form>
                </Show>
            </Show>
        </li>
    }
}
