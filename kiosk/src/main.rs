//! studyroom's door kiosk, `/door`: the wall tablet by the entrance, paired once with its door. Its
//! own wasm (built by Trunk into `dist/door/`), so no renter's phone downloads it; what it shares
//! with the other apps is in `ui/`.
//!
//! Only the browser build has the UI; natively this crate compiles just its keypad logic, so
//! `cargo test` checks that without compiling Leptos for the host.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod door_entry;
mod i18n;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod door;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    use door::DoorPage;
    use leptos::prelude::*;
    use state::{Clock, Locale, tr};
    use ui::components::offline_banner::OfflineBanner;

    /// The frame: the name (leading nowhere: a passer-by tapping it must not take the door's
    /// screen away), the language switch, the kiosk.
    #[component]
    fn Kiosk() -> impl IntoView {
        let locale = Locale::init();
        provide_context(locale);
        provide_context(Clock::init());
        let Locale(lang) = locale;
        view! {
            <header class="top-bar">
                <span class="brand">{tr(|t| t.app_name)}</span>
                <nav>
                    <button class="lang" id="lang-switch" on:click=move |_| lang.update(|l| *l = l.other())>
                        {tr(|t| t.other_language)}
                    </button>
                </nav>
            </header>
            <OfflineBanner/>
            <main class="page">
                <DoorPage/>
            </main>
        }
    }

    // A panic's message in the browser console is for whoever develops the app; release builds
    // leave the hook (and the formatting it pulls in) out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // index.html paints a static shell while the wasm downloads; the app replaces it.
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(Kiosk);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "studyroom's door kiosk runs in a browser: start the server with `cargo xtask run` and open /door."
    );
}
