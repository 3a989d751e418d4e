//! Emails through the outbox to a real SMTP server (aiosmtpd), read back from its Maildir:
//! queued with the change that causes them, sent once however often the scheduler runs,
//! kept and delivered once when the server was down, cancelled when their deadline moved or
//! was met; and on PostgreSQL, two workers racing over one outbox.

use crate::helpers::{TestApp, date, seed_events};
use crate::smtp::SmtpServer;
use section50::clock::Clock;
use section50::worker::Worker;
use serde_json::json;

/// A worker whose "now" is noon on `day` plus `minutes`, sending to `smtp_url`.
pub(crate) fn worker(app: &TestApp, smtp_url: &str, day: &str, minutes: i64) -> Worker {
    let now = date(day).and_hms_opt(12, 0, 0).expect("noon").and_utc()
        + chrono::Duration::minutes(minutes);
    app.worker(Clock::Fixed(now), |settings| {
        settings.smtp_url = Some(smtp_url.to_owned());
        settings.mail.max_attempts = 3;
    })
}

fn case_with_chase_letter(app: &TestApp) -> String {
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reply = app.open_case(&app.manager, authority, seed_events());
    assert_eq!(reply.status, 201, "{}", reply.body["detail"]);
    let reference = reply.body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    // The chase letter of Monday 2 October 2023 asks for a reply within 10 working days: by
    // Monday 16 October 2023.
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.manager),
        &json!({"kind": "chase_letter_sent", "date": "2023-10-02"}),
    );
    assert!(
        r.status == 200 || r.status == 201,
        "{} {}",
        r.status,
        r.body["detail"]
    );
    reference
}

fn subjects_to(server: &SmtpServer, to: &str) -> Vec<String> {
    let mut s: Vec<String> = server
        .received()
        .iter()
        .filter(|m| m.header("To").is_some_and(|t| t.contains(to)))
        .filter_map(|m| m.header("Subject"))
        .collect();
    s.sort();
    s
}

fn outbox_statuses(app: &TestApp) -> Vec<(String, String)> {
    use diesel::prelude::*;
    use section50::db::schema::outbox;
    let mut conn = app.pool.get().expect("connection");
    outbox::table
        .order(outbox::id.asc())
        .select((outbox::kind, outbox::status))
        .load(&mut conn)
        .expect("outbox")
}

#[test]
fn a_new_complaint_queues_its_emails_with_the_case_and_they_arrive_once_with_the_right_headers() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    // A case refused by the rules writes no email either.
    let refused = app.open_case(
        &app.manager,
        authority,
        json!([{"kind": "request_received", "date": "2023-02-13"},
               {"kind": "response_sent", "date": "2023-02-01"},
               {"kind": "complaint_received", "date": "2023-09-20"}]),
    );
    assert_eq!(refused.status, 422);
    assert_eq!(app.count("outbox"), 0);

    let reply = app.open_case(&app.manager, authority, seed_events());
    let reference = reply.body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    assert_eq!(
        outbox_statuses(&app),
        vec![
            (
                "complaint_received_authority".to_owned(),
                "queued".to_owned()
            ),
            (
                "complaint_received_complainant".to_owned(),
                "queued".to_owned()
            ),
        ]
    );
    let w = worker(&app, &server.url(), "2024-02-20", 0);
    let first = w.dispatch().expect("dispatch");
    assert_eq!(first.sent, 2);
    let second = w.dispatch().expect("dispatch again");
    assert_eq!(second.sent, 0);

    let received = server.received();
    assert_eq!(received.len(), 2, "each message arrives once");
    let to_authority = received
        .iter()
        .find(|m| {
            m.header("To")
                .is_some_and(|t| t.contains("foi@met.example"))
        })
        .expect("the authority's email");
    assert_eq!(
        to_authority.header("Subject").as_deref(),
        Some(
            format!(
                "Complaint received about Commissioner of Police of the Metropolis: {reference}"
            )
            .as_str()
        )
    );
    assert_eq!(
        to_authority.header("X-Case-Reference"),
        Some(reference.clone())
    );
    assert!(
        to_authority
            .header("From")
            .is_some_and(|f| f.contains("casework@section50.invalid"))
    );
    assert!(to_authority.header("Date").is_some());
    assert!(
        to_authority
            .header("Content-Type")
            .is_some_and(|c| c.starts_with("multipart/alternative")),
        "text and HTML parts"
    );
    assert!(
        !to_authority.raw.contains("Alex Complainant"),
        "the authority is not told the complainant's name"
    );
    let to_complainant = received
        .iter()
        .find(|m| {
            m.header("To")
                .is_some_and(|t| t.contains("alex@example.org"))
        })
        .expect("the complainant's email");
    assert!(to_complainant.raw.contains("Dear Alex Complainant"));
    assert!(to_complainant.raw.contains(&reference));
    assert_eq!(
        outbox_statuses(&app)
            .iter()
            .filter(|(_, s)| s == "sent")
            .count(),
        2
    );
}

