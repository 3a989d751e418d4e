//! The public register's search over HTTP, signed out: filters and facet counts worked out by
//! hand over tests/fixtures/register/history.jsonl (FTS5 on SQLite, tsvector on PostgreSQL under
//! `TEST_DATABASE_URL`), filters refused in words, the Atom feed checked against RFC 4287's
//! requirements with an XML parser, historical notices, and the editor's similar decisions.

use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, issue_notice};
use crate::pages::signed_in;
use crate::register::{assert_no_complainant, import_history, references};
use section50::domain::register::history::HistoricalNotice;
use section50::service::register::{self, Imported};
use serde_json::json;

const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn filters_and_facets_find_the_notices_worked_out_by_hand() {
    let app = TestApp::spawn();
    import_history(&app);
    // (query, the notices it must find: see tests/fixtures/register/history.jsonl)
    let table: &[(&str, &[&str])] = &[
        (
            "",
            &[
                "FER0100003",
                "FS50100001",
                "FS50100002",
                "IC-100004-AB12",
                "IC-100005-CD34",
            ],
        ),
        ("q=invoices", &["FS50100002", "IC-100004-AB12"]),
        ("q=invoice", &["FS50100002", "IC-100004-AB12"]), // stemmed on both databases
        ("q=INVOICES%20surveillance", &["IC-100004-AB12"]), // every word, any case
        (
            "q=%22invoices%22%20OR%20*",
            &["FS50100002", "IC-100004-AB12"],
        ), // never query syntax
        ("provision=s40(2)", &["FS50100001", "IC-100004-AB12"]),
        ("provision=FOI%2040(2)", &["FS50100001", "IC-100004-AB12"]), // in the register's words
        ("provision=EIR%2012(4)(b)", &["FER0100003"]),
        ("outcome=upheld", &["FS50100002", "IC-100005-CD34"]),
        ("provision=s31&outcome=upheld", &[]), // s31 was not upheld
        ("sector=local_government", &["FER0100003", "FS50100002"]),
        ("regime=eir", &["FER0100003"]),
        ("authority=BORSET", &["FER0100003", "FS50100002"]),
        (
            "from=2021-01-01&to=2022-12-31",
            &["FER0100003", "IC-100004-AB12"],
        ),
        ("from=2021-01-11&to=2021-01-11", &["FER0100003"]), // both ends included
        ("steps=yes", &["FER0100003", "FS50100002", "IC-100005-CD34"]),
        ("steps=no", &["FS50100001", "IC-100004-AB12"]),
        ("appealed=yes", &["FER0100003", "FS50100002"]),
        ("q=invoices&provision=s31&appealed=no", &["IC-100004-AB12"]),
        ("q=zzqx", &[]),
    ];
    for (query, expected) in table {
        let r = app.get(&format!("/api/v1/decisions?{query}"), None);
        assert_eq!(r.status, 200, "{query}: {:?}", r.body);
        assert_eq!(references(&r.body), *expected, "{query}");
        assert_eq!(r.body["total"], expected.len(), "{query}");
    }
}

