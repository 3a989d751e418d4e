//! The Appeals pages for the appeals team: every appeal with its next deadline (open ones
//! first), "responses due in the next 10 working days", filters by stage, status, officer and
//! authority ([`list`]); an appeal's page with its chain, parties, documents, deadlines with
//! "why this date" and outcome, the form that records its stages ([`record`]) and the form that
//! uploads a document ([`upload`]); and the form that records a new appeal from a case
//! ([`new`]). Every form is read into the API's JSON shape
//! and through the one parser.

mod correct;
mod new;
mod record;
mod upload;
mod view;

pub use correct::{correct, correct_form};
pub use new::{create, new_form};
pub use record::{record, show};
pub use upload::{PAGE_UPLOAD_LIMIT, upload};

use super::forms::{DateParts, FormErrors, long_date, parse_date};
use super::session::Staff;
use super::{AppState, Chrome, DoneQuery, PageError, render_with_status, with_db};
use crate::domain::appeal::AppealStatus;
use crate::domain::deadline::DeadlineName;
use crate::domain::tribunal::Stage;
use crate::service::appeals::{self as service, AppealFilter};
use crate::service::cases as case_service;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

pub(super) type Options = Vec<(String, String)>;

pub(super) fn options<T: Copy>(
    first: &str,
    all: &[T],
    slug: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Options {
    let mut v = vec![(String::new(), first.to_owned())];
    v.extend(
        all.iter()
            .map(|x| (slug(*x).to_owned(), label(*x).to_owned())),
    );
    v
}

/// `?stage=&status=&officer_id=&due_before_day=…` of the list.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    stage: String,
    /// Absent: open appeals; empty: any status.
    status: Option<String>,
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    authority_id: String,
    #[serde(default)]
    due_before_day: String,
    #[serde(default)]
    due_before_month: String,
    #[serde(default)]
    due_before_year: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    tribunal_reference: String,
    case_reference: String,
    authority: String,
    stage: &'static str,
    appellant: &'static str,
    status: &'static str,
    outcome: String,
    next_deadline: String,
    next_deadline_label: &'static str,
    /// "Overdue", "Due today" or empty.
    urgency: &'static str,
    /// The tag's colour for it.
    urgency_colour: &'static str,
}

