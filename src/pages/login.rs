//! `/login`: phone number and password.

use crate::state::{Auth, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use studyroom_api::Role;
use studyroom_api::auth::LoginRequest;
use ui::api;
use ui::components::field::Field;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(&req).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(user)) => {
            if user.role == Role::Manager {
                // The console is another wasm, loaded as a page of its own.
                let _ = window().location().set_href("/admin");
                return;
            }
            // Members go through `/`, which knows about their live booking and the rooms.
            auth.user.set(Some(user));
            auth.checked.set(true);
            navigate("/", Default::default());
        }
        Some(Err(e)) => error.set(Some(e.text(t()))),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        submit.dispatch(LoginRequest {
            phone: phone.get(),
            password: password.get(),
        });
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h1>{move || t().login_title}</h1>
            <p class="sub">{move || t().login_sub}</p>
            <Field id="phone" label=move || t().phone_label value=phone error=|| None
                input_type="tel" inputmode="numeric" autocomplete="tel" maxlength=20/>
            <Field id="password" label=move || t().password_label value=password error=|| None
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
