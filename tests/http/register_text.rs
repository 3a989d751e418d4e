//! The published text on a notice's permalink (`/decisions/{reference}`), signed out: the seed
//! notice (tests/fixtures/notices/seed-004.json) issued through the API shows its sections under
//! their headings, its sub-headings, its paragraphs numbered as in the notice (the numbers
//! continuing across the headings), its quotations, lists and footnotes, and no trace of the
//! complainant; a historical notice imported as plain text is split into paragraphs, headings,
//! lists and quotations. On SQLite, and on PostgreSQL under `TEST_DATABASE_URL`.

use crate::helpers::{TestApp, date, seed_events};
use crate::register::assert_no_complainant;
use diesel::RunQueryDsl;
use section50::domain::register::history::HistoricalNotice;
use section50::service::register::{self, Imported};
use serde_json::{Value, json};

fn ok(r: &crate::helpers::Reply, what: &str) {
    assert!(
        (200..300).contains(&r.status),
        "{what}: {} {:?}",
        r.status,
        r.body
    );
}

/// The seed notice (its provisions decided), issued dated 8 February 2024 on a new case.
pub(crate) fn issue_the_seed_notice(app: &TestApp, notice: &Value) -> String {
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let opened = app.open_case(&app.officer, authority, seed_events());
    ok(&opened, "open the case");
    let reference = opened.body["reference"].as_str().unwrap().to_owned();
    let case = format!("/api/v1/cases/{reference}");
    let steps = [
        (
            "events",
            &app.officer,
            json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
        ),
        (
            "allocation",
            &app.manager,
            json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
        ),
        ("notice/generate", &app.officer, json!({})),
    ];
    for (path, token, body) in steps {
        ok(
            &app.post(&format!("{case}/{path}"), Some(token), &body),
            path,
        );
    }
    let mut notice = notice.clone();
    notice["references"] = json!([reference]);
    notice["date"] = Value::Null;
    notice["provisions"] = json!([
        {"provision": "s31", "outcome": "not_upheld"},
        {"provision": "s43(2)", "outcome": "not_upheld"}
    ]);
    let saved = app.send(
        "PUT",
        &format!("{case}/notice"),
        Some(&app.officer),
        &notice.to_string(),
    );
    ok(&saved, "save the seed notice");
    for (action, token) in [("submit", &app.officer), ("approve", &app.manager)] {
        ok(
            &app.post(&format!("{case}/notice/{action}"), Some(token), &json!({})),
            action,
        );
    }
    ok(
        &app.post(
            &format!("{case}/notice/issue"),
            Some(&app.officer),
            &json!({"date": "2024-02-08"}),
        ),
        "issue",
    );
    reference
}

fn seed_notice() -> Value {
    serde_json::from_str(include_str!("../fixtures/notices/seed-004.json")).unwrap()
}

fn html(app: &TestApp, path: &str) -> String {
    let page = app.get(path, None);
    assert_eq!(page.status, 200, "{path}");
    page.body.as_str().unwrap_or_default().to_owned()
}

/// Where `needle` is in `page`, which must hold it.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("the page shows {needle}"))
}

/// What the seed notice holds: per section, its heading and how many numbered paragraphs; the
/// number of sub-headings, quotations, lists and footnotes.
struct Shape {
    sections: Vec<(String, usize)>,
    subheadings: usize,
    quotes: usize,
    lists: usize,
    footnotes: usize,
}

fn shape(notice: &Value) -> Shape {
    let headings = [
        ("decision", "Decision (including any steps ordered)"),
        ("background", "Background"),
        ("request_and_response", "Request and response"),
        ("scope", "Scope of the case"),
        ("reasons", "Reasons for decision"),
        ("other_matters", "Other matters"),
        ("right_of_appeal", "Right of appeal"),
    ];
    let mut s = Shape {
        sections: Vec::new(),
        subheadings: 0,
        quotes: 0,
        lists: 0,
        footnotes: notice.to_string().matches("\"footnote\"").count(),
    };
    for section in notice["sections"].as_array().unwrap() {
        let kind = section["kind"].as_str().unwrap();
        let heading = headings.iter().find(|(k, _)| *k == kind).unwrap().1;
        let mut numbered = 0;
        for block in section["blocks"].as_array().unwrap() {
            if block["kind"] == "subheading" {
                s.subheadings += 1;
                continue;
            }
            if block["numbered"] != json!(false) {
                numbered += 1;
            }
            for part in block["parts"].as_array().unwrap() {
                match part["kind"].as_str().unwrap() {
                    "quote" => s.quotes += 1,
                    "list" => s.lists += 1,
                    _ => {}
                }
            }
        }
        s.sections.push((heading.to_owned(), numbered));
    }
    s
}

