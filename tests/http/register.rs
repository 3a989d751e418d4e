//! The public register over HTTP, signed out: publication on issue without the complainant,
//! the pre-issue check's reach, search with filters and facet counts (FTS5 on SQLite, tsvector
//! on PostgreSQL: the same tests under `TEST_DATABASE_URL`), the permalink, PDF, CSV and Atom
//! (checked against RFC 4287's requirements with an XML parser), withholding by a manager, and
//! historical notices.

use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, finish, issue_notice};
use crate::pages::{csrf_token, signed_in};
use section50::domain::register::history::HistoricalNotice;
use section50::service::register::{self, Imported};
use serde_json::{Value, json};

/// The complainant of every test case (tests/http/helpers.rs `open_case`).
const NAME: &str = "Alex Complainant";
const EMAIL: &str = "alex@example.org";
const ADDRESS: &str = "1 High Street";

/// Loads tests/fixtures/register/history.jsonl into the register (as the import command does).
pub(crate) fn import_history(app: &TestApp) {
    let text = include_str!("../fixtures/register/history.jsonl");
    let mut conn = app.pool.get().unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry = serde_json::from_str::<HistoricalNotice>(line)
            .unwrap()
            .into_entry()
            .unwrap_or_else(|p| panic!("{p:?}"));
        let done = register::import(&mut conn, date("2024-01-01").into(), entry).unwrap();
        assert_eq!(done, Imported::Added);
    }
}

pub(crate) fn references(body: &Value) -> Vec<String> {
    let mut r: Vec<String> = body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items in {body}"))
        .iter()
        .map(|i| i["reference"].as_str().unwrap().to_owned())
        .collect();
    r.sort();
    r
}

pub(crate) fn assert_no_complainant(what: &str, text: &str) {
    for trace in [NAME, EMAIL, ADDRESS, "Alex"] {
        assert!(!text.contains(trace), "{what} shows \"{trace}\"");
    }
}

#[test]
fn an_issued_notice_is_published_with_its_outcomes_dates_and_steps_and_without_the_complainant() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));

    let r = app.get(&format!("/api/v1/decisions/{reference}"), None);
    assert_eq!(r.status, 200, "{:?}", r.body);
    let d = &r.body;
    assert_eq!(d["date"], "2024-02-08");
    assert_eq!(d["authority"], "Commissioner of Police of the Metropolis");
    assert_eq!(d["sector"], "police");
    assert_eq!(d["provisions"][0]["line"], "FOI 31: Complaint not upheld");
    // The seed's own dates (tests/http/helpers.rs seed_events) and the allocation.
    for (field, value) in [
        ("request_received", "2023-02-13"),
        ("response_sent", "2023-06-22"),
        ("review_requested", "2023-07-20"),
        ("review_completed", "2023-09-19"),
        ("complaint_received", "2023-09-20"),
        ("allocated_on", "2023-11-06"),
    ] {
        assert_eq!(d[field], value, "{field}");
    }
    // 35 calendar days after the notice of 8 February 2024 (FOIA s50(4)): 14 March 2024.
    assert_eq!(d["steps_ordered"], true);
    assert_eq!(d["steps_due"], "2024-03-14");
    assert_eq!(d["appeal_status"], "none");

    // Found by the authority's name, and nowhere is the complainant.
    let found = app.get("/api/v1/decisions?q=metropolis", None);
    assert_eq!(references(&found.body), vec![reference.clone()]);
    for path in [
        format!("/decisions/{reference}"),
        "/decisions?q=metropolis".to_owned(),
        "/decisions.atom".to_owned(),
        "/decisions.csv".to_owned(),
        format!("/api/v1/decisions/{reference}"),
        "/api/v1/decisions".to_owned(),
    ] {
        let page = app.get(&path, None);
        assert_eq!(page.status, 200, "{path}");
        assert_no_complainant(&path, &page.body.to_string());
    }
    // The published PDF is the issued one (the parties' copy, with the complainant's address,
    // is never stored).
    let case = app.get(
        &format!("/api/v1/cases/{reference}/notice"),
        Some(&app.officer),
    );
    let pdf = ureq::get(&format!("{}/decisions/{reference}.pdf", app.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let sha: String = <sha2::Sha256 as sha2::Digest>::digest(&pdf)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(Some(sha.as_str()), case.body["pdf_sha256"].as_str());
}

/// A slip: what it is, where the check must say it is, and how it changes the notice (given a
/// maker of paragraphs from runs).
type Slip = (
    &'static str,
    &'static str,
    fn(&mut Value, &dyn Fn(Value) -> Value),
);

/// Each way a complainant's name slips into a notice.
fn slips() -> Vec<Slip> {
    vec![
        ("an annex title", "annex 1, title", |n, _| {
            n["annexes"] = json!([{"title": "Letter from Alex Complainant", "blocks": []}]);
        }),
        (
            "the signature, in capitals with two spaces",
            "signature",
            |n, _| {
                n["signature"]["name"] = json!("ALEX  COMPLAINANT");
            },
        ),
        ("a second reference", "references", |n, _| {
            n["references"]
                .as_array_mut()
                .unwrap()
                .push(json!("Alex-Complainant"));
        }),
        ("a name split across runs", "paragraph", |n, p| {
            n["sections"][0]["blocks"]
                .as_array_mut()
                .unwrap()
                .push(p(json!([
                    {"kind": "text", "text": "The letter from Al"},
                    {"kind": "emph", "text": "ex Compl"},
                    {"kind": "text", "text": "ainant arrived."}
                ])));
        }),
        (
            "the surname after a title in a sub-heading",
            "sub-heading",
            |n, _| {
                n["sections"][0]["blocks"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"kind": "subheading", "text": "What Mr Complainant asked"}));
            },
        ),
        (
            "the email address in a footnote, in another case",
            "paragraph",
            |n, p| {
                n["sections"][0]["blocks"]
                    .as_array_mut()
                    .unwrap()
                    .push(p(json!([
                        {"kind": "text", "text": "Written to."},
                        {"kind": "footnote", "text": "By email to ALEX@Example.org."}
                    ])));
            },
        ),
    ]
}

