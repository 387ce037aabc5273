//! How the embedded apps reach a browser: brotli (or gzip) copies made at build time, hashed files
//! cached for good, the page itself revalidated, app routes answered with the page; `/admin` is
//! the manager console and `/door` the door kiosk, each its own wasm that a phone never loads.

use crate::harness::Harness;

async fn get(h: &Harness, path: &str, accept: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap()
        .get(h.url(path))
        .header("accept-encoding", accept)
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

/// `studyroom-<hash>_bg.wasm`, the phone's wasm named in its page.
fn wasm_name_of(html: &str) -> String {
    html.split('"')
        .find(|s| s.ends_with("_bg.wasm"))
        .unwrap()
        .trim_start_matches('/')
        .to_owned()
}
