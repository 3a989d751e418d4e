//! Who is calling: the `CurrentUser` extractor reads `Authorization: Bearer <token>` and finds
//! the active member of staff it belongs to; a handler that takes it cannot run without one.
//! For reading only (GET and HEAD), a browser's session cookie is accepted too, so that the
//! dashboard's charts and CSV downloads work from a signed-in page; a request that changes
//! anything needs a token (a cookie alone could be sent by another site's form).

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
        let reading = matches!(
            *req.method(),
            actix_web::http::Method::GET | actix_web::http::Method::HEAD
        );
        let session = req
            .cookie(super::pages::session::SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| reading && !v.is_empty());
        Box::pin(async move {
            let state = state.ok_or_else(|| {
                ApiError::Unexpected(anyhow::anyhow!("application state missing"))
            })?;
            let token = token.filter(|t| !t.is_empty());
            if token.is_none() && session.is_none() {
                return Err(ApiError::Unauthorized);
            }
            let pool = state.pool.clone();
            let now = state.clock.now();
            let actor = web::block(move || -> Result<Option<Actor>, ApiError> {
                let mut conn = pool.get()?;
                match (token, session) {
                    (Some(token), _) => Ok(users::authenticate_token(&mut conn, &token)?),
                    (None, Some(secret)) => {
                        Ok(crate::service::sessions::find(&mut conn, now, &secret)?
                            .map(|s| s.actor))
                    }
                    (None, None) => Ok(None),
                }
            })
            .await??;
            actor.map(CurrentUser).ok_or(ApiError::Unauthorized)
        })
    }
}
