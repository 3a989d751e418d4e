//! The statistics dashboard for managers, in four views so that each answers within its budget
//! on millions of requests: timeliness (by any dimension, with 95% intervals, "too few to
//! rate" and the monitoring list), lateness and internal reviews, the regulator's own stages
//! with its open caseload and officer workload, decisions, and appeals (`appeal_stats`). Every view takes any date range.
//! Charts are the server's SVG; every table links to its CSV and JSON export in the API (which
//! accepts the browser session for reading).

use super::caseload_filter::FigureLink;
use super::forms::{DateParts, FormErrors, parse_date};
use super::session::Staff;
use super::{AppState, Chrome, PageError, render_with_status, with_db};
use crate::db::caseload::ResponseFilter;
use crate::domain::stats::{DEFAULT_MINIMUM_GROUP, MONITORING_THRESHOLD, Proportion};
use crate::service::Actor;
use crate::service::stats::{self, GroupBy, Query};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

/// A proportion as the page shows it.
#[derive(Serialize, Default)]
pub(super) struct Share {
    pct: String,
    interval: String,
    pub(super) count: i64,
    total: i64,
}

pub(super) fn share(p: &Proportion) -> Share {
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

pub(super) fn days(v: Option<i64>) -> String {
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
    /// The case list of each figure: the requests counted, not answered, answered in time and
    /// within 20 working days.
    requests_href: String,
    unanswered_href: String,
    in_time_href: String,
    within_20_href: String,
}

/// The link to the requests of one timeliness group received from `from` to `to`: the group's
/// filter, and for a month or quarter the range narrowed to it (the key is `db::dialect::row_key`'s).
fn group_link(
    by: GroupBy,
    key: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> (FigureLink, NaiveDate, NaiveDate) {
    let link = FigureLink::all();
    let period = |first: Option<NaiveDate>, months: u32| {
        first
            .and_then(|f| Some((f, f.checked_add_months(Months::new(months))?.pred_opt()?)))
            .map_or((from, to), |(f, l)| (f.max(from), l.min(to)))
    };
    match by {
        GroupBy::Authority => (link.with("authority", key), from, to),
        GroupBy::Sector => (link.with("sector", key), from, to),
        GroupBy::Regime => (link.with("regime", key), from, to),
        GroupBy::Officer => (link.officer(key.parse().ok()), from, to),
        GroupBy::Month => {
            let first = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").ok();
            let (f, t) = period(first, 1);
            (link, f, t)
        }
        GroupBy::Quarter => {
            let first = key.split_once("-Q").and_then(|(y, q)| {
                let q: u32 = q.parse().ok()?;
                NaiveDate::from_ymd_opt(y.parse().ok()?, q.checked_sub(1)? * 3 + 1, 1)
            });
            let (f, t) = period(first, 3);
            (link, f, t)
        }
    }
}

fn timeliness_rows(groups: &[stats::TimelinessGroup], q: &Query) -> Vec<TimelinessRow> {
    groups
        .iter()
        .map(|g| {
            let (link, from, to) = group_link(q.by, &g.key, q.from, q.to);
            let href = |r: ResponseFilter| link.clone().requests(r, from, to).href();
            TimelinessRow {
                label: g.label.clone(),
                requests: g.requests,
                unanswered: g.unanswered,
                in_time: share(&g.in_time),
                within_20: share(&g.within_20),
                median: days(g.median_working_days),
                p90: days(g.p90_working_days),
                rated: g.rated,
                requests_href: href(ResponseFilter::Counted),
                unanswered_href: href(ResponseFilter::Unanswered),
                in_time_href: href(ResponseFilter::InTime),
                within_20_href: href(ResponseFilter::Within20),
            }
        })
        .collect()
}

/// The dashboard's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Timeliness,
    Lateness,
    Stages,
    Outcomes,
    Appeals,
}

impl View {
    const ALL: [View; 5] = [
        View::Timeliness,
        View::Lateness,
        View::Stages,
        View::Outcomes,
        View::Appeals,
    ];

    fn slug(self) -> &'static str {
        match self {
            View::Timeliness => "timeliness",
            View::Lateness => "lateness",
            View::Stages => "stages",
            View::Outcomes => "outcomes",
            View::Appeals => "appeals",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::Timeliness => "Authorities' timeliness",
            View::Lateness => "Lateness and reviews",
            View::Stages => "Our handling and caseload",
            View::Outcomes => "Decisions",
            View::Appeals => "Appeals",
        }
    }
}

#[derive(Serialize)]
struct Tab {
    slug: &'static str,
    label: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize, Default)]
