//! Nothing to show yet, said kindly, with what to do next.

use leptos::prelude::*;

#[component]
pub fn EmptyCard(
    /// `id`, for tests.
    id: &'static str,
    #[prop(into)] title: Signal<&'static str>,
    #[prop(into)] body: Signal<&'static str>,
    /// The way on (a link or a button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="card empty" id=id>
            <h2>{move || title.get()}</h2>
            <p>{move || body.get()}</p>
            {children.map(|c| c())}
        </section>
    }
}
