//! The Statistics page's Appeals view (issue 18): the appeal rate of the period's notices by
//! provision, sector and authority; the outcomes of the appeals decided in the period, the
//! share in the Commissioner's favour against the 66% target, struck out and withdrawn, each
//! with its Wilson interval; the days from notice of appeal to decision; the CSV and JSON links
//! keeping the period; managers only. Runs on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, issue_notice};
use crate::pages::signed_in;
use serde_json::json;

/// The page's text as a reader sees it (the entities tera writes turned back).
fn text(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The HTML from a marker to the end of the element that follows it.
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("{from} in page"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// A notice issued 8 February 2024 on a new case, appealed by the authority on 1 March 2024
/// and decided on `decided` with `outcome` (when given).
fn appeal(app: &TestApp, tribunal: &str, decided: Option<(&str, &str)>) {
    let reference = allocated_case(app);
    issue_notice(app, &reference, "2024-02-08", Some(35));
    let Some((day, outcome)) = decided else {
        return;
    };
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": tribunal, "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let events = format!("/api/v1/appeals/{}/events", r.body["id"]);
    for body in [
        json!({"kind": "notice_of_appeal_sent", "date": "2024-03-08"}),
        json!({"kind": "tribunal_decision_sent", "date": day, "outcome": outcome}),
    ] {
        let r = app.post(&events, Some(&app.manager), &body);
        assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    }
}

const PERIOD: &str = "from_day=1&from_month=1&from_year=2024&to_day=31&to_month=12&to_year=2024";

#[test]
fn the_appeals_view_shows_rates_outcomes_and_the_target_with_intervals_and_downloads() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    // Four notices; three appealed. Received 1 March 2024: dismissed 4 November (248 days),
    // allowed 3 June (94 days), withdrawn 1 May (61 days).
    appeal(&app, "EA/2024/0101", Some(("2024-11-04", "dismissed")));
    appeal(&app, "EA/2024/0102", Some(("2024-06-03", "allowed")));
    appeal(&app, "EA/2024/0103", Some(("2024-05-01", "withdrawn")));
    appeal(&app, "EA/2024/0104", None);

    let mut officer = signed_in(&app, "officer");
    assert_eq!(
        officer.get(&format!("/stats?view=appeals&{PERIOD}")).status,
        403,
        "the statistics are for managers"
    );
    let mut v = signed_in(&app, "manager");
    let page = v.get(&format!("/stats?view=appeals&{PERIOD}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let html = text(&page.body);
    let tabs = section(&html, "id=\"stats-views\"", "</ul>");
    assert!(
        tabs.contains("aria-current=\"page\">Appeals</a>"),
        "the Appeals tab is the current one: {tabs}"
    );
    assert!(
        tabs.contains("view=appeals&from_day=1&from_month=1&from_year=2024&to_day=31"),
        "the tab keeps the period: {tabs}"
    );
    let figures = section(&html, "id=\"appeal-figures\"", "</dl>");
    let rows: Vec<(&str, &str)> = vec![
        (
            "three decided",
            "Appeals decided</dt><dd class=\"govuk-summary-list__value\">3</dd>",
        ),
        // Withdrawn is not determined: 1 (dismissed) of 2 (dismissed, allowed); Wilson 95%
        // for 1 of 2 is 9.5% to 90.5%, which includes the target.
        (
            "in favour of determined",
            "50.0% of 2 determined (9.5–90.5%)",
        ),
        ("the target", "target 66%"),
        ("against the target", "The interval includes the target"),
        ("none struck out", "0.0% of 3 (0.0–56.1%)"),
        ("one withdrawn", "33.3% of 3 (6.1–79.2%)"),
        // 61, 94, 248 days: the median is 94, the 90th percentile (nearest rank 3) 248.
        ("days to decision", "median 94, 90th percentile 248"),
    ];
    for (name, expected) in rows {
        assert!(
            figures.contains(expected),
            "{name}: {expected} in {figures}"
        );
    }
    let shares = section(&html, "id=\"appeal-outcome-shares\"", "</table>");
    for (name, expected) in [
        (
            "dismissed",
            "Dismissed</th><td class=\"govuk-table__cell s50-numeric\">1</td>",
        ),
        (
            "allowed",
            "Allowed</th><td class=\"govuk-table__cell s50-numeric\">1</td>",
        ),
        (
            "consent order",
            "Consent order</th><td class=\"govuk-table__cell s50-numeric\">0</td>",
        ),
    ] {
        assert!(shares.contains(expected), "{name}: {expected} in {shares}");
    }
    // Three of the four notices were appealed; four is fewer than twenty, too few to rate.
    let by_sector = section(&html, "id=\"rate-sector\"", "</table>");
    assert!(
        by_sector.contains("<td class=\"govuk-table__cell s50-numeric\">4</td><td class=\"govuk-table__cell s50-numeric\">3</td>"),
        "{by_sector}"
    );
    assert!(by_sector.contains("Too few to rate"), "{by_sector}");
    let by_authority = section(&html, "id=\"rate-authority\"", "</p>");
    assert!(
        by_authority.contains("1 more authority is not listed"),
        "an authority too small to rate is not ranked: {by_authority}"
    );
    for link in [
        "/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&format=csv",
        "/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&by=provision&format=csv",
        "/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&by=sector",
        "/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&by=authority&format=csv",
    ] {
        assert!(html.contains(link), "the page links {link}");
    }
    let csv = v.get("/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&by=sector&format=csv");
    assert_eq!(
        csv.status, 200,
        "the download reads the session: {}",
        csv.body
    );
    assert!(
        csv.body.contains("withdrawn,decided,1,3,0.3333"),
        "{}",
        csv.body
    );

    // A period without decisions says so rather than showing empty shares.
    let empty = text(
        &v.get("/stats?view=appeals&from_day=1&from_month=1&from_year=2023&to_day=31&to_month=12&to_year=2023")
            .body,
    );
    let figures = section(&empty, "id=\"appeal-figures\"", "</dl>");
    assert!(
        figures.contains("None determined in this period"),
        "{figures}"
    );
    assert!(
        figures.contains("No appeal was determined in this period."),
        "{figures}"
    );
    assert!(
        section(&empty, "id=\"rate-sector\"", "</table>")
            .contains("No notices issued in this period."),
        "{empty}"
    );
}
