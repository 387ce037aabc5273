//! `/door`: the kiosk on the wall tablet by the door. Paired once with the door's id and token
//! (checked with the server before it is kept), it shows two ways in:
//!
//! - the door's presence code, large and as a QR, fresh every 30 s: a renter types or scans it in
//!   the app's "open door", which proves they stand at this door;
//! - a big keypad for the booking's access code. The answer (welcome and the seat, refused)
//!   stays a few seconds before the keypad is fresh for the next person; a lock-out stays, with
//!   its countdown, for as long as it lasts. A physical keyboard works too: digits, Backspace,
//!   Escape, Enter.
//!
//! Left alone, the kiosk tidies itself for the next person: half-typed digits go after a few
//! seconds, and after half a minute it is back in Chinese. Unpairing takes a manager's login.

use crate::components::keypad::Keypad;
use crate::components::presence_card::{PresenceCard, PresenceShown};
use crate::door_entry::{self, FORGET_TYPED_SECONDS, IDLE_SECONDS, Key, RESULT_SECONDS};
use crate::i18n::{Lang, fill};
use crate::state::{Clock, Locale, tr, use_now, use_texts};
use chrono::{DateTime, TimeDelta, Utc};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use studyroom_api::auth::LoginRequest;
use studyroom_api::booking::UnlockResponse;
use studyroom_api::{ErrorCode, Role};
use ui::api::{self, ApiError};
use ui::components::field::Field;
use ui::components::icon::{Icon, IconKind};
use ui::presence;
use ui::timer::Timer;
use ui::when;
use wasm_bindgen::JsCast;

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
    ui::json::parse(&text)
}

fn save_pairing(p: &Pairing) {
    if let (Some(s), Some(text)) = (storage(), ui::json::stringify(p)) {
        let _ = s.set_item(DOOR_KEY, &text);
    }
}

fn forget_pairing() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DOOR_KEY);
    }
}

#[component]
pub fn DoorPage() -> impl IntoView {
    let pairing = RwSignal::new(saved_pairing());
    view! {
        {move || match pairing.get() {
            Some(p) => view! { <Kiosk pairing=p on_unpaired=move |()| {
                forget_pairing();
                pairing.set(None);
            }/> }.into_any(),
            None => view! { <PairForm on_paired=move |p: Pairing| {
                save_pairing(&p);
                pairing.set(Some(p));
            }/> }.into_any(),
        }}
    }
}

/// The one-time pairing: the door id and the token a manager got when adding the door. The
/// server is asked for the door's presence code with them first, so a mistyped token is refused
/// here and now rather than at the first renter's code.
#[component]
fn PairForm(#[prop(into)] on_paired: Callback<Pairing>) -> impl IntoView {
    let t = use_texts();
    let door_id = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Plain tasks rather than Actions in the kiosk's forms: each Action type costs its own code.
    let checking = RwSignal::new(false);
    let save = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let p = Pairing {
            door_id: door_id.get_untracked().trim().to_owned(),
            token: token.get_untracked().trim().to_owned(),
        };
        if p.door_id.is_empty() || p.token.is_empty() {
            error.set(Some(t().pair_missing.to_owned()));
            return;
        }
        error.set(None);
        checking.set(true);
        spawn_local(async move {
            let result = api::presence(&p.door_id, &p.token).await;
            if checking.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(_) => on_paired.run(p),
                Err(e) if e.is(ErrorCode::Unauthenticated) => error.set(Some(t().pair_refused.to_owned())),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
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
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" id="pair-error">{move || error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="pair-save" disabled=move || checking.get()>
                {move || if checking.get() { t().pair_checking } else { t().pair_save }}
            </button>
        </form>
    }
}

/// Keeps the door's presence code on screen and fresh: asked again as the step turns, and after a
/// failure with growing pauses. A code stays good for a whole step after it was fetched (the
/// server takes the previous one too); one that could not be replaced by then is taken down.
fn follow_presence(pairing: StoredValue<Pairing>) -> RwSignal<PresenceShown> {
    let shown = RwSignal::new(PresenceShown::Loading);
    let round = RwSignal::new(0u32);
    let failures = StoredValue::new(0u32);
    let next = Timer::new();
    let expire = Timer::new();
    let ask_again = move |after_ms: u64| {
        next.start(Duration::from_millis(after_ms), move || {
            round.try_update(|n| *n += 1);
        })
    };
    Effect::new(move |_| {
        round.track();
        let Pairing { door_id, token } = pairing.get_value();
        spawn_local(async move {
            let result = api::presence(&door_id, &token).await;
            // The kiosk may have been unpaired meanwhile.
            if shown.try_get_untracked().is_none() {
                return;
            }
            match result {
                Ok(p) => {
                    failures.set_value(0);
                    shown.set(PresenceShown::Code(p.code));
                    expire.start(Duration::from_millis(presence::GOOD_FOR_MS), move || {
                        shown.try_set(PresenceShown::Offline);
                    });
                    ask_again(presence::refresh_delay_ms(p.valid_until, Utc::now()));
                }
                Err(e) if e.is(ErrorCode::Unauthenticated) => {
                    // The token no longer works: only a manager can help, by pairing again.
                    expire.stop();
                    shown.set(PresenceShown::Unpaired);
                }
                Err(_) => {
                    let n = failures.get_value() + 1;
                    failures.set_value(n);
                    if shown.with_untracked(|s| *s == PresenceShown::Loading) {
                        shown.set(PresenceShown::Offline);
                    }
                    ask_again(presence::retry_delay_ms(n));
                }
            }
        });
    });
    shown
}

/// The answer to one code, as the kiosk shows it.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Granted(Option<String>),
    Refused,
    /// The keypad is locked for this many seconds.
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
                Outcome::Locked(door_entry::lockout_seconds(e.retry_after_secs))
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

    fn icon(&self) -> IconKind {
        match self {
            Outcome::Granted(_) => IconKind::Check,
            Outcome::Refused => IconKind::Cross,
            Outcome::Locked(_) => IconKind::Lock,
            Outcome::Unpaired | Outcome::Failed(_) => IconKind::Alert,
        }
    }
}

