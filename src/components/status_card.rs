//! The member's verification status in plain words: what it means and what happens next.

use crate::i18n::fill;
use crate::state::{Clock, use_texts};
use leptos::prelude::*;
use studyroom_api::{User, UserStatus};
use ui::components::icon::{Icon, IconKind};
use ui::when;

/// Shape + text + colour, never colour alone: each status has its own mark, drawn (a symbol
/// character may be missing from the phone's fonts).
fn mark(status: UserStatus) -> IconKind {
    match status {
        UserStatus::Pending => IconKind::Hands,
        UserStatus::Verified => IconKind::Check,
        UserStatus::Rejected => IconKind::Bang,
        UserStatus::Suspended => IconKind::Pause,
    }
}

#[component]
pub fn StatusCard(
    /// Whose status.
    #[prop(into)]
    user: Signal<User>,
) -> impl IntoView {
    let t = use_texts();
    let status = move || user.with(|u| u.status);
    let title = move || match status() {
        UserStatus::Pending => t().status_pending_title,
        UserStatus::Verified => t().status_verified_title,
        UserStatus::Rejected => t().status_rejected_title,
        UserStatus::Suspended => t().status_suspended_title,
    };
    let clock = expect_context::<Clock>();
    let body = move || {
        user.with(|u| match u.status {
            UserStatus::Pending => t().status_pending_body.to_owned(),
            UserStatus::Verified => t().status_verified_body.to_owned(),
            UserStatus::Rejected => format!(
                "{}{}",
                t().status_rejected_reason,
                u.status_reason.clone().unwrap_or_default()
            ),
            UserStatus::Suspended => {
                let until = u
                    .suspended_until
                    .map(|d| {
                        // "明天 09:00", "11月29日 00:00": the day first, as people say it.
                        let today = clock.now().with_timezone(d.offset()).date_naive();
                        let day = when::day_word(d.date_naive(), today, t().common)
                            .unwrap_or_else(|| t().common.day_today.to_owned());
                        format!("{day} {}", when::hm(d))
                    })
                    .unwrap_or_default();
                fill(t().status_suspended_body, until)
            }
        })
    };
    // What it means and what to do next; for a suspension, the manager's words or what the
    // automatic rule means.
    let why = move || {
        user.with(|u| match u.status {
            UserStatus::Rejected => Some(t().status_rejected_meaning.to_owned()),
            UserStatus::Suspended if u.suspended_automatically => Some(t().status_suspended_auto.to_owned()),
            UserStatus::Suspended => Some(format!(
                "{}{}",
                t().status_suspended_reason,
                u.status_reason.clone().unwrap_or_default()
            )),
            _ => None,
        })
    };
    // Whom to ask, after a manager's own decision.
    let ask = move || user.with(|u| u.status == UserStatus::Suspended && !u.suspended_automatically);
    let verified = move || status() == UserStatus::Verified;
    view! {
        <section class=move || format!("card status status-{}", status().as_str()) id="status-card" data-status=move || status().as_str()>
            <span class="status-mark" aria-hidden="true">{move || view! { <Icon kind=mark(status())/> }}</span>
            <div>
                <h2>{title}</h2>
                <p id="status-body">{body}</p>
                {move || why().map(|why| view! { <p id="status-why">{why}</p> })}
                <Show when=ask>
                    <p>{move || t().status_rejected_next}</p>
                </Show>
                <Show when=verified>
                    <a class="button primary" id="go-book" href="/">{move || t().status_verified_go}</a>
                </Show>
            </div>
        </section>
    }
}
