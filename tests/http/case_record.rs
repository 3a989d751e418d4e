//! The case record an officer needs (issue 14, item 3): the request's wording, the provisions
//! the authority cited and its own reference, on opening and after; the parties changed after
//! opening, each change with who, when, old → new; internal notes; linked cases. None of it
//! leaks into emails, the notice, exports or the public register.

use crate::helpers::{TestApp, seed_events};
use crate::notices::{allocated_case, issue_notice};
use crate::pages::{csrf_token, signed_in};
use serde_json::{Value, json};

/// Text that must never leave the case record.
const WORDING: &str = "Please send me the invoices numbered QX-WORDING-7731";
const NOTE: &str = "Phoned the MPS FOI team NB-NOTE-5520";
const THEIR_REFERENCE: &str = "MPS-REF-01/4432";

/// The rows a refused change must not add to.
fn written(app: &TestApp) -> [i64; 5] {
    [
        "case_records",
        "case_record_changes",
        "case_notes",
        "case_links",
        "audit_log",
    ]
    .map(|t| app.count(t))
}

fn open_with_record(app: &TestApp, authority: i64, record: &Value) -> crate::helpers::Reply {
    let mut body = json!({
        "regime": "foia",
        "authority_id": authority,
        "complainant": {"name": "Alex Complainant", "email": "alex@example.org", "postal_address": "1 High Street"},
        "events": seed_events(),
    });
    for (k, v) in record.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post("/api/v1/cases", Some(&app.officer), &body)
}

fn reference_of(r: &crate::helpers::Reply) -> String {
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["reference"].as_str().unwrap().to_owned()
}

#[test]
fn the_request_wording_exemptions_cited_and_authority_reference_are_kept_from_opening() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    // The seed notice, paragraph 5: the MPS cited sections 24(1), 31(1), 40(2) and 43(2).
    let r = open_with_record(
        &app,
        authority,
        &json!({
            "request_wording": WORDING,
            "exemptions_cited": ["s24(1)", "section 31(1)", "S 40(2)", "s43(2)"],
            "authority_reference": THEIR_REFERENCE,
        }),
    );
    let reference = reference_of(&r);
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let record = &case.body["record"];
    assert_eq!(record["request_wording"], WORDING);
    assert_eq!(
        record["exemptions_cited"],
        json!(["s24(1)", "s31(1)", "s40(2)", "s43(2)"])
    );
    assert_eq!(
        record["exemptions_cited_words"],
        "section 24(1), section 31(1), section 40(2), section 43(2)"
    );
    assert_eq!(record["authority_reference"], THEIR_REFERENCE);

    // Shown on the case page in the officer's words.
    let mut officer = signed_in(&app, "officer");
    let page = officer.get(&format!("/cases/{reference}"));
    assert!(page.body.contains(WORDING), "{}", page.body);
    assert!(
        page.body
            .contains("Section 24(1), section 31(1), section 40(2), section 43(2)")
    );
    // Tera escapes the slash.
    assert!(page.body.contains(&THEIR_REFERENCE.replace('/', "&#x2F;")));
}

#[test]
fn a_provision_that_is_not_a_section_or_regulation_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let cases = app.count("cases");
    let r = open_with_record(
        &app,
        authority,
        &json!({"exemptions_cited": ["s40(2)", "personal data"]}),
    );
    assert_eq!(r.status, 422, "{:?}", r.body);
    let detail = r.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("\"personal data\" is not a section of FOIA"),
        "{detail}"
    );
    assert_eq!(app.count("cases"), cases, "nothing written");
}

