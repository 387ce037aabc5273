//! `/admin`: the verification queue, one person at a time, oldest first. A manager compares the
//! full name and the masked ID with the card in front of them and approves or rejects with a reason.
//! Keyboard: A approves, R opens the reason.

use crate::i18n::fill;
use crate::state::use_texts;
use leptos::ev;
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::{AdminUser, ErrorCode};
use ui::api;
use ui::components::skeleton::Skeleton;

#[derive(Clone)]
struct Decision {
    id: String,
    approve: bool,
    reason: Option<String>,
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="queue-column">
            <h1 class="page-title">{move || t().queue_title}</h1>
            <Queue/>
        </div>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let t = use_texts();
    let queue = RwSignal::new(Vec::<AdminUser>::new());
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    let load = move || {
        load_error.set(None);
        spawn_local(async move {
            match api::pending_users().await {
                Ok(users) => queue.set(users),
                Err(e) => load_error.set(Some(e.text(t()))),
            }
            loaded.set(true);
        });
    };
    load();

    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_ref = NodeRef::<Textarea>::new();
    let notice = RwSignal::new(None::<String>);
    let decide_error = RwSignal::new(None::<String>);
    let decide = Action::new_local(|d: &Decision| {
        let d = d.clone();
        async move {
            (
                d.id.clone(),
                d.approve,
                api::verify_user(&d.id, d.approve, d.reason).await,
            )
        }
    });
    Effect::new(move |_| {
        let Some((id, approve, result)) = decide.value().get() else {
            return;
        };
        let name = queue.with_untracked(|q| q.iter().find(|u| u.user.id == id).map(|u| u.real_name.clone()));
        match result {
            Ok(_) => {
                let verb = if approve {
                    t().decided_approved
                } else {
                    t().decided_rejected
                };
                notice.set(Some(format!("{verb}: {}", name.unwrap_or_default())));
            }
            Err(e) if !e.is(ErrorCode::InvalidState) && !e.is(ErrorCode::NotFound) => {
                decide_error.set(Some(e.text(t())));
                return;
            }
            Err(e) => notice.set(Some(e.text(t()))),
        }
        queue.update(|q| q.retain(|u| u.user.id != id));
        rejecting.set(false);
        reason.set(String::new());
        decide_error.set(None);
    });
    let current = move || queue.with(|q| q.first().cloned());
    let approve = move || {
        if let Some(u) = current().filter(|_| !decide.pending().get_untracked()) {
            decide.dispatch(Decision {
                id: u.user.id,
                approve: true,
                reason: None,
            });
        }
    };
    let reject = move || {
        if let Some(u) = current().filter(|_| !decide.pending().get_untracked()) {
            let text = reason.get_untracked();
            if text.trim().is_empty() {
                decide_error.set(Some(t().err_reason_required.to_owned()));
                return;
            }
            decide.dispatch(Decision {
                id: u.user.id,
                approve: false,
                reason: Some(text),
            });
        }
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
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "a" | "A" => approve(),
            "r" | "R" => {
                ev.prevent_default();
                open_reject();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <Show when=move || notice.with(Option::is_some)>
            <p class="banner notice" role="status" id="queue-notice">{move || notice.get()}</p>
        </Show>
        {move || {
            if let Some(error) = load_error.get() {
                return view! {
                    <section class="card">
                        <p class="form-error" role="alert">{error}</p>
                        <button class="button secondary" on:click=move |_| load()>{move || t().retry}</button>
                    </section>
                }.into_any();
            }
            if !loaded.get() {
                return view! { <Skeleton lines=5/> }.into_any();
            }
            match current() {
                None => view! {
                    <section class="card empty" id="queue-empty">
                        <h2>{move || t().queue_empty_title}</h2>
                        <p>{move || t().queue_empty_body}</p>
                    </section>
                }.into_any(),
                Some(person) => view! {
                    <p class="queue-count" id="queue-count">{move || fill(t().queue_left, queue.with(Vec::len))}</p>
                    <section class="card person" id="queue-person" data-user-id=person.user.id.clone()>
                        <p class="person-name">{person.real_name.clone()}</p>
                        <dl class="identity">
                            <div class="row"><dt>{move || t().id_row}</dt><dd class="mono">{person.user.id_number_masked.clone()}</dd></div>
                            <div class="row"><dt>{move || t().phone_row}</dt><dd class="mono">{person.user.phone_masked.clone()}</dd></div>
                            <div class="row"><dt>{move || t().queue_signed_up}</dt>
                                <dd>{person.user.created_at.format("%Y-%m-%d %H:%M").to_string()}</dd></div>
                        </dl>
                        <Show when=move || rejecting.get()>
                            <label class="field" for="reject-reason">
                                <span class="label">{move || t().reject_reason_label}</span>
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
                                    {move || t().reject}<kbd>"R"</kbd>
                                </button>
                            }>
                                <button class="button danger" id="reject-send" on:click=move |_| reject()>{move || t().reject_send}</button>
                            </Show>
                            <button class="button primary" id="approve" disabled=move || decide.pending().get() on:click=move |_| approve()>
                                {move || t().approve}<kbd>"A"</kbd>
                            </button>
                        </div>
                    </section>
                    <p class="note shortcuts">{move || t().shortcuts_hint}</p>
                }.into_any(),
            }
        }}
    }
}
