//! The notice workflow from the editor: submit, approve, return, and issue with its date after
//! a confirmation page.

use super::show_errors;
use crate::domain::notice::NoticeAction;
use crate::domain::parties::CaseReference;
use crate::service::notices::{self};
use crate::web::pages::forms::{DateParts, FormErrors, parse_date};
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The workflow form.
#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    issue_date_day: String,
    #[serde(default)]
    issue_date_month: String,
    #[serde(default)]
    issue_date_year: String,
    /// The version shown when the step was chosen (approval is of that version).
    #[serde(default)]
    version: Option<i32>,
}

/// The page that confirms issuing, with the notice's date.
#[derive(Serialize)]
struct IssuePage {
    reference: String,
    authority: String,
    issue_date: DateParts,
    errors: FormErrors,
}

async fn issue_page(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    issue_date: DateParts,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let record = with_db(state, move |conn| {
        Ok(crate::service::cases::detail(
            conn,
            &st.context(&actor),
            &r,
        )?)
    })
    .await?;
    let page = IssuePage {
        reference: reference.to_string(),
        authority: record.authority.formal_name.clone(),
        issue_date,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with_status(
        status,
        "notice_issue.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `GET /cases/{reference}/notice/issue`: confirm issuing, and its date (today unless changed).
///
/// # Errors
/// Not found, database failures.
pub async fn confirm_issue(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    let today = DateParts::of(state.clock.today());
    issue_page(&state, &staff, reference, today, FormErrors::default()).await
}

/// `POST /cases/{reference}/notice/action`: submit, approve, return (with a comment) or issue.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn act(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<ActionForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let (action, done) = match form.action.as_str() {
        "submit" => (NoticeAction::Submit, "notice_submitted"),
        "approve" => (NoticeAction::Approve, "notice_approved"),
        "return" => (NoticeAction::Return, "notice_returned"),
        "issue" => (NoticeAction::Issue, "notice_issued"),
        _ => return Err(PageError::BadRequest("Unknown action.".to_owned())),
    };
    let mut errors = FormErrors::default();
    let typed = DateParts {
        day: form.issue_date_day.clone(),
        month: form.issue_date_month.clone(),
        year: form.issue_date_year.clone(),
    };
    let mut issued_on = None;
    if action == NoticeAction::Issue {
        match parse_date("date of the notice", &typed) {
            Ok(d) => issued_on = Some(d),
            Err(m) => {
                errors.add("issue_date", m);
                return issue_page(&state, &staff, reference, typed, errors).await;
            }
        }
    }
    if action == NoticeAction::Return && form.comment.trim().is_empty() {
        errors.add("comment", "Enter what the officer needs to change");
        return show_errors(
            &state,
            &staff,
            reference,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let comment = Some(form.comment.trim().to_owned()).filter(|c| !c.is_empty());
    let version = form.version;
    let result = with_db(&state, move |conn| {
        let step = notices::Step {
            action,
            comment: comment.as_deref(),
            date: issued_on,
            version,
        };
        Ok(notices::act(
            conn,
            &st.context(&actor),
            &r,
            &st.regulator,
            step,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!("/cases/{reference}/notice?done={done}"))),
        Err(e) => refused(&state, &staff, reference, action, typed, e).await,
    }
}

/// The page a refused step shows: the issue page with its date kept, or the notice with the
/// reason beside its actions (a manager refused approval of their own notice is told why, 403).
async fn refused(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    action: NoticeAction,
    typed: DateParts,
    e: crate::service::ServiceError,
) -> Result<HttpResponse, PageError> {
    let mut errors = FormErrors::default();
    if action == NoticeAction::Issue {
        errors.add("issue_date", refusal(e)?);
        return issue_page(state, staff, reference, typed, errors).await;
    }
    let status = match e {
        // Four eyes: the manager is told on the notice why they cannot approve it.
        crate::service::ServiceError::Forbidden(message)
            if action == NoticeAction::Approve && staff.actor.sees_every_case() =>
        {
            errors.add("actions", message);
            StatusCode::FORBIDDEN
        }
        e => {
            errors.add("actions", refusal(e)?);
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    show_errors(state, staff, reference, errors, None, status).await
}

/// The restore form: the version to bring back, and the version the page showed.
#[derive(Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    restore: i32,
    #[serde(default)]
    version: i32,
}

/// `POST /cases/{reference}/notice/restore`: saves an earlier version's text as the newest.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn restore(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<RestoreForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(notices::restore(
            conn,
            &st.context(&actor),
            &r,
            form.version,
            form.restore,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}/notice?done=notice_restored"
        ))),
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add("actions", refusal(e)?);
            show_errors(
                &state,
                &staff,
                reference,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
