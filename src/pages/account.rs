//! `/account`: verification status in plain words, the masked identity, language, log out (here
//! or on every device), and erasure of the account.

use crate::components::reapply_form::ReapplyForm;
use crate::components::status_card::StatusCard;
use crate::components::verification_places::VerificationPlaces;
use crate::components::violation_list::ViolationList;
use crate::offline;
use crate::state::{Auth, Locale, require_sign_in, use_texts};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use studyroom_api::room::WelcomeRoom;
use studyroom_api::violation::Violation;
use studyroom_api::{Role, User, UserStatus};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::field::Field;
use ui::components::skeleton::Skeleton;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    // Ask again on arrival and whenever the phone comes back to this tab: a manager may have
    // decided in the meantime.
    auth.refresh();
    let focus = window_event_listener(ev::focus, move |_| auth.refresh());
    on_cleanup(move || focus.remove());
    require_sign_in();
    let signed_in = Memo::new(move |_| auth.user.with(Option::is_some));
    view! {
        <h1 class="page-title">{move || t().account_title}</h1>
        // Re-rendered only when someone signs in or out: a refresh that brings a new status updates
        // the status card in place instead of rebuilding the page under the reader's thumb.
        {move || match signed_in.get().then(|| auth.user.get_untracked()).flatten() {
            Some(user) => view! { <AccountDetails user=user/> }.into_any(),
            // No signal: say so, rather than a skeleton that never ends.
            None if auth.unreachable.get() => view! {
                <ErrorCard message=Signal::derive(move || t().common.err_network.to_owned())
                    on_retry=Callback::new(move |()| auth.refresh())/>
            }.into_any(),
            None => view! { <Skeleton lines=4/> }.into_any(),
        }}
    }
}

