//! Cases through the API: opening, the lifecycle, corrections, allocation, lists and filters.

use crate::helpers::{TestApp, deadline, seed_events};
use serde_json::json;

#[test]
fn opening_a_case_from_the_seed_dates_shows_every_deadline_and_its_lateness() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let r = app.open_case(&app.officer, authority, seed_events());
    assert_eq!(r.status, 201, "{:?}", r.body);
    let reference = r.body["reference"].as_str().unwrap();
    assert!(
        section50::domain::parties::CaseReference::parse(reference).is_ok(),
        "{reference}"
    );
    assert_eq!(r.body["status"], "complaint_received");
    let response = deadline(&r.body, "response_due");
    assert_eq!(response["date"], "2023-03-13");
    assert_eq!(response["status"], "met_late");
    assert_eq!(response["working_days_late"], 67);
    assert_eq!(
        deadline(&r.body, "internal_review_due")["date"],
        "2023-08-18"
    );
    assert_eq!(r.body["complainant"]["name"], "Alex Complainant");
    assert_eq!(r.body["events"].as_array().unwrap().len(), 5);
    assert!(
        r.body["events"][0]["recorded_by"].is_i64(),
        "every write records who made it"
    );
}

#[test]
fn a_case_walks_through_allocation_to_a_decision_notice() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/cases/{reference}");

    let accepted = app.post(
        &format!("{path}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
    );
    assert_eq!(accepted.status, 201, "{:?}", accepted.body);
    assert_eq!(accepted.body["status"], "accepted");

    let allocated = app.post(
        &format!("{path}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
    );
    assert_eq!(allocated.status, 200, "{:?}", allocated.body);
    assert_eq!(allocated.body["status"], "allocated");
    assert_eq!(allocated.body["officer_id"], app.officer_id);

    let letter = app.post(
        &format!("{path}/events"),
        Some(&app.officer),
        &json!({"kind": "investigation_letter_sent", "date": "2023-11-07", "respond_by": "2023-12-06"}),
    );
    assert_eq!(letter.body["status"], "investigation");
    assert_eq!(
        deadline(&letter.body, "investigation_response_due")["status"],
        "overdue"
    );

    // The decision is issued through the notice workflow, dated as the real notice was.
    let case = crate::notices::issue_notice(&app, &reference, "2024-02-08", Some(35));
    assert_eq!(case["status"], "notice_issued");
    assert_eq!(deadline(&case, "appeal_last_day")["date"], "2024-03-07");
    assert_eq!(deadline(&case, "steps_due")["date"], "2024-03-14");

    // The officer's list is sorted by the next deadline and shows this case.
    let mine = app.get("/api/v1/cases", Some(&app.officer));
    assert_eq!(mine.body["total"], 1);
    assert_eq!(mine.body["items"][0]["next_deadline"], "2024-03-07");
}

#[test]
fn an_illegal_move_is_refused_with_422_and_nothing_is_written() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let events_before = app.count("case_events");
    let audit_before = app.count("audit_log");
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.officer),
        &json!({"kind": "informally_resolved", "date": "2024-02-08"}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.body["rule"], "illegal_transition");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("Complaint received"),
        "{}",
        r.body["detail"]
    );
    assert_eq!(app.count("case_events"), events_before);
    assert_eq!(app.count("audit_log"), audit_before);
}

#[test]
fn an_impossible_date_is_refused_in_words_a_case_officer_understands() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let r = app.open_case(
        &app.officer,
        authority,
        json!([
            {"kind": "request_received", "date": "2022-12-01"},
            {"kind": "response_sent", "date": "2023-02-01"},
            {"kind": "internal_review_requested", "date": "2023-01-05"}
        ]),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.body["detail"],
        "internal review requested on 5 January 2023 is before the response on 1 February 2023"
    );
    assert_eq!(app.count("cases"), 0, "nothing half-written");
    assert_eq!(app.count("complainants"), 0, "nothing half-written");
}

#[test]
fn a_future_event_and_a_rejection_without_a_reason_are_refused() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let future = app.open_case(
        &app.officer,
        authority,
        json!([{"kind": "request_received", "date": "2024-03-01"}]),
    );
    assert_eq!(future.status, 422);
    assert_eq!(future.body["rule"], "event_in_future");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_rejected", "date": "2023-10-01"}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.body["rule"], "reason_required");
    let ok = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_rejected", "date": "2023-10-01", "reason": "out_of_time"}),
    );
    assert_eq!(ok.body["status"], "rejected");
    assert_eq!(ok.body["rejection_reason"], "out_of_time");
}

