//! The web apps, embedded at build time (see `build.rs`) with brotli and gzip copies made then:
//! `/admin` and everything under it is the manager console, `/door` and under it the door kiosk,
//! everything else the renter's phone app. Two of its pages have lighter builds for a phone's first
//! load: the visitor's pages (`/`, `/login`, `/signup`, for a browser without a session cookie;
//! files under `/visitor`) and a room's seat map (`/rooms/{id}`; files under `/seat-map`). Each is
//! its own wasm, so a phone never downloads the console or the kiosk. Paths that are not files are
//! an app's own routes and get that app's `index.html`: the file as built, but for a seat map's
//! page loaded with a live session, which has its room's name written in (`room_head.rs`).

use super::room_head;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use std::io::Write;
use studyroom_api::pages::{VISITOR_PATHS, seat_map_room};

struct Asset {
    path: &'static str,
    raw: &'static [u8],
    br: &'static [u8],
    gzip: &'static [u8],
}

static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/assets_table.rs"));

/// The header naming a page's build: `app`, `visitor`, `seat-map`, `admin` or `door`.
const BUILD: &str = "x-studyroom-build";

fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Trunk names built files `name-<hash>.ext` (and `name-<hash>_bg.wasm`), the hash 64 bits in hex
/// without leading zeros: such a name never changes content, so it may be cached for good;
/// everything else must be revalidated.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| (12..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Which app answers a path (without its leading `/`), and the path inside that app's bundle:
/// `admin/x.js` is the console's `x.js`, `rooms/1` the phone app's `rooms/1`.
fn bundle_of(path: &str) -> (&'static str, &str) {
    for bundle in ["admin", "door", "visitor", "seat-map"] {
        if let Some(rest) = path.strip_prefix(bundle)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return (bundle, rest.trim_start_matches('/'));
        }
    }
    ("app", path)
}

/// Whether the request brings a session cookie (valid or not: the whole app, which has every
/// page, finds out and sends someone whose session ended to its own login).
fn has_session(headers: &HeaderMap) -> bool {
    let prefix = format!("{}=", crate::session::COOKIE);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            c.trim()
                .strip_prefix(&prefix)
                .is_some_and(|value| !value.is_empty())
        })
}

/// The `index.html` for a route of `bundle`. Two of the phone app's pages have lighter builds of
/// their own, for the page a phone loads first: a visitor (no session cookie) on one of the
/// visitor's paths gets the visitor's build, and anyone loading a seat map the seat map's build.
/// Everyone else gets the whole app, which then moves between its pages without asking.
fn index_for(bundle: &str, uri: &Uri, headers: &HeaderMap) -> Option<&'static Asset> {
    if bundle == "app" {
        let lighter = if VISITOR_PATHS.contains(&uri.path()) && !has_session(headers) {
            find("visitor/index.html")
        } else if seat_map_room(uri.path()).is_some() {
            find("seat-map/index.html")
        } else {
            None
        };
        if lighter.is_some() {
            return lighter;
        }
    }
    find(&format!("{bundle}/index.html"))
}

