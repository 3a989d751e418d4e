//! Statistics checked against a second, plain computation over the same generated data.

use crate::helpers::{TestApp, date};
use chrono::NaiveDate;
use diesel::prelude::*;
use section50::db::rows::CaseRow;
use section50::db::schema::cases;
use section50::domain::parties::Role;
use section50::domain::settings::ClockSettings;
use section50::service::stats::{self, GroupBy, Query};
use section50::service::{Actor, ServiceError};
use std::collections::BTreeMap;

fn nearest_rank(values: &mut [i64], q: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = ((q * values.len() as f64).ceil() as usize).max(1);
    Some(values[rank - 1])
}

/// Statistics are for managers and admins; these tests read them as a manager.
fn manager() -> Actor {
    Actor {
        user_id: 0,
        name: "A manager".to_owned(),
        role: Role::Manager,
    }
}

fn generated(app: &TestApp) -> Vec<CaseRow> {
    let mut conn = app.pool.get().unwrap();
    let now = section50::clock::Clock::fixed_on(date(crate::helpers::TODAY)).now();
    section50::service::demo::synthetic(&mut conn, now, &ClockSettings::default(), 1500, 7)
        .unwrap();
    cases::table
        .select(CaseRow::as_select())
        .load(&mut conn)
        .unwrap()
}

#[test]
fn timeliness_by_authority_equals_a_plain_count_of_the_same_cases() {
    let app = TestApp::spawn();
    let all = generated(&app);
    let (from, to) = (date("2021-06-01"), date("2023-12-31"));
    let in_range = |c: &&CaseRow| {
        c.request_received.is_some_and(|d| d >= from && d <= to) && c.response_due.is_some()
    };

    // The plain computation: group the loaded rows by authority.
    let mut plain: BTreeMap<i64, (i64, i64, i64, i64, Vec<i64>)> = BTreeMap::new();
    for c in all.iter().filter(in_range) {
        let e = plain.entry(c.authority_id).or_default();
        e.0 += 1;
        if let Some(sent) = c.response_sent {
            if Some(sent) <= c.final_response_due {
                e.1 += 1;
            }
            if Some(sent) <= c.response_due {
                e.2 += 1;
            }
        } else {
            e.3 += 1;
        }
        if let Some(wd) = c.response_working_days {
            e.4.push(i64::from(wd));
        }
    }
    let mut conn = app.pool.get().unwrap();
    let rows = section50::db::stats::timeliness(
        &mut conn,
        &Query {
            from,
            to,
            by: GroupBy::Authority,
            minimum: 5,
        },
    )
    .unwrap();
    assert_eq!(rows.len(), plain.len());
    assert!(
        rows.iter().any(|r| r.rated) && rows.iter().any(|r| !r.rated),
        "both rated and too-few groups exist"
    );
    for r in &rows {
        let id: i64 = r.key.parse().unwrap();
        let (requests, in_time, within_20, unanswered, mut days) = plain[&id].clone();
        assert_eq!(
            (r.requests, r.in_time.count, r.within_20.count, r.unanswered),
            (requests, in_time, within_20, unanswered),
            "authority {id}"
        );
        assert_eq!(
            r.median_working_days,
            nearest_rank(&mut days, 0.5),
            "authority {id}"
        );
        assert_eq!(
            r.p90_working_days,
            nearest_rank(&mut days, 0.9),
            "authority {id}"
        );
        assert_eq!(r.rated, requests >= 5);
        assert!(r.in_time.low <= r.in_time.share && r.in_time.share <= r.in_time.high);
    }
    // Rated groups come first, worst first.
    let rated: Vec<f64> = rows
        .iter()
        .filter(|r| r.rated)
        .map(|r| r.in_time.share)
        .collect();
    assert!(rated.windows(2).all(|w| w[0] <= w[1]));

    let monitored = stats::monitoring(&mut conn, &manager(), from, to, 5).unwrap();
    let expected = rows
        .iter()
        .filter(|r| r.rated && r.in_time.share < 0.9)
        .count();
    assert_eq!(monitored.len(), expected);
}

