//! Any path the app does not know.

use crate::state::use_texts;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card empty">
            <h1>{move || t().not_found}</h1>
            <a class="button secondary" href="/">{move || t().back_home}</a>
        </section>
    }
}
