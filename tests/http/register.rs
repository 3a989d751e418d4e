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
fn import_history(app: &TestApp) {
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

fn references(body: &Value) -> Vec<String> {
    let mut r: Vec<String> = body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items in {body}"))
        .iter()
        .map(|i| i["reference"].as_str().unwrap().to_owned())
        .collect();
    r.sort();
    r
}

fn assert_no_complainant(what: &str, text: &str) {
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
    type Slip = (
        &'static str,
        &'static str,
        fn(&mut Value, &dyn Fn(Value) -> Value),
    );
    let slips: &[Slip] = &[
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
    ];
    for (why, location, slip) in slips {
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
    // Facet counts over everything matched.
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
}

#[test]
fn a_filter_that_cannot_be_read_is_refused_in_words_and_the_page_keeps_what_was_typed() {
    let app = TestApp::spawn();
    for (query, field) in [
        ("from=2024-02-30", "from"),
        ("outcome=maybe", "outcome"),
        ("steps=perhaps", "steps"),
        ("sector=space", "sector"),
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

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// RFC 4287's requirements of a feed and its entries, checked on the parsed XML; returns the
/// entries' ids.
fn check_atom(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("well-formed XML: {e}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "4.1.1: the root is atom:feed"
    );
    let one = |parent: roxmltree::Node, name: &str, within: &str| -> String {
        let found: Vec<_> = parent
            .children()
            .filter(|n| n.has_tag_name((ATOM, name)))
            .collect();
        assert_eq!(found.len(), 1, "{within} has exactly one atom:{name}");
        found[0].text().unwrap_or_default().trim().to_owned()
    };
    let iri = |text: &str, what: &str| {
        assert!(
            text.starts_with("http://") || text.starts_with("https://"),
            "{what} is an absolute IRI: {text}"
        );
    };
    let date = |text: &str, what: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|e| panic!("{what} is an RFC 3339 date ({text}): {e}"));
    };
    iri(&one(feed, "id", "the feed"), "the feed's id");
    assert!(!one(feed, "title", "the feed").is_empty());
    date(&one(feed, "updated", "the feed"), "the feed's updated");
    let links = |parent: roxmltree::Node| -> Vec<(String, String, String)> {
        parent
            .children()
            .filter(|n| n.has_tag_name((ATOM, "link")))
            .map(|l| {
                let href = l
                    .attribute("href")
                    .unwrap_or_else(|| panic!("4.2.7.1: a link has href"))
                    .to_owned();
                iri(&href, "a link");
                (
                    l.attribute("rel").unwrap_or("alternate").to_owned(),
                    l.attribute("type").unwrap_or("").to_owned(),
                    href,
                )
            })
            .collect()
    };
    assert!(
        links(feed).iter().any(|(rel, _, _)| rel == "self"),
        "4.1.1: a feed should link to itself"
    );
    let feed_author = feed.children().any(|n| n.has_tag_name((ATOM, "author")));
    let mut ids = Vec::new();
    for entry in feed.children().filter(|n| n.has_tag_name((ATOM, "entry"))) {
        let id = one(entry, "id", "an entry");
        iri(&id, "an entry's id");
        assert!(!one(entry, "title", "an entry").is_empty());
        date(&one(entry, "updated", "an entry"), "an entry's updated");
        let entry_links = links(entry);
        let alternates: Vec<_> = entry_links
            .iter()
            .filter(|(rel, _, _)| rel == "alternate")
            .collect();
        assert!(
            !alternates.is_empty(),
            "4.1.2: an entry without content has an alternate link"
        );
        let mut types: Vec<&str> = alternates.iter().map(|(_, t, _)| t.as_str()).collect();
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
        ids.push(id);
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "4.1.1: entries' ids are unique");
    ids
}

#[test]
fn a_manager_withholds_a_notice_with_a_reason_and_the_counts_account_for_every_issued_notice() {
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
fn an_appeal_recorded_on_the_case_shows_on_its_published_entry() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let lodged = app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.manager),
        &json!({"kind": "appeal_lodged", "date": "2024-02-19"}),
    );
    assert_eq!(lodged.status, 201, "{:?}", lodged.body);
    let d = app
        .get(&format!("/api/v1/decisions/{reference}"), None)
        .body;
    assert_eq!(d["appeal_status"], "lodged");
    assert_eq!(
        references(&app.get("/api/v1/decisions?appealed=yes", None).body),
        vec![reference]
    );
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