#[test]
fn the_record_and_the_parties_change_after_opening_each_change_with_who_when_old_and_new() {
    let app = TestApp::spawn();
    let met = app.authority("Commissioner of Police of the Metropolis");
    let city = app.authority("Commissioner of Police for the City of London");
    let reference = reference_of(&open_with_record(&app, met, &json!({})));
    let path = format!("/api/v1/cases/{reference}");
    let body = json!({
        "exemptions_cited": ["s31(1)", "s40(2)"],
        "authority_reference": THEIR_REFERENCE,
        "complainant": {"name": "Alex Q. Complainant", "email": "alex.q@example.org", "postal_address": "2 Low Road"},
        "authority_id": city,
    });

    // A colleague reads the case but cannot change it; nothing is written.
    let before = written(&app);
    let refused = app.send("PATCH", &path, Some(&app.other_officer), &body.to_string());
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(written(&app), before);

    let r = app.send("PATCH", &path, Some(&app.officer), &body.to_string());
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(
        r.body["authority"]["formal_name"],
        "Commissioner of Police for the City of London"
    );
    assert_eq!(r.body["complainant"]["name"], "Alex Q. Complainant");
    let changes = r.body["record"]["changes"].as_array().unwrap();
    let change = |field: &str| {
        changes
            .iter()
            .find(|c| c["field"] == field)
            .unwrap_or_else(|| panic!("{field} in {changes:?}"))
    };
    assert_eq!(change("exemptions_cited")["old"], "");
    assert_eq!(
        change("exemptions_cited")["new"],
        "section 31(1), section 40(2)"
    );
    assert_eq!(
        change("authority")["old"],
        "Commissioner of Police of the Metropolis"
    );
    assert_eq!(change("complainant_email")["old"], "alex@example.org");
    assert_eq!(change("complainant_address")["new"], "2 Low Road");
    assert_eq!(
        change("complainant_name")["by"],
        "Olivia Officer",
        "by name"
    );
    // The wording was not given, so it did not change.
    assert!(changes.iter().all(|c| c["field"] != "request_wording"));
    assert_eq!(changes.len(), 6, "{changes:?}");

    // The same values again change nothing.
    let again = app.send("PATCH", &path, Some(&app.officer), &body.to_string());
    assert_eq!(again.body["record"]["changes"].as_array().unwrap().len(), 6);

    // The audit log names the actions, never the complainant's details.
    let audit = audit_text(&app);
    assert!(audit.contains("case.parties.edit") && audit.contains("case.record.edit"));
    for personal in ["Alex", "alex.q@example.org", "Low Road"] {
        assert!(!audit.contains(personal), "{personal} in the audit log");
    }

    // An authority that does not exist is refused in words.
    let unknown = app.send(
        "PATCH",
        &path,
        Some(&app.officer),
        &json!({"authority_id": 99_999}).to_string(),
    );
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert!(
        unknown.body["detail"]
            .as_str()
            .unwrap()
            .contains("There is no public authority")
    );
}

fn audit_text(app: &TestApp) -> String {
    use diesel::prelude::*;
    use section50::db::schema::audit_log;
    let mut conn = app.pool.get().unwrap();
    let rows: Vec<(String, String)> = audit_log::table
        .select((audit_log::action, audit_log::subject))
        .load(&mut conn)
        .unwrap();
    format!("{rows:?}")
}

