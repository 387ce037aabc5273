//! The bar on every page: the room's name (home), the signed-in person's places, the language switch.

use crate::state::{Auth, Locale, use_texts};
use leptos::prelude::*;
use studyroom_api::Role;

#[component]
pub fn TopBar() -> impl IntoView {
    let t = use_texts();
    let Locale(lang) = expect_context::<Locale>();
    let auth = expect_context::<Auth>();
    let is_manager = move || {
        auth.user
            .with(|u| u.as_ref().is_some_and(|u| u.role == Role::Manager))
    };
    view! {
        <header class="top-bar">
            <a class="brand" href="/">{move || t().app_name}</a>
            <nav>
                <Show when=is_manager>
                    <a href="/admin" id="nav-queue">{move || t().nav_queue}</a>
                </Show>
                <Show when=move || auth.user.with(Option::is_some)>
                    <a href="/account" id="nav-account">{move || t().nav_account}</a>
                </Show>
                <button class="lang" id="lang-switch" on:click=move |_| lang.update(|l| *l = l.other())>
                    {move || t().other_language}
                </button>
            </nav>
        </header>
    }
}
