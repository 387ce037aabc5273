//! The member's verification status in plain words: what it means and what happens next.

use crate::i18n::fill;
use crate::state::use_texts;
use leptos::prelude::*;
use studyroom_api::{User, UserStatus};

/// Shape + text + colour, never colour alone: each status has its own mark.
fn mark(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Pending => "◷",
        UserStatus::Verified => "✓",
        UserStatus::Rejected => "!",
        UserStatus::Suspended => "⏸",
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
    let body = move || {
        user.with(|u| match u.status {
            UserStatus::Pending => t().status_pending_body.to_owned(),
            UserStatus::Verified => t().status_verified_body.to_owned(),
            UserStatus::Rejected => format!(
                "{}{} {}",
                t().status_rejected_reason,
                u.status_reason.clone().unwrap_or_default(),
                t().status_rejected_next
            ),
            UserStatus::Suspended => fill(
                t().status_suspended_body,
                u.suspended_until
                    .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
            ),
        })
    };
    view! {
        <section class=move || format!("card status status-{}", status().as_str()) id="status-card" data-status=move || status().as_str()>
            <span class="status-mark" aria-hidden="true">{move || mark(status())}</span>
            <div>
                <h2>{title}</h2>
                <p>{body}</p>
            </div>
        </section>
    }
}
