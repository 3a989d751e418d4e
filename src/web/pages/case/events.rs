//! Adding an event to a case and correcting or withdrawing one, from the case page.

use super::{EventForm, case_page, load};
use crate::domain::case::{Correction, EventInput};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use crate::domain::parties::CaseReference;
use crate::domain::timeline::EventKind;
use crate::service::cases;
use crate::web::pages::forms::{DateParts, FormErrors, parse_date};
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Reads the event form into the API's JSON shape and then through the one event parser.
fn parse_event_form(form: &EventForm, errors: &mut FormErrors) -> Option<EventInput> {
    let kind = CaseEventKind::from_slug(&form.kind)
        .map_err(|_| errors.add("kind", "Select what happened"))
        .ok();
    let date = parse_date("date it happened", &form.date())
        .map_err(|m| errors.add("date", m))
        .ok();
    let mut body = serde_json::Map::new();
    if let Some(k) = kind {
        body.insert("kind".into(), k.slug().into());
    }
    if let Some(d) = date {
        body.insert("date".into(), d.to_string().into());
    }
    let is = |k: EventKind| kind == Some(CaseEventKind::Clock(k));
    if is(EventKind::DecisionNoticeIssued) {
        if !form.sent().is_blank() {
            match parse_date("date the notice was sent", &form.sent()) {
                Ok(d) => {
                    body.insert("sent".into(), d.to_string().into());
                }
                Err(m) => errors.add("sent", m),
            }
        }
        let period = form.steps_period_days.trim();
        if !period.is_empty() {
            match period.parse::<u32>() {
                Ok(p) if (1..=365).contains(&p) => {
                    body.insert("steps_period_days".into(), p.into());
                }
                _ => errors.add(
                    "steps_period_days",
                    "Enter the steps period as a number of calendar days, like 35",
                ),
            }
        }
    }
    if is(EventKind::AppealLodged) && form.extension_granted == "yes" {
        body.insert("extension_granted".into(), true.into());
    }
    if kind == Some(CaseEventKind::Workflow(WorkflowKind::ComplaintRejected)) {
        if form.reason.is_empty() {
            errors.add("reason", "Select why the complaint is not eligible");
        } else {
            body.insert("reason".into(), form.reason.clone().into());
        }
    }
    if kind
        == Some(CaseEventKind::Workflow(
            WorkflowKind::InvestigationLetterSent,
        ))
        && !form.respond_by().is_blank()
    {
        match parse_date("date the authority must reply by", &form.respond_by()) {
            Ok(d) => {
                body.insert("respond_by".into(), d.to_string().into());
            }
            Err(m) => errors.add("respond_by", m),
        }
    }
    if !errors.is_empty() {
        return None;
    }
    match EventInput::parse(serde_json::Value::Object(body)) {
        Ok(input) => Some(input),
        Err(e) => {
            errors.add("kind", e.to_string());
            None
        }
    }
}

async fn show_with_errors(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    form: EventForm,
    errors: FormErrors,
    correction: Option<(i64, FormErrors, String)>,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference).await?;
    let page = case_page(state, staff, loaded, form, errors, correction);
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "case.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `POST /cases/{reference}/events`: adds an event; an impossible timeline is refused with the
/// engine's message and the form keeps what was typed.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn add_event(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<EventForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let Some(input) = parse_event_form(&form, &mut errors) else {
        return show_with_errors(&state, &staff, reference, form, errors, None).await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::record_event(conn, &st.context(&actor), &r, &input))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=event_added#timeline"
        ))),
        Err(e) => {
            errors.add("kind", refusal(e)?);
            show_with_errors(&state, &staff, reference, form, errors, None).await
        }
    }
}

/// The correction form.
#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    /// Why it is corrected or withdrawn.
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{reference}/events/{id}/correct`: a new date for an event; the original stays in
/// the log. A withdrawal posted here is sent to its confirmation page (`withdraw`).
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn correct_event(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    posted: Posted<CorrectionForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let (path_reference, event_id) = path.into_inner();
    let reference = case_reference(&path_reference)?;
    let mut errors = FormErrors::default();
    // Withdrawing asks for confirmation on a page of its own: nothing is written from here.
    let correction = if form.action == "retract" {
        return Ok(see_other(&format!(
            "/cases/{reference}/events/{event_id}/withdraw"
        )));
    } else {
        let parts = DateParts {
            day: form.date_day.clone(),
            month: form.date_month.clone(),
            year: form.date_year.clone(),
        };
        match parse_date("corrected date", &parts) {
            Ok(date) => Some(Correction::Redate(date)),
            Err(m) => {
                errors.add(&format!("correct-{event_id}"), m);
                None
            }
        }
    };
    let Some(correction) = correction else {
        return show_with_errors(
            &state,
            &staff,
            reference,
            EventForm::default(),
            FormErrors::default(),
            Some((event_id, errors, form.reason.clone())),
        )
        .await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let reason = form.reason.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::correct_event(
            conn,
            &st.context(&actor),
            &r,
            event_id,
            &correction,
            &reason,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=event_corrected#timeline"
        ))),
        Err(e) => {
            errors.add(&format!("correct-{event_id}"), refusal(e)?);
            show_with_errors(
                &state,
                &staff,
                reference,
                EventForm::default(),
                FormErrors::default(),
                Some((event_id, errors, form.reason.clone())),
            )
            .await
        }
    }
}
