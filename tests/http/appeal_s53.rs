//! The s53 certificate window on the case (issue 18): FOIA s53(2) gives an authority that s53(1)
//! names 20 working days after the effective date (s53(4): the day the notice was given, or
//! the day an appeal is determined or withdrawn). The case shows it once the notice is issued,
//! only for such an authority; an appeal stops it; its end starts it again. Runs on SQLite, and
//! on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::appeal_pages::{between, stage, text};
use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, allocated_case_of, issue_notice};
use crate::pages::signed_in;
use serde_json::{Value, json};

/// A government department, which s53(1)(a) names.
fn department(app: &TestApp) -> i64 {
    let r = app.post(
        "/api/v1/authorities",
        Some(&app.manager),
        &json!({
            "formal_name": "Department for Work and Pensions", "short_name": "DWP",
            "address": "Caxton House, London", "sector": "central_government",
            "nation": "uk_wide", "foi_email": "foi@dwp.example", "s53_certificate": true
        }),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

fn s53(case: &Value) -> Option<&Value> {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "s53_certificate_due")
}

#[test]
fn the_s53_window_shows_once_the_notice_is_issued_and_restarts_when_the_appeal_ends() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case_of(&app, department(&app));
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    assert!(s53(&case).is_none(), "no window before the notice");

    // Issued Thursday 8 February 2024: 20 working days later is Thursday 7 March 2024.
    let case = issue_notice(&app, &reference, "2024-02-08", Some(35));
    let window = s53(&case).expect("the window once the notice is issued");
    assert_eq!(window["date"], "2024-03-07", "{window}");
    let mut v = signed_in(&app, "officer");
    let page = text(&v.get(&format!("/cases/{reference}")).body);
    let row = between(&page, "id=\"deadline-s53_certificate_due\"", "</tr>");
    assert!(
        row.contains("Last day for a ministerial certificate (s53)")
            && row.contains("7 March 2024"),
        "{row}"
    );
    assert!(
        row.contains("the notice was given on 8 February 2024"),
        "{row}"
    );

    // An appeal received Friday 1 March 2024 stops it (s53(4)(b)).
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let appeal = r.body["id"].as_i64().unwrap();
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    let window = s53(&case).unwrap();
    assert_eq!(window["status"], "suspended", "{window}");
    let page = text(&v.get(&format!("/cases/{reference}")).body);
    let row = between(&page, "id=\"deadline-s53_certificate_due\"", "</tr>");
    assert!(
        row.contains("an appeal has been pending since 1 March 2024"),
        "{row}"
    );

    // Determined Monday 3 June 2024: 20 working days from then is Monday 1 July 2024.
    stage(
        &app,
        appeal,
        &json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed"}),
    );
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    assert_eq!(s53(&case).unwrap()["date"], "2024-07-01", "{case}");
    let page = text(&v.get(&format!("/cases/{reference}")).body);
    let row = between(&page, "id=\"deadline-s53_certificate_due\"", "</tr>");
    assert!(
        row.contains("1 July 2024") && row.contains("the appeal ended on 3 June 2024"),
        "{row}"
    );
}

#[test]
fn an_authority_s53_does_not_name_has_no_certificate_window() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case(&app);
    let case = issue_notice(&app, &reference, "2024-02-08", Some(35));
    assert!(s53(&case).is_none(), "{case}");
    let mut v = signed_in(&app, "officer");
    let page = v.get(&format!("/cases/{reference}")).body;
    assert!(!page.contains("ministerial certificate"), "{page}");
}
