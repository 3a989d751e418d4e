//! The Statistics page's Appeals tab in the browser (issue 18): two notices of 2024, both
//! appealed by the authority, one dismissed and one allowed; a manager chooses 2024, opens the
//! Appeals tab, keeps the period, and reads the share in the Commissioner's favour against the
//! 66% target with its interval.

use crate::appeals::seed_case;
use crate::driver::Browser;
use crate::helpers::TestApp;
use chrono::NaiveDate;
use serde_json::json;

/// The seed case appealed by the authority on 1 March 2024 and decided on 4 November 2024.
fn decided(app: &TestApp, authority: i64, tribunal: &str, outcome: &str) {
    let reference = seed_case(app, authority);
    let r = app.post(
        &format!("/api/v1/cases/{reference}/appeals"),
        Some(&app.manager),
        &json!({"tribunal_reference": tribunal, "appellant": "public_authority", "date": "2024-03-01"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let events = format!("/api/v1/appeals/{}/events", r.body["id"]);
    for body in [
        json!({"kind": "notice_of_appeal_sent", "date": "2024-03-08"}),
        json!({"kind": "tribunal_decision_sent", "date": "2024-11-04", "outcome": outcome}),
    ] {
        let r = app.post(&events, Some(&app.manager), &body);
        assert_eq!(r.status, 201, "{body}: {:?}", r.body);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_manager_reads_the_appeal_figures_for_a_year_on_the_appeals_tab() {
    let app = TestApp::builder()
        .today(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        .build();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    decided(&app, authority, "EA/2024/0123", "dismissed");
    decided(&app, authority, "EA/2024/0124", "allowed");
    let browser = Browser::start(&app.base).await;
    let (email, password) = crate::credentials(&app, "manager");
    browser.sign_in(&email, &password).await;

    browser.go("/stats").await;
    browser.date("from", 1, 1, 2024).await;
    browser.date("to", 31, 12, 2024).await;
    browser.submit("#update-stats").await;
    browser
        .submit("#stats-views a[href*=\"view=appeals\"]")
        .await;
    assert_eq!(
        browser.value("#from-year").await,
        "2024",
        "the period stays"
    );
    assert_eq!(browser.value("#to-month").await, "12");
    let favour = browser.text("#in-favour").await;
    // 1 of 2 determined; Wilson 95% for 1 of 2 is 9.5% to 90.5%.
    assert!(
        favour.contains("50.0% of 2 determined (9.5–90.5%)"),
        "{favour}"
    );
    assert!(
        favour.contains("The interval includes the target"),
        "{favour}"
    );
    assert!(browser.text("#appeal-figures").await.contains("target 66%"));
    let by_sector = browser.text("#rate-sector").await;
    assert!(by_sector.contains("Too few to rate"), "{by_sector}");
    browser.scroll_to("#appeal-outcomes").await;
    browser.screenshot("stats-appeals").await;
    browser.scroll_to("#appeal-rate").await;
    browser.screenshot("stats-appeals-rate").await;
    browser.assert_accessible("statistics, appeals").await;
}
