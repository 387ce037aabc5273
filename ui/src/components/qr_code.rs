//! A code as a QR (the booking's access code, the kiosk's presence code), drawn as inline SVG (dark modules on a white square with the
//! standard quiet zone, in dark mode too: scanners need dark on light).

use crate::qr::qr_path;
use leptos::prelude::*;

#[component]
pub fn QrCode(
    /// What the QR holds (the code's digits).
    text: String,
    /// What a screen reader says instead.
    #[prop(into)]
    label: Signal<&'static str>,
) -> impl IntoView {
    qr_path(&text).map(|qr| {
        let size = qr.width + 8;
        view! {
            <svg class="qr" viewBox=format!("-4 -4 {size} {size}") role="img"
                aria-label=move || label.get() shape-rendering="crispEdges">
                <rect x="-4" y="-4" width=size height=size fill="#fff"/>
                <path d=qr.d fill="#000"/>
            </svg>
        }
    })
}
