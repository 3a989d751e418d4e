//! The public deadline calculator endpoint (no sign-in).

use crate::helpers::{TestApp, deadline};
use serde_json::json;

#[test]
fn the_timeline_endpoint_evaluates_the_seed_dates_without_signing_in() {
    let app = TestApp::spawn();
    let r = app.post(
        "/api/v1/timeline?as_of=2024-02-08",
        None,
        &json!({"regime": "foia", "events": [
            {"kind": "request_received", "date": "2023-02-13"},
            {"kind": "response_sent", "date": "2023-06-22"},
            {"kind": "complaint_received", "date": "2023-09-20"},
            {"kind": "decision_notice_issued", "date": "2024-02-08"}
        ]}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(deadline(&r.body, "response_due")["date"], "2023-03-13");
    assert_eq!(deadline(&r.body, "response_due")["working_days_late"], 67);
    assert_eq!(deadline(&r.body, "appeal_last_day")["date"], "2024-03-07");
}

#[test]
fn an_impossible_timeline_gets_422_naming_the_rule() {
    let app = TestApp::spawn();
    let r = app.post(
        "/api/v1/timeline",
        None,
        &json!({"regime": "foia", "events": [
            {"kind": "request_received", "date": "2023-02-05"},
            {"kind": "fee_paid", "date": "2023-02-10"}
        ]}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.body["rule"], "fee_without_notice");
    assert_eq!(r.content_type, "application/problem+json");
}

#[test]
fn the_evaluation_day_defaults_to_the_services_today() {
    let app = TestApp::spawn();
    let r = app.post(
        "/api/v1/timeline",
        None,
        &json!({"regime": "foia", "events": [{"kind": "request_received", "date": "2024-02-01"}]}),
    );
    // Due 29 Feb 2024; the fixed clock says 20 Feb 2024.
    assert_eq!(r.body["as_of"], crate::helpers::TODAY);
    assert_eq!(deadline(&r.body, "response_due")["status"], "pending");
}
