//! The kiosk's presence code: six digits, large and in two groups so they can be read from a
//! step away, their QR for a phone that can scan, and one line saying what to do with them.

use crate::state::tr;
use leptos::prelude::*;
use ui::components::qr_code::QrCode;
use ui::presence;

/// What the card shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PresenceShown {
    /// Asking the server for the first time.
    Loading,
    /// The code to type now.
    Code(String),
    /// No code that still works, and the server cannot be reached.
    Offline,
    /// The door's token was refused: nothing to show until a manager pairs the door again.
    Unpaired,
}

#[component]
pub fn PresenceCard(#[prop(into)] shown: Signal<PresenceShown>) -> impl IntoView {
    let body = move || {
        match shown.get() {
        PresenceShown::Code(code) => {
            let spoken: String = code.chars().map(|c| format!("{c} ")).collect();
            view! {
                <div class="presence-body">
                    <p class="presence-code" id="presence-code" data-code=code.clone()
                        aria-label=spoken.trim_end().to_owned()>{presence::spaced(&code)}</p>
                    <QrCode text=code label=tr(|t| t.kiosk_presence_qr)/>
                </div>
            }
            .into_any()
        }
        PresenceShown::Loading => view! {
            <p class="presence-wait" id="presence-wait" aria-busy="true">{tr(|t| t.kiosk_presence_loading)}</p>
        }
        .into_any(),
        PresenceShown::Offline => view! {
            <p class="presence-wait" id="presence-offline">{tr(|t| t.kiosk_presence_offline)}</p>
        }
        .into_any(),
        PresenceShown::Unpaired => view! {
            <p class="presence-wait" id="presence-unpaired">{tr(|t| t.kiosk_unpaired)}</p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="presence" aria-labelledby="presence-title">
            <h2 id="presence-title">{tr(|t| t.kiosk_presence_title)}</h2>
            {body}
            <p class="presence-how">{tr(|t| t.kiosk_presence_how)}</p>
        </section>
    }
}