/// Each way a complainant's name slips into a notice, and where the check finds it.
#[test]
fn the_complainant_is_found_in_every_field_whatever_the_case_spacing_or_runs() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    let mut clean = drafted.body["notice"].clone();
    finish(&mut clean);
    let paragraph =
        |runs: Value| json!({"kind": "paragraph", "parts": [{"kind": "text", "runs": runs}]});
    let slips = slips();
    for (why, location, slip) in &slips {
        let mut notice = clean.clone();
        slip(&mut notice, &paragraph);
        let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
        assert_eq!(saved.status, 200, "{why}: {:?}", saved.body);
        let findings: Vec<(String, String)> = saved.body["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["location"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(
            findings
                .iter()
                .any(|(rule, at)| rule.starts_with("complainant_") && at.contains(location)),
            "{why}: {findings:?}"
        );
        let submitted = app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}));
        assert_eq!(submitted.status, 422, "{why} cannot be submitted");
    }
    assert_eq!(app.count("published_notices"), 0, "nothing is published");
}

#[test]
fn a_manager_withholds_a_notice_with_a_reason_and_the_counts_account_for_every_issued_notice() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", None);

    let mut manager = signed_in(&app, "manager");
    let page = manager.get("/publication");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("id=\"count-issued\">1<")
            && page.body.contains("id=\"count-published\">1<")
    );
    let token = csrf_token(&page.body);
    // Without a reason: refused beside the field, the reference kept, nothing changed.
    let no_reason = manager.post(
        "/publication/withhold",
        &[
            ("csrf_token", &token),
            ("withhold-reference", &reference),
            ("reason", "  "),
        ],
    );
    assert_eq!(no_reason.status, 422);
    assert!(
        no_reason.body.contains("Enter the reason"),
        "{}",
        no_reason.body
    );
    assert!(no_reason.body.contains(&format!("value=\"{reference}\"")));
    assert_eq!(
        app.get(&format!("/decisions/{reference}"), None).status,
        200
    );
    // With one: withheld, audited, gone from every public view.
    let done = manager.post(
        "/publication/withhold",
        &[
            ("csrf_token", &token),
            ("withhold-reference", &reference),
            ("reason", "A court order restricts publication."),
        ],
    );
    assert_eq!(
        (done.status, done.location.as_str()),
        (303, "/publication?done=notice_withheld")
    );
    let page = manager.get("/publication");
    assert!(
        page.body.contains("id=\"count-withheld\">1<")
            && page.body.contains("id=\"count-unaccounted\">0<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("A court order restricts publication."));
    for path in [
        format!("/decisions/{reference}"),
        format!("/decisions/{reference}.pdf"),
        format!("/api/v1/decisions/{reference}"),
    ] {
        assert_eq!(app.get(&path, None).status, 404, "{path}");
    }
    assert_eq!(app.get("/api/v1/decisions", None).body["total"], 0);
    assert_eq!(app.count("audit_log WHERE action = 'register.withhold'"), 1);
    // Published again, with its reason.
    let again = manager.post(
        "/publication/republish",
        &[
            ("csrf_token", &token),
            ("republish-reference", &reference),
            ("reason", "The order was lifted."),
        ],
    );
    assert_eq!(again.status, 303);
    assert_eq!(
        app.get(&format!("/decisions/{reference}"), None).status,
        200
    );
}

#[test]
fn an_officer_can_neither_see_the_publication_counts_nor_withhold_a_notice() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", None);
    // Officers cannot see the counts or withhold anything.
    let mut officer = signed_in(&app, "officer");
    assert_eq!(officer.get("/publication").status, 403);
    let token = csrf_token(&officer.get("/cases").body);
    let refused = officer.post(
        "/publication/withhold",
        &[
            ("csrf_token", &token),
            ("withhold-reference", &reference),
            ("reason", "no"),
        ],
    );
    assert_eq!(refused.status, 403);
    assert_eq!(
        app.get(&format!("/decisions/{reference}"), None).status,
        200
    );

    assert_eq!(app.count("audit_log WHERE action = 'register.withhold'"), 0);
}