pub async fn serve(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let (bundle, path) = bundle_of(uri.path().trim_start_matches('/'));
    let asset = match find(&format!("{bundle}/{path}")) {
        Some(a) => a,
        // A route of the app (`/account`, `/admin/people`), not a missing file (`/x.png`). The
        // lighter builds have files only: their routes are the phone app's.
        None if bundle != "visitor"
            && bundle != "seat-map"
            && !path.rsplit('/').next().unwrap_or("").contains('.') =>
        {
            match index_for(bundle, &uri, &headers) {
                Some(a) => a,
                None => return not_built(),
            }
        }
        None => return StatusCode::NOT_FOUND.into_response(),
    };
    let accepts = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // A room's seat map, for someone signed in, says which room it is before the wasm has come.
    let with_room = match seat_map_room(uri.path()) {
        Some(id) if asset.path == "seat-map/index.html" => {
            room_head::page_with_room_head(&state, id, &headers, asset.raw).await
        }
        _ => None,
    };
    let personal = with_room.is_some();
    let (body, encoding) = match with_room {
        Some(page) if accepts.contains("br") => (Body::from(brotli(page.as_bytes())), Some("br")),
        Some(page) => (Body::from(page), None),
        None if accepts.contains("br") => (Body::from(asset.br), Some("br")),
        None if accepts.contains("gzip") => (Body::from(asset.gzip), Some("gzip")),
        None => (Body::from(asset.raw), None),
    };
    let cache = if is_hashed(asset.path) {
        "public, max-age=31536000, immutable"
    } else if personal {
        "private, no-cache"
    } else if asset.path.ends_with("index.html") || asset.path.ends_with("sw.js") {
        "no-cache"
    } else {
        "public, max-age=3600"
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(asset.path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Which page a route gets depends on the session cookie (see `index_for`), and so does a seat
    // map's page (the room's name is written in for someone signed in).
    let vary = if VISITOR_PATHS.contains(&uri.path()) || asset.path == "seat-map/index.html" {
        "accept-encoding, cookie"
    } else {
        "accept-encoding"
    };
    h.insert(header::VARY, HeaderValue::from_static(vary));
    // Which build a page is, for the service worker (`public/sw.js`), which keeps each build's page
    // apart: a lighter build must only ever be shown its own pages.
    if let Some(build) = asset.path.strip_suffix("/index.html") {
        h.insert(BUILD, HeaderValue::from_static(build));
    }
    if asset.path == "seat-map/index.html"
        && let Some(preload) = seat_map_preload(uri.path(), has_session(&headers))
    {
        h.insert(header::LINK, preload);
    }
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// What the seat map waits for before it draws (the room, who sits where, and for someone signed
/// in who they are and their bookings), asked for by the browser as soon as the page arrives rather
/// than once the wasm has downloaded and started: on a weak signal that is a round trip or two
/// sooner. The app's own requests for the same addresses then take the answers the browser already
/// has (`crossorigin`, as `fetch` asks by default: same-origin requests carry the cookie). A room
/// id is hex; anything else (which no room has) gets no preload, so nothing from the address is
/// ever written into the header unchecked.
fn seat_map_preload(path: &str, signed_in: bool) -> Option<HeaderValue> {
    let id = seat_map_room(path)?;
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let mut links = format!(
        "</api/rooms/{id}>; rel=preload; as=fetch; crossorigin, \
         </api/rooms/{id}/occupancy>; rel=preload; as=fetch; crossorigin"
    );
    if signed_in {
        links.push_str(
            ", </api/me>; rel=preload; as=fetch; crossorigin, \
             </api/bookings>; rel=preload; as=fetch; crossorigin",
        );
    }
    HeaderValue::from_str(&links).ok()
}

/// A page made for one request, compressed as the built ones are sent (at a quality that takes
/// microseconds for a page of 3 KB).
fn brotli(page: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len() / 2);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        // Writing into a Vec cannot fail.
        let _ = writer.write_all(page);
    }
    out
}

fn not_built() -> Response {
    Html(
        "<!doctype html><meta charset=utf-8><title>studyroom</title><p>This server was built without the \
          web app. Build it with <code>cargo xtask build</code>; the API under <code>/api</code> works.",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn admin_and_door_have_their_own_bundles() {
        assert_eq!(super::bundle_of(""), ("app", ""));
        assert_eq!(super::bundle_of("rooms/r1"), ("app", "rooms/r1"));
        assert_eq!(super::bundle_of("admin"), ("admin", ""));
        assert_eq!(super::bundle_of("admin/"), ("admin", ""));
        assert_eq!(super::bundle_of("admin/people/u1"), ("admin", "people/u1"));
        assert_eq!(
            super::bundle_of("admin/x-0123456789abcdef.js"),
            ("admin", "x-0123456789abcdef.js")
        );
        assert_eq!(super::bundle_of("door"), ("door", ""));
        assert_eq!(
            super::bundle_of("visitor/studyroom-0123456789abcdef.js"),
            ("visitor", "studyroom-0123456789abcdef.js")
        );
        assert_eq!(
            super::bundle_of("seat-map/studyroom-0123456789abcdef_bg.wasm"),
            ("seat-map", "studyroom-0123456789abcdef_bg.wasm")
        );
        assert_eq!(super::bundle_of("doors"), ("app", "doors"));
        assert_eq!(super::bundle_of("administrator"), ("app", "administrator"));
    }

    #[test]
    fn a_seat_maps_page_preloads_what_the_map_waits_for_when_its_room_id_is_plain() {
        assert_eq!(
            super::seat_map_preload("/rooms/8f3a_11-b", false).unwrap(),
            "</api/rooms/8f3a_11-b>; rel=preload; as=fetch; crossorigin, \
             </api/rooms/8f3a_11-b/occupancy>; rel=preload; as=fetch; crossorigin"
        );
        // Who is signed in and their bookings too, for someone who may be.
        assert_eq!(
            super::seat_map_preload("/rooms/8f3a_11-b", true).unwrap(),
            "</api/rooms/8f3a_11-b>; rel=preload; as=fetch; crossorigin, \
             </api/rooms/8f3a_11-b/occupancy>; rel=preload; as=fetch; crossorigin, \
             </api/me>; rel=preload; as=fetch; crossorigin, \
             </api/bookings>; rel=preload; as=fetch; crossorigin"
        );
        for odd in [
            "/rooms/a,b",
            "/rooms/a;rel=x",
            "/rooms/a%3E",
            "/rooms/a.b",
            "/rooms",
            "/account",
        ] {
            assert!(super::seat_map_preload(odd, true).is_none(), "{odd}");
        }
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        for name in [
            "studyroom-aeba24b8168fccfe_bg.wasm",
            "studyroom-b0c159a28392f38.js",
            "main-ee6ec2fb63e3a97f.css",
        ] {
            assert!(super::is_hashed(name), "{name}");
        }
        for name in ["index.html", "manifest.webmanifest", "icon.svg", "my-app.js"] {
            assert!(!super::is_hashed(name), "{name}");
        }
    }
}
