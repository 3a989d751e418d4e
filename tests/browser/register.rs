//! The public register in a real browser, signed out: the seed case's notice (the Metropolitan
//! Police decision of 8 February 2024, tests/fixtures/notices/seed-004.json) issued through the
//! API, then found by a word of its text, filtered by provision and outcome, its permalink and
//! PDF opened, and no trace of the complainant anywhere; axe-core on each page.

use crate::driver::Browser;
use crate::helpers::{TestApp, seed_events};
use fantoccini::Locator;
use serde_json::{Value, json};

/// The complainant `TestApp::open_case` gives every case.
const TRACES: [&str; 4] = [
    "Alex Complainant",
    "alex@example.org",
    "1 High Street",
    "Alex",
];

fn ok(r: &crate::helpers::Reply, what: &str) {
    assert!(
        (200..300).contains(&r.status),
        "{what}: {} {:?}",
        r.status,
        r.body
    );
}

/// Opens the seed case, allocates it, saves the seed notice with its provisions decided, and
/// takes it through submission, approval and issue dated 8 February 2024.
fn issue_the_seed_notice(app: &TestApp) -> String {
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let opened = app.open_case(&app.officer, authority, seed_events());
    ok(&opened, "open the case");
    let reference = opened.body["reference"].as_str().unwrap().to_owned();
    let case = format!("/api/v1/cases/{reference}");
    let accepted = app.post(
        &format!("{case}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
    );
    ok(&accepted, "accept the complaint");
    let allocated = app.post(
        &format!("{case}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
    );
    ok(&allocated, "allocate");
    ok(
        &app.post(
            &format!("{case}/notice/generate"),
            Some(&app.officer),
            &json!({}),
        ),
        "draft",
    );
    let mut notice: Value =
        serde_json::from_str(include_str!("../fixtures/notices/seed-004.json")).unwrap();
    notice["references"] = json!([reference]);
    notice["date"] = Value::Null;
    // Section 31 only: the Commissioner did not go on to the other exemptions (paragraphs 47
    // and 68 of the notice).
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    let saved = app.send(
        "PUT",
        &format!("{case}/notice"),
        Some(&app.officer),
        &notice.to_string(),
    );
    ok(&saved, "save the seed notice");
    assert_eq!(
        saved.body["findings"],
        json!([]),
        "the seed notice passes the checks"
    );
    ok(
        &app.post(
            &format!("{case}/notice/submit"),
            Some(&app.officer),
            &json!({}),
        ),
        "submit",
    );
    ok(
        &app.post(
            &format!("{case}/notice/approve"),
            Some(&app.manager),
            &json!({}),
        ),
        "approve",
    );
    let issued = app.post(
        &format!("{case}/notice/issue"),
        Some(&app.officer),
        &json!({"date": "2024-02-08"}),
    );
    ok(&issued, "issue");
    reference
}

async fn assert_no_trace(browser: &Browser, page: &str) {
    let text = browser.page_text().await;
    let source = browser.client.source().await.expect("page source");
    for trace in TRACES {
        assert!(
            !text.contains(trace) && !source.contains(trace),
            "{page} shows \"{trace}\""
        );
    }
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed: scripts/test installs it");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_visitor_finds_the_seed_notice_filters_it_and_opens_its_permalink_and_pdf_without_any_trace_of_the_complainant()
 {
    let app = TestApp::spawn();
    let reference = issue_the_seed_notice(&app);
    let browser = Browser::start(&app.base).await;

    search(&browser).await;
    filter(&browser).await;
    permalink(&browser, &reference).await;
    pdf(&browser, &app, &reference).await;
    csv_columns(&browser).await;
}

/// Beside the CSV link, what each of its columns means: every column, with an example.
async fn csv_columns(browser: &Browser) {
    browser.go("/decisions").await;
    browser.submit("#csv-columns-link").await;
    assert_eq!(browser.path().await, "/decisions/csv-columns");
    let table = browser.text("#columns").await;
    for column in [
        "reference",
        "provisions",
        "appeal_status",
        "appeal_window_until",
    ] {
        assert!(table.contains(column), "{column}: {table}");
    }
    assert!(table.contains("FOI 31: Complaint not upheld"), "{table}");
    browser.screenshot("register-csv-columns").await;
    browser.assert_accessible("register CSV columns").await;
}

/// Found by a word of its text, the word highlighted, without signing in.
async fn search(browser: &Browser) {
    browser.go("/decisions?q=invoices").await;
    assert_eq!(
        browser.text("#result-count").await,
        "1 decision notice found"
    );
    let result = browser.text("#results li").await;
    assert!(
        result.contains("Commissioner of Police of the Metropolis"),
        "{result}"
    );
    assert!(result.contains("8 February 2024"), "{result}");
    assert!(result.contains("FOI 31: Complaint not upheld"), "{result}");
    let marked = browser.text("#results mark").await;
    assert!(marked.to_lowercase().starts_with("invoice"), "{marked}");
    browser.screenshot("register-search").await;
    browser.assert_accessible("register search").await;
    assert_no_trace(browser, "the search").await;
}

/// Filtered by provision and outcome: the wrong outcome finds nothing, the right one finds it.
async fn filter(browser: &Browser) {
    browser.select("#provision", "s31").await;
    browser.select("#outcome", "upheld").await;
    browser.submit("#search-button").await;
    assert_eq!(
        browser.text("#result-count").await,
        "0 decision notices found"
    );
    browser.select("#outcome", "not_upheld").await;
    browser.submit("#search-button").await;
    let path = browser.path().await;
    assert!(
        path.contains("provision=s31")
            && path.contains("outcome=not_upheld")
            && path.contains("q=invoices"),
        "{path}"
    );
    assert_eq!(
        browser.text("#result-count").await,
        "1 decision notice found"
    );
    let provision = browser.text("#provision option:checked").await;
    assert_eq!(
        provision, "FOI 31 (1)",
        "the facet's count beside the provision"
    );
}

/// Its permalink: metadata, key dates, the outcome per provision, steps and appeal.
async fn permalink(browser: &Browser, reference: &str) {
    browser.submit("#results h2 a").await;
    assert_eq!(browser.path().await, format!("/decisions/{reference}"));
    assert_eq!(
        browser.text("h1").await,
        "Commissioner of Police of the Metropolis"
    );
    let outcomes = browser.text("#outcomes").await;
    assert!(
        outcomes.contains("FOI 31")
            && !outcomes.contains("FOI 43(2)")
            && outcomes.contains("Complaint not upheld"),
        "{outcomes}"
    );
    let dates = browser.text("#key-dates").await;
    for shown in [
        "13 February 2023",
        "22 June 2023",
        "20 July 2023",
        "19 September 2023",
        "20 September 2023",
        "6 November 2023",
    ] {
        assert!(dates.contains(shown), "{shown} in {dates}");
    }
    assert_eq!(browser.text("#date").await, "8 February 2024");
    assert_eq!(browser.text("#steps").await, "No steps ordered.");
    // The test's day is within the 28 days of GRC rule 22(1)(b): the last day is Thu 7 March.
    assert_eq!(
        browser.text("#appeal").await,
        "Appeal window open until 7 March 2024."
    );
    // The text under its headings, its paragraphs numbered across them as in the PDF.
    let text = browser.text("#full-text").await;
    assert!(text.contains("18 invoices"), "{text}");
    assert!(text.contains("Reasons for decision"), "{text}");
    assert_eq!(
        browser.text("#paragraph-3 .s50-paragraph-number").await,
        "3."
    );
    assert!(
        !browser.text("#footnote-1").await.is_empty(),
        "footnotes listed"
    );
    browser.screenshot("register-decision").await;
    browser.assert_accessible("register decision").await;
    assert_no_trace(browser, "the permalink").await;
}

/// Its PDF at the stable link, with no trace of the complainant in its text.
async fn pdf(browser: &Browser, app: &TestApp, reference: &str) {
    let href = browser
        .client
        .find(Locator::Css("#pdf-link"))
        .await
        .expect("the PDF link")
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    assert_eq!(href, format!("/decisions/{reference}.pdf"));
    let (status, content_type, head) = browser.fetch(&href).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    assert!(head.starts_with("%PDF"), "{head}");
    let pdf = ureq::get(&format!("{}{href}", app.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    let text = pdftotext(&pdf);
    assert!(text.contains("invoices"), "the notice's own text");
    for trace in TRACES {
        assert!(!text.contains(trace), "the PDF shows \"{trace}\"");
    }
}