/// The appeal as every public view words it: the permalink page, the JSON, the CSV and the
/// Atom feed.
fn assert_appeal_words(app: &TestApp, reference: &str, words: &str) {
    let d = app
        .get(&format!("/api/v1/decisions/{reference}"), None)
        .body;
    assert_eq!(d["appeal"], words, "JSON");
    for path in [
        format!("/decisions/{reference}"),
        "/decisions?q=metropolis".to_owned(),
        "/decisions.csv".to_owned(),
        "/decisions.atom".to_owned(),
    ] {
        let page = app.get(&path, None);
        assert_eq!(page.status, 200, "{path}");
        let text = page.body.as_str().unwrap_or_default().to_owned();
        // The page escapes the slashes of the tribunal's reference (tera's HTML escaping).
        let escaped = words.replace('/', "&#x2F;");
        assert!(
            text.contains(words) || text.contains(&escaped),
            "{path} says \"{words}\": {text}"
        );
    }
}

#[test]
fn a_notice_not_appealed_shows_the_window_to_appeal_until_its_last_day() {
    // Notice of 8 February 2024, sent that day: the last day to appeal is 28 days later,
    // Thursday 7 March 2024 (GRC Rules 2009 r22(1)(b)); the service's day is 20 February.
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    assert_appeal_words(&app, &reference, "Appeal window open until 7 March 2024");
    let d = app
        .get(&format!("/api/v1/decisions/{reference}"), None)
        .body;
    assert_eq!(d["appeal_window_until"], "2024-03-07");
    assert_eq!(d["appeal_status"], "none");

    // The day after the last day, the window has closed unused.
    let later = TestApp::builder().today(date("2024-03-08")).build();
    let reference = allocated_case(&later);
    issue_notice(&later, &reference, "2024-02-08", Some(35));
    assert_appeal_words(
        &later,
        &reference,
        "Not appealed: the last day to appeal was 7 March 2024",
    );
}