#[test]
fn notes_are_dated_by_the_officer_shown_newest_first_and_a_date_after_today_is_refused() {
    let app = TestApp::builder()
        .today(crate::helpers::date("2024-02-08"))
        .build();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = reference_of(&open_with_record(&app, authority, &json!({})));
    let path = format!("/api/v1/cases/{reference}/notes");
    // Named dates: a past date, another earlier one recorded later, and today by default.
    for (date, text) in [
        (Some("2023-11-13"), "Investigation letter sent"),
        (Some("2023-10-02"), "Complaint accepted on the phone"),
        (None, "Notice drafted"),
    ] {
        let mut body = json!({"text": text});
        if let Some(d) = date {
            body["date"] = json!(d);
        }
        let r = app.post(&path, Some(&app.officer), &body);
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let notes: Vec<(String, String)> = case.body["record"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["date"].as_str().unwrap().to_owned(),
                n["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("2024-02-08".to_owned(), "Notice drafted".to_owned()),
            (
                "2023-11-13".to_owned(),
                "Investigation letter sent".to_owned()
            ),
            (
                "2023-10-02".to_owned(),
                "Complaint accepted on the phone".to_owned()
            ),
        ]
    );
    assert_eq!(case.body["record"]["notes"][0]["by"], "Olivia Officer");

    // Tomorrow, an empty note, a colleague: refused, nothing written.
    let before = written(&app);
    let tomorrow = app.post(
        &path,
        Some(&app.officer),
        &json!({"date": "2024-02-09", "text": "x"}),
    );
    assert_eq!(tomorrow.status, 422);
    assert!(
        tomorrow.body["detail"]
            .as_str()
            .unwrap()
            .contains("after today")
    );
    let empty = app.post(&path, Some(&app.officer), &json!({"text": "  "}));
    assert_eq!(empty.status, 422);
    assert!(
        empty.body["detail"]
            .as_str()
            .unwrap()
            .contains("Enter the note")
    );
    let colleague = app.post(&path, Some(&app.other_officer), &json!({"text": "mine"}));
    assert_eq!(colleague.status, 403);
    assert_eq!(written(&app), before);

    // On the page: newest first, and a future date is refused beside the field with the text kept.
    let mut officer = signed_in(&app, "officer");
    let page = officer.get(&format!("/cases/{reference}"));
    let newest = page.body.find("Notice drafted").unwrap();
    let oldest = page.body.find("Complaint accepted on the phone").unwrap();
    assert!(newest < oldest, "newest first");
    assert!(page.body.contains("Monday 13 November 2023"));
    let token = csrf_token(&page.body);
    let refused = officer.post(
        &format!("/cases/{reference}/notes"),
        &[
            ("csrf_token", &token),
            ("note_date_day", "9"),
            ("note_date_month", "2"),
            ("note_date_year", "2024"),
            ("note_text", "Typed and kept"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("after today"), "{}", refused.body);
    assert!(refused.body.contains("Typed and kept"));
    let added = officer.post(
        &format!("/cases/{reference}/notes"),
        &[
            ("csrf_token", &token),
            ("note_date_day", "7"),
            ("note_date_month", "2"),
            ("note_date_year", "2024"),
            ("note_text", "Added on the page"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(app.count("case_notes"), 4);
}

#[test]
fn linked_cases_show_on_both_sides_and_a_link_to_itself_or_to_no_case_is_refused() {
    let app = TestApp::spawn();
    let met = app.authority("Commissioner of Police of the Metropolis");
    let city = app.authority("Commissioner of Police for the City of London");
    let a = reference_of(&open_with_record(&app, met, &json!({})));
    let b = reference_of(&open_with_record(&app, city, &json!({})));
    let links = |r: &str| format!("/api/v1/cases/{r}/links");

    let before = written(&app);
    for (other, words) in [
        (a.as_str(), "cannot be linked to itself"),
        ("IC-999999-ZZZZ", "There is no case IC-999999-ZZZZ"),
        ("not a reference", "There is no case not a reference"),
    ] {
        let r = app.post(
            &links(&a),
            Some(&app.officer),
            &json!({"reference": other, "kind": "same_request"}),
        );
        assert_eq!(r.status, 422, "{other}: {:?}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains(words),
            "{:?}",
            r.body
        );
    }
    let bad_kind = app.post(
        &links(&a),
        Some(&app.officer),
        &json!({"reference": b, "kind": "cousins"}),
    );
    assert_eq!(bad_kind.status, 422);
    assert_eq!(written(&app), before);

    let r = app.post(
        &links(&a),
        Some(&app.officer),
        &json!({"reference": b, "kind": "repeat_complainant"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["record"]["links"][0]["reference"], b.as_str());
    assert_eq!(
        r.body["record"]["links"][0]["authority"],
        "Commissioner of Police for the City of London"
    );
    let other_side = app.get(&format!("/api/v1/cases/{b}"), Some(&app.officer));
    let link = &other_side.body["record"]["links"][0];
    assert_eq!(link["reference"], a.as_str());
    assert_eq!(
        link["authority"],
        "Commissioner of Police of the Metropolis"
    );
    assert_eq!(link["kind_label"], "Repeat complainant");
    // Linking again, from either side, is a conflict.
    let twice = app.post(
        &links(&b),
        Some(&app.officer),
        &json!({"reference": a, "kind": "same_request"}),
    );
    assert_eq!(twice.status, 409, "{:?}", twice.body);

    // On the page, both sides show the other case with its authority's full name.
    let mut officer = signed_in(&app, "officer");
    let page = officer.get(&format!("/cases/{b}"));
    assert!(
        page.body
            .contains(&format!("{a} (Commissioner of Police of the Metropolis)"))
    );

    // Unlinked from the other side: gone from both.
    let r = app.delete(&format!("/api/v1/cases/{b}/links/{a}"), Some(&app.officer));
    assert_eq!(r.status, 200, "{:?}", r.body);
    let back = app.get(&format!("/api/v1/cases/{a}"), Some(&app.officer));
    assert_eq!(back.body["record"]["links"], json!([]));
    let gone = app.delete(&format!("/api/v1/cases/{b}/links/{a}"), Some(&app.officer));
    assert_eq!(gone.status, 404);
}

#[test]
fn the_record_notes_and_links_never_reach_emails_the_notice_exports_or_the_register() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let path = format!("/api/v1/cases/{reference}");
    let r = app.send(
        "PATCH",
        &path,
        Some(&app.officer),
        &json!({"request_wording": WORDING, "authority_reference": THEIR_REFERENCE, "exemptions_cited": ["s31(1)"]}).to_string(),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let note = app.post(
        &format!("{path}/notes"),
        Some(&app.officer),
        &json!({"date": "2023-11-13", "text": NOTE}),
    );
    assert_eq!(note.status, 201, "{:?}", note.body);
    let other = app.get("/api/v1/cases?per_page=5", Some(&app.officer));
    assert_eq!(other.status, 200);
    issue_notice(&app, &reference, "2024-02-08", Some(35));

    let secrets = [WORDING, NOTE, THEIR_REFERENCE, "QX-WORDING", "NB-NOTE"];
    let check = |what: &str, text: &str| {
        for s in secrets {
            assert!(!text.contains(s), "{what} holds {s}");
        }
    };
    // Every email queued for the parties and staff.
    check("the outbox", &outbox_text(&app));
    // The notice as typeset.
    let (status, pdf) = app.get_bytes(&format!("{path}/notice.pdf"), Some(&app.officer));
    assert_eq!(status, 200);
    check("the notice", &crate::smtp::pdf_text(&pdf));
    // The public register, its API, its page, its CSV and its feed.
    for page in [
        format!("/api/v1/decisions/{reference}"),
        "/api/v1/decisions".to_owned(),
        "/decisions".to_owned(),
        format!("/decisions/{reference}"),
        "/decisions.csv".to_owned(),
        "/decisions.atom".to_owned(),
    ] {
        let (status, bytes) = app.get_bytes(&page, None);
        assert_eq!(status, 200, "{page}");
        check(&page, &String::from_utf8_lossy(&bytes));
    }
    let (status, pdf) = app.get_bytes(&format!("/decisions/{reference}.pdf"), None);
    assert_eq!(status, 200, "the published notice");
    check("the published notice", &crate::smtp::pdf_text(&pdf));
    // But the case itself has them.
    let case = app.get(&path, Some(&app.officer));
    assert_eq!(case.body["record"]["notes"][0]["text"], NOTE);
}

fn outbox_text(app: &TestApp) -> String {
    use diesel::prelude::*;
    use section50::db::schema::outbox;
    let mut conn = app.pool.get().unwrap();
    let rows: Vec<(String, String, String)> = outbox::table
        .select((outbox::subject, outbox::body_text, outbox::body_html))
        .load(&mut conn)
        .unwrap();
    assert!(!rows.is_empty(), "emails were queued");
    format!("{rows:?}")
}

#[test]
fn the_new_case_page_and_the_change_page_keep_the_record_and_the_parties() {
    let app = TestApp::spawn();
    let met = app.authority("Commissioner of Police of the Metropolis");
    app.authority("Commissioner of Police for the City of London");
    let reference = reference_of(&open_with_record(&app, met, &json!({})));
    let mut officer = signed_in(&app, "officer");
    let form = officer.get(&format!("/cases/{reference}/record"));
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("Commissioner of Police of the Metropolis")
    );
    let token = csrf_token(&form.body);
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("request_wording", WORDING),
        ("exemptions_cited", "s31(1), reg 12(4)(a), nonsense"),
        ("authority_reference", THEIR_REFERENCE),
        ("authority", "Commissioner of Police for the City of London"),
        ("complainant_name", "Alex Complainant"),
        ("complainant_email", "alex@example.org"),
        ("complainant_address", "1 High Street"),
    ];
    let refused = officer.post(&format!("/cases/{reference}/record"), &fields);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("&quot;nonsense&quot; is not a section of FOIA"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(WORDING), "what was typed is kept");
    fields[2].1 = "s31(1), reg 12(4)(a)";
    let saved = officer.post(&format!("/cases/{reference}/record"), &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = officer.get(&format!("/cases/{reference}"));
    assert!(page.body.contains("Section 31(1), regulation 12(4)(a)"));
    assert!(page.body.contains(
        "Commissioner of Police of the Metropolis → Commissioner of Police for the City of London"
    ));
    assert!(
        page.body
            .contains("(none) → section 31(1), regulation 12(4)(a)"),
        "{}",
        page.body
    );

    // A colleague reading the case is sent back to it rather than shown the form.
    let mut colleague = signed_in(&app, "other_officer");
    let sent_back = colleague.get(&format!("/cases/{reference}/record"));
    assert_eq!(sent_back.status, 303);
}
