//! A room's name and address, written into its seat map's page for someone signed in. On a weak
//! signal the page then says which room it is as soon as it arrives (someone who scanned the code
//! on the room's door sees at once that it is the right one), while the wasm that draws the map
//! is still on its way: a second or more at a phone's 1.5 Mbit/s. The heading is the static
//! shell's (`seat-map/index.html`), which the app removes when it starts and draws again, the
//! same, with the map.
//!
//! Only for a live session, as `GET /api/rooms/{id}` answers: the page is otherwise the same file
//! for everyone. Both texts are a manager's, so they are escaped for HTML, and the page is
//! compressed here (it is no longer the build's precompressed file) and marked private.

use crate::rooms;
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::http::HeaderMap;

/// Where the heading goes: the first thing in the shell's page.
const PLACE: &str = "<main class=\"page\">";
/// Around the heading, so the service worker can take it out of the copy it keeps for offline use:
/// that copy answers for any room (`public/sw.js`).
pub const START: &str = "<!--room-->";
pub const END: &str = "<!--/room-->";

/// The seat map's `page` with room `id`'s heading in its shell, if the request comes with a live
/// session and the room exists; `None` leaves the page as built.
pub async fn page_with_room_head(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    page: &[u8],
) -> Option<String> {
    CurrentUser::of(headers, state).await.ok()?;
    let room = rooms::find(state, id).await.ok()?;
    with_head(
        std::str::from_utf8(page).ok()?,
        &room_head(&room.name, &room.address),
    )
}

/// The heading as the app draws it (`src/pages/room.rs`), so that the app's own takes its place
/// without a shift.
fn room_head(name: &str, address: &str) -> String {
    format!(
        "{START}<div class=\"room-head\"><h1 class=\"page-title\">{}</h1><p class=\"sub\">{}</p></div>{END}",
        escape(name),
        escape(address)
    )
}

fn with_head(page: &str, head: &str) -> Option<String> {
    let at = page.find(PLACE)? + PLACE.len();
    Some(format!("{}{head}{}", &page[..at], &page[at..]))
}

/// `text` as HTML text or attribute content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_managers_words_cannot_become_markup() {
        let head = room_head("<script>alert(1)</script>", "\"1\" & 'two' <b>");
        assert!(!head.contains("<script>"));
        assert!(!head.contains("<b>"));
        assert!(head.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(head.contains("&quot;1&quot; &amp; &#39;two&#39; &lt;b&gt;"));
        assert!(head.starts_with(START) && head.ends_with(END));
    }

    #[test]
    fn the_heading_goes_first_in_the_shells_page_and_nowhere_else() {
        let page = "<body><div id=\"shell\"><header></header><main class=\"page\"><div class=\"card skeleton\"></div></main></div></body>";
        let with = with_head(page, "<h1>X</h1>").unwrap();
        assert_eq!(
            with,
            "<body><div id=\"shell\"><header></header><main class=\"page\"><h1>X</h1><div class=\"card skeleton\"></div></main></div></body>"
        );
        assert_eq!(with_head("<body></body>", "<h1>X</h1>"), None);
    }
}
