//! An appeal in the Upper Tribunal (issue 18): the response to its notice of appeal (UT r24(2):
//! a month) and permission to appeal to the Court of Session, the appellate court in Scotland
//! (UT r44(4): a month; TCEA 2007 s13(11)-(13)), recorded from the appeal's page and shown on it
//! and in the API. Runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::appeal_pages::{appealed, between, stage, text};
use crate::helpers::{TestApp, date};
use crate::pages::{Visitor, csrf_token, signed_in};
use serde_json::json;

/// A First-tier appeal dismissed on Monday 3 June 2024, moved up to the Upper Tribunal on
/// 20 June; the Upper Tribunal appeal's id.
fn upper_tribunal_appeal(app: &TestApp) -> i64 {
    let first = appealed(app, "EA/2024/0123");
    stage(
        app,
        first,
        &json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed"}),
    );
    let case = crate::appeal_pages::case_of(app, first);
    let r = app.post(
        &format!("/api/v1/cases/{case}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": "UA-2024-001681-GIA", "appellant": "public_authority", "date": "2024-06-20", "parent_id": first}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

fn post_stage(v: &mut Visitor, id: i64, fields: &[(&str, &str)]) -> u16 {
    let token = csrf_token(&v.get(&format!("/appeals/{id}")).body);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    let r = v.post(&format!("/appeals/{id}/events"), &form);
    assert!(r.status == 303 || r.status == 422, "{}", r.body);
    r.status
}

#[test]
fn the_upper_tribunal_response_and_the_court_of_session_are_timed_on_the_appeal_page() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = upper_tribunal_appeal(&app);
    let mut v = signed_in(&app, "officer");
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    let kinds = between(&page, "id=\"kind\"", "</select>");
    for label in [
        "Notice of appeal sent by the Upper Tribunal",
        "Response to the Upper Tribunal sent",
        "Permission to appeal to the Court of Session asked",
    ] {
        assert!(kinds.contains(label), "{label}: {kinds}");
    }
    assert!(page.contains("id=\"appellate_court\""), "{page}");

    // Sent Thursday 18 July 2024: a month is Sunday 18 August, so Monday 19 August (r12(2)).
    let status = post_stage(
        &mut v,
        id,
        &[
            ("kind", "upper_tribunal_notice_of_appeal_sent"),
            ("date_day", "18"),
            ("date_month", "7"),
            ("date_year", "2024"),
        ],
    );
    assert_eq!(status, 303);
    // Decided Monday 25 November 2024, a further appeal to the Court of Session: a month is
    // Christmas Day, then Boxing Day, so Friday 27 December 2024.
    let status = post_stage(
        &mut v,
        id,
        &[
            ("kind", "upper_tribunal_decision_sent"),
            ("date_day", "25"),
            ("date_month", "11"),
            ("date_year", "2024"),
            ("outcome", "dismissed"),
            ("appellate_court", "court_of_session"),
        ],
    );
    assert_eq!(status, 303);
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    let deadlines = between(&page, "id=\"deadlines\"", "</table>");
    let response = between(deadlines, "The response to the Upper Tribunal due", "</tr>");
    assert!(response.contains("19 August 2024"), "{response}");
    let session = between(
        deadlines,
        "Last day to ask permission to appeal to the Court of Session",
        "</tr>",
    );
    assert!(session.contains("27 December 2024"), "{session}");
    assert!(
        !deadlines.contains("to the Court of Appeal"),
        "the Court of Session's limit replaces the Court of Appeal's: {deadlines}"
    );
    let stages = between(&page, "id=\"stage-list\"", "</table>");
    assert!(
        stages.contains("A further appeal goes to the Court of Session"),
        "{stages}"
    );
    for internal in ["court_of_session", "None", "upper_tribunal_"] {
        assert!(
            !stages.contains(internal),
            "no internal words ({internal}): {stages}"
        );
    }
    assert!(!deadlines.contains("None"), "{deadlines}");

    let api = app.get(&format!("/api/v1/appeals/{id}"), Some(&app.officer));
    let names: Vec<&str> = api.body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert!(names.contains(&"upper_tribunal_response_due"), "{names:?}");
    assert!(
        names.contains(&"court_of_session_permission_due"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"court_of_appeal_permission_due"),
        "{names:?}"
    );
    let doc = app.get("/api/v1/openapi.json", None);
    let described = doc.body.to_string();
    for kind in [
        "upper_tribunal_notice_of_appeal_sent",
        "court_of_session_permission_applied",
        "appellate_court",
    ] {
        assert!(described.contains(kind), "the API document names {kind}");
    }
}

#[test]
fn an_appellate_court_is_refused_on_a_first_tier_decision_and_the_form_keeps_what_was_typed() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let first = appealed(&app, "EA/2024/0123");
    let r = app.post(
        &format!("/api/v1/appeals/{first}/events"),
        Some(&app.officer),
        &json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed", "appellate_court": "court_of_session"}),
    );
    assert_eq!(r.status, 422, "{:?}", r.body);
    let r = app.post(
        &format!("/api/v1/appeals/{first}/events"),
        Some(&app.officer),
        &json!({"kind": "upper_tribunal_response_sent", "date": "2024-06-03"}),
    );
    assert_eq!(
        r.status, 422,
        "not before the First-tier Tribunal: {:?}",
        r.body
    );
}
