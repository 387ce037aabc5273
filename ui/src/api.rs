//! The apps' one door to the server: every call becomes `Result<T, ApiError>`, decoded from the
//! contract's error body, so pages never touch fetch or status codes. One file for the three apps;
//! the console's calls are behind the `console` feature (see the end).

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use studyroom_api::auth::{DeleteAccountRequest, LoginRequest, ReapplyRequest, SignupRequest};
use studyroom_api::booking::{
    BookingList, BookingResponse, NewBooking, OpenDoorRequest, OpenDoorResponse, Presence, UnlockRequest,
    UnlockResponse,
};
use studyroom_api::room::{Availability, Occupancy, RoomList, RoomResponse, Welcome};
use studyroom_api::violation::{ReasonRequest, Violation, ViolationList, ViolationResponse};
use studyroom_api::{
    AdminUser, AdminUserList, Booking, BookingWithCode, ErrorBody, ErrorCode, Room, User, UserResponse,
    VerifyRequest,
};

/// Why a call failed: the server's code (and field), or no answer at all.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// `None` when the server could not be reached.
    pub code: Option<ErrorCode>,
    pub field: Option<String>,
    /// From `Retry-After`, for 429s.
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    fn network() -> Self {
        Self {
            code: None,
            field: None,
            retry_after_secs: None,
        }
    }

    /// An answer that is not what the contract says (a newer server's, say).
    fn unreadable() -> Self {
        Self {
            code: Some(ErrorCode::Other),
            field: None,
            retry_after_secs: None,
        }
    }

    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == Some(code)
    }

    /// The sentence to show, in the current language.
    pub fn text(&self, t: &crate::i18n::Texts) -> String {
        match self.code {
            None => t.err_network.to_owned(),
            Some(code) => crate::forms::server_error_text(code, self.retry_after_secs, t),
        }
    }
}

async fn decode_error(response: Response) -> ApiError {
    let retry_after_secs = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    match read::<ErrorBody>(&response).await {
        Some(body) => ApiError {
            code: Some(body.error.code),
            field: body.error.field,
            retry_after_secs,
        },
        None => ApiError {
            retry_after_secs,
            ..ApiError::unreadable()
        },
    }
}

/// A call's answer, boxed: every call awaits this one copy. As an `async fn` it was inlined into
/// each call's own state machine (the request, the response and the error body's decoding, a
/// kilobyte or two of wasm per call).
type Answer<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

fn send(request: Result<Request, gloo_net::Error>) -> Answer<Response> {
    Box::pin(async move {
        let response = request
            .map_err(|_| ApiError::network())?
            .send()
            .await
            .map_err(|_| ApiError::network())?;
        if response.ok() {
            Ok(response)
        } else {
            Err(decode_error(response).await)
        }
    })
}

/// A successful answer's body, as text (one copy for every call, like [`send`]).
fn body_text(request: Result<Request, gloo_net::Error>) -> Answer<String> {
    Box::pin(async move {
        let response = send(request).await?;
        response.text().await.map_err(|_| ApiError::unreadable())
    })
}

async fn json<T: DeserializeOwned>(request: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    crate::json::parse(&body_text(request).await?).ok_or_else(ApiError::unreadable)
}

/// A response's body as a `T`, parsed by the browser (see [`crate::json`]).
async fn read<T: DeserializeOwned>(response: &Response) -> Option<T> {
    crate::json::parse(&response.text().await.ok()?)
}

fn with_body(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    let text = crate::json::stringify(body).ok_or_else(|| gloo_net::Error::GlooError("not JSON".into()))?;
    builder.header("Content-Type", "application/json").body(text)
}

pub async fn me() -> Result<User, ApiError> {
    json::<UserResponse>(Request::get("/api/me").build())
        .await
        .map(|r| r.user)
}

pub async fn signup(body: &SignupRequest) -> Result<User, ApiError> {
    json::<UserResponse>(with_body(Request::post("/api/auth/signup"), body))
        .await
        .map(|r| r.user)
}

pub async fn login(body: &LoginRequest) -> Result<User, ApiError> {
    json::<UserResponse>(with_body(Request::post("/api/auth/login"), body))
        .await
        .map(|r| r.user)
}

pub async fn logout() -> Result<(), ApiError> {
    send(Request::post("/api/auth/logout").build()).await.map(drop)
}

