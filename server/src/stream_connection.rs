//! A connection whose first request is for an event stream, answered without hyper.
//!
//! An event stream stays open for hours, and 20,000 of them may be open at once (one room's phones
//! on a busy night: issue 9). hyper keeps an 8 KiB read buffer and an 8 KiB write buffer for every
//! connection for as long as it is open, and no setting makes them smaller: they were two thirds of
//! what each open stream cost the server (heaptrack, BENCHMARKS.md). So when a connection's first
//! segment holds the whole head of a `GET /api/…/events`, [`serve::serve`](crate::serve::serve)
//! gives it to [`answer`]: the head is parsed by httparse (hyper's own parser) from a buffer that is
//! freed at once, the request goes through the same router as every other (sessions, the per-person
//! stream cap, the same handlers and headers), and the answer is written as it comes, one write per
//! event, delimited by the connection's close (RFC 9112 §6.3), with nothing kept between events.
//!
//! Every other connection goes to hyper untouched (nothing is read from it here: the head is only
//! peeked at), and so does an event stream whose head came in pieces, or that a browser asked for on
//! a connection it had already used: those are served as before, at hyper's cost.

use crate::serve::HEAD_BYTES;
use axum::Router;
use axum::body::{Body, HttpBody};
use axum::http::header::{CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
use axum::http::{Method, Request, Response, Version};
use futures_util::StreamExt;
use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tower::ServiceExt;

/// What every event stream's path starts with; nothing else is looked at further.
const API_GET: &[u8] = b"GET /api/";

/// The most headers a stream's head may have here (hyper takes 100; a browser sends about 15).
const MAX_HEADERS: usize = 48;

/// The connection's first request, if it is a `GET` of an event stream whose whole head has
/// already arrived: then its length in bytes (still to be read) and the request. `None` leaves the
/// connection to hyper as it was: nothing is read from it here.
pub async fn first_request(tcp: &TcpStream) -> io::Result<Option<(usize, Request<Body>)>> {
    // A look at the first bytes alone, so that the other requests cost no more than one small
    // peek: only what starts like an event stream is looked at whole.
    let mut start = [0u8; API_GET.len()];
    let seen = tcp.peek(&mut start).await?;
    if seen < start.len() || start != *API_GET {
        return Ok(None);
    }
    let mut head = vec![0u8; HEAD_BYTES];
    let seen = tcp.peek(&mut head).await?;
    Ok(event_stream_request(&head[..seen]))
}

/// `bytes` as the head of a `GET` of an event stream, whole and without a body: its length and the
/// request. Anything else (not whole, not a stream, a body, an unreadable head) is hyper's to
/// answer, 400 and 431 included.
fn event_stream_request(bytes: &[u8]) -> Option<(usize, Request<Body>)> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(length) = parsed.parse(bytes).ok()? else {
        return None;
    };
    let path = parsed.path?;
    let route = path.split_once('?').map_or(path, |(route, _)| route);
    if parsed.method != Some("GET") || !route.starts_with("/api/") || !route.ends_with("/events") {
        return None;
    }
    let version = match parsed.version {
        Some(0) => Version::HTTP_10,
        _ => Version::HTTP_11,
    };
    let mut request = Request::builder().method(Method::GET).uri(path).version(version);
    for header in parsed.headers.iter() {
        let body_follows = header.name.eq_ignore_ascii_case("transfer-encoding")
            || (header.name.eq_ignore_ascii_case("content-length") && header.value != b"0");
        if body_follows {
            return None;
        }
        request = request.header(header.name, header.value);
    }
    Some((length, request.body(Body::empty()).ok()?))
}

