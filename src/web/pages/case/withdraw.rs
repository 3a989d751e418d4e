//! Withdrawing an event from a case's timeline, on a page of its own (issue 14): withdrawal
//! changes every deadline worked out from the event, so the officer sees what will happen and
//! says why before anything is written. No script is needed: the timeline's "Withdraw this
//! event" is a link to this page, and a withdrawal posted from the correction form is sent here
//! instead of being made.

use super::{Loaded, correctable, load};
use crate::domain::case::Correction;
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::notice::draft::capitalised;
use crate::service::cases;
use crate::web::pages::forms::{FormErrors, long_date};
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The confirmation page.
#[derive(Serialize)]
struct WithdrawPage {
    reference: String,
    event_id: i64,
    /// "Internal review completed on Monday 20 March 2023".
    event: String,
    reason: String,
    errors: FormErrors,
}

/// The event's words, when this actor may withdraw it; why not otherwise.
fn withdrawable(staff: &Staff, loaded: &Loaded, event_id: i64) -> Result<String, PageError> {
    let d = &loaded.detail;
    let event = d
        .events
        .iter()
        .find(|e| e.id == event_id)
        .ok_or(PageError::NotFound)?;
    if !loaded.may_change {
        return Err(PageError::Forbidden(
            "You cannot change this case: only its officer and the managers can.".to_owned(),
        ));
    }
    let corrected: Vec<i64> = d.events.iter().filter_map(|e| e.supersedes).collect();
    if !correctable(staff, true, &corrected, event) {
        return Err(PageError::Conflict(
            "This event cannot be withdrawn: it was corrected or withdrawn already, or it is \
             changed through the decision notice or the appeal."
                .to_owned(),
        ));
    }
    let label = CaseEventKind::from_slug(&event.kind).map_or("Event", CaseEventKind::label);
    Ok(format!(
        "{} on {}",
        capitalised(label),
        long_date(event.date)
    ))
}

async fn page(
    state: &web::Data<AppState>,
    staff: &Staff,
    path: (String, i64),
    reason: String,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let (reference, event_id) = path;
    let reference = case_reference(&reference)?;
    let loaded = load(state, staff, reference.clone()).await?;
    let event = withdrawable(staff, &loaded, event_id)?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with_status(
        status,
        "event_withdraw.html",
        &Chrome::for_staff(staff, "cases"),
        &WithdrawPage {
            reference: reference.to_string(),
            event_id,
            event,
            reason,
            errors,
        },
    )
}

/// `GET /cases/{reference}/events/{id}/withdraw`: what withdrawing the event does, and the
/// reason asked for.
///
/// # Errors
/// Not found; forbidden for someone who may not change the case; conflict for an event that
/// cannot be withdrawn.
pub async fn confirm_withdrawal(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, PageError> {
    page(
        &state,
        &staff,
        path.into_inner(),
        String::new(),
        FormErrors::default(),
    )
    .await
}

/// The confirmation form.
#[derive(Deserialize)]
pub struct WithdrawForm {
    /// Why the event is withdrawn (required; the timeline keeps it).
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{reference}/events/{id}/withdraw`: withdraws the event, keeping it in the log
/// with who, when and why.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn withdraw(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    posted: Posted<WithdrawForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let (path_reference, event_id) = path.into_inner();
    let reference = case_reference(&path_reference)?;
    let reason = form.reason.trim().to_owned();
    let mut errors = FormErrors::default();
    if reason.is_empty() {
        errors.add("reason", "Enter why the event is withdrawn");
        return page(&state, &staff, (path_reference, event_id), reason, errors).await;
    }
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let why = reason.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::correct_event(
            conn,
            &st.context(&actor),
            &r,
            event_id,
            &Correction::Retract,
            &why,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=event_withdrawn#timeline"
        ))),
        Err(e) => {
            errors.add("reason", refusal(e)?);
            page(&state, &staff, (path_reference, event_id), reason, errors).await
        }
    }
}
