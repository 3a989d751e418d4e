//! "My cases" / "All cases": sorted by the next deadline, tagged overdue or due soon, filtered
//! (by officer too, for managers) and searched. For managers each row has a tick box, and the
//! ticked cases can be allocated together (`bulk_allocation`).

use super::caseload_filter::ListQuery;
use super::forms::{DateParts, short_date};
use super::session::Staff;
use super::{AppState, Chrome, PageError, render, with_db};
use crate::domain::lifecycle::CaseStatus;
use crate::domain::urgency::urgency;
use crate::service::cases::{self, CaseListing};
use actix_web::{HttpResponse, web};
use serde::Serialize;

#[derive(Serialize)]
struct Row {
    reference: String,
    authority: String,
    regime: String,
    status: String,
    officer: String,
    next_deadline: String,
    next_deadline_name: String,
    tag: &'static str,
    tag_class: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    heading: &'static str,
    q: String,
    status: String,
    due: String,
    officer: String,
    statuses: Vec<(String, String)>,
    /// The officers to filter by and allocate to (managers only; empty for officers).
    officers: Vec<(String, String)>,
    manager: bool,
    hidden: Vec<(&'static str, String)>,
    described: Vec<String>,
    problems: Vec<String>,
    /// The filters as a query string (to come back to this list).
    query: String,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    today: DateParts,
    no_errors: super::forms::FormErrors,
    saved: Vec<super::saved_filters::SavedView>,
}

fn page_link(query: &str, page: i64) -> String {
    if query.is_empty() {
        format!("/cases?page={page}")
    } else {
        format!("/cases?{query}&page={page}")
    }
}

/// `GET /cases`: the signed-in officer's cases (every case for managers), next deadline first.
///
/// # Errors
/// Database failures.
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let today = state.clock.today();
    let (filter, problems) = query.filter(&state.calendars, today);
    let actor = staff.actor.clone();
    let manager = actor.sees_every_case();
    let st = state.clone();
    let (result, officers, saved) = with_db(&state, move |conn| {
        let ctx = st.context(&actor);
        let officers = if manager {
            cases::officers(conn)?
        } else {
            Vec::new()
        };
        let saved = crate::service::saved_filters::list(conn, &actor)?;
        Ok((cases::list(conn, &ctx, &filter)?, officers, saved))
    })
    .await?;
    let mut officers: Vec<(String, String)> = officers
        .into_iter()
        .map(|(id, name, _)| (id.to_string(), name))
        .collect();
    officers.sort_by(|a, b| crate::domain::natural::cmp(&a.1, &b.1));
    let rows = rows(&state, &result, &officers);
    let pages = ((result.total + result.per_page - 1) / result.per_page).max(1);
    let qs = query.query_string();
    let qs = qs.clone();
    let page = ListPage {
        heading: if manager { "All cases" } else { "My cases" },
        statuses: CaseStatus::ALL
            .iter()
            .map(|s| (s.slug().to_owned(), s.label().to_owned()))
            .collect(),
        officers,
        manager,
        hidden: query.hidden(),
        described: query.described(),
        problems,
        rows,
        total: result.total,
        page: result.page,
        pages,
        previous: (result.page > 1).then(|| page_link(&qs, result.page - 1)),
        next: (result.page < pages).then(|| page_link(&qs, result.page + 1)),
        query: qs,
        no_errors: super::forms::FormErrors::default(),
        q: query.q.clone(),
        status: query.status.clone(),
        due: query.due.clone(),
        officer: query.officer.clone(),
        today: DateParts::of(today),
        saved: saved.into_iter().map(Into::into).collect(),
    };
    render(
        "cases.html",
        &Chrome::for_staff(&staff, "cases").with_banner(query.done.as_deref()),
        &page,
    )
}

/// The page's rows: dates in words, the officer's name, the urgency tag.
fn rows(state: &AppState, result: &CaseListing, officers: &[(String, String)]) -> Vec<Row> {
    let today = state.clock.today();
    result
        .items
        .iter()
        .map(|c| {
            let u = urgency(&state.calendars, today, c.next_deadline);
            Row {
                reference: c.reference.clone(),
                authority: c.authority.clone(),
                regime: c.regime.label().to_owned(),
                status: c.status.label().to_owned(),
                officer: c
                    .officer_id
                    .and_then(|id| {
                        let id = id.to_string();
                        officers
                            .iter()
                            .find(|(o, _)| *o == id)
                            .map(|(_, n)| n.clone())
                    })
                    .unwrap_or_else(|| "Not allocated".to_owned()),
                next_deadline: c.next_deadline.map(short_date).unwrap_or_default(),
                next_deadline_name: c
                    .next_deadline_name
                    .map(|n| n.label().to_owned())
                    .unwrap_or_default(),
                tag: u.label(),
                tag_class: u.tag_class(),
            }
        })
        .collect()
}
