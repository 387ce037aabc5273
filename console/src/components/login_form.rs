//! Logging in at the console itself, so that a manager who opens `/admin` directly never has to
//! go through the phone app (another wasm) first.

use crate::state::{Auth, tr, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::auth::LoginRequest;
use ui::api;
use ui::components::field::Field;

#[component]
pub fn LoginForm() -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        busy.set(true);
        let req = LoginRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let result = api::login(&req).await;
            busy.set(false);
            match result {
                Ok(user) => {
                    password.set(String::new());
                    auth.user.set(Some(user));
                }
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    view! {
        <form class="card form console-login" on:submit=submit novalidate>
            <h1>{tr(|t| t.login_title)}</h1>
            <p class="sub">{tr(|t| t.console_login_sub)}</p>
            <Field id="phone" label=tr(|t| t.phone_label) value=phone error=|| None
                input_type="tel" inputmode="numeric" autocomplete="tel" maxlength=20/>
            <Field id="password" label=tr(|t| t.password_label) value=password error=|| None
                input_type="password" autocomplete="current-password"/>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" id="form-error">{move || error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="login-submit" disabled=move || busy.get()>
                {move || if busy.get() { t().busy } else { t().login_button }}
            </button>
        </form>
    }
}
