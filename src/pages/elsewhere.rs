//! A path the build shown does not have, in the builds without the router (the visitor's pages,
//! the seat map): Back to a page of another build's history, or a link followed in place. Loading
//! it from the server brings the build that has it.

use leptos::prelude::*;
use ui::components::skeleton::Skeleton;

#[component]
pub fn Elsewhere() -> impl IntoView {
    let _ = window().location().reload();
    view! { <Skeleton/> }
}
