//! Human words on every screen and the allocation control (issue 14): the main pages of a
//! seeded install, walked as an officer and as a manager, show no "None", no internal key of a
//! deadline or an event, and no ISO date; a case is offered for allocation, and allocated, only
//! once its complaint is accepted and while it is open.

use crate::helpers::{TestApp, date, seed_events};
use crate::notices::{allocated_case, finish, issue_notice};
use crate::pages::{csrf_token, signed_in};
use section50::domain::deadline::DeadlineName;
use section50::domain::lifecycle::WorkflowKind;
use section50::domain::timeline::EventKind;
use serde_json::json;

/// The text a person reads: no scripts, styles, tags or attribute values.
fn visible_text(html: &str) -> String {
    let mut text = html.to_owned();
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(i) = text.find(open) {
            let end = text[i..]
                .find(close)
                .map_or(text.len(), |j| i + j + close.len());
            text.replace_range(i..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&amp;", "&")
}

/// The internal keys that must never be read: every deadline's and event's slug that is not
/// an ordinary word ("response_due", "appeal_last_day", "complaint_received").
fn internal_keys() -> Vec<&'static str> {
    DeadlineName::ALL
        .iter()
        .map(|d| d.slug())
        .chain(EventKind::ALL.iter().map(|k| k.slug()))
        .chain(WorkflowKind::ALL.iter().map(|k| k.slug()))
        .filter(|s| s.contains('_'))
        .collect()
}

/// What is wrong with a page's words, one line each.
fn problems(path: &str, html: &str) -> Vec<String> {
    let text = visible_text(html);
    let mut found = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.contains(&"None") {
        found.push(format!("{path}: shows \"None\""));
    }
    for key in internal_keys() {
        if words.contains(&key) {
            found.push(format!("{path}: shows the internal key {key}"));
        }
    }
    for w in &words {
        let b = w.as_bytes();
        let iso = b.len() >= 10
            && b[..10].iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if iso {
            found.push(format!("{path}: shows the ISO date {w}"));
        }
    }
    // One date format (issue 14): "20 February 2024", never "20 Feb 2024". "May" is the same
    // either way, so it cannot tell; a month abbreviated between a day and a year can.
    for pair in words.windows(3) {
        let day = pair[0].len() <= 2 && pair[0].bytes().all(|c| c.is_ascii_digit());
        let year = pair[2].len() == 4 && pair[2].bytes().all(|c| c.is_ascii_digit());
        if day && year && ABBREVIATED_MONTHS.contains(&pair[1]) {
            found.push(format!(
                "{path}: shows the abbreviated date {} {} {}",
                pair[0], pair[1], pair[2]
            ));
        }
    }
    found
}

/// The months as tables once wrote them (without May, the same in full).
const ABBREVIATED_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

#[test]
fn the_main_pages_show_no_none_no_internal_keys_no_iso_and_no_abbreviated_dates() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    // A decided case under appeal, a notice awaiting approval, and a rejected complaint.
    let decided = allocated_case(&app);
    issue_notice(&app, &decided, "2024-02-08", Some(35));
    let appeal = app.post(
        &format!("/api/v1/cases/{decided}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(appeal.status, 201, "{:?}", appeal.body);
    let appeal_id = appeal.body["id"].as_i64().expect("appeal id");
    let waiting = allocated_case(&app);
    let api = format!("/api/v1/cases/{waiting}/notice");
    let mut notice = app
        .post(&format!("{api}/generate"), Some(&app.officer), &json!({}))
        .body["notice"]
        .clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    assert_eq!(
        app.send("PUT", &api, Some(&app.officer), &notice.to_string())
            .status,
        200
    );
    let submitted = app.post(&format!("{api}/submit"), Some(&app.officer), &json!({}));
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let authority = app.authority("Northshire Council");
    let rejected = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let r = app.post(
        &format!("/api/v1/cases/{rejected}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_rejected", "date": "2023-10-02", "reason": "out_of_time"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);

    let pages = [
        "/cases".to_owned(),
        format!("/cases/{decided}"),
        format!("/cases/{waiting}"),
        format!("/cases/{rejected}"),
        format!("/cases/{decided}/notice"),
        format!("/cases/{waiting}/notice"),
        "/appeals".to_owned(),
        format!("/appeals/{appeal_id}"),
        "/decisions".to_owned(),
        format!("/decisions/{decided}"),
        "/authorities".to_owned(),
        "/account".to_owned(),
    ];
    let managers = ["/approvals", "/stats"];
    let mut found = Vec::new();
    for who in ["officer", "manager"] {
        let mut v = signed_in(&app, who);
        let paths = pages
            .iter()
            .map(String::as_str)
            .chain(managers.iter().copied().filter(|_| who == "manager"));
        for path in paths {
            let page = v.get(path);
            assert_eq!(page.status, 200, "{who} GET {path}");
            found.extend(problems(&format!("{who} {path}"), &page.body));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The rejection's reason is in words on the case page, and the event starts with a capital.
    let page = signed_in(&app, "officer")
        .get(&format!("/cases/{rejected}"))
        .body;
    assert!(page.contains("Out of time: undue delay in complaining"));
    assert!(page.contains("Complaint rejected as ineligible"));
    // The approvals queue names the authority and how long the notice has waited.
    let queue = signed_in(&app, "manager").get("/approvals").body;
    assert!(queue.contains("Commissioner of Police of the Metropolis"));
    assert!(
        queue.contains("Since today"),
        "submitted today, 31 December 2024"
    );
}

#[test]
fn a_case_is_allocated_only_once_accepted_and_while_open() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let open = |events| {
        app.open_case(&app.officer, authority, events).body["reference"]
            .as_str()
            .expect("reference")
            .to_owned()
    };
    let received = open(seed_events());
    let mut manager = signed_in(&app, "manager");
    let page = manager.get(&format!("/cases/{received}")).body;
    assert!(
        !page.contains("id=\"allocate\""),
        "not offered before acceptance"
    );
    let token = csrf_token(&page);
    let officer = app.officer_id.to_string();
    let allocate = |v: &mut crate::pages::Visitor, reference: &str| {
        v.post(
            &format!("/cases/{reference}/allocation"),
            &[
                ("csrf_token", token.as_str()),
                ("officer_id", officer.as_str()),
                ("allocation_date_day", "3"),
                ("allocation_date_month", "10"),
                ("allocation_date_year", "2023"),
            ],
        )
    };
    // The door refuses it too, in words, and writes nothing.
    let before = app.count("case_events");
    let refused = allocate(&mut manager, &received);
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains(
            "The complaint has not been accepted yet: accept it before allocating the case"
        ),
        "{}",
        refused.body
    );
    let api = app.post(
        &format!("/api/v1/cases/{received}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-10-03"}),
    );
    assert_eq!(api.status, 422, "{:?}", api.body);
    assert_eq!(app.count("case_events"), before);

    // Rejected, then closed: never offered, always refused.
    let reject = json!({"kind": "complaint_rejected", "date": "2023-10-02", "reason": "withdrawn"});
    let events = format!("/api/v1/cases/{received}/events");
    assert_eq!(app.post(&events, Some(&app.officer), &reject).status, 201);
    let refused = allocate(&mut manager, &received);
    assert!(
        refused
            .body
            .contains("The complaint was rejected as ineligible")
    );
    let close = json!({"kind": "case_closed", "date": "2023-10-03"});
    let closed = app.post(&events, Some(&app.manager), &close);
    assert_eq!(closed.status, 201, "{:?}", closed.body);
    let page = manager.get(&format!("/cases/{received}")).body;
    assert!(
        !page.contains("id=\"allocate\""),
        "not offered on a closed case"
    );
    let refused = allocate(&mut manager, &received);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("The case is closed: a closed case cannot be allocated")
    );

    // Accepted: offered, and allocated on the date typed.
    let accepted = open(seed_events());
    let accept = json!({"kind": "complaint_accepted", "date": "2023-10-02"});
    let events = format!("/api/v1/cases/{accepted}/events");
    assert_eq!(app.post(&events, Some(&app.officer), &accept).status, 201);
    assert!(
        manager
            .get(&format!("/cases/{accepted}"))
            .body
            .contains("id=\"allocate\"")
    );
    assert_eq!(allocate(&mut manager, &accepted).status, 303);
}
