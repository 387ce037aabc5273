//! The phone app's state: what every app shares (the language, who is signed in, the server's
//! clock; from `ui::state`), and the member's live booking, the app's home while there is one.

use crate::i18n::{MapTexts, Texts, VisitorTexts};
use leptos::prelude::*;
use leptos::task::spawn_local;
#[cfg(not(feature = "without-router"))]
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate},
};
use studyroom_api::Booking;
use ui::api;
pub use ui::state::{Auth, Clock, Locale, use_now};

/// The phone's words of the current language, for use inside reactive closures.
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    ui::state::use_words::<Texts>()
}

/// The words of the seat map and the top bar, for what the seat map's build links: naming `Texts`
/// there would take the other member's screens' words into it.
pub fn use_map_texts() -> impl Fn() -> &'static MapTexts + Copy + Send + Sync + 'static {
    ui::state::use_words::<MapTexts>()
}

/// One text of the seat map or the top bar: `{map_tr(|t| t.picker_day)}`.
pub fn map_tr(
    pick: fn(&MapTexts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    ui::state::tr_in(pick)
}

/// The words of the visitor's pages and of the frame, for what the visitor's build links: naming
/// `Texts` there would take every member's screen's words into it.
pub fn use_visitor_texts() -> impl Fn() -> &'static VisitorTexts + Copy + Send + Sync + 'static {
    ui::state::use_words::<VisitorTexts>()
}

/// One text of the visitor's pages or the frame: `{visitor_tr(|t| t.signup_title)}`.
pub fn visitor_tr(
    pick: fn(&VisitorTexts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    ui::state::tr_in(pick)
}

/// One of the phone's texts of the current language: `{tr(|t| t.retry)}`.
pub fn tr(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    ui::state::tr_in(pick)
}

/// Takes away the static shell that `index.html` paints while the wasm downloads; until then the
/// app's own elements stay hidden (`style/main.css`). No-op once it is gone.
pub fn remove_shell() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}

/// What every page of a member's build shares: the language, the person, the server's clock,
/// the live booking.
pub fn provide_member_state() {
    provide_context(Locale::init());
    let auth = Auth::init();
    let clock = Clock::init();
    provide_context(auth);
    provide_context(clock);
    provide_context(LiveBooking::init(auth, clock));
}

/// The path a build without the router shows (`location.pathname`): the visitor's build moves
/// between its pages in place and sets it; the seat map's build shows one page for good.
#[cfg(feature = "without-router")]
#[derive(Clone, Copy)]
pub struct Here(pub RwSignal<String>);

/// The path in the address bar.
#[cfg(feature = "without-router")]
pub fn pathname() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The path of the page shown, for what follows the page (the tab's title, the offline banner):
/// the router's in the whole app; the builds without it follow it themselves ([`Here`]).
pub fn use_path() -> Signal<String> {
    #[cfg(not(feature = "without-router"))]
    return use_location().pathname.into();
    #[cfg(feature = "without-router")]
    return expect_context::<Here>().0.into();
}

/// Whether going to a page adds to the history or takes the place of this page in it (so that
/// Back does not return to a page that would only send the person on again).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    New,
    Instead,
}

/// Going to another page of the phone app: through the router in the whole app; in a build
/// without it, by loading the page from the server, which serves the build that has it.
pub fn use_go() -> impl Fn(&str, Entry) + Clone + 'static {
    #[cfg(not(feature = "without-router"))]
    {
        let navigate = use_navigate();
        move |path: &str, entry: Entry| {
            let replace = entry == Entry::Instead;
            navigate(
                path,
                NavigateOptions {
                    replace,
                    ..Default::default()
                },
            )
        }
    }
    #[cfg(feature = "without-router")]
    |path: &str, entry: Entry| {
        let location = window().location();
        let _ = match entry {
            Entry::New => location.assign(path),
            Entry::Instead => location.replace(path),
        };
    }
}

/// Sends a signed-out visitor to the login page, once the server has said nobody is signed in.
pub fn require_sign_in() {
    let auth = expect_context::<Auth>();
    let go = use_go();
    Effect::new(move |_| {
        if auth.checked.get() && !auth.unreachable.get() && auth.user.with(Option::is_none) {
            go("/login", Entry::Instead);
        }
    });
}

/// The member's live booking: in the room, or the next one. The home screen and the top bar
/// lead to it. With it, all the member's bookings as last answered, which the seat map marks:
/// one request for both as a page starts (the seat map's page has it preloaded).
#[derive(Clone, Copy)]
pub struct LiveBooking {
    pub booking: RwSignal<Option<Booking>>,
    /// `None` until the first answer (a failed one gives an empty list).
    pub list: RwSignal<Option<Vec<Booking>>>,
    /// A request on its way, which another refresh waits for rather than asking again.
    asking: StoredValue<bool>,
}

impl LiveBooking {
    /// Follows who is signed in: a verified member's bookings are asked for, anyone else has none.
    pub fn init(auth: Auth, clock: Clock) -> Self {
        let live = Self {
            booking: RwSignal::new(None),
            list: RwSignal::new(None),
            asking: StoredValue::new(false),
        };
        Effect::new(move |_| {
            if auth.is_verified_member() {
                live.refresh(clock);
            } else {
                live.booking.set(None);
            }
        });
        live
    }

    pub fn refresh(self, clock: Clock) {
        if self.asking.get_value() {
            return;
        }
        self.asking.set_value(true);
        spawn_local(async move {
            let answer = api::my_bookings().await;
            self.asking.set_value(false);
            match answer {
                Ok(list) => {
                    self.set_from(&list, clock);
                }
                Err(_) if self.list.with_untracked(Option::is_none) => self.list.set(Some(Vec::new())),
                Err(_) => {}
            }
        });
    }

    /// Picks the live one out of the member's bookings (all of them, as just answered), and keeps
    /// them; returns its id.
    pub fn set_from(self, bookings: &[Booking], clock: Clock) -> Option<String> {
        let live = ui::when::live_booking(bookings, clock.now().fixed_offset()).cloned();
        let id = live.as_ref().map(|b| b.id.clone());
        self.booking.set(live);
        self.list.set(Some(bookings.to_vec()));
        id
    }

    /// A booking just changed (booked, cancelled, checked out): keep it if it is still live.
    pub fn update(self, booking: &Booking, clock: Clock) {
        self.list.update(|list| {
            if let Some(list) = list {
                match list.iter_mut().find(|b| b.id == booking.id) {
                    Some(kept) => *kept = booking.clone(),
                    // Newest first, as the server lists them.
                    None => list.insert(0, booking.clone()),
                }
            }
        });
        let live = booking.state.is_live() && booking.end > clock.now();
        let same = self
            .booking
            .with_untracked(|b| b.as_ref().is_some_and(|b| b.id == booking.id));
        if live {
            self.booking.set(Some(booking.clone()));
        } else if same {
            // Another booking may be next in line.
            self.refresh(clock);
        }
    }
}
