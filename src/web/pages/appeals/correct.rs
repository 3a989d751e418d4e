//! Correcting or withdrawing one of an appeal's stages, on a page of its own: the stage as
//! recorded, a corrected date or its withdrawal, and the reason the log keeps (who, when and
//! why are then shown beside the stage on the appeal's page). Nothing is rewritten: the
//! correction is a new entry that supersedes the old one. As on the stage form, a stage of the
//! tribunal's clocks takes an optional London time beside its date (rule 12's 5pm).

use super::super::forms::{DateParts, FormErrors, london_timestamp, parse_date, parse_time};
use super::super::session::{Posted, Staff};
use super::super::{AppState, Chrome, PageError, refusal, render_with_status, see_other, with_db};
use super::view::{StageRow, stage_row};
use crate::domain::appeal::progress;
use crate::domain::case::Correction;
use crate::domain::lifecycle::CaseEventKind;
use crate::service::appeals as service;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The correction form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct CorrectForm {
    /// `redate` or `retract`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    /// The London time it happened (optional; a stage of the tribunal's clocks only).
    #[serde(default)]
    time: String,
    /// Why.
    #[serde(default)]
    reason: String,
}

#[derive(Serialize)]
struct CorrectPage {
    id: i64,
    tribunal_reference: String,
    stage: StageRow,
    date: DateParts,
    /// The time as typed, or the stage's own London time ("17:30") when it has one.
    time: String,
    /// Whether the stage takes a time (a stage of the tribunal's clocks).
    timed: bool,
    reason: String,
    errors: FormErrors,
}

/// Renders the page for stage `event_id` of appeal `id`, with what was typed.
async fn show_page(
    state: web::Data<AppState>,
    staff: &Staff,
    (id, event_id): (i64, i64),
    form: Option<CorrectForm>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let st = state.clone();
    let actor = staff.actor.clone();
    let record = with_db(&state, move |conn| {
        Ok(service::detail(conn, &st.context(&actor), id)?)
    })
    .await?;
    let lines = progress::stages(&record.log, id);
    let line = lines
        .iter()
        .find(|l| l.event.id == event_id && l.correctable && record.may_change)
        .ok_or(PageError::NotFound)?;
    let row = stage_row(line, &record.staff_names, record.may_change);
    let date = form.as_ref().map_or_else(
        || DateParts::of(line.event.date),
        |f| DateParts {
            day: f.date_day.clone(),
            month: f.date_month.clone(),
            year: f.date_year.clone(),
        },
    );
    let time = form.as_ref().map_or_else(
        || {
            line.event.timestamp.map_or_else(String::new, |at| {
                crate::domain::london::london_local(at.and_utc())
                    .format("%H:%M")
                    .to_string()
            })
        },
        |f| f.time.clone(),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = CorrectPage {
        id,
        tribunal_reference: record.appeal.reference.as_str().to_owned(),
        stage: row,
        date,
        time,
        timed: matches!(line.event.kind, CaseEventKind::Clock(_)),
        reason: form.map(|f| f.reason).unwrap_or_default(),
        errors,
    };
    render_with_status(
        status,
        "appeal_correct.html",
        &Chrome::for_staff(staff, "appeals"),
        &page,
    )
}

/// The corrected date, with its London time when one was typed (a time the clocks skipped
/// refused beside it). Whether the stage takes a time at all is the domain's to refuse (only a
/// stage of the tribunal's clocks does; the page offers the box only for those).
fn redate(form: &CorrectForm, errors: &mut FormErrors) -> Option<Correction> {
    let parts = DateParts {
        day: form.date_day.clone(),
        month: form.date_month.clone(),
        year: form.date_year.clone(),
    };
    let date = parse_date("corrected date", &parts).map_err(|m| errors.add("date", m));
    let time = parse_time("corrected time", &form.time).map_err(|m| errors.add("time", m));
    let (Ok(date), Ok(time)) = (date, time) else {
        return None;
    };
    match london_timestamp(date, time) {
        Ok(Some(at)) => Some(Correction::RedateAt(at)),
        Ok(None) => Some(Correction::Redate(date)),
        Err(m) => {
            errors.add("time", m);
            None
        }
    }
}

/// `GET /appeals/{id}/stages/{event}/correct`: the stage and the form that corrects its date
/// or withdraws it.
///
/// # Errors
/// Not found (no such stage, or not one this user may correct); database failures.
pub async fn correct_form(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, PageError> {
    show_page(
        state,
        &staff,
        path.into_inner(),
        None,
        FormErrors::default(),
    )
    .await
}

/// `POST /appeals/{id}/stages/{event}/correct`: corrects or withdraws the stage; a refusal is
/// shown on the same page, keeping what was typed.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn correct(
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    posted: Posted<CorrectForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let (id, event_id) = path.into_inner();
    let mut errors = FormErrors::default();
    let correction = match form.action.as_str() {
        "retract" => Some(Correction::Retract),
        "redate" => redate(&form, &mut errors),
        _ => {
            errors.add(
                "action",
                "Choose whether to correct the date or withdraw the stage",
            );
            None
        }
    };
    if form.reason.trim().is_empty() {
        errors.add(
            "reason",
            "Say why the stage is corrected or withdrawn: the appeal's log keeps the reason",
        );
    }
    let (Some(correction), true) = (correction, errors.is_empty()) else {
        return show_page(state, &staff, (id, event_id), Some(form), errors).await;
    };
    let done = if correction == Correction::Retract {
        "appeal_withdrawn"
    } else {
        "appeal_corrected"
    };
    let st = state.clone();
    let actor = staff.actor.clone();
    let reason = form.reason.clone();
    let result = with_db(&state, move |conn| {
        Ok(service::correct(
            conn,
            &st.context(&actor),
            id,
            event_id,
            correction,
            &reason,
        ))
    })
    .await?;
    match result {
        Ok(()) => Ok(see_other(&format!("/appeals/{id}?done={done}#stages"))),
        Err(e) => {
            errors.add("action", refusal(e)?);
            show_page(state, &staff, (id, event_id), Some(form), errors).await
        }
    }
}