struct Dashboard {
    view: &'static str,
    tabs: Vec<Tab>,
    from: DateParts,
    to: DateParts,
    by: String,
    dimensions: Vec<(String, String)>,
    query: String,
    threshold: String,
    minimum: i64,
    monitoring: Vec<TimelinessRow>,
    show_monitoring: bool,
    timeliness: Vec<TimelinessRow>,
    lateness: Vec<(String, i64)>,
    reviews_requested: i64,
    reviews_completed: i64,
    reviews_within_20: Option<Share>,
    reviews_within_40: Option<Share>,
    reviews_median: String,
    complaints: i64,
    to_allocation: String,
    to_decision: String,
    closed_within: Vec<(i64, Share)>,
    complaints_href: String,
    /// (band, open complaints, link to them).
    open_by_age: Vec<(String, i64, String)>,
    by_authority_href: String,
    outcomes: Vec<(String, String, i64)>,
    appeal_rate: Option<Share>,
    steps_on_time: Option<Share>,
    workload: Vec<WorkloadRow>,
    appeals: Option<super::appeal_stats::AppealsView>,
    errors: FormErrors,
}

/// An officer's workload with the links to the cases counted.
#[derive(Serialize)]
struct WorkloadRow {
    officer: String,
    open: i64,
    open_href: String,
    decided: i64,
    decided_href: String,
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

/// The period and grouping chosen, read from the form's boxes (or their defaults: the last
/// twelve months, by authority), with a message beside each box that is not a date.
struct Chosen {
    from: NaiveDate,
    to: NaiveDate,
    from_parts: DateParts,
    to_parts: DateParts,
    by: GroupBy,
    view: View,
    errors: FormErrors,
}

fn chosen(query: &HashMap<String, String>, today: NaiveDate) -> Chosen {
    let mut errors = FormErrors::default();
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let mut read = |name: &str, label: &str, default: NaiveDate| {
        let p = parts(query, name);
        if p.is_blank() {
            return (default, DateParts::of(default));
        }
        match parse_date(label, &p) {
            Ok(d) => (d, p),
            Err(m) => {
                errors.add(name, m);
                (default, p)
            }
        }
    };
    let (from, from_parts) = read("from", "start date", year_ago);
    let (mut to, to_parts) = read("to", "end date", today);
    if to < from {
        errors.add(
            "to",
            "The end date must be the same as or after the start date",
        );
        to = from;
    }
    Chosen {
        from,
        to,
        from_parts,
        to_parts,
        by: query
            .get("by")
            .and_then(|b| GroupBy::from_slug(b).ok())
            .unwrap_or(GroupBy::Authority),
        view: query
            .get("view")
            .and_then(|v| View::ALL.iter().find(|x| x.slug() == v))
            .copied()
            .unwrap_or(View::Timeliness),
        errors,
    }
}

/// The page's address for a view, keeping the period and grouping chosen (in the form's own
/// fields, so that following a tab changes nothing but the view).
fn view_href(view: View, from: NaiveDate, to: NaiveDate, by: GroupBy) -> String {
    use chrono::Datelike;
    format!(
        "/stats?view={}&from_day={}&from_month={}&from_year={}&to_day={}&to_month={}&to_year={}&by={}",
        view.slug(),
        from.day(),
        from.month(),
        from.year(),
        to.day(),
        to.month(),
        to.year(),
        by.slug()
    )
}

/// `GET /stats`: the dashboard (managers and admins). Each view runs only its own queries.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let today = state.clock.today();
    let c = chosen(&query, today);
    let (from, to, by, view) = (c.from, c.to, c.by, c.view);
    let q = Query {
        from,
        to,
        by,
        minimum: DEFAULT_MINIMUM_GROUP,
    };
    let query_string = format!("from={from}&to={to}&by={}", by.slug());
    let mut page = Dashboard {
        view: view.slug(),
        tabs: View::ALL
            .iter()
            .map(|v| Tab {
                slug: v.slug(),
                label: v.label(),
                href: view_href(*v, from, to, by),
                current: *v == view,
            })
            .collect(),
        by_authority_href: view_href(View::Timeliness, from, to, GroupBy::Authority),
        from: c.from_parts,
        to: c.to_parts,
        by: by.slug().to_owned(),
        dimensions: DIMENSIONS
            .iter()
            .map(|(g, l)| (g.slug().to_owned(), (*l).to_owned()))
            .collect(),
        query: query_string,
        threshold: format!("{:.0}%", MONITORING_THRESHOLD * 100.0),
        minimum: q.minimum,
        ..Dashboard::default()
    };
    let actor = staff.actor.clone();
    match view {
        View::Timeliness => timeliness_view(&state, actor, q, &mut page).await?,
        View::Lateness => lateness_view(&state, actor, q, &mut page).await?,
        View::Stages => stages_view(&state, actor, q, today, &mut page).await?,
        View::Outcomes => outcomes_view(&state, actor, q, today, &mut page).await?,
        View::Appeals => {
            page.appeals =
                Some(super::appeal_stats::view(&state, actor, from, to, q.minimum).await?);
        }
    }
    page.errors = c.errors;
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

/// Timeliness: one scan of the summary columns, the monitoring list taken from it when grouped
/// by authority.
async fn timeliness_view(
    state: &web::Data<AppState>,
    actor: Actor,
    q: Query,
    page: &mut Dashboard,
) -> Result<(), PageError> {
    let asked = q;
    let groups = with_db(state, move |conn| Ok(stats::timeliness(conn, &actor, &q)?)).await?;
    if asked.by == GroupBy::Authority {
        page.monitoring = timeliness_rows(&stats::monitored(&groups), &asked);
        page.show_monitoring = true;
    }
    page.timeliness = timeliness_rows(&groups, &asked);
    Ok(())
}

async fn lateness_view(
    state: &web::Data<AppState>,
    actor: Actor,
    q: Query,
    page: &mut Dashboard,
) -> Result<(), PageError> {
    let (from, to) = (q.from, q.to);
    let (lateness, reviews) = with_db(state, move |conn| {
        Ok((
            stats::lateness(conn, &actor, from, to)?,
            stats::reviews(conn, &actor, from, to)?,
        ))
    })
    .await?;
    page.lateness = lateness.iter().map(|b| (b.band.clone(), b.count)).collect();
    page.reviews_requested = reviews.requested;
    page.reviews_completed = reviews.completed;
    page.reviews_within_20 = Some(share(&reviews.within_20));
    page.reviews_within_40 = Some(share(&reviews.within_40));
    page.reviews_median = days(reviews.median_working_days);
    Ok(())
}

/// Our own stages, the open caseload by age and the officers' workload, each figure with the
/// link to the cases it counts (`db::stats::stages` and `workload` define them).
async fn stages_view(
    state: &web::Data<AppState>,
    actor: Actor,
    q: Query,
    today: NaiveDate,
    page: &mut Dashboard,
) -> Result<(), PageError> {
    let (from, to) = (q.from, q.to);
    let (stages, mut workload) = with_db(state, move |conn| {
        Ok((
            stats::stages(conn, &actor, from, to, today)?,
            stats::workload(conn, &actor, from, to)?,
        ))
    })
    .await?;
    page.complaints = stages.complaints;
    page.complaints_href = FigureLink::all().received(from, to).href();
    page.to_allocation = days(stages.median_days_to_allocation);
    page.to_decision = days(stages.median_days_to_decision);
    page.closed_within = stages
        .closed_within
        .iter()
        .map(|(d, p)| (*d, share(p)))
        .collect();
    page.open_by_age = stages
        .open_by_age
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                b.band.clone(),
                b.count,
                FigureLink::open().age_band(i, today).href(),
            )
        })
        .collect();
    workload.sort_by(|a, b| crate::domain::natural::cmp(&a.officer, &b.officer));
    page.workload = workload
        .iter()
        .map(|w| {
            let mine = FigureLink::all().officer(Some(w.officer_id));
            WorkloadRow {
                officer: w.officer.clone(),
                open: w.open,
                open_href: FigureLink::open().officer(Some(w.officer_id)).href(),
                decided: w.decided,
                decided_href: mine
                    .with("decided_from", from.to_string())
                    .with("decided_to", to.to_string())
                    .href(),
            }
        })
        .collect();
    Ok(())
}

async fn outcomes_view(
    state: &web::Data<AppState>,
    actor: Actor,
    q: Query,
    today: NaiveDate,
    page: &mut Dashboard,
) -> Result<(), PageError> {
    let (from, to) = (q.from, q.to);
    let (outcomes, appeals, steps) = with_db(state, move |conn| {
        Ok((
            stats::outcomes(conn, &actor, from, to)?,
            stats::appeal_rate(conn, &actor, from, to)?,
            stats::steps_on_time(conn, &actor, from, to, today)?,
        ))
    })
    .await?;
    page.outcomes = outcomes
        .iter()
        .map(|o| {
            (
                o.provision.register_code(),
                crate::domain::notice::outcome_words(o.outcome).to_owned(),
                o.notices,
            )
        })
        .collect();
    page.appeal_rate = Some(share(&appeals));
    page.steps_on_time = Some(share(&steps));
    Ok(())
}
