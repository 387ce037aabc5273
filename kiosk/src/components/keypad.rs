//! The door kiosk's keypad: big keys laid out like a phone's (1 2 3 on top), clear and delete
//! beside the 0, and one wide Open key that waits until a whole code is typed.

use crate::door_entry::Key;
use crate::state::tr;
use leptos::prelude::*;
use ui::components::icon::{Icon, IconKind};

#[component]
pub fn Keypad(
    /// Called with each key pressed.
    #[prop(into)]
    on_key: Callback<Key>,
    /// Whether enough digits are typed for Open.
    #[prop(into)]
    can_open: Signal<bool>,
    /// True while a code is being checked: no key does anything.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let digit = move |c: char| {
        view! {
            <button type="button" class="key" data-key=c.to_string() disabled=move || busy.get()
                on:click=move |_| on_key.run(Key::Digit(c))>{c.to_string()}</button>
        }
    };
    view! {
        <div class="keypad" role="group">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9'].into_iter().map(digit).collect_view()}
            <button type="button" class="key key-word" id="key-clear" disabled=move || busy.get()
                on:click=move |_| on_key.run(Key::Clear)>{tr(|t| t.key_clear)}</button>
            {digit('0')}
            <button type="button" class="key key-word" id="key-delete" disabled=move || busy.get()
                aria-label=tr(|t| t.key_delete) on:click=move |_| on_key.run(Key::Delete)>
                <Icon kind=IconKind::Backspace/>
            </button>
            <button type="button" class="key key-open" id="key-open"
                disabled=move || busy.get() || !can_open.get()
                on:click=move |_| on_key.run(Key::Open)>{tr(|t| t.kiosk_open)}</button>
        </div>
    }
}
