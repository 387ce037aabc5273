//! A labelled text input with its hint or error line underneath, wired for screen readers; and
//! [`focus_field`], which a form calls on submit to bring the person to the first field to fix.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to the element `id` (a field's input, the consent box) once the page has drawn
/// what just changed, so the error it now shows is read out and the keyboard is where the fix is.
pub fn focus_field(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// One form field.
#[component]
pub fn Field(
    /// `id` of the input (also what tests find it by).
    id: &'static str,
    /// The label above the input.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The value, two-way.
    value: RwSignal<String>,
    /// Shown under the input while there is no error.
    #[prop(into, optional)]
    hint: Signal<Option<String>>,
    /// Shown under the input, in red, when set.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The value is complete and right: the hint turns into a clear tick (the ID number).
    #[prop(optional, into)]
    valid: Signal<bool>,
    /// `text`, `password`, `tel`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// Which keyboard a phone shows: `numeric`, `tel`, `text`.
    #[prop(default = "text")]
    inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    /// Called when the input loses focus (errors usually appear from then on).
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// Extra controls beside the input (the "X" key of the ID field).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)
            class:valid=move || valid.get() && error.with(Option::is_none)>
            <label for=id>{move || label.get()}</label>
            <div class="field-row">
                <input
                    id=id
                    name=id
                    type=input_type
                    inputmode=inputmode
                    autocomplete=autocomplete
                    maxlength=maxlength
                    aria-describedby=message_id.clone()
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:blur=move |_| {
                        if let Some(cb) = on_blur {
                            cb.run(());
                        }
                    }
                />
                {children.map(|c| c())}
            </div>
            <p id=message_id class="field-message" aria-live="polite">
                {move || error.get().or_else(|| hint.get()).unwrap_or_default()}
            </p>
        </div>
    }
}
