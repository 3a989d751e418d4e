//! Decision notices through the API: drafted from the case, checked, approved, issued.

use crate::helpers::{TestApp, deadline, seed_events};
use serde_json::{Value, json};

/// A case allocated to the officer with the seed's events, and its reference.
pub(crate) fn allocated_case(app: &TestApp) -> String {
    let authority = app.authority("Commissioner of Police of the Metropolis");
    allocated_case_of(app, authority)
}

/// As [`allocated_case`], against the authority `authority`.
pub(crate) fn allocated_case_of(app: &TestApp, authority: i64) -> String {
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        &format!("/api/v1/cases/{reference}/events"),
        Some(&app.officer),
        &json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
    );
    let r = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    reference
}

/// Takes a case's notice through the workflow: drafted (steps within `steps_days` when given),
/// finished, submitted by the officer, approved by the manager and issued dated `date`.
/// Returns the case afterwards.
pub(crate) fn issue_notice(
    app: &TestApp,
    reference: &str,
    date: &str,
    steps_days: Option<u32>,
) -> Value {
    issue_notice_deciding(
        app,
        reference,
        date,
        steps_days,
        &json!([{"provision": "s31", "outcome": "not_upheld"}]),
    )
}

/// As [`issue_notice`], the notice deciding `provisions` (`[{provision, outcome}]`).
pub(crate) fn issue_notice_deciding(
    app: &TestApp,
    reference: &str,
    date: &str,
    steps_days: Option<u32>,
    provisions: &Value,
) -> Value {
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(
        &format!("{base}/generate"),
        Some(&app.officer),
        &json!({"steps_period_days": steps_days}),
    );
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    let mut notice = drafted.body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = provisions.clone();
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    for (action, token) in [("submit", &app.officer), ("approve", &app.manager)] {
        let r = app.post(&format!("{base}/{action}"), Some(token), &json!({}));
        assert_eq!(r.status, 200, "{action}: {:?}", r.body);
    }
    let issued = app.post(
        &format!("{base}/issue"),
        Some(&app.officer),
        &json!({"date": date}),
    );
    assert_eq!(issued.status, 200, "{:?}", issued.body);
    app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer))
        .body
}

/// Replaces every "[To complete: …]" run with finished text.
pub(crate) fn finish(notice: &mut Value) {
    fn walk(v: &mut Value) {
        match v {
            Value::String(s) if s.contains("[To complete:") => {
                *s = s.split("[To complete:").next().unwrap_or("").to_owned()
                    + "the Commissioner's finding.";
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            Value::Object(o) => o.values_mut().for_each(walk),
            _ => {}
        }
    }
    walk(notice);
}

#[test]
fn a_notice_is_drafted_checked_approved_and_issued_and_starts_the_appeal_window() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");

    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    assert_eq!(drafted.body["version"], 1);
    let rules: Vec<&str> = drafted.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| *r == "unfinished_text" || *r == "no_outcomes"),
        "a fresh draft: text to complete, outcomes to record: {rules:?}"
    );
    assert!(
        rules.contains(&"no_outcomes"),
        "outcomes are required before submission"
    );
    let text = drafted.body["notice"].to_string();
    assert!(
        text.contains("67 working days late"),
        "the s10 finding from the clock engine"
    );

    // Regenerating would overwrite edits: refused unless asked.
    assert_eq!(
        app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}))
            .status,
        409
    );

    // Submitting an unfinished notice is refused; nothing changes.
    let refused = app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.body["rule"], "pre_issue_checks");

    let mut notice = drafted.body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.body["version"], 2);
    assert_eq!(saved.body["findings"], json!([]));

    let diff = app.get(&format!("{base}/diff?from=1&to=2"), Some(&app.officer));
    assert!(
        diff.body["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["change"] == "added")
    );

    assert_eq!(
        app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}))
            .status,
        200
    );
    assert_eq!(
        app.post(&format!("{base}/approve"), Some(&app.officer), &json!({}))
            .status,
        403,
        "officers do not approve"
    );
    assert_eq!(
        app.post(&format!("{base}/return"), Some(&app.manager), &json!({}))
            .status,
        422,
        "a return needs a comment"
    );
    assert_eq!(
        app.post(&format!("{base}/approve"), Some(&app.manager), &json!({}))
            .status,
        200
    );

    let draft_pdf = app.get(&format!("{base}.pdf"), Some(&app.officer));
    assert_eq!(draft_pdf.status, 200);

    let issued = app.post(&format!("{base}/issue"), Some(&app.officer), &json!({}));
    assert_eq!(issued.status, 200, "{:?}", issued.body);
    assert_eq!(issued.body["state"], "issued");
    assert_eq!(issued.body["notice"]["date"], crate::helpers::TODAY);
    assert_eq!(issued.body["pdf_sha256"].as_str().unwrap().len(), 64);

    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    assert_eq!(case.body["status"], "notice_issued");
    // Sent on Tue 20 Feb 2024: day 28 is Tue 19 Mar 2024.
    assert_eq!(
        deadline(&case.body, "appeal_last_day")["date"],
        "2024-03-19"
    );

    assert_eq!(
        app.send("PUT", &base, Some(&app.officer), &notice.to_string())
            .status,
        409,
        "an issued notice is immutable"
    );
    assert_eq!(app.count("notice_provisions"), 1);
}