#[test]
fn an_appeal_recorded_on_the_case_shows_on_its_published_entry() {
    // The service's day is 31 December 2024, so the appeal of 2024 has happened.
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    // A search first, so the register's index is built before the appeal: the appeal must
    // move its generation on for the "appealed" facet to see it.
    assert!(
        references(&app.get("/api/v1/decisions?appealed=yes", None).body).is_empty(),
        "nothing appealed yet"
    );
    assert_appeal_words(
        &app,
        &reference,
        "Not appealed: the last day to appeal was 7 March 2024",
    );
    let lodged = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.manager),
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-02-19"}),
    );
    assert_eq!(lodged.status, 201, "{:?}", lodged.body);
    let id = lodged.body["id"].as_i64().unwrap();
    let d = app
        .get(&format!("/api/v1/decisions/{reference}"), None)
        .body;
    assert_eq!(d["appeal_status"], "lodged");
    assert_eq!(d["appeal_court"], "first_tier");
    assert_eq!(d["tribunal_reference"], "EA/2024/0123");
    assert_eq!(
        references(&app.get("/api/v1/decisions?appealed=yes", None).body),
        vec![reference.clone()]
    );
    assert_appeal_words(
        &app,
        &reference,
        "Appealed to the First-tier Tribunal (EA/2024/0123) — awaiting decision",
    );

    // The tribunal dismisses it: the entry says so, with the date.
    let events = format!("/api/v1/appeals/{id}/events");
    for body in [
        json!({"kind": "notice_of_appeal_sent", "date": "2024-02-20"}),
        json!({"kind": "commissioner_response_sent", "date": "2024-03-15"}),
        json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed"}),
    ] {
        let r = app.post(&events, Some(&app.manager), &body);
        assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    }
    let d = app
        .get(&format!("/api/v1/decisions/{reference}"), None)
        .body;
    assert_eq!(d["appeal_status"], "determined");
    assert_eq!(d["appeal_outcome"], "dismissed");
    assert_eq!(d["appeal_decided_on"], "2024-06-03");
    assert_appeal_words(
        &app,
        &reference,
        "Appealed to the First-tier Tribunal (EA/2024/0123) — dismissed 3 June 2024",
    );
    let facets = app.get("/api/v1/decisions", None).body;
    assert!(
        facets["facets"]["appealed"].to_string().contains("\"yes\""),
        "the appealed facet counts it: {}",
        facets["facets"]["appealed"]
    );
}

/// The CSV's cells, by column name, of its one row.
fn csv_cells(body: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "one notice, one row: {body}");
    header
        .into_iter()
        .zip(rows[0].iter().map(str::to_owned))
        .collect()
}

#[test]
fn the_csv_is_in_words_with_iso_dates_and_its_columns_are_documented() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let csv = app.get("/decisions.csv", None);
    assert_eq!(csv.status, 200);
    let cells = csv_cells(csv.body.as_str().unwrap());
    let cell = |name: &str| {
        cells
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    // The seed case: the Metropolitan Police, FOIA, s31 not upheld (tests/http/notices.rs);
    // notice of 8 February 2024, steps within 35 days (FOIA s50(4)): 14 March 2024; last day to
    // appeal 28 days after it was sent (GRC Rules 2009 r22(1)(b)): 7 March 2024.
    for (name, expected) in [
        ("date", "2024-02-08"),
        ("sector", "Police"),
        ("regime", "FOIA"),
        ("provisions", "FOI 31: Complaint not upheld"),
        ("request_received", "2023-02-13"),
        ("steps_ordered", "yes"),
        ("steps_due", "2024-03-14"),
        ("appeal_status", "Not appealed"),
        ("appeal_court", ""),
        ("appeal_window_until", "2024-03-07"),
        ("appeal", "Appeal window open until 7 March 2024"),
    ] {
        assert_eq!(cell(name), expected, "{name}");
    }

    // The register page links to the columns' page, and it lists every column with an example.
    let list = app.get("/decisions", None);
    assert!(
        list.body
            .as_str()
            .unwrap()
            .contains("href=\"/decisions/csv-columns\""),
        "the register links to the CSV's columns"
    );
    let doc = app.get("/decisions/csv-columns", None);
    assert_eq!(doc.status, 200);
    let page = doc.body.as_str().unwrap().to_owned();
    for (name, _) in &cells {
        assert!(
            page.contains(&format!("<code>{name}</code>")),
            "{name} documented"
        );
    }
    assert!(page.contains("FOI 31: Complaint not upheld"), "{page}");
}
