//! The managers' publication page (`/publication`): how many notices were issued, published
//! and withheld (so "every outcome published" can be audited), every withheld notice with its
//! reason, and the forms that withhold a published notice or publish a withheld one again,
//! each with a reason (the service checks the role and records it in the audit log).

use crate::domain::notice::checks::long_date;
use crate::domain::register::Visibility;
use crate::service::ServiceError;
use crate::service::register as register_service;
use crate::web::AppState;
use crate::web::pages::forms::FormErrors;
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{Chrome, DoneQuery, PageError, render_with_status, see_other, with_db};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The withhold / publish-again form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct VisibilityForm {
    #[serde(default, alias = "withhold-reference", alias = "republish-reference")]
    reference: String,
    #[serde(default)]
    reason: String,
}

#[derive(Serialize)]
struct WithheldRow {
    reference: String,
    authority: String,
    date: String,
    reason: String,
    by: String,
    at: String,
}

#[derive(Serialize)]
struct PublicationPage {
    issued: i64,
    published: i64,
    withheld: i64,
    imported: i64,
    unaccounted: i64,
    rows: Vec<WithheldRow>,
    withhold: VisibilityForm,
    republish: VisibilityForm,
    errors: FormErrors,
}

async fn page(
    state: &web::Data<AppState>,
    staff: &Staff,
    status: StatusCode,
    done: Option<&str>,
    forms: (VisibilityForm, VisibilityForm, FormErrors),
) -> Result<HttpResponse, PageError> {
    let actor = staff.actor.clone();
    let p = with_db(state, move |conn| {
        Ok(register_service::publication(conn, &actor)?)
    })
    .await?;
    let (withhold, republish, errors) = forms;
    render_with_status(
        status,
        "register/publication.html",
        &Chrome::for_staff(staff, "publication").with_banner(done),
        &PublicationPage {
            issued: p.counts.issued,
            published: p.counts.published,
            withheld: p.counts.withheld,
            imported: p.counts.imported,
            unaccounted: p.counts.issued - p.counts.published - p.counts.withheld,
            rows: p
                .withheld
                .into_iter()
                .map(|w| WithheldRow {
                    reference: w.reference,
                    authority: w.authority_name,
                    date: long_date(w.issued_on),
                    reason: w.reason,
                    by: w.by.unwrap_or_default(),
                    at: w.at.map(|a| long_date(a.date())).unwrap_or_default(),
                })
                .collect(),
            withhold,
            republish,
            errors,
        },
    )
}

/// `GET /publication` (managers).
///
/// # Errors
/// Forbidden for officers.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let forms = (
        VisibilityForm::default(),
        VisibilityForm::default(),
        FormErrors::default(),
    );
    page(&state, &staff, StatusCode::OK, query.done.as_deref(), forms).await
}

async fn change(
    state: web::Data<AppState>,
    posted: Posted<VisibilityForm>,
    visibility: Visibility,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let prefix = match visibility {
        Visibility::Withheld => "withhold",
        Visibility::Published => "republish",
    };
    let (actor, now) = (staff.actor.clone(), state.clock.now());
    let (reference, reason) = (form.reference.clone(), form.reason.clone());
    let outcome = with_db(&state, move |conn| {
        Ok(register_service::set_visibility(
            conn, &actor, now, &reference, visibility, &reason,
        ))
    })
    .await?;
    let mut errors = FormErrors::default();
    match outcome {
        Ok(()) => {
            let done = match visibility {
                Visibility::Withheld => "notice_withheld",
                Visibility::Published => "notice_republished",
            };
            return Ok(see_other(&format!("/publication?done={done}")));
        }
        Err(ServiceError::Invalid { rule, message, .. }) => {
            let field = if rule.starts_with("reason") {
                "reason"
            } else {
                "reference"
            };
            errors.add(&format!("{prefix}-{field}"), message);
        }
        Err(ServiceError::Conflict(message)) => errors.add(&format!("{prefix}-reference"), message),
        Err(other) => return Err(other.into()),
    }
    let forms = match visibility {
        Visibility::Withheld => (form, VisibilityForm::default(), errors),
        Visibility::Published => (VisibilityForm::default(), form, errors),
    };
    page(
        &state,
        &staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        forms,
    )
    .await
}

/// `POST /publication/withhold`.
///
/// # Errors
/// Forbidden for officers (by the service); database failures.
pub async fn withhold(
    state: web::Data<AppState>,
    posted: Posted<VisibilityForm>,
) -> Result<HttpResponse, PageError> {
    change(state, posted, Visibility::Withheld).await
}

/// `POST /publication/republish`.
///
/// # Errors
/// Forbidden for officers (by the service); database failures.
pub async fn republish(
    state: web::Data<AppState>,
    posted: Posted<VisibilityForm>,
) -> Result<HttpResponse, PageError> {
    change(state, posted, Visibility::Published).await
}