/// Whether a key was typed into a form field (the manager's login), not at the keypad.
fn typed_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

#[component]
fn Kiosk(pairing: Pairing, #[prop(into)] on_unpaired: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let Locale(lang) = expect_context::<Locale>();
    let clock = expect_context::<Clock>();
    let pairing = StoredValue::new(pairing);
    let code = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let locked_until = RwSignal::new(None::<DateTime<Utc>>);
    let unpairing = RwSignal::new(false);
    let answer_timer = Timer::new();
    let forget_timer = Timer::new();
    let idle_timer = Timer::new();

    let presence_shown = follow_presence(pairing);

    // A lock-out stays on screen, counting down, for as long as it lasts.
    let now = use_now(Duration::from_secs(1));
    let lock_left = Memo::new(move |_| {
        locked_until
            .get()
            .map(|until| door_entry::seconds_left((until - now.get()).num_milliseconds()))
    });
    Effect::new(move |_| {
        if lock_left.get() == Some(0) {
            locked_until.set(None);
        }
    });
    let locked = move || lock_left.get().is_some_and(|s| s > 0);

    let unlock = Action::new_local(move |typed: &String| {
        let (pairing, typed) = (pairing.get_value(), typed.clone());
        async move { api::unlock(&pairing.door_id, &pairing.token, &typed).await }
    });
    Effect::new(move |_| {
        let Some(result) = unlock.value().get() else {
            return;
        };
        match Outcome::from(result) {
            Outcome::Locked(seconds) => {
                outcome.set(None);
                locked_until.set(Some(clock.now() + TimeDelta::seconds(seconds as i64)));
            }
            answer => {
                outcome.set(Some(answer));
                // The answer stays a few seconds, then the kiosk is fresh for the next person.
                answer_timer.start(Duration::from_secs(RESULT_SECONDS), move || {
                    outcome.try_set(None);
                });
            }
        }
    });

    let press = move |key: Key| {
        if unlock.pending().get_untracked() || locked_until.with_untracked(Option::is_some) {
            return;
        }
        let mut typed = code.get_untracked();
        let send = door_entry::press(&mut typed, key);
        if send {
            unlock.dispatch(typed);
            // Nobody after this person should see how long their code was.
            code.set(String::new());
            forget_timer.stop();
        } else {
            // Typing again replaces the last answer.
            if key != Key::Open && outcome.with_untracked(Option::is_some) {
                outcome.set(None);
            }
            // Half-typed digits do not wait for the next person.
            if typed.is_empty() {
                forget_timer.stop();
            } else {
                forget_timer.start(Duration::from_secs(FORGET_TYPED_SECONDS), move || {
                    code.try_set(String::new());
                });
            }
            code.set(typed);
        }
    };

    // Half a minute without a touch: back to Chinese, and the manager's form (with whatever was
    // typed in it) is closed.
    let touched = move || {
        idle_timer.start(Duration::from_secs(IDLE_SECONDS), move || {
            if lang.try_get_untracked() == Some(Lang::En) {
                lang.set(Lang::Zh);
            }
            unpairing.try_set(false);
        })
    };
    touched();
    let pointer = window_event_listener(ev::pointerdown, move |_| touched());
    let keys = window_event_listener(ev::keydown, move |ev| {
        touched();
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typed_in_a_field(&ev) {
            return;
        }
        if let Some(key) = door_entry::key_from_keyboard(&ev.key()) {
            // Backspace must not navigate back; Enter must not re-press a focused button.
            ev.prevent_default();
            press(key);
        }
    });
    on_cleanup(move || {
        pointer.remove();
        keys.remove();
    });

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
                Outcome::Locked(seconds) => fill(t.err_door_locked_minutes, seconds.div_ceil(60)),
                Outcome::Unpaired => t.kiosk_unpaired.to_owned(),
                Outcome::Failed(e) => e.text(t),
            })
        })
    };
    // Only the switch between the lock-out and the answer area rebuilds it, not every second.
    let is_locked = Memo::new(move |_| locked());
    let answer = move || {
        if is_locked.get() {
            return view! {
                <div class="kiosk-locked" id="kiosk-locked">
                    <p class="locked-title" role="alert"><Icon kind=IconKind::Lock/>{tr(|t| t.kiosk_locked_title)}</p>
                    <p class="locked-left" id="locked-left" role="timer"
                        data-seconds=move || lock_left.get().unwrap_or(0)>
                        {move || fill(t().kiosk_locked_left, when::countdown(lock_left.get().unwrap_or(0)))}
                    </p>
                    <p class="locked-phone">{tr(|t| t.kiosk_locked_phone)}</p>
                </div>
            }
            .into_any();
        }
        view! {
            <div class="kiosk-answer" aria-live="assertive">
                {move || outcome.get().map(|o| view! {
                    <p class=format!("kiosk-result {}", o.name()) id="kiosk-result" data-result=o.name()>
                        <Icon kind=o.icon()/>
                        {message}
                    </p>
                })}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="kiosk">
            <PresenceCard shown=presence_shown/>
            <div class="kiosk-keys">
                <div class="kiosk-screen">
                    <h1 class="kiosk-prompt">{tr(|t| t.kiosk_prompt)}</h1>
                    <div class="code-dots" id="kiosk-typed" role="img" data-length=move || code.with(String::len)
                        aria-label=move || fill(t().kiosk_typed, code.with(String::len))>{dots}</div>
                    {answer}
                </div>
                <Keypad on_key=press can_open=Signal::derive(move || code.with(|c| c.len() >= door_entry::MIN_DIGITS))
                    busy=Signal::derive(move || unlock.pending().get() || is_locked.get())/>
            </div>
            <div class="kiosk-foot">
                <Show when=move || unpairing.get() fallback=move || view! {
                    <button type="button" class="link-button" id="unpair" on:click=move |_| unpairing.set(true)>
                        {tr(|t| t.kiosk_unpair)}
                    </button>
                }>
                    <UnpairForm on_unpaired=on_unpaired on_cancel=move |()| unpairing.set(false)/>
                </Show>
            </div>
        </section>
    }
}

