//! How the embedded apps reach a browser: brotli (or gzip) copies made at build time, hashed files
//! cached for good, the page itself revalidated, app routes answered with the page; `/admin` is
//! the manager console and `/door` the door kiosk, each its own wasm that a phone never loads; a
//! visitor's first page (`/`, `/login`, `/signup` without a session cookie) is the phone app's
//! lighter visitor's build, and a page loaded at a seat map's address the seat map's build.

use crate::harness::Harness;

async fn get(h: &Harness, path: &str, accept: &str) -> reqwest::Response {
    get_with_cookie(h, path, accept, None).await
}

async fn get_with_cookie(h: &Harness, path: &str, accept: &str, cookie: Option<&str>) -> reqwest::Response {
    let request = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap()
        .get(h.url(path))
        .header("accept-encoding", accept);
    match cookie {
        Some(cookie) => request.header("cookie", cookie),
        None => request,
    }
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn the_app_is_served_compressed_and_hashed_files_are_cached_for_good() {
    let h = Harness::start().await;
    let index = get(&h, "/", "gzip, deflate, br").await;
    assert_eq!(index.headers()["content-encoding"], "br");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let plain = get(&h, "/", "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    let html = plain.text().await.unwrap();
    let wasm = html
        .split('"')
        .find(|s| s.ends_with("_bg.wasm"))
        .expect("index names its wasm")
        .trim_start_matches('/')
        .to_owned();

    let r = get(&h, &format!("/{wasm}"), "gzip").await;
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let gz = r.bytes().await.unwrap().len();
    let br = get(&h, &format!("/{wasm}"), "br")
        .await
        .bytes()
        .await
        .unwrap()
        .len();
    let raw = get(&h, &format!("/{wasm}"), "identity")
        .await
        .bytes()
        .await
        .unwrap()
        .len();
    assert!(br < gz && gz < raw, "br {br} < gzip {gz} < raw {raw}");

    // An app route gets the page; a missing file does not.
    let route = get(&h, "/rooms/some-room", "identity").await;
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap().contains("_bg.wasm"));
    assert_eq!(get(&h, "/missing.png", "identity").await.status(), 404);

    // The phone's page names neither the console's wasm nor the kiosk's.
    assert!(!html.contains("studyroom-console") && !html.contains("studyroom-kiosk"));
    for (path, wasm_name) in [
        ("/admin", "/admin/studyroom-console-"),
        ("/admin/people/someone", "/admin/studyroom-console-"),
        ("/door", "/door/studyroom-kiosk-"),
    ] {
        let page = get(&h, path, "identity").await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        let page = page.text().await.unwrap();
        let wasm = page
            .split('"')
            .find(|s| s.starts_with(wasm_name) && s.ends_with("_bg.wasm"))
            .unwrap_or_else(|| panic!("{path} names its own wasm"))
            .to_owned();
        assert!(
            !page.contains(&format!("/{}", wasm_name_of(&html))),
            "{path} loads the phone's wasm"
        );
        let r = get(&h, &wasm, "br").await;
        assert_eq!(r.status(), 200, "{wasm}");
        assert_eq!(r.headers()["content-encoding"], "br");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    assert_eq!(get(&h, "/admin/missing.js", "identity").await.status(), 404);
}

/// The file name in `text` that begins with `start` (`./name-…`), up to its closing quote,
/// without the `./`.
fn quoted_after(text: &str, start: &str) -> String {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the file"));
    let rest = &text[at + 2..];
    rest[..rest.find(['"', '\'']).unwrap()].to_owned()
}

/// `studyroom-<hash>_bg.wasm`, the phone's wasm named in its page.
fn wasm_name_of(html: &str) -> String {
    html.split('"')
        .find(|s| s.ends_with("_bg.wasm"))
        .unwrap()
        .trim_start_matches('/')
        .to_owned()
}

#[tokio::test]
async fn a_visitor_gets_the_visitors_build_and_anyone_with_a_session_the_whole_app() {
    let h = Harness::start().await;
    let app_page = get_with_cookie(&h, "/rooms", "identity", None)
        .await
        .text()
        .await
        .unwrap();
    let app_wasm = wasm_name_of(&app_page);
    assert!(!app_wasm.starts_with("visitor/"), "{app_wasm}");
    let session = "theme=dark; studyroom_session=abc";
    for path in ["/", "/login", "/signup"] {
        // No session cookie: the visitor's build, whose files are under /visitor/.
        let visitor = get(&h, path, "identity").await;
        assert_eq!(visitor.status(), 200, "{path}");
        assert_eq!(visitor.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(visitor.headers()["vary"], "accept-encoding, cookie", "{path}");
        assert_eq!(visitor.headers()["x-studyroom-build"], "visitor", "{path}");
        let page = visitor.text().await.unwrap();
        let wasm = wasm_name_of(&page);
        assert!(wasm.starts_with("visitor/studyroom-"), "{path}: {wasm}");
        let r = get(&h, &format!("/{wasm}"), "br").await;
        assert_eq!(r.status(), 200, "{wasm}");
        assert_eq!(r.headers()["content-encoding"], "br");
        // Any session cookie (the whole app finds out whether it is still good): the whole app.
        for cookie in [session, "studyroom_session=abc; theme=dark"] {
            let member = get_with_cookie(&h, path, "identity", Some(cookie)).await;
            assert_eq!(member.status(), 200, "{path}");
            assert_eq!(member.headers()["x-studyroom-build"], "app", "{path}");
            assert_eq!(
                wasm_name_of(&member.text().await.unwrap()),
                app_wasm,
                "{path} {cookie}"
            );
        }
        // An emptied cookie (what logging out leaves) is no session.
        let emptied = get_with_cookie(&h, path, "identity", Some("studyroom_session=")).await;
        assert_eq!(wasm_name_of(&emptied.text().await.unwrap()), wasm, "{path}");
    }
    // Every other route is the whole app's, and so is a path the visitor's router would not know.
    for path in ["/rooms", "/account", "//login", "/login/", "/signup/x"] {
        let page = get(&h, path, "identity").await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["vary"], "accept-encoding", "{path}");
        assert_eq!(page.headers()["x-studyroom-build"], "app", "{path}");
        assert_eq!(wasm_name_of(&page.text().await.unwrap()), app_wasm, "{path}");
    }
    // The visitor's build is files only: no page of its own under /visitor.
    for path in ["/visitor", "/visitor/", "/visitor/login", "/visitor/missing.js"] {
        assert_eq!(get(&h, path, "identity").await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn a_seat_map_loaded_by_its_address_gets_the_seat_maps_build() {
    let h = Harness::start().await;
    let app_wasm = wasm_name_of(&get(&h, "/account", "identity").await.text().await.unwrap());
    let mut seat_map_wasm = None;
    // With a session or without (the seat map's build sends a visitor to log in itself).
    for cookie in [None, Some("studyroom_session=abc")] {
        for path in ["/rooms/r1", "/rooms/8f3a-11"] {
            let page = get_with_cookie(&h, path, "identity", cookie).await;
            assert_eq!(page.status(), 200, "{path}");
            assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
            assert_eq!(page.headers()["vary"], "accept-encoding, cookie", "{path}");
            assert_eq!(page.headers()["x-studyroom-build"], "seat-map", "{path}");
            // What the map waits for is asked for with the page: with a session cookie, who is
            // signed in and their bookings too.
            let room = path.trim_start_matches("/rooms/");
            let mut links = format!(
                "</api/rooms/{room}>; rel=preload; as=fetch; crossorigin, \
                 </api/rooms/{room}/occupancy>; rel=preload; as=fetch; crossorigin"
            );
            if cookie.is_some() {
                links += ", </api/me>; rel=preload; as=fetch; crossorigin, \
                          </api/bookings>; rel=preload; as=fetch; crossorigin";
            }
            assert_eq!(page.headers()["link"], links, "{path}");
            let wasm = wasm_name_of(&page.text().await.unwrap());
            assert!(wasm.starts_with("seat-map/studyroom-"), "{path}: {wasm}");
            assert_ne!(wasm, app_wasm);
            seat_map_wasm = Some(wasm);
        }
    }
    // A room id no room has (not plain hex): still the seat map's build, but nothing from the
    // address goes into a header.
    // Someone signed in gets the room's name and address in the page itself (the app draws them
    // again when it starts), compressed for them and kept private; a room that does not exist, or
    // someone not signed in, gets the page as built.
    let (room_id, _, _) = h.demo_room().await;
    h.verified_member("13800000901").await;
    let cookie = h.api_session("13800000901").await;
    let head = format!(
        "<main class=\"page\"><!--room--><div class=\"room-head\"><h1 class=\"page-title\">{}</h1>\
         <p class=\"sub\">上海市徐汇区社区服务站二楼</p></div><!--/room-->",
        studyroom_server::demo::ROOM_NAME
    );
    let seat_map = format!("/rooms/{room_id}");
    let page = get_with_cookie(&h, &seat_map, "identity", Some(&cookie)).await;
    assert_eq!(page.headers()["cache-control"], "private, no-cache");
    assert_eq!(page.headers()["vary"], "accept-encoding, cookie");
    assert_eq!(page.headers()["x-studyroom-build"], "seat-map");
    assert!(page.headers().get("link").is_some());
    let html = page.text().await.unwrap();
    assert!(html.contains(&head), "{html}");
    let page = get_with_cookie(&h, &seat_map, "gzip, br", Some(&cookie)).await;
    assert_eq!(page.headers()["content-encoding"], "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &page.bytes().await.unwrap()[..], &mut decoded).unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), html);
    for (path, cookie) in [
        ("/rooms/no-such-room", Some(cookie.as_str())),
        (seat_map.as_str(), None),
        (seat_map.as_str(), Some("studyroom_session=abc")),
    ] {
        let page = get_with_cookie(&h, path, "identity", cookie).await;
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            !page.text().await.unwrap().contains("room-head"),
            "{path} {cookie:?}"
        );
    }

    let odd = get(&h, "/rooms/a,b;rel=x", "identity").await;
    assert_eq!(odd.headers()["x-studyroom-build"], "seat-map");
    assert!(odd.headers().get("link").is_none());
    let wasm = seat_map_wasm.unwrap();
    let r = get(&h, &format!("/{wasm}"), "br").await;
    assert_eq!(r.status(), 200, "{wasm}");
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // Trimmed of what it cannot use (xtask/src/trim.rs): wasm-streams' exports are gone from
    // the wasm (their names would be in its export section).
    let served = get(&h, &format!("/{wasm}"), "identity")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(served.starts_with(b"\0asm"));
    assert!(
        !served.windows(14).any(|w| w == b"intounderlying"),
        "wasm-streams' exports are still in the seat map's wasm"
    );
    // Its time picker is split out: the page's JavaScript imports the split's loader, which
    // fetches the picker's wasm; all three named by their contents, so cached for good.
    let page = get(&h, "/rooms/r1", "identity").await.text().await.unwrap();
    let js = page
        .split(['\'', '"'])
        .find(|s| s.starts_with("/seat-map/studyroom-") && s.ends_with(".js"))
        .unwrap()
        .to_owned();
    let js_text = get(&h, &js, "identity").await.text().await.unwrap();
    let loader = quoted_after(&js_text, "./__wasm_split-");
    // The loader is not part of the first load: imported when a chunk is first wanted, not by
    // the JavaScript's static imports (which the app's start waits for) nor with the page.
    assert!(
        js_text.contains(&format!("import(\"./{loader}\")")),
        "not imported lazily"
    );
    assert!(
        !js_text.contains(&format!("from \"./{loader}\"")),
        "imported statically"
    );
    assert!(!page.contains(&loader), "named by the page");
    let loader = get(&h, &format!("/seat-map/{loader}"), "identity").await;
    assert_eq!(loader.headers()["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(
        loader.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let loader_text = loader.text().await.unwrap();
    assert!(
        loader_text.contains(&js.replace("/seat-map/", "./")),
        "the loader names the page's JavaScript"
    );
    let chunk = quoted_after(&loader_text, "./split_time_picker-");
    assert!(chunk.ends_with(".wasm"), "{chunk}");
    let chunk = get(&h, &format!("/seat-map/{chunk}"), "br").await;
    assert_eq!(chunk.status(), 200);
    assert_eq!(chunk.headers()["content-type"], "application/wasm");
    assert_eq!(chunk.headers()["content-encoding"], "br");
    assert_eq!(
        chunk.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // Only a room's own address: the list of rooms and anything deeper are the whole app's.
    for path in ["/rooms", "/rooms/", "/rooms/r1/", "/rooms/r1/seats", "//rooms/r1"] {
        let page = get(&h, path, "identity").await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["x-studyroom-build"], "app", "{path}");
        assert_eq!(wasm_name_of(&page.text().await.unwrap()), app_wasm, "{path}");
    }
    // The seat map's build is files only: no page of its own under /seat-map.
    for path in [
        "/seat-map",
        "/seat-map/",
        "/seat-map/rooms/r1",
        "/seat-map/missing.js",
    ] {
        assert_eq!(get(&h, path, "identity").await.status(), 404, "{path}");
    }
}
