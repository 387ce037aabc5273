//! `/login`: phone number and password. A submit with a field left wrong brings the person to
//! that field; a wrong password to the password field. Someone already signed in goes home.

use crate::state::{Auth, Entry, use_go, use_visitor_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use studyroom_api::auth::LoginRequest;
use studyroom_api::{ErrorCode, Role};
use ui::api;
use ui::components::field::{Field, focus_field};
use ui::forms;

/// Login and signup are for people not signed in. Someone who is (coming back to the form, or
/// opening an old bookmark, or just done with it) goes home, which knows where they belong; in
/// place of the form, so that Back does not bring the empty form back.
pub fn send_signed_in_home() {
    let auth = expect_context::<Auth>();
    let go = use_go();
    Effect::new(move |_| {
        if auth.user.with(Option::is_some) {
            // In the visitor's build this loads `/` from the server, which, now that the
            // browser has a session cookie, is the whole app, whose home takes it from there.
            go("/", Entry::Instead);
        }
    });
}

#[component]
pub fn LoginPage() -> impl IntoView {
    send_signed_in_home();
    let t = use_visitor_texts();
    let auth = expect_context::<Auth>();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Field errors show once the form was submitted, and go as the field is put right.
    let submitted = RwSignal::new(false);
    let phone_error = move || {
        submitted
            .get()
            .then(|| forms::phone_error(&phone.get(), t()).map(str::to_owned))
            .flatten()
    };
    let password_error = move || {
        (submitted.get() && password.with(String::is_empty)).then(|| t().err_password_empty.to_owned())
    };
    let submit = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(&req).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(user)) => {
            if user.role == Role::Manager {
                // The console is another wasm, loaded as a page of its own.
                let _ = window().location().replace("/admin");
                return;
            }
            // Members go home (`send_signed_in_home`), which knows their live booking and the rooms.
            auth.user.set(Some(user));
            auth.checked.set(true);
        }
        Some(Err(e)) => {
            if e.is(ErrorCode::BadCredentials) {
                focus_field("password");
            }
            error.set(Some(e.text(t())));
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        error.set(None);
        let first = forms::first_error(&[
            ("phone", phone_error().is_some()),
            ("password", password_error().is_some()),
        ]);
        match first {
            Some(id) => focus_field(id),
            None => {
                submit.dispatch(LoginRequest {
                    phone: phone.get(),
                    password: password.get(),
                });
            }
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h1>{move || t().login_title}</h1>
            <p class="sub">{move || t().login_sub}</p>
            <Field id="phone" label=move || t().phone_label value=phone error=phone_error
                input_type="tel" inputmode="numeric" autocomplete="tel" maxlength=20/>
            <Field id="password" label=move || t().password_label value=password error=password_error
                input_type="password" autocomplete="current-password"/>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" id="form-error">{move || error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="login-submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { t().busy } else { t().login_button }}
            </button>
            <a class="link" href="/signup" id="to-signup">{move || t().to_signup}</a>
        </form>
    }
}
