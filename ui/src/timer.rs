//! A one-shot timer owned by a component (the kiosk's answer that fades, the console's undo).

use leptos::prelude::*;
use std::time::Duration;

/// A one-shot timer owned by a component: starting it again replaces the pending run, and it is
/// cleared when the component goes.
#[derive(Clone, Copy)]
pub struct Timer(StoredValue<Option<TimeoutHandle>>);

impl Timer {
    pub fn new() -> Self {
        let timer = Self(StoredValue::new(None));
        on_cleanup(move || timer.stop());
        timer
    }

    pub fn start(self, after: Duration, run: impl FnOnce() + 'static) {
        self.stop();
        let handle = set_timeout_with_handle(run, after).ok();
        self.0.try_update_value(|h| *h = handle);
    }

    pub fn stop(self) {
        if let Some(Some(handle)) = self.0.try_get_value() {
            handle.clear();
        }
    }
}

impl Default for Timer {
    fn default() -> Self {
        Self::new()
    }
}
