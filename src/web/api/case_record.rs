//! The API of the case record beside the log: its JSON views (part of [`super::cases::CaseDetail`])
//! and the doors that change it: `PATCH /api/v1/cases/{reference}` (the request's wording, the
//! provisions cited, the authority's reference, the complainant, the authority), notes and links.

use super::cases::CaseDetail;
use super::{ComplainantBody, Json, first_refused, parse_body, reference, with_conn};
use crate::domain::case::record::{LinkKind, cited_in_words};
use crate::service::cases::{self as case_service, CaseFile, ComplainantInput, RecordEdit};
use crate::web::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{ApiError, Problem, invalid_field};
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The record's fields, notes, links and changes (staff only: never in emails, notices,
/// exports or the register).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    /// The request's wording.
    pub request_wording: String,
    /// The provisions the authority cited, stored form ("s40(2)").
    pub exemptions_cited: Vec<String>,
    /// The same in words ("section 40(2), section 43(2)").
    pub exemptions_cited_words: String,
    /// The authority's own reference.
    pub authority_reference: String,
    /// Internal notes, newest first.
    pub notes: Vec<NoteView>,
    /// Linked cases.
    pub links: Vec<LinkView>,
    /// Changes made since opening, newest first.
    pub changes: Vec<ChangeView>,
}

/// An internal note.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoteView {
    /// The date the officer gave it.
    pub date: NaiveDate,
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub by: String,
    /// When (UTC).
    pub written_at: NaiveDateTime,
}

/// A linked case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    /// same_request, repeat_complainant or same_authority_matter.
    pub kind: String,
    /// The kind in words.
    pub kind_label: String,
    /// The other case's reference.
    pub reference: String,
    /// The other case's authority, full name.
    pub authority: String,
    /// Who linked them.
    pub by: String,
    /// When (UTC).
    pub linked_at: NaiveDateTime,
}

/// A change to the record or the parties.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChangeView {
    /// The field's identifier.
    pub field: String,
    /// The field in words.
    pub label: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
    /// Who.
    pub by: String,
    /// When (UTC).
    pub at: NaiveDateTime,
}

impl From<&CaseFile> for RecordView {
    fn from(f: &CaseFile) -> Self {
        RecordView {
            request_wording: f.record.request_wording.clone(),
            exemptions_cited: f
                .record
                .exemptions_cited
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            exemptions_cited_words: cited_in_words(&f.record.exemptions_cited),
            authority_reference: f.record.authority_reference.clone(),
            notes: f
                .notes
                .iter()
                .map(|n| NoteView {
                    date: n.date,
                    text: n.text.clone(),
                    by: n.by.clone(),
                    written_at: n.written_at,
                })
                .collect(),
            links: f
                .links
                .iter()
                .map(|l| LinkView {
                    kind: l.kind.slug().to_owned(),
                    kind_label: l.kind.label().to_owned(),
                    reference: l.reference.clone(),
                    authority: l.authority.clone(),
                    by: l.by.clone(),
                    linked_at: l.linked_at,
                })
                .collect(),
            changes: f
                .changes
                .iter()
                .map(|c| ChangeView {
                    field: c.field.slug().to_owned(),
                    label: c.field.label().to_owned(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                    by: c.by.clone(),
                    at: c.at,
                })
                .collect(),
        }
    }
}

/// What to change; a field left out stays as it is.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RecordBody {
    /// The request's wording.
    request_wording: Option<String>,
    /// The provisions the authority cited (the whole list: it replaces the one recorded).
    exemptions_cited: Option<Vec<String>>,
    /// The authority's own reference.
    authority_reference: Option<String>,
    /// The complainant's details (all of them).
    complainant: Option<ComplainantBody>,
    /// Another authority complained about.
    authority_id: Option<i64>,
}

impl TryFrom<RecordBody> for RecordEdit {
    type Error = ApiError;
    fn try_from(b: RecordBody) -> Result<Self, ApiError> {
        let cited = b.exemptions_cited.map(|list| list.join(", "));
        let mut edit = RecordEdit::of_record(
            b.request_wording.as_deref(),
            cited.as_deref(),
            b.authority_reference.as_deref(),
        )
        .map_err(first_refused)?;
        edit.complainant = b
            .complainant
            .map(|c| {
                ComplainantInput::parse(
                    &c.name,
                    c.email.as_deref().unwrap_or_default(),
                    &c.postal_address,
                )
            })
            .transpose()
            .map_err(first_refused)?;
        edit.authority_id = b.authority_id;
        Ok(edit)
    }
}

/// `PATCH /api/v1/cases/{reference}`
#[utoipa::path(patch, path = "/api/v1/cases/{reference}", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), request_body(content = RecordBody, description = "Any of request_wording, exemptions_cited, authority_reference, complainant, authority_id"), responses((status = 200, description = "Changed", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn edit_record(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let edit: RecordEdit = parse_body::<RecordBody>(body.into_inner())?.try_into()?;
    let detail = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        Ok(CaseDetail::from(case_service::edit(
            conn, &ctx, &reference, &edit,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// A note.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    /// The date it records (default today; a date after today is refused).
    date: Option<NaiveDate>,
    /// The note.
    text: String,
}

/// `POST /api/v1/cases/{reference}/notes`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notes", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), request_body(content = NoteBody, description = "text, date (optional)"), responses((status = 201, description = "Added", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn add_note(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: NoteBody = parse_body(body.into_inner())?;
    let detail = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        let date = body.date.unwrap_or(ctx.today);
        Ok(CaseDetail::from(case_service::add_note(
            conn, &ctx, &reference, date, &body.text,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// A link to another case.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    /// The other case's reference.
    reference: String,
    /// same_request, repeat_complainant or same_authority_matter.
    kind: String,
}

/// `POST /api/v1/cases/{reference}/links`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/links", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), request_body(content = LinkBody, description = "reference, kind"), responses((status = 201, description = "Linked", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Already linked", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: LinkBody = parse_body(body.into_inner())?;
    let kind = LinkKind::from_slug(&body.kind).map_err(|m| invalid_field("kind", m))?;
    let detail = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        Ok(CaseDetail::from(case_service::link(
            conn,
            &ctx,
            &reference,
            &body.reference,
            kind,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// `DELETE /api/v1/cases/{reference}/links/{other}`
#[utoipa::path(delete, path = "/api/v1/cases/{reference}/links/{other}", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12"), ("other" = String, Path, description = "The linked case's reference")), responses((status = 200, description = "Unlinked", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn unlink(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (this, other) = path.into_inner();
    let reference = reference(&this)?;
    let detail = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        Ok(CaseDetail::from(case_service::unlink(
            conn, &ctx, &reference, &other,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}
