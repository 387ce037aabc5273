//! A room's doors: each with its name, whether it has a kiosk screen and where its lock
//! controller is called; a new token (shown once), revoking, setting the webhook (a first one gets
//! a signing secret, shown once) and a signed test delivery with the receiver's answer. Adding a
//! door shows its id and token (and secret) this once.

use crate::i18n::fill;
use crate::people::date_time;
use crate::state::{tr, use_texts};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::booking::{DoorInfo, DoorUpdate, NewDoor};
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

/// What was just shown once: a door's id with its token and/or webhook secret.
#[derive(Clone, Debug, PartialEq)]
struct Secrets {
    door_id: String,
    token: Option<String>,
    secret: Option<String>,
}

#[component]
pub fn Doors(room_id: String) -> impl IntoView {
    let t = use_texts();
    let doors = RwSignal::new(None::<Vec<DoorInfo>>);
    let error = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<Secrets>);
    let room = StoredValue::new(room_id);
    let load = move || {
        error.set(None);
        spawn_local(async move {
            match api::doors(&room.get_value()).await {
                Ok(list) => {
                    doors.try_set(Some(list));
                }
                Err(e) => {
                    error.try_set(Some(e.text(t())));
                }
            }
        });
    };
    load();
    let on_secret = Callback::new(move |s: Secrets| {
        shown.set(Some(s));
        load();
    });
    view! {
        <section class="card doors" id="doors">
            <h2>{tr(|t| t.doors_title)}</h2>
            {move || shown.get().map(|s| view! { <ShownOnce secrets=s/> })}
            {move || {
                if let Some(message) = error.get() {
                    return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
                }
                let Some(list) = doors.get() else {
                    return view! { <Skeleton lines=2/> }.into_any();
                };
                if list.is_empty() {
                    return view! { <p class="note" id="doors-empty">{tr(|t| t.doors_empty)}</p> }.into_any();
                }
                view! {
                    <ul class="door-list">
                        {list.into_iter().map(|d| view! { <DoorRow door=d on_secret=on_secret on_changed=Callback::new(move |()| load())/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <NewDoorForm room_id=room.get_value() on_secret=on_secret/>
        </section>
    }
}

/// A token or secret, shown this one time.
#[component]
fn ShownOnce(secrets: Secrets) -> impl IntoView {
    view! {
        <div class="shown-once" role="status" id="shown-once">
            <p><strong>{tr(|t| t.door_shown_once)}</strong></p>
            <dl class="identity">
                <div class="row"><dt>{tr(|t| t.door_id)}</dt><dd class="mono" id="shown-door-id">{secrets.door_id}</dd></div>
                {secrets.token.map(|token| view! {
                    <div class="row"><dt>{tr(|t| t.door_token)}</dt><dd class="mono secret" id="shown-token">{token}</dd></div>
                })}
                {secrets.secret.map(|secret| view! {
                    <div class="row"><dt>{tr(|t| t.door_secret)}</dt><dd class="mono secret" id="shown-secret">{secret}</dd></div>
                })}
            </dl>
        </div>
    }
}

/// Which confirmation a door row asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asking {
    Nothing,
    Rotate,
    Revoke,
    Webhook,
}

#[component]
fn DoorRow(door: DoorInfo, on_secret: Callback<Secrets>, on_changed: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let asking = RwSignal::new(Asking::Nothing);
    let error = RwSignal::new(None::<String>);
    let test_result = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(door.id.clone());
    let webhook = RwSignal::new(door.webhook_url.clone().unwrap_or_default());
    let run = move |what: Asking| {
        busy.set(true);
        error.set(None);
        let id = id.get_value();
        spawn_local(async move {
            let url = webhook.get_untracked().trim().to_owned();
            let result = match what {
                Asking::Rotate => api::rotate_door_token(&id).await.map(|token| {
                    on_secret.run(Secrets {
                        door_id: id.clone(),
                        token: Some(token),
                        secret: None,
                    });
                }),
                Asking::Revoke => api::revoke_door(&id).await.map(|()| on_changed.run(())),
                Asking::Webhook => {
                    let body = DoorUpdate {
                        webhook_url: Some((!url.is_empty()).then_some(url)),
                        ..Default::default()
                    };
                    api::update_door(&id, &body)
                        .await
                        .map(|updated| match updated.webhook_secret {
                            Some(secret) => on_secret.run(Secrets {
                                door_id: id.clone(),
                                token: None,
                                secret: Some(secret),
                            }),
                            None => on_changed.run(()),
                        })
                }
                Asking::Nothing => Ok(()),
            };
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(()) => asking.set(Asking::Nothing),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    let test = move |_| {
        busy.set(true);
        test_result.set(None);
        let id = id.get_value();
        spawn_local(async move {
            let result = api::test_webhook(&id).await;
            if busy.try_set(false).is_some() {
                return;
            }
            let t = t();
            test_result.set(Some(match result {
                Ok(r) if r.ok => fill(&fill(t.door_test_ok, r.status.unwrap_or(200)), r.millis),
                Ok(r) => {
                    let why = r
                        .error
                        .or_else(|| r.status.map(|s| s.to_string()))
                        .unwrap_or_default();
                    fill(&fill(t.door_test_failed, why), r.millis)
                }
                Err(e) => e.text(t),
            }));
        });
    };
    let has_webhook = door.webhook_url.is_some();
    let screen = door.screen;
    let field_id = format!("webhook-{}", door.id);
    let label_for = field_id.clone();
    view! {
        <li class="door" data-door-id=door.id.clone()>
            <div class="door-head">
                <strong class="door-name">{door.name.clone()}</strong>
                <span class="mono door-id">{door.id.clone()}</span>
            </div>
            <p class="note">
                {move || if screen { t().door_has_screen } else { t().door_no_screen }}" · "
                {door.webhook_url.clone().unwrap_or_else(|| t().door_no_webhook.to_owned())}" · "
                {date_time(door.created_at)}
            </p>
            <div class="button-row door-actions">
                <button type="button" class="button secondary small door-rotate" on:click=move |_| asking.set(Asking::Rotate)>{tr(|t| t.door_rotate)}</button>
                <button type="button" class="button secondary small door-webhook" on:click=move |_| asking.set(Asking::Webhook)>{tr(|t| t.door_webhook_edit)}</button>
                <Show when=move || has_webhook>
                    <button type="button" class="button secondary small door-test" disabled=move || busy.get() on:click=test>{tr(|t| t.door_test)}</button>
                </Show>
                <button type="button" class="button danger-outline small door-revoke" on:click=move |_| asking.set(Asking::Revoke)>{tr(|t| t.door_revoke)}</button>
            </div>
            {move || match asking.get() {
                Asking::Rotate | Asking::Revoke => {
                    let what = asking.get();
                    view! {
                        <div class="confirm" role="alertdialog" aria-label=tr(|t| t.door_confirm_yes)>
                            <p>{move || if what == Asking::Rotate { t().door_rotate_confirm } else { t().door_revoke_confirm }}</p>
                            <div class="button-row">
                                <button type="button" class="button secondary small" on:click=move |_| asking.set(Asking::Nothing)>{tr(|t| t.door_confirm_no)}</button>
                                <button type="button" class="button danger small door-confirm" disabled=move || busy.get()
                                    on:click=move |_| run(what)>{tr(|t| t.door_confirm_yes)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
                Asking::Webhook => view! {
                    <div class="webhook-form">
                        <div class="field">
                            <label for=label_for.clone()>{tr(|t| t.door_webhook_label)}</label>
                            <input id=field_id.clone() type="url" inputmode="url" placeholder="https://"
                                prop:value=move || webhook.get() on:input=move |ev| webhook.set(event_target_value(&ev))/>
                        </div>
                        <div class="button-row">
                            <button type="button" class="button secondary small" on:click=move |_| asking.set(Asking::Nothing)>{tr(|t| t.door_confirm_no)}</button>
                            <button type="button" class="button primary small door-webhook-save" disabled=move || busy.get()
                                on:click=move |_| run(Asking::Webhook)>{tr(|t| t.door_webhook_save)}</button>
                        </div>
                    </div>
                }.into_any(),
                Asking::Nothing => ().into_any(),
            }}
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <Show when=move || test_result.with(Option::is_some)>
                <p class="banner notice door-test-result" role="status">{move || test_result.get()}</p>
            </Show>
        </li>
    }
}

#[component]
fn NewDoorForm(room_id: String, on_secret: Callback<Secrets>) -> impl IntoView {
    let t = use_texts();
    let name = RwSignal::new(String::new());
    let webhook = RwSignal::new(String::new());
    let screen = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let room = StoredValue::new(room_id);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let url = webhook.get_untracked().trim().to_owned();
        let body = NewDoor {
            name: name.get_untracked().trim().to_owned(),
            webhook_url: (!url.is_empty()).then_some(url),
            screen: screen.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::create_door(&room.get_value(), &body).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(created) => {
                    name.set(String::new());
                    webhook.set(String::new());
                    on_secret.run(Secrets {
                        door_id: created.door.id,
                        token: Some(created.token),
                        secret: created.webhook_secret,
                    });
                }
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    view! {
        <form class="new-door form" id="new-door" on:submit=submit novalidate>
            <div class="field">
                <label for="door-name">{tr(|t| t.door_name_label)}</label>
                <input id="door-name" maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="door-webhook">{tr(|t| t.door_webhook_label)}</label>
                <input id="door-webhook" type="url" inputmode="url" placeholder="https://"
                    prop:value=move || webhook.get() on:input=move |ev| webhook.set(event_target_value(&ev))/>
            </div>
            <label class="check" for="door-screen">
                <input type="checkbox" id="door-screen" prop:checked=move || screen.get()
                    on:change=move |ev| screen.set(event_target_checked(&ev))/>
                {tr(|t| t.door_screen_label)}
            </label>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="submit" class="button primary" id="door-add" disabled=move || busy.get()>{tr(|t| t.door_add)}</button>
        </form>
    }
}