#[test]
fn reminders_are_sent_once_however_often_the_scheduler_runs_before_on_and_after_the_day() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let reference = case_with_chase_letter(&app);
    // Five working days before Monday 16 October is Monday 9 October.
    for day in ["2023-10-06", "2023-10-09", "2023-10-09", "2023-10-13"] {
        worker(&app, &server.url(), day, 0).tick().expect("tick");
    }
    let letters = |server: &SmtpServer| -> Vec<String> {
        subjects_to(server, "foi@met.example")
            .into_iter()
            .filter(|s| !s.starts_with("Complaint received"))
            .collect()
    };
    assert_eq!(
        letters(&server),
        vec![format!(
            "Reminder: Response to the Commissioner's letter due for {reference}, Monday 16 October 2023"
        )]
    );
    for day in ["2023-10-16", "2023-10-16", "2023-10-17", "2023-10-18"] {
        worker(&app, &server.url(), day, 0).tick().expect("tick");
    }
    assert_eq!(
        letters(&server),
        vec![
            format!(
                "Due today: Response to the Commissioner's letter due for {reference}, Monday 16 October 2023"
            ),
            format!(
                "Overdue: Response to the Commissioner's letter due for {reference}, Monday 16 October 2023"
            ),
            format!(
                "Reminder: Response to the Commissioner's letter due for {reference}, Monday 16 October 2023"
            ),
        ]
    );
    // Managers hear once a week: the weeks of 6, 9-13 and 16-18 October are three ISO weeks.
    let weekly = subjects_to(&server, "manager@example.org");
    assert_eq!(weekly.len(), 3, "{weekly:?}");
    assert!(
        weekly
            .iter()
            .all(|s| s.starts_with("Weekly casework summary"))
    );
}

#[test]
fn with_the_smtp_server_down_messages_wait_and_arrive_exactly_once_when_it_returns() {
    let app = TestApp::spawn();
    let mut server = SmtpServer::stopped();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    app.open_case(&app.manager, authority, seed_events());
    let down = worker(&app, &server.url(), "2024-02-20", 0)
        .dispatch()
        .expect("dispatch");
    assert_eq!((down.sent, down.retrying), (0, 2));
    assert!(
        outbox_statuses(&app).iter().all(|(_, s)| s == "queued"),
        "nothing is lost: {:?}",
        outbox_statuses(&app)
    );
    server.resume();
    // Still inside the backoff: nothing is attempted.
    let early = worker(&app, &server.url(), "2024-02-20", 0)
        .dispatch()
        .expect("dispatch");
    assert_eq!(early.sent, 0);
    // After the first backoff (one minute) both go, once.
    let back = worker(&app, &server.url(), "2024-02-20", 2)
        .dispatch()
        .expect("dispatch");
    assert_eq!(back.sent, 2);
    let again = worker(&app, &server.url(), "2024-02-20", 60)
        .dispatch()
        .expect("dispatch");
    assert_eq!(again.sent, 0);
    assert_eq!(server.received().len(), 2);
}