/// Ends every session of the person, on every device (this one too).
pub async fn logout_all() -> Result<(), ApiError> {
    send(Request::post("/api/auth/logout-all").build())
        .await
        .map(drop)
}

pub async fn delete_account(password: String) -> Result<(), ApiError> {
    send(with_body(
        Request::delete("/api/me"),
        &DeleteAccountRequest { password },
    ))
    .await
    .map(drop)
}

/// A rejected person's corrected name and ID number: back to pending.
pub async fn reapply(body: &ReapplyRequest) -> Result<User, ApiError> {
    json::<UserResponse>(with_body(Request::post("/api/me/reapply"), body))
        .await
        .map(|r| r.user)
}

/// My violations (no-shows, breaks overrun), newest first, with any appeal.
pub async fn my_violations() -> Result<Vec<Violation>, ApiError> {
    json::<ViolationList>(Request::get("/api/me/violations").build())
        .await
        .map(|r| r.violations)
}

/// One sentence of why a violation was not my fault, for a manager to read.
pub async fn appeal(id: &str, reason: String) -> Result<Violation, ApiError> {
    json::<ViolationResponse>(with_body(
        Request::post(&format!("/api/me/violations/{id}/appeal")),
        &ReasonRequest { reason },
    ))
    .await
    .map(|r| r.violation)
}

/// What a visitor may know before signing in: the rooms' names, addresses, where to get verified.
pub async fn welcome() -> Result<Welcome, ApiError> {
    json(Request::get("/api/welcome").build()).await
}

pub async fn pending_users() -> Result<Vec<AdminUser>, ApiError> {
    json::<AdminUserList>(Request::get("/api/admin/users?status=pending").build())
        .await
        .map(|r| r.users)
}

pub async fn verify_user(id: &str, approve: bool, reason: Option<String>) -> Result<User, ApiError> {
    let path = format!("/api/admin/users/{id}/verify");
    json::<UserResponse>(with_body(
        Request::post(&path),
        &VerifyRequest { approve, reason },
    ))
    .await
    .map(|r| r.user)
}

pub async fn rooms() -> Result<Vec<Room>, ApiError> {
    json::<RoomList>(Request::get("/api/rooms").build())
        .await
        .map(|r| r.rooms)
}

/// One room, with its seats.
pub async fn room(id: &str) -> Result<Room, ApiError> {
    json::<RoomResponse>(Request::get(&format!("/api/rooms/{id}")).build())
        .await
        .map(|r| r.room)
}

pub async fn occupancy(room_id: &str) -> Result<Occupancy, ApiError> {
    json(Request::get(&format!("/api/rooms/{room_id}/occupancy")).build()).await
}

/// `date`: the room's local day, `YYYY-MM-DD`.
pub async fn availability(room_id: &str, date: &str) -> Result<Availability, ApiError> {
    json(Request::get(&format!("/api/rooms/{room_id}/availability?date={date}")).build()).await
}

pub async fn book(body: &NewBooking) -> Result<BookingWithCode, ApiError> {
    json(with_body(Request::post("/api/bookings"), body)).await
}

/// Mine, newest first.
pub async fn my_bookings() -> Result<Vec<Booking>, ApiError> {
    json::<BookingList>(Request::get("/api/bookings").build())
        .await
        .map(|r| r.bookings)
}

pub async fn booking(id: &str) -> Result<BookingWithCode, ApiError> {
    json(Request::get(&format!("/api/bookings/{id}")).build()).await
}

/// cancel / checkout / leave: each answers with the booking as it now stands.
async fn booking_verb(id: &str, verb: &str) -> Result<Booking, ApiError> {
    json::<BookingResponse>(Request::post(&format!("/api/bookings/{id}/{verb}")).build())
        .await
        .map(|r| r.booking)
}

pub async fn cancel(id: &str) -> Result<Booking, ApiError> {
    booking_verb(id, "cancel").await
}

pub async fn checkout(id: &str) -> Result<Booking, ApiError> {
    booking_verb(id, "checkout").await
}

pub async fn leave(id: &str) -> Result<Booking, ApiError> {
    booking_verb(id, "leave").await
}

