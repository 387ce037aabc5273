//! `/`: sends each person where they belong: the queue for managers, their account for members,
//! the login for everyone else.

use crate::components::skeleton::Skeleton;
use crate::state::Auth;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use studyroom_api::Role;

#[component]
pub fn Home() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !auth.checked.get() {
            return;
        }
        let target = match auth.user.with(|u| u.as_ref().map(|u| u.role)) {
            Some(Role::Manager) => "/admin",
            Some(Role::Member) => "/account",
            None => "/login",
        };
        navigate(
            target,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    view! { <Skeleton/> }
}
