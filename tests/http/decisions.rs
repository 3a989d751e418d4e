//! A decision reaching the parties and the people around it: the issued notice delivered by a
//! real SMTP server to each party with their PDF copy (the authority's without the
//! complainant's details, read back with `pdftotext`) and a working private download link; the
//! outbox showing the attachments; the editor's autosave (saved, or a conflict that keeps both
//! texts), restoring a version, the managers' approval queue, and four eyes through the pages.

use crate::emails::worker;
use crate::helpers::TestApp;
use crate::notices::{allocated_case, finish, issue_notice};
use crate::pages::{Visitor, csrf_token, signed_in};
use crate::smtp::{Received, SmtpServer, attachment_and_link, pdf_text};
use serde_json::{Value, json};

/// The one message to `to` whose subject starts with `subject`.
fn message_to(server: &SmtpServer, to: &str, subject: &str) -> Received {
    let found: Vec<Received> = server
        .received()
        .into_iter()
        .filter(|m| m.header("To").is_some_and(|t| t.contains(to)))
        .filter(|m| m.header("Subject").is_some_and(|s| s.starts_with(subject)))
        .collect();
    assert_eq!(found.len(), 1, "one '{subject}' to {to}");
    found.into_iter().next().expect("the message")
}

/// GETs a path with no session and no token: status, content type and body bytes.
fn fetch(app: &TestApp, path: &str) -> (u16, String, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent
        .get(&format!("{}{path}", app.base))
        .call()
        .expect("GET");
    let kind = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let status = resp.status().as_u16();
    let body = resp
        .body_mut()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()
        .expect("a body");
    (status, kind, body)
}

#[test]
fn issuing_delivers_each_party_its_own_pdf_by_email_and_by_a_private_link() {
    let app = TestApp::spawn();
    let server = SmtpServer::start();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let sent = worker(&app, &server.url(), "2024-02-20", 0)
        .dispatch()
        .expect("dispatch");
    assert!(sent.sent >= 2, "{sent:?}");

    let public = app
        .settings
        .mail
        .public_url
        .trim_end_matches('/')
        .to_owned();
    let authority = message_to(&server, "foi@met.example", "Decision notice issued");
    let complainant = message_to(&server, "alex@example.org", "Decision on your complaint");
    let mut links = Vec::new();
    for (message, party) in [(&authority, false), (&complainant, true)] {
        let (name, pdf, link) = attachment_and_link(message);
        assert_eq!(name, format!("{reference}-decision-notice.pdf"));
        let path = link
            .strip_prefix(&public)
            .unwrap_or_else(|| panic!("{link} is under the service's public address {public}"))
            .to_owned();
        let (status, kind, downloaded) = fetch(&app, &path);
        assert_eq!((status, kind.as_str()), (200, "application/pdf"), "{path}");
        for (copy, bytes) in [("attached", &pdf), ("downloaded", &downloaded)] {
            let text = pdf_text(bytes);
            assert!(text.contains(&reference), "{copy}: {text}");
            assert!(text.contains("8 February 2024"), "{copy}: dated as issued");
            for detail in ["Alex Complainant", "1 High Street"] {
                assert_eq!(
                    text.contains(detail),
                    party,
                    "{copy} copy for the {}: {detail}",
                    if party { "complainant" } else { "authority" }
                );
            }
        }
        links.push(path);
    }
    assert_ne!(links[0], links[1], "each party has its own link");
    assert_eq!(fetch(&app, "/notices/not-a-real-link").0, 404);

    // The outbox shows each message's attachment to admins.
    let mut admin = signed_in(&app, "admin");
    let ids = outbox_ids(&app, "notice_issued");
    assert_eq!(ids.len(), 2);
    for id in ids {
        let page = admin.get(&format!("/outbox/{id}"));
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(&format!("{reference}-decision-notice.pdf (")),
            "{}",
            page.body
        );
        assert!(page.body.contains(" KB)"));
    }
}

/// The outbox ids of messages whose kind starts with `kind`.
fn outbox_ids(app: &TestApp, kind: &str) -> Vec<i64> {
    use diesel::prelude::*;
    use section50::db::schema::outbox;
    let mut conn = app.pool.get().expect("connection");
    outbox::table
        .filter(outbox::kind.like(format!("{kind}%")))
        .order(outbox::id.asc())
        .select(outbox::id)
        .load(&mut conn)
        .expect("outbox")
}