/// Unpairing takes a manager: anyone passing could otherwise take the door's screen and keypad
/// away. The manager signs in here (the kiosk keeps no one's session afterwards: it signs out
/// again at once); a member's login is refused.
#[component]
fn UnpairForm(
    #[prop(into)] on_unpaired: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let t = use_texts();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        error.set(None);
        checking.set(true);
        let req = LoginRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let result = match api::login(&req).await {
                Ok(user) => {
                    let _ = api::logout().await;
                    Ok(user.role == Role::Manager)
                }
                Err(e) => Err(e),
            };
            if checking.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(true) => on_unpaired.run(()),
                Ok(false) => error.set(Some(t().unpair_not_manager.to_owned())),
                Err(e) => error.set(Some(e.text(t()))),
            }
            password.try_set(String::new());
        });
    };
    view! {
        <form class="card form unpair-form" id="unpair-form" on:submit=submit novalidate>
            <h2>{tr(|t| t.unpair_title)}</h2>
            <Field id="unpair-phone" label=tr(|t| t.unpair_phone) value=phone error=|| None
                input_type="tel" inputmode="numeric" maxlength=20/>
            <Field id="unpair-password" label=tr(|t| t.password_label) value=password error=|| None
                input_type="password"/>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" id="unpair-error">{move || error.get()}</p>
            </Show>
            <div class="button-row">
                <button type="button" class="button secondary" id="unpair-cancel" on:click=move |_| on_cancel.run(())>
                    {tr(|t| t.cancel)}
                </button>
                <button type="submit" class="button danger" id="unpair-confirm" disabled=move || checking.get()>
                    {move || if checking.get() { t().busy } else { t().kiosk_unpair_confirm }}
                </button>
            </div>
        </form>
    }
}
