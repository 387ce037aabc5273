//! What went wrong and a way to try again: the error state of every screen.

use crate::state::tr;
use leptos::prelude::*;

#[component]
pub fn ErrorCard(
    /// The sentence to show (from `ApiError::text`).
    #[prop(into)]
    message: Signal<String>,
    /// What "try again" does.
    #[prop(into)]
    on_retry: Callback<()>,
    /// More ways out (a link elsewhere), under the message.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="card error-card" role="alert">
            <p class="form-error">{move || message.get()}</p>
            <div class="button-row">
                <button class="button secondary" id="retry" on:click=move |_| on_retry.run(())>
                    {tr(|t| t.retry)}
                </button>
                {children.map(|c| c())}
            </div>
        </section>
    }
}