#[test]
fn the_permalink_shows_the_notice_under_its_headings_numbered_across_them_as_issued() {
    let app = TestApp::spawn();
    let notice = seed_notice();
    let reference = issue_the_seed_notice(&app, &notice);
    let page = html(&app, &format!("/decisions/{reference}"));
    let text = &page[at(&page, "id=\"full-text\"")..];
    let shape = shape(&notice);

    // Each section's heading, then its first paragraph numbered one after the last paragraph
    // of the section before: the numbers run on across the headings, as in the PDF.
    let mut before = 0;
    let mut last = 0;
    for (heading, numbered) in &shape.sections {
        let h = at(
            text,
            &format!("<h3 class=\"govuk-heading-m\">{heading}</h3>"),
        );
        assert!(h > last, "{heading} comes after the section before");
        if *numbered > 0 {
            let first = at(text, &format!("id=\"paragraph-{}\"", before + 1));
            assert!(first > h, "paragraph {} is under {heading}", before + 1);
            assert!(
                text[h..first].matches("id=\"paragraph-").count() == 0,
                "nothing numbered between {heading} and its first paragraph"
            );
        }
        before += numbered;
        last = h;
    }
    assert!(before > 40, "the seed notice has {before} paragraphs");
    at(text, &format!("id=\"paragraph-{before}\""));
    assert!(!text.contains(&format!("id=\"paragraph-{}\"", before + 1)));
    assert!(text.contains("<span class=\"s50-paragraph-number\">12.</span>"));

    assert_eq!(
        text.matches("<h4 class=\"govuk-heading-s\">").count(),
        shape.subheadings
    );
    assert_eq!(text.matches("<blockquote").count(), shape.quotes);
    assert_eq!(
        text.matches("<ul class=\"govuk-list govuk-list--bullet\">")
            .count()
            + text
                .matches("<ul class=\"govuk-list s50-marked-list\">")
                .count(),
        shape.lists
    );
    assert!(
        text.contains("<span class=\"s50-marker\">(b)</span>"),
        "lettered limbs"
    );
    // Footnotes: each marker links to its note, numbered through the notice.
    assert!(shape.footnotes > 0);
    for n in 1..=shape.footnotes {
        at(text, &format!("href=\"#footnote-{n}\""));
        at(text, &format!("id=\"footnote-{n}\""));
    }
    assert!(text.contains("18 invoices"), "the notice's own words");
    // One address per notice: the canonical link, and another spelling sent on to it.
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"http:&#x2F;&#x2F;127.0.0.1:8080&#x2F;decisions&#x2F;{reference}\">"
    )));
    let once: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let moved = once
        .get(&format!(
            "{}/decisions/{}",
            app.base,
            reference.to_lowercase()
        ))
        .call()
        .unwrap();
    assert_eq!(moved.status(), 308);
    assert_eq!(
        moved.headers()["location"].to_str().unwrap(),
        format!("/decisions/{reference}")
    );
    assert!(!text.contains(">None<") && !text.contains("??"));
    assert_no_complainant("the permalink", &page);
}

fn import(app: &TestApp, reference: &str, text: &str) {
    let line = json!({
        "reference": reference, "date": "2021-03-04", "authority": "Home Office",
        "sector": "central_government", "regime": "foia",
        "abstract": "The Commissioner's decision is that the Home Office was entitled to withhold it.",
        "text": text,
        "provisions": [{"provision": "s40(2)", "outcome": "not_upheld"}]
    });
    let entry = serde_json::from_value::<HistoricalNotice>(line)
        .unwrap()
        .into_entry()
        .unwrap_or_else(|p| panic!("{p:?}"));
    let mut conn = app.pool.get().unwrap();
    let done = register::import(&mut conn, date("2024-01-01").into(), entry).unwrap();
    assert_eq!(done, Imported::Added);
}

