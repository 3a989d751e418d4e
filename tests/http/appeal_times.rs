//! The time of a stage on the appeal's pages (issue 18, rule 12 of both sets of tribunal rules:
//! an act due on a day is due by 5pm London time, so lateness is in hours and minutes): the
//! stage form and the new-appeal form take an optional time beside the date; and a decision
//! allowed in part takes the outcome on each of the notice's provisions, a select a row; the
//! correction page takes the same optional time. Runs on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use crate::appeal_pages::{appealed, between, latest_stage, stage, text};
use crate::helpers::{TestApp, date, deadline};
use crate::notices::{allocated_case, issue_notice, issue_notice_deciding};
use crate::pages::{Visitor, csrf_token, signed_in};

fn post(v: &mut Visitor, path: &str, page: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let token = csrf_token(&v.get(page).body);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    let r = v.post(path, &form);
    (r.status, r.body)
}

#[test]
fn a_response_sent_at_half_past_five_on_the_due_day_is_late_by_half_an_hour() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v = signed_in(&app, "officer");
    let (path, page) = (format!("/appeals/{id}/events"), format!("/appeals/{id}"));
    // Sent Thursday 18 July 2024: the response is due Thursday 15 August 2024 by 5pm (BST).
    let (status, _) = post(
        &mut v,
        &path,
        &page,
        &[
            ("kind", "notice_of_appeal_sent"),
            ("date_day", "18"),
            ("date_month", "7"),
            ("date_year", "2024"),
        ],
    );
    assert_eq!(status, 303);
    // A time that does not exist is refused beside the field, and what was typed stays.
    let (status, body) = post(
        &mut v,
        &path,
        &page,
        &[
            ("kind", "commissioner_response_sent"),
            ("date_day", "15"),
            ("date_month", "8"),
            ("date_year", "2024"),
            ("time", "25:30"),
        ],
    );
    assert_eq!(status, 422, "{body}");
    let body = text(&body);
    assert!(
        body.contains("Enter the time it happened as a time like 17:30 or 5:30pm"),
        "{body}"
    );
    assert!(
        body.contains("value=\"25:30\""),
        "the time typed stays: {body}"
    );
    assert!(body.contains("value=\"15\""), "the date typed stays");

    let (status, body) = post(
        &mut v,
        &path,
        &page,
        &[
            ("kind", "commissioner_response_sent"),
            ("date_day", "15"),
            ("date_month", "8"),
            ("date_year", "2024"),
            ("time", "17:30"),
        ],
    );
    assert_eq!(status, 303, "{body}");
    let page = text(&v.get(&page).body);
    let row = between(&page, "id=\"deadline-commissioner_response_due\"", "</tr>");
    assert!(row.contains("Met late"), "{row}");
    assert!(
        row.contains("30 minutes late"),
        "lateness in hours and minutes: {row}"
    );
    let stages = between(&page, "id=\"stage-list\"", "</table>");
    assert!(stages.contains("15 August 2024 at 17:30"), "{stages}");

    let api = app.get(&format!("/api/v1/appeals/{id}"), Some(&app.officer));
    let due = deadline(&api.body, "commissioner_response_due");
    assert_eq!(
        (&due["status"], &due["minutes_late"]),
        (&"met_late".into(), &30.into()),
        "{due}"
    );
}

#[test]
fn an_appeal_received_after_5pm_on_the_last_day_is_late_from_the_new_appeal_form() {
    // The notice of Thursday 8 February 2024 may be appealed until Thursday 7 March, by 5pm
    // (GMT).
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let mut v = signed_in(&app, "officer");
    let new = format!("/cases/{reference}/appeals/new");
    let fields = [
        ("tribunal_reference", "EA/2024/0123"),
        ("appellant", "public_authority"),
        ("date_day", "7"),
        ("date_month", "3"),
        ("date_year", "2024"),
        ("time", "7:15pm"),
    ];
    let (status, body) = post(&mut v, &new, &new, &fields);
    assert_eq!(status, 422, "late without the tribunal's leave: {body}");
    let body = text(&body);
    assert!(body.contains("after 5pm"), "{body}");
    assert!(body.contains("value=\"7:15pm\""), "the time typed stays");
    let mut extended = fields.to_vec();
    extended.push(("extension_granted", "yes"));
    let (status, body) = post(&mut v, &new, &new, &extended);
    assert_eq!(status, 303, "{body}");
    let case = app
        .get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body;
    let last = deadline(&case, "appeal_last_day");
    assert_eq!(
        (&last["status"], &last["minutes_late"]),
        (&"met_late".into(), &135.into()),
        "two hours and a quarter late: {last}"
    );
}

