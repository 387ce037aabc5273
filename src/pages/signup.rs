//! `/signup`: real-name signup. Each field says what is wrong as it is typed, by the same rules the
//! server runs; the ID field counts down and checks the last character the moment it is typed.
//! A submit with something to fix brings the person to the first field to fix. Someone already
//! signed in goes home.

use crate::components::id_number_field::{IdNumberField, id_error};
use crate::pages::login::send_signed_in_home;
use crate::state::{Auth, use_visitor_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use studyroom_api::ErrorCode;
use studyroom_api::auth::SignupRequest;
use ui::api;
use ui::components::field::{Field, focus_field};
use ui::forms;

/// The form's text fields, in order (also the ids of their inputs).
const FIELDS: [&str; 4] = ["phone", "real_name", "id_number", "password"];

#[component]
pub fn SignupPage() -> impl IntoView {
    send_signed_in_home();
    let t = use_visitor_texts();
    let auth = expect_context::<Auth>();
    let today = chrono::Local::now().date_naive();

    let phone = RwSignal::new(String::new());
    let real_name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    // A field's error shows once it has been left, or once the form was submitted.
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let submitted = RwSignal::new(false);
    let shown = move |field: &'static str| submitted.get() || touched.with(|t| t.contains(&field));
    let touch = move |field: &'static str| Callback::new(move |()| touched.update(|t| t.push(field)));
    // An error the server gave for one field, until that field is edited.
    let server_error = RwSignal::new(None::<(String, String)>);
    let form_error = RwSignal::new(None::<String>);
    let server_error_for = move |field: &str| {
        server_error.with(|e| e.as_ref().filter(|(f, _)| f == field).map(|(_, m)| m.clone()))
    };
    for (field, signal) in [
        ("phone", phone),
        ("real_name", real_name),
        ("id_number", id_number),
        ("password", password),
    ] {
        Effect::new(move |_| {
            signal.track();
            server_error.update(|e| {
                if e.as_ref().is_some_and(|(f, _)| f == field) {
                    *e = None;
                }
            });
        });
    }

    let phone_error = move || {
        server_error_for("phone").or_else(|| {
            let complete = phone.with(|p| p.chars().filter(char::is_ascii_digit).count() >= 11);
            (shown("phone") || complete)
                .then(|| forms::phone_error(&phone.get(), t()).map(str::to_owned))
                .flatten()
        })
    };
    let name_error = move || {
        server_error_for("real_name").or_else(|| {
            shown("real_name")
                .then(|| forms::real_name_error(&real_name.get(), t()).map(str::to_owned))
                .flatten()
        })
    };
    let id_error = move || {
        server_error_for("id_number").or_else(|| id_error(&id_number.get(), shown("id_number"), today, t()))
    };
    let password_error = move || {
        server_error_for("password").or_else(|| {
            shown("password")
                .then(|| forms::password_error(&password.get(), t()).map(str::to_owned))
                .flatten()
        })
    };
    let consent_error = move || (submitted.get() && !consent.get()).then(|| t().err_consent);

    let submit = Action::new_local(|req: &SignupRequest| {
        let req = req.clone();
        async move { api::signup(&req).await }
    });
    Effect::new(move |_| match submit.value().get() {
        // Home (`send_signed_in_home`) sends a new member on to their account, to wait there.
        Some(Ok(user)) => {
            auth.user.set(Some(user));
            auth.checked.set(true);
        }
        Some(Err(e)) => {
            let field = match e.code {
                Some(ErrorCode::PhoneTaken) => Some("phone".to_owned()),
                Some(ErrorCode::IdNumberTaken) => Some("id_number".to_owned()),
                _ => e.field.clone().filter(|f| f != "consent"),
            };
            match field.as_deref().and_then(|f| FIELDS.iter().find(|id| **id == f)) {
                Some(id) => {
                    server_error.set(Some(((*id).to_owned(), e.text(t()))));
                    focus_field(id);
                }
                None => form_error.set(Some(e.text(t()))),
            }
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        form_error.set(None);
        let first = forms::first_error(&[
            ("phone", phone_error().is_some()),
            ("real_name", name_error().is_some()),
            ("id_number", id_error().is_some()),
            ("password", password_error().is_some()),
            ("consent", !consent.get()),
        ]);
        if let Some(id) = first {
            focus_field(id);
        } else {
            submit.dispatch(SignupRequest {
                phone: phone.get(),
                password: password.get(),
                real_name: real_name.get(),
                id_number: id_number.get(),
                consent: consent.get(),
            });
        }
    };

    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h1>{move || t().signup_title}</h1>
            <p class="sub">{move || t().signup_sub}</p>
            <Field id="phone" label=move || t().phone_label value=phone error=phone_error on_blur=touch("phone")
                input_type="tel" inputmode="numeric" autocomplete="tel" maxlength=20/>
            <Field id="real_name" label=move || t().real_name_label value=real_name error=name_error
                hint=move || Some(t().real_name_hint.to_owned()) on_blur=touch("real_name") autocomplete="name" maxlength=30/>
            <IdNumberField value=id_number error=Signal::derive(id_error) on_blur=touch("id_number")/>
            <Field id="password" label=move || t().password_label value=password error=password_error
                hint=move || Some(t().password_hint.to_owned()) on_blur=touch("password")
                input_type="password" autocomplete="new-password"/>
            <label class="consent" class:invalid=move || consent_error().is_some()>
                <input type="checkbox" id="consent" prop:checked=move || consent.get()
                    aria-describedby=move || consent_error().is_some().then_some("consent-message")
                    on:change=move |ev| consent.set(event_target_checked(&ev))/>
                <span>{move || t().consent_text}</span>
            </label>
            <Show when=move || consent_error().is_some()>
                <p class="field-message error-text" role="alert" id="consent-message">{consent_error}</p>
            </Show>
            <Show when=move || form_error.with(Option::is_some)>
                <p class="form-error" role="alert" id="form-error">{move || form_error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="signup-submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { t().busy } else { t().signup_button }}
            </button>
            <a class="link" href="/login">{move || t().to_login}</a>
        </form>
    }
}
