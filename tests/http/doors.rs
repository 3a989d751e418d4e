//! Every change to a case comes through the door of its command: facts that only a workflow may
//! create are refused at the events door and at case creation, with a message naming the right
//! action, and nothing is written.

use crate::helpers::{TestApp, deadline, seed_events};
use crate::notices::{allocated_case, issue_notice};
use serde_json::{Value, json};

/// The rows a refused command must not add to.
fn written(app: &TestApp) -> [i64; 5] {
    [
        "cases",
        "complainants",
        "case_events",
        "audit_log",
        "outbox",
    ]
    .map(|t| app.count(t))
}

fn assert_refused(r: &crate::helpers::Reply, status: u16, rule: &str, names: &str) {
    assert_eq!(r.status, status, "{:?}", r.body);
    if !rule.is_empty() {
        assert_eq!(r.body["rule"], rule, "{:?}", r.body);
    }
    let detail = r.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(names),
        "the refusal names {names}: {detail}"
    );
}

#[test]
fn an_officer_cannot_issue_a_decision_through_the_events_door() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let before = written(&app);
    for token in [&app.officer, &app.manager] {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/events"),
            Some(token),
            &json!({"kind": "decision_notice_issued", "date": "2024-02-08", "steps_period_days": 35}),
        );
        assert_refused(&r, 422, "use_notice_workflow", "notice workflow");
        assert!(
            r.body["detail"].as_str().unwrap().contains("/notice/issue"),
            "{:?}",
            r.body
        );
    }
    assert_eq!(written(&app), before, "nothing written, no email queued");
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    assert_eq!(case.body["status"], "allocated");
}

#[test]
fn a_case_cannot_be_opened_allocated_or_decided() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let before = written(&app);
    let mut allocated = seed_events();
    allocated.as_array_mut().unwrap().extend([
        json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
        json!({"kind": "allocated", "date": "2023-11-06", "officer_id": app.officer_id}),
    ]);
    let r = app.open_case(&app.officer, authority, allocated.clone());
    assert_refused(&r, 422, "use_allocation", "/allocation");
    let r = app.open_case(&app.manager, authority, allocated.clone());
    assert_refused(&r, 422, "use_allocation", "/allocation");

    let mut decided = allocated;
    decided
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "decision_notice_issued", "date": "2024-02-08"}));
    decided.as_array_mut().unwrap().remove(6);
    let r = app.open_case(&app.officer, authority, decided);
    assert_refused(&r, 422, "use_notice_workflow", "notice workflow");
    assert_eq!(
        written(&app),
        before,
        "no case, complainant, event or email"
    );
}

#[test]
fn an_allocation_is_refused_at_the_events_door_and_made_through_the_allocation() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let accepted = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
    );
    assert_eq!(
        accepted.status, 201,
        "the officer who opened it may accept it"
    );
    let before = written(&app);
    for token in [&app.officer, &app.manager] {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/events"),
            Some(token),
            &json!({"kind": "allocated", "date": "2023-11-06", "officer_id": app.officer_id}),
        );
        assert_refused(&r, 422, "use_allocation", "/allocation");
    }
    assert_eq!(written(&app), before);
    let r = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.officer),
        &json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
    );
    assert_refused(&r, 403, "", "managers");
    assert_eq!(written(&app), before);
}

/// The id of the effective event of a kind.
fn event_id(case: &Value, kind: &str) -> i64 {
    case["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["effective"] == true)
        .and_then(|e| e["id"].as_i64())
        .unwrap()
}

#[test]
fn an_issued_decision_is_not_redated_or_withdrawn_through_the_events_door() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let case = issue_notice(&app, &reference, "2024-02-08", Some(35));
    let id = event_id(&case, "decision_notice_issued");
    let path = format!("/api/v1/cases/{reference}/events/{id}/corrections");
    let before = written(&app);
    for token in [&app.officer, &app.manager] {
        for body in [
            json!({"event": {"kind": "decision_notice_issued", "date": "2024-02-01"}, "reason": "the date was typed wrongly"}),
            json!({"retract": true, "reason": "issued in error"}),
        ] {
            let r = app.post(&path, Some(token), &body);
            assert_refused(&r, 422, "use_notice_workflow", "issue-correction");
        }
    }
    assert_eq!(written(&app), before, "nothing written");
    let after = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    assert_eq!(
        deadline(&after.body, "appeal_last_day")["date"],
        "2024-03-07"
    );
}

#[test]
fn only_a_manager_corrects_an_issued_decision_through_the_notice_workflow_and_it_is_audited() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let path = format!("/api/v1/cases/{reference}/notice/issue-correction");
    let before = written(&app);
    let r = app.post(
        &path,
        Some(&app.officer),
        &json!({"date": "2024-02-09", "reason": "the notice was sent a day late"}),
    );
    assert_refused(&r, 403, "", "managers");
    assert_eq!(written(&app), before);

    let r = app.post(
        &path,
        Some(&app.manager),
        &json!({"date": "2024-02-09", "reason": "the notice was sent a day late"}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    // 28 days from Friday 9 February 2024 is Friday 8 March (GRC rule 22(1)(b)).
    assert_eq!(deadline(&r.body, "appeal_last_day")["date"], "2024-03-08");
    let [_, _, events, audits, _] = written(&app);
    assert_eq!(events, before[2] + 1, "one correcting entry, history kept");
    assert_eq!(audits, before[3] + 1, "the correction is audited");
}

#[test]
fn appeals_are_recorded_through_the_appeal_by_the_officer_or_a_manager() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", None);
    let path = format!("/api/v1/cases/{reference}/events");
    let before = written(&app);
    let lodged = json!({"kind": "appeal_lodged", "date": "2024-02-15"});
    for token in [&app.officer, &app.manager] {
        let r = app.post(&path, Some(token), &lodged);
        assert_refused(&r, 422, "use_appeal", "/appeals");
    }
    assert_eq!(written(&app), before);
    // Issue 18: the officer allocated to the case records it, through the appeal.
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "complainant", "date": "2024-02-15"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    assert_eq!(case.body["status"], "appealed");
}

#[test]
fn another_officer_is_refused_every_change_to_a_case_not_theirs() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let before = written(&app);
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.other_officer),
        &json!({"kind": "investigation_letter_sent", "date": "2023-11-07", "respond_by": "2023-12-06"}),
    );
    assert_refused(&r, 403, "", "not allocated to you");
    assert_eq!(written(&app), before);
}

#[test]
fn a_notice_cannot_be_drafted_on_a_case_that_could_not_have_one() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = app.count("notice_versions");
    let r = app.post(
        &format!("/api/v1/cases/{reference}/notice/generate"),
        Some(&app.officer),
        &json!({}),
    );
    assert_refused(&r, 409, "", "allocated");
    assert_eq!(app.count("notice_versions"), before);
}