#[test]
fn monthly_reviews_lateness_and_stages_equal_plain_counts() {
    let app = TestApp::spawn();
    let all = generated(&app);
    let (from, to) = (date("2020-01-01"), date("2024-02-20"));
    let mut conn = app.pool.get().unwrap();

    let monthly = section50::db::stats::timeliness(
        &mut conn,
        &Query {
            from,
            to,
            by: GroupBy::Month,
            minimum: 20,
        },
    )
    .unwrap();
    let mut per_month: BTreeMap<String, i64> = BTreeMap::new();
    for c in all.iter().filter(|c| c.response_due.is_some()) {
        if let Some(d) = c.request_received.filter(|d| *d >= from && *d <= to) {
            *per_month.entry(d.format("%Y-%m").to_string()).or_default() += 1;
        }
    }
    let got: BTreeMap<String, i64> = monthly
        .iter()
        .map(|g| (g.key.clone(), g.requests))
        .collect();
    assert_eq!(got, per_month);

    let reviews = stats::reviews(&mut conn, &manager(), from, to).unwrap();
    let requested: Vec<&CaseRow> = all
        .iter()
        .filter(|c| c.review_requested.is_some_and(|d| d >= from && d <= to))
        .collect();
    assert_eq!(reviews.requested, requested.len() as i64);
    let within = |limit: i32| {
        requested
            .iter()
            .filter(|c| c.review_working_days.is_some_and(|w| w <= limit))
            .count() as i64
    };
    assert_eq!(
        (reviews.within_20.count, reviews.within_40.count),
        (within(20), within(40))
    );

    let bands = stats::lateness(&mut conn, &manager(), from, to).unwrap();
    let late: Vec<i64> = all
        .iter()
        .filter(|c| {
            c.request_received.is_some_and(|d| d >= from && d <= to)
                && c.response_status.as_deref() == Some("met_late")
        })
        .map(|c| i64::from(c.response_working_days_late.unwrap()))
        .collect();
    assert_eq!(
        bands.iter().map(|b| b.count).sum::<i64>(),
        late.len() as i64
    );
    assert_eq!(
        bands[0].count,
        late.iter().filter(|d| (1..=5).contains(*d)).count() as i64
    );

    let today: NaiveDate = date(crate::helpers::TODAY);
    let s = stats::stages(&mut conn, &manager(), from, to, today).unwrap();
    let complaints: Vec<&CaseRow> = all
        .iter()
        .filter(|c| c.complaint_received.is_some_and(|d| d >= from && d <= to))
        .collect();
    assert_eq!(s.complaints, complaints.len() as i64);
    let closed_90 = complaints
        .iter()
        .filter(|c| {
            c.closed_on
                .is_some_and(|d| (d - c.complaint_received.unwrap()).num_days() <= 90)
        })
        .count() as i64;
    assert_eq!(
        s.closed_within[1],
        (
            90,
            section50::domain::stats::Proportion::new(closed_90, complaints.len() as i64)
        )
    );
    // Appeals: the generator appeals about one notice in ten.
    let appealed = stats::appeal_rate(&mut conn, &manager(), from, to).unwrap();
    assert!(
        appealed.total > 0 && appealed.count > 0 && appealed.count < appealed.total,
        "{appealed:?}"
    );
    let with_steps: Vec<&CaseRow> = all
        .iter()
        .filter(|c| c.decided_on.is_some_and(|d| d >= from && d <= to))
        .filter(|c| {
            c.steps_due
                .is_some_and(|due| c.steps_complied.is_some() || due < today)
        })
        .collect();
    let on_time = with_steps
        .iter()
        .filter(|c| c.steps_complied.is_some_and(|d| Some(d) <= c.steps_due))
        .count() as i64;
    let steps = stats::steps_on_time(&mut conn, &manager(), from, to, today).unwrap();
    assert_eq!(
        (steps.count, steps.total),
        (on_time, with_steps.len() as i64)
    );
    assert!(
        steps.total > 0,
        "the generator orders steps in some notices"
    );
    let open: i64 = all
        .iter()
        .filter(|c| c.complaint_received.is_some_and(|d| d <= today) && c.closed_on.is_none())
        .count() as i64;
    assert_eq!(s.open_by_age.iter().map(|b| b.count).sum::<i64>(), open);
}

#[test]
fn statistics_download_as_csv_and_svg_for_managers_only() {
    let app = TestApp::spawn();
    generated(&app);
    let csv = app.get(
        "/api/v1/stats/timeliness?from=2021-01-01&to=2024-02-20&format=csv",
        Some(&app.manager),
    );
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(
        csv.body
            .as_str()
            .unwrap()
            .starts_with("key,label,requests,unanswered,in_time,in_time_pct")
    );
    for chart in ["timeliness.svg", "trend.svg", "lateness.svg", "age.svg"] {
        let svg = app.get(
            &format!("/api/v1/stats/charts/{chart}?from=2021-01-01"),
            Some(&app.manager),
        );
        assert_eq!(svg.status, 200, "{chart}");
        assert_eq!(svg.content_type, "image/svg+xml");
        assert!(svg.body.as_str().unwrap().starts_with("<svg"), "{chart}");
    }
    assert_eq!(
        app.get("/api/v1/stats/timeliness", Some(&app.officer))
            .status,
        403
    );
    assert_eq!(
        app.get("/api/v1/stats/timeliness?by=colour", Some(&app.manager))
            .status,
        422
    );
    assert_eq!(
        app.get("/api/v1/stats/stages?format=json", Some(&app.admin))
            .status,
        200
    );
    let page = app.get("/stats/definitions", None);
    assert_eq!(page.status, 200);
    assert!(page.body.as_str().unwrap().contains("Wilson"));
}

