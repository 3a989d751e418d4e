//! Saved filters on the case list: name the filters in use, come back to them from the list,
//! delete one (confirmed on a page of its own, as it cannot be undone).

use super::forms::{FormErrors, capitalise};
use super::session::{Posted, Staff};
use super::{AppState, Chrome, PageError, render, render_with_status, see_other, with_db};
use crate::service::ServiceError;
use crate::service::saved_filters::{self, SavedFilter};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// A saved filter as the list shows it.
#[derive(Serialize, Debug, Clone)]
pub struct SavedView {
    name: String,
    href: String,
    delete_href: String,
}

impl From<SavedFilter> for SavedView {
    fn from((id, name, query): SavedFilter) -> Self {
        SavedView {
            name,
            href: if query.is_empty() {
                "/cases".to_owned()
            } else {
                format!("/cases?{query}")
            },
            delete_href: format!("/cases/filters/{id}/delete"),
        }
    }
}

/// The form that saves the list's filters.
#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    name: String,
    /// The list's query string (as `caseload_filter::ListQuery::query_string` wrote it).
    #[serde(default)]
    query: String,
}

#[derive(Serialize)]
struct SavePage {
    name: String,
    query: String,
    back: String,
    errors: FormErrors,
}

/// Only the list's own filters are kept: a query string of plain `key=value` pairs.
fn plain_query(query: &str) -> bool {
    query.len() <= 2000
        && query
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=&%-_.~/+".contains(&b))
}

/// `POST /cases/filters`: saves the filters under the name given, then shows them.
///
/// # Errors
/// Database failures.
pub async fn save(
    state: web::Data<AppState>,
    posted: Posted<SaveForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    if !plain_query(&form.query) {
        return Err(PageError::BadRequest(
            "These filters could not be read: go back to the list and try again.".to_owned(),
        ));
    }
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let (name, query) = (form.name.clone(), form.query.clone());
    let saved = with_db(&state, move |conn| {
        Ok(saved_filters::save(conn, &actor, now, &name, &query))
    })
    .await?;
    let back = if form.query.is_empty() {
        "/cases?done=filter_saved".to_owned()
    } else {
        format!("/cases?{}&done=filter_saved", form.query)
    };
    match saved {
        Ok(()) => Ok(see_other(&back)),
        Err(ServiceError::Invalid { message, .. }) => {
            let mut errors = FormErrors::default();
            errors.add("name", capitalise(&message));
            render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "saved_filter.html",
                &Chrome::for_staff(&staff, "cases"),
                &SavePage {
                    name: form.name,
                    back: format!("/cases?{}", form.query),
                    query: form.query,
                    errors,
                },
            )
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Serialize)]
struct DeletePage {
    filter: SavedView,
    action: String,
}

/// `GET /cases/filters/{id}/delete`: asks before deleting.
///
/// # Errors
/// Not found (also another person's filter); database failures.
pub async fn confirm_delete(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let actor = staff.actor.clone();
    let found = with_db(&state, move |conn| {
        Ok(saved_filters::get(conn, &actor, id)?)
    })
    .await?;
    render(
        "saved_filter_delete.html",
        &Chrome::for_staff(&staff, "cases"),
        &DeletePage {
            filter: found.into(),
            action: format!("/cases/filters/{id}/delete"),
        },
    )
}

/// `POST /cases/filters/{id}/delete`.
///
/// # Errors
/// Not found (also another person's filter); database failures.
pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<super::DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let actor = posted.staff.actor.clone();
    with_db(&state, move |conn| {
        Ok(saved_filters::delete(conn, &actor, id)?)
    })
    .await?;
    Ok(see_other("/cases?done=filter_deleted"))
}
