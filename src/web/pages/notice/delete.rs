//! Deleting a paragraph or sub-heading of a draft notice, on a page of its own (issue 14). The
//! editor's "Delete" button saves every word typed and comes here; this page shows the text
//! that will go, and only its own form (with the version the text was read at) deletes it.

use super::{BlockView, load, sections};
use crate::domain::notice::edit::{self as notice_edit, Edit, Place};
use crate::service::{ServiceError, notices};
use crate::web::pages::forms::FormErrors;
use crate::web::pages::session::{Posted, Staff};
use crate::web::pages::{
    AppState, Chrome, PageError, case_reference, refusal, render_with_status, see_other, with_db,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Which block: `?block=` / the form's `block`, "{section}-{block}" as in the editor's fields.
#[derive(Deserialize)]
pub struct BlockQuery {
    #[serde(default)]
    block: String,
}

/// The confirmation form.
#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    block: String,
    /// The version the text shown was read at.
    #[serde(default)]
    version: i32,
}

#[derive(Serialize)]
struct DeletePage {
    reference: String,
    version: i32,
    block: BlockView,
    /// "Paragraph 12" or "Sub-heading".
    what: String,
    section: &'static str,
    errors: FormErrors,
}

/// The editor's block key read back into a place in the notice.
pub(super) fn place(key: &str) -> Option<Place> {
    let (s, b) = key.split_once('-')?;
    Some(Place {
        section: s.parse().ok()?,
        block: b.parse().ok()?,
    })
}

async fn page(
    state: &web::Data<AppState>,
    staff: &Staff,
    path: &str,
    key: &str,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(path)?;
    let loaded = load(state, staff, reference.clone()).await?;
    if !loaded.may_change {
        return Err(PageError::Forbidden(
            "You cannot change this case: only its officer and the managers can.".to_owned(),
        ));
    }
    let view = loaded.view.ok_or(PageError::NotFound)?;
    let (views, _) = sections(&view.notice, None);
    let found = views.into_iter().find_map(|s| {
        let heading = s.heading;
        s.blocks
            .into_iter()
            .find(|b| b.key == key)
            .map(|b| (heading, b))
    });
    let Some((section, block)) = found else {
        return Err(PageError::Conflict(
            "That paragraph is no longer in the notice: open the notice again.".to_owned(),
        ));
    };
    let what = if block.subheading {
        "Sub-heading".to_owned()
    } else if block.number.is_empty() {
        "Unnumbered paragraph".to_owned()
    } else {
        format!("Paragraph {}", block.number)
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    render_with_status(
        status,
        "notice_delete.html",
        &Chrome::for_staff(staff, "cases"),
        &DeletePage {
            reference: reference.to_string(),
            version: view.version,
            block,
            what,
            section,
            errors,
        },
    )
}

/// `GET /cases/{reference}/notice/delete?block=S-B`: the paragraph that will be deleted.
///
/// # Errors
/// Not found; forbidden for someone who may not change the case; conflict when the paragraph
/// is gone.
pub async fn confirm_delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<BlockQuery>,
) -> Result<HttpResponse, PageError> {
    page(&state, &staff, &path, &query.block, FormErrors::default()).await
}

/// `POST /cases/{reference}/notice/delete`: deletes the block, saving a new version; refused
/// when someone saved the notice since the page was opened.
///
/// # Errors
/// Bad request for an unreadable block; forbidden; not found; database failures.
pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<DeleteForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let at = place(&form.block)
        .ok_or_else(|| PageError::BadRequest("Unknown paragraph of the notice.".to_owned()))?;
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let version = form.version;
    let result = with_db(&state, move |conn| {
        Ok(notices::edit(conn, &st.context(&actor), &r, version, |n| {
            notice_edit::apply(n, Edit::Delete(at)).map_err(|e| ServiceError::invalid("edit", e.0))
        }))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}/notice?done=paragraph_deleted#section-{}",
            at.section
        ))),
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add("confirm-delete", refusal(e)?);
            page(&state, &staff, &path, &form.block, errors).await
        }
    }
}
