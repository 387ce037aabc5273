//! The verification queue, one person at a time, oldest first. A manager compares the full name
//! and the masked ID with the card in front of them and approves, or rejects with a reason.
//! Keyboard: A approves, R opens the reason, Esc closes it again (back on the reject button), U
//! undoes. The buttons sit on one line, the same height, whichever step the rejection is at.
//!
//! New sign-ups arrive by themselves (the page re-reads the queue on the admin event stream's
//! `user` events). Approving takes effect after a few seconds, during which it can be undone: the
//! person leaves the screen at once, so the next one can be looked at, and comes back on undo. A
//! rejection already has its own step (the reason).

use crate::i18n::fill;
use crate::people::date_time;
use crate::state::{tr, use_texts};
use leptos::ev;
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use studyroom_api::{AdminUser, ErrorCode};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::timer::Timer;

/// How long an approval can be undone.
const UNDO_SECONDS: u64 = 5;

/// The line above the queue after a decision.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    /// Approved, not sent yet: undo still possible.
    Undo(String),
    /// Sent: approved (true) or rejected, and the name.
    Done(bool, String),
    /// Someone else decided first, or the person is gone.
    Text(String),
}

#[component]
pub fn Queue(
    /// Bumped whenever the admin event stream says someone signed up or changed status.
    #[prop(into)]
    news: Signal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let queue = RwSignal::new(Vec::<AdminUser>::new());
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    // The approved person during the undo window.
    let held = RwSignal::new(None::<AdminUser>);
    let load = move || {
        spawn_local(async move {
            let result = api::pending_users().await;
            if loaded.try_get_untracked().is_none() {
                return;
            }
            match result {
                Ok(mut users) => {
                    if let Some(h) = held.get_untracked() {
                        users.retain(|u| u.user.id != h.user.id);
                    }
                    queue.set(users);
                    load_error.set(None);
                }
                Err(e) if !loaded.get_untracked() => load_error.set(Some(e.text(t()))),
                Err(_) => {}
            }
            loaded.set(true);
        });
    };
    Effect::new(move |_| {
        news.track();
        load();
    });

    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_ref = NodeRef::<Textarea>::new();
    let notice = RwSignal::new(None::<Notice>);
    let decide_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let undo_timer = Timer::new();

    // Sends a decision; on success the person leaves the queue for good.
    let send = move |person: AdminUser, approve: bool, why: Option<String>| {
        busy.set(true);
        spawn_local(async move {
            let result = api::verify_user(&person.user.id, approve, why).await;
            if busy.try_set(false).is_some() {
                return; // the page is gone; the decision was made all the same
            }
            match result {
                Ok(_) => {
                    notice.set(Some(Notice::Done(approve, person.real_name.clone())));
                    queue.update(|q| q.retain(|u| u.user.id != person.user.id));
                    rejecting.set(false);
                    reason.set(String::new());
                    decide_error.set(None);
                }
                Err(e) if e.is(ErrorCode::InvalidState) || e.is(ErrorCode::NotFound) => {
                    notice.set(Some(Notice::Text(e.text(t()))));
                    queue.update(|q| q.retain(|u| u.user.id != person.user.id));
                }
                Err(e) => {
                    // Not decided: the person comes back to the front.
                    if approve {
                        notice.set(None);
                        queue.update(|q| {
                            if !q.iter().any(|u| u.user.id == person.user.id) {
                                q.insert(0, person.clone());
                            }
                        });
                    }
                    decide_error.set(Some(e.text(t())));
                }
            }
        });
    };
    let commit_held = move || {
        if let Some(person) = held.try_update(Option::take).flatten() {
            send(person, true, None);
        }
    };
    // Leaving the page within the undo window keeps the decision.
    on_cleanup(move || {
        if let Some(Some(person)) = held.try_get_untracked() {
            spawn_local(async move {
                let _ = api::verify_user(&person.user.id, true, None).await;
            });
        }
    });

    let current = move || queue.with(|q| q.first().cloned());
    let approve = move || {
        if busy.get_untracked() {
            return;
        }
        let Some(person) = current() else { return };
        // A second approval within the window sends the first one now.
        commit_held();
        queue.update(|q| q.retain(|u| u.user.id != person.user.id));
        notice.set(Some(Notice::Undo(person.real_name.clone())));
        held.set(Some(person));
        decide_error.set(None);
        rejecting.set(false);
        undo_timer.start(Duration::from_secs(UNDO_SECONDS), commit_held);
    };
    let undo = move || {
        undo_timer.stop();
        if let Some(person) = held.try_update(Option::take).flatten() {
            queue.update(|q| q.insert(0, person));
            notice.set(None);
        }
    };
    let reject = move || {
        if busy.get_untracked() {
            return;
        }
        if let Some(person) = current() {
            let text = reason.get_untracked();
            if text.trim().is_empty() {
                decide_error.set(Some(t().err_reason_required.to_owned()));
                return;
            }
            send(person, false, Some(text));
        }
    };
    // Closing the reason puts the focus back on the button that opened it.
    let close_reject = move || {
        rejecting.set(false);
        decide_error.set(None);
        request_animation_frame(|| {
            if let Some(el) = document()
                .get_element_by_id("reject")
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = el.focus();
            }
        });
    };
    let open_reject = move || {
        rejecting.set(true);
        request_animation_frame(move || {
            if let Some(el) = reason_ref.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let keys = window_event_listener(ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        // Esc works from inside the reason too: it is how one gets out of it.
        if ev.key() == "Escape" && rejecting.get_untracked() {
            ev.prevent_default();
            close_reject();
            return;
        }
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "a" | "A" => approve(),
            "r" | "R" => {
                ev.prevent_default();
                open_reject();
            }
            "u" | "U" => undo(),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let notice_view = move || {
        notice.get().map(|n| {
            let t = t();
            let (state, text) = match &n {
                Notice::Undo(name) => ("undo", fill(t.decided_approved, name)),
                Notice::Done(true, name) => ("done", fill(t.decided_approved, name)),
                Notice::Done(false, name) => ("done", fill(t.decided_rejected, name)),
                Notice::Text(text) => ("done", text.clone()),
            };
            let undoable = state == "undo";
            view! {
                <p class="banner notice queue-notice" role="status" id="queue-notice" data-state=state>
                    <span>{text}</span>
                    <Show when=move || undoable>
                        <span class="undo-hint">{fill(t.undo_hint, UNDO_SECONDS)}</span>
                        <button type="button" class="button secondary small" id="undo" on:click=move |_| undo()>
                            {tr(|t| t.undo)}<kbd>"U"</kbd>
                        </button>
                    </Show>
                </p>
            }
        })
    };

    view! {
        {notice_view}
        {move || {
            if let Some(error) = load_error.get() {
                return view! { <ErrorCard message=error on_retry=move |()| load()/> }.into_any();
            }
            if !loaded.get() {
                return view! { <Skeleton lines=5/> }.into_any();
            }
            match current() {
                None => view! {
                    <section class="card empty" id="queue-empty">
                        <h3>{tr(|t| t.queue_empty_title)}</h3>
                        <p>{tr(|t| t.queue_empty_body)}</p>
                    </section>
                }.into_any(),
                Some(person) => view! {
                    <p class="queue-count" id="queue-count">{move || fill(t().queue_left, queue.with(Vec::len))}</p>
                    <section class="card person" id="queue-person" data-user-id=person.user.id.clone()>
                        <p class="person-name">{person.real_name.clone()}</p>
                        <dl class="identity">
                            <div class="row"><dt>{tr(|t| t.id_row)}</dt><dd class="mono">{person.user.id_number_masked.clone()}</dd></div>
                            <div class="row"><dt>{tr(|t| t.phone_row)}</dt><dd class="mono">{person.user.phone_masked.clone()}</dd></div>
                            <div class="row"><dt>{tr(|t| t.queue_signed_up)}</dt>
                                <dd>{date_time(person.user.created_at)}</dd></div>
                        </dl>
                        <Show when=move || rejecting.get()>
                            <label class="field" for="reject-reason">
                                <span class="label">{tr(|t| t.reject_reason_label)}</span>
                                <textarea id="reject-reason" node_ref=reason_ref rows="2" maxlength="200"
                                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </label>
                            <div class="chips">
                                {move || t().reject_reasons.iter().map(|r| view! {
                                    <button type="button" class="chip" on:click=move |_| reason.set((*r).to_owned())>{*r}</button>
                                }).collect_view()}
                            </div>
                        </Show>
                        <Show when=move || decide_error.with(Option::is_some)>
                            <p class="form-error" role="alert">{move || decide_error.get()}</p>
                        </Show>
                        <div class="button-row">
                            <Show when=move || rejecting.get() fallback=move || view! {
                                <button class="button secondary" id="reject" on:click=move |_| open_reject()>
                                    {tr(|t| t.reject)}<kbd>"R"</kbd>
                                </button>
                            }>
                                <button class="button secondary" id="reject-close" on:click=move |_| close_reject()>
                                    {tr(|t| t.cancel)}<kbd>"Esc"</kbd>
                                </button>
                                <button class="button danger" id="reject-send" disabled=move || busy.get()
                                    on:click=move |_| reject()>{tr(|t| t.reject_send)}</button>
                            </Show>
                            <button class="button primary" id="approve" disabled=move || busy.get() on:click=move |_| approve()>
                                {tr(|t| t.approve)}<kbd>"A"</kbd>
                            </button>
                        </div>
                    </section>
                    <p class="note shortcuts">{tr(|t| t.shortcuts_undo)}</p>
                }.into_any(),
            }
        }}
    }
}
