//! The HTTP surface: `/api/...` as in `shared/API.md`, everything else is the web app. Routes parse,
//! call the domain and shape the answer; they hold no SQL.

mod admin_audit;
mod admin_doors;
mod admin_events;
mod admin_reports;
mod admin_rooms;
mod admin_users;
mod auth;
mod bookings;
mod doors;
mod me;
mod page;
mod room_head;
mod rooms;
mod sse;
mod violations;
mod web_app;
mod welcome;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Request bodies here are a few hundred bytes; anything near this is not a real client.
const BODY_LIMIT_BYTES: usize = 16 * 1024;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({"ok": true})) }),
        )
        .route("/welcome", get(welcome::show))
        .route("/auth/signup", post(auth::signup))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-all", post(auth::logout_all))
        .route("/me", get(me::show).delete(me::erase))
        .route("/me/reapply", post(me::reapply))
        .route("/me/events", get(me::events))
        .route("/me/violations", get(violations::mine))
        .route("/me/violations/{id}/appeal", post(violations::appeal))
        .route("/admin/users/{id}/violations", get(violations::of_person))
        .route("/admin/appeals", get(violations::appeals))
        .route("/admin/events", get(admin_events::stream))
        .route("/admin/violations/{id}/pardon", post(violations::pardon))
        .route("/admin/violations/{id}/uphold", post(violations::uphold))
        .route("/admin/users", get(admin_users::list))
        .route("/admin/users/{id}", get(admin_users::show))
        .route("/admin/users/{id}/verify", post(admin_users::verify))
        .route("/admin/users/{id}/suspend", post(admin_users::suspend))
        .route("/admin/users/{id}/reinstate", post(admin_users::reinstate))
        .route("/admin/rooms", post(admin_rooms::create_room))
        .route("/admin/rooms/{id}", axum::routing::put(admin_rooms::update_room))
        .route(
            "/admin/rooms/{id}/doors",
            post(admin_doors::create).get(admin_doors::list),
        )
        .route(
            "/admin/doors/{id}",
            axum::routing::delete(admin_doors::revoke).patch(admin_doors::update),
        )
        .route("/admin/doors/{id}/test-webhook", post(admin_doors::test_webhook))
        .route("/admin/doors/{id}/rotate-token", post(admin_doors::rotate_token))
        .route("/admin/rooms/{id}/live", get(admin_rooms::live))
        .route("/admin/rooms/{id}/stats", get(admin_reports::room_stats))
        .route("/admin/export/bookings.csv", get(admin_reports::bookings_csv))
        .route("/admin/export/entries.csv", get(admin_reports::entries_csv))
        .route("/admin/audit", get(admin_audit::list))
        .route("/admin/audit/verify", get(admin_audit::verify))
        .route("/rooms", get(rooms::list))
        .route("/rooms/{id}", get(rooms::show))
        .route("/rooms/{id}/occupancy", get(rooms::occupancy))
        .route("/rooms/{id}/availability", get(rooms::availability))
        .route("/rooms/{id}/events", get(rooms::events))
        .route("/bookings", post(bookings::create).get(bookings::list))
        .route("/bookings/{id}", get(bookings::show))
        .route("/bookings/{id}/cancel", post(bookings::cancel))
        .route("/bookings/{id}/checkout", post(bookings::checkout))
        .route("/bookings/{id}/leave", post(bookings::leave))
        .route("/bookings/{id}/open-door", post(bookings::open_door))
        .route("/doors/{id}/unlock", post(doors::unlock))
        .route("/doors/{id}/presence", get(doors::presence))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(crate::cross_site::refuse_cross_site))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state.clone());

    let headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            // The camera is for reading a door's presence QR, on our own pages only.
            "camera=(self), microphone=(), geolocation=()",
        ),
    ];
    // The pages need the state only to write a room's name into its seat map (room_head.rs).
    let mut router = Router::new()
        .nest("/api", api)
        .fallback(web_app::serve)
        .with_state(state);
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(CatchPanicLayer::custom(|_| -> Response {
            ApiError::internal("a handler panicked").into_response()
        }))
        .layer(TraceLayer::new_for_http())
}