#[test]
fn a_message_that_keeps_failing_is_marked_failed_and_an_admin_can_retry_it() {
    let app = TestApp::spawn();
    let mut server = SmtpServer::stopped();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    app.open_case(&app.manager, authority, seed_events());
    // Three attempts (the test worker's limit): at once, after 1 and after 2 more minutes.
    for minutes in [0, 2, 5] {
        worker(&app, &server.url(), "2024-02-20", minutes)
            .dispatch()
            .expect("dispatch");
    }
    assert!(
        outbox_statuses(&app).iter().all(|(_, s)| s == "failed"),
        "{:?}",
        outbox_statuses(&app)
    );
    server.resume();
    let nothing = worker(&app, &server.url(), "2024-02-20", 600)
        .dispatch()
        .expect("dispatch");
    assert_eq!(nothing.sent, 0, "failed messages wait for an admin");
    // The admin retries one.
    use diesel::prelude::*;
    let id: i64 = {
        let mut conn = app.pool.get().expect("connection");
        section50::db::schema::outbox::table
            .select(section50::db::schema::outbox::id)
            .first(&mut conn)
            .expect("a message")
    };
    let admin = section50::service::Actor {
        user_id: 4,
        name: "admin".into(),
        role: section50::domain::parties::Role::Admin,
    };
    let mut conn = app.pool.get().expect("connection");
    section50::service::outbox::retry(
        &mut conn,
        &admin,
        Clock::fixed_on(date("2024-02-20")).now(),
        id,
    )
    .expect("retry");
    drop(conn);
    let retried = worker(&app, &server.url(), "2024-02-20", 601)
        .dispatch()
        .expect("dispatch");
    assert_eq!(retried.sent, 1);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_reminder_whose_deadline_moved_or_was_met_is_cancelled_not_sent() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let reference = case_with_chase_letter(&app);
    let on_9th = worker(&app, &server.url(), "2023-10-09", 0);
    let planned = on_9th.plan(false).expect("plan");
    assert!(planned.queued >= 1);
    // The chase letter was in fact sent on 3 October: its reply date moves to 17 October.
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.manager));
    let chase_id = case.body["events"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["kind"] == "chase_letter_sent"))
        .and_then(|x| x["id"].as_i64())
        .expect("the chase letter event");
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events/{chase_id}/corrections"),
        Some(&app.manager),
        &json!({"event": {"kind": "chase_letter_sent", "date": "2023-10-03"}, "reason": "the date was typed wrongly"}),
    );
    assert!(
        r.status == 200 || r.status == 201,
        "{} {}",
        r.status,
        r.body["detail"]
    );
    let sent = on_9th.dispatch().expect("dispatch");
    assert_eq!(sent.cancelled, 1, "the reminder for 16 October is stale");
    assert!(
        !subjects_to(&server, "foi@met.example")
            .iter()
            .any(|s| s.contains("16 October")),
        "no reminder names the old date"
    );
    // The next pass reminds of the new date; then the authority replies and the next
    // reminder (on the day) is cancelled.
    let on_10th = worker(&app, &server.url(), "2023-10-10", 0);
    on_10th.tick().expect("tick");
    assert!(
        subjects_to(&server, "foi@met.example")
            .iter()
            .any(|s| s.contains("Tuesday 17 October 2023")),
        "{:?}",
        subjects_to(&server, "foi@met.example")
    );
    let on_day = worker(&app, &server.url(), "2023-10-17", 0);
    on_day.plan(false).expect("plan");
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.manager),
        &json!({"kind": "response_sent", "date": "2023-10-16"}),
    );
    assert!(
        r.status == 200 || r.status == 201,
        "{} {}",
        r.status,
        r.body["detail"]
    );
    let after = on_day.dispatch().expect("dispatch");
    assert_eq!(after.cancelled, 1, "{after:?}");
    assert!(
        !subjects_to(&server, "foi@met.example")
            .iter()
            .any(|s| s.starts_with("Due today")),
    );
}

#[test]
fn two_workers_racing_over_one_outbox_send_every_message_exactly_once() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    for _ in 0..15 {
        app.open_case(&app.manager, authority, seed_events());
    }
    assert_eq!(app.count("outbox"), 30);
    let url = server.url();
    let workers = [
        worker(&app, &url, "2024-02-20", 0),
        worker(&app, &url, "2024-02-20", 0),
    ];
    let totals: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = workers
            .iter()
            .map(|w| s.spawn(move || w.dispatch().expect("dispatch").sent))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    assert_eq!(totals.iter().sum::<usize>(), 30, "{totals:?}");
    let received = server.received();
    assert_eq!(received.len(), 30);
    let mut keys: Vec<(Option<String>, Option<String>)> = received
        .iter()
        .map(|m| (m.header("X-Case-Reference"), m.header("To")))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 30, "no message arrived twice");
}

