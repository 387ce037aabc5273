//! Small line icons drawn as inline SVG in the text's colour. A symbol character (⌫ ✓ ⏸) depends
//! on the device's fonts and shows as an empty box where none has it (a wall tablet often has
//! only a CJK font); a path draws the same everywhere. Icons are decoration: the words beside
//! them say the same.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconKind {
    Check,
    Cross,
    Lock,
    Alert,
    Backspace,
    Camera,
    /// Clock hands, for a mark that already draws its circle.
    Hands,
    /// An exclamation mark, likewise.
    Bang,
    Pause,
}

impl IconKind {
    /// Paths on a 24×24 grid, stroked.
    fn path(self) -> &'static str {
        match self {
            IconKind::Check => "M4 12.5l5 5L20 6.5",
            IconKind::Cross => "M6 6l12 12M18 6L6 18",
            IconKind::Lock => "M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3M12 14.5v2.5",
            IconKind::Alert => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7.5v5.5M12 16.3v.2",
            IconKind::Backspace => "M9 5h11v14H9l-6-7zM12 9.5l5 5M17 9.5l-5 5",
            IconKind::Camera => "M4 8h3.5l1.5-2.5h6L16.5 8H20v11H4zM12 10.5a3 3 0 1 0 0 6a3 3 0 1 0 0-6z",
            IconKind::Hands => "M12 6.5V12l3.5 2.5",
            IconKind::Bang => "M12 5.5v8M12 18v.2",
            IconKind::Pause => "M9 6v12M15 6v12",
        }
    }
}

#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round">
            <path d=kind.path()/>
        </svg>
    }
}
