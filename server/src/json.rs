//! A JSON body extractor whose rejections answer in the contract's error body (400
//! `invalid_request`, 413, 415) instead of axum's plain-text ones.

use crate::error::ApiError;
use axum::extract::FromRequest;

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);
