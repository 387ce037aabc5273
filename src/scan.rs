//! Reading the kiosk's QR with the phone's camera: `getUserMedia` into a `<video>`, and the
//! browser's own `BarcodeDetector` looking at it a few times a second. Where the browser has no
//! `BarcodeDetector` (Firefox, Safari before 17, desktop Linux) the app offers typing alone: no
//! QR decoder is shipped in the wasm for them.
//!
//! Neither API has web-sys bindings in this build, so they are reached through `Reflect`; the
//! promises are followed with `then`, which needs no futures runtime.

use leptos::prelude::{IntervalHandle, set_interval_with_handle, window};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use ui::presence;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlVideoElement;
use web_sys::js_sys::{Array, Function, Object, Reflect};

/// How often the detector looks at the camera's picture.
const LOOK_EVERY: Duration = Duration::from_millis(300);

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn function(target: &JsValue, key: &str) -> Option<Function> {
    get(target, key)?.dyn_into().ok()
}

/// `promise.then(ok, err)`.
fn follow(promise: &JsValue, ok: &Function, err: &Function) -> bool {
    function(promise, "then").is_some_and(|then| then.call2(promise, ok, err).is_ok())
}

fn as_function(callback: &Closure<dyn FnMut(JsValue)>) -> Function {
    callback.as_ref().unchecked_ref::<Function>().clone()
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(key), value);
    }
    o
}

/// Whether this browser can scan: it has a camera API and a barcode detector.
pub fn supported() -> bool {
    let window = window();
    get(&window, "BarcodeDetector").is_some()
        && get(&window.navigator(), "mediaDevices")
            .and_then(|m| function(&m, "getUserMedia"))
            .is_some()
}

/// The camera's stream, once it is open: stopped when the scan ends.
fn stop_stream(stream: &JsValue) {
    let Some(tracks) = function(stream, "getTracks").and_then(|f| f.call0(stream).ok()) else {
        return;
    };
    for track in Array::from(&tracks).iter() {
        if let Some(stop) = function(&track, "stop") {
            let _ = stop.call0(&track);
        }
    }
}

/// A scan in progress. Dropping it turns the camera off.
pub struct Scan {
    stream: Rc<RefCell<Option<JsValue>>>,
    ended: Rc<Cell<bool>>,
    looking: Option<IntervalHandle>,
    /// Kept alive while a promise may still call them; see `Drop`.
    callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Scan {
    fn drop(&mut self) {
        self.ended.set(true);
        if let Some(handle) = self.looking.take() {
            handle.clear();
        }
        if let Some(stream) = self.stream.borrow_mut().take() {
            stop_stream(&stream);
        }
        // A camera or detector promise may still settle after this; its callback must exist
        // then. They are a few small closures per scan, so they are let go rather than freed.
        for callback in self.callbacks.drain(..) {
            callback.forget();
        }
    }
}

/// Starts the back camera in `video` and calls `on_code` once with the first presence code seen,
/// or `on_error` if the camera cannot be opened (refused, absent) or the detector fails.
pub fn start(
    video: HtmlVideoElement,
    on_code: impl Fn(String) + 'static,
    on_error: impl Fn() + 'static,
) -> Scan {
    let on_error: Rc<dyn Fn()> = Rc::new(on_error);
    let mut scan = Scan {
        stream: Rc::new(RefCell::new(None)),
        ended: Rc::new(Cell::new(false)),
        looking: None,
        callbacks: Vec::new(),
    };
    let window = window();
    let detector = function(&window, "BarcodeDetector").and_then(|ctor| {
        let formats = Array::of1(&JsValue::from_str("qr_code"));
        let options = object(&[("formats", formats.into())]);
        Reflect::construct(&ctor, &Array::of1(&options)).ok()
    });
    let open = get(&window.navigator(), "mediaDevices").and_then(|devices| {
        let camera = object(&[("facingMode", JsValue::from_str("environment"))]);
        let constraints = object(&[("video", camera.into()), ("audio", JsValue::FALSE)]);
        function(&devices, "getUserMedia")?
            .call1(&devices, &constraints)
            .ok()
    });
    let (Some(detector), Some(open)) = (detector, open) else {
        on_error();
        return scan;
    };

    // The camera: show its picture in the video element (or turn it off again if the scan has
    // already ended by the time permission was given).
    let opened = {
        let (stream, ended, video) = (scan.stream.clone(), scan.ended.clone(), video.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |media: JsValue| {
            if ended.get() {
                stop_stream(&media);
                return;
            }
            let _ = Reflect::set(&video, &JsValue::from_str("srcObject"), &media);
            let _ = video.play();
            *stream.borrow_mut() = Some(media);
        })
    };
    let refused = {
        let on_error = on_error.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| on_error())
    };
    if !follow(&open, &as_function(&opened), &as_function(&refused)) {
        on_error();
    }

    // The detector: one look at a time, until a presence code is seen.
    let busy = Rc::new(Cell::new(false));
    let seen = {
        let (busy, ended) = (busy.clone(), scan.ended.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |found: JsValue| {
            busy.set(false);
            if ended.get() {
                return;
            }
            let code = Array::from(&found)
                .iter()
                .filter_map(|barcode| get(&barcode, "rawValue")?.as_string())
                .find_map(|raw| presence::from_scan(&raw));
            if let Some(code) = code {
                ended.set(true);
                on_code(code);
            }
        })
    };
    let failed = {
        let (busy, ended) = (busy.clone(), scan.ended.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            busy.set(false);
            if !ended.replace(true) {
                on_error();
            }
        })
    };
    let detect = function(&detector, "detect");
    let (seen_fn, failed_fn) = (as_function(&seen), as_function(&failed));
    let ended = scan.ended.clone();
    scan.looking = set_interval_with_handle(
        move || {
            // HAVE_CURRENT_DATA: there is a picture to look at.
            if ended.get() || busy.get() || video.ready_state() < 2 {
                return;
            }
            let Some(detect) = &detect else { return };
            if let Ok(promise) = detect.call1(&detector, &video) {
                busy.set(follow(&promise, &seen_fn, &failed_fn));
            }
        },
        LOOK_EVERY,
    )
    .ok();
    scan.callbacks = vec![opened, refused, seen, failed];
    scan
}