#[test]
fn a_party_who_opts_out_gets_no_more_reminders_but_still_gets_statutory_notices() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let reference = case_with_chase_letter(&app);
    worker(&app, &server.url(), "2023-10-09", 0)
        .tick()
        .expect("tick");
    let reminder = server
        .received()
        .into_iter()
        .find(|m| {
            m.header("Subject")
                .is_some_and(|s| s.starts_with("Reminder"))
        })
        .expect("a reminder");
    // The link in the email, unfolded from quoted-printable.
    let raw = reminder.raw.replace("=\r\n", "").replace("=\n", "");
    let start = raw.find("/opt-out/").expect("an opt-out link");
    let token: String = raw[start + "/opt-out/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let form = app.get(&format!("/opt-out/{token}"), None);
    assert_eq!(form.status, 200);
    assert_eq!(
        app.count("email_recipients WHERE opted_out_at IS NOT NULL"),
        0,
        "a GET changes nothing"
    );
    let done = app.send("POST", &format!("/opt-out/{token}"), None, "");
    assert_eq!(done.status, 200);
    assert!(
        done.body
            .as_str()
            .is_some_and(|b| b.contains("Reminders stopped"))
    );
    // The reminder on the day is cancelled for this address.
    let on_day = worker(&app, &server.url(), "2023-10-16", 0)
        .tick()
        .expect("tick");
    assert_eq!(on_day.dispatched.cancelled, 1, "{on_day:?}");
    assert!(
        !subjects_to(&server, "foi@met.example")
            .iter()
            .any(|s| s.starts_with("Due today"))
    );
    // A decision notice is statutory: it goes anyway.
    let r = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.manager),
        &json!({"kind": "complaint_accepted", "date": "2023-10-20"}),
    );
    assert!(r.status == 200 || r.status == 201, "{}", r.body["detail"]);
    let r = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-10-23"}),
    );
    assert_eq!(r.status, 200, "{}", r.body["detail"]);
    crate::notices::issue_notice(&app, &reference, "2024-02-08", Some(35));
    worker(&app, &server.url(), "2024-02-20", 0)
        .dispatch()
        .expect("dispatch");
    let notice = subjects_to(&server, "foi@met.example")
        .into_iter()
        .find(|s| s.starts_with("Decision notice issued"))
        .expect("the statutory notice");
    // Steps within 35 days of 8 February, after the 28-day appeal window: 14 March 2024.
    assert_eq!(
        notice,
        format!("Decision notice issued: {reference}, steps due Thursday 14 March 2024")
    );
    let complainant = subjects_to(&server, "alex@example.org");
    assert!(
        complainant.contains(&format!("Decision on your complaint {reference}")),
        "{complainant:?}"
    );
}

/// One context with every value any email uses, fixed, for the snapshots.
fn snapshot_context() -> serde_json::Value {
    json!({
        "reference": "IC-123456-ABCD",
        "regulator": "the Commissioner",
        "regulator_cap": "The Commissioner",
        "regulator_name": "Information Commissioner's Office",
        "contact": "casework@ico.example",
        "officer": "Sam Officer",
        "opt_out_url": "https://casework.example/opt-out/TOKEN",
        "authority": "Commissioner of Police of the Metropolis",
        "recipient_name": "Alex Complainant",
        "issued": "Thursday 8 February 2024",
        "steps_due": "Thursday 14 March 2024",
        "appeal_last_day": "Thursday 7 March 2024",
        "deadline": "Monday 16 October 2023",
        "deadline_label": "Response to the Commissioner's letter due",
        "moment": "before",
        "today": "Tuesday 20 February 2024",
        "days": 5,
        "overdue": 1,
        "due_soon": 1,
        "cases": [
            {"reference": "IC-111111-AAAA", "authority": "the MPS", "deadline": "Monday 19 February 2024",
             "deadline_label": "Steps due", "overdue": true, "url": "https://casework.example/cases/IC-111111-AAAA"},
            {"reference": "IC-222222-BBBB", "authority": "the Council", "deadline": "Friday 23 February 2024",
             "deadline_label": "Reply to the investigation letter due", "overdue": false,
             "url": "https://casework.example/cases/IC-222222-BBBB"}
        ],
        "more": 0,
        "list_url": "https://casework.example/cases",
        "week": "2024-W08",
        "overdue_by_stage": [{"label": "Steps due", "count": 3}, {"label": "Response to the Commissioner's letter due", "count": 2}],
        "overdue_total": 5,
        "past_standard": 12,
        "standard_days": 180,
        "team_url": "https://casework.example/team",
        "download_url": "https://casework.example/notices/TOKEN",
        "actor": "Morgan Manager",
        "version": 3,
        "comment": "Paragraph 12 should cite section 40(2) <not 40(1)>.",
        "notice_url": "https://casework.example/cases/IC-123456-ABCD/notice",
        "queue_url": "https://casework.example/approvals",
        "tribunal_reference": "EA/2024/0123",
        "court": "First-tier Tribunal",
        "received": "Friday 1 March 2024",
        "sent": "Thursday 18 July 2024",
        "rule": "28 calendar days after the tribunal sent the notice of appeal on 18 July 2024",
        "appeal_url": "https://casework.example/appeals/1",
        "decided": "Monday 4 November 2024",
        "outcome": "Dismissed",
    })
}

