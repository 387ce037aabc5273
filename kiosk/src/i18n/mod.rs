//! The door kiosk's own words, one constant per language, compile-checked like the shared ones in
//! `ui::i18n` (a string missing in one language is a compile error). Each `Texts` derefs to the
//! shared words, so `t.retry` and `t.kiosk_prompt` read alike.

mod en;
mod zh;

pub use en::EN;
pub use ui::i18n::Lang;
#[cfg(target_arch = "wasm32")]
pub use ui::i18n::fill;
pub use zh::ZH;

/// Every string of this app's own screens. `{}` marks where a number or time goes.
pub struct Texts {
    /// The words the apps share.
    pub common: &'static ui::i18n::Texts,
    pub kiosk_pair_title: &'static str,
    pub kiosk_pair_body: &'static str,
    pub pair_door_id: &'static str,
    pub pair_token: &'static str,
    pub pair_save: &'static str,
    pub pair_missing: &'static str,
    pub pair_checking: &'static str,
    pub pair_refused: &'static str,
    pub kiosk_presence_title: &'static str,
    pub kiosk_presence_how: &'static str,
    pub kiosk_presence_qr: &'static str,
    pub kiosk_presence_loading: &'static str,
    pub kiosk_presence_offline: &'static str,
    pub kiosk_locked_title: &'static str,
    /// The time left, as a countdown.
    pub kiosk_locked_left: &'static str,
    pub kiosk_locked_phone: &'static str,
    pub unpair_title: &'static str,
    pub unpair_phone: &'static str,
    pub unpair_not_manager: &'static str,
    pub kiosk_prompt: &'static str,
    pub kiosk_typed: &'static str,
    pub kiosk_open: &'static str,
    pub key_delete: &'static str,
    pub key_clear: &'static str,
    pub kiosk_granted: &'static str,
    pub kiosk_granted_plain: &'static str,
    pub kiosk_refused: &'static str,
    pub kiosk_unpaired: &'static str,
    pub kiosk_unpair: &'static str,
    pub kiosk_unpair_confirm: &'static str,
}

impl std::ops::Deref for Texts {
    type Target = ui::i18n::Texts;

    fn deref(&self) -> &ui::i18n::Texts {
        self.common
    }
}

impl ui::i18n::Words for Texts {
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
