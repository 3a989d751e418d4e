//! Uploading a document from the appeal's page (issue 18): its kind, the dates it was sent and
//! received, whether it is closed material (GRC rule 14) and the file, posted as
//! `multipart/form-data` to a route with its own body limit (20 MB for the file and a margin
//! for the fields). The CSRF token is checked as on every page form; the permission (managers
//! and the case's officer) is the service's, checked on the post. A refusal (no file, a type not
//! accepted, over 20 MB, a date that is not a date) is shown in the error summary above the form,
//! which keeps every other field as typed (a browser never refills a file input).

use super::super::forms::{DateParts, FormErrors, parse_date};
use super::super::session::{MAX_FORM_BYTES, Staff, check_csrf_token};
use super::super::{AppState, PageError, refusal, see_other, with_db};
use super::record::show_appeal;
use super::view::Typed;
use crate::domain::appeal::documents::{self, DocumentKind, MAX_BYTES};
use crate::service::appeals::{self as service, UploadMeta};
use crate::web::multipart::{self, MultipartError, Part};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

/// The upload route's body limit: the largest file and a margin for the form's other fields.
pub const PAGE_UPLOAD_LIMIT: usize = MAX_BYTES + MAX_FORM_BYTES;

/// How much of a body over the limit is still read (and thrown away) so that the browser sees
/// the page's answer: a server that stops reading in the middle of an upload resets the
/// connection, and the browser shows an error of its own instead of the form.
const DRAIN_LIMIT: usize = 10 * MAX_BYTES;

/// The upload form as typed (the file apart).
#[derive(Serialize, Default, Clone, Debug)]
pub struct UploadForm {
    /// The document's kind (a [`DocumentKind`] slug).
    pub document_kind: String,
    /// The date it was sent.
    pub sent: DateParts,
    /// The date it was received.
    pub received: DateParts,
    /// Closed material (rule 14).
    pub closed: bool,
}

/// The body as read: its bytes (at most [`PAGE_UPLOAD_LIMIT`]) and whether more was sent.
async fn read_body(mut payload: web::Payload) -> Result<(Vec<u8>, bool), PageError> {
    use futures_util::StreamExt as _;
    let mut body = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| PageError::BadRequest("The upload did not arrive whole.".to_owned()))?;
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return Err(PageError::BadRequest(
                "The file is far larger than 20 MB: upload a smaller copy.".to_owned(),
            ));
        }
        let room = PAGE_UPLOAD_LIMIT.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok((body, seen > PAGE_UPLOAD_LIMIT))
}

fn field(parts: &[Part<'_>], name: &str) -> String {
    parts
        .iter()
        .find(|p| p.name == name)
        .map(Part::text)
        .unwrap_or_default()
}

fn date_parts(parts: &[Part<'_>], name: &str) -> DateParts {
    DateParts {
        day: field(parts, &format!("{name}_day")),
        month: field(parts, &format!("{name}_month")),
        year: field(parts, &format!("{name}_year")),
    }
}

/// The form's fields from its parts.
fn form_of(parts: &[Part<'_>]) -> UploadForm {
    UploadForm {
        document_kind: field(parts, "document_kind"),
        sent: date_parts(parts, "sent"),
        received: date_parts(parts, "received"),
        closed: !field(parts, "closed").is_empty(),
    }
}

fn optional_date(
    label: &str,
    field: &str,
    parts: &DateParts,
    errors: &mut FormErrors,
) -> Option<chrono::NaiveDate> {
    if parts.is_blank() {
        return None;
    }
    parse_date(label, parts)
        .map_err(|m| errors.add(field, m))
        .ok()
}

/// The upload's metadata and file, or the form's errors (in the order of the form).
fn check_upload<'a>(
    form: &UploadForm,
    file: Option<&Part<'a>>,
    too_large: bool,
    errors: &mut FormErrors,
) -> Option<(UploadMeta, &'a [u8])> {
    let kind = DocumentKind::from_slug(&form.document_kind)
        .map_err(|_| errors.add("document_kind", "Select what the document is"))
        .ok();
    let sent_on = optional_date("date sent", "sent", &form.sent, errors);
    let received_on = optional_date("date received", "received", &form.received, errors);
    let file = file.filter(|f| !f.data.is_empty() || f.file_name().is_some_and(|n| !n.is_empty()));
    let checked = match (file, too_large) {
        (_, true) => Err("The file is larger than 20 MB: upload a smaller copy".to_owned()),
        (None, false) => Err("Select the document to upload".to_owned()),
        (Some(f), false) => documents::check(f.data, f.file_name().unwrap_or_default()),
    };
    if let Err(m) = &checked {
        errors.add("file", m.as_str());
    }
    let (Some(kind), Ok(_), Some(file)) = (kind, checked, file) else {
        return None;
    };
    if !errors.is_empty() {
        return None;
    }
    Some((
        UploadMeta {
            kind,
            filename: file.file_name().unwrap_or_default().to_owned(),
            sent_on,
            received_on,
            closed: form.closed,
        },
        file.data,
    ))
}

/// `POST /appeals/{id}/documents` (`multipart/form-data`): stores the document and goes back to
/// the appeal's documents; a refusal is shown above the form, which keeps what was typed.
///
/// # Errors
/// Not signed in; a missing or wrong CSRF token or a body that is not a whole form (400); not
/// the case's officer or a manager (403); not found; database failures.
pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<i64>,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let (body, too_large) = read_body(payload).await?;
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let unreadable =
        |e: MultipartError| PageError::BadRequest(format!("The form could not be read: {e}."));
    let boundary = multipart::boundary(content_type).map_err(unreadable)?;
    let parsed = multipart::parse_parts(&body, &boundary);
    // Over the limit the body is cut off: the fields before the file are still read.
    if let (Some(e), false) = (parsed.error.clone(), too_large) {
        return Err(unreadable(e));
    }
    check_csrf_token(&field(&parsed.parts, "csrf_token"), &staff.csrf_token)?;
    let form = form_of(&parsed.parts);
    let file = parsed.parts.iter().find(|p| p.name == "file");
    let mut errors = FormErrors::default();
    let Some((meta, bytes)) = check_upload(&form, file, too_large, &mut errors) else {
        return show_appeal(state, &staff, id, Typed::upload(form, errors), None).await;
    };
    let bytes = bytes.to_vec();
    let st = state.clone();
    let actor = staff.actor.clone();
    let result = with_db(&state, move |conn| {
        Ok(service::upload(
            conn,
            &st.context(&actor),
            id,
            &meta,
            &bytes,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/appeals/{id}?done=document_uploaded#documents"
        ))),
        Err(e) => {
            errors.add("file", refusal(e)?);
            show_appeal(state, &staff, id, Typed::upload(form, errors), None).await
        }
    }
}