#[test]
fn every_email_reads_as_it_should() {
    use section50::mail::{EmailKind, render};
    for kind in EmailKind::ALL {
        let mut moments = vec![("", snapshot_context())];
        if matches!(
            kind,
            EmailKind::LetterReminder
                | EmailKind::StepsReminder
                | EmailKind::AppealResponseReminder
        ) {
            for m in ["on_the_day", "missed"] {
                let mut c = snapshot_context();
                c["moment"] = json!(m);
                moments.push((m, c));
            }
        }
        if kind == EmailKind::NoticeIssuedAuthority {
            let mut c = snapshot_context();
            c["steps_due"] = json!("");
            moments.push(("no_steps", c));
        }
        for (variant, context) in moments {
            let rendered = render(kind, &context).expect("renders");
            let name = if variant.is_empty() {
                kind.slug().to_owned()
            } else {
                format!("{}_{variant}", kind.slug())
            };
            insta::assert_snapshot!(
                format!("email_{name}"),
                format!(
                    "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                    rendered.subject, rendered.text, rendered.html
                )
            );
        }
    }
}

#[test]
fn text_from_users_is_escaped_in_html_emails_and_kept_literally_in_text() {
    let mut c = snapshot_context();
    c["recipient_name"] = json!("<b>Alex</b> & \"friends\"");
    let rendered =
        section50::mail::render(section50::mail::EmailKind::CaseAllocated, &c).expect("renders");
    assert!(
        rendered
            .html
            .contains("&lt;b&gt;Alex&lt;&#x2F;b&gt; &amp; &quot;friends&quot;")
    );
    assert!(!rendered.html.contains("<b>Alex</b>"));
    assert!(rendered.text.contains("Dear <b>Alex</b> & \"friends\","));
}

#[test]
fn without_an_smtp_server_emails_are_written_as_eml_files() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    app.open_case(&app.manager, authority, seed_events());
    let dir = tempfile::tempdir().expect("outbox folder");
    let noon = date("2024-02-20")
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc();
    let w = app.worker(Clock::Fixed(noon), |settings| {
        settings.smtp_url = None;
        settings.outbox_dir = dir.path().to_path_buf();
    });
    assert_eq!(w.dispatch().expect("dispatch").sent, 2);
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read the folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| std::fs::read_to_string(e.path()).expect("an email"))
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files.iter().any(|f| f.contains("To: foi@met.example")));
}

#[test]
fn remind_on_the_command_line_previews_with_dry_run_and_then_queues_once() {
    let db = crate::helpers::TestDb::new();
    let url = match &db.url {
        section50::config::DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        section50::config::DatabaseUrl::Postgres(u) => u.clone(),
    };
    let outbox_dir = tempfile::tempdir().expect("outbox folder");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_section50"))
            .args(args)
            .env("SECTION50_DATABASE_URL", &url)
            .env("SECTION50_OUTBOX_DIR", outbox_dir.path())
            .env_remove("SECTION50_SMTP_URL")
            .output()
            .expect("section50 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // The small demo, dated relative to today, with a manager to summarise the week for.
    run(&["demo"]);
    let preview = run(&["remind", "--dry-run"]);
    assert!(
        preview.contains("dry run: nothing queued or sent"),
        "{preview}"
    );
    assert!(
        preview.contains("to the manager: Weekly casework summary"),
        "{preview}"
    );
    let queued_after_preview = {
        let pool = db.pool();
        let mut conn = pool.get().expect("connection");
        use diesel::prelude::*;
        section50::db::schema::outbox::table
            .filter(
                section50::db::schema::outbox::kind.eq_any(["officer_digest", "manager_summary"]),
            )
            .count()
            .get_result::<i64>(&mut conn)
            .expect("count")
    };
    assert_eq!(queued_after_preview, 0, "a dry run queues nothing");
    let first = run(&["remind"]);
    assert!(first.contains("newly queued"), "{first}");
    let second = run(&["remind"]);
    assert!(second.contains(", 0 newly queued"), "{second}");
    assert!(second.contains("0 sent"), "{second}");
}

#[test]
fn officers_get_one_digest_a_day_of_their_cases_due_soon_or_overdue() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let reference = case_with_chase_letter(&app);
    for (path, body) in [
        (
            "events",
            json!({"kind": "complaint_accepted", "date": "2023-10-03"}),
        ),
        (
            "allocation",
            json!({"officer_id": app.officer_id, "date": "2023-10-04"}),
        ),
    ] {
        let r = app.post(
            &format!("/api/v1/cases/{reference}/{path}"),
            Some(&app.manager),
            &body,
        );
        assert!(r.status == 200 || r.status == 201, "{}", r.body["detail"]);
    }
    // Thursday 12 October: the reply due Monday 16 October is within 5 working days.
    for day in ["2023-10-12", "2023-10-12", "2023-10-17"] {
        worker(&app, &server.url(), day, 0).tick().expect("tick");
    }
    let digests = subjects_to(&server, "officer@example.org");
    assert_eq!(
        digests,
        vec![
            "Your cases for Thursday 12 October 2023: 0 overdue, 1 due soon".to_owned(),
            "Your cases for Tuesday 17 October 2023: 1 overdue, 0 due soon".to_owned(),
        ]
    );
    let digest = server
        .received()
        .into_iter()
        .find(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("12 October"))
        })
        .expect("the first digest");
    let body = digest.raw.replace("=\r\n", "").replace("=\n", "");
    assert!(body.contains(&reference), "the digest lists the case");
    assert!(body.contains("Monday 16 October 2023"));
}

