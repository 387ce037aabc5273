//! The resident ID field: counts down the characters still to type, checks the last one the moment
//! it is typed (by the same checksum the server runs), and offers an "X" key, which a phone's
//! numeric keyboard lacks. Signup and a corrected application after a rejection both use it.

use crate::i18n::{VisitorTexts, fill};
use crate::state::use_visitor_texts;
use chrono::NaiveDate;
use leptos::prelude::*;
use ui::components::field::{Field, focus_field};
use ui::forms::{self, IdFeedback};

/// What is wrong with `value`, if anything: a wrong checksum or date at once, a short number once
/// the field has been left or the form sent (`shown`).
pub fn id_error(value: &str, shown: bool, today: NaiveDate, t: &VisitorTexts) -> Option<String> {
    match forms::id_feedback(value, today, t) {
        IdFeedback::Error(e) => Some(e.to_owned()),
        IdFeedback::Remaining(_) | IdFeedback::Empty if shown => Some(t.err_id_length.to_owned()),
        _ => None,
    }
}

#[component]
pub fn IdNumberField(
    /// The number as typed, two-way.
    value: RwSignal<String>,
    /// The error to show (see [`id_error`]), or one the server gave.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called when the field is left.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let t = use_visitor_texts();
    let today = chrono::Local::now().date_naive();
    let hint = move || match forms::id_feedback(&value.get(), today, t()) {
        IdFeedback::Remaining(n) => Some(fill(t().id_remaining, n)),
        IdFeedback::Valid => Some(t().id_valid.to_owned()),
        _ => Some(t().id_hint.to_owned()),
    };
    let needs_x = move || value.with(|id| id.len() == 17 && id.bytes().all(|b| b.is_ascii_digit()));
    let blur = move || {
        if let Some(cb) = on_blur {
            cb.run(());
        }
    };
    view! {
        <Field id="id_number" label=move || t().id_label value=value error=error hint=hint
            valid=move || forms::id_feedback(&value.get(), today, t()) == IdFeedback::Valid
            on_blur=Callback::new(move |()| blur()) inputmode="numeric" maxlength=18>
            <Show when=needs_x>
                // Typed like a key: the field keeps the focus (and a phone its keyboard), since
                // the key goes away once the X is in.
                <button type="button" class="key-x" id="id-x"
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| {
                        value.update(|id| id.push('X'));
                        focus_field("id_number");
                    }>
                    {move || t().id_x_button}
                </button>
            </Show>
        </Field>
    }
}