#[test]
fn a_correction_supersedes_an_event_without_rewriting_history() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let opened = app.open_case(&app.officer, authority, seed_events());
    let reference = opened.body["reference"].as_str().unwrap().to_owned();
    let response_event = opened.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "response_sent")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/cases/{reference}/events/{response_event}/corrections");

    let corrected = app.post(
        &path,
        Some(&app.officer),
        &json!({"event": {"kind": "response_sent", "date": "2023-03-10"}, "reason": "the date was typed wrongly"}),
    );
    assert_eq!(corrected.status, 201, "{:?}", corrected.body);
    assert_eq!(deadline(&corrected.body, "response_due")["status"], "met");
    let events = corrected.body["events"].as_array().unwrap();
    assert_eq!(events.len(), 6, "the original stays in the log");
    let original = events.iter().find(|e| e["id"] == response_event).unwrap();
    assert_eq!(original["effective"], false);
    assert_eq!(original["date"], "2023-06-22");

    let again = app.post(
        &path,
        Some(&app.officer),
        &json!({"event": {"kind": "response_sent", "date": "2023-03-11"}, "reason": "the date was typed wrongly"}),
    );
    assert_eq!(
        again.status, 409,
        "an event is corrected once; correct the correction instead"
    );

    let wrong_kind = app.post(
        &format!(
            "/api/v1/cases/{reference}/events/{}/corrections",
            events.last().unwrap()["id"]
        ),
        Some(&app.officer),
        &json!({"event": {"kind": "fee_paid", "date": "2023-03-11"}, "reason": "the date was typed wrongly"}),
    );
    assert_eq!(wrong_kind.status, 422);
    assert_eq!(wrong_kind.body["rule"], "kind_changed");
}

#[test]
fn withdrawing_an_event_that_later_events_depend_on_is_refused() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let opened = app.open_case(&app.officer, authority, seed_events());
    let reference = opened.body["reference"].as_str().unwrap().to_owned();
    let review = opened.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "internal_review_requested")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events/{review}/corrections"),
        Some(&app.officer),
        &json!({"retract": true, "reason": "recorded on the wrong case"}),
    );
    assert_eq!(
        r.status, 422,
        "the completed review needs its request: {:?}",
        r.body
    );
    assert_eq!(r.body["rule"], "illegal_transition");
}

#[test]
fn the_caseload_filters_by_status_regime_and_overdue_and_pages() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    // Three awaiting a response: due 29 Feb (pending), due 13 Mar 2023 (overdue), and one EIR.
    app.open_case(
        &app.manager,
        authority,
        json!([{"kind": "request_received", "date": "2024-02-01"}]),
    );
    app.open_case(
        &app.manager,
        authority,
        json!([{"kind": "request_received", "date": "2023-02-13"}]),
    );
    let eir = app.post(
        "/api/v1/cases",
        Some(&app.manager),
        &json!({"regime": "eir", "authority_id": authority, "complainant": {"name": "E"}, "events": [{"kind": "request_received", "date": "2024-01-02"}]}),
    );
    assert_eq!(eir.status, 201, "{:?}", eir.body);

    let all = app.get("/api/v1/cases", Some(&app.manager));
    assert_eq!(all.body["total"], 3);
    let dates: Vec<_> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["next_deadline"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "sorted by next deadline");

    let overdue = app.get("/api/v1/cases?overdue=true", Some(&app.manager));
    assert_eq!(overdue.body["total"], 2, "{:?}", overdue.body);
    let eir_only = app.get("/api/v1/cases?regime=eir", Some(&app.manager));
    assert_eq!(eir_only.body["total"], 1);
    let due_before = app.get("/api/v1/cases?due_before=2024-01-31", Some(&app.manager));
    assert_eq!(due_before.body["total"], 2);
    let page2 = app.get("/api/v1/cases?per_page=2&page=2", Some(&app.manager));
    assert_eq!(page2.body["items"].as_array().unwrap().len(), 1);
    let by_status = app.get("/api/v1/cases?status=awaiting_response", Some(&app.manager));
    assert_eq!(by_status.body["total"], 3);

    for bad in [
        "status=open",
        "overdue=yes",
        "due_before=31/01/2024",
        "per_page=1000",
        "colour=red",
    ] {
        let r = app.get(&format!("/api/v1/cases?{bad}"), Some(&app.manager));
        assert_eq!(r.status, 422, "{bad}");
    }
}

#[test]
fn the_caseload_pages_through_the_cases_with_a_deadline_then_those_without() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let open = |events: serde_json::Value| {
        app.open_case(&app.manager, authority, events).body["reference"]
            .as_str()
            .expect("reference")
            .to_owned()
    };
    // Three awaiting a response (each has a next deadline) and two complaints rejected as
    // ineligible (closed: none).
    let dated: Vec<String> = ["2024-02-01", "2023-02-13", "2024-01-02"]
        .iter()
        .map(|d| open(json!([{"kind": "request_received", "date": d}])))
        .collect();
    let undated: Vec<String> = (0..2)
        .map(|_| {
            let reference = open(seed_events());
            let r = app.post(
                &format!("/api/v1/cases/{reference}/events"),
                Some(&app.manager),
                &json!({"kind": "complaint_rejected", "date": "2023-10-02", "reason": "out_of_time"}),
            );
            assert_eq!(r.status, 201, "{:?}", r.body);
            reference
        })
        .collect();
    let page = |n: u32| {
        let r = app.get(
            &format!("/api/v1/cases?per_page=2&page={n}"),
            Some(&app.manager),
        );
        assert_eq!(r.status, 200, "{:?}", r.body);
        assert_eq!(r.body["total"], 5, "page {n}");
        r.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|c| {
                (
                    c["reference"].as_str().unwrap().to_owned(),
                    c["next_deadline"].is_null(),
                )
            })
            .collect::<Vec<_>>()
    };
    // (name, page, how many cases with a deadline, how many without)
    let cases = [
        ("a page wholly of cases with a deadline", 1, 2, 0),
        (
            "a page where the dated cases end and the undated begin",
            2,
            1,
            1,
        ),
        ("a page wholly past the dated cases", 3, 0, 1),
        ("a page past the end", 4, 0, 0),
    ];
    let mut seen = Vec::new();
    for (name, n, with, without) in cases {
        let items = page(n);
        let (d, u): (Vec<_>, Vec<_>) = items.iter().partition(|(_, none)| !none);
        assert_eq!((d.len(), u.len()), (with, without), "{name}: {items:?}");
        assert!(
            items.windows(2).all(|w| w[0].1 <= w[1].1),
            "{name}: dated first"
        );
        seen.extend(items.into_iter().map(|(r, _)| r));
    }
    let mut expected: Vec<String> = dated.into_iter().chain(undated).collect();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected, "every case once, none twice");
}