#[component]
fn AccountDetails(user: User) -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let Locale(lang) = expect_context::<Locale>();
    let navigate = use_navigate();
    let is_manager = user.role == Role::Manager;
    let identity = [
        (t().name_row, user.real_name_masked.clone()),
        (t().id_row, user.id_number_masked.clone()),
        (t().phone_row, user.phone_masked.clone()),
    ];
    let rows = move || {
        let t = t();
        [(t.name_row, 0), (t.id_row, 1), (t.phone_row, 2)]
            .into_iter()
            .filter(|(_, i)| !identity[*i].1.is_empty())
            .map(|(label, i)| view! { <div class="row"><dt>{label}</dt><dd class="mono">{identity[i].1.clone()}</dd></div> })
            .collect_view()
    };
    let user_signal = Signal::derive(move || auth.user.get().unwrap_or_else(|| user.clone()));
    let status = Memo::new(move |_| user_signal.with(|u| u.status));
    // Where to get verified, for as long as the person is not.
    let places = RwSignal::new(Vec::<WelcomeRoom>::new());
    let waiting = move || matches!(status.get(), UserStatus::Pending | UserStatus::Rejected);
    if !is_manager {
        spawn_local(async move {
            if let Ok(welcome) = api::welcome().await {
                places.try_set(welcome.rooms);
            }
        });
    }
    // Violations, read again whenever the status changes (a pause they caused, or its end).
    let violations = RwSignal::new(Vec::<Violation>::new());
    Effect::new(move |_| {
        status.track();
        if !is_manager {
            spawn_local(async move {
                if let Ok(list) = api::my_violations().await {
                    violations.try_set(list);
                }
            });
        }
    });
    let navigate_out = navigate.clone();
    let logout = move |_| {
        let navigate = navigate_out.clone();
        spawn_local(async move {
            let _ = api::logout().await;
            offline::forget();
            auth.user.set(None);
            navigate("/login", Default::default());
        });
    };
    // Every session of the person ends, this one too: a lost phone or a shared computer is signed
    // out from here.
    let everywhere_error = RwSignal::new(None::<String>);
    let ending = RwSignal::new(false);
    let navigate_all = navigate.clone();
    let end_everywhere = move |_| {
        if ending.get_untracked() {
            return;
        }
        everywhere_error.set(None);
        ending.set(true);
        let navigate = navigate_all.clone();
        spawn_local(async move {
            let result = api::logout_all().await;
            if ending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(()) => {
                    offline::forget();
                    auth.user.set(None);
                    navigate("/login", Default::default());
                }
                Err(e) => everywhere_error.set(Some(e.text(t()))),
            }
        });
    };
    // Erasure: a deliberate second step with the password.
    let deleting = RwSignal::new(false);
    let delete_password = RwSignal::new(String::new());
    let delete_error = RwSignal::new(None::<String>);
    let erase = Action::new_local(|password: &String| {
        let password = password.clone();
        async move { api::delete_account(password).await }
    });
    Effect::new(move |_| match erase.value().get() {
        Some(Ok(())) => {
            offline::forget();
            auth.user.set(None);
            navigate("/signup", Default::default());
        }
        Some(Err(e)) => delete_error.set(Some(e.text(t()))),
        None => {}
    });

    view! {
        <Show when=move || !is_manager fallback=move || view! {
            <section class="card status status-verified"><span class="status-mark" aria-hidden="true">"★"</span>
                <div><h2>{move || t().role_manager}</h2></div></section>
        }>
            <StatusCard user=user_signal/>
        </Show>
        <button class="button secondary" id="refresh-status" on:click=move |_| auth.refresh()>{move || t().check_status}</button>
        <Show when=move || status.get() == UserStatus::Rejected>
            <section class="card"><ReapplyForm/></section>
        </Show>
        <Show when=move || waiting() && places.with(|p| p.iter().any(|r| !r.verification.is_empty()))>
            <VerificationPlaces rooms=places/>
        </Show>
        <Show when=move || violations.with(|v| !v.is_empty())>
            <ViolationList violations=violations/>
        </Show>
        <section class="card">
            <h2>{move || t().identity_heading}</h2>
            <dl class="identity" id="identity">{rows}</dl>
            <p class="note">{move || t().identity_note}</p>
        </section>
        <section class="card">
            <h2>{move || t().language_heading}</h2>
            <div class="segmented" role="group">
                <button aria-pressed=move || (lang.get() == crate::i18n::Lang::Zh).to_string()
                    on:click=move |_| lang.set(crate::i18n::Lang::Zh)>"中文"</button>
                <button aria-pressed=move || (lang.get() == crate::i18n::Lang::En).to_string()
                    on:click=move |_| lang.set(crate::i18n::Lang::En)>"English"</button>
            </div>
        </section>
        <button class="button secondary" id="logout" on:click=logout>{move || t().logout}</button>
        <section class="card">
            <h2>{move || t().logout_all}</h2>
            <p>{move || t().logout_all_body}</p>
            <Show when=move || everywhere_error.with(Option::is_some)>
                <p class="form-error" role="alert" id="logout-all-error">{move || everywhere_error.get()}</p>
            </Show>
            <button class="button secondary wide" id="logout-all" disabled=move || ending.get()
                on:click=end_everywhere>
                {move || t().logout_all}
            </button>
        </section>
        <section class="card danger-zone">
            <h2>{move || t().delete_heading}</h2>
            <p>{move || t().delete_body}</p>
            <Show when=move || deleting.get() fallback=move || view! {
                <button class="button danger-outline" id="delete-start" on:click=move |_| deleting.set(true)>
                    {move || t().delete_button}
                </button>
            }>
                <Field id="delete-password" label=move || t().delete_password value=delete_password
                    error=move || delete_error.get() input_type="password" autocomplete="current-password"/>
                <div class="button-row">
                    <button class="button secondary" on:click=move |_| deleting.set(false)>{move || t().cancel}</button>
                    <button class="button danger" id="delete-confirm" disabled=move || erase.pending().get()
                        on:click=move |_| { erase.dispatch(delete_password.get()); }>
                        {move || t().delete_confirm}
                    </button>
                </div>
            </Show>
        </section>
    }
}
