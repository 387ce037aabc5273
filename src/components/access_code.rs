//! The code that opens the door: huge, one digit at a time in monospace so it can be read off at
//! arm's length and typed on the door's keypad; its QR; and when it works.

use crate::i18n::fill;
use crate::state::{tr, use_texts};
use chrono::NaiveDate;
use leptos::prelude::*;
use studyroom_api::AccessCode;
use ui::components::qr_code::QrCode;
use ui::when;

#[component]
pub fn AccessCodeCard(
    code: AccessCode,
    /// The room's today, for naming other days in the validity.
    #[prop(into)]
    today: Signal<NaiveDate>,
) -> impl IntoView {
    let t = use_texts();
    let AccessCode {
        code,
        valid_from,
        valid_until,
    } = code;
    // Spoken digit by digit, like the screen shows it.
    let spoken: String = code.chars().map(|c| format!("{c} ")).collect();
    let digits = code
        .chars()
        .map(|c| view! { <span>{c.to_string()}</span> })
        .collect_view();
    view! {
        <section class="card code-card">
            <p class="code-label">{tr(|t| t.code_label)}</p>
            <p class="access-code" id="access-code" data-code=code.clone() aria-label=spoken.trim_end().to_owned()>
                {digits}
            </p>
            <QrCode text=code label=tr(|t| t.qr_label)/>
            <p class="code-valid" id="code-valid">
                {move || fill(t().code_valid, when::range(valid_from, valid_until, today.get(), t()))}
            </p>
        </section>
    }
}
