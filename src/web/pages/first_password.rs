//! The first sign-in with a one-time password (from `section50 user add` or an admin's reset):
//! the session it opened is sent here from every other page until its owner chooses a password
//! of their own. The one-time password is already spent; the session is the proof, so only
//! the new password is asked for (twice).

use super::forms::{FormErrors, safe_next};
use super::session::{Choosing, PostedChoosing, Staff};
use super::{AppState, Chrome, PageError, render_with_status, see_other, with_db};
use crate::service::{ServiceError, users};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The query of the page: where to go once the password is chosen.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Serialize)]
struct ChoosePage {
    next: String,
    errors: FormErrors,
}

fn page(staff: &Staff, status: StatusCode, page: &ChoosePage) -> Result<HttpResponse, PageError> {
    // No navigation: every other page would only send them back here.
    let chrome = Chrome {
        nav_items: Vec::new(),
        ..Chrome::for_staff(staff, "account")
    };
    render_with_status(status, "choose_password.html", &chrome, page)
}

/// `GET /account/new-password`. A session that has chosen its password already goes to the
/// account page, where it can be changed.
///
/// # Errors
/// Template failures.
pub async fn show(
    choosing: Choosing,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, PageError> {
    let Choosing(staff) = choosing;
    if !staff.must_choose_password {
        return Ok(see_other("/account"));
    }
    let next = safe_next(query.next.as_deref());
    page(
        &staff,
        StatusCode::OK,
        &ChoosePage {
            next,
            errors: FormErrors::default(),
        },
    )
}

/// The form: the new password twice, and where to go afterwards.
#[derive(Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    next: String,
}

/// `POST /account/new-password`: sets the chosen password (argon2), ends every other session
/// of the account, records it in the audit log and goes on to the page asked for at sign-in.
///
/// # Errors
/// A missing or wrong form token (400); database failures.
pub async fn submit(
    state: web::Data<AppState>,
    posted: PostedChoosing<ChooseForm>,
) -> Result<HttpResponse, PageError> {
    let super::session::Posted { staff, form } = posted;
    let next = safe_next(Some(&form.next));
    if !staff.must_choose_password {
        return Ok(see_other("/account"));
    }
    let mut errors = FormErrors::default();
    if form.new.is_empty() {
        errors.add("new", "Enter a new password");
    } else if form.new != form.confirm {
        errors.add("confirm", "The new passwords do not match");
    }
    if errors.is_empty() {
        let actor = staff.actor.clone();
        let now = state.clock.now();
        let keep = staff.secret.clone();
        let new = form.new.clone();
        let result = with_db(&state, move |conn| {
            Ok(users::choose_first_password(conn, &actor, now, &new, &keep))
        })
        .await?;
        match result {
            Ok(()) => {
                // The case list says so; another page asked for at sign-in opens as it is.
                let location = if next == "/cases" {
                    "/cases?done=password_chosen"
                } else {
                    next.as_str()
                };
                return Ok(see_other(location));
            }
            Err(ServiceError::Invalid { message, .. }) => errors.add("new", message),
            Err(other) => return Err(other.into()),
        }
    }
    page(
        &staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        &ChoosePage { next, errors },
    )
}
