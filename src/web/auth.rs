//! Who is calling: the `CurrentUser` extractor reads `Authorization: Bearer <token>` and finds
//! the active member of staff it belongs to; a handler that takes it cannot run without one.
//! For reading only (GET and HEAD), a browser's session cookie is accepted too, so that the
//! dashboard's charts and CSV downloads work from a signed-in page; a request that changes
//! anything needs a token (a cookie alone could be sent by another site's form).

use super::AppState;
use super::error::ApiError;
use crate::service::{Actor, tokens};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use std::future::Future;
use std::pin::Pin;

/// The authenticated member of staff.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Actor);

/// The credentials a request carries, checked for shape but not yet looked up: a handler that
/// takes a [`Caller`] authenticates it with [`with_caller`] on the same pooled connection and
/// the same blocking call as its own work (one hand-off to the blocking pool instead of two;
/// used on the busiest reads: a case, the case list, a notice's PDF).
#[derive(Debug, Clone)]
pub enum Caller {
    /// `Authorization: Bearer <token>`.
    Token(String),
    /// A browser's session cookie (reads only).
    Session(String),
}

impl Caller {
    fn from_request(req: &HttpRequest) -> Result<Self, ApiError> {
        let token = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if let Some(token) = token {
            return Ok(Self::Token(token));
        }
        let reading = matches!(
            *req.method(),
            actix_web::http::Method::GET | actix_web::http::Method::HEAD
        );
        req.cookie(super::pages::session::SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| reading && !v.is_empty())
            .map(Self::Session)
            .ok_or(ApiError::Unauthorized)
    }

    /// The active member of staff the credentials belong to.
    ///
    /// # Errors
    /// 401 when they belong to nobody (unknown, revoked, expired, deactivated).
    pub fn authenticate(
        &self,
        conn: &mut crate::db::AnyConnection,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Actor, ApiError> {
        let actor = match self {
            Self::Token(token) => tokens::authenticate(conn, now, token)?,
            Self::Session(secret) => {
                // A session that must still choose its password reads nothing (bearer
                // tokens are separate credentials and keep working).
                crate::service::sessions::find(conn, now, secret)?
                    .filter(|s| !s.must_choose_password)
                    .map(|s| s.actor)
            }
        };
        actor.ok_or(ApiError::Unauthorized)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(Self::from_request(req))
    }
}

/// Authenticates the caller and runs `f` on one pooled connection, in one blocking call.
///
/// # Errors
/// 401 when the credentials belong to nobody; whatever `f` returns.
pub async fn with_caller<T: Send + 'static>(
    state: &web::Data<AppState>,
    caller: Caller,
    f: impl FnOnce(&mut crate::db::AnyConnection, &Actor, &AppState) -> Result<T, ApiError>
    + Send
    + 'static,
) -> Result<T, ApiError> {
    super::api::with_conn(state, move |conn, s| {
        let actor = caller.authenticate(conn, s.clock.now())?;
        f(conn, &actor, s)
    })
    .await
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let caller = Caller::from_request(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| {
                ApiError::Unexpected(anyhow::anyhow!("application state missing"))
            })?;
            let caller = caller?;
            with_caller(&state, caller, |_, actor, _| Ok(CurrentUser(actor.clone()))).await
        })
    }
}