#[test]
fn the_facets_count_every_match_and_the_snippet_marks_the_words_found() {
    let app = TestApp::spawn();
    import_history(&app);
    let all = app.get("/api/v1/decisions", None).body;
    let count = |facet: &str, value: &str| {
        all["facets"][facet]
            .as_array()
            .and_then(|v| v.iter().find(|x| x["value"] == value))
            .map_or(0, |x| x["count"].as_i64().unwrap())
    };
    for (facet, value, n) in [
        ("sector", "local_government", 2),
        ("sector", "police", 1),
        ("regime", "foia", 4),
        ("provision", "s40(2)", 2),
        ("outcome", "not_upheld", 2),
        ("outcome", "partly_upheld", 1),
        ("steps", "yes", 3),
        ("appealed", "yes", 2),
        ("year", "2021", 1),
        ("authority", "Borsetshire County Council", 2),
    ] {
        assert_eq!(count(facet, value), n, "{facet} {value}");
    }
    // The highlighted snippet marks the word found.
    let hit = app.get("/api/v1/decisions?q=surveillance", None).body;
    let snippet = &hit["items"][0]["snippet"];
    assert!(
        snippet.as_array().unwrap().iter().any(|p| p["hit"] == true
            && p["text"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("surveillance")),
        "{snippet}"
    );
    // Paging.
    let second = app.get("/api/v1/decisions?per_page=2&page=3", None).body;
    assert_eq!(
        (
            second["total"].as_i64(),
            second["items"].as_array().map(Vec::len)
        ),
        (Some(5), Some(1))
    );
    // Past the last page: the page says so and links to the last one.
    let past = app.get("/decisions?q=invoices&page=99", None);
    let html = past.body.as_str().unwrap();
    assert!(
        html.contains("There are no decision notices on page 99")
            && html.contains("page=1\">Go to page 1</a>")
            && !html.contains("No decision notices match"),
        "{html}"
    );
}

#[test]
fn a_filter_that_cannot_be_read_is_refused_in_words_and_the_page_keeps_what_was_typed() {
    let app = TestApp::spawn();
    for (query, field) in [
        ("from=2024-02-30", "from"),
        ("outcome=maybe", "outcome"),
        ("steps=perhaps", "steps"),
        ("sector=space", "sector"),
        ("provision=banana", "provision"),
        ("provision=31", "provision"),
        ("from=2024-02-01&to=2024-01-01", "to"),
        ("per_page=1000", "per_page"),
        ("colour=red", "query"),
    ] {
        let r = app.get(&format!("/api/v1/decisions?{query}"), None);
        assert_eq!(r.status, 422, "{query}");
        assert_eq!(
            r.body["rule"],
            format!("invalid_{field}"),
            "{query}: {:?}",
            r.body
        );
        assert!(
            r.body["detail"].as_str().unwrap_or_default().len() > 10,
            "{query}: {:?}",
            r.body
        );
    }
    let page = app.get(
        "/decisions?q=invoices&from_day=30&from_month=2&from_year=2024",
        None,
    );
    assert_eq!(page.status, 200);
    let html = page.body.as_str().unwrap();
    assert!(
        html.contains("The start date must be a real date"),
        "{html}"
    );
    assert!(
        html.contains("value=\"invoices\"") && html.contains("value=\"30\""),
        "typed text kept"
    );
    // Nothing is listed or offered for download as if the date had been applied.
    assert!(
        html.contains("Correct the search to see the decision notices it finds"),
        "{html}"
    );
    assert!(!html.contains("id=\"results\"") && !html.contains("id=\"csv-link\""));
    let provision = app.get("/decisions?provision=banana", None);
    assert!(
        provision
            .body
            .as_str()
            .unwrap()
            .contains("Select a provision from the list, or give one as s40(2)"),
        "an unknown provision is named"
    );
}

#[test]
fn the_atom_feed_meets_rfc_4287_and_a_search_is_a_feed_of_its_own() {
    let app = TestApp::spawn();
    import_history(&app);
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", None);
    let fetch = |path: &str| {
        let mut resp = ureq::get(&format!("{}{path}", app.base)).call().unwrap();
        let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
        (kind, resp.body_mut().read_to_string().unwrap())
    };
    let (kind, all) = fetch("/decisions.atom");
    assert!(kind.starts_with("application/atom+xml"), "{kind}");
    let ids = check_atom(&all);
    assert_eq!(ids.len(), 6);
    assert!(ids.contains(&format!("http://127.0.0.1:8080/decisions/{reference}")));
    let (_, some) = fetch("/decisions.atom?q=invoices");
    let ids = check_atom(&some);
    assert_eq!(ids.len(), 2, "{some}");
    let feed_id = |xml: &str| {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.root_element()
            .children()
            .find(|n| n.has_tag_name((ATOM, "id")))
            .unwrap()
            .text()
            .unwrap()
            .to_owned()
    };
    assert_ne!(
        feed_id(&all),
        feed_id(&some),
        "each search is a feed of its own"
    );
    assert_no_complainant("the feed", &all);
}

fn one(parent: roxmltree::Node, name: &str, within: &str) -> String {
    let found: Vec<_> = parent
        .children()
        .filter(|n| n.has_tag_name((ATOM, name)))
        .collect();
    assert_eq!(found.len(), 1, "{within} has exactly one atom:{name}");
    found[0].text().unwrap_or_default().trim().to_owned()
}

fn iri(text: &str, what: &str) {
    assert!(
        text.starts_with("http://") || text.starts_with("https://"),
        "{what} is an absolute IRI: {text}"
    );
}

fn rfc3339(text: &str, what: &str) {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{what} is an RFC 3339 date ({text}): {e}"));
}

/// (rel, type, href) of an element's links; every link has an absolute href (4.2.7.1).
fn links(parent: roxmltree::Node) -> Vec<(String, String, String)> {
    parent
        .children()
        .filter(|n| n.has_tag_name((ATOM, "link")))
        .map(|l| {
            let href = l
                .attribute("href")
                .unwrap_or_else(|| panic!("4.2.7.1: a link has href"))
                .to_owned();
            iri(&href, "a link");
            let rel = l.attribute("rel").unwrap_or("alternate").to_owned();
            (rel, l.attribute("type").unwrap_or("").to_owned(), href)
        })
        .collect()
}

/// RFC 4287 4.1.2 of one entry; returns its id.
fn check_entry(entry: roxmltree::Node, feed_author: bool) -> String {
    let id = one(entry, "id", "an entry");
    iri(&id, "an entry's id");
    assert!(!one(entry, "title", "an entry").is_empty());
    rfc3339(&one(entry, "updated", "an entry"), "an entry's updated");
    let entry_links = links(entry);
    let mut types: Vec<&str> = entry_links
        .iter()
        .filter(|(rel, _, _)| rel == "alternate")
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert!(
        !types.is_empty(),
        "4.1.2: an entry without content has an alternate link"
    );
    types.sort_unstable();
    let before = types.len();
    types.dedup();
    assert_eq!(
        types.len(),
        before,
        "4.1.1: no two alternate links of one type"
    );
    assert!(
        feed_author || entry.children().any(|n| n.has_tag_name((ATOM, "author"))),
        "4.1.1: an author on the feed or on every entry"
    );
    assert!(
        entry.children().any(|n| n.has_tag_name((ATOM, "summary"))),
        "4.1.2: a summary when there is no content"
    );
    id
}

/// RFC 4287's requirements of a feed and its entries, checked on the parsed XML; returns the
/// entries' ids.
fn check_atom(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("well-formed XML: {e}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "4.1.1: the root is atom:feed"
    );
    iri(&one(feed, "id", "the feed"), "the feed's id");
    assert!(!one(feed, "title", "the feed").is_empty());
    rfc3339(&one(feed, "updated", "the feed"), "the feed's updated");
    assert!(
        links(feed).iter().any(|(rel, _, _)| rel == "self"),
        "4.1.1: a feed should link to itself"
    );
    let feed_author = feed.children().any(|n| n.has_tag_name((ATOM, "author")));
    let ids: Vec<String> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|e| check_entry(e, feed_author))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "4.1.1: entries' ids are unique");
    ids
}

