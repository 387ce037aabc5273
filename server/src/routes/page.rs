//! `?cursor=&limit=` of the lists that come in pages: read strictly, so that anything unreadable is
//! a 400, never a silently different page.

use crate::error::ApiError;
use axum::extract::Query;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Page {
    cursor: Option<String>,
    limit: Option<String>,
}

/// Reads `?cursor=&limit=`; anything unreadable is 400, never a silently different page.
pub fn page_params<C>(
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
    parse_cursor: impl Fn(&str) -> Option<C>,
    default: u32,
    max: u32,
) -> Result<(Option<C>, u32), ApiError> {
    let Query(page) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let cursor = match page.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(parse_cursor(c).ok_or(ApiError::BadRequest("cursor is not one this server gave"))?),
    };
    let limit = match page.limit.as_deref() {
        None | Some("") => default,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=max).contains(l))
            .ok_or(ApiError::BadRequest("limit is out of range"))?,
    };
    Ok((cursor, limit))
}