#[test]
fn a_newly_proclaimed_holiday_moves_open_deadlines_and_the_case_says_so() {
    use section50::domain::calendar::{Calendars, Division, Proclamation, ProclamationEffect};
    use section50::domain::parties::{CaseReference, Role};
    use section50::domain::settings::ClockSettings;
    use section50::service::Actor;
    use section50::service::cases::{Context, detail, recompute_open_cases};

    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    // Received 1 Feb 2024: due Thu 29 Feb 2024 under the calendar of the day.
    let opened = app.open_case(
        &app.manager,
        authority,
        json!([{"kind": "request_received", "date": "2024-02-01"}]),
    );
    assert_eq!(deadline(&opened.body, "response_due")["date"], "2024-02-29");
    let reference = CaseReference::parse(opened.body["reference"].as_str().unwrap()).unwrap();

    // A day is proclaimed in Northern Ireland on 26 Feb 2024 after the case was saved.
    let mut settings = ClockSettings::default();
    settings.extra_holidays.push(Proclamation {
        date: crate::helpers::date("2024-02-26"),
        divisions: vec![Division::NorthernIreland],
        effect: ProclamationEffect::Additional,
        name: "Example proclamation".into(),
        source: "test".into(),
    });
    let calendars = Calendars::build(&settings.calendar_options());
    let actor = Actor {
        user_id: 1,
        name: "m".into(),
        role: Role::Manager,
    };
    let today = crate::helpers::date(crate::helpers::TODAY);
    let mail = section50::mail::MailSettings::default();
    let ctx = Context {
        actor: &actor,
        now: chrono::Utc::now(),
        today,
        settings: &settings,
        calendars: &calendars,
        mail: &mail,
    };
    let mut conn = app.pool.get().unwrap();

    let moved = detail(&mut conn, &ctx, &reference).unwrap();
    let due = moved
        .case
        .deadlines()
        .iter()
        .find(|d| d.name.slug() == "response_due")
        .unwrap();
    assert_eq!(
        due.date,
        Some(crate::helpers::date("2024-03-01")),
        "one working day later"
    );
    assert!(
        moved
            .date_changes
            .iter()
            .any(|c| c.contains("from 29 February 2024 to 1 March 2024")),
        "{:?}",
        moved.date_changes
    );

    assert_eq!(
        recompute_open_cases(&mut conn, &settings, &calendars, today).unwrap(),
        (1, 1)
    );
    assert!(
        detail(&mut conn, &ctx, &reference)
            .unwrap()
            .date_changes
            .is_empty(),
        "stored dates now follow the calendar"
    );
}

#[test]
fn a_case_keeps_its_existing_reference_which_is_unique_and_found_in_part() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let open = |reference: &str| {
        app.post(
            "/api/v1/cases",
            Some(&app.officer),
            &json!({
                "reference": reference,
                "regime": "foia",
                "authority_id": authority,
                "complainant": {"name": "Alex Complainant", "email": "alex@example.org", "postal_address": ""},
                "events": seed_events(),
            }),
        )
    };
    let r = open("ic-254468-z9k2");
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["reference"], "IC-254468-Z9K2", "kept, in capitals");
    let older = open("FS50123456");
    assert_eq!(
        older.status, 201,
        "the pre-2021 FOIA form: {:?}",
        older.body
    );

    let before = [app.count("cases"), app.count("complainants")];
    let again = open("IC-254468-Z9K2");
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap()
            .contains("already a case")
    );
    let bad = open("IC-2544-Z9K2");
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["rule"], "invalid_reference", "{:?}", bad.body);
    assert_eq!(
        [app.count("cases"), app.count("complainants")],
        before,
        "nothing written"
    );

    let found = app.get("/api/v1/cases?q=254468", Some(&app.officer));
    assert_eq!(found.body["total"], 1, "{:?}", found.body);
    assert_eq!(found.body["items"][0]["reference"], "IC-254468-Z9K2");
}