#[test]
fn an_imported_plain_text_notice_is_split_into_headings_numbered_paragraphs_lists_and_quotes() {
    let app = TestApp::spawn();
    import(
        &app,
        "FS50200001",
        "Decision (including any steps ordered)\n\n1. The Commissioner's decision is that the \
         Home Office was entitled\nto withhold the names.\n\nReasons for decision\n\n\
         Section 40(2) – personal information\n\n2. The Home Office said:\n\n“Disclosure \
         would be unfair to the officials.”\n\n3. The Commissioner considered:\n\n• the \
         officials' seniority\n• their expectations\n\n4. The <b>names</b> are withheld.",
    );
    let page = html(&app, "/decisions/FS50200001");
    let text = &page[at(&page, "id=\"full-text\"")..];
    let decision = at(
        text,
        "<h3 class=\"govuk-heading-m\">Decision (including any steps ordered)</h3>",
    );
    let reasons = at(
        text,
        "<h3 class=\"govuk-heading-m\">Reasons for decision</h3>",
    );
    let sub = at(
        text,
        "<h4 class=\"govuk-heading-s\">Section 40(2) – personal information</h4>",
    );
    let numbers: Vec<usize> = (1..=4)
        .map(|n| at(text, &format!("id=\"paragraph-{n}\"")))
        .collect();
    assert!(decision < numbers[0] && numbers[0] < reasons && reasons < sub);
    assert!(sub < numbers[1] && numbers.windows(2).all(|w| w[0] < w[1]));
    // The paragraph's lines joined; the quotation and the list inside their paragraphs.
    assert!(text.contains("entitled to withhold the names."));
    let quote = at(text, "<blockquote class=\"govuk-inset-text s50-quote\">");
    assert!(numbers[1] < quote && quote < numbers[2]);
    let list = at(text, "<ul class=\"govuk-list govuk-list--bullet\">");
    assert!(numbers[2] < list && list < numbers[3]);
    assert!(text.contains("<li>their expectations</li>"));
    // Typed text is text, never markup.
    assert!(
        text.contains("The &lt;b&gt;names&lt;&#x2F;b&gt; are withheld."),
        "{text}"
    );

    // A notice with no blank lines: a paragraph a line, unnumbered, no heading made up.
    import(
        &app,
        "FS50200002",
        "The complainant requested immigration statistics.\nThe Home Office withheld the \
         names of officials under section 40(2).",
    );
    let page = html(&app, "/decisions/FS50200002");
    let text = &page[at(&page, "id=\"full-text\"")..];
    assert!(!text.contains("id=\"paragraph-"));
    assert!(!text.contains("<h3"));
    assert!(
        text.contains(
            "<p class=\"govuk-body\">The complainant requested immigration statistics.</p>"
        )
    );
}

/// The paragraph numbers of a structured text in the JSON, in order.
fn numbers_in(text: &Value) -> Vec<u64> {
    text["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap().iter())
        .filter_map(|b| b["number"].as_u64())
        .collect()
}

#[test]
fn the_json_gives_the_structured_text_and_a_notice_published_before_it_was_stored_is_given_it() {
    let app = TestApp::spawn();
    let notice = seed_notice();
    let reference = issue_the_seed_notice(&app, &notice);
    let path = format!("/api/v1/decisions/{reference}");
    let issued = app.get(&path, None).body["text"].clone();
    let headings: Vec<&str> = issued["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["heading"].as_str())
        .collect();
    assert_eq!(
        headings.first(),
        Some(&"Decision (including any steps ordered)")
    );
    assert!(headings.contains(&"Right of appeal"), "{headings:?}");
    let numbers = numbers_in(&issued);
    assert!(numbers.len() > 40, "{numbers:?}");
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    assert!(!issued["footnotes"].as_array().unwrap().is_empty());
    assert_no_complainant("the JSON's text", &issued.to_string());
    // The list gives no text: a page of notices stays small.
    let list = app.get("/api/v1/decisions", None).body;
    assert_eq!(list["items"][0]["reference"], reference.as_str());
    assert!(list["items"][0].get("text").is_none(), "{list}");

    // A notice published before the structure was stored: its page falls back to the plain
    // text, until the migration step gives it the structure it was issued with.
    let mut conn = app.pool.get().unwrap();
    diesel::sql_query("DELETE FROM published_structures")
        .execute(&mut conn)
        .unwrap();
    let fallback = app.get(&path, None).body["text"].clone();
    assert_ne!(
        fallback, issued,
        "without its structure the text is the plain text split"
    );
    section50::db::migrate(&mut conn).unwrap();
    assert_eq!(app.get(&path, None).body["text"], issued);
    // Once given, nothing more to do.
    assert_eq!(
        section50::db::register::backfill::structures(&mut conn).unwrap(),
        0
    );
}