/// A drafted notice (version 1, by the officer) and the text and label of its first paragraph.
fn drafted(app: &TestApp) -> (String, String) {
    let reference = allocated_case(app);
    let r = app.post(
        &format!("/api/v1/cases/{reference}/notice/generate"),
        Some(&app.officer),
        &json!({}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let label = r.body["notice"]["sections"][0]["blocks"][0]["label"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    (reference, label)
}

fn first_paragraph(app: &TestApp, reference: &str) -> (i64, Value) {
    let r = app.get(
        &format!("/api/v1/cases/{reference}/notice"),
        Some(&app.officer),
    );
    (
        r.body["version"].as_i64().expect("a version"),
        r.body["notice"]["sections"][0]["blocks"][0]["parts"].clone(),
    )
}

/// Posts the editor's form (its first paragraph's text) to `action` from an editor page.
fn post_text(
    v: &mut Visitor,
    reference: &str,
    action: &str,
    version: &str,
    (label, text): (&str, &str),
) -> crate::pages::Page {
    let page = v.get(&format!("/cases/{reference}/notice"));
    assert_eq!(page.status, 200);
    let token = csrf_token(&page.body);
    v.post(
        &format!("/cases/{reference}/notice/{action}"),
        &[
            ("csrf_token", &token),
            ("version", version),
            ("text-0-0", text),
            ("label-0-0", label),
        ],
    )
}

#[test]
fn autosave_saves_a_new_version_and_a_conflict_keeps_both_texts() {
    let app = TestApp::spawn();
    let (reference, label) = drafted(&app);
    let mut officer = signed_in(&app, "officer");
    let mut manager = signed_in(&app, "manager");
    let first = "The complainant asked the MPS for the force's 2022 budget.";
    let saved = post_text(&mut officer, &reference, "autosave", "1", (&label, first));
    assert_eq!(saved.status, 200, "{}", saved.body);
    let answer: Value = serde_json::from_str(&saved.body).expect("JSON");
    assert_eq!(answer, json!({"version": 2}));
    let (version, parts) = first_paragraph(&app, &reference);
    assert_eq!(version, 2);
    assert!(parts.to_string().contains("2022 budget"), "{parts}");
    // The same text again is no new version.
    let again = post_text(&mut officer, &reference, "autosave", "2", (&label, first));
    assert_eq!(again.status, 200);
    assert_eq!(first_paragraph(&app, &reference).0, 2);

    // The manager, with the page opened at version 2, autosaves other text meanwhile...
    let theirs = "The complainant asked for the budget of the Met's drone unit.";
    let r = post_text(&mut manager, &reference, "autosave", "2", (&label, theirs));
    assert_eq!(r.status, 200, "{}", r.body);
    // ...so the officer's autosave from version 2 is a conflict and writes nothing.
    let mine = "The complainant asked for the 2022 budget, broken down by unit.";
    let conflict = post_text(&mut officer, &reference, "autosave", "2", (&label, mine));
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    let answer: Value = serde_json::from_str(&conflict.body).expect("JSON");
    assert!(
        answer["conflict"]
            .as_str()
            .is_some_and(|m| m.contains("Version 3")),
        "{answer}"
    );
    let (version, parts) = first_paragraph(&app, &reference);
    assert_eq!(version, 3);
    assert!(parts.to_string().contains("drone unit"));
    // The script then posts the form normally: the page shows both texts, loses neither.
    let page = post_text(&mut officer, &reference, "edit", "2", (&label, mine));
    assert_eq!(page.status, 409);
    assert!(page.body.contains("id=\"conflict\""), "{}", page.body);
    assert!(
        page.body.contains("broken down by unit."),
        "typed text kept"
    );
    assert!(
        page.body.contains("id=\"block-0-0-saved\"") && page.body.contains("drone unit."),
        "what was saved meanwhile is shown beside it"
    );
    assert_eq!(first_paragraph(&app, &reference).0, 3, "nothing written");
}

#[test]
fn an_earlier_version_is_restored_as_the_newest_draft() {
    let app = TestApp::spawn();
    let (reference, label) = drafted(&app);
    let (_, original) = first_paragraph(&app, &reference);
    let mut officer = signed_in(&app, "officer");
    let changed = "A paragraph rewritten by mistake.";
    let r = post_text(&mut officer, &reference, "autosave", "1", (&label, changed));
    assert_eq!(r.status, 200, "{}", r.body);
    let page = officer.get(&format!("/cases/{reference}/notice"));
    assert!(page.body.contains("id=\"restore-1\""));
    let token = csrf_token(&page.body);
    // Restoring from a stale page (version 1 shown, 2 saved) is refused and writes nothing.
    let stale = officer.post(
        &format!("/cases/{reference}/notice/restore"),
        &[("csrf_token", &token), ("version", "1"), ("restore", "1")],
    );
    assert_eq!(stale.status, 422);
    assert_eq!(first_paragraph(&app, &reference).0, 2);
    let done = officer.post(
        &format!("/cases/{reference}/notice/restore"),
        &[("csrf_token", &token), ("version", "2"), ("restore", "1")],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    let (version, parts) = first_paragraph(&app, &reference);
    assert_eq!(version, 3, "restored as a new version; version 2 is kept");
    assert_eq!(parts, original);
    let history = app.get(
        &format!("/api/v1/cases/{reference}/notice/diff?from=2&to=3"),
        Some(&app.officer),
    );
    assert_eq!(history.status, 200);
    assert!(history.body.to_string().contains("rewritten by mistake"));
}

/// Drafts, finishes and submits the case's notice as the officer; returns the version.
fn submitted(app: &TestApp, reference: &str) -> i64 {
    let base = format!("/api/v1/cases/{reference}/notice");
    let mut notice = app.get(&base, Some(&app.officer)).body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let r = app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}));
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body["version"].as_i64().expect("a version")
}

#[test]
fn managers_see_the_notices_awaiting_approval_and_officers_do_not() {
    let app = TestApp::spawn();
    let mut manager = signed_in(&app, "manager");
    let empty = manager.get("/approvals");
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("id=\"no-approvals\""));
    let (reference, _) = drafted(&app);
    let version = submitted(&app, &reference);
    let queue = manager.get("/approvals");
    assert!(
        queue
            .body
            .contains(&format!("href=\"/cases/{reference}/notice\"")),
        "{}",
        queue.body
    );
    assert!(queue.body.contains(&format!(">{version}</td>")));
    assert!(queue.body.contains("Olivia Officer"), "submitted by");
    assert_eq!(signed_in(&app, "officer").get("/approvals").status, 403);
    // Approved through the page, it leaves the queue.
    let page = manager.get(&format!("/cases/{reference}/notice"));
    let token = csrf_token(&page.body);
    let r = manager.post(
        &format!("/cases/{reference}/notice/action"),
        &[
            ("csrf_token", &token),
            ("action", "approve"),
            ("version", &version.to_string()),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        manager
            .get("/approvals")
            .body
            .contains("id=\"no-approvals\"")
    );
}

#[test]
fn a_manager_who_saved_the_text_is_refused_approval_on_the_page_and_nothing_changes() {
    let app = TestApp::spawn();
    let (reference, label) = drafted(&app);
    let mut manager = signed_in(&app, "manager");
    let r = post_text(
        &mut manager,
        &reference,
        "autosave",
        "1",
        (&label, "The manager's own wording."),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let version = submitted(&app, &reference);
    let page = manager.get(&format!("/cases/{reference}/notice"));
    let token = csrf_token(&page.body);
    let refused = manager.post(
        &format!("/cases/{reference}/notice/action"),
        &[
            ("csrf_token", &token),
            ("action", "approve"),
            ("version", &version.to_string()),
        ],
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("another manager must approve it"),
        "{}",
        refused.body
    );
    let state = app.get(
        &format!("/api/v1/cases/{reference}/notice"),
        Some(&app.officer),
    );
    assert_eq!(state.body["state"], "submitted");
    assert_eq!(
        app.count("audit_log WHERE action LIKE 'notice.approve%'"),
        0
    );
}

#[test]
fn a_one_person_office_may_approve_its_own_notice_and_the_audit_says_so() {
    let regulator = section50::domain::notice::draft::RegulatorDetails {
        self_approval: true,
        ..Default::default()
    };
    let app = TestApp::builder().regulator(regulator).build();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    // The manager drafts and writes the notice alone.
    let r = app.post(&format!("{base}/generate"), Some(&app.manager), &json!({}));
    assert_eq!(r.status, 201, "{:?}", r.body);
    let mut notice = r.body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    assert_eq!(
        app.send("PUT", &base, Some(&app.manager), &notice.to_string())
            .status,
        200
    );
    for action in ["submit", "approve"] {
        let r = app.post(&format!("{base}/{action}"), Some(&app.manager), &json!({}));
        assert_eq!(r.status, 200, "{action}: {:?}", r.body);
    }
    assert_eq!(
        app.count("audit_log WHERE action = 'notice.approve.own'"),
        1
    );
    assert_eq!(app.count("audit_log WHERE action = 'notice.approved'"), 1);
}

#[test]
fn the_case_page_and_the_decisions_statistics_show_the_outcome_in_the_registers_words() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let mut officer = signed_in(&app, "officer");
    let before = officer.get(&format!("/cases/{reference}"));
    assert!(!before.body.contains("id=\"decision\""));
    assert!(before.body.contains("Draft the decision notice"));

    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let page = officer.get(&format!("/cases/{reference}"));
    assert_eq!(page.status, 200);
    for shown in [
        "id=\"decision-state\">Issued on Thursday 8 February 2024<",
        "id=\"decision-outcome\">Complaint not upheld<",
        "<li>FOI 31: Complaint not upheld</li>",
        // Tribunal Procedure (First-tier Tribunal) (General Regulatory Chamber) Rules 2009,
        // r22(1)(b): 28 days after the notice was sent on Thursday 8 February 2024.
        "id=\"decision-appeal\">Thursday 7 March 2024<",
    ] {
        assert!(page.body.contains(shown), "{shown}");
    }

    let mut manager = signed_in(&app, "manager");
    let stats = manager.get("/stats?view=outcomes");
    assert_eq!(stats.status, 200);
    assert!(
        stats.body.contains(">FOI 31</th>") && stats.body.contains(">Complaint not upheld</td>"),
        "{}",
        stats.body
    );
    assert!(!stats.body.contains("not_upheld") && !stats.body.contains(">not upheld<"));
    let api = app.get(
        "/api/v1/stats/outcomes?from=2024-01-01&to=2024-02-20",
        Some(&app.manager),
    );
    assert_eq!(api.status, 200, "{:?}", api.body);
    assert_eq!(
        api.body["rows"]["provisions"],
        json!([{"provision": "s31", "outcome": "not_upheld",
                "label": "FOI 31: Complaint not upheld", "notices": 1}])
    );
}

#[test]
fn the_synthetic_demo_records_what_its_decided_cases_decided() {
    use diesel::prelude::*;
    use section50::db::schema::cases;
    let app = TestApp::spawn();
    let mut conn = app.pool.get().expect("connection");
    let now = section50::clock::Clock::fixed_on(crate::helpers::date(crate::helpers::TODAY)).now();
    section50::service::demo::synthetic(
        &mut conn,
        now,
        &section50::domain::settings::ClockSettings::default(),
        600,
        3,
    )
    .expect("the demo");
    let decided: Vec<String> = cases::table
        .filter(cases::decided_on.is_not_null())
        .select(cases::reference)
        .load(&mut conn)
        .expect("cases");
    drop(conn);
    assert!(decided.len() > 20, "{} decided", decided.len());
    assert_eq!(app.count("notice_versions"), decided.len() as i64);
    assert_eq!(
        app.count("cases c WHERE c.decided_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notice_provisions p WHERE p.case_id = c.id)"),
        0,
        "every decided case decided at least one provision"
    );
    // A decided case's notice reads back as issued, and its case page shows its outcome.
    let notice = app.get(
        &format!("/api/v1/cases/{}/notice", decided[0]),
        Some(&app.manager),
    );
    assert_eq!(notice.status, 200, "{:?}", notice.body);
    assert_eq!(notice.body["state"], "issued");
    let mut manager = signed_in(&app, "manager");
    let page = manager.get(&format!("/cases/{}", decided[0]));
    assert!(page.body.contains("id=\"decision-outcome\">Complaint "));
    let stats = manager.get("/stats?view=outcomes&from_day=1&from_month=1&from_year=2019");
    assert_eq!(stats.status, 200);
    assert!(!stats.body.contains("No notices issued in this period."));
    assert!(stats.body.contains(": Complaint") || stats.body.contains(">Complaint upheld</td>"));
}
