//! Taking connections and serving the app on them: hyper's HTTP/1, with the limits a server that
//! holds thousands of open event streams and faces the internet needs, which `axum::serve` (a
//! fixed builder) does not let one set.
//!
//! - **A request's head must arrive within [`Limits::head_timeout`]**, idle keep-alive connections
//!   included. `axum::serve` gives hyper no timer, so a client that opened connections and sent
//!   nothing (or a byte a minute) held each of them for ever: a cheap way to use up the process's
//!   file descriptors, and with them the door's.
//! - **A request's head may be at most [`HEAD_BYTES`]** (431 beyond), as nginx's default.
//! - **Every connection's read buffer is 8 KiB**, hyper's smallest. `axum::serve`'s builder first
//!   reads 24 bytes to tell HTTP/2 from HTTP/1, and the buffer that took them then doubled to
//!   16 KiB for the rest of the head: 8 KiB more for each of 20,000 open event streams
//!   (heaptrack, BENCHMARKS.md). Browsers speak HTTP/2 only over TLS, which a proxy in front ends.
//! - **An event stream asked for on a fresh connection is answered outside hyper**
//!   ([`crate::stream_connection`]): hyper's 16 KiB of buffers a connection were two thirds of
//!   what each of 20,000 open streams cost.
//!
//! Shutdown is graceful: no connection is taken once `shutdown` resolves, and this returns once
//! every connection has finished its requests in flight (event streams end on
//! [`crate::events::Events::close`], and those answered outside hyper also when this stops).

use axum::Router;
use axum::serve::Listener;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::stream_connection;

/// The largest request head (request line and headers) taken: the same as nginx's default
/// buffers; a session cookie and a browser's headers are well under 2 KiB.
pub const HEAD_BYTES: usize = 8 * 1024;

/// What a connection may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From when a connection is ready for a request (opened, or done with the last one) to the
    /// end of the next request's head.
    pub head_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            head_timeout: Duration::from_secs(20),
        }
    }
}

/// Serves `app` on every connection `listener` takes until `shutdown` resolves, then waits for
/// the connections' requests in flight.
pub async fn serve(
    mut listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .max_buf_size(HEAD_BYTES)
        .max_header_size(HEAD_BYTES);
    // Giving the router its (empty) state once turns each route's handler into a ready service;
    // a router served without it does that again for every request.
    let app = app.with_state(());
    let graceful = GracefulShutdown::new();
    // Tells the event streams answered outside hyper (`stream_connection`) to end, and, once each
    // has dropped its receiver, that they have.
    let (stop_streams, stop) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // `Listener::accept` rides out accept errors (too many open files: it waits a second).
        let (tcp, _) = tokio::select! {
            taken = Listener::accept(&mut listener) => taken,
            () = &mut shutdown => break,
        };
        // A router's clone shares its route table (an `Arc`).
        let app = app.clone();
        let (watcher, mut stop, http) = (graceful.watcher(), stop.clone(), http.clone());
        tokio::spawn(async move {
            // A look at the first bytes, which must come within the head's time (hyper's own
            // timer starts once they have: a first head may so take twice as long as the next);
            // a server that stops meanwhile closes the connection, as hyper closes an idle one.
            let first = tokio::select! {
                first = tokio::time::timeout(limits.head_timeout, stream_connection::first_request(&tcp)) => first,
                () = stream_connection::stopping(&mut stop) => return,
            };
            match first {
                Ok(Ok(Some((head_length, request)))) => {
                    drop(watcher);
                    stream_connection::answer(tcp, head_length, request, app, stop).await;
                }
                Ok(Ok(None)) => {
                    drop(stop);
                    let service = TowerToHyperService::new(app);
                    // A connection's end (closed by the client, timed out, refused) is not the
                    // server's concern: requests answer for themselves.
                    let _ = watcher
                        .watch(http.serve_connection(TokioIo::new(tcp), service))
                        .await;
                }
                // Nothing came in time, or the connection failed: closed.
                Ok(Err(_)) | Err(_) => {}
            }
        });
    }
    drop(listener);
    drop(stop);
    let _ = stop_streams.send(true);
    tokio::join!(graceful.shutdown(), stop_streams.closed());
}
