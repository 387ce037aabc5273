//! A member's own violations (a booking not entered, a break overrun): which still count towards
//! an automatic pause, which have lapsed or were pardoned, and an appeal of one sentence for each
//! that has none yet. The manager reads the appeal in People and pardons or answers.

use crate::state::{Clock, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::violation::{AppealState, Violation, ViolationKind};
use ui::api;
use ui::when;

/// At most this many characters, as the server allows.
const APPEAL_MAX_CHARS: usize = 200;

#[component]
pub fn ViolationList(
    /// Newest first; updated in place when an appeal is sent.
    violations: RwSignal<Vec<Violation>>,
) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card" id="violations">
            <h2>{move || t().violations_heading}</h2>
            <p class="note">{move || t().violations_note}</p>
            <ul class="violations">
                <For each=move || violations.get() key=|v| (v.id.clone(), v.appeal.as_ref().map(|a| a.state as u8))
                    children=move |v| view! { <ViolationItem violation=v violations=violations/> }/>
            </ul>
        </section>
    }
}

#[component]
fn ViolationItem(violation: Violation, violations: RwSignal<Vec<Violation>>) -> impl IntoView {
    let t = use_texts();
    let clock = expect_context::<Clock>();
    let today = clock.now().with_timezone(violation.at.offset()).date_naive();
    let at = violation.at;
    let kind = violation.kind;
    let label = violation.seat_label.clone();
    let (standing, standing_class) = if violation.pardoned {
        (t().violation_pardoned, "pardoned")
    } else if violation.counts {
        (t().violation_counts, "counts")
    } else {
        (t().violation_lapsed, "lapsed")
    };
    let appeal = violation.appeal.clone();
    let may_appeal = appeal.is_none() && !violation.pardoned;
    let id = violation.id.clone();
    let writing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let send = move |_| {
        let reason = text.get_untracked().trim().to_owned();
        if reason.is_empty() {
            error.set(Some(t().err_appeal_empty.to_owned()));
            return;
        }
        if reason.chars().count() > APPEAL_MAX_CHARS {
            error.set(Some(t().err_appeal_long.to_owned()));
            return;
        }
        sending.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::appeal(&id, reason).await;
            if sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(updated) => violations.update(|list| {
                    if let Some(v) = list.iter_mut().find(|v| v.id == updated.id) {
                        *v = updated;
                    }
                }),
                Err(e) => error.set(Some(e.text(t()))),
            }
        });
    };
    let appeal_line = appeal.map(|a| match a.state {
        AppealState::Pending => t().appeal_pending.to_owned(),
        AppealState::Pardoned => t().appeal_pardoned.to_owned(),
        AppealState::Upheld => format!("{}{}", t().appeal_upheld, a.answer.unwrap_or_default()),
    });
    view! {
        <li class="violation">
            <div class="violation-head">
                <strong>{move || match kind {
                    ViolationKind::NoShow => t().violation_no_show,
                    ViolationKind::AwayExpired => t().violation_away_expired,
                }}</strong>
                <span class=format!("badge {standing_class}")>{standing}</span>
            </div>
            <p class="violation-when">{move || format!("{} · {}", label, when::at(at, today, t().common))}</p>
            {appeal_line.map(|line| view! { <p class="appeal-state">{line}</p> })}
            <Show when=move || may_appeal && !writing.get()>
                <button class="button secondary small" on:click=move |_| writing.set(true)>{move || t().appeal_button}</button>
            </Show>
            <Show when=move || writing.get()>
                <div class="field" class:invalid=move || error.with(Option::is_some)>
                    <label for="appeal-text">{move || t().appeal_label}</label>
                    <textarea id="appeal-text" rows="2" maxlength="200" aria-describedby="appeal-message"
                        prop:value=move || text.get() on:input=move |ev| { error.set(None); text.set(event_target_value(&ev)); }></textarea>
                    <p id="appeal-message" class="field-message" aria-live="polite">{move || error.get().unwrap_or_default()}</p>
                </div>
                <div class="button-row">
                    <button class="button secondary" on:click=move |_| writing.set(false)>{move || t().cancel}</button>
                    <button class="button primary" id="appeal-send" disabled=move || sending.get() on:click=send.clone()>
                        {move || t().appeal_send}
                    </button>
                </div>
            </Show>
        </li>
    }
}
