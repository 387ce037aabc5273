//! The app's one door to the server: every call becomes `Result<T, ApiError>`, decoded from the
//! contract's error body, so pages never touch fetch or status codes.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use studyroom_api::auth::{DeleteAccountRequest, LoginRequest, SignupRequest};
use studyroom_api::booking::{
    BookingList, BookingResponse, NewBooking, OpenDoorRequest, OpenDoorResponse, Presence, UnlockRequest,
    UnlockResponse,
};
use studyroom_api::room::{Availability, Occupancy, RoomList, RoomResponse};
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
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError {
            code: Some(body.error.code),
            field: body.error.field,
            retry_after_secs,
        },
        Err(_) => ApiError {
            code: Some(ErrorCode::Other),
            field: None,
            retry_after_secs,
        },
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
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
}

async fn json<T: DeserializeOwned>(request: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    send(request).await?.json::<T>().await.map_err(|_| ApiError {
        code: Some(ErrorCode::Other),
        field: None,
        retry_after_secs: None,
    })
}

fn with_body(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    builder.json(body)
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
