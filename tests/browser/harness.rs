//! Starts what a browser test needs: the server on a free port over a fresh database, ChromeDriver,
//! and Chromium sessions (a phone, a tablet for the door kiosk, or a laptop for the manager); and
//! the steps many tests share (pairing the kiosk, booking a seat now).

use chrono::TimeZone;
use serde_json::json;
use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use studyroom_api::auth::SignupRequest;
use studyroom_api::{IdNumber, UserStatus};
use studyroom_api::{Password, Phone};
use studyroom_server::clock::{Clock, TestClock};
use studyroom_server::crypto::SecretKey;
use studyroom_server::store::StatusChange;
use studyroom_server::{AppState, accounts};
use thirtyfour::prelude::*;
use tokio::process::{Child, Command};

pub const MANAGER_PHONE: &str = "13900000009";
pub const PASSWORD: &str = "night owl 2026";

pub struct Harness {
    pub base: String,
    pub state: AppState,
    /// The server's clock: 21:40 in Shanghai, whatever the machine's time, so that the "now" slot
    /// never rolls over between picking it and booking it. The app follows the server's clock.
    pub clock: TestClock,
    server: Option<tokio::task::JoinHandle<()>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    driver_url: String,
    _chromedriver: Child,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub enum Screen {
    /// 390×844 at 2× pixels, touch: the main screen.
    Phone,
    /// 320×640 at 2× pixels, touch: the narrowest phone still in use (an iPhone SE of the first
    /// kind, small Androids); nothing may overflow or be cut off here.
    Narrow,
    /// 820×1180, portrait: the door kiosk on the wall, or the manager on the go.
    Tablet,
    /// 1280×800: the manager at the station.
    Laptop,
}

impl Harness {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
        let clock = TestClock::new(chrono::Utc.with_ymd_and_hms(2026, 11, 22, 13, 40, 0).unwrap());
        let state = studyroom_server::open(
            &url,
            &SecretKey::generate(),
            Arc::new(clock.clone()),
            studyroom_server::ServerOptions::default(),
        )
        .await
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router =
            studyroom_server::router(state.clone()).layer(axum::middleware::from_fn(server_log::track));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            studyroom_server::serve::serve(listener, router, Default::default(), async move {
                let _ = stopped.await;
            })
            .await
        });

        let index = reqwest::get(format!("{base}/"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            index.contains("_bg.wasm"),
            "this server was built without the web app: run the browser tests through `cargo xtask test`"
        );

        let port = free_port();
        let chromedriver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .kill_on_drop(true)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver is installed by `cargo xtask test`");
        let driver_url = format!("http://127.0.0.1:{port}");
        // Readiness, not a time rule: ChromeDriver answers /status once it listens.
        for _ in 0..100 {
            if reqwest::get(format!("{driver_url}/status"))
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            base,
            state,
            clock,
            server: Some(server),
            stop: Some(stop),
            driver_url,
            _chromedriver: chromedriver,
            _dir: dir,
        }
    }

    /// Takes the server away, as a dead spot at the door would: every request then fails.
    pub async fn stop_server(&mut self) {
        self.state.events.close();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            tokio::time::timeout(Duration::from_secs(10), server)
                .await
                .expect("the server stops")
                .unwrap();
        }
    }

    /// Cuts the browser's network (`true`) as a dead spot does, or gives it back: the page hears
    /// `offline` / `online` and `navigator.onLine` follows, as on a phone.
    pub async fn set_offline(&self, driver: &WebDriver, offline: bool) {
        let url = format!(
            "{}/session/{}/chromium/network_conditions",
            self.driver_url,
            driver.handle().session_id()
        );
        let client = reqwest::Client::new();
        let r = if offline {
            let conditions = json!({"network_conditions": {
                "offline": true, "latency": 0, "download_throughput": 1_000_000, "upload_throughput": 1_000_000
            }});
            client.post(url).json(&conditions).send().await.unwrap()
        } else {
            client.delete(url).send().await.unwrap()
        };
        assert!(r.status().is_success(), "network conditions: {}", r.status());
    }

    /// Makes every request whose address matches one of `patterns` (`*` for anything) fail as a
    /// lost signal would, page and service worker alike; an empty list lets everything through
    /// again. (Chrome's `Network.setBlockedURLs`, through ChromeDriver.)
    pub async fn block_requests(&self, driver: &WebDriver, patterns: &[&str]) {
        self.cdp(driver, "Network.enable", json!({})).await;
        self.cdp(driver, "Network.setBlockedURLs", json!({ "urls": patterns }))
            .await;
    }

    /// Holds every request whose address matches one of `patterns` unanswered (a reply still on
    /// its way on a weak signal) until [`Harness::release_requests`]. (Chrome's `Fetch` domain:
    /// nobody answers its pauses, so they wait.)
    pub async fn hold_requests(&self, driver: &WebDriver, patterns: &[&str]) {
        let patterns: Vec<_> = patterns
            .iter()
            .map(|p| json!({ "urlPattern": p, "requestStage": "Response" }))
            .collect();
        self.cdp(driver, "Fetch.enable", json!({ "patterns": patterns }))
            .await;
    }

    /// Lets the requests [`Harness::hold_requests`] holds go on.
    pub async fn release_requests(&self, driver: &WebDriver) {
        self.cdp(driver, "Fetch.disable", json!({})).await;
    }

    /// One Chrome DevTools command, through ChromeDriver.
    async fn cdp(&self, driver: &WebDriver, cmd: &str, params: serde_json::Value) {
        let url = format!(
            "{}/session/{}/goog/cdp/execute",
            self.driver_url,
            driver.handle().session_id()
        );
        let r = reqwest::Client::new()
            .post(&url)
            .json(&json!({ "cmd": cmd, "params": params }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{cmd}: {}", r.status());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn create_manager(&self) {
        let phone = Phone::parse(MANAGER_PHONE).unwrap();
        let password = Password::parse(PASSWORD).unwrap();
        accounts::create_manager(
            &*self.state.store,
            &self.state.vault,
            &self.state.hasher,
            &phone,
            &password,
            self.clock.now(),
        )
        .await
        .unwrap();
    }

    /// The demo room and its door: (room id, door id, door token).
    pub async fn demo_room(&self) -> (String, String, String) {
        let (door, token) = studyroom_server::demo::seed(&self.state).await.unwrap();
        let room = self
            .state
            .store
            .room_by_name(studyroom_server::demo::ROOM_NAME)
            .await
            .unwrap()
            .unwrap();
        (room.id, door, token)
    }

    /// Someone who has just signed up with this phone number (pending); returns their id. Their
    /// password is [`PASSWORD`].
    pub async fn signed_up(&self, phone: &str, name: &str) -> String {
        let seq: u32 = phone[phone.len() - 3..].parse().unwrap();
        let first17 = format!("310101199001{:02}{:03}", 1 + seq % 28, seq);
        let id_number = format!(
            "{first17}{}",
            studyroom_api::id_number::check_char(first17.as_bytes().try_into().unwrap())
        );
        assert!(IdNumber::parse(&id_number, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).is_ok());
        let req = SignupRequest {
            phone: phone.into(),
            password: PASSWORD.into(),
            real_name: name.into(),
            id_number,
            consent: true,
        };
        accounts::signup(&self.state, req).await.unwrap().id
    }

    /// A member with this phone number whom a manager has verified; their password is [`PASSWORD`].
    pub async fn verified_member(&self, phone: &str) {
        let id = self.signed_up(phone, "陈小雨").await;
        let change = StatusChange {
            status: UserStatus::Verified,
            reason: None,
            suspended_until: None,
            by: "test",
            revoke_codes: false,
            automatic: false,
        };
        let audit =
            studyroom_server::audit::NewEntry::new(self.clock.now(), "member_verified", "test", "e2e");
        self.state
            .store
            .set_status(&id, &[UserStatus::Pending], &change, self.clock.now(), &audit)
            .await
            .unwrap();
    }

    /// A session for `phone`, as a lock controller or a script would hold it: the cookie to send.
    pub async fn api_session(&self, phone: &str) -> String {
        let r = reqwest::Client::new()
            .post(self.url("/api/auth/login"))
            .json(&json!({"phone": phone, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "login {}", r.status());
        let cookie = r.headers()["set-cookie"].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    /// `POST path` with a JSON body as the holder of `cookie`; returns the answer's JSON.
    pub async fn api_post(&self, cookie: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        let r = reqwest::Client::new()
            .post(self.url(path))
            .header("cookie", cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "POST {path}: {}", r.status());
        r.json().await.unwrap()
    }

    pub async fn api_get(&self, cookie: &str, path: &str) -> serde_json::Value {
        let r = reqwest::Client::new()
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    /// A verified member who booked the demo room's `seat` for the current slot and never came:
    /// the test clock moves past the grace and the time rules run, which records a no-show.
    /// Returns the member's session cookie and the violation's id.
    pub async fn no_show(&self, phone: &str, seat: &str) -> (String, String) {
        self.verified_member(phone).await;
        let cookie = self.api_session(phone).await;
        let room = self
            .state
            .store
            .room_by_name(studyroom_server::demo::ROOM_NAME)
            .await
            .unwrap()
            .unwrap();
        let seat_id = self
            .state
            .store
            .seats(&room.id)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.label == seat)
            .unwrap()
            .id;
        let mut ticker = studyroom_server::ticker::Ticker::resume(&self.state)
            .await
            .unwrap();
        self.api_post(
            &cookie,
            "/api/bookings",
            json!({"seat_id": seat_id, "start": "2026-11-22T21:30:00+08:00", "end": "2026-11-22T22:00:00+08:00"}),
        )
        .await;
        self.clock.advance(chrono::Duration::minutes(16));
        ticker.tick(&self.state).await.unwrap();
        let list = self.api_get(&cookie, "/api/me/violations").await;
        let id = list["violations"][0]["id"].as_str().unwrap().to_owned();
        (cookie, id)
    }

    /// Logs in through the login page.
    pub async fn log_in(&self, driver: &WebDriver, phone: &str) {
        driver.goto(self.url("/login")).await.unwrap();
        type_into(driver, "#phone", phone).await;
        type_into(driver, "#password", PASSWORD).await;
        find(driver, "#login-submit").await.click().await.unwrap();
    }

    /// Logs a manager in at the console itself (`path` under `/admin`), and waits for the console's
    /// screens to be offered.
    pub async fn log_in_console(&self, driver: &WebDriver, path: &str) {
        driver.goto(self.url(path)).await.unwrap();
        type_into(driver, "#phone", MANAGER_PHONE).await;
        type_into(driver, "#password", PASSWORD).await;
        find(driver, "#login-submit").await.click().await.unwrap();
        find(driver, ".console-nav").await;
    }

    /// A fresh Chromium with its own profile (so its own cookies), in Chinese.
    pub async fn browser(&self, screen: Screen) -> WebDriver {
        let profile = tempfile::tempdir().unwrap().keep();
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary("/usr/bin/chromium").unwrap();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=zh-CN",
            "--force-prefers-reduced-motion",
            &format!("--user-data-dir={}", profile.display()),
        ] {
            caps.add_arg(arg).unwrap();
        }
        match screen {
            Screen::Phone => caps
                .add_experimental_option(
                    "mobileEmulation",
                    json!({"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "touch": true}}),
                )
                .unwrap(),
            Screen::Narrow => caps
                .add_experimental_option(
                    "mobileEmulation",
                    json!({"deviceMetrics": {"width": 320, "height": 640, "pixelRatio": 2.0, "touch": true}}),
                )
                .unwrap(),
            Screen::Tablet => caps.add_arg("--window-size=820,1180").unwrap(),
            Screen::Laptop => caps.add_arg("--window-size=1280,800").unwrap(),
        }
        let driver = WebDriver::new(&self.driver_url, caps).await.unwrap();
        driver.set_implicit_wait_timeout(Duration::ZERO).await.unwrap();
        driver
    }
}

/// Pairs the kiosk page with a door and waits for the door's presence code on its screen.
pub async fn pair_kiosk(kiosk: &WebDriver, base: &str, door_id: &str, token: &str) {
    kiosk.goto(format!("{base}/door")).await.unwrap();
    type_into(kiosk, "#pair-door-id", door_id).await;
    type_into(kiosk, "#pair-token", token).await;
    find(kiosk, "#pair-save").await.click().await.unwrap();
    presence_code(kiosk).await;
}

/// The presence code the kiosk shows now (six digits).
pub async fn presence_code(kiosk: &WebDriver) -> String {
    let code = find(kiosk, "#presence-code[data-code]")
        .await
        .attr("data-code")
        .await
        .unwrap()
        .unwrap();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "a six-digit presence code: {code:?}"
    );
    code
}

/// The pairing the kiosk keeps in its localStorage, if any.
pub async fn kept_pairing(kiosk: &WebDriver) -> Option<String> {
    kiosk
        .execute("return localStorage.getItem('studyroom.door')", vec![])
        .await
        .unwrap()
        .convert::<Option<String>>()
        .unwrap()
}

/// On a member's phone showing the seat map: books `seat` from now for an hour and returns the
/// access code from the booking page.
pub async fn book_now(phone: &WebDriver, seat: &str) -> String {
    find(phone, &format!("[data-seat-label='{seat}']"))
        .await
        .click()
        .await
        .unwrap();
    find(phone, "#time-now").await.click().await.unwrap();
    find(phone, "[data-minutes='60']").await.click().await.unwrap();
    find(phone, "#book-confirm").await.click().await.unwrap();
    find(phone, "#access-code[data-code]")
        .await
        .attr("data-code")
        .await
        .unwrap()
        .unwrap()
}

/// Whether `script` comes to return `true` within ten seconds, asked every tenth of a second.
pub async fn becomes_true(driver: &WebDriver, script: &str, args: Vec<serde_json::Value>) -> bool {
    for _ in 0..100 {
        let answer = driver.execute(script, args.clone()).await.unwrap();
        if answer.convert::<bool>().unwrap_or(false) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Saves a screenshot as `target/screenshots/<name>.png`.
pub async fn screenshot(driver: &WebDriver, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    driver.screenshot(&dir.join(format!("{name}.png"))).await.unwrap();
}

/// The page as it prints, as one PDF on A4; returns how many pages it has.
pub async fn printed_pages(driver: &WebDriver) -> usize {
    use thirtyfour::common::print::{PrintPage, PrintParameters};
    let pdf = driver
        .print_page(PrintParameters {
            page: PrintPage {
                width: 21.0,
                height: 29.7,
            },
            shrink_to_fit: false,
            ..Default::default()
        })
        .await
        .unwrap();
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"/Type /Page") - count(b"/Type /Pages")
}

/// Makes the page's print rules apply on screen, so a screenshot shows what would print.
pub async fn show_as_printed(driver: &WebDriver) {
    let script = "for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)                   if (rule.media && rule.media.mediaText === 'print') rule.media.mediaText = 'all';";
    driver.execute(script, vec![]).await.unwrap();
}

/// Runs axe-core (WCAG 2 A and AA rules) on the page as it is now and fails on any serious or
/// critical violation, naming the rule and the first elements that break it.
pub async fn assert_accessible(driver: &WebDriver, page: &str) {
    let path = std::env::var("STUDYROOM_AXE")
        .expect("STUDYROOM_AXE names axe.min.js: run through `cargo xtask test`");
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    driver.execute(&axe, vec![]).await.unwrap();
    let script = "return axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}).then(r => \
                  r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical') \
                  .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))";
    let found: Vec<String> = driver.execute(script, vec![]).await.unwrap().convert().unwrap();
    assert!(
        found.is_empty(),
        "{page} has accessibility violations:\n{}",
        found.join("\n")
    );
}

/// Waits (up to 15 s) for an element matching `css`. When it never comes, the page as it was is
/// saved as `target/screenshots/failed-find.png` with its address in the message, to see why.
pub async fn find(driver: &WebDriver, css: &str) -> WebElement {
    match driver
        .query(By::Css(css))
        .wait(Duration::from_secs(15), Duration::from_millis(50))
        .first()
        .await
    {
        Ok(element) => element,
        Err(e) => {
            let page = page_report(driver, css).await;
            screenshot(driver, "failed-find").await;
            let url = driver
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            panic!(
                "no `{css}` on the page at {url}: {e}\n{page}\nthe server's last requests:\n{}",
                server_log::report()
            )
        }
    }
}

/// The path of the wasm the current page runs (`/visitor/studyroom-<hash>_bg.wasm` for the phone's
/// visitor's build): which build of an app the server gave it.
pub async fn loaded_wasm(driver: &WebDriver) -> String {
    let script = "return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)
        .filter(p => p.endsWith('_bg.wasm')).join(' ')";
    driver.execute(script, vec![]).await.unwrap().convert().unwrap()
}

/// What the page was doing when an element never came, for a failure on a machine whose
/// screenshots are gone: the document's state, the elements that match the selector's first part
/// (its tag, id or class, attributes dropped) with their attributes, and every request the page
/// has finished with when it started and how long it took (one still open is not listed).
async fn page_report(driver: &WebDriver, css: &str) -> String {
    let loose = css.split(['[', ':']).next().unwrap_or("").trim();
    let loose = if loose.is_empty() {
        css.split(']').next().map(|s| format!("{s}]")).unwrap_or_default()
    } else {
        loose.to_string()
    };
    let script = r#"
        const [loose] = arguments;
        const near = [...document.querySelectorAll(loose)].slice(0, 8).map(e =>
            '<' + e.tagName.toLowerCase() + [...e.attributes].map(a => ' ' + a.name + '=' + JSON.stringify(a.value)).join('') + '>');
        const requests = performance.getEntriesByType('resource').map(r =>
            Math.round(r.startTime) + ' ms +' + Math.round(r.duration) + ' ms ' + r.name.replace(location.origin, ''));
        return 'readyState ' + document.readyState + ', ' + Math.round(performance.now()) + ' ms since the page began\n'
            + 'matching `' + loose + '`: ' + (near.join('\n  ') || 'none') + '\n'
            + 'requests:\n  ' + requests.join('\n  ') + '\n'
            + 'text: ' + document.body.innerText.slice(0, 600).replace(/\n+/g, ' | ');"#;
    match driver.execute(script, vec![serde_json::json!(loose)]).await {
        Ok(ret) => ret.convert::<String>().unwrap_or_default(),
        Err(e) => format!("(the page did not answer: {e})"),
    }
}

/// Waits until the element matching `css` shows `text`. The element is looked up again on every
/// try: the app may re-render it in the meantime.
pub async fn wait_for_text(driver: &WebDriver, css: &str, text: &str) {
    let mut seen = String::new();
    for _ in 0..200 {
        if let Ok(el) = driver.find(By::Css(css)).await {
            seen = el.text().await.unwrap_or_default();
            if seen.contains(text) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("`{css}` never showed {text:?}; it shows {seen:?}");
}

/// Waits until the element matching `css` has `attr` = `value` (live updates arrive asynchronously).
pub async fn wait_for_attr(driver: &WebDriver, css: &str, attr: &str, value: &str) {
    let mut seen = None;
    for _ in 0..200 {
        if let Ok(el) = driver.find(By::Css(css)).await {
            seen = el.attr(attr).await.ok().flatten();
            if seen.as_deref() == Some(value) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("`{css}` never had {attr}={value:?}; last seen {seen:?}");
}

pub async fn type_into(driver: &WebDriver, css: &str, text: &str) {
    find(driver, css).await.send_keys(text).await.unwrap();
}

/// Fails if anything on the page as it is now overflows the screen sideways or is cut off: the
/// page must not scroll sideways; no element may reach past the viewport's right (or left) edge;
/// no text may be clipped by its box (overflow hidden or an ellipsis), spill out of it, or run past
/// the edge of an input. A deliberate sideways scroller (the seat map on a narrow phone) may hold
/// more than it shows, but only while it shows a cue that there is more (`--cue-end` or
/// `--cue-start` above zero: the faded edge of main.css).
pub async fn assert_fits(driver: &WebDriver, page: &str) {
    let script = r#"
const vw = document.documentElement.clientWidth;
const bad = [];
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
if (document.documentElement.scrollWidth > innerWidth)
    bad.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + innerWidth);
const scrolls = s => s.overflowX === 'auto' || s.overflowX === 'scroll';
const scroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (scrolls(getComputedStyle(p)) && p.scrollWidth > p.clientWidth + 1) return p;
    return null;
};
const cued = new Set();
for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // Hidden for the eye, there for a screen reader: a 1 px box that clips on purpose.
    if (r.width <= 1 && r.height <= 1) continue;
    const sc = scroller(el);
    if (sc) {
        if (!cued.has(sc)) {
            cued.add(sc);
            const cs = getComputedStyle(sc);
            const cue = ['--cue-end', '--cue-start'].some(v => parseFloat(cs.getPropertyValue(v)) > 0);
            if (!cue) bad.push(name(sc) + ' scrolls sideways with no cue (' + sc.scrollWidth + ' > ' + sc.clientWidth + ')');
        }
        continue;
    }
    if (r.right > vw + 0.5 || r.left < -0.5)
        bad.push(name(el) + ' reaches past the screen: ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + vw);
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (el.tagName === 'INPUT' && el.value && el.scrollWidth > el.clientWidth + 1)
        bad.push(name(el) + ' cuts off what is typed: ' + el.scrollWidth + ' > ' + el.clientWidth);
    else if (text && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !scrolls(s))
        bad.push(name(el) + ' has text ' + (s.overflowX === 'visible' ? 'spilling out' : 'cut off') + ': "' +
            el.textContent.trim().slice(0, 30) + '" ' + el.scrollWidth + ' > ' + el.clientWidth);
    if (text && s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth)
        bad.push(name(el) + ' ends in an ellipsis');
}
return bad;
"#;
    let found: Vec<String> = driver.execute(script, vec![]).await.unwrap().convert().unwrap();
    assert!(
        found.is_empty(),
        "{page} does not fit the screen:\n{}",
        found.join("\n")
    );
}

/// Taps the element matching `css` as a thumb would: brought to the middle of the screen first, so
/// that neither the sticky top bar nor a sticky bottom bar is in the way.
pub async fn tap(driver: &WebDriver, css: &str) {
    let el = find(driver, css).await;
    driver
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![el.to_json().unwrap()],
        )
        .await
        .unwrap();
    el.click()
        .await
        .unwrap_or_else(|e| panic!("tapping `{css}`: {e}"));
}

/// Scrolls the element matching `css` into view (for a screenshot of that part of the page).
pub async fn scroll_to(driver: &WebDriver, css: &str) {
    find(driver, css).await;
    let script = format!("document.querySelector({css:?}).scrollIntoView({{block: 'start'}})");
    driver.execute(&script, vec![]).await.unwrap();
}

/// What the test's server is answering, for a failure report: each test runs in a process of its
/// own, so one list per process is one per server.
mod server_log {
    use axum::extract::Request;
    use axum::middleware::Next;
    use axum::response::Response;
    use std::sync::Mutex;
    use std::time::Instant;

    struct Seen {
        what: String,
        began: Instant,
        took: Option<std::time::Duration>,
        status: u16,
    }

    static SEEN: Mutex<Vec<Seen>> = Mutex::new(Vec::new());

    pub async fn track(request: Request, next: Next) -> Response {
        let what = format!("{} {}", request.method(), request.uri().path());
        let index = {
            let mut seen = SEEN.lock().unwrap();
            seen.push(Seen {
                what,
                began: Instant::now(),
                took: None,
                status: 0,
            });
            seen.len() - 1
        };
        let response = next.run(request).await;
        if let Some(seen) = SEEN.lock().unwrap().get_mut(index) {
            seen.took = Some(seen.began.elapsed());
            seen.status = response.status().as_u16();
        }
        response
    }

    /// The last requests the server received, oldest first: how long each took to answer (a
    /// stream's answer is its start), or how long it has been waiting.
    pub fn report() -> String {
        let seen = SEEN.lock().unwrap();
        let start = seen.len().saturating_sub(30);
        seen[start..]
            .iter()
            .map(|s| match s.took {
                Some(took) => format!("  {} {} in {} ms", s.what, s.status, took.as_millis()),
                None => format!(
                    "  {} still waiting after {} ms",
                    s.what,
                    s.began.elapsed().as_millis()
                ),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
