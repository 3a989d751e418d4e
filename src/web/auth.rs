//! Who is calling: the `CurrentUser` extractor reads `Authorization: Bearer <token>` and finds
//! the active member of staff it belongs to; a handler that takes it cannot run without one.

use super::AppState;
use super::error::ApiError;
use crate::service::{Actor, users};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use std::future::Future;
use std::pin::Pin;

/// The authenticated member of staff.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Actor);

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let state = state.ok_or_else(|| {
                ApiError::Unexpected(anyhow::anyhow!("application state missing"))
            })?;
            let token = token
                .filter(|t| !t.is_empty())
                .ok_or(ApiError::Unauthorized)?;
            let pool = state.pool.clone();
            let actor = web::block(move || -> Result<Option<Actor>, ApiError> {
                let mut conn = pool.get()?;
                Ok(users::authenticate_token(&mut conn, &token)?)
            })
            .await??;
            actor.map(CurrentUser).ok_or(ApiError::Unauthorized)
        })
    }
}
