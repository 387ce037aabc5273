//! The bar over every console screen: the name, the screens (the current one marked for screen
//! readers too), a way back to the phone app, the language switch and logging out. On a tablet
//! the screens wrap onto a second line.

use crate::state::{Auth, Locale, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

/// A console screen in the bar: its path and its word.
type Screen = (&'static str, fn(&crate::i18n::Texts) -> &'static str);

/// The screens, in the order a manager's day goes.
const SCREENS: &[Screen] = &[
    ("/admin", |t| t.nav_people),
    ("/admin/live", |t| t.nav_live),
    ("/admin/rooms", |t| t.nav_rooms),
    ("/admin/stats", |t| t.nav_stats),
    ("/admin/audit", |t| t.nav_audit),
];

#[component]
pub fn ConsoleBar() -> impl IntoView {
    let Locale(lang) = expect_context::<Locale>();
    let auth = expect_context::<Auth>();
    let pathname = use_location().pathname;
    let current = move |href: &'static str| {
        pathname.with(|p| {
            // `/admin` is the people screen; every other screen owns its sub-paths.
            let here = if href == "/admin" {
                p == "/admin" || p == "/admin/" || p.starts_with("/admin/people")
            } else {
                p.starts_with(href)
            };
            here.then_some("page")
        })
    };
    let log_out = move |_| {
        spawn_local(async move {
            let _ = ui::api::logout().await;
            auth.user.set(None);
        });
    };
    view! {
        <header class="top-bar console-bar">
            <span class="brand">{tr(|t| t.console_name)}</span>
            <Show when=move || auth.is_manager()>
                <nav class="console-nav" aria-label=tr(|t| t.nav_label)>
                    {SCREENS.iter().map(|&(href, word)| view! {
                        <a href=href aria-current=move || current(href)>{tr(word)}</a>
                    }).collect_view()}
                </nav>
            </Show>
            <nav class="console-tools" aria-label=tr(|t| t.tools_label)>
                <a href="/" rel="external" id="to-phone-app">{tr(|t| t.to_phone_app)}</a>
                <button class="lang" id="lang-switch" on:click=move |_| lang.update(|l| *l = l.other())>
                    {tr(|t| t.other_language)}
                </button>
                <Show when=move || auth.user.with(Option::is_some)>
                    <button class="lang" id="logout" on:click=log_out>{tr(|t| t.logout)}</button>
                </Show>
            </nav>
        </header>
    }
}
