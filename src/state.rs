//! App-wide state, provided as context: the language (remembered in localStorage) and who is
//! signed in (asked of the server once at start; the session itself lives in an HttpOnly cookie).

use crate::api;
use crate::i18n::{Lang, Texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::User;

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
}
