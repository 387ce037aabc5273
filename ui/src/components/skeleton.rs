//! Grey placeholder lines while something loads: never a blank screen, never a long spinner.

use leptos::prelude::*;

/// `lines`: how many text lines to suggest.
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="card skeleton" aria-busy="true">
            {(0..lines).map(|i| view! { <div class="skeleton-line" class:short=i + 1 == lines></div> }).collect_view()}
        </div>
    }
}
