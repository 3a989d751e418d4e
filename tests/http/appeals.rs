//! The appeal tracker over HTTP (issue 18): an appeal opened on an issued notice, its stages
//! recorded through the appeal and feeding the case's clocks, the refusals (a colleague's
//! case, an unissued notice, the events door, stages out of order), the list's filters,
//! documents kept in the database, and the emails the appeal causes. Runs on SQLite, and on
//! PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::helpers::{TestApp, date, deadline};
use crate::notices::{allocated_case, issue_notice};
use serde_json::{Value, json};

/// A service whose day is 31 December 2024, so the whole appeal of 2024 has happened.
fn app() -> TestApp {
    TestApp::builder().today(date("2024-12-31")).build()
}

fn written(app: &TestApp) -> [i64; 4] {
    ["appeals", "case_events", "audit_log", "outbox"].map(|t| app.count(t))
}

/// A case allocated to the officer with its notice issued on 8 February 2024, steps within 35
/// days (so due 14 March 2024, after the last day to appeal, 7 March).
fn decided_case(app: &TestApp) -> String {
    let reference = allocated_case(app);
    issue_notice(app, &reference, "2024-02-08", Some(35));
    reference
}

fn open(app: &TestApp, reference: &str, token: &str, body: &Value) -> crate::helpers::Reply {
    app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(token),
        body,
    )
}

fn authority_appeal() -> Value {
    json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"})
}

fn outbox(app: &TestApp) -> Vec<(String, String)> {
    use diesel::prelude::*;
    use section50::db::schema::outbox;
    let mut conn = app.pool.get().unwrap();
    outbox::table
        .order(outbox::id.asc())
        .select((outbox::kind, outbox::recipient))
        .load(&mut conn)
        .unwrap()
}

