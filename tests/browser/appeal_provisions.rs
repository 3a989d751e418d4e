//! A decision allowed in part in the browser (issue 18): the stage form asks the outcome on each
//! provision the notice decided, one select a row, shown only once "Allowed in part" is chosen;
//! the appeal's page then lists the outcome per provision.

use crate::driver::Browser;
use crate::helpers::{TestApp, seed_events};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// A case allocated to the officer whose notice, issued 8 February 2024 through the workflow,
/// decided s40(2) and s31(1)(a); appealed by the authority on 1 March 2024. The appeal's id.
fn appealed_on_two_provisions(app: &TestApp) -> i64 {
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = format!("/api/v1/cases/{reference}");
    for (path, token, body) in [
        (
            format!("{case}/events"),
            &app.officer,
            json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
        ),
        (
            format!("{case}/allocation"),
            &app.manager,
            json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
        ),
    ] {
        let r = app.post(&path, Some(token), &body);
        assert!(r.status < 300, "{path}: {:?}", r.body);
    }
    let base = format!("{case}/notice");
    let drafted = app.post(
        &format!("{base}/generate"),
        Some(&app.officer),
        &json!({"steps_period_days": 35}),
    );
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    let mut notice = drafted.body["notice"].clone();
    finish(&mut notice);
    notice["provisions"] = json!([
        {"provision": "s40(2)", "outcome": "upheld"},
        {"provision": "s31(1)(a)", "outcome": "not_upheld"}
    ]);
    let saved = app.send("PUT", &base, Some(&app.officer), &notice.to_string());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    for (action, token, body) in [
        ("submit", &app.officer, json!({})),
        ("approve", &app.manager, json!({})),
        ("issue", &app.officer, json!({"date": "2024-02-08"})),
    ] {
        let r = app.post(&format!("{base}/{action}"), Some(token), &body);
        assert_eq!(r.status, 200, "{action}: {:?}", r.body);
    }
    let r = app.post(
        &format!("{case}/appeals"),
        Some(&app.officer),
        &json!({"tribunal_reference": "EA/2024/0123", "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    r.body["id"].as_i64().unwrap()
}

/// Replaces every "[To complete: …]" run of a drafted notice with finished text.
fn finish(v: &mut Value) {
    match v {
        Value::String(s) if s.contains("[To complete:") => {
            *s = s.split("[To complete:").next().unwrap_or("").to_owned()
                + "the Commissioner's finding.";
        }
        Value::Array(a) => a.iter_mut().for_each(finish),
        Value::Object(o) => o.values_mut().for_each(finish),
        _ => {}
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_appeal_allowed_in_part_is_decided_provision_by_provision() {
    let app = TestApp::builder()
        .today(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        .build();
    let id = appealed_on_two_provisions(&app);
    let browser = Browser::start(&app.base).await;
    let (email, password) = crate::credentials(&app, "officer");
    browser.sign_in(&email, &password).await;
    browser.go(&format!("/appeals/{id}")).await;
    let hidden = |b: &Browser| {
        let b = b.client.clone();
        async move {
            b.execute(
                "return document.getElementById('provision-rulings').hidden;",
                vec![],
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(hidden(&browser).await, json!(true), "hidden until chosen");
    browser.select("#kind", "tribunal_decision_sent").await;
    browser.date("date", 3, 6, 2024).await;
    browser.select("#outcome", "dismissed").await;
    assert_eq!(hidden(&browser).await, json!(true), "not for a dismissal");
    browser.select("#outcome", "allowed_in_part").await;
    assert_eq!(
        hidden(&browser).await,
        json!(false),
        "shown for allowed in part"
    );
    let rows = browser.text("#provision-rulings").await;
    assert!(
        rows.contains("Outcome on section 40(2)") && rows.contains("Outcome on section 31(1)(a)"),
        "{rows}"
    );
    // One left unchosen: refused beside it, the other's choice kept and the rows still shown.
    browser.select("#ruling_0", "allowed").await;
    browser.submit("#record-stage").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(
        summary.contains("allowed or dismissed on section 31(1)(a)"),
        "{summary}"
    );
    assert_eq!(browser.value("#ruling_0").await, "allowed");
    assert_eq!(hidden(&browser).await, json!(false));
    browser.scroll_to("#provision-rulings").await;
    browser.screenshot("appeal-provisions").await;
    browser.assert_accessible("allowed in part").await;
    browser.select("#ruling_1", "dismissed").await;
    browser.submit("#record-stage").await;
    let per = browser.text("#provision-outcomes").await;
    assert!(
        per.contains("s40(2): Allowed") && per.contains("s31(1)(a): Dismissed"),
        "{per}"
    );
}
