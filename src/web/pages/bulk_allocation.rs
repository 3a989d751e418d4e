//! Bulk allocation from the case list (managers and admins): the cases ticked on the list, an
//! officer and a date (default today, past allowed, future refused) are shown on a page of
//! their own to confirm, since allocating emails each complainant; confirming allocates them
//! all in one transaction (`service::allocation`), or none, saying which case was refused and
//! why.

use super::forms::{DateParts, FormErrors, long_date, parse_date};
use super::session::Posted;
use super::{AppState, Chrome, PageError, refusal, render_with_status, see_other, with_db};
use crate::domain::parties::CaseReference;
use crate::service::allocation::allocate_many;
use crate::service::cases;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;

/// The batch as posted: the ticked references, the officer, the date, and the list to go back
/// to. Read from the pairs of the form because a tick box repeats its name.
struct Batch {
    references: Vec<String>,
    officer_id: String,
    date: DateParts,
    back: String,
}

impl Batch {
    fn read(pairs: &[(String, String)]) -> Batch {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Batch {
            references: pairs
                .iter()
                .filter(|(k, _)| k == "reference")
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect(),
            officer_id: get("officer_id"),
            date: DateParts {
                day: get("allocation_date_day"),
                month: get("allocation_date_month"),
                year: get("allocation_date_year"),
            },
            back: get("back"),
        }
    }
}

/// The batch checked: what to allocate, to whom, on which date.
struct Checked {
    references: Vec<CaseReference>,
    officer_id: i64,
    date: NaiveDate,
}

/// Checks the form; each problem is added to `errors` in words.
fn check(batch: &Batch, errors: &mut FormErrors) -> Option<Checked> {
    let references: Vec<CaseReference> = batch
        .references
        .iter()
        .filter_map(|r| CaseReference::parse(r).ok())
        .collect();
    if references.is_empty() {
        errors.add("reference", "Tick the cases to allocate");
    }
    let officer_id = batch.officer_id.trim().parse::<i64>().ok();
    if officer_id.is_none() {
        errors.add("officer_id", "Select the officer to allocate the cases to");
    }
    let date = parse_date("date of allocation", &batch.date)
        .map_err(|m| errors.add("allocation_date", m))
        .ok();
    Some(Checked {
        references,
        officer_id: officer_id?,
        date: date?,
    })
    .filter(|_| errors.is_empty())
}

#[derive(Serialize)]
struct ReviewPage {
    references: Vec<String>,
    officer_id: String,
    officer: String,
    date: DateParts,
    date_words: String,
    back: String,
    errors: FormErrors,
    /// The case refused and why, when confirming failed.
    refused: Option<String>,
}

/// The list to return to: only the case list, with its filters.
fn back_link(back: &str) -> String {
    if back.is_empty() || !back.bytes().all(|b| b.is_ascii_graphic()) {
        "/cases".to_owned()
    } else {
        format!("/cases?{back}")
    }
}

/// Shows the batch to confirm (200), or its problems (422).
async fn show(
    state: &web::Data<AppState>,
    posted: &Posted<Vec<(String, String)>>,
    batch: &Batch,
    errors: FormErrors,
    refused: Option<String>,
) -> Result<HttpResponse, PageError> {
    let officer_id = batch.officer_id.trim().parse::<i64>().ok();
    let officer = match officer_id {
        Some(id) => with_db(state, move |conn| {
            Ok(cases::officers(conn)?
                .into_iter()
                .find(|(o, ..)| *o == id)
                .map(|(_, n, _)| n))
        })
        .await?
        .unwrap_or_default(),
        None => String::new(),
    };
    let status = if errors.is_empty() && refused.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReviewPage {
        references: batch.references.clone(),
        officer_id: batch.officer_id.clone(),
        officer,
        date_words: parse_date("date", &batch.date)
            .map(long_date)
            .unwrap_or_default(),
        date: batch.date.clone(),
        back: back_link(&batch.back),
        errors,
        refused,
    };
    render_with_status(
        status,
        "bulk_allocation.html",
        &Chrome::for_staff(&posted.staff, "cases"),
        &page,
    )
}

/// `POST /cases/allocate`: the ticked cases, officer and date, shown to confirm (nothing is
/// written yet).
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn review(
    state: web::Data<AppState>,
    posted: Posted<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    posted.staff.require_manager()?;
    let batch = Batch::read(&posted.form);
    let mut errors = FormErrors::default();
    check(&batch, &mut errors);
    show(&state, &posted, &batch, errors, None).await
}

/// `POST /cases/allocate/confirm`: allocates every case of the batch, or none.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn confirm(
    state: web::Data<AppState>,
    posted: Posted<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    posted.staff.require_manager()?;
    let batch = Batch::read(&posted.form);
    let mut errors = FormErrors::default();
    let Some(checked) = check(&batch, &mut errors) else {
        return show(&state, &posted, &batch, errors, None).await;
    };
    let actor = posted.staff.actor.clone();
    let st = state.clone();
    let result = with_db(&state, move |conn| {
        Ok(allocate_many(
            conn,
            &st.context(&actor),
            &checked.references,
            checked.officer_id,
            checked.date,
        ))
    })
    .await?;
    match result {
        Ok(_) => {
            let back = back_link(&batch.back);
            let sep = if back.contains('?') { '&' } else { '?' };
            Ok(see_other(&format!("{back}{sep}done=bulk_allocated")))
        }
        Err(refused) => {
            let why = match refused.error {
                crate::service::ServiceError::Forbidden(m)
                | crate::service::ServiceError::NotFound(m) => m,
                other => refusal(other)?,
            };
            let message = format!(
                "{}: {}. Nothing was allocated: untick it, or put it right, and confirm again.",
                refused.reference,
                why.trim_end_matches('.')
            );
            show(&state, &posted, &batch, errors, Some(message)).await
        }
    }
}
