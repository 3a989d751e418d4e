//! The form that records a new appeal from a case's page.

use super::super::forms::{DateParts, FormErrors, london_timestamp, parse_date, parse_time};
use super::super::session::{Posted, Staff};
use super::super::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use super::{Options, options};
use crate::domain::appeal::commands::OpenAppeal;
use crate::domain::tribunal::{Appellant, TribunalReference};
use crate::service::appeals as service;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The new-appeal form, as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewAppealForm {
    #[serde(default)]
    tribunal_reference: String,
    #[serde(default)]
    appellant: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    /// The London time the tribunal received it (optional): after 5pm on the last day is late
    /// (GRC r12(1)).
    #[serde(default)]
    time: String,
    #[serde(default)]
    extension_granted: String,
}

#[derive(Serialize)]
struct NewAppealPage {
    reference: String,
    form: NewAppealForm,
    date: DateParts,
    appellants: Options,
    errors: FormErrors,
}

fn new_page(
    staff: &Staff,
    reference: &str,
    form: NewAppealForm,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let date = DateParts {
        day: form.date_day.clone(),
        month: form.date_month.clone(),
        year: form.date_year.clone(),
    };
    render_with_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        "appeal_new.html",
        &Chrome::for_staff(staff, "appeals"),
        &NewAppealPage {
            reference: reference.to_owned(),
            form,
            date,
            appellants: options(
                "Choose who appealed",
                Appellant::ALL,
                Appellant::slug,
                Appellant::label,
            ),
            errors,
        },
    )
}

/// `GET /cases/{reference}/appeals/new`.
///
/// # Errors
/// Not found.
pub async fn new_form(staff: Staff, path: web::Path<String>) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    new_page(
        &staff,
        reference.as_str(),
        NewAppealForm::default(),
        FormErrors::default(),
    )
}

/// `POST /cases/{reference}/appeals/new`: records the appeal and opens its page.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn create(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<NewAppealForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let tribunal_reference = TribunalReference::parse(&form.tribunal_reference)
        .map_err(|m| errors.add("tribunal_reference", m))
        .ok();
    let appellant = Appellant::from_slug(&form.appellant)
        .map_err(|_| errors.add("appellant", "Select who appealed"))
        .ok();
    let date = DateParts {
        day: form.date_day.clone(),
        month: form.date_month.clone(),
        year: form.date_year.clone(),
    };
    let date = parse_date("date the tribunal received the appeal", &date)
        .map_err(|m| errors.add("date", m))
        .ok();
    let timestamp = parse_time("time the tribunal received it", &form.time)
        .and_then(|t| date.map_or(Ok(None), |d| london_timestamp(d, t)))
        .map_err(|m| errors.add("time", m))
        .ok();
    let (Some(tribunal_reference), Some(appellant), Some(date), Some(timestamp)) =
        (tribunal_reference, appellant, date, timestamp)
    else {
        return new_page(&staff, reference.as_str(), form, errors);
    };
    let input = OpenAppeal {
        reference: tribunal_reference,
        appellant,
        date,
        timestamp,
        extension_granted: form.extension_granted == "yes",
        parent_id: None,
    };
    let st = state.clone();
    let actor = staff.actor.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(service::open(conn, &st.context(&actor), &r, &input))
    })
    .await?;
    match result {
        Ok(id) => Ok(see_other(&format!("/appeals/{id}?done=appeal_opened"))),
        Err(e) => {
            errors.add("tribunal_reference", refusal(e)?);
            new_page(&staff, reference.as_str(), form, errors)
        }
    }
}