#[test]
fn a_notice_naming_the_complainant_cannot_be_submitted() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let mut notice = app
        .post(&format!("{base}/generate"), Some(&app.officer), &json!({}))
        .body["notice"]
        .clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    notice["sections"][0]["blocks"][0]["parts"][0]["runs"][0]["text"] =
        json!("Alex Complainant asked the MPS for information.");
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    let rules: Vec<&str> = saved.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["complainant_named"]);
    let r = app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}));
    assert_eq!(r.status, 422);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("complainant's name")
    );
}

#[test]
fn a_notice_that_breaks_the_schema_is_refused() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let r = app.send("PUT", &format!("/api/v1/cases/{reference}/notice"), Some(&app.officer), r##"{"schema_version":1,"references":[],"regime":"foia","authority":{"name":"x"},"sections":[{"kind":"decision","blocks":[{"kind":"paragraph","parts":[{"kind":"text","runs":[{"kind":"markup","text":"#x"}]}]}]}],"signature":{"name":"a","title":"b","organisation":[]}}"##);
    assert_eq!(r.status, 422, "{:?}", r.body);
    assert_eq!(r.body["rule"], "invalid_notice");
    assert_eq!(
        app.get(
            &format!("/api/v1/cases/{reference}/notice"),
            Some(&app.officer)
        )
        .status,
        404
    );
}

#[test]
fn a_notice_drafted_from_the_seed_events_with_library_paragraphs_passes_the_checks_and_counts_usage()
 {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let mut notice = app
        .post(&format!("{base}/generate"), Some(&app.officer), &json!({}))
        .body["notice"]
        .clone();
    let mut inserted = Vec::new();
    for key in ["s31:not_upheld", "s31(3):not_upheld"] {
        let r = app.post(
            &format!("{base}/paragraph"),
            Some(&app.officer),
            &json!({"key": key}),
        );
        assert_eq!(r.status, 200, "{key}: {:?}", r.body);
        let text = r.body.to_string();
        assert!(text.contains("section 31"), "{text}");
        assert!(
            !text.contains("{authority_short}"),
            "placeholders are filled: {text}"
        );
        inserted.extend(r.body["blocks"].as_array().unwrap().iter().cloned());
    }
    // The drafted reasoning placeholder is replaced by the library paragraphs.
    let reasons = notice["sections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["kind"] == "reasons")
        .unwrap();
    let blocks = reasons["blocks"].as_array_mut().unwrap();
    blocks.remove(0);
    for (i, b) in inserted.into_iter().enumerate() {
        blocks.insert(i, b);
    }
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}, {"provision": "s31(3)", "outcome": "not_upheld"}]);
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(
        saved.body["findings"],
        json!([]),
        "{:?}",
        saved.body["findings"]
    );
    assert_eq!(
        app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}))
            .status,
        200
    );
    assert_eq!(
        app.post(&format!("{base}/approve"), Some(&app.manager), &json!({}))
            .status,
        200
    );
    assert_eq!(
        app.post(&format!("{base}/issue"), Some(&app.manager), &json!({}))
            .status,
        200
    );
    let library = app.get("/api/v1/library", Some(&app.officer));
    let uses = |key: &str| {
        library.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == key)
            .unwrap()["uses"]
            .clone()
    };
    assert_eq!(uses("s31:not_upheld"), 1);
    assert_eq!(uses("s40:upheld"), 0);
    // The parties' copy names the complainant; the published one does not.
    assert_eq!(
        app.get(&format!("{base}.pdf?copy=party"), Some(&app.officer))
            .status,
        200
    );
}

#[test]
fn managers_edit_the_library_as_new_versions_and_officers_cannot() {
    let app = TestApp::spawn();
    let body = json!({"heading": "Section 31 - Law enforcement", "text": "{authority_short} relied on section 31 of FOIA. The Commissioner agrees."}).to_string();
    assert_eq!(
        app.send(
            "PUT",
            "/api/v1/library/s31:not_upheld",
            Some(&app.officer),
            &body
        )
        .status,
        403
    );
    let first = app.send(
        "PUT",
        "/api/v1/library/s31:not_upheld",
        Some(&app.manager),
        &body,
    );
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body["version"], 1);
    let second = app.send(
        "PUT",
        "/api/v1/library/s31:not_upheld",
        Some(&app.manager),
        &body,
    );
    assert_eq!(second.body["version"], 2);
    assert_eq!(
        app.send("PUT", "/api/v1/library/s31:won", Some(&app.manager), &body)
            .status,
        422
    );
    assert_eq!(app.count("library_entries"), 2);
}

#[test]
fn a_manager_who_edited_the_notice_cannot_approve_it_and_approval_is_of_a_version() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    let mut notice = drafted.body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = json!([{"provision": "s31", "outcome": "not_upheld"}]);
    // The manager saves a version of the text: they are now one of its authors.
    let saved = app.send("PUT", &base, Some(&app.manager), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let submitted = app.post(&format!("{base}/submit"), Some(&app.officer), &json!({}));
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let version = submitted.body["version"].as_i64().unwrap();
    let own = app.post(&format!("{base}/approve"), Some(&app.manager), &json!({}));
    assert_eq!(own.status, 403, "four eyes: {:?}", own.body);
    assert_eq!(
        app.get(&base, Some(&app.officer)).body["state"],
        "submitted",
        "nothing changed"
    );
    // Naming a version that is not the latest is a conflict, not an approval of other text.
    let stale = app.post(
        &format!("{base}/approve"),
        Some(&app.manager),
        &json!({"version": version - 1}),
    );
    assert_eq!(stale.status, 409, "{:?}", stale.body);
}