#[test]
fn an_authoritys_appeal_suspends_the_steps_and_a_dismissal_restarts_them() {
    let app = app();
    let reference = decided_case(&app);
    let r = open(&app, &reference, &app.officer, &authority_appeal());
    assert_eq!(r.status, 201, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["stage"], "first_tier");
    assert_eq!(r.body["tribunal_reference"], "EA/2024/0123");
    assert_eq!(r.body["appeal_status"], "open");
    let roles: Vec<&str> = r.body["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["appellant", "respondent"],
        "the authority appeals; the Commissioner responds"
    );
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    assert_eq!(case["status"], "appealed");
    assert_eq!(
        deadline(&case, "steps_due")["status"],
        "suspended",
        "FOIA s50(6)"
    );
    assert!(
        outbox(&app).contains(&(
            "appeal_lodged_complainant".to_owned(),
            "alex@example.org".to_owned()
        )),
        "the complainant is told the authority appealed: {:?}",
        outbox(&app)
    );

    let events = format!("/api/v1/appeals/{id}/events");
    let r = app.post(
        &events,
        Some(&app.officer),
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    // 18 July 2024 + 28 days: Thursday 15 August (GRC r23, the issue's example).
    assert_eq!(r.body["next_deadline"], "2024-08-15");
    assert_eq!(r.body["next_deadline_name"], "commissioner_response_due");
    let listed = app.get("/api/v1/cases", Some(&app.officer)).body;
    let item = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            item["next_deadline"].as_str(),
            item["next_deadline_name"].as_str()
        ),
        (Some("2024-08-15"), Some("commissioner_response_due")),
        "the response is the case's next deadline, in the officer's list and digest"
    );
    assert!(
        outbox(&app).iter().any(|(k, _)| k == "appeal_response_due"),
        "the officer is told the response date"
    );

    for body in [
        json!({"kind": "stance_changed", "date": "2024-08-01", "stance": "resist"}),
        json!({"kind": "party_joined", "date": "2024-08-02", "name": "Alex Complainant", "role": "other"}),
        json!({"kind": "commissioner_response_sent", "timestamp": "2024-08-15T15:30:00Z"}),
        json!({"kind": "hearing_listed", "date": "2024-09-01", "hearing": "paper"}),
    ] {
        let r = app.post(&events, Some(&app.officer), &body);
        assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    }
    let r = app.post(
        &events,
        Some(&app.manager),
        &json!({"kind": "tribunal_decision_sent", "date": "2024-11-04", "outcome": "dismissed"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["appeal_status"], "decided");
    assert_eq!(r.body["appeal_outcome"], "dismissed");
    assert_eq!(r.body["stance"], "resist");
    assert_eq!(r.body["hearing"], "paper");
    assert_eq!(r.body["parties"].as_array().unwrap().len(), 3);
    let response = r.body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "commissioner_response_due")
        .unwrap()
        .clone();
    assert_eq!(response["status"], "met", "16:30 BST is before 5pm");
    // The 13 days left on 1 March run from 4 November: 17 November 2024.
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    let steps = deadline(&case, "steps_due");
    assert_eq!(steps["date"], "2024-11-17", "{steps}");
    assert!(
        steps["note"].as_str().unwrap().contains("13 days left"),
        "{steps}"
    );
    assert_eq!(case["status"], "appeal_determined");
    let sent: Vec<(String, String)> = outbox(&app)
        .into_iter()
        .filter(|(k, _)| k == "appeal_outcome")
        .collect();
    assert_eq!(sent.len(), 2, "both parties get the outcome: {sent:?}");

    // The statistics: the one notice of 2024 was appealed; the one decision went the
    // Commissioner's way; 1 March to 4 November 2024 is 248 days.
    let stats = "/api/v1/stats/appeals?from=2024-01-01&to=2024-12-31&by=authority";
    assert_eq!(
        app.get(stats, Some(&app.officer)).status,
        403,
        "managers only"
    );
    let r = app.get(stats, Some(&app.manager));
    assert_eq!(r.status, 200, "{:?}", r.body);
    let rate = &r.body["rate"][0];
    assert_eq!(
        (
            rate["group"].as_str(),
            rate["appealed"]["count"].as_i64(),
            rate["appealed"]["total"].as_i64()
        ),
        (Some("the MPS"), Some(1), Some(1))
    );
    assert_eq!(rate["too_few"], true, "one notice is too few to rate");
    let o = &r.body["outcomes"];
    assert_eq!(
        (
            o["decided"].as_i64(),
            o["in_commissioners_favour"]["count"].as_i64(),
            o["in_commissioners_favour"]["total"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(o["days_to_decision_median"], 248);
    assert_eq!(o["target"], 0.66);
    let csv = app.get(&format!("{stats}&format=csv"), Some(&app.manager));
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let text = csv.body.as_str().unwrap();
    assert!(
        text.contains("in_commissioners_favour,determined,1,1,1.0000"),
        "{text}"
    );
    assert!(text.contains("days_to_decision,median,248"), "{text}");
    assert_eq!(
        app.get("/api/v1/stats/appeals?by=officer", Some(&app.manager))
            .status,
        422
    );
}

#[test]
fn appeals_are_refused_to_a_colleague_on_an_unissued_notice_and_at_the_events_door() {
    let app = app();
    let unissued = allocated_case(&app);
    let before = written(&app);
    let r = open(&app, &unissued, &app.manager, &authority_appeal());
    assert_eq!(r.status, 409, "{:?}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("no issued decision notice"),
        "{:?}",
        r.body
    );
    assert_eq!(written(&app), before, "nothing written");

    let reference = decided_case(&app);
    let before = written(&app);
    let r = open(&app, &reference, &app.other_officer, &authority_appeal());
    assert_eq!(
        r.status, 403,
        "an officer not allocated to the case: {:?}",
        r.body
    );
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.manager),
        &json!({"kind": "appeal_lodged", "date": "2024-03-01"}),
    );
    assert_eq!(
        (r.status, r.body["rule"].as_str()),
        (422, Some("use_appeal")),
        "{:?}",
        r.body
    );
    // (body, status, rule, why)
    #[rustfmt::skip]
    let table = [
        (json!({"tribunal_reference": "2024/123", "appellant": "public_authority", "date": "2024-03-01"}), 422, "invalid_tribunal_reference", "a reference of no known form"),
        (json!({"tribunal_reference": "EA/2024/0123", "appellant": "the council", "date": "2024-03-01"}), 422, "invalid_appellant", "an unknown appellant"),
        (json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-04-01"}), 422, "appeal_out_of_time", "after 7 March with no extension"),
        (json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "timestamp": "2024-03-07T17:30:00Z"}), 422, "appeal_out_of_time", "after 5pm on the last day"),
        (json!({"tribunal_reference": "UA-2024-001681-GIA", "appellant": "public_authority", "date": "2024-03-01"}), 422, "parent_required", "the Upper Tribunal follows a First-tier appeal"),
        (json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2025-01-02"}), 422, "event_in_future", "after today"),
    ];
    for (body, status, rule, why) in table {
        let r = open(&app, &reference, &app.officer, &body);
        assert_eq!(
            (r.status, r.body["rule"].as_str()),
            (status, Some(rule)),
            "{why}: {:?}",
            r.body
        );
    }
    assert_eq!(written(&app), before, "nothing written by any refusal");

    let id = open(&app, &reference, &app.officer, &authority_appeal()).body["id"]
        .as_i64()
        .unwrap();
    let r = open(&app, &reference, &app.officer, &authority_appeal());
    assert_eq!(
        r.status, 422,
        "a second open First-tier appeal: {:?}",
        r.body
    );
    let events = format!("/api/v1/appeals/{id}/events");
    let before = written(&app);
    #[rustfmt::skip]
    let table = [
        (app.other_officer.clone(), json!({"kind": "notice_of_appeal_sent", "date": "2024-03-05"}), 403, "", "a colleague's case"),
        (app.officer.clone(), json!({"kind": "upper_tribunal_decision_sent", "date": "2024-03-05"}), 422, "wrong_stage", "the Upper Tribunal does not decide a First-tier appeal"),
        (app.officer.clone(), json!({"kind": "request_received", "date": "2024-03-05"}), 422, "not_an_appeal_stage", "not a stage of an appeal"),
        (app.officer.clone(), json!({"kind": "permission_to_appeal_applied", "date": "2024-03-05"}), 422, "illegal_transition", "no permission to appeal a decision not yet made"),
        (app.officer.clone(), json!({"kind": "stance_changed", "date": "2024-03-05", "stance": "fight"}), 422, "unknown_stance", "stances are resist, support, neutral or concede"),
    ];
    for (token, body, status, rule, why) in table {
        let r = app.post(&events, Some(&token), &body);
        assert_eq!(r.status, status, "{why}: {:?}", r.body);
        if !rule.is_empty() {
            assert_eq!(r.body["rule"], rule, "{why}: {:?}", r.body);
        }
    }
    assert_eq!(written(&app), before, "nothing written by any refusal");
}

#[test]
fn the_list_filters_appeals_and_the_api_document_describes_them() {
    let app = app();
    let reference = decided_case(&app);
    let id = open(&app, &reference, &app.officer, &authority_appeal()).body["id"]
        .as_i64()
        .unwrap();
    app.post(
        &format!("/api/v1/appeals/{id}/events"),
        Some(&app.officer),
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    let other = decided_case(&app);
    open(
        &app,
        &other,
        &app.officer,
        &json!({"tribunal_reference": "FT/EA/2024/0184", "appellant": "complainant", "date": "2024-03-04"}),
    );
    // (query, expected references, why)
    #[rustfmt::skip]
    let table: Vec<(String, Vec<&str>, &str)> = vec![
        (String::new(), vec!["EA/2024/0123", "FT/EA/2024/0184"], "next deadline first, none last"),
        ("?stage=first_tier&status=open".to_owned(), vec!["EA/2024/0123", "FT/EA/2024/0184"], "both open at the First-tier"),
        ("?due_before=2024-08-15".to_owned(), vec!["EA/2024/0123"], "the response due 15 August"),
        ("?next_deadline=commissioner_response_due".to_owned(), vec!["EA/2024/0123"], "responses due"),
        (format!("?officer_id={}", app.officer_id), vec!["EA/2024/0123", "FT/EA/2024/0184"], "the officer's"),
        ("?status=decided".to_owned(), vec![], "none decided"),
        ("?stage=upper_tribunal".to_owned(), vec![], "none at the Upper Tribunal"),
    ];
    for (query, expected, why) in table {
        let r = app.get(&format!("/api/v1/appeals{query}"), Some(&app.manager));
        assert_eq!(r.status, 200, "{why}: {:?}", r.body);
        let refs: Vec<&str> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["tribunal_reference"].as_str().unwrap())
            .collect();
        assert_eq!(refs, expected, "{why}");
    }
    for (query, field) in [
        ("?status=appealed", "status"),
        ("?due_before=15/08/2024", "due_before"),
        ("?stage=high_court", "stage"),
        ("?colour=red", "query"),
    ] {
        let r = app.get(&format!("/api/v1/appeals{query}"), Some(&app.manager));
        assert_eq!(r.status, 422, "{query}: {:?}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains(field),
            "{query}: {:?}",
            r.body
        );
    }
    let doc = app.get("/api/v1/openapi.json", None).body;
    for path in [
        "/api/v1/cases/{reference}/appeals",
        "/api/v1/appeals",
        "/api/v1/appeals/{id}",
        "/api/v1/appeals/{id}/events",
        "/api/v1/appeals/{id}/documents",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    let status = &doc["paths"]["/api/v1/appeals"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "status")
        .unwrap()["schema"]["enum"];
    assert_eq!(
        status,
        &json!(["open", "decided"]),
        "the appeals' own statuses"
    );
}

#[test]
fn documents_are_kept_in_the_database_checked_by_type_and_closed_ones_hidden() {
    let app = app();
    let reference = decided_case(&app);
    let id = open(&app, &reference, &app.officer, &authority_appeal()).body["id"]
        .as_i64()
        .unwrap();
    let pdf = b"%PDF-1.7\n% notice of appeal\n".to_vec();
    let url = |q: &str| format!("/api/v1/appeals/{id}/documents?{q}");
    let (status, body) = app.post_bytes(
        &url("kind=notice_of_appeal&filename=NoA.pdf&received=2024-03-01"),
        Some(&app.officer),
        "application/pdf",
        &pdf,
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["content_type"], "application/pdf");
    let doc_id = doc["id"].as_i64().unwrap();
    let (status, back) = app.get_bytes(
        &format!("/api/v1/appeals/{id}/documents/{doc_id}"),
        Some(&app.other_officer),
    );
    assert_eq!(
        (status, back),
        (200, pdf.clone()),
        "any member of staff reads an open document, as uploaded"
    );

    let (status, body) = app.post_bytes(
        &url("kind=other&filename=x.pdf"),
        Some(&app.officer),
        "application/pdf",
        b"MZ\x90\x00 not a pdf",
    );
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    assert!(
        String::from_utf8_lossy(&body).contains("not a PDF"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _) = app.post_bytes(
        &url("kind=other&filename=big.pdf"),
        Some(&app.officer),
        "application/pdf",
        &vec![b'%'; 20 * 1024 * 1024 + 1],
    );
    assert_eq!(status, 413, "the upload route's own 20 MB limit");
    let (status, _) = app.post_bytes(
        &url("kind=reply"),
        Some(&app.other_officer),
        "application/pdf",
        &pdf,
    );
    assert_eq!(
        status, 403,
        "a colleague does not add documents to a case not theirs"
    );

    let (status, body) = app.post_bytes(
        &url("kind=response&closed=true"),
        Some(&app.officer),
        "application/pdf",
        &pdf,
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let closed: Value = serde_json::from_slice(&body).unwrap();
    let closed_url = format!("/api/v1/appeals/{id}/documents/{}", closed["id"]);
    assert_eq!(
        app.get_bytes(&closed_url, Some(&app.officer)).0,
        200,
        "its officer reads closed material"
    );
    assert_eq!(
        app.get_bytes(&closed_url, Some(&app.other_officer)).0,
        404,
        "a colleague does not (GRC rule 14)"
    );
    let listed = app
        .get(&format!("/api/v1/appeals/{id}"), Some(&app.other_officer))
        .body;
    assert_eq!(
        listed["documents"].as_array().unwrap().len(),
        1,
        "nor sees it listed"
    );
}
