//! `/door`: the kiosk on the wall tablet by the door. Paired once with the door's id and token,
//! then a big keypad: type the code, Open, and the answer (welcome and the seat, refused, or
//! locked out for so many minutes) stays a few seconds before the keypad is fresh for the next
//! person. A physical keyboard works too: digits, Backspace, Escape, Enter.

use crate::api::{self, ApiError};
use crate::components::keypad::Keypad;
use crate::door_entry::{self, Key, RESULT_SECONDS};
use crate::i18n::fill;
use crate::state::{tr, use_texts};
use leptos::ev;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use studyroom_api::ErrorCode;
use studyroom_api::booking::UnlockResponse;

/// Where the pairing is kept. The kiosk is a device, not a person: its door token is the
/// tablet's own credential, kept on it the way a lock controller keeps its key, so it lives in
/// localStorage. People's sessions never do (they stay in an HttpOnly cookie).
const DOOR_KEY: &str = "studyroom.door";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Pairing {
    door_id: String,
    token: String,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn saved_pairing() -> Option<Pairing> {
    let text = storage()?.get_item(DOOR_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

#[component]
pub fn DoorPage() -> impl IntoView {
    let pairing = RwSignal::new(saved_pairing());
    view! {
        {move || match pairing.get() {
            Some(p) => view! { <Kiosk pairing=p on_unpair=move |()| {
                if let Some(s) = storage() {
                    let _ = s.remove_item(DOOR_KEY);
                }
                pairing.set(None);
            }/> }.into_any(),
            None => view! { <PairForm on_paired=move |p| pairing.set(Some(p))/> }.into_any(),
        }}
    }
}

/// The one-time pairing: the door id and the token a manager got when adding the door.
#[component]
fn PairForm(#[prop(into)] on_paired: Callback<Pairing>) -> impl IntoView {
    let door_id = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let save = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let p = Pairing {
            door_id: door_id.get_untracked().trim().to_owned(),
            token: token.get_untracked().trim().to_owned(),
        };
        if p.door_id.is_empty() || p.token.is_empty() {
            missing.set(true);
            return;
        }
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&p)) {
            let _ = s.set_item(DOOR_KEY, &text);
        }
        on_paired.run(p);
    };
    view! {
        <form class="card form kiosk-pair" on:submit=save novalidate>
            <h1>{tr(|t| t.kiosk_pair_title)}</h1>
            <p class="sub">{tr(|t| t.kiosk_pair_body)}</p>
            <div class="field">
                <label for="pair-door-id">{tr(|t| t.pair_door_id)}</label>
                <input id="pair-door-id" autocomplete="off" autocapitalize="off" spellcheck="false"
                    prop:value=move || door_id.get() on:input=move |ev| door_id.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="pair-token">{tr(|t| t.pair_token)}</label>
                <input id="pair-token" type="password" autocomplete="off"
                    prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
            </div>
            <Show when=move || missing.get()>
                <p class="form-error" role="alert">{tr(|t| t.pair_missing)}</p>
            </Show>
            <button type="submit" class="button primary" id="pair-save">{tr(|t| t.pair_save)}</button>
        </form>
    }
}

/// The answer to one code, as the kiosk shows it.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Granted(Option<String>),
    Refused,
    Locked(u64),
    /// The token was refused: the door needs pairing again.
    Unpaired,
    Failed(ApiError),
}

impl Outcome {
    fn from(result: Result<UnlockResponse, ApiError>) -> Self {
        match result {
            Ok(r) if r.granted => Outcome::Granted(r.seat_label),
            Ok(_) => Outcome::Refused,
            Err(e) if e.is(ErrorCode::CodeInvalid) => Outcome::Refused,
            Err(e) if e.is(ErrorCode::DoorLockedOut) => {
                Outcome::Locked(door_entry::lockout_minutes(e.retry_after_secs))
            }
            Err(e) if e.is(ErrorCode::Unauthenticated) => Outcome::Unpaired,
            Err(e) => Outcome::Failed(e),
        }
    }

