//! State every app provides as context: the language (remembered in localStorage, shared by the
//! three apps), who is signed in (asked of the server once at start; the session itself lives in
//! an HttpOnly cookie) and the server's clock.

use crate::api::{self, ApiError};
use crate::i18n::{Lang, Texts, Words};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use studyroom_api::{ErrorCode, Role, User, UserStatus};

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

/// The words `W` (an app's own, or the shared [`Texts`]) of the current language, for use inside
/// reactive closures.
pub fn use_words<W: Words>() -> impl Fn() -> &'static W + Copy + Send + Sync + 'static {
    let Locale(lang) = expect_context::<Locale>();
    move || W::of(lang.get())
}

/// One text of the current language, as a reactive view or attribute: `{tr(|t| t.retry)}`.
/// Every use shares one closure type per `W`, so a text costs a function pointer rather than its
/// own copy of Leptos's rendering code, as a `move || t().retry` closure of its own does.
pub fn tr_in<W: Words>(
    pick: fn(&W) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let Locale(lang) = expect_context::<Locale>();
    move || pick(W::of(lang.get()))
}

/// The shared words of the current language (for the shared components).
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    use_words::<Texts>()
}

/// One shared text of the current language: `{tr(|t| t.retry)}`.
pub fn tr(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    tr_in(pick)
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

    /// Nobody signed in, known without asking: the phone's visitor's build, which the server only
    /// serves to a browser without a session cookie.
    pub fn signed_out() -> Self {
        Self {
            user: RwSignal::new(None),
            checked: RwSignal::new(true),
            unreachable: RwSignal::new(false),
        }
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

    pub fn is_manager(self) -> bool {
        self.user
            .with(|u| u.as_ref().is_some_and(|u| u.role == Role::Manager))
    }

    pub fn is_verified_member(self) -> bool {
        self.user.with(|u| {
            u.as_ref()
                .is_some_and(|u| u.role == Role::Member && u.status == UserStatus::Verified)
        })
    }
}

/// The server is the only clock that matters (slots, code windows, countdowns). A phone whose
/// clock is minutes off would offer a "now" slot the server refuses, so the app follows the
/// server's time, learnt from each occupancy answer. The difference is kept on the device, so
/// that an app opened without a signal still tells the booking kept on the phone by the server's
/// time (is it still live?) rather than by a wrong phone clock.
#[derive(Clone, Copy)]
pub struct Clock {
    skew_ms: RwSignal<i64>,
}

const SKEW_KEY: &str = "studyroom.clock_skew";

impl Clock {
    pub fn init() -> Self {
        let kept = storage()
            .and_then(|s| s.get_item(SKEW_KEY).ok().flatten())
            .and_then(|v| v.parse().ok());
        Self {
            skew_ms: RwSignal::new(kept.unwrap_or(0)),
        }
    }

    pub fn now(self) -> DateTime<Utc> {
        Utc::now() + TimeDelta::milliseconds(self.skew_ms.get_untracked())
    }

    /// `server_now` was the server's time when it answered. Small differences are the network's
    /// delay, not a wrong clock: only a skew beyond a few seconds is corrected.
    pub fn sync(self, server_now: DateTime<FixedOffset>) {
        let skew = server_now.timestamp_millis() - Utc::now().timestamp_millis();
        let skew = if skew.abs() > 5_000 { skew } else { 0 };
        if self.skew_ms.get_untracked() != skew {
            self.skew_ms.set(skew);
            if let Some(s) = storage() {
                let _ = s.set_item(SKEW_KEY, &skew.to_string());
            }
        }
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
