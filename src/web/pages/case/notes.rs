//! Adding an internal note and linking or unlinking cases from the case page. A refusal is
//! shown on the case page beside its form, with what was typed kept.

use super::{EventForm, case_page, load};
use crate::domain::case::record::LinkKind;
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

/// The note form: its date and text.
#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note_date_day: String,
    #[serde(default)]
    note_date_month: String,
    #[serde(default)]
    note_date_year: String,
    #[serde(default)]
    note_text: String,
}

/// The link form: the other case and how they are linked.
#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    link_reference: String,
    #[serde(default)]
    link_kind: String,
}

/// What a form on the case page had typed, to show again beside its errors.
enum Typed {
    Note(DateParts, String),
    Link(String, String),
}

/// The case page again with a form's errors and what was typed in it.
async fn again(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    errors: FormErrors,
    typed: Typed,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference).await?;
    let mut page = case_page(state, staff, loaded, EventForm::default(), errors, None);
    match typed {
        Typed::Note(date, text) => {
            page.file.note_date = date;
            page.file.note_text = text;
        }
        Typed::Link(reference, kind) => {
            page.file.link_reference = reference;
            page.file.link_kind = kind;
        }
    }
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "case.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `POST /cases/{reference}/notes`: adds a note dated as given (today or earlier).
///
/// # Errors
/// Forbidden for a colleague who may not change the case; not found; database failures.
pub async fn add_note(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<NoteForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let typed = DateParts {
        day: form.note_date_day.clone(),
        month: form.note_date_month.clone(),
        year: form.note_date_year.clone(),
    };
    let mut errors = FormErrors::default();
    let date = match parse_date("date of the note", &typed) {
        Ok(d) => d,
        Err(m) => {
            errors.add("note_date", m);
            let note = Typed::Note(typed, form.note_text);
            return again(&state, &staff, reference, errors, note).await;
        }
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let (r, text) = (reference.clone(), form.note_text.clone());
    let result = with_db(&state, move |conn| {
        Ok(cases::add_note(conn, &st.context(&actor), &r, date, &text))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=note_added#notes"
        ))),
        Err(e) => {
            let field = match &e {
                crate::service::ServiceError::Invalid { rule, .. } if rule == "note_date" => {
                    "note_date"
                }
                _ => "note_text",
            };
            errors.add(field, refusal(e)?);
            let note = Typed::Note(typed, form.note_text);
            again(&state, &staff, reference, errors, note).await
        }
    }
}

/// `POST /cases/{reference}/links`: links the case to another.
///
/// # Errors
/// Forbidden for a colleague who may not change the case; not found; database failures.
pub async fn link(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<LinkForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let typed = Typed::Link(form.link_reference.clone(), form.link_kind.clone());
    let kind = match LinkKind::from_slug(&form.link_kind) {
        Ok(k) => k,
        Err(m) => {
            errors.add("link_kind", m);
            return again(&state, &staff, reference, errors, typed).await;
        }
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let (r, other) = (reference.clone(), form.link_reference.clone());
    let result = with_db(&state, move |conn| {
        Ok(cases::link(conn, &st.context(&actor), &r, &other, kind))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=case_linked#links"
        ))),
        Err(e) => {
            errors.add("link_reference", refusal(e)?);
            again(&state, &staff, reference, errors, typed).await
        }
    }
}

/// `POST /cases/{reference}/links/remove`: removes the link to another case (a link is
/// made again as easily, so this asks for no confirmation).
///
/// # Errors
/// Forbidden; no such link or case (404); database failures.
pub async fn unlink(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<LinkForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    with_db(&state, move |conn| {
        Ok(cases::unlink(
            conn,
            &st.context(&actor),
            &r,
            &form.link_reference,
        )?)
    })
    .await?;
    Ok(see_other(&format!(
        "/cases/{reference}?done=case_unlinked#links"
    )))
}
