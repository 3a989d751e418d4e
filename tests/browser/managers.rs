//! A manager's walk (issue 15's "done when"): filters the cases by officer, allocates three at
//! once with a past date (confirmed on a page of its own), follows a Team figure to the cases
//! behind it, and switches Statistics tabs keeping the period chosen. Today is 20 Feb 2024.

use crate::credentials;
use crate::driver::Browser;
use crate::helpers::TestApp;
use serde_json::json;

/// Four accepted complaints opened by the officer, none allocated.
fn four_cases(app: &TestApp) -> Vec<String> {
    let authority = app.authority("Metropolitan Police Service");
    ["2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"]
        .iter()
        .map(|day| {
            let opened = app.open_case(
                &app.officer,
                authority,
                json!([
                    {"kind": "request_received", "date": "2023-11-01"},
                    {"kind": "complaint_received", "date": day},
                ]),
            );
            assert_eq!(opened.status, 201, "{:?}", opened.body);
            let reference = opened.body["reference"].as_str().unwrap().to_owned();
            let accepted = app.post(
                &format!("/api/v1/cases/{reference}/events"),
                Some(&app.officer),
                &json!({"kind": "complaint_accepted", "date": "2024-01-12"}),
            );
            assert_eq!(accepted.status, 201, "{:?}", accepted.body);
            reference
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn a_manager_filters_allocates_three_follows_a_figure_and_keeps_the_period() {
    let app = TestApp::spawn();
    let cases = four_cases(&app);
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "manager");
    browser.sign_in(&email, &password).await;

    // Filter by officer: the four are not allocated.
    browser.go("/cases").await;
    browser.select("#officer", "unallocated").await;
    browser.submit("#apply-filters").await;
    assert!(browser.path().await.contains("officer=unallocated"));
    assert!(browser.text("#case-count").await.starts_with("4 cases"));
    browser.screenshot("managers-unallocated").await;
    browser.assert_accessible("cases filtered by officer").await;

    // Tick three, choose the officer and a past date, confirm on a page of its own.
    for r in &cases[..3] {
        browser.click(&format!("#pick-{r}")).await;
    }
    browser
        .select("#officer_id", &app.officer_id.to_string())
        .await;
    browser.date("allocation_date", 12, 2, 2024).await;
    browser.submit("#allocate-ticked").await;
    browser.screenshot("managers-bulk-confirm").await;
    browser.assert_accessible("bulk allocation").await;
    let review = browser.page_text().await;
    assert!(
        review.contains("Allocate 3 cases to Olivia Officer"),
        "{review}"
    );
    assert!(review.contains("Monday 12 February 2024"), "{review}");
    browser.submit("#confirm-allocation").await;
    let back = browser.path().await;
    assert!(
        back.contains("done=bulk_allocated") && back.contains("officer=unallocated"),
        "{back}"
    );
    assert!(browser.text("#case-count").await.starts_with("1 case"));

    // Team: the officer's open figure leads to the three.
    browser.go("/team").await;
    browser.screenshot("managers-team").await;
    browser.assert_accessible("team").await;
    browser
        .submit(&format!(
            "#team a[href=\"/cases?open=yes&officer={}\"]",
            app.officer_id
        ))
        .await;
    assert!(browser.text("#case-count").await.starts_with("3 cases"));
    let listed = browser.page_text().await;
    for r in &cases[..3] {
        assert!(listed.contains(r.as_str()), "{r} in {listed}");
    }

    // Statistics: choose a period, switch tabs, the period stays.
    browser.go("/stats").await;
    browser.date("from", 1, 4, 2023).await;
    browser.date("to", 31, 1, 2024).await;
    browser.submit("#update-stats").await;
    browser
        .submit("#stats-views a[href*=\"view=stages\"]")
        .await;
    assert_eq!(browser.value("#from-month").await, "4");
    assert_eq!(browser.value("#from-year").await, "2023");
    assert_eq!(browser.value("#to-day").await, "31");
    browser.screenshot("managers-stats-stages").await;
    browser
        .submit("#stats-views a[href*=\"view=outcomes\"]")
        .await;
    assert_eq!(browser.value("#from-month").await, "4");
    assert!(browser.page_text().await.contains("None in this period"));
}
