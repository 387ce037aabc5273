//! The console's words of the current language; the rest of its state is what every app shares.

use crate::i18n::Texts;
pub use ui::state::{Auth, Clock, Locale, use_now};

/// The console's words of the current language, for use inside reactive closures.
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    ui::state::use_words::<Texts>()
}

/// One of the console's texts of the current language: `{tr(|t| t.queue_title)}`.
pub fn tr(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    ui::state::tr_in(pick)
}