/// Long because it walks the form's refusal and its success.
#[test]
fn an_appeal_allowed_in_part_takes_a_select_per_provision_of_the_notice() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case(&app);
    issue_notice_deciding(
        &app,
        &reference,
        "2024-02-08",
        Some(35),
        &serde_json::json!([
            {"provision": "s40(2)", "outcome": "upheld"},
            {"provision": "s31(1)(a)", "outcome": "not_upheld"}
        ]),
    );
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &serde_json::json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let mut v = signed_in(&app, "officer");
    let (path, page) = (format!("/appeals/{id}/events"), format!("/appeals/{id}"));
    let shown = text(&v.get(&page).body);
    let rows = between(&shown, "id=\"provision-rulings\"", "</fieldset>");
    assert!(
        rows.contains("Outcome on section 40(2)") && rows.contains("Outcome on section 31(1)(a)"),
        "a row per provision the notice decided: {rows}"
    );
    assert!(
        rows.contains("<option value=\"allowed\">Allowed</option>")
            && rows.contains("<option value=\"dismissed\">Dismissed</option>"),
        "{rows}"
    );
    assert!(
        !shown.contains("name=\"provisions\""),
        "no text field to type them in"
    );
    let decision = |rulings: &[(&'static str, &'static str)]| {
        let mut fields = vec![
            ("kind", "tribunal_decision_sent"),
            ("date_day", "3"),
            ("date_month", "6"),
            ("date_year", "2024"),
            ("outcome", "allowed_in_part"),
            ("provision_0", "s40(2)"),
            ("provision_1", "s31(1)(a)"),
        ];
        fields.extend_from_slice(rulings);
        fields
    };
    // One provision left unchosen: refused beside its select, the other's choice kept.
    let (status, body) = post(&mut v, &path, &page, &decision(&[("ruling_0", "allowed")]));
    assert_eq!(status, 422, "{body}");
    let body = text(&body);
    assert!(
        body.contains("Select whether the appeal was allowed or dismissed on section 31(1)(a)")
            && body.contains("href=\"#ruling_1\""),
        "{body}"
    );
    let kept = between(&body, "id=\"ruling_0\"", "</select>");
    assert!(kept.contains("value=\"allowed\" selected"), "kept: {kept}");
    assert!(
        between(&body, "id=\"outcome\"", "</select>")
            .contains("value=\"allowed_in_part\" selected"),
        "the outcome stays"
    );
    let (status, body) = post(
        &mut v,
        &path,
        &page,
        &decision(&[("ruling_0", "allowed"), ("ruling_1", "dismissed")]),
    );
    assert_eq!(status, 303, "{body}");
    let shown = text(&v.get(&page).body);
    let per = between(&shown, "id=\"provision-outcomes\"", "</dd>");
    assert!(
        per.contains("s40(2): Allowed") && per.contains("s31(1)(a): Dismissed"),
        "{per}"
    );
    let api = app
        .get(&format!("/api/v1/appeals/{id}"), Some(&app.officer))
        .body;
    assert_eq!(
        api["provision_outcomes"],
        serde_json::json!([{"provision": "s40(2)", "outcome": "allowed"}, {"provision": "s31(1)(a)", "outcome": "dismissed"}]),
        "{api}"
    );
}

