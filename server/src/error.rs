//! The server's one error type. Every variant maps to a status and a stable code of the contract;
//! internal failures become a generic 500 and a log line that carries no personal data.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use studyroom_api::{ErrorBody, ErrorCode, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a field failed its rule; `field` names it.
    #[error("{message}")]
    Invalid {
        code: ErrorCode,
        field: &'static str,
        message: &'static str,
    },
    /// 400 `invalid_request`: malformed JSON, wrong types, unknown fields, bad query.
    #[error("{0}")]
    BadRequest(&'static str),
    /// 413 `payload_too_large`.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 415 `unsupported_media_type`: a body without `Content-Type: application/json`.
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    /// 401 `unauthenticated`: no session, or it expired.
    #[error("not signed in")]
    Unauthenticated,
    /// 401 `bad_credentials` (login) or 403 (a password re-check on a live session).
    #[error("phone number or password is wrong")]
    BadCredentials { status: StatusCode },
    /// 403 `forbidden`: the wrong role.
    #[error("not allowed")]
    Forbidden,
    /// 403 with a specific code (`not_verified`, `suspended`, `code_invalid`).
    #[error("{message}")]
    ForbiddenBecause { code: ErrorCode, message: &'static str },
    /// 404 `not_found`: also for other people's objects, so their existence is not revealed.
    #[error("not found")]
    NotFound,
    /// 405 `method_not_allowed`.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409 with a specific code (`phone_taken`, `invalid_state`, …).
    #[error("{message}")]
    Conflict { code: ErrorCode, message: &'static str },
    /// 409 with a specific code and a message that names what is in the way (a seat's label).
    #[error("{message}")]
    ConflictAbout { code: ErrorCode, message: String },
    /// 422 with a specific code (`invalid_time`, `too_long`, `too_far_ahead`).
    #[error("{message}")]
    Unprocessable {
        code: ErrorCode,
        field: &'static str,
        message: &'static str,
    },
    /// 429 `too_many_attempts`, with `Retry-After` seconds.
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// 429 `door_locked_out`, with `Retry-After` seconds: the keypad is locked after failed codes.
    #[error("too many wrong codes at this door; use the app or wait")]
    DoorLockedOut { retry_after_secs: u64 },
    /// 503 `server_busy`, with `Retry-After` seconds: every password-hashing turn is taken.
    #[error("the server is busy; try again in a moment")]
    Busy { retry_after_secs: u64 },
    /// 500 `internal`: the detail goes to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    fn parts(&self) -> (StatusCode, ErrorCode, Option<&'static str>) {
        use ApiError::*;
        match self {
            Invalid { code, field, .. } => (StatusCode::BAD_REQUEST, *code, Some(*field)),
            BadRequest(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, None),
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, None),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                None,
            ),
            Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, None),
            BadCredentials { status } => (*status, ErrorCode::BadCredentials, None),
            Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, None),
            ForbiddenBecause { code, .. } => (StatusCode::FORBIDDEN, *code, None),
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound, None),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, None),
            Conflict { code, .. } | ConflictAbout { code, .. } => (StatusCode::CONFLICT, *code, None),
            Unprocessable { code, field, .. } => (StatusCode::UNPROCESSABLE_ENTITY, *code, Some(*field)),
            TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts, None),
            DoorLockedOut { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::DoorLockedOut, None),
            Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ServerBusy, None),
            Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, None),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, field) = self.parts();
        let message = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "something went wrong on our side; please try again".to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                field: field.map(str::to_owned),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::TooManyAttempts { retry_after_secs }
        | ApiError::DoorLockedOut { retry_after_secs }
        | ApiError::Busy { retry_after_secs } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs.max(1)));
        }
        response
    }
}

/// Axum's JSON rejections, in the contract's shape. The serde message is not passed on: it can
/// quote the submitted value, which may be an ID number.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            _ => Self::BadRequest("the request body is not valid JSON of the expected shape"),
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::internal(e)
    }
}

impl From<crate::crypto::DecryptError> for ApiError {
    fn from(e: crate::crypto::DecryptError) -> Self {
        Self::internal(e)
    }
}
