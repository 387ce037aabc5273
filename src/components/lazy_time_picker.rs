//! The time picker, fetched when it is first needed in the seat map's build.
//!
//! A member who opens a seat map by its address downloads the seat map's build, and every byte
//! of it lies between the tap and the map. The picker is a fifth of it and is needed only once a
//! seat is tapped, so in that build it is a split point (`wasm_split_helpers`, split out by
//! `cargo xtask`, see xtask/src/split.rs): it comes down once the map is drawn and the member may
//! book ([`preload`]), and if the tap comes first, the picker's place shows a skeleton until it
//! arrives. If it cannot be fetched (a lost signal), the place says so and offers to try again.
//! In the whole app the picker is part of the app, and all of this is the picker itself.

use crate::components::time_picker::TimePicker;
use crate::slots::Mine;
use leptos::prelude::*;
use studyroom_api::{Room, Seat};
use ui::seat_layout::SeatNow;

#[cfg(feature = "seat-map")]
pub use fetched::preload;

/// In the whole app the picker is already there.
#[cfg(not(feature = "seat-map"))]
pub fn preload() {}

/// The time picker for one seat, as [`TimePicker`] takes it: in the seat map's build, fetched if
/// it is not there yet.
#[component]
pub fn LazyTimePicker(
    room: Room,
    seat: Seat,
    #[prop(into)] seat_state: Signal<SeatNow>,
    #[prop(into)] mine: Signal<Vec<Mine>>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    place(PickerProps {
        room,
        seat,
        seat_state,
        mine,
        on_close,
    })
}

// In the whole app, the picker's place is the picker.
#[cfg(feature = "seat-map")]
use fetched::place;
#[cfg(not(feature = "seat-map"))]
use picker as place;

/// The time picker's props, carried across the split in one box.
#[derive(Clone)]
struct PickerProps {
    room: Room,
    seat: Seat,
    seat_state: Signal<SeatNow>,
    mine: Signal<Vec<Mine>>,
    on_close: Callback<()>,
}

fn picker(props: PickerProps) -> AnyView {
    let PickerProps {
        room,
        seat,
        seat_state,
        mine,
        on_close,
    } = props;
    view! { <TimePicker room=room seat=seat seat_state=seat_state mine=mine on_close=on_close/> }.into_any()
}

#[cfg(feature = "seat-map")]
mod fetched {
    use super::{PickerProps, picker};
    use crate::state::{map_tr, use_map_texts};
    use futures::FutureExt;
    use leptos::prelude::*;
    use ui::components::skeleton::Skeleton;

    /// Why the picker is not there: its part of the app could not be fetched.
    struct Unavailable;

    impl From<wasm_split_helpers::SplitLoaderError> for Unavailable {
        fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
            Unavailable
        }
    }

    /// The split point: the picker's code is in the chunk this fetches on its first call.
    #[wasm_split_helpers::wasm_split(time_picker, fallible, preload(preload_time_picker))]
    fn time_picker(props: Box<PickerProps>) -> Result<AnyView, Unavailable> {
        Ok(picker(*props))
    }

    thread_local! {
        /// Whether the picker's part of the app has come.
        static FETCHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Fetches the picker's part of the app (once: later calls wait for the same fetch, or find it
    /// done) and says whether it came.
    async fn fetch() -> bool {
        let came = preload_time_picker().await.is_ok();
        FETCHED.set(came);
        came
    }

    /// Fetches the picker in the background, so that a tap on a seat finds it there.
    pub fn preload() {
        // A failure is told when the picker is asked for, and tried again then.
        leptos::task::spawn_local(async {
            fetch().await;
        });
    }

    const PLACE_ID: &str = "picker-loading";
    const UNAVAILABLE_ID: &str = "picker-unavailable";

    /// On a phone the picker's place is below the map, out of sight: what stands in it while the
    /// picker is fetched (or could not be) is brought into view, as the picker brings itself, so
    /// that the tap is seen to have done something.
    fn into_view_below_the_map(id: &'static str) {
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(id) {
                el.scroll_into_view_with_bool(false);
            }
        });
    }

    /// Where the picker's part of the app stands.
    #[derive(Clone, Copy, PartialEq)]
    enum Fetch {
        Asked,
        Here,
        Failed,
    }

    /// The picker's place: the picker once its part of the app is here, a skeleton until then,
    /// or why it is not and "try again".
    pub(super) fn place(props: PickerProps) -> AnyView {
        let t = use_map_texts();
        // Usually fetched already (`preload`): then it is drawn at once.
        let here = FETCHED.get();
        let state = RwSignal::new(if here { Fetch::Here } else { Fetch::Asked });
        let ask = move || {
            state.set(Fetch::Asked);
            leptos::task::spawn_local(async move {
                state.try_set(if fetch().await { Fetch::Here } else { Fetch::Failed });
            });
        };
        if !here {
            ask();
        }
        (move || match state.get() {
            // Fetched, so the call does not wait.
            Fetch::Here => match time_picker(Box::new(props.clone())).now_or_never() {
                Some(Ok(picker)) => picker,
                _ => unavailable(t, ask),
            },
            Fetch::Asked => {
                into_view_below_the_map(PLACE_ID);
                view! { <div id=PLACE_ID><Skeleton lines=4/></div> }.into_any()
            }
            Fetch::Failed => unavailable(t, ask),
        })
        .into_any()
    }

    /// The picker's place when it could not be fetched: why, and "try again".
    fn unavailable(
        t: impl Fn() -> &'static crate::i18n::MapTexts + Copy + Send + Sync + 'static,
        ask: impl Fn() + Copy + Send + Sync + 'static,
    ) -> AnyView {
        into_view_below_the_map(UNAVAILABLE_ID);
        view! {
            <section class="card error-card" id=UNAVAILABLE_ID role="alert">
                <p class="form-error">{move || t().err_network}</p>
                <button type="button" class="button secondary" id="picker-retry" on:click=move |_| ask()>
                    {map_tr(|t| t.retry)}
                </button>
            </section>
        }
        .into_any()
    }
}