#[test]
fn the_sector_table_and_the_lateness_chart_for_a_small_fixed_dataset_read_as_reviewed() {
    let app = TestApp::spawn();
    let mut conn = app.pool.get().unwrap();
    let now = section50::clock::Clock::fixed_on(date(crate::helpers::TODAY)).now();
    section50::service::demo::synthetic(&mut conn, now, &ClockSettings::default(), 400, 11)
        .unwrap();
    drop(conn);
    let csv = app.get(
        "/api/v1/stats/timeliness?from=2021-01-01&to=2024-02-20&by=sector&format=csv",
        Some(&app.manager),
    );
    insta::assert_snapshot!("timeliness_by_sector_csv", csv.body.as_str().unwrap());
    let svg = app.get(
        "/api/v1/stats/charts/lateness.svg?from=2021-01-01&to=2024-02-20",
        Some(&app.manager),
    );
    insta::assert_snapshot!("lateness_chart_svg", svg.body.as_str().unwrap());
}

#[test]
fn officers_are_refused_every_statistic_and_the_team_caseload() {
    let app = TestApp::spawn();
    let mut conn = app.pool.get().unwrap();
    let officer = Actor {
        user_id: 0,
        name: "An officer".to_owned(),
        role: Role::Officer,
    };
    let (from, to) = (date("2023-01-01"), date("2023-12-31"));
    let q = Query {
        from,
        to,
        by: GroupBy::Authority,
        minimum: 20,
    };
    let calendars =
        section50::domain::calendar::Calendars::build(&ClockSettings::default().calendar_options());
    let refused = |r: Result<(), ServiceError>, what: &str| {
        assert!(
            matches!(r, Err(ServiceError::Forbidden(_))),
            "{what}: {r:?}"
        );
    };
    refused(
        stats::timeliness(&mut conn, &officer, &q).map(|_| ()),
        "timeliness",
    );
    refused(
        stats::monitoring(&mut conn, &officer, from, to, 20).map(|_| ()),
        "monitoring",
    );
    refused(
        stats::lateness(&mut conn, &officer, from, to).map(|_| ()),
        "lateness",
    );
    refused(
        stats::reviews(&mut conn, &officer, from, to).map(|_| ()),
        "reviews",
    );
    refused(
        stats::stages(&mut conn, &officer, from, to, to).map(|_| ()),
        "stages",
    );
    refused(
        stats::outcomes(&mut conn, &officer, from, to).map(|_| ()),
        "outcomes",
    );
    refused(
        stats::appeal_rate(&mut conn, &officer, from, to).map(|_| ()),
        "appeal rate",
    );
    refused(
        stats::steps_on_time(&mut conn, &officer, from, to, to).map(|_| ()),
        "steps",
    );
    refused(
        stats::workload(&mut conn, &officer, from, to).map(|_| ()),
        "workload",
    );
    refused(
        section50::service::team::caseload(&mut conn, &officer, &calendars, to).map(|_| ()),
        "team",
    );
}

#[test]
fn csv_exports_quote_text_cells_that_a_spreadsheet_would_run_as_formulas() {
    let app = TestApp::spawn();
    // A manager can name an authority anything; the export must not turn it into a formula.
    let made = app.post(
        "/api/v1/authorities",
        Some(&app.manager),
        &serde_json::json!({
            "formal_name": "@SUM(1+1)", "short_name": "=HYPERLINK(\"http://evil.example\",\"x\")",
            "address": "1 Street", "sector": "police", "nation": "england",
            "foi_email": "foi@evil.example"
        }),
    );
    assert_eq!(made.status, 201, "{:?}", made.body);
    let id = made.body["id"].as_i64().unwrap();
    let opened = app.open_case(&app.officer, id, crate::helpers::seed_events());
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let csv = app.get(
        "/api/v1/stats/timeliness?from=2021-01-01&to=2024-02-20&by=authority&min=1&format=csv",
        Some(&app.manager),
    );
    assert_eq!(csv.status, 200);
    let mut reader = ::csv::Reader::from_reader(csv.body.as_str().unwrap().as_bytes());
    let labels: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert_eq!(
        labels,
        vec!["'=HYPERLINK(\"http://evil.example\",\"x\")".to_owned()],
        "the label is quoted, nothing else changes"
    );
}