/// How pressing a next deadline is on `today`: passed (the tribunal's 5pm of its last day has
/// gone by the next morning, GRC r12(1)), due today, or neither.
fn urgency(
    due: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> (&'static str, &'static str) {
    match due {
        Some(d) if d < today => ("Overdue", "red"),
        Some(d) if d == today => ("Due today", "orange"),
        _ => ("", ""),
    }
}

#[derive(Serialize)]
struct ListPage {
    query: ListQuery,
    status_selected: String,
    due_before: DateParts,
    rows: Vec<Row>,
    total: i64,
    responses_due: Vec<Row>,
    horizon: String,
    stages: Options,
    statuses: Options,
    officers: Options,
    errors: FormErrors,
}

fn rows(
    today: chrono::NaiveDate,
    items: &[(
        crate::domain::appeal::Appeal,
        crate::service::appeals::ListedAppeal,
    )],
) -> Vec<Row> {
    items
        .iter()
        .map(|(a, l)| {
            let (urgency, urgency_colour) = urgency(l.row.next_deadline, today);
            Row {
                urgency,
                urgency_colour,
                id: a.id,
                tribunal_reference: a.reference.as_str().to_owned(),
                case_reference: l.case_reference.clone(),
                authority: l.authority.clone(),
                stage: a.stage.label(),
                appellant: a.appellant.label(),
                status: a.status.label(),
                outcome: a.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
                next_deadline: l.row.next_deadline.map(long_date).unwrap_or_default(),
                next_deadline_label: l
                    .row
                    .next_deadline_name
                    .as_deref()
                    .and_then(DeadlineName::from_slug)
                    .map_or("", DeadlineName::label),
            }
        })
        .collect()
}

/// The list's filter from its query (open appeals unless a status is chosen), with the error
/// of a due-before date that is not a date.
fn filter_of(query: &ListQuery, due_before: &DateParts, errors: &mut FormErrors) -> AppealFilter {
    fn pick(text: &str) -> Option<&str> {
        (!text.is_empty()).then_some(text)
    }
    let mut filter = AppealFilter {
        stage: pick(&query.stage).and_then(|s| Stage::from_slug(s).ok()),
        status: match query.status.as_deref() {
            None => Some(AppealStatus::Open),
            Some(s) => pick(s).and_then(|s| AppealStatus::from_slug(s).ok()),
        },
        officer_id: query.officer_id.parse().ok(),
        authority_id: query.authority_id.parse().ok(),
        page: 1,
        per_page: 100,
        ..AppealFilter::default()
    };
    if !due_before.is_blank() {
        match parse_date("due before date", due_before) {
            Ok(d) => filter.due_before = Some(d),
            Err(m) => errors.add("due_before", m),
        }
    }
    filter
}

/// The open appeals whose next deadline is the Commissioner's response, due on or before
/// `horizon` (overdue ones included: they are the most pressing).
fn responses_due(horizon: chrono::NaiveDate) -> AppealFilter {
    AppealFilter {
        status: Some(AppealStatus::Open),
        next_deadline_name: Some(DeadlineName::CommissionerResponseDue),
        due_before: Some(horizon),
        page: 1,
        per_page: 100,
        ..AppealFilter::default()
    }
}

/// `GET /appeals`: the appeals, next deadline first; the Commissioner's responses due within 10
/// working days above them; overdue and due-today deadlines tagged.
///
/// # Errors
/// Database failures.
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let mut errors = FormErrors::default();
    let due_before = DateParts {
        day: query.due_before_day.clone(),
        month: query.due_before_month.clone(),
        year: query.due_before_year.clone(),
    };
    let filter = filter_of(&query, &due_before, &mut errors);
    let today = state.clock.today();
    // The tribunal's working days (rule 12): the calendar of the tribunal_calendar setting.
    let horizon = state
        .calendars
        .get(state.clock_settings.tribunal_calendar)
        .add_working_days(today, 10)
        .unwrap_or(today);
    let responses = responses_due(horizon);
    let (found, total, due, officers) = with_db(&state, move |conn| {
        let (found, total) = service::list(conn, &filter)?;
        let (due, _) = service::list(conn, &responses)?;
        let officers = case_service::officers(conn)?;
        Ok((found, total, due, officers))
    })
    .await?;
    let mut officer_options = vec![(String::new(), "Any officer".to_owned())];
    officer_options.extend(
        officers
            .into_iter()
            .map(|(id, name, _)| (id.to_string(), name)),
    );
    let page = ListPage {
        rows: rows(today, &found),
        total,
        responses_due: rows(today, &due),
        horizon: long_date(horizon),
        stages: options(
            "Any court or tribunal",
            Stage::ALL,
            Stage::slug,
            Stage::label,
        ),
        statuses: options(
            "Any status",
            AppealStatus::ALL,
            AppealStatus::slug,
            AppealStatus::label,
        ),
        officers: officer_options,
        status_selected: query.status.clone().unwrap_or_else(|| "open".to_owned()),
        query,
        due_before,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = Chrome::for_staff(&staff, "appeals").with_banner(done.done.as_deref());
    render_with_status(status, "appeals.html", &chrome, &page)
}

/// The appeals of a case, for the case page's short list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseAppeal {
    /// Its page.
    pub href: String,
    /// "EA/2024/0123 (First-tier Tribunal): Open".
    pub text: String,
}

/// The case page's list of appeals (a small part of that page: another module owns it).
///
/// # Errors
/// Database failures.
pub fn of_case(
    conn: &mut crate::db::AnyConnection,
    reference: &str,
) -> Result<Vec<CaseAppeal>, PageError> {
    Ok(service::of_case(conn, reference)?
        .into_iter()
        .map(|a| CaseAppeal {
            href: format!("/appeals/{}", a.id),
            text: format!(
                "{} ({}): {}{}",
                a.reference.as_str(),
                a.stage.label(),
                a.status.label(),
                a.outcome
                    .map(|o| format!(", {}", o.label().to_lowercase()))
                    .unwrap_or_default()
            ),
        })
        .collect())
}
