//! The camera's picture while the phone looks for the kiosk's QR. The camera is on only while
//! this component is on screen.

use crate::scan::{self, Scan};
use crate::state::tr;
use leptos::html::Video;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

#[component]
pub fn QrScanner(
    /// Called once with the presence code read.
    #[prop(into)]
    on_code: Callback<String>,
    /// Called when the camera cannot be used (refused or absent).
    #[prop(into)]
    on_error: Callback<()>,
) -> impl IntoView {
    let video = NodeRef::<Video>::new();
    let running = StoredValue::new(None::<SendWrapper<Scan>>);
    Effect::new(move |_| {
        if let Some(el) = video.get()
            && running.with_value(Option::is_none)
        {
            let scan = scan::start(el, move |code| on_code.run(code), move || on_error.run(()));
            running.set_value(Some(SendWrapper::new(scan)));
        }
    });
    on_cleanup(move || {
        // Turns the camera off.
        if let Some(Some(scan)) = running.try_update_value(Option::take) {
            drop(scan.take());
        }
    });
    view! {
        <div class="scanner">
            <video node_ref=video class="scan-video" autoplay=true muted=true playsinline=true
                aria-label=tr(|t| t.camera_label)></video>
            <p class="note">{tr(|t| t.scan_hint)}</p>
        </div>
    }
}
