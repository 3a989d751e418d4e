//! Signing in and out, the account page (changing one's own password, the calendar link, the
//! API tokens listed by `tokens`). A one-time password's sign-in goes on to `first_password`.

use super::forms::{FormErrors, safe_next};
use super::session::{
    Posted, PostedChoosing, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE, Staff, check_csrf, form_text,
    parse_form, private_cookie, removal_cookie,
};
use super::{AppState, Chrome, DoneQuery, PageError, render_with_status, see_other, with_db};
use crate::service::{sessions, users};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The query of the sign-in page: where to go afterwards, and what was just done.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct SignInPage {
    email: String,
    next: String,
    errors: FormErrors,
}

fn sign_in_page(
    req: &HttpRequest,
    status: StatusCode,
    page: &SignInPage,
    banner: Option<&str>,
) -> Result<HttpResponse, PageError> {
    // Before there is a session the form's token is a random value also set as a cookie
    // (double submit): a form made on another site cannot know it.
    let token = req
        .cookie(SIGN_IN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32)
        .unwrap_or_else(|| crate::service::users::random_secret(24));
    let chrome = Chrome {
        csrf_token: token.clone(),
        ..Chrome::public("sign-in")
    }
    .with_banner(banner);
    let mut response = render_with_status(status, "sign_in.html", &chrome, page)?;
    response
        .add_cookie(&private_cookie(req, SIGN_IN_CSRF_COOKIE, token))
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("cookie: {e}")))?;
    Ok(response)
}