#[test]
fn a_dry_run_of_the_scheduler_plans_reminders_but_writes_nothing() {
    use diesel::prelude::*;
    use section50::db::schema::{email_recipients, outbox};
    let app = TestApp::spawn();
    case_with_chase_letter(&app);
    {
        let mut conn = app.pool.get().expect("connection");
        diesel::delete(outbox::table)
            .execute(&mut conn)
            .expect("empty the outbox");
        diesel::delete(email_recipients::table)
            .execute(&mut conn)
            .expect("forget the addresses");
    }
    let plan = worker(&app, "smtp://unused", "2023-10-09", 0)
        .plan(true)
        .expect("dry run");
    assert!(
        plan.messages
            .iter()
            .any(|(subject, role)| role == "authority" && subject.starts_with("Reminder")),
        "{plan:?}"
    );
    assert_eq!(plan.queued, 0);
    assert_eq!(app.count("outbox"), 0);
    assert_eq!(
        app.count("email_recipients"),
        0,
        "not even an opt-out secret is made"
    );
}

#[test]
fn a_stored_status_nobody_knows_is_an_error_naming_the_table_column_and_value() {
    use diesel::prelude::*;
    use section50::db::schema::outbox;
    let app = TestApp::spawn();
    let mut conn = app.pool.get().expect("connection");
    allow_unknown_status(&mut conn);
    let at = date("2024-02-20").and_hms_opt(9, 0, 0).expect("time");
    diesel::insert_into(outbox::table)
        .values((
            outbox::dedup_key.eq("-|x|2024-02-20|a@example.org"),
            outbox::kind.eq("officer_digest"),
            outbox::recipient.eq("a@example.org"),
            outbox::recipient_role.eq("officer"),
            outbox::statutory.eq(false),
            outbox::subject.eq("s"),
            outbox::body_text.eq("t"),
            outbox::body_html.eq("h"),
            // Not one of queued, sending, sent, failed, cancelled.
            outbox::status.eq("delivered"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(at),
            outbox::created_at.eq(at),
        ))
        .execute(&mut conn)
        .expect("insert");
    let admin = section50::service::Actor {
        user_id: 4,
        name: "admin".into(),
        role: section50::domain::parties::Role::Admin,
    };
    let error = section50::service::outbox::list(&mut conn, &admin, None, 10)
        .expect_err("an unknown status is not read as a default");
    assert!(
        matches!(error, section50::service::ServiceError::Unexpected(_)),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("outbox.status") && message.contains("delivered"),
        "{message}"
    );
    assert!(section50::service::outbox::counts(&mut conn).is_err());
}

/// Lets this connection store a value the schema's CHECK refuses, as a database written by
/// another version of the service could hold.
fn allow_unknown_status(conn: &mut section50::db::AnyConnection) {
    use diesel::connection::SimpleConnection;
    let sql = if section50::db::is_postgres(conn) {
        "ALTER TABLE outbox DROP CONSTRAINT outbox_status_check"
    } else {
        "PRAGMA ignore_check_constraints = ON"
    };
    conn.batch_execute(sql).expect("checks relaxed");
}
