//! Statistics for managers: `/api/v1/stats/...` as JSON or CSV, SVG charts, and the public page
//! "How these figures are calculated".

use super::AppState;
use super::api::with_conn;
use super::auth::CurrentUser;
use super::error::{ApiError, invalid_field};
use crate::charts::{Bar, bars, line};
use crate::domain::stats::{DEFAULT_MINIMUM_GROUP, DEFINITIONS, MONITORING_THRESHOLD};
use crate::service::stats::{self, GroupBy, Query, pct};
use crate::service::{Actor, csv_safe};
use actix_web::{HttpResponse, web};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

type Params = web::Query<HashMap<String, String>>;

struct Parsed {
    query: Query,
    csv: bool,
}

fn parse(
    params: &HashMap<String, String>,
    today: NaiveDate,
    default_by: GroupBy,
) -> Result<Parsed, ApiError> {
    const KNOWN: &[&str] = &["from", "to", "by", "min", "format"];
    if let Some(k) = params.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(invalid_field(
            "query",
            format!("unknown query parameter \"{k}\"; use {}", KNOWN.join(", ")),
        ));
    }
    let date = |name: &str, default: NaiveDate| -> Result<NaiveDate, ApiError> {
        params.get(name).map_or(Ok(default), |v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                invalid_field(
                    name,
                    format!("{name} must be a date in the form YYYY-MM-DD"),
                )
            })
        })
    };
    let from = date(
        "from",
        today.checked_sub_months(Months::new(12)).unwrap_or(today),
    )?;
    let to = date("to", today)?;
    if to < from {
        return Err(invalid_field("to", "to must not be before from"));
    }
    let by = params
        .get("by")
        .map_or(Ok(default_by), |b| GroupBy::from_slug(b))
        .map_err(|m| invalid_field("by", m))?;
    let minimum = params
        .get("min")
        .map_or(Ok(DEFAULT_MINIMUM_GROUP), |m| {
            m.parse::<i64>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or(())
        })
        .map_err(|()| invalid_field("min", "min must be a whole number from 1 to 100000"))?;
    let csv = match params.get("format").map(String::as_str) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(invalid_field("format", "format is json or csv")),
    };
    Ok(Parsed {
        query: Query {
            from,
            to,
            by,
            minimum,
        },
        csv,
    })
}

fn csv_response(
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<HttpResponse, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)
        .map_err(|e| ApiError::Unexpected(e.into()))?;
    for r in rows {
        w.write_record(&r)
            .map_err(|e| ApiError::Unexpected(e.into()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

fn json<T: Serialize>(q: &Query, rows: T) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "from": q.from, "to": q.to, "by": q.by, "minimum": q.minimum, "rows": rows }))
}

