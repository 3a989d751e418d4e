//! Who is using a page: the [`Staff`] extractor finds the session behind the cookie (or sends
//! the browser to sign in), and [`Posted`] is the only way a page handler reads a form: it
//! requires a session and refuses a form whose CSRF token is not that session's. A session a
//! one-time password opened is sent to choose a new password from every page but that one and
//! signing out ([`Choosing`], [`PostedChoosing`]).

use super::{AppState, PageError};
use crate::domain::parties::Role;
use crate::service::{Actor, sessions};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "s50_session";
/// The cookie that carries the sign-in form's CSRF token before there is a session.
pub const SIGN_IN_CSRF_COOKIE: &str = "s50_sign_in";
/// The largest form accepted (a notice paragraph is a few kilobytes).
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// A signed-in member of staff.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Who they are.
    pub actor: Actor,
    /// The CSRF token of their session.
    pub csrf_token: String,
    /// The session cookie's secret (to sign out).
    pub secret: String,
    /// Whether a one-time password opened the session and no password has been chosen yet.
    pub must_choose_password: bool,
}

impl Staff {
    /// Refuses unless a manager or admin.
    ///
    /// # Errors
    /// [`PageError::Forbidden`].
    pub fn require_manager(&self) -> Result<(), PageError> {
        if self.actor.sees_every_case() {
            Ok(())
        } else {
            Err(PageError::Forbidden(
                "Only managers and admins can use this page.".to_owned(),
            ))
        }
    }

    /// Refuses unless an admin.
    ///
    /// # Errors
    /// [`PageError::Forbidden`].
    pub fn require_admin(&self) -> Result<(), PageError> {
        if self.actor.role == Role::Admin {
            Ok(())
        } else {
            Err(PageError::Forbidden(
                "Only admins can use this page.".to_owned(),
            ))
        }
    }
}

/// Whether cookies must be marked `Secure`: the request came over TLS (directly, or to a
/// trusted proxy that says so in `X-Forwarded-Proto`: the header is ignored from anyone else),
/// or the deployment says so (`--secure-cookies`, read once at start-up into
/// [`AppState::secure_cookies`]).
#[must_use]
pub fn secure_cookies(req: &HttpRequest) -> bool {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return req.app_config().secure();
    };
    let from_trusted_proxy = req
        .peer_addr()
        .is_some_and(|peer| state.trusted_proxies.contains(&peer.ip()));
    let forwarded_https = from_trusted_proxy
        && req
            .headers()
            .get("X-Forwarded-Proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    req.app_config().secure() || forwarded_https || state.secure_cookies
}

/// A cookie that scripts cannot read, sent only to this site's own pages.
#[must_use]
pub fn private_cookie(req: &HttpRequest, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookies(req))
        .finish()
}

/// The same cookie, expired (to remove it).
#[must_use]
pub fn removal_cookie(req: &HttpRequest, name: &'static str) -> Cookie<'static> {
    let mut cookie = private_cookie(req, name, String::new());
    cookie.make_removal();
    cookie
}

fn return_address(req: &HttpRequest) -> String {
    if req.method() == actix_web::http::Method::GET {
        req.uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
    } else {
        "/".to_owned()
    }
}

/// The path of the page a one-time password's session must use first.
pub const CHOOSE_PASSWORD_PATH: &str = "/account/new-password";

async fn find_staff(req: &HttpRequest, choosing_allowed: bool) -> Result<Staff, PageError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| PageError::Unexpected(anyhow::anyhow!("application state missing")))?;
    let next = return_address(req);
    let secret = req
        .cookie(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| PageError::SignIn { next: next.clone() })?;
    let now = state.clock.now();
    let lookup = secret.clone();
    let found = super::with_db(&state, move |conn| Ok(sessions::find(conn, now, &lookup)?)).await?;
    let user = found.ok_or(PageError::SignIn { next })?;
    if user.must_choose_password && !choosing_allowed {
        return Err(PageError::ChoosePassword);
    }
    Ok(Staff {
        actor: user.actor,
        csrf_token: user.csrf_token,
        secret,
        must_choose_password: user.must_choose_password,
    })
}

impl FromRequest for Staff {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { find_staff(&req, false).await })
    }
}

/// A signed-in member of staff who may still have to choose a password (only the pages that
/// choose it and sign out take this).
#[derive(Debug, Clone)]
pub struct Choosing(pub Staff);

impl FromRequest for Choosing {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { find_staff(&req, true).await.map(Choosing) })
    }
}

/// Compares two tokens in time independent of where they differ.
#[must_use]
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

/// A form posted by a signed-in member of staff, its CSRF token checked. `CHOOSING`: whether
/// a session that must still choose its password may post it ([`PostedChoosing`]).
#[derive(Debug)]
pub struct Posted<T, const CHOOSING: bool = false> {
    /// Who posted it.
    pub staff: Staff,
    /// The form's fields (still text: the handler parses them into domain values).
    pub form: T,
}

/// The text of an urlencoded body of at most [`MAX_FORM_BYTES`].
///
/// # Errors
/// [`PageError::BadRequest`] when it is too large or not text.
pub fn form_text(bytes: &web::Bytes) -> Result<String, PageError> {
    if bytes.len() > MAX_FORM_BYTES {
        return Err(PageError::BadRequest(
            "The form is too large to send.".to_owned(),
        ));
    }
    String::from_utf8(bytes.to_vec())
        .map_err(|_| PageError::BadRequest("The form could not be read.".to_owned()))
}

/// Refuses a form whose token is not the expected one.
///
/// # Errors
/// [`PageError::BadRequest`] with a message for the person using the page.
pub fn check_csrf(body: &str, expected: &str) -> Result<(), PageError> {
    let field: CsrfField = serde_urlencoded::from_str(body)
        .map_err(|_| PageError::BadRequest("The form could not be read.".to_owned()))?;
    check_csrf_token(&field.csrf_token, expected)
}

/// Refuses a token posted with a form (an urlencoded one's, or a multipart upload's field)
/// that is not the session's.
///
/// # Errors
/// [`PageError::BadRequest`] with a message for the person using the page.
pub fn check_csrf_token(token: &str, expected: &str) -> Result<(), PageError> {
    if token.is_empty() || !same_token(token, expected) {
        tracing::warn!(target: "security", event = "csrf_refused", "form refused: its CSRF token does not match");
        return Err(PageError::BadRequest(
            "This form has expired or did not come from this service. Go back, reload the page and try again; nothing was saved.".to_owned(),
        ));
    }
    Ok(())
}

/// Parses a form body into its text fields.
///
/// # Errors
/// [`PageError::BadRequest`] when a field is missing or malformed at the level of the form
/// itself (the handler reports content errors beside each field).
pub fn parse_form<T: DeserializeOwned>(body: &str) -> Result<T, PageError> {
    serde_urlencoded::from_str(body)
        .map_err(|e| PageError::BadRequest(format!("The form could not be read: {e}.")))
}

/// A form that a session opened by a one-time password may post too.
pub type PostedChoosing<T> = Posted<T, true>;

impl<T: DeserializeOwned + 'static, const CHOOSING: bool> FromRequest for Posted<T, CHOOSING> {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let staff = find_staff(&req, CHOOSING).await?;
            let bytes = web::Bytes::from_request(&req, &mut payload)
                .await
                .map_err(|_| PageError::BadRequest("The form is too large to send.".to_owned()))?;
            let body = form_text(&bytes)?;
            check_csrf(&body, &staff.csrf_token)?;
            let form = parse_form(&body)?;
            Ok(Posted { staff, form })
        })
    }
}
