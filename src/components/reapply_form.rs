//! After a rejection: the name and ID number corrected and sent again, which puts the application
//! back in the managers' queue (the server audits it). The person does not have to delete their
//! account and start over.

use crate::components::id_number_field::{IdNumberField, id_error};
use crate::state::{Auth, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use studyroom_api::ErrorCode;
use studyroom_api::auth::ReapplyRequest;
use ui::api;
use ui::components::field::{Field, focus_field};
use ui::forms;

#[component]
pub fn ReapplyForm() -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let today = chrono::Local::now().date_naive();
    let real_name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    // The server's word on one field (`id_number` already has an account), until it is edited.
    let server_error = RwSignal::new(None::<(&'static str, String)>);
    let form_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        real_name.track();
        id_number.track();
        server_error.set(None);
    });
    let server_error_for = move |field: &str| {
        server_error.with(|e| e.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    };
    let name_error = move || {
        server_error_for("real_name").or_else(|| {
            submitted
                .get()
                .then(|| forms::real_name_error(&real_name.get(), t()).map(str::to_owned))
                .flatten()
        })
    };
    let id_err = move || {
        server_error_for("id_number").or_else(|| id_error(&id_number.get(), submitted.get(), today, t()))
    };
    let send = Action::new_local(|req: &ReapplyRequest| {
        let req = req.clone();
        async move { api::reapply(&req).await }
    });
    Effect::new(move |_| match send.value().get() {
        // Back to pending: the status card above turns into the waiting card by itself.
        Some(Ok(user)) => auth.user.set(Some(user)),
        Some(Err(e)) => {
            let field = match e.code {
                Some(ErrorCode::IdNumberTaken) => Some("id_number"),
                Some(ErrorCode::InvalidIdNumber) => Some("id_number"),
                Some(ErrorCode::InvalidRealName) => Some("real_name"),
                _ => None,
            };
            match field {
                Some(f) => {
                    server_error.set(Some((f, e.text(t()))));
                    focus_field(f);
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
            ("real_name", name_error().is_some()),
            ("id_number", id_err().is_some()),
        ]);
        match first {
            Some(id) => focus_field(id),
            None => {
                send.dispatch(ReapplyRequest {
                    real_name: real_name.get(),
                    id_number: id_number.get(),
                });
            }
        }
    };
    view! {
        <form class="form reapply" id="reapply" on:submit=on_submit novalidate>
            <h3>{move || t().reapply_heading}</h3>
            <Field id="real_name" label=move || t().real_name_label value=real_name error=name_error
                hint=move || Some(t().real_name_hint.to_owned()) autocomplete="name" maxlength=30/>
            <IdNumberField value=id_number error=Signal::derive(id_err)/>
            <Show when=move || form_error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="reapply-submit" disabled=move || send.pending().get()>
                {move || if send.pending().get() { t().busy } else { t().reapply_button }}
            </button>
        </form>
    }
}
