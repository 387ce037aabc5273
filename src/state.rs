//! App-wide state, provided as context: the language (remembered in localStorage), who is
//! signed in (asked of the server once at start; the session itself lives in an HttpOnly cookie),
//! the member's live booking (the app's home while there is one) and the server's clock.

use crate::api::{self, ApiError};
use crate::i18n::{Lang, Texts};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use std::time::Duration;
use studyroom_api::{Booking, ErrorCode, Role, User, UserStatus};

const LANG_KEY: &str = "studyroom.lang";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

impl Locale {
    /// Chinese unless the person chose English before.
    pub fn init() -> Self {
        let saved = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
        let lang = RwSignal::new(saved.as_deref().and_then(Lang::from_code).unwrap_or(Lang::Zh));
        Effect::new(move |_| {
            let lang = lang.get();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
            if let Some(s) = storage() {
                let _ = s.set_item(LANG_KEY, lang.code());
            }
        });
        Self(lang)
    }
}

/// The words of the current language, for use inside reactive closures.
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    let Locale(lang) = expect_context::<Locale>();
    move || lang.get().texts()
}

/// One text of the current language, as a reactive view or attribute: `{tr(|t| t.retry)}`.
/// Every use shares this one closure type, so a text costs a function pointer rather than its own
/// copy of Leptos's rendering code, as a `move || t().retry` closure of its own does.
pub fn tr(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let Locale(lang) = expect_context::<Locale>();
    move || pick(lang.get().texts())
}

/// Who is signed in. `checked` turns true once the server has answered (or could not be reached).
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: RwSignal<Option<User>>,
    pub checked: RwSignal<bool>,
    pub unreachable: RwSignal<bool>,
}

impl Auth {
    pub fn init() -> Self {
        let auth = Self {
            user: RwSignal::new(None),
            checked: RwSignal::new(false),
            unreachable: RwSignal::new(false),
        };
        auth.refresh();
        auth
    }

    /// Asks the server again (after a decision by a manager, say).
    pub fn refresh(self) {
        spawn_local(async move {
            match api::me().await {
                Ok(user) => {
                    self.user.set(Some(user));
                    self.unreachable.set(false);
                }
                Err(e) if e.code.is_none() => self.unreachable.set(true),
                Err(_) => self.user.set(None),
            }
            self.checked.set(true);
        });
    }

    /// A call answered 401: the session is gone, so the page's guard sends the person to log in.
    pub fn note(self, error: &ApiError) {
        if error.is(ErrorCode::Unauthenticated) {
            self.user.set(None);
        }
    }

    pub fn is_verified_member(self) -> bool {
        self.user.with(|u| {
            u.as_ref()
                .is_some_and(|u| u.role == Role::Member && u.status == UserStatus::Verified)
        })
    }
}

/// Sends a signed-out visitor to the login page, once the server has said nobody is signed in.
pub fn require_sign_in() {
    let auth = expect_context::<Auth>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if auth.checked.get() && !auth.unreachable.get() && auth.user.with(Option::is_none) {
            navigate(
                "/login",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}

/// The server is the only clock that matters (slots, code windows, countdowns). A phone whose
/// clock is minutes off would offer a "now" slot the server refuses, so the app follows the
/// server's time, learnt from each occupancy answer.
#[derive(Clone, Copy)]
pub struct Clock {
    skew_ms: RwSignal<i64>,
}

impl Clock {
    pub fn init() -> Self {
        Self {
            skew_ms: RwSignal::new(0),
        }
    }

    pub fn now(self) -> DateTime<Utc> {
        Utc::now() + TimeDelta::milliseconds(self.skew_ms.get_untracked())
    }

    /// `server_now` was the server's time when it answered. Small differences are the network's
    /// delay, not a wrong clock: only a skew beyond a few seconds is corrected.
    pub fn sync(self, server_now: DateTime<FixedOffset>) {
        let skew = server_now.timestamp_millis() - Utc::now().timestamp_millis();
        self.skew_ms.set(if skew.abs() > 5_000 { skew } else { 0 });
    }
}

/// The server's time, refreshed every `period` while the calling component lives.
pub fn use_now(period: Duration) -> ReadSignal<DateTime<Utc>> {
    let clock = expect_context::<Clock>();
    let now = RwSignal::new(clock.now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(clock.now()), period) {
        on_cleanup(move || handle.clear());
    }
    now.read_only()
}

/// The member's live booking: in the room, or the next one. The home screen and the top bar
/// lead to it.
#[derive(Clone, Copy)]
pub struct LiveBooking {
    pub booking: RwSignal<Option<Booking>>,
}

impl LiveBooking {
    /// Follows who is signed in: a verified member's bookings are asked for, anyone else has none.
    pub fn init(auth: Auth, clock: Clock) -> Self {
        let live = Self {
            booking: RwSignal::new(None),
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
        spawn_local(async move {
            if let Ok(list) = api::my_bookings().await {
                self.set_from(&list, clock);
            }
        });
    }

    /// Picks the live one out of the member's bookings; returns its id.
    pub fn set_from(self, bookings: &[Booking], clock: Clock) -> Option<String> {
        let live = crate::when::live_booking(bookings, clock.now().fixed_offset()).cloned();
        let id = live.as_ref().map(|b| b.id.clone());
        self.booking.set(live);
        id
    }

    /// A booking just changed (booked, cancelled, checked out): keep it if it is still live.
    pub fn update(self, booking: &Booking, clock: Clock) {
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
