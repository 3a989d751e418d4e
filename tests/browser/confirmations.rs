//! Confirmation pages in the browser (issue 14): an officer withdraws an event and deletes a
//! paragraph of a draft notice, each through a page of its own that says what will happen,
//! with no script needed; both pages are screenshotted and checked with axe.

use crate::driver::Browser;
use crate::helpers::TestApp;
use chrono::NaiveDate;
use serde_json::json;

#[tokio::test(flavor = "current_thread")]
async fn an_officer_withdraws_an_event_and_deletes_a_paragraph_through_their_confirmation_pages() {
    let app = TestApp::builder()
        .today(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        .build();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let events = json!([
        {"kind": "request_received", "date": "2023-02-13"},
        {"kind": "response_sent", "date": "2023-06-22"},
        {"kind": "internal_review_requested", "date": "2023-07-20"},
        {"kind": "internal_review_completed", "date": "2023-09-19"},
        {"kind": "complaint_received", "date": "2023-09-20"},
        {"kind": "complaint_accepted", "date": "2023-10-02"},
        {"kind": "chase_letter_sent", "date": "2023-10-04"}
    ]);
    let reference = app.open_case(&app.officer, authority, events).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let chase = case.body["events"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["kind"] == "chase_letter_sent"))
        .and_then(|x| x["id"].as_i64())
        .unwrap();
    let allocated = app.post(
        &format!("/api/v1/cases/{reference}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-11-06"}),
    );
    assert_eq!(allocated.status, 200, "{:?}", allocated.body);
    let browser = Browser::start(&app.base).await;
    let (email, password) = crate::credentials(&app, "officer");
    browser.sign_in(&email, &password).await;

    // Withdrawing the chase letter: the timeline's link opens the page that asks why.
    browser.go(&format!("/cases/{reference}")).await;
    browser.click(&format!("#event-{chase} summary")).await;
    browser.submit(&format!("#withdraw-{chase}")).await;
    assert_eq!(
        browser.path().await,
        format!("/cases/{reference}/events/{chase}/withdraw")
    );
    assert_eq!(
        browser.text("#withdrawn-event").await,
        "Chase letter sent on Wednesday 4 October 2023"
    );
    browser.screenshot("event-withdraw").await;
    browser.assert_accessible("event withdrawal").await;
    browser.submit("#confirm-withdraw").await;
    assert!(
        browser
            .page_text()
            .await
            .contains("Enter why the event is withdrawn"),
        "a reason is required"
    );
    browser.fill("#reason", "recorded on the wrong case").await;
    browser.submit("#confirm-withdraw").await;
    let text = browser.page_text().await;
    assert!(text.contains("Event withdrawn"), "{text}");
    assert!(text.contains(
        "Withdraws the chase letter sent dated Wednesday 4 October 2023: recorded on the wrong case"
    ));

    // Deleting the notice's first paragraph: the button saves and asks on a page of its own.
    let drafted = app.post(
        &format!("/api/v1/cases/{reference}/notice/generate"),
        Some(&app.officer),
        &json!({}),
    );
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    browser.go(&format!("/cases/{reference}/notice")).await;
    let first = browser.value(".s50-paragraph-text").await;
    browser.submit("button[value^='delete:']").await;
    assert!(
        browser
            .path()
            .await
            .starts_with(&format!("/cases/{reference}/notice/delete?block="))
    );
    assert!(
        browser
            .text("#deleted-what")
            .await
            .starts_with("Paragraph 1 of")
    );
    assert_eq!(browser.text("#deleted-text").await.trim(), first.trim());
    browser.screenshot("notice-paragraph-delete").await;
    browser.assert_accessible("paragraph deletion").await;
    browser.submit("#confirm-delete").await;
    assert!(browser.page_text().await.contains("Paragraph deleted"));
    assert_ne!(
        browser.value(".s50-paragraph-text").await.trim(),
        first.trim()
    );
}