#[test]
fn the_rows_per_provision_count_only_for_a_decision_allowed_in_part() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0124");
    let mut v = signed_in(&app, "officer");
    let (path, page) = (format!("/appeals/{id}/events"), format!("/appeals/{id}"));
    // The hidden rows of a dismissed appeal are ignored.
    let (status, body) = post(
        &mut v,
        &path,
        &page,
        &[
            ("kind", "tribunal_decision_sent"),
            ("date_day", "3"),
            ("date_month", "6"),
            ("date_year", "2024"),
            ("outcome", "dismissed"),
            ("provision_0", "s31"),
            ("ruling_0", ""),
        ],
    );
    assert_eq!(status, 303, "{body}");
    let api = app
        .get(&format!("/api/v1/appeals/{id}"), Some(&app.officer))
        .body;
    assert_eq!(api["provision_outcomes"], serde_json::json!([]), "{api}");
    // Only a decision allowed in part has outcomes per provision.
    let r = app.post(
        &path.replace("/appeals/", "/api/v1/appeals/"),
        Some(&app.officer),
        &serde_json::json!({"kind": "tribunal_decision_sent", "date": "2024-06-04", "outcome": "dismissed", "provisions": [{"provision": "s40(2)", "outcome": "allowed"}]}),
    );
    assert_eq!(r.status, 422, "{:?}", r.body);
}

/// Long because it walks the refusal, the correction and the time shown again.
#[test]
fn a_stage_corrected_to_half_past_five_on_the_due_day_is_late_by_half_an_hour() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    // Sent Thursday 18 July 2024: the response is due Thursday 15 August 2024 by 5pm (BST),
    // recorded first as sent that day, in time.
    stage(
        &app,
        id,
        &serde_json::json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    stage(
        &app,
        id,
        &serde_json::json!({"kind": "commissioner_response_sent", "date": "2024-08-15"}),
    );
    let event = latest_stage(&app, id, "commissioner_response_sent");
    let path = format!("/appeals/{id}/stages/{event}/correct");
    let mut v = signed_in(&app, "officer");
    let form = v.get(&path);
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("name=\"time\" type=\"text\" value=\"\""),
        "a time box, empty for a stage recorded without one: {}",
        form.body
    );
    let correct = |time: &'static str| {
        vec![
            ("action", "redate"),
            ("date_day", "15"),
            ("date_month", "8"),
            ("date_year", "2024"),
            ("time", time),
            ("reason", "the email went at 17:30"),
        ]
    };
    let (status, body) = post(&mut v, &path, &path, &correct("25:30"));
    assert_eq!(status, 422, "{body}");
    let body = text(&body);
    assert!(
        body.contains("Enter the corrected time as a time like 17:30 or 5:30pm")
            && body.contains("href=\"#time\""),
        "{body}"
    );
    assert!(body.contains("value=\"25:30\""), "the time typed stays");
    assert!(
        body.contains("value=\"the email went at 17:30\""),
        "the reason stays"
    );

    let (status, body) = post(&mut v, &path, &path, &correct("5:30pm"));
    assert_eq!(status, 303, "{body}");
    let page = text(&v.get(&format!("/appeals/{id}")).body);
    let row = between(&page, "id=\"deadline-commissioner_response_due\"", "</tr>");
    assert!(
        row.contains("Met late") && row.contains("30 minutes late"),
        "{row}"
    );
    let stages = between(&page, "id=\"stage-list\"", "</table>");
    assert!(stages.contains("15 August 2024 at 17:30"), "{stages}");
    let api = app.get(&format!("/api/v1/appeals/{id}"), Some(&app.officer));
    let due = deadline(&api.body, "commissioner_response_due");
    assert_eq!(
        (&due["status"], &due["minutes_late"]),
        (&"met_late".into(), &30.into()),
        "{due}"
    );
    // The corrected stage's page shows its time; corrected again without one, the time goes.
    let corrected = latest_stage(&app, id, "commissioner_response_sent");
    let path = format!("/appeals/{id}/stages/{corrected}/correct");
    assert!(
        v.get(&path)
            .body
            .contains("name=\"time\" type=\"text\" value=\"17:30\""),
        "its London time"
    );
    let (status, body) = post(&mut v, &path, &path, &correct(""));
    assert_eq!(status, 303, "{body}");
    let api = app.get(&format!("/api/v1/appeals/{id}"), Some(&app.officer));
    assert_eq!(
        deadline(&api.body, "commissioner_response_due")["status"],
        "met",
        "by the day alone it is in time"
    );
}
