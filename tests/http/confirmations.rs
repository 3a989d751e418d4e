//! Actions that cannot be undone ask for confirmation on a page of their own, with no script
//! (issue 14): withdrawing an event and deleting a paragraph of a notice. The plain action is
//! sent to the confirmation page and writes nothing; only the confirmation's form, with its
//! CSRF token, does it.

use crate::helpers::{TestApp, seed_events};
use crate::notices::allocated_case;
use crate::pages::{Visitor, csrf_token, signed_in};
use serde_json::{Value, json};

/// The id of the case's effective event of `kind`.
fn event_id(app: &TestApp, reference: &str, kind: &str) -> i64 {
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    case.body["events"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|x| x["kind"] == kind && x["effective"] == true)
        })
        .and_then(|x| x["id"].as_i64())
        .expect("the event")
}

#[test]
fn withdrawing_an_event_is_confirmed_on_its_own_page_and_says_why() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let review = event_id(&app, &reference, "internal_review_completed");
    let confirm = format!("/cases/{reference}/events/{review}/withdraw");
    let mut v = signed_in(&app, "officer");
    let case_page = v.get(&format!("/cases/{reference}")).body;
    assert!(case_page.contains(&format!("href=\"{confirm}\"")), "a link");
    assert!(
        !case_page.contains("value=\"retract\""),
        "no button that withdraws"
    );
    let token = csrf_token(&case_page);
    let before = app.count("case_events");

    // The old form's withdrawal is sent to the confirmation page; nothing is written.
    let plain = v.post(
        &format!("/cases/{reference}/events/{review}/correct"),
        &[
            ("csrf_token", token.as_str()),
            ("action", "retract"),
            ("reason", "recorded twice"),
        ],
    );
    assert_eq!(
        (plain.status, plain.location.as_str()),
        (303, confirm.as_str())
    );
    assert_eq!(app.count("case_events"), before);

    // The page says which event (19 September 2023 was a Tuesday) and what will happen.
    let page = v.get(&confirm);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("Internal review completed on Tuesday 19 September 2023")
    );
    assert!(page.body.contains("deadlines will be worked out again"));

    // A reason is required; without one nothing is written.
    let empty = v.post(&confirm, &[("csrf_token", &token), ("reason", " ")]);
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Enter why the event is withdrawn"));
    // Without the form's token: refused.
    let forged = v.post(&confirm, &[("csrf_token", "forged"), ("reason", "x")]);
    assert_eq!(forged.status, 400);
    // A colleague reads the case but may not withdraw its events.
    let mut other = signed_in(&app, "other_officer");
    let refused = other.get(&confirm);
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("You cannot change this case"));
    let other_token = csrf_token(&other.get(&format!("/cases/{reference}")).body);
    let refused = other.post(
        &confirm,
        &[("csrf_token", &other_token), ("reason", "not mine")],
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(app.count("case_events"), before, "nothing was written");

    let done = v.post(
        &confirm,
        &[("csrf_token", &token), ("reason", "recorded twice")],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location,
        format!("/cases/{reference}?done=event_withdrawn#timeline")
    );
    assert_eq!(app.count("case_events"), before + 1);
    let shown = v.get(&format!("/cases/{reference}")).body;
    assert!(shown.contains(
        "Withdraws the internal review completed dated Tuesday 19 September 2023: recorded twice"
    ));
    // Withdrawn once: the page is not offered again.
    assert_eq!(v.get(&confirm).status, 409);
}

/// The editor's block keys ("section-block") of the paragraphs, in order.
fn paragraph_keys(html: &str) -> Vec<String> {
    html.split("name=\"text-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

fn blocks(notice: &Value) -> usize {
    notice["notice"]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["blocks"].as_array().map_or(0, Vec::len))
        .sum()
}

#[test]
fn deleting_a_notice_paragraph_is_confirmed_on_its_own_page_and_keeps_what_was_typed() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let api = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{api}/generate"), Some(&app.officer), &json!({}));
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    let count = blocks(&app.get(&api, Some(&app.officer)).body);
    let mut v = signed_in(&app, "officer");
    let editor = v.get(&format!("/cases/{reference}/notice")).body;
    let token = csrf_token(&editor);
    let keys = paragraph_keys(&editor);
    let (gone, kept) = (&keys[0], &keys[1]);
    let version = app.get(&api, Some(&app.officer)).body["version"].to_string();

    // "Delete" saves what was typed and asks; nothing is deleted yet.
    let asked = v.post(
        &format!("/cases/{reference}/notice/edit"),
        &[
            ("csrf_token", token.as_str()),
            ("version", version.as_str()),
            ("op", &format!("delete:{gone}")),
            (&format!("text-{kept}"), "Typed before deleting."),
        ],
    );
    assert_eq!(asked.status, 303, "{}", asked.body);
    let confirm = format!("/cases/{reference}/notice/delete?block={gone}");
    assert_eq!(asked.location, confirm);
    let saved = app.get(&api, Some(&app.officer)).body;
    assert_eq!(blocks(&saved), count, "nothing deleted");
    assert!(
        saved.to_string().contains("Typed before deleting."),
        "typed text kept"
    );
    let version = saved["version"].to_string();

    let page = v.get(&confirm);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Paragraph 1 of"), "{}", page.body);
    assert!(page.body.contains("numbered again"));
    // A colleague may not.
    assert_eq!(signed_in(&app, "other_officer").get(&confirm).status, 403);
    let post = |v: &mut Visitor, token: &str, version: &str| {
        v.post(
            &format!("/cases/{reference}/notice/delete"),
            &[
                ("csrf_token", token),
                ("block", gone.as_str()),
                ("version", version),
            ],
        )
    };
    assert_eq!(post(&mut v, "forged", &version).status, 400);
    // Saved by someone else since the page was read: refused, nothing deleted.
    let stale = post(&mut v, &token, "1");
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(blocks(&app.get(&api, Some(&app.officer)).body), count);

    let done = post(&mut v, &token, &version);
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(done.location.contains("done=paragraph_deleted"));
    let after = app.get(&api, Some(&app.officer)).body;
    assert_eq!(blocks(&after), count - 1);
    assert!(after.to_string().contains("Typed before deleting."));
}
