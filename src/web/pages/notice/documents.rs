//! The notice as documents: the PDF (draft watermark, issued copy, party copy), the parties'
//! private download links, the comparison of two versions, and the managers' queue of notices
//! awaiting approval.

use crate::service::notices::{self};
use crate::web::pages::session::Staff;
use crate::web::pages::{AppState, Chrome, PageError, case_reference, render, with_db};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Which copy of the PDF (`?copy=party` adds the complainant's details).
#[derive(Deserialize)]
pub struct PdfQuery {
    #[serde(default)]
    copy: String,
}

/// `GET /cases/{reference}/notice.pdf`: the draft with its watermark, or the frozen issued PDF;
/// `?copy=party` adds the complainant's details (never stored).
///
/// # Errors
/// Not found, or a notice that cannot be typeset yet (a missing label), as a page.
pub async fn pdf(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<PdfQuery>,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    let party = query.copy == "party";
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    // The render slot first, then the connection: waiting to be typeset holds no connection.
    let permit = web::block(notices::render_permit).await??;
    let bytes = with_db(&state, move |conn| {
        Ok(notices::pdf(conn, &st.context(&actor), &r, party, &permit)?)
    })
    .await?;
    let name = format!(
        "{reference}-decision-notice{}.pdf",
        if party { "-party-copy" } else { "" }
    );
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{name}\""),
        ))
        .body(bytes))
}

/// The two versions to compare.
#[derive(Deserialize)]
pub struct DiffQuery {
    from: Option<i32>,
    to: Option<i32>,
}

#[derive(Serialize)]
struct DiffPage {
    reference: String,
    from: i32,
    to: i32,
    lines: Vec<crate::domain::notice::DiffLine>,
}

/// `GET /cases/{reference}/notice/diff?from=N&to=M`.
///
/// # Errors
/// Not found, or a version that does not exist.
pub async fn diff(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    let (Some(from), Some(to)) = (query.from, query.to) else {
        return Err(PageError::BadRequest(
            "Choose two versions to compare.".to_owned(),
        ));
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let lines = with_db(&state, move |conn| {
        Ok(notices::compare(conn, &st.context(&actor), &r, from, to)?)
    })
    .await?;
    render(
        "notice_diff.html",
        &Chrome::for_staff(&staff, "cases"),
        &DiffPage {
            reference: reference.to_string(),
            from,
            to,
            lines,
        },
    )
}

/// `GET /notices/{token}`: the PDF a party's private link gives (no sign-in: the link is the
/// secret; only its hash is stored).
///
/// # Errors
/// Not found for an unknown link.
pub async fn download(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = path.into_inner();
    let today = state.clock.today();
    let (reference, bytes) = with_db(&state, move |conn| {
        Ok(notices::download(conn, &token, today)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{reference}-decision-notice.pdf\""),
        ))
        .body(bytes))
}

#[derive(Serialize)]
struct ApprovalRow {
    reference: String,
    authority: String,
    version: i32,
    by: String,
    at: String,
    /// "3 days", "Submitted today".
    waited: String,
}

/// How long a notice submitted at `at` (UTC) has waited, in whole days of UK time.
fn waited(at: chrono::NaiveDateTime, today: chrono::NaiveDate) -> String {
    let days = (today - crate::domain::london::london_date(at.and_utc())).num_days();
    match days {
        ..=0 => "Since today".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

#[derive(Serialize)]
struct ApprovalsPage {
    rows: Vec<ApprovalRow>,
}

/// `GET /approvals`: the managers' queue of notices awaiting approval.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn approvals(
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let actor = staff.actor.clone();
    let waiting = with_db(&state, move |conn| {
        Ok(notices::awaiting_approval(conn, &actor)?)
    })
    .await?;
    let today = state.clock.today();
    let rows = waiting
        .into_iter()
        .map(|w| ApprovalRow {
            reference: w.reference,
            authority: w.authority,
            version: w.version,
            by: w.submitted_by.unwrap_or_default(),
            at: crate::domain::london::format_instant(w.submitted_at),
            waited: waited(w.submitted_at, today),
        })
        .collect();
    render(
        "approvals.html",
        &Chrome::for_staff(&staff, "approvals"),
        &ApprovalsPage { rows },
    )
}