    /// `data-result`, and the class that colours and shapes the answer.
    fn name(&self) -> &'static str {
        match self {
            Outcome::Granted(_) => "granted",
            Outcome::Refused => "refused",
            Outcome::Locked(_) => "locked",
            Outcome::Unpaired | Outcome::Failed(_) => "error",
        }
    }

    fn mark(&self) -> &'static str {
        match self {
            Outcome::Granted(_) => "✓",
            Outcome::Refused => "✕",
            Outcome::Locked(_) => "⏸",
            Outcome::Unpaired | Outcome::Failed(_) => "!",
        }
    }
}

#[component]
fn Kiosk(pairing: Pairing, #[prop(into)] on_unpair: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let code = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let unpairing = RwSignal::new(false);
    let reset = StoredValue::new(None::<TimeoutHandle>);

    let unlock = Action::new_local(move |typed: &String| {
        let (pairing, typed) = (pairing.clone(), typed.clone());
        async move { api::unlock(&pairing.door_id, &pairing.token, &typed).await }
    });
    Effect::new(move |_| {
        let Some(result) = unlock.value().get() else {
            return;
        };
        outcome.set(Some(Outcome::from(result)));
        // The answer stays a few seconds, then the kiosk is fresh for the next person.
        if let Some(h) = reset.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(move || outcome.set(None), Duration::from_secs(RESULT_SECONDS));
        reset.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(h) = reset.try_get_value().flatten() {
            h.clear();
        }
    });

    let press = move |key: Key| {
        if unlock.pending().get_untracked() {
            return;
        }
        let mut typed = code.get_untracked();
        let send = door_entry::press(&mut typed, key);
        if send {
            unlock.dispatch(typed);
            // Nobody after this person should see how long their code was.
            code.set(String::new());
        } else {
            // Typing again replaces the last answer.
            if key != Key::Open && outcome.with_untracked(Option::is_some) {
                outcome.set(None);
            }
            code.set(typed);
        }
    };
    let keys = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if let Some(key) = door_entry::key_from_keyboard(&ev.key()) {
            // Backspace must not navigate back; Enter must not re-press a focused button.
            ev.prevent_default();
            press(key);
        }
    });
    on_cleanup(move || keys.remove());

    let dots = move || {
        let (filled, total) = door_entry::dots(code.with(String::len));
        (0..total)
            .map(|i| view! { <span class="code-dot" class:filled=i < filled></span> })
            .collect_view()
    };
    let message = move || {
        outcome.with(|o| {
            let t = t();
            o.as_ref().map(|o| match o {
                Outcome::Granted(Some(seat)) => fill(t.kiosk_granted, seat),
                Outcome::Granted(None) => t.kiosk_granted_plain.to_owned(),
                Outcome::Refused => t.kiosk_refused.to_owned(),
                Outcome::Locked(minutes) => fill(t.err_door_locked_minutes, minutes),
                Outcome::Unpaired => t.kiosk_unpaired.to_owned(),
                Outcome::Failed(e) => e.text(t),
            })
        })
    };

    view! {
        <section class="kiosk">
            <div class="kiosk-screen">
                <h1 class="kiosk-prompt">{tr(|t| t.kiosk_prompt)}</h1>
                <div class="code-dots" id="kiosk-typed" role="img" data-length=move || code.with(String::len)
                    aria-label=move || fill(t().kiosk_typed, code.with(String::len))>{dots}</div>
                <div class="kiosk-answer" aria-live="assertive">
                    {move || outcome.get().map(|o| view! {
                        <p class=format!("kiosk-result {}", o.name()) id="kiosk-result" data-result=o.name()>
                            <span class="result-mark" aria-hidden="true">{o.mark()}</span>
                            {message}
                        </p>
                    })}
                </div>
            </div>
            <Keypad on_key=press can_open=Signal::derive(move || code.with(|c| c.len() >= door_entry::MIN_DIGITS))
                busy=unlock.pending()/>
            <div class="kiosk-foot">
                <Show when=move || unpairing.get() fallback=move || view! {
                    <button type="button" class="link-button" id="unpair" on:click=move |_| unpairing.set(true)>
                        {tr(|t| t.kiosk_unpair)}
                    </button>
                }>
                    <button type="button" class="link-button" on:click=move |_| unpairing.set(false)>{tr(|t| t.cancel)}</button>
                    <button type="button" class="link-button danger" id="unpair-confirm" on:click=move |_| on_unpair.run(())>
                        {tr(|t| t.kiosk_unpair_confirm)}
                    </button>
                </Show>
            </div>
        </section>
    }
}