/// The app's open door: `body` names the door and carries the presence code its kiosk shows now.
pub async fn open_door(id: &str, body: &OpenDoorRequest) -> Result<bool, ApiError> {
    json::<OpenDoorResponse>(with_body(
        Request::post(&format!("/api/bookings/{id}/open-door")),
        body,
    ))
    .await
    .map(|r| r.granted)
}

/// A door device authenticates with its own token, not a person's session.
fn as_door(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// The kiosk's call: a code typed on its keypad.
pub async fn unlock(door_id: &str, token: &str, code: &str) -> Result<UnlockResponse, ApiError> {
    json(with_body(
        as_door(Request::post(&format!("/api/doors/{door_id}/unlock")), token),
        &UnlockRequest {
            code: code.to_owned(),
        },
    ))
    .await
}

/// The code the kiosk shows now, for renters to type into the app's open door. Also how pairing
/// checks a door id and token: a wrong pair is 401.
pub async fn presence(door_id: &str, token: &str) -> Result<Presence, ApiError> {
    json(as_door(Request::get(&format!("/api/doors/{door_id}/presence")), token).build()).await
}

// The manager console's calls, behind the `console` feature: dead code in this crate still sways
// how the optimiser inlines the code the phone app does call, so the phone is built without them.
#[cfg(feature = "console")]
pub use console::*;

#[cfg(feature = "console")]
mod console {
    use super::*;
    use studyroom_api::UserStatus;
    use studyroom_api::audit::{AuditPage, AuditVerdict};
    use studyroom_api::booking::{
        DoorCreated, DoorInfo, DoorList, DoorToken, DoorUpdate, DoorUpdated, NewDoor, WebhookTest,
    };
    use studyroom_api::room::{LiveBoard, NewRoom};
    use studyroom_api::stats::RoomStats;
    use studyroom_api::user::{AdminPerson, SuspendRequest};
    use studyroom_api::violation::{AppealList, PendingAppeal};

    impl ApiError {
        /// An answer that could not be read.
        fn other() -> Self {
            Self {
                code: Some(ErrorCode::Other),
                field: None,
                retry_after_secs: None,
            }
        }
    }

    /// Encodes one query-string value (names, dates, ids: anything a manager types).
    fn q(value: &str) -> String {
        String::from(web_sys::js_sys::encode_uri_component(value))
    }

    /// `GET /api/admin/rooms/{id}/live`: who is inside now.
    pub async fn live_board(room_id: &str) -> Result<LiveBoard, ApiError> {
        json(Request::get(&format!("/api/admin/rooms/{room_id}/live")).build()).await
    }

    /// A page of people: `status` filters, `search` finds by a phone's last four digits or a name,
    /// `cursor` continues from the previous page.
    pub async fn users(
        status: Option<UserStatus>,
        search: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<AdminUserList, ApiError> {
        let mut path = String::from("/api/admin/users?limit=50");
        if let Some(status) = status {
            path.push_str("&status=");
            path.push_str(status.as_str());
        }
        if let Some(search) = search {
            path.push_str("&q=");
            path.push_str(&q(search));
        }
        if let Some(cursor) = cursor {
            path.push_str("&cursor=");
            path.push_str(&q(cursor));
        }
        json(Request::get(&path).build()).await
    }

    /// A person's page: status, newest bookings, violations.
    pub async fn person(id: &str) -> Result<AdminPerson, ApiError> {
        json(Request::get(&format!("/api/admin/users/{id}")).build()).await
    }

    pub async fn suspend(id: &str, body: &SuspendRequest) -> Result<User, ApiError> {
        json::<UserResponse>(with_body(
            Request::post(&format!("/api/admin/users/{id}/suspend")),
            body,
        ))
        .await
        .map(|r| r.user)
    }

    pub async fn reinstate(id: &str) -> Result<User, ApiError> {
        json::<UserResponse>(Request::post(&format!("/api/admin/users/{id}/reinstate")).build())
            .await
            .map(|r| r.user)
    }

    /// Appeals waiting for a manager.
    pub async fn appeals() -> Result<Vec<PendingAppeal>, ApiError> {
        json::<AppealList>(Request::get("/api/admin/appeals").build())
            .await
            .map(|r| r.appeals)
    }

    /// `verb`: `pardon` or `uphold`, with the reason the member will read.
    pub async fn decide_violation(id: &str, verb: &str, reason: String) -> Result<Violation, ApiError> {
        json::<ViolationResponse>(with_body(
            Request::post(&format!("/api/admin/violations/{id}/{verb}")),
            &ReasonRequest { reason },
        ))
        .await
        .map(|r| r.violation)
    }

    pub async fn create_room(body: &NewRoom) -> Result<Room, ApiError> {
        json::<RoomResponse>(with_body(Request::post("/api/admin/rooms"), body))
            .await
            .map(|r| r.room)
    }

    /// Saves a whole room. When a seat with live bookings would move or go (409 `seat_in_use`), the
    /// server's message names the seat: it comes along as the second part of the error.
    pub async fn update_room(id: &str, body: &NewRoom) -> Result<Room, (ApiError, Option<String>)> {
        let response = with_body(Request::put(&format!("/api/admin/rooms/{id}")), body)
            .map_err(|_| (ApiError::network(), None))?
            .send()
            .await
            .map_err(|_| (ApiError::network(), None))?;
        if response.ok() {
            return read::<RoomResponse>(&response)
                .await
                .map(|r| r.room)
                .ok_or((ApiError::other(), None));
        }
        let retry_after_secs = response.headers().get("retry-after").and_then(|v| v.parse().ok());
        match read::<ErrorBody>(&response).await {
            Some(body) => Err((
                ApiError {
                    code: Some(body.error.code),
                    field: body.error.field,
                    retry_after_secs,
                },
                Some(body.error.message),
            )),
            None => Err((ApiError::other(), None)),
        }
    }

    pub async fn doors(room_id: &str) -> Result<Vec<DoorInfo>, ApiError> {
        json::<DoorList>(Request::get(&format!("/api/admin/rooms/{room_id}/doors")).build())
            .await
            .map(|r| r.doors)
    }

    pub async fn create_door(room_id: &str, body: &NewDoor) -> Result<DoorCreated, ApiError> {
        json(with_body(
            Request::post(&format!("/api/admin/rooms/{room_id}/doors")),
            body,
        ))
        .await
    }

    pub async fn update_door(id: &str, body: &DoorUpdate) -> Result<DoorUpdated, ApiError> {
        json(with_body(Request::patch(&format!("/api/admin/doors/{id}")), body)).await
    }

    /// A new token for the door, shown this once; the old one stops at once.
    pub async fn rotate_door_token(id: &str) -> Result<String, ApiError> {
        json::<DoorToken>(Request::post(&format!("/api/admin/doors/{id}/rotate-token")).build())
            .await
            .map(|r| r.token)
    }

    pub async fn revoke_door(id: &str) -> Result<(), ApiError> {
        send(Request::delete(&format!("/api/admin/doors/{id}")).build())
            .await
            .map(drop)
    }

    /// Sends a signed test delivery to the door's webhook and reports what came back.
    pub async fn test_webhook(id: &str) -> Result<WebhookTest, ApiError> {
        json(Request::post(&format!("/api/admin/doors/{id}/test-webhook")).build()).await
    }

    /// `from`, `to`: `YYYY-MM-DD` on the room's clock, inclusive.
    pub async fn room_stats(room_id: &str, from: &str, to: &str) -> Result<RoomStats, ApiError> {
        json(
            Request::get(&format!(
                "/api/admin/rooms/{room_id}/stats?from={}&to={}",
                q(from),
                q(to)
            ))
            .build(),
        )
        .await
    }

    /// What to look for in the audit log; empty fields do not filter.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct AuditQuery {
        pub kind: String,
        pub about: String,
        pub from: String,
        pub to: String,
        pub before: Option<i64>,
    }

    pub async fn audit(query: &AuditQuery) -> Result<AuditPage, ApiError> {
        let mut path = String::from("/api/admin/audit?limit=50");
        for (name, value) in [
            ("kind", &query.kind),
            ("about", &query.about),
            ("from", &query.from),
            ("to", &query.to),
        ] {
            let value = value.trim();
            if !value.is_empty() {
                path.push_str(&format!("&{name}={}", q(value)));
            }
        }
        if let Some(before) = query.before {
            path.push_str(&format!("&before={before}"));
        }
        json(Request::get(&path).build()).await
    }

    pub async fn audit_verify() -> Result<AuditVerdict, ApiError> {
        json(Request::get("/api/admin/audit/verify").build()).await
    }
}