/// Reads the `head_length` bytes of `request`'s head (already peeked at), answers it through `app`
/// and writes the answer as it comes until it ends, the client hangs up or `stop` says the server
/// is stopping; then closes the connection.
pub async fn answer(
    mut tcp: TcpStream,
    head_length: usize,
    request: Request<Body>,
    app: Router,
    mut stop: watch::Receiver<bool>,
) {
    // The head's bytes are already here (they were peeked at): read them off the connection in
    // small steps, so that no buffer of the head's size outlives the look at it.
    let mut left = head_length;
    let mut scratch = [0u8; 128];
    while left > 0 {
        let step = left.min(scratch.len());
        if tcp.read_exact(&mut scratch[..step]).await.is_err() {
            return;
        }
        left -= step;
    }
    // Each event is one small write that should leave at once, not wait for the last one's ack.
    let _ = tcp.set_nodelay(true);
    let response = match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (head, body) = response_head(response);
    if tcp.write_all(&head).await.is_err() {
        return;
    }
    drop(head);
    let mut body = body.into_data_stream();
    // One wait for the whole stream, not a new one for each event.
    let stopping = stopping(&mut stop);
    tokio::pin!(stopping);
    loop {
        tokio::select! {
            chunk = body.next() => match chunk {
                Some(Ok(bytes)) => {
                    // A client that stops reading holds a write until its buffer has room: a
                    // stopping server does not wait for that.
                    let written = tokio::select! {
                        written = tcp.write_all(&bytes) => written.is_ok(),
                        () = &mut stopping => false,
                    };
                    if !written {
                        return;
                    }
                }
                // The answer is whole (or its stream failed): the close says where it ends.
                Some(Err(_)) | None => break,
            },
            // A client says nothing more once its request is sent: anything it reads as an end
            // is that it hung up, and its stream (and the person's place in the stream cap) ends
            // now rather than at the next keep-alive write, 15 s on.
            read = tcp.read(&mut scratch) => if matches!(read, Ok(0) | Err(_)) {
                return;
            },
            () = &mut stopping => break,
        }
    }
    let _ = tcp.shutdown().await;
}

/// The status line and headers of `response` as bytes, and its body. How the body is delimited is
/// this writer's to say: by its length when it has one (an error's JSON), otherwise by the close
/// (an event stream); either way the connection closes after it.
fn response_head(response: Response<Body>) -> (Vec<u8>, Body) {
    let (parts, body) = response.into_parts();
    let mut head = Vec::with_capacity(512);
    let status = parts.status;
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(status.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(status.canonical_reason().unwrap_or("").as_bytes());
    head.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        if name == CONNECTION || name == CONTENT_LENGTH || name == TRANSFER_ENCODING {
            continue;
        }
        push_header(&mut head, name.as_str(), value.as_bytes());
    }
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    push_header(&mut head, "date", date.as_bytes());
    if let Some(length) = body.size_hint().exact() {
        push_header(&mut head, "content-length", length.to_string().as_bytes());
    }
    push_header(&mut head, "connection", b"close");
    head.extend_from_slice(b"\r\n");
    (head, body)
}

/// Resolves once the server is stopping (or is gone).
pub async fn stopping(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

fn push_header(head: &mut Vec<u8>, name: &str, value: &[u8]) {
    head.extend_from_slice(name.as_bytes());
    head.extend_from_slice(b": ");
    head.extend_from_slice(value);
    head.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_bodiless_get_of_an_event_stream_is_taken() {
        let stream = b"GET /api/rooms/r1/events HTTP/1.1\r\nHost: x\r\nCookie: a=b\r\n\r\n";
        let (length, request) = event_stream_request(stream).unwrap();
        assert_eq!(length, stream.len());
        assert_eq!(request.uri().path(), "/api/rooms/r1/events");
        assert_eq!(request.headers()["cookie"], "a=b");
        assert!(event_stream_request(b"GET /api/me/events?x=1 HTTP/1.1\r\n\r\n").is_some());

        for other in [
            // Not whole yet: hyper waits for the rest.
            &b"GET /api/rooms/r1/events HTTP/1.1\r\nHost: x\r\n"[..],
            b"GET /api/rooms/r1 HTTP/1.1\r\n\r\n",
            b"GET /events HTTP/1.1\r\n\r\n",
            b"POST /api/rooms/r1/events HTTP/1.1\r\n\r\n",
            b"GET /api/me/events HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            b"GET /api/me/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET /api/me/events HTTP/1.1\r\nBad Header\r\n\r\n",
        ] {
            assert!(
                event_stream_request(other).is_none(),
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }
}
