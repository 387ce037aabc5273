//! "Open door" on the phone. The door's kiosk shows a six-digit code that changes every 30 s;
//! typing it (or scanning its QR) proves the renter is standing at that door, so a booking
//! cannot open the door from across town. A panel asks for the door (when the room has several
//! with a screen) and the code, then asks the server to open. Without a signal the phone cannot
//! ask, but the door's keypad still takes the access code, which the phone keeps offline: so
//! rather than "no network", it says to type that code (and shows it).

use crate::components::qr_scanner::QrScanner;
use crate::i18n::{Texts, fill};
use crate::scan;
use crate::state::{Auth, tr, use_texts};
use leptos::ev::{self, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::ErrorCode;
use studyroom_api::booking::{Door, OpenDoorRequest};
use ui::api::{self, ApiError};
use ui::components::icon::{Icon, IconKind};
use ui::forms::lockout_minutes;
use ui::presence;

/// The access code as the code card shows it, in groups of four ("4820 7315").
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// No signal: the keypad and the access code still work.
fn offline_text(code: Option<&str>, t: &Texts) -> String {
    fill(t.door_offline, code.map(spaced).unwrap_or_default())
}

/// The sentence for a refused open door.
fn refusal(e: &ApiError, code: Option<&str>, t: &Texts) -> String {
    match e.code {
        None => offline_text(code, t),
        Some(ErrorCode::PresenceRequired) => t.err_presence_required.to_owned(),
        Some(ErrorCode::TooManyAttempts) => fill(t.err_open_too_many, lockout_minutes(e.retry_after_secs)),
        _ => e.text(t),
    }
}

#[component]
pub fn DoorOpener(
    /// The booking whose door to open.
    booking_id: String,
    /// The room's doors that have a screen (at least one).
    doors: Vec<Door>,
    /// Whether the door opens for this booking now (its window, a code not revoked).
    #[prop(into)]
    can_open: Signal<bool>,
    /// Called once the door has opened.
    #[prop(into)]
    on_opened: Callback<()>,
    /// The booking's access code, for the keypad when there is no signal.
    #[prop(into)]
    code: Signal<Option<String>>,
) -> impl IntoView {
    let t = use_texts();
    // The phone's own idea of its connection: offline, the button gives way to the keypad note.
    let online = RwSignal::new(window().navigator().on_line());
    let went_online = window_event_listener(ev::online, move |_| online.set(true));
    let went_offline = window_event_listener(ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        went_online.remove();
        went_offline.remove();
    });
    let auth = expect_context::<Auth>();
    let open = RwSignal::new(false);
    let door = RwSignal::new((doors.len() == 1).then(|| doors[0].id.clone()));
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let scanning = RwSignal::new(false);
    let can_scan = scan::supported();
    let booking_id = StoredValue::new(booking_id);
    let input = NodeRef::<leptos::html::Input>::new();

    let sending = RwSignal::new(false);
    let submit = move || {
        if sending.get_untracked() || door.with_untracked(Option::is_none) {
            return;
        }
        if typed.with_untracked(|c| c.len() != presence::LENGTH) {
            error.set(Some(t().presence_short.to_owned()));
            return;
        }
        error.set(None);
        let body = OpenDoorRequest {
            door_id: door.get_untracked().unwrap_or_default(),
            presence: typed.get_untracked(),
        };
        sending.set(true);
        spawn_local(async move {
            let result = api::open_door(&booking_id.get_value(), &body).await;
            if sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(_) => {
                    open.set(false);
                    typed.set(String::new());
                    on_opened.run(());
                }
                Err(e) => {
                    auth.note(&e);
                    error.set(Some(code.with_untracked(|c| refusal(&e, c.as_deref(), t()))));
                    if e.is(ErrorCode::PresenceRequired) {
                        typed.set(String::new());
                        if let Some(el) = input.get_untracked() {
                            let _ = el.focus();
                        }
                    }
                }
            }
        });
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit();
    };

    let doors = StoredValue::new(doors);
    // Several doors with a screen: which one is the renter standing at?
    let door_choice = move || {
        doors.with_value(|doors| {
            (doors.len() > 1).then(|| {
                let chips = doors
                    .iter()
                    .map(|d| {
                        let id = d.id.clone();
                        let pressed = {
                            let id = id.clone();
                            move || door.with(|c| c.as_deref() == Some(id.as_str())).to_string()
                        };
                        view! {
                            <button type="button" class="chip" data-door-id=id.clone() aria-pressed=pressed
                                on:click=move |_| door.set(Some(id.clone()))>{d.name.clone()}</button>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 id="door-which">{tr(|t| t.door_which)}</h3>
                    <div class="chips" role="group" aria-labelledby="door-which">{chips}</div>
                }
            })
        })
    };

    let panel = move || {
        view! {
            <form class="card door-panel" id="door-panel" on:submit=on_submit novalidate>
                {door_choice()}
                <div class="field">
                    <label for="presence">{tr(|t| t.presence_label)}</label>
                    <div class="field-row">
                        <input id="presence" node_ref=input class="presence-input" type="text" inputmode="numeric"
                            pattern="[0-9]*" autocomplete="off" autocapitalize="off" spellcheck="false"
                            enterkeyhint="go" aria-describedby="presence-message"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(presence::typed(&event_target_value(&ev)))/>
                        {can_scan.then(|| view! {
                            <button type="button" class="button secondary scan-button" id="scan"
                                on:click=move |_| { error.set(None); scanning.update(|s| *s = !*s); }>
                                <Icon kind=IconKind::Camera/>
                                {move || if scanning.get() { t().scan_stop } else { t().scan_button }}
                            </button>
                        })}
                    </div>
                    <p id="presence-message" class="field-message" aria-live="polite">{tr(|t| t.presence_hint)}</p>
                </div>
                <Show when=move || scanning.get()>
                    <QrScanner
                        on_code=move |code: String| {
                            scanning.set(false);
                            typed.set(code);
                            submit();
                        }
                        on_error=move |()| {
                            scanning.set(false);
                            error.set(Some(t().scan_failed.to_owned()));
                        }/>
                </Show>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert" id="door-error">{move || error.get()}</p>
                </Show>
                <div class="button-row">
                    <button type="button" class="button secondary" id="door-cancel"
                        on:click=move |_| { open.set(false); scanning.set(false); error.set(None); }>
                        {tr(|t| t.cancel)}
                    </button>
                    <button type="submit" class="button primary" id="presence-submit"
                        disabled=move || sending.get() || !can_open.get() || door.with(Option::is_none)>
                        {move || if sending.get() { t().busy } else { t().open_door }}
                    </button>
                </div>
            </form>
        }
    };
    // Bring the panel into view when it opens (it is below the code card on a phone), and focus
    // the code field so that the numeric keyboard comes up.
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(panel) = document().get_element_by_id("door-panel") {
                    panel.scroll_into_view();
                }
                if let Some(el) = input.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });

    view! {
        <Show when=move || online.get() fallback=move || view! {
            <p class="note door-note door-offline" id="door-offline" role="status">
                {move || code.with(|c| offline_text(c.as_deref(), t()))}
            </p>
        }>
            <Show when=move || open.get() fallback=move || view! {
                <button type="button" class="button primary wide" id="open-door"
                    disabled=move || !can_open.get() on:click=move |_| open.set(true)>
                    {tr(|t| t.open_door)}
                </button>
            }>
                {panel}
            </Show>
        </Show>
    }
}
