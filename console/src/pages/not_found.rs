//! A console path that does not exist.

use crate::state::tr;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card empty">
            <h1>{tr(|t| t.not_found)}</h1>
            <a class="button secondary" href="/admin">{tr(|t| t.nav_people)}</a>
        </section>
    }
}