fn opt(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn timeliness_csv(name: &str, rows: &[stats::TimelinessGroup]) -> Result<HttpResponse, ApiError> {
    csv_response(
        name,
        &stats::TIMELINESS_CSV_HEADER,
        rows.iter().map(stats::timeliness_record).collect(),
    )
}

/// `GET /api/v1/stats/timeliness?from&to&by&min&format`
#[utoipa::path(get, path = "/api/v1/stats/timeliness", tag = "statistics", params(("from" = Option<String>, Query, description = "First day of receipt (default a year ago)"), ("to" = Option<String>, Query, description = "Last day (default today)"), ("by" = Option<String>, Query, description = "authority, sector, regime, officer, month or quarter"), ("min" = Option<i64>, Query, description = "Smallest group to rate (default 20)"), ("format" = Option<String>, Query, description = "json or csv")), responses((status = 200, description = "Share answered in time, within 20 working days, unanswered, days to respond"), (status = 401, description = "No or bad bearer token"), (status = 403, description = "Managers only"), (status = 422, description = "Bad parameter")), security(("bearer" = [])))]
pub async fn timeliness(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    let p = parse(&params, state.clock.today(), GroupBy::Authority)?;
    let q = p.query;
    let rows = with_conn(&state, move |conn, _| {
        Ok(stats::timeliness(conn, &user.0, &q)?)
    })
    .await?;
    if p.csv {
        timeliness_csv("timeliness", &rows)
    } else {
        Ok(json(&q, rows))
    }
}

/// `GET /api/v1/stats/monitoring?from&to&min&format`: authorities below 90% in time.
#[utoipa::path(get, path = "/api/v1/stats/monitoring", tag = "statistics", params(("from" = Option<String>, Query, description = "First day"), ("to" = Option<String>, Query, description = "Last day"), ("min" = Option<i64>, Query, description = "Smallest group to rate"), ("format" = Option<String>, Query, description = "json or csv")), responses((status = 200, description = "The monitoring list"), (status = 403, description = "Managers only")), security(("bearer" = [])))]
pub async fn monitoring(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    let p = parse(&params, state.clock.today(), GroupBy::Authority)?;
    let q = p.query;
    let rows = with_conn(&state, move |conn, _| {
        Ok(stats::monitoring(conn, &user.0, q.from, q.to, q.minimum)?)
    })
    .await?;
    if p.csv {
        timeliness_csv("monitoring", &rows)
    } else {
        Ok(json(&q, rows))
    }
}

macro_rules! simple_endpoint {
    ($name:ident, $path:literal, $desc:literal, $call:expr, $csv:expr) => {
        #[doc = concat!("`GET ", $path, "`: ", $desc)]
        #[utoipa::path(get, path = $path, tag = "statistics", params(("from" = Option<String>, Query, description = "First day"), ("to" = Option<String>, Query, description = "Last day"), ("format" = Option<String>, Query, description = "json or csv")), responses((status = 200, description = $desc), (status = 403, description = "Managers only")), security(("bearer" = [])))]
        pub async fn $name(state: web::Data<AppState>, user: CurrentUser, params: Params) -> Result<HttpResponse, ApiError> {
            let p = parse(&params, state.clock.today(), GroupBy::Authority)?;
            let q = p.query;
            let rows = with_conn(&state, move |conn, s| Ok(($call)(conn, &user.0, &q, s.clock.today())?)).await?;
            if p.csv { ($csv)(&rows) } else { Ok(json(&q, rows)) }
        }
    };
}

simple_endpoint!(
    lateness,
    "/api/v1/stats/lateness",
    "Late responses by working days late",
    |conn: &mut crate::db::AnyConnection, actor: &Actor, q: &Query, _today| stats::lateness(
        conn, actor, q.from, q.to
    ),
    |rows: &Vec<stats::Band>| csv_response(
        "lateness",
        &["working_days_late", "responses"],
        rows.iter()
            .map(|b| vec![csv_safe::text_owned(&b.band), b.count.to_string()])
            .collect()
    )
);

simple_endpoint!(
    reviews,
    "/api/v1/stats/reviews",
    "Internal reviews within 20 and 40 working days",
    |conn: &mut crate::db::AnyConnection, actor: &Actor, q: &Query, _today| stats::reviews(
        conn, actor, q.from, q.to
    ),
    |r: &stats::Reviews| csv_response(
        "reviews",
        &[
            "requested",
            "completed",
            "within_20",
            "within_20_pct",
            "within_40",
            "within_40_pct",
            "median_working_days"
        ],
        vec![vec![
            r.requested.to_string(),
            r.completed.to_string(),
            r.within_20.count.to_string(),
            pct(r.within_20.share),
            r.within_40.count.to_string(),
            pct(r.within_40.share),
            opt(r.median_working_days),
        ]]
    )
);

simple_endpoint!(
    stages,
    "/api/v1/stats/stages",
    "The Commissioner's stages and the open caseload by age",
    |conn: &mut crate::db::AnyConnection, actor: &Actor, q: &Query, today| stats::stages(
        conn, actor, q.from, q.to, today
    ),
    |s: &stats::Stages| {
        let mut rows = vec![
            vec!["complaints".to_owned(), s.complaints.to_string()],
            vec![
                "median_days_to_allocation".to_owned(),
                opt(s.median_days_to_allocation),
            ],
            vec![
                "median_days_to_decision".to_owned(),
                opt(s.median_days_to_decision),
            ],
        ];
        rows.extend(
            s.closed_within
                .iter()
                .map(|(d, p)| vec![format!("closed_within_{d}_days_pct"), pct(p.share)]),
        );
        rows.extend(
            s.open_by_age
                .iter()
                .map(|b| vec![format!("open_{}", b.band), b.count.to_string()]),
        );
        csv_response("stages", &["measure", "value"], rows)
    }
);

/// Provisions decided and the appeal rate of notices issued in the range.
#[derive(Debug, Serialize)]
pub struct Outcomes {
    provisions: Vec<stats::ProvisionOutcome>,
    appealed: crate::domain::stats::Proportion,
    steps_on_time: crate::domain::stats::Proportion,
}

fn outcomes_of(
    conn: &mut crate::db::AnyConnection,
    actor: &Actor,
    q: &Query,
    today: NaiveDate,
) -> Result<Outcomes, crate::service::ServiceError> {
    Ok(Outcomes {
        provisions: stats::outcomes(conn, actor, q.from, q.to)?,
        appealed: stats::appeal_rate(conn, actor, q.from, q.to)?,
        steps_on_time: stats::steps_on_time(conn, actor, q.from, q.to, today)?,
    })
}

fn outcomes_csv(o: &Outcomes) -> Result<HttpResponse, ApiError> {
    let mut rows: Vec<Vec<String>> = o
        .provisions
        .iter()
        .map(|r| {
            vec![
                csv_safe::text_owned(r.provision.as_str()),
                r.outcome.slug().to_owned(),
                r.notices.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "all notices".to_owned(),
        "issued".to_owned(),
        o.appealed.total.to_string(),
    ]);
    rows.push(vec![
        "all notices".to_owned(),
        "appealed".to_owned(),
        o.appealed.count.to_string(),
    ]);
    csv_response("outcomes", &["provision", "outcome", "notices"], rows)
}

simple_endpoint!(
    outcomes,
    "/api/v1/stats/outcomes",
    "Decision notices by provision and outcome, and the share appealed",
    outcomes_of,
    outcomes_csv
);

simple_endpoint!(
    workload,
    "/api/v1/stats/workload",
    "Officer workload and throughput",
    |conn: &mut crate::db::AnyConnection, actor: &Actor, q: &Query, _today| stats::workload(
        conn, actor, q.from, q.to
    ),
    |rows: &Vec<stats::Workload>| csv_response(
        "workload",
        &["officer", "open", "decided"],
        rows.iter()
            .map(|r| vec![
                csv_safe::text_owned(&r.officer),
                r.open.to_string(),
                r.decided.to_string()
            ])
            .collect()
    )
);

/// `GET /api/v1/stats/charts/{name}.svg`: timeliness, trend, lateness or age.
#[utoipa::path(get, path = "/api/v1/stats/charts/{name}", tag = "statistics", params(("name" = String, Path, description = "timeliness.svg, trend.svg, lateness.svg or age.svg"), ("from" = Option<String>, Query, description = "First day"), ("to" = Option<String>, Query, description = "Last day")), responses((status = 200, description = "An SVG chart", content_type = "image/svg+xml"), (status = 403, description = "Managers only"), (status = 404, description = "No such chart")), security(("bearer" = [])))]
pub async fn chart(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    let name = path.into_inner();
    let p = parse(&params, state.clock.today(), GroupBy::Authority)?;
    let q = p.query;
    let actor = user.0;
    let svg = with_conn(&state, move |conn, s| {
        Ok(match name.as_str() {
            "timeliness.svg" => {
                let rows = stats::timeliness(conn, &actor, &q)?;
                let shown: Vec<Bar> = rows
                    .iter()
                    .filter(|g| g.rated)
                    .take(SLOWEST)
                    .map(|g| Bar {
                        label: g.label.clone(),
                        value: g.in_time.share,
                        whiskers: Some((g.in_time.low, g.in_time.high)),
                    })
                    .collect();
                bars(
                    &slowest_title(shown.len(), rows.len(), q.minimum),
                    &shown,
                    true,
                    Some(MONITORING_THRESHOLD),
                )
            }
            "trend.svg" => {
                let monthly = Query {
                    by: GroupBy::Month,
                    ..q
                };
                let rows = stats::timeliness(conn, &actor, &monthly)?;
                line(
                    "Requests answered in time, by month of receipt",
                    &rows
                        .iter()
                        .map(|g| (g.key.clone(), g.in_time.share))
                        .collect::<Vec<_>>(),
                )
            }
            "lateness.svg" => {
                let rows = stats::lateness(conn, &actor, q.from, q.to)?;
                let shown: Vec<Bar> = rows
                    .iter()
                    .map(|b| Bar {
                        label: format!("{} working days", b.band),
                        value: b.count as f64,
                        whiskers: None,
                    })
                    .collect();
                bars("Late responses by working days late", &shown, false, None)
            }
            "age.svg" => {
                let s = stats::stages(conn, &actor, q.from, q.to, s.clock.today())?;
                let shown: Vec<Bar> = s
                    .open_by_age
                    .iter()
                    .map(|b| Bar {
                        label: b.band.clone(),
                        value: b.count as f64,
                        whiskers: None,
                    })
                    .collect();
                bars("Open complaints by age", &shown, false, None)
            }
            _ => {
                return Err(ApiError::NotFound(
                    "charts: timeliness.svg, trend.svg, lateness.svg, age.svg".to_owned(),
                ));
            }
        })
    })
    .await?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml").body(svg))
}

/// The most groups the "slowest" chart shows.
const SLOWEST: usize = 25;

/// The title of the slowest-groups chart: 25, or why fewer (only so many groups have enough
/// requests to rate, or there are only so many groups).
fn slowest_title(shown: usize, groups: usize, minimum: i64) -> String {
    if shown >= SLOWEST {
        return format!("Requests answered in time: the {SLOWEST} slowest");
    }
    let unrated = groups - shown;
    match (shown, unrated) {
        (0, 0) => "Requests answered in time: no requests in this period".to_owned(),
        (0, _) => format!(
            "Requests answered in time: none shown, as no group has {minimum} or more requests in this period"
        ),
        (_, 0) => format!(
            "Requests answered in time: all {shown}, as there are only {shown} groups in this period"
        ),
        (_, _) => format!(
            "Requests answered in time: {shown}, as only {shown} groups have {minimum} or more requests in this period ({unrated} too few to rate)"
        ),
    }
}

/// `GET /stats/definitions`: how these figures are calculated (public).
pub async fn definitions() -> HttpResponse {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>How these figures are calculated - section50</title></head><body><main><h1>How these figures are calculated</h1><dl>",
    );
    for (term, text) in DEFINITIONS {
        html.push_str(&format!(
            "<dt><strong>{}</strong></dt><dd><p>{}</p></dd>",
            escape(term),
            escape(text)
        ));
    }
    html.push_str("</dl></main></body></html>");
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// `GET /api/v1/stats/appeals?from&to&by&min&format`: the appeal rate of the period's notices
/// by provision, sector or authority; the outcomes of the First-tier appeals decided in it.
#[utoipa::path(get, path = "/api/v1/stats/appeals", tag = "statistics", params(("from" = Option<String>, Query, description = "First day (default a year ago)"), ("to" = Option<String>, Query, description = "Last day (default today)"), ("by" = Option<String>, Query, description = "provision, sector or authority (the appeal rate's groups)"), ("min" = Option<i64>, Query, description = "Smallest group to rate (default 20)"), ("format" = Option<String>, Query, description = "json or csv")), responses((status = 200, description = "Appeal rate per group; outcome shares, the share in the Commissioner's favour against its 66% target, struck out and withdrawn shares, days from notice of appeal to decision; each share with a 95% Wilson interval"), (status = 401, description = "No or bad bearer token"), (status = 403, description = "Managers only"), (status = 422, description = "Bad parameter")), security(("bearer" = [])))]
pub async fn appeals(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    use crate::db::appeal_stats::RateBy;
    let mut params = params.into_inner();
    let by = match params.remove("by").as_deref() {
        None | Some("provision") => RateBy::Provision,
        Some("sector") => RateBy::Sector,
        Some("authority") => RateBy::Authority,
        Some(_) => return Err(invalid_field("by", "by is provision, sector or authority")),
    };
    let p = parse(&params, state.clock.today(), GroupBy::Authority)?;
    let q = p.query;
    let figures = with_conn(&state, move |conn, _| {
        Ok(crate::service::appeal_stats::appeals(
            conn, &user.0, q.from, q.to, by, q.minimum,
        )?)
    })
    .await?;
    if !p.csv {
        return Ok(HttpResponse::Ok().json(serde_json::json!({
            "from": q.from, "to": q.to, "minimum": q.minimum,
            "rate": figures.rate, "outcomes": figures.outcomes,
        })));
    }
    let row = |section: &str, group: &str, s: &crate::domain::stats::Proportion| {
        vec![
            section.to_owned(),
            csv_safe::text_owned(group),
            s.count.to_string(),
            s.total.to_string(),
            format!("{:.4}", s.share),
            format!("{:.4}", s.low),
            format!("{:.4}", s.high),
        ]
    };
    let o = &figures.outcomes;
    let mut rows: Vec<Vec<String>> = figures
        .rate
        .iter()
        .map(|g| row("appeal_rate", &g.rate.group, &g.rate.appealed))
        .collect();
    rows.extend(o.shares.iter().map(|s| row("outcome", s.outcome, &s.share)));
    rows.push(row(
        "in_commissioners_favour",
        "determined",
        &o.in_commissioners_favour,
    ));
    rows.push(row("struck_out", "decided", &o.struck_out));
    rows.push(row("withdrawn", "decided", &o.withdrawn));
    for (label, v) in [
        ("median", o.days_to_decision_median),
        ("p90", o.days_to_decision_p90),
    ] {
        rows.push(vec![
            "days_to_decision".to_owned(),
            label.to_owned(),
            opt(v),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    csv_response(
        "appeals",
        &["section", "group", "count", "total", "share", "low", "high"],
        rows,
    )
}
