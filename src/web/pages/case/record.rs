//! The case record on the case page (the request's wording, the provisions cited, the
//! authority's reference, notes newest first, linked cases, the changes made since opening)
//! and the page that changes the record and the parties (`/cases/{reference}/record`).

use super::load;
use crate::domain::case::record::LinkKind;
use crate::domain::london::format_instant;
use crate::domain::parties::CaseReference;
use crate::service::cases::{self, ComplainantInput, RecordEdit, RecordInput};
use crate::web::api::case_record::RecordView;
use crate::web::pages::forms::{DateParts, FormErrors, capitalise, long_date};
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One line of a list on the case page: what, and who and when in words.
#[derive(Serialize)]
pub(super) struct Line {
    what: String,
    text: String,
    by: String,
    /// The other case's reference (links only).
    reference: String,
}

/// The record as the case page shows it, with the note and link forms as typed.
#[derive(Serialize, Default)]
pub(super) struct FileView {
    request_wording: String,
    exemptions_cited: String,
    authority_reference: String,
    notes: Vec<Line>,
    links: Vec<Line>,
    changes: Vec<Line>,
    link_kinds: Vec<(String, String)>,
    /// The note form: its date (today unless changed) and text.
    pub(super) note_date: DateParts,
    pub(super) note_text: String,
    /// The link form: the other case's reference and the kind.
    pub(super) link_reference: String,
    pub(super) link_kind: String,
}

/// An empty value in words.
fn shown(text: &str) -> String {
    if text.trim().is_empty() {
        "(none)".to_owned()
    } else {
        text.to_owned()
    }
}

/// The record for the case page, the forms empty (the note dated today).
pub(super) fn file_view(r: &RecordView, today: NaiveDate) -> FileView {
    let at = format_instant;
    FileView {
        request_wording: r.request_wording.clone(),
        exemptions_cited: capitalise(&r.exemptions_cited_words),
        authority_reference: r.authority_reference.clone(),
        notes: r
            .notes
            .iter()
            .map(|n| Line {
                what: long_date(n.date),
                text: n.text.clone(),
                by: format!("{}, written {}", n.by, at(n.written_at)),
                reference: String::new(),
            })
            .collect(),
        links: r
            .links
            .iter()
            .map(|l| Line {
                what: l.kind_label.clone(),
                text: format!("{} ({})", l.reference, l.authority),
                by: format!("Linked by {} on {}", l.by, at(l.linked_at)),
                reference: l.reference.clone(),
            })
            .collect(),
        changes: r
            .changes
            .iter()
            .map(|c| Line {
                what: c.label.clone(),
                text: format!("{} → {}", shown(&c.old), shown(&c.new)),
                by: format!("Changed by {} on {}", c.by, at(c.at)),
                reference: String::new(),
            })
            .collect(),
        link_kinds: std::iter::once((String::new(), "Choose how they are linked".to_owned()))
            .chain(
                LinkKind::ALL
                    .iter()
                    .map(|k| (k.slug().to_owned(), k.label().to_owned())),
            )
            .collect(),
        note_date: DateParts::of(today),
        ..FileView::default()
    }
}

/// The record's fields of the new-case form, as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewRecordFields {
    #[serde(default)]
    request_wording: String,
    #[serde(default)]
    exemptions_cited: String,
    #[serde(default)]
    authority_reference: String,
}

impl NewRecordFields {
    /// Reads the fields, each problem beside its field.
    pub fn parse(&self, errors: &mut FormErrors) -> Option<RecordInput> {
        RecordInput::parse(
            &self.request_wording,
            &self.exemptions_cited,
            &self.authority_reference,
        )
        .map_err(|refused| {
            for e in refused {
                errors.add(e.field, capitalise(&e.message));
            }
        })
        .ok()
    }
}

/// The record and parties form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct RecordForm {
    #[serde(default)]
    request_wording: String,
    #[serde(default)]
    exemptions_cited: String,
    #[serde(default)]
    authority_reference: String,
    /// The authority's full name.
    #[serde(default)]
    authority: String,
    #[serde(default)]
    complainant_name: String,
    #[serde(default)]
    complainant_email: String,
    #[serde(default)]
    complainant_address: String,
}

#[derive(Serialize)]
struct EditPage {
    reference: String,
    form: RecordForm,
    errors: FormErrors,
}

fn edit_page(
    status: StatusCode,
    staff: &Staff,
    reference: &CaseReference,
    form: RecordForm,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let page = EditPage {
        reference: reference.as_str().to_owned(),
        form,
        errors,
    };
    render_with_status(
        status,
        "case_record.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `GET /cases/{reference}/record`: the record and the parties, to change (a colleague who
/// may not change the case is sent back to it, where they are told so).
///
/// # Errors
/// Not found; database failures.
pub async fn edit_form(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    let loaded = load(&state, &staff, reference.clone()).await?;
    if !loaded.may_change {
        return Ok(see_other(&format!("/cases/{reference}")));
    }
    let d = &loaded.detail;
    let form = RecordForm {
        request_wording: d.record.request_wording.clone(),
        exemptions_cited: d.record.exemptions_cited.join(", "),
        authority_reference: d.record.authority_reference.clone(),
        authority: d.authority.formal_name.clone(),
        complainant_name: d.complainant.name.clone(),
        complainant_email: d.complainant.email.clone().unwrap_or_default(),
        complainant_address: d.complainant.postal_address.clone(),
    };
    edit_page(
        StatusCode::OK,
        &staff,
        &reference,
        form,
        FormErrors::default(),
    )
}

/// Reads the form into an edit, each problem beside its field.
fn parse_form(form: &RecordForm, errors: &mut FormErrors) -> Option<RecordEdit> {
    let record = RecordEdit::of_record(
        Some(&form.request_wording),
        Some(&form.exemptions_cited),
        Some(&form.authority_reference),
    );
    let complainant = ComplainantInput::parse(
        &form.complainant_name,
        &form.complainant_email,
        &form.complainant_address,
    );
    let refused = record.as_ref().err().into_iter().flatten();
    for e in refused.chain(complainant.as_ref().err().into_iter().flatten()) {
        errors.add(e.field, capitalise(&e.message));
    }
    if form.authority.trim().is_empty() {
        errors.add("authority", "Enter the public authority's full name");
    }
    let (Ok(mut edit), Ok(complainant)) = (record, complainant) else {
        return None;
    };
    edit.complainant = Some(complainant);
    Some(edit)
}

/// `POST /cases/{reference}/record`: changes the record and the parties in one transaction
/// (each changed field is listed on the case page with who, when, old → new).
///
/// # Errors
/// Forbidden for a colleague who may not change the case; not found; database failures.
pub async fn save(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<RecordForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(mut edit) = parse_form(&form, &mut errors) else {
        return edit_page(unprocessable, &staff, &reference, form, errors);
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let name = form.authority.clone();
    let result = with_db(&state, move |conn| {
        let found = crate::db::authorities::by_formal_name(conn, &name)
            .map_err(crate::service::ServiceError::from)?;
        let Some(authority) = found.first() else {
            return Ok(Err(format!(
                "There is no public authority named \"{}\": type its full name as the \
                 Authorities page shows it",
                name.trim()
            )));
        };
        edit.authority_id = Some(authority.id);
        Ok(match cases::edit(conn, &st.context(&actor), &r, &edit) {
            Ok(_) => Ok(()),
            Err(e) => Err(refusal(e)?),
        })
    })
    .await?;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/cases/{reference}?done=record_changed"
        ))),
        Err(message) => {
            errors.add("authority", message);
            edit_page(unprocessable, &staff, &reference, form, errors)
        }
    }
}