#[test]
fn historical_notices_are_imported_once_and_a_bad_line_names_its_problems() {
    let app = TestApp::spawn();
    import_history(&app);
    let mut conn = app.pool.get().unwrap();
    let line = include_str!("../fixtures/register/history.jsonl")
        .lines()
        .next()
        .unwrap();
    let again = serde_json::from_str::<HistoricalNotice>(line)
        .unwrap()
        .into_entry()
        .unwrap();
    assert_eq!(
        register::import(&mut conn, date("2024-01-01").into(), again).unwrap(),
        Imported::AlreadyThere
    );
    assert_eq!(app.count("published_notices"), 5);
    let page = app.get("/decisions/FS50100002", None);
    // Tera escapes "/" as "&#x2F;", which a browser shows as "/".
    let html = page.body.as_str().unwrap().replace("&#x2F;", "/");
    for shown in [
        "FOI 12",
        "Complaint upheld",
        "EA/2020/0101",
        "20 July 2020",
        "28 January 2020",
        "Borsetshire County Council",
    ] {
        assert!(html.contains(shown), "the permalink shows {shown}");
    }
    // An imported notice links to its published PDF elsewhere.
    let first = app.get("/api/v1/decisions/FS50100001", None).body;
    assert_eq!(
        first["pdf"],
        "https://ico.example/decision-notices/fs50100001.pdf"
    );
}

#[test]
fn an_officer_drafting_a_notice_sees_published_decisions_on_the_same_provisions_and_outcomes() {
    let app = TestApp::spawn();
    import_history(&app);
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    let mut notice = drafted.body["notice"].clone();
    notice["provisions"] = json!([
        {"provision": "s40(2)", "outcome": "not_upheld"},
        {"provision": "s31", "outcome": "not_upheld"}
    ]);
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let mut officer = signed_in(&app, "officer");
    let page = officer.get(&format!("/cases/{reference}/notice"));
    assert_eq!(page.status, 200);
    let start = page
        .body
        .find("id=\"similar-decisions\"")
        .expect("the panel");
    let panel = &page.body[start..start + page.body[start..].find("</aside>").unwrap()];
    // IC-100004-AB12 decided both the same way; FS50100001 only s40(2); the others neither.
    let both = panel
        .find("IC-100004-AB12")
        .expect("the notice sharing both");
    let one = panel.find("FS50100001").expect("the notice sharing one");
    assert!(both < one, "the most in common first: {panel}");
    for other in ["FS50100002", "FER0100003", "IC-100005-CD34"] {
        assert!(
            !panel.contains(other),
            "{other} decided other provisions: {panel}"
        );
    }
}
