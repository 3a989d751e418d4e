//! The appeal's pages (issue 18, the walk's findings): before the notice of appeal the page
//! says what is awaited; it lists the appeal's own stages, dated and in words; the Appeals list
//! tags overdue deadlines and lists the Commissioner's responses due within 10 working days;
//! a stage is corrected or withdrawn on a page of its own with its reason; a hearing is listed
//! with its date; and an appeal on a closed case is refused naming the entries to withdraw.
//! Runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, issue_notice};
use crate::pages::{Visitor, csrf_token, signed_in};
use serde_json::{Value, json};

/// The page's text as a reader sees it (the entities tera writes turned back).
pub(crate) fn text(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// A case with its notice issued 8 February 2024 (steps within 35 days) and an appeal by the
/// authority received 1 March 2024 under `tribunal`; the appeal's id.
pub(crate) fn appealed(app: &TestApp, tribunal: &str) -> i64 {
    let reference = allocated_case(app);
    issue_notice(app, &reference, "2024-02-08", Some(35));
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": tribunal, "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

pub(crate) fn stage(app: &TestApp, id: i64, body: &Value) {
    let r = app.post(
        &format!("/api/v1/appeals/{id}/events"),
        Some(&app.officer),
        body,
    );
    assert!(r.status < 300, "{body}: {:?}", r.body);
}

/// The HTML between two markers of a page.
pub(crate) fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("{from} in page"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// The id of the latest entry of `kind` on the appeal's case, as the API lists it.
pub(crate) fn latest_stage(app: &TestApp, appeal: i64, kind: &str) -> i64 {
    app.get(
        &format!("/api/v1/cases/{}", case_of(app, appeal)),
        Some(&app.manager),
    )
    .body["events"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["kind"] == kind)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn the_appeal_page_says_what_is_awaited_and_lists_its_own_stages_in_words() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v = signed_in(&app, "manager");
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(
        page.contains("Waiting for the tribunal to send the notice of appeal to the Commissioner"),
        "before the notice of appeal the page says what is awaited: {page}"
    );
    let stages = between(&page, "id=\"stage-list\"", "</table>");
    assert!(stages.contains("Friday 1 March 2024"), "{stages}");
    assert!(stages.contains("Appeal lodged"), "{stages}");
    assert!(stages.contains("Reference EA/2024/0123"), "{stages}");
    assert!(stages.contains("Recorded by Olivia Officer"), "{stages}");
    assert!(
        !stages.contains("Correct or withdraw"),
        "the opening stays with the appeal"
    );

    stage(
        &app,
        id,
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(
        !page.contains("id=\"awaited\""),
        "a clock runs: the table says it"
    );
    let stages = between(&page, "id=\"stage-list\"", "</table>");
    assert!(
        stages.contains("Thursday 18 July 2024")
            && stages.contains("Notice of appeal sent to the Commissioner"),
        "{stages}"
    );
    for internal in ["notice_of_appeal_sent", "None", "appeal_lodged"] {
        assert!(
            !stages.contains(internal),
            "no internal words ({internal}): {stages}"
        );
    }
}

/// The list's responses due within 10 working days of Monday 5 August 2024 (to Monday 19
/// August: 6-9, 12-16 and 19 August, no bank holiday in England and Wales until 26 August),
/// overdue ones tagged. Notices of appeal sent (GRC r23(1): response within 28 days):
/// - 1 July 2024 → due Monday 29 July: overdue on 5 August;
/// - 18 July 2024 → due Thursday 15 August: within the 10 working days;
/// - 2 August 2024 → due Friday 30 August: beyond them.
#[test]
fn the_list_tags_overdue_responses_and_lists_those_due_in_the_next_ten_working_days() {
    let app = TestApp::builder().today(date("2024-08-05")).build();
    for (tribunal, sent) in [
        ("EA/2024/0101", "2024-07-01"),
        ("EA/2024/0102", "2024-07-18"),
        ("EA/2024/0103", "2024-08-02"),
    ] {
        let id = appealed(&app, tribunal);
        stage(
            &app,
            id,
            &json!({"kind": "notice_of_appeal_sent", "date": sent}),
        );
    }
    let mut v = signed_in(&app, "officer");
    let page = text(&v.get("/appeals").body);
    assert!(
        page.contains("on or before Monday 19 August 2024"),
        "10 working days from Monday 5 August: {page}"
    );
    let due = between(&page, "id=\"responses-due\"", "</ul>");
    assert!(
        due.contains("EA/2024/0101") && due.contains("Overdue"),
        "{due}"
    );
    assert!(
        due.contains("EA/2024/0102") && due.contains("Thursday 15 August 2024"),
        "{due}"
    );
    assert!(
        !due.contains("EA/2024/0103"),
        "due 30 August, beyond: {due}"
    );
    let table = between(&page, "id=\"appeals\"", "</table>");
    let row = between(table, "EA/2024/0101", "</tr>");
    assert!(
        row.contains("Overdue") && row.contains("Monday 29 July 2024"),
        "{row}"
    );
    let row = between(table, "EA/2024/0103", "</tr>");
    assert!(!row.contains("Overdue"), "{row}");
}

#[test]
fn a_stage_is_corrected_then_withdrawn_on_a_page_of_its_own_with_its_reason() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    stage(
        &app,
        id,
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    let event = latest_stage(&app, id, "notice_of_appeal_sent");
    let path = format!("/appeals/{id}/stages/{event}/correct");
    let mut v = signed_in(&app, "manager");
    let appeal = v.get(&format!("/appeals/{id}")).body;
    assert!(
        appeal.contains(&format!("href=\"{path}\"")),
        "the stage links to its page"
    );
    let form = v.get(&path);
    assert_eq!(form.status, 200);
    let form_text = text(&form.body);
    assert!(
        form_text.contains("Notice of appeal sent to the Commissioner")
            && form_text.contains("Thursday 18 July 2024"),
        "{form_text}"
    );
    let token = csrf_token(&form.body);
    let before = app.count("case_events");
    // Refused, nothing written: no reason; a date after today; no choice.
    for (fields, message) in [
        (
            vec![("action", "retract"), ("reason", " ")],
            "Say why the stage is corrected",
        ),
        (
            vec![
                ("action", "redate"),
                ("date_day", "2"),
                ("date_month", "1"),
                ("date_year", "2025"),
                ("reason", "typo"),
            ],
            "after today",
        ),
        (
            vec![("reason", "typo")],
            "Choose whether to correct the date or withdraw",
        ),
    ] {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend(fields);
        let r = v.post(&path, &all);
        assert_eq!(r.status, 422, "{message}: {}", r.body);
        assert!(text(&r.body).contains(message), "{message}: {}", r.body);
    }
    assert_eq!(app.count("case_events"), before, "nothing written");

    // The tribunal's letter was dated 19 July: the response is due 28 days later, Friday 16
    // August 2024 (GRC r23(1)).
    let r = v.post(
        &path,
        &[
            ("csrf_token", &token),
            ("action", "redate"),
            ("date_day", "19"),
            ("date_month", "7"),
            ("date_year", "2024"),
            ("reason", "the tribunal's letter is dated 19 July"),
        ],
    );
    assert_eq!(
        (r.status, r.location.as_str()),
        (
            303,
            format!("/appeals/{id}?done=appeal_corrected#stages").as_str()
        )
    );
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(
        page.contains("Corrects the notice of appeal sent to the Commissioner dated Thursday 18 July 2024: the tribunal's letter is dated 19 July"),
        "{page}"
    );
    assert!(
        page.contains("Recorded by Maya Manager"),
        "who corrected it"
    );
    let deadline = between(&page, "id=\"deadline-commissioner_response_due\"", "</tr>");
    assert!(deadline.contains("Friday 16 August 2024"), "{deadline}");

    // Withdrawn: nothing runs, and the page says what is awaited again.
    let corrected = latest_stage(&app, id, "notice_of_appeal_sent");
    let path = format!("/appeals/{id}/stages/{corrected}/correct");
    let r = v.post(
        &path,
        &[
            ("csrf_token", &token),
            ("action", "retract"),
            ("reason", "sent to the wrong respondent"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(page.contains("Withdraws the notice of appeal sent to the Commissioner dated Friday 19 July 2024: sent to the wrong respondent"), "{page}");
    assert!(
        page.contains("Waiting for the tribunal to send the notice of appeal"),
        "{page}"
    );
    assert_eq!(
        v.get(&path).status,
        404,
        "a withdrawn stage is not corrected again"
    );
    assert_eq!(corrections_audited(&app), 2, "both audited");

    // A colleague whose case it is not may neither see the page nor post it.
    let mut other = signed_in(&app, "other_officer");
    let appeal = other.get(&format!("/appeals/{id}")).body;
    assert!(
        !appeal.contains("Correct or withdraw"),
        "read only for a colleague"
    );
    let first = app
        .get(
            &format!("/api/v1/cases/{}", case_of(&app, id)),
            Some(&app.manager),
        )
        .body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "appeal_lodged")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        v.get(&format!("/appeals/{id}/stages/{first}/correct"))
            .status,
        404,
        "the opening"
    );
    let token = csrf_token(&other.get("/appeals").body);
    let r = other.post(
        &format!("/appeals/{id}/stages/{first}/correct"),
        &[
            ("csrf_token", &token),
            ("action", "retract"),
            ("reason", "mine now"),
        ],
    );
    assert_eq!(r.status, 403, "{}", r.body);
}

fn corrections_audited(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use section50::db::schema::audit_log;
    let mut conn = app.pool.get().unwrap();
    audit_log::table
        .filter(audit_log::action.eq("appeal.event.correct"))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

pub(crate) fn case_of(app: &TestApp, id: i64) -> String {
    app.get(&format!("/api/v1/appeals/{id}"), Some(&app.manager))
        .body["case_reference"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_hearing_is_listed_with_its_date_from_the_page() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v: Visitor = signed_in(&app, "officer");
    let token = csrf_token(&v.get(&format!("/appeals/{id}")).body);
    let r = v.post(
        &format!("/appeals/{id}/events"),
        &[
            ("csrf_token", &token),
            ("kind", "hearing_listed"),
            ("date_day", "2"),
            ("date_month", "9"),
            ("date_year", "2024"),
            ("hearing", "oral"),
            ("hearing_date_day", "3"),
            ("hearing_date_month", "10"),
            ("hearing_date_year", "2024"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(
        page.contains("Oral hearing on Thursday 3 October 2024"),
        "{page}"
    );
    let r = v.post(
        &format!("/appeals/{id}/events"),
        &[
            ("csrf_token", &token),
            ("kind", "hearing_listed"),
            ("date_day", "2"),
            ("date_month", "9"),
            ("date_year", "2024"),
            ("hearing", "oral"),
            ("hearing_date_day", "31"),
            ("hearing_date_month", "9"),
            ("hearing_date_year", "2024"),
        ],
    );
    assert_eq!(r.status, 422, "30 days has September: {}", r.body);
}

/// The demo's seed case recorded "appeal window closed" and "case closed" on 8 March 2024; an
/// appeal received 1 March 2024 is refused naming both, and recorded once they are withdrawn.
#[test]
fn an_appeal_on_a_closed_case_names_the_entries_to_withdraw() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", None);
    for kind in ["appeal_window_closed", "case_closed"] {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/events"),
            Some(&app.officer),
            &json!({"kind": kind, "date": "2024-03-08"}),
        );
        assert!(r.status < 300, "{kind}: {:?}", r.body);
    }
    let body = json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"});
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &body,
    );
    assert_eq!(r.status, 422, "{:?}", r.body);
    let detail = r.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("\u{201c}appeal window closed\u{201d} (8 March 2024) and \u{201c}case closed\u{201d} (8 March 2024)")
            && detail.contains("withdraw it"),
        "{detail}"
    );
    let events = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.manager))
        .body["events"]
        .clone();
    for kind in ["case_closed", "appeal_window_closed"] {
        let id = events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == kind)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = app.post(
            &format!("/api/v1/cases/{reference}/events/{id}/corrections"),
            Some(&app.officer),
            &json!({"retract": true, "reason": "the authority appealed in time"}),
        );
        assert!(r.status < 300, "{kind}: {:?}", r.body);
    }
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &body,
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
}
