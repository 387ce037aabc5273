//! Appeals waiting beside the queue: what the member said about a violation, and the manager's
//! answer, pardon or uphold, with a reason the member will read. New appeals arrive by
//! themselves (the admin event stream's `appeal` events).

use crate::i18n::fill;
use crate::people::{date_time, violation_kind_word};
use crate::state::{tr, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::violation::PendingAppeal;
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[component]
pub fn Appeals(
    /// Bumped whenever the admin event stream says someone appealed.
    #[prop(into)]
    news: Signal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let appeals = RwSignal::new(None::<Vec<PendingAppeal>>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            let result = api::appeals().await;
            match result {
                Ok(list) => {
                    appeals.try_set(Some(list));
                    error.try_set(None);
                }
                Err(e) => {
                    if appeals.try_with_untracked(Option::is_none) == Some(true) {
                        error.try_set(Some(e.text(t())));
                    }
                }
            }
        });
    };
    Effect::new(move |_| {
        news.track();
        load();
    });
    let decided = Callback::new(move |(violation_id, text): (String, String)| {
        appeals.update(|a| {
            if let Some(a) = a {
                a.retain(|p| p.violation.id != violation_id);
            }
        });
        notice.set(Some(text));
    });
    view! {
        <Show when=move || notice.with(Option::is_some)>
            <p class="banner notice" role="status" id="appeal-notice">{move || notice.get()}</p>
        </Show>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            let Some(list) = appeals.get() else {
                return view! { <Skeleton lines=3/> }.into_any();
            };
            if list.is_empty() {
                return view! {
                    <section class="card empty" id="appeals-empty">
                        <h3>{tr(|t| t.appeals_empty_title)}</h3>
                        <p>{tr(|t| t.appeals_empty_body)}</p>
                    </section>
                }.into_any();
            }
            list.into_iter()
                .map(|a| view! { <AppealCard appeal=a on_decided=decided/> })
                .collect_view()
                .into_any()
        }}
    }
}

/// One appeal and its answer.
#[component]
fn AppealCard(appeal: PendingAppeal, on_decided: Callback<(String, String)>) -> impl IntoView {
    let t = use_texts();
    let answer = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let violation = appeal.violation.clone();
    let name = appeal.user.real_name.clone();
    let field_id = format!("answer-{}", violation.id);
    let label_for = field_id.clone();
    let decide = move |verb: &'static str| {
        let reason = answer.get_untracked();
        if reason.trim().is_empty() {
            error.set(Some(t().err_reason_required.to_owned()));
            return;
        }
        busy.set(true);
        let (id, name) = (violation.id.clone(), name.clone());
        spawn_local(async move {
            let result = api::decide_violation(&id, verb, reason).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(_) => {
                    let text = if verb == "pardon" {
                        t().pardoned_note
                    } else {
                        t().upheld_note
                    };
                    on_decided.run((id, fill(text, &name)));
                }
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    let decide2 = decide.clone();
    let v = appeal.violation;
    let said = v.appeal.as_ref().map(|a| a.text.clone()).unwrap_or_default();
    view! {
        <article class="card appeal" data-violation-id=v.id.clone()>
            <p class="appeal-who">
                <a href=format!("/admin/people/{}", appeal.user.user.id)>{appeal.user.real_name.clone()}</a>
                <span class="mono">{appeal.user.user.phone_masked.clone()}</span>
            </p>
            <p class="appeal-what">
                {move || violation_kind_word(v.kind, t())}" · "{v.seat_label.clone()}" · "{date_time(v.at)}
            </p>
            <blockquote class="appeal-text"><span class="label">{tr(|t| t.appeal_said)}</span>{said}</blockquote>
            <label class="field" for=label_for>
                <span class="label">{tr(|t| t.appeal_answer_label)}</span>
                <textarea id=field_id rows="2" maxlength="200"
                    prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
            </label>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <div class="button-row">
                <button type="button" class="button secondary appeal-uphold" disabled=move || busy.get()
                    on:click=move |_| decide2("uphold")>{tr(|t| t.uphold)}</button>
                <button type="button" class="button primary appeal-pardon" disabled=move || busy.get()
                    on:click=move |_| decide("pardon")>{tr(|t| t.pardon)}</button>
            </div>
        </article>
    }
}
