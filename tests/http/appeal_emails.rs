//! The appeal's emails through the outbox to a real SMTP server (aiosmtpd), read back from its
//! Maildir (issue 18): the complainant told when the authority appeals; the case's officer told
//! the Commissioner's response date when the tribunal sends the notice of appeal, then reminded
//! by the scheduler five working days before, on the day and the working day after if missed,
//! each once however often it runs, and no more once the response is recorded; both parties
//! told the outcome. Runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::emails::worker;
use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, issue_notice};
use crate::smtp::SmtpServer;
use serde_json::{Value, json};

/// A case allocated to the officer, its notice issued 8 February 2024, appealed by the
/// authority under `tribunal` on 1 March 2024: the case's reference and the appeal's events
/// address.
fn appealed(app: &TestApp, tribunal: &str) -> (String, String) {
    let reference = allocated_case(app);
    issue_notice(app, &reference, "2024-02-08", Some(35));
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": tribunal, "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let events = format!("/api/v1/appeals/{}/events", r.body["id"]);
    (reference, events)
}

fn record(app: &TestApp, events: &str, body: &Value) {
    let r = app.post(events, Some(&app.officer), body);
    assert_eq!(r.status, 201, "{body}: {:?}", r.body);
}

/// The subjects received by `to` that mention `needle`, sorted.
fn subjects(server: &SmtpServer, to: &str, needle: &str) -> Vec<String> {
    let mut s: Vec<String> = server
        .received()
        .iter()
        .filter(|m| m.header("To").is_some_and(|t| t.contains(to)))
        .filter_map(|m| m.header("Subject"))
        .filter(|s| s.contains(needle))
        .collect();
    s.sort();
    s
}

#[test]
fn the_officer_is_reminded_of_the_commissioners_response_before_on_and_after_the_day_once_each() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let server = SmtpServer::start();
    let (first_case, first) = appealed(&app, "EA/2024/0123");
    let (_, second) = appealed(&app, "EA/2024/0124");
    // Sent Thursday 18 July 2024: due Thursday 15 August (GRC r23, 28 days). Sent Friday 19
    // July: due Friday 16 August, and missed from Monday 19 August.
    record(
        &app,
        &first,
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-18"}),
    );
    record(
        &app,
        &second,
        &json!({"kind": "notice_of_appeal_sent", "date": "2024-07-19"}),
    );
    let officer = "officer@example.org";
    let first_reminders = |s: &SmtpServer| subjects(s, officer, "appeal EA/2024/0123");
    let second_reminders = |s: &SmtpServer| subjects(s, officer, "appeal EA/2024/0124");

    // Five working days before Thursday 15 August is Thursday 8 August; the day before, nothing.
    worker(&app, &server.url(), "2024-08-07", 0)
        .tick()
        .expect("tick");
    assert_eq!(first_reminders(&server), Vec::<String>::new(), "too early");
    for day in ["2024-08-08", "2024-08-08", "2024-08-12"] {
        worker(&app, &server.url(), day, 0).tick().expect("tick");
    }
    let reference_in = |s: &str| s.contains("(IC-");
    let before = first_reminders(&server);
    assert_eq!(
        before.len(),
        1,
        "once however often the scheduler runs: {before:?}"
    );
    assert!(
        before[0].starts_with("Reminder: the Commissioner's response to appeal EA/2024/0123 (IC-")
            && before[0].ends_with("), Thursday 15 August 2024")
            && reference_in(&before[0]),
        "{before:?}"
    );
    let body = server
        .received()
        .into_iter()
        .find(|m| m.header("Subject").as_deref() == Some(before[0].as_str()))
        .expect("the reminder")
        .raw
        .replace("=\r\n", "")
        .replace("=\n", "");
    assert!(body.contains("by 5pm on Thursday 15 August 2024"), "{body}");
    assert!(body.contains("/appeals/"), "it links the appeal: {body}");

    // On the day, twice: one "due today".
    for minutes in [0, 60] {
        worker(&app, &server.url(), "2024-08-15", minutes)
            .tick()
            .expect("tick");
    }
    let on_the_day: Vec<String> = first_reminders(&server)
        .into_iter()
        .filter(|s| s.starts_with("Due today"))
        .collect();
    assert_eq!(on_the_day.len(), 1, "{on_the_day:?}");
    // The response goes at 15:30 BST; from then on nothing more is reminded for the first.
    record(
        &app,
        &first,
        &json!({"kind": "commissioner_response_sent", "timestamp": "2024-08-15T14:30:00Z"}),
    );
    for day in ["2024-08-16", "2024-08-19", "2024-08-20"] {
        worker(&app, &server.url(), day, 0).tick().expect("tick");
    }
    assert!(
        !first_reminders(&server)
            .iter()
            .any(|s| s.starts_with("Overdue")),
        "a response sent is not chased: {:?}",
        first_reminders(&server)
    );
    // The second was never answered: due today on Friday 16 August, overdue from Monday 19
    // August (the working day after), once.
    let second = second_reminders(&server);
    let starts: Vec<&str> = second
        .iter()
        .map(|s| s.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(starts, ["Due today", "Overdue", "Reminder"], "{second:?}");
    assert!(
        second.iter().all(|s| s.ends_with("Friday 16 August 2024")),
        "{second:?}"
    );

    let r = app.post(
        &first,
        Some(&app.manager),
        &json!({"kind": "tribunal_decision_sent", "date": "2024-11-04", "outcome": "dismissed"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    // The emails queued with the changes carry the service's "now" (31 December 2024): they go
    // when the worker's day reaches it.
    worker(&app, &server.url(), "2024-12-31", 720)
        .tick()
        .expect("tick");
    assert_eq!(
        subjects(&server, officer, "the Commissioner's response is due").len(),
        2,
        "the officer was told each response date when the notice of appeal was sent"
    );
    assert_eq!(
        subjects(&server, "alex@example.org", "has appealed the decision").len(),
        2,
        "the complainant was told of each appeal by the authority"
    );
    for party in ["alex@example.org", "foi@met.example"] {
        assert_eq!(
            subjects(&server, party, "Appeal EA/2024/0123 on"),
            [format!("Appeal EA/2024/0123 on {first_case}: Dismissed")],
            "both parties get the outcome: {party}"
        );
    }
}
