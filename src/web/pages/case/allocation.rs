//! Allocating a case to an officer, dated by the manager, from the case page.

use super::{EventForm, case_page, load};
use crate::domain::parties::CaseReference;
use crate::service::cases;
use crate::web::pages::forms::{DateParts, FormErrors, parse_date};
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// The allocation form: the officer and the date the case was allocated.
#[derive(Deserialize)]
pub struct AllocationForm {
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    allocation_date_day: String,
    #[serde(default)]
    allocation_date_month: String,
    #[serde(default)]
    allocation_date_year: String,
}

/// The case page again with the allocation form's errors and what was typed in it.
async fn show_allocation_errors(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    errors: FormErrors,
    typed: DateParts,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference).await?;
    let mut page = case_page(state, staff, loaded, EventForm::default(), errors, None);
    page.allocation_date = typed;
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "case.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `POST /cases/{reference}/allocation` (managers and admins).
///
/// # Errors
/// Forbidden for officers; not found; database failures.
pub async fn allocate(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<AllocationForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_manager()?;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let typed = DateParts {
        day: form.allocation_date_day.clone(),
        month: form.allocation_date_month.clone(),
        year: form.allocation_date_year.clone(),
    };
    let officer_id = form.officer_id.parse::<i64>().ok();
    if officer_id.is_none() {
        errors.add("officer_id", "Select the officer to allocate the case to");
    }
    let date = match parse_date("date of allocation", &typed) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.add("allocation_date", m);
            None
        }
    };
    let (Some(officer_id), Some(date)) = (officer_id, date) else {
        return show_allocation_errors(&state, &staff, reference, errors, typed).await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::allocate(
            conn,
            &st.context(&actor),
            &r,
            officer_id,
            date,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!("/cases/{reference}?done=allocated"))),
        Err(e) => {
            errors.add("allocation_date", refusal(e)?);
            show_allocation_errors(&state, &staff, reference, errors, typed).await
        }
    }
}
