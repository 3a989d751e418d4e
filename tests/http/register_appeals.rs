//! The appeal chain on the register, signed out: a notice appealed to the First-tier Tribunal,
//! then to the Upper Tribunal (TCEA 2007 s11), then to the Court of Appeal (s13) shows every
//! proceeding, lowest court first, on its permalink, in the JSON (`appeal_chain`) and in the
//! CSV's one summary column (`appeal_chain`); an imported notice shows its one known
//! proceeding. On SQLite, and on PostgreSQL under `TEST_DATABASE_URL`.

use crate::helpers::{TestApp, date};
use crate::notices::{allocated_case, issue_notice};
use crate::register::import_history;
use serde_json::{Value, json};

fn open(app: &TestApp, reference: &str, body: &Value) -> i64 {
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.manager),
        body,
    );
    assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

fn record(app: &TestApp, id: i64, bodies: &[Value]) {
    for body in bodies {
        let r = app.post(
            &format!("/api/v1/appeals/{id}/events"),
            Some(&app.manager),
            body,
        );
        assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    }
}

fn decision(app: &TestApp, reference: &str) -> Value {
    let r = app.get(&format!("/api/v1/decisions/{reference}"), None);
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body
}

fn courts(d: &Value) -> Vec<(String, String)> {
    d["appeal_chain"]
        .as_array()
        .unwrap_or_else(|| panic!("appeal_chain in {d}"))
        .iter()
        .map(|p| {
            (
                p["court"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The CSV's `appeal_chain` cell of the notice `reference`.
fn csv_chain(app: &TestApp, reference: &str) -> String {
    let csv = app.get("/decisions.csv", None);
    assert_eq!(csv.status, 200);
    let mut r = csv::Reader::from_reader(csv.body.as_str().unwrap().as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    r.records()
        .map(Result::unwrap)
        .find(|row| &row[at("reference")] == reference)
        .map(|row| row[at("appeal_chain")].to_owned())
        .unwrap_or_else(|| panic!("{reference} in the CSV"))
}

#[test]
fn a_notice_appealed_up_the_courts_shows_its_whole_chain_on_the_register() {
    let app = TestApp::builder().today(date("2025-06-30")).build();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    assert_eq!(courts(&decision(&app, &reference)), vec![]);
    assert_eq!(csv_chain(&app, &reference), "");

    // The First-tier Tribunal allows the authority's appeal.
    let first = open(
        &app,
        &reference,
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-02-19"}),
    );
    record(
        &app,
        first,
        &[
            json!({"kind": "notice_of_appeal_sent", "date": "2024-02-20"}),
            json!({"kind": "commissioner_response_sent", "date": "2024-03-15"}),
            json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "allowed"}),
        ],
    );
    let d = decision(&app, &reference);
    assert_eq!(
        courts(&d),
        vec![("first_tier".to_owned(), "determined".to_owned())]
    );
    assert_eq!(d["appeal_chain"][0]["outcome"], "allowed");
    assert_eq!(d["appeal_chain"][0]["decided_on"], "2024-06-03");

    // The Commissioner appeals to the Upper Tribunal, which dismisses it; then to the Court of
    // Appeal, pending.
    let upper = open(
        &app,
        &reference,
        &json!({"tribunal_reference": "UA-2024-000456-GIA", "appellant": "public_authority", "date": "2024-07-01", "parent_id": first}),
    );
    assert_eq!(
        csv_chain(&app, &reference),
        "First-tier Tribunal (EA/2024/0123): allowed 3 June 2024 → Upper Tribunal \
         (UA-2024-000456-GIA): awaiting decision"
    );
    record(
        &app,
        upper,
        &[
            json!({"kind": "upper_tribunal_decision_sent", "date": "2025-01-15", "outcome": "dismissed"}),
        ],
    );
    open(
        &app,
        &reference,
        &json!({"tribunal_reference": "CA-2025-000123", "appellant": "public_authority", "date": "2025-02-10", "parent_id": upper}),
    );

    let d = decision(&app, &reference);
    assert_eq!(
        courts(&d),
        vec![
            ("first_tier".to_owned(), "determined".to_owned()),
            ("upper_tribunal".to_owned(), "determined".to_owned()),
            ("court_of_appeal".to_owned(), "lodged".to_owned()),
        ]
    );
    assert_eq!(d["appeal_chain"][1]["reference"], "UA-2024-000456-GIA");
    assert_eq!(d["appeal_chain"][1]["received_on"], "2024-07-01");
    assert_eq!(
        d["appeal_court"], "court_of_appeal",
        "the latest proceeding"
    );
    assert_eq!(d["tribunal_reference"], "CA-2025-000123");
    let words = [
        "First-tier Tribunal (EA/2024/0123): allowed 3 June 2024",
        "Upper Tribunal (UA-2024-000456-GIA): dismissed 15 January 2025",
        "Court of Appeal (CA-2025-000123): awaiting decision",
    ];
    assert_eq!(csv_chain(&app, &reference), words.join(" → "));
    // The JSON list carries it too.
    let list = app.get("/api/v1/decisions?appealed=yes", None);
    assert_eq!(
        list.body["items"][0]["appeal_chain"][2]["court_label"],
        "Court of Appeal"
    );

    // The permalink lists the chain, lowest court first.
    let page = app.get(&format!("/decisions/{reference}"), None);
    let html = page
        .body
        .as_str()
        .unwrap_or_default()
        .replace("&#x2F;", "/");
    let chain = &html[html.find("id=\"appeal-chain\"").expect("the chain")..];
    let chain = &chain[..chain.find("</ol>").unwrap()];
    let at: Vec<usize> = words
        .iter()
        .map(|w| chain.find(w).unwrap_or_else(|| panic!("{w} in {chain}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order: {chain}");
    assert!(html.contains("Appealed to the Court of Appeal (CA-2025-000123) — awaiting decision"));
}

#[test]
fn an_imported_notice_shows_its_one_known_appeal_and_one_not_appealed_shows_none() {
    let app = TestApp::spawn();
    import_history(&app);
    let appealed = app.get("/api/v1/decisions?appealed=yes", None).body;
    let item = appealed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["tribunal_reference"] == "EA/2020/0101")
        .unwrap_or_else(|| panic!("the appealed historical notice in {appealed}"))
        .clone();
    assert_eq!(
        item["appeal_chain"],
        json!([{"court": "first_tier", "court_label": "First-tier Tribunal",
                "reference": "EA/2020/0101", "received_on": null, "status": "lodged",
                "outcome": null, "decided_on": null,
                "words": "First-tier Tribunal (EA/2020/0101): awaiting decision"}])
    );
    let reference = item["reference"].as_str().unwrap();
    assert_eq!(
        csv_chain(&app, reference),
        "First-tier Tribunal (EA/2020/0101): awaiting decision"
    );
    let not_appealed = app.get("/api/v1/decisions?appealed=no", None).body;
    for i in not_appealed["items"].as_array().unwrap() {
        assert_eq!(i["appeal_chain"], json!([]), "{i}");
    }
}
