//! The statistics dashboard for managers: authority timeliness (with 95% intervals, "too few to
//! rate", the monitoring list), lateness, internal reviews, the regulator's own stages and open
//! caseload, outcomes and officer workload, for any date range and dimension. Charts are the
//! server's SVG; every table links to its CSV and JSON export in the API (which accepts the
//! browser session for reading).

use super::forms::{DateParts, FormErrors, parse_date};
use super::session::Staff;
use super::{AppState, Chrome, PageError, render_with_status, with_db};
use crate::domain::stats::{DEFAULT_MINIMUM_GROUP, MONITORING_THRESHOLD, Proportion};
use crate::service::stats::{self, GroupBy, Query};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Share {
    pct: String,
    interval: String,
    count: i64,
    total: i64,
}

fn share(p: &Proportion) -> Share {
    Share {
        pct: if p.total == 0 {
            "–".to_owned()
        } else {
            format!("{:.1}%", p.share * 100.0)
        },
        interval: if p.total == 0 {
            String::new()
        } else {
            format!("{:.1}–{:.1}%", p.low * 100.0, p.high * 100.0)
        },
        count: p.count,
        total: p.total,
    }
}

fn days(v: Option<i64>) -> String {
    v.map_or_else(|| "–".to_owned(), |d| d.to_string())
}

#[derive(Serialize)]
struct TimelinessRow {
    label: String,
    requests: i64,
    unanswered: i64,
    in_time: Share,
    within_20: Share,
    median: String,
    p90: String,
    rated: bool,
}

fn timeliness_rows(groups: &[stats::TimelinessGroup]) -> Vec<TimelinessRow> {
    groups
        .iter()
        .map(|g| TimelinessRow {
            label: g.label.clone(),
            requests: g.requests,
            unanswered: g.unanswered,
            in_time: share(&g.in_time),
            within_20: share(&g.within_20),
            median: days(g.median_working_days),
            p90: days(g.p90_working_days),
            rated: g.rated,
        })
        .collect()
}

#[derive(Serialize)]
struct Dashboard {
    from: DateParts,
    to: DateParts,
    by: String,
    dimensions: Vec<(String, String)>,
    query: String,
    threshold: String,
    minimum: i64,
    monitoring: Vec<TimelinessRow>,
    timeliness: Vec<TimelinessRow>,
    lateness: Vec<(String, i64)>,
    reviews_requested: i64,
    reviews_completed: i64,
    reviews_within_20: Share,
    reviews_within_40: Share,
    reviews_median: String,
    complaints: i64,
    to_allocation: String,
    to_decision: String,
    closed_within: Vec<(i64, Share)>,
    open_by_age: Vec<(String, i64)>,
    outcomes: Vec<(String, String, i64)>,
    appeal_rate: Share,
    steps_on_time: Share,
    workload: Vec<(String, i64, i64)>,
    errors: FormErrors,
}

const DIMENSIONS: [(GroupBy, &str); 6] = [
    (GroupBy::Authority, "Public authority"),
    (GroupBy::Sector, "Sector"),
    (GroupBy::Regime, "Law"),
    (GroupBy::Officer, "Case officer"),
    (GroupBy::Month, "Month of receipt"),
    (GroupBy::Quarter, "Quarter of receipt"),
];

fn parts(query: &HashMap<String, String>, prefix: &str) -> DateParts {
    let get = |s: &str| {
        query
            .get(&format!("{prefix}_{s}"))
            .cloned()
            .unwrap_or_default()
    };
    DateParts {
        day: get("day"),
        month: get("month"),
        year: get("year"),
    }
}

/// `GET /stats`: the dashboard (managers and admins).
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let today = state.clock.today();
    let mut errors = FormErrors::default();
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let read = |name: &str, label: &str, default: NaiveDate, errors: &mut FormErrors| {
        let p = parts(&query, name);
        if p.is_blank() {
            (default, DateParts::of(default))
        } else {
            match parse_date(label, &p) {
                Ok(d) => (d, p),
                Err(m) => {
                    errors.add(name, m);
                    (default, p)
                }
            }
        }
    };
    let (from, from_parts) = read("from", "start date", year_ago, &mut errors);
    let (mut to, to_parts) = read("to", "end date", today, &mut errors);
    if to < from {
        errors.add(
            "to",
            "The end date must be the same as or after the start date",
        );
        to = from;
    }
    let by = query
        .get("by")
        .and_then(|b| GroupBy::from_slug(b).ok())
        .unwrap_or(GroupBy::Authority);
    let q = Query {
        from,
        to,
        by,
        minimum: DEFAULT_MINIMUM_GROUP,
    };
    let data = with_db(&state, move |conn| {
        Ok((
            stats::monitoring(conn, from, to, q.minimum)?,
            stats::timeliness(conn, &q)?,
            stats::lateness(conn, from, to)?,
            stats::reviews(conn, from, to)?,
            stats::stages(conn, from, to, today)?,
            stats::outcomes(conn, from, to)?,
            stats::appeal_rate(conn, from, to)?,
            stats::steps_on_time(conn, from, to, today)?,
            stats::workload(conn, from, to)?,
        ))
    })
    .await?;
    let (monitoring, timeliness, lateness, reviews, stages, outcomes, appeals, steps, workload) =
        data;
    let page = Dashboard {
        from: from_parts,
        to: to_parts,
        by: by.slug().to_owned(),
        dimensions: DIMENSIONS
            .iter()
            .map(|(g, l)| (g.slug().to_owned(), (*l).to_owned()))
            .collect(),
        query: format!("from={from}&to={to}&by={}", by.slug()),
        threshold: format!("{:.0}%", MONITORING_THRESHOLD * 100.0),
        minimum: q.minimum,
        monitoring: timeliness_rows(&monitoring),
        timeliness: timeliness_rows(&timeliness),
        lateness: lateness.iter().map(|b| (b.band.clone(), b.count)).collect(),
        reviews_requested: reviews.requested,
        reviews_completed: reviews.completed,
        reviews_within_20: share(&reviews.within_20),
        reviews_within_40: share(&reviews.within_40),
        reviews_median: days(reviews.median_working_days),
        complaints: stages.complaints,
        to_allocation: days(stages.median_days_to_allocation),
        to_decision: days(stages.median_days_to_decision),
        closed_within: stages
            .closed_within
            .iter()
            .map(|(d, p)| (*d, share(p)))
            .collect(),
        open_by_age: stages
            .open_by_age
            .iter()
            .map(|b| (b.band.clone(), b.count))
            .collect(),
        outcomes: outcomes
            .iter()
            .map(|o| (o.provision.clone(), o.outcome.replace('_', " "), o.notices))
            .collect(),
        appeal_rate: share(&appeals),
        steps_on_time: share(&steps),
        workload: workload
            .iter()
            .map(|w| (w.officer.clone(), w.open, w.decided))
            .collect(),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with_status(
        status,
        "dashboard.html",
        &Chrome::for_staff(&staff, "stats"),
        &page,
    )
}