/// `GET /sign-in`.
///
/// # Errors
/// Template failures.
pub async fn show(
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, PageError> {
    let page = SignInPage {
        email: String::new(),
        next: safe_next(query.next.as_deref()),
        errors: FormErrors::default(),
    };
    sign_in_page(&req, StatusCode::OK, &page, query.done.as_deref())
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /sign-in`: checks the password (argon2), opens a session, sets the cookie.
///
/// # Errors
/// A missing or wrong form token (400); database failures.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let body = form_text(&body)?;
    let expected = req
        .cookie(SIGN_IN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    if expected.is_empty() {
        return Err(PageError::BadRequest(
            "Your browser did not send the sign-in form's cookie. Allow cookies for this site, reload the page and try again.".to_owned(),
        ));
    }
    check_csrf(&body, &expected)?;
    let form: SignInForm = parse_form(&body)?;
    let next = safe_next(Some(&form.next));
    let mut errors = FormErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if errors.is_empty() {
        let now = state.clock.now();
        let (email, password) = (form.email.clone(), form.password.clone());
        let outcome = with_db(&state, move |conn| {
            Ok(sessions::sign_in(conn, now, &email, &password)?)
        })
        .await?;
        match outcome {
            Ok(opened) => {
                // A one-time password's session chooses a new password first, then goes on.
                let location = if opened.must_choose_password {
                    format!(
                        "{}?next={}",
                        super::session::CHOOSE_PASSWORD_PATH,
                        super::forms::encode_query_value(&next)
                    )
                } else {
                    next
                };
                let mut response = see_other(&location);
                response
                    .add_cookie(&private_cookie(&req, SESSION_COOKIE, opened.secret))
                    .and_then(|()| {
                        response.add_removal_cookie(&removal_cookie(&req, SIGN_IN_CSRF_COOKIE))
                    })
                    .map_err(|e| PageError::Unexpected(anyhow::anyhow!("cookie: {e}")))?;
                return Ok(response);
            }
            Err(refused) => errors.add("email", refused.to_string()),
        }
    }
    let page = SignInPage {
        email: form.email,
        next,
        errors,
    };
    sign_in_page(&req, StatusCode::UNPROCESSABLE_ENTITY, &page, None)
}

/// A form with no fields besides its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// `POST /sign-out`: closes the session everywhere it is used.
///
/// # Errors
/// Database failures.
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    posted: PostedChoosing<Empty>,
) -> Result<HttpResponse, PageError> {
    let secret = posted.staff.secret.clone();
    with_db(&state, move |conn| Ok(sessions::sign_out(conn, &secret)?)).await?;
    let mut response = see_other("/sign-in?done=signed_out");
    response
        .add_removal_cookie(&removal_cookie(&req, SESSION_COOKIE))
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("cookie: {e}")))?;
    Ok(response)
}

/// What the account page shows besides the chrome.
#[derive(Serialize, Default)]
pub(super) struct AccountPage {
    pub(super) errors: FormErrors,
    /// Whether a calendar link is live.
    pub(super) has_feed: bool,
    /// A link just made, shown once.
    pub(super) feed_url: String,
    /// The API tokens, newest first.
    pub(super) tokens: Vec<super::tokens::TokenLine>,
    /// The new-token form as typed (kept on an error).
    pub(super) token_form: super::tokens::TokenForm,
    /// A token just made, shown once.
    pub(super) new_token: String,
    /// The limits the token form states.
    pub(super) token_name_max: usize,
    pub(super) token_days_max: u32,
}

pub(super) async fn account_page(
    state: &web::Data<AppState>,
    staff: &Staff,
    mut page: AccountPage,
    status: StatusCode,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let (has_feed, tokens) = with_db(state, move |conn| {
        Ok((
            crate::service::calendar::has_feed(conn, &actor)?,
            crate::service::tokens::own(conn, &actor, now)?,
        ))
    })
    .await?;
    page.has_feed = has_feed;
    page.tokens = tokens.iter().map(super::tokens::TokenLine::from).collect();
    page.token_name_max = crate::domain::input::TOKEN_NAME.max;
    page.token_days_max = crate::domain::staff::TokenLifetime::MAX_DAYS;
    if page.token_form.token_days.is_empty() {
        page.token_form.token_days = state.token_lifetime.get().to_string();
    }
    render_with_status(
        status,
        "account.html",
        &Chrome::for_staff(staff, "account").with_banner(done),
        &page,
    )
}

/// `GET /account`.
///
/// # Errors
/// Template failures.
pub async fn show_account(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    account_page(
        &state,
        &staff,
        AccountPage::default(),
        StatusCode::OK,
        query.done.as_deref(),
    )
    .await
}

/// `POST /account/calendar`: makes a new private calendar link (the old one stops working) and
/// shows it once.
///
/// # Errors
/// Database failures.
pub async fn create_calendar(
    state: web::Data<AppState>,
    posted: Posted<Empty>,
) -> Result<HttpResponse, PageError> {
    let actor = posted.staff.actor.clone();
    let now = state.clock.now();
    let secret = with_db(&state, move |conn| {
        Ok(crate::service::calendar::create(conn, &actor, now)?)
    })
    .await?;
    let page = AccountPage {
        feed_url: format!("{}/calendar/{secret}.ics", state.mail.public_url),
        ..AccountPage::default()
    };
    account_page(&state, &posted.staff, page, StatusCode::OK, None).await
}

/// `POST /account/calendar/revoke`: turns the calendar link off.
///
/// # Errors
/// Database failures.
pub async fn revoke_calendar(
    state: web::Data<AppState>,
    posted: Posted<Empty>,
) -> Result<HttpResponse, PageError> {
    let actor = posted.staff.actor.clone();
    let now = state.clock.now();
    with_db(&state, move |conn| {
        Ok(crate::service::calendar::revoke(conn, &actor, now)?)
    })
    .await?;
    Ok(see_other("/account?done=calendar_revoked"))
}

/// `GET /calendar/{secret}.ics`: the private feed (no sign-in: calendar programs cannot; the
/// secret in the address is the credential). 404 for an unknown or revoked link.
///
/// # Errors
/// Database failures.
pub async fn calendar_feed(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let file = path.into_inner();
    let Some(secret) = file.strip_suffix(".ics").map(str::to_owned) else {
        return Err(PageError::NotFound);
    };
    let st = state.clone();
    let today = state.clock.today();
    let now = state.clock.now();
    let body = with_db(&state, move |conn| {
        Ok(crate::service::calendar::feed(
            conn,
            &secret,
            &st.clock_settings,
            &st.calendars,
            today,
            now,
            &st.mail.public_url,
        )?)
    })
    .await?
    .ok_or(PageError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(body))
}

/// The change-password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/password`.
///
/// # Errors
/// Database failures.
pub async fn change_password(
    state: web::Data<AppState>,
    posted: Posted<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let mut errors = FormErrors::default();
    if form.current.is_empty() {
        errors.add("current", "Enter your current password");
    }
    if form.new != form.confirm {
        errors.add("confirm", "The new passwords do not match");
    }
    if errors.is_empty() {
        let actor = staff.actor.clone();
        let now = state.clock.now();
        // This browser stays signed in; every other session of the account ends.
        let keep = staff.secret.clone();
        let result = with_db(&state, move |conn| {
            Ok(users::change_own_password(
                conn,
                &actor,
                now,
                &form.current,
                &form.new,
                &keep,
            ))
        })
        .await?;
        match result {
            Ok(()) => return Ok(see_other("/account?done=password_changed")),
            Err(crate::service::ServiceError::Invalid { rule, message, .. }) => {
                let field = if rule == "wrong_password" {
                    "current"
                } else {
                    "new"
                };
                errors.add(field, message);
            }
            Err(other) => return Err(other.into()),
        }
    }
    account_page(
        &state,
        &staff,
        AccountPage {
            errors,
            ..AccountPage::default()
        },
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
    )
    .await
}
