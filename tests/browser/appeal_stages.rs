//! An appeal's stages in the browser (issue 18, the walk's findings): before the notice of
//! appeal the page says what is awaited; each stage is listed in words with its date and who
//! recorded it; a stage recorded by mistake is withdrawn on a page of its own with its reason,
//! and the page says what is awaited again. The Appeals list tags the overdue response.

use crate::appeals::seed_case;
use crate::driver::Browser;
use crate::helpers::TestApp;
use chrono::NaiveDate;

#[tokio::test(flavor = "current_thread")]
async fn a_stage_recorded_by_mistake_is_withdrawn_on_its_own_page() {
    let app = TestApp::builder()
        .today(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        .build();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = seed_case(&app, authority);
    let browser = Browser::start(&app.base).await;
    let (email, password) = crate::credentials(&app, "manager");
    browser.sign_in(&email, &password).await;
    browser.go(&format!("/cases/{reference}/appeals/new")).await;
    browser.fill("#tribunal_reference", "EA/2024/0123").await;
    browser.select("#appellant", "public_authority").await;
    browser.date("date", 1, 3, 2024).await;
    browser.submit("#record-appeal").await;
    let appeal_path = browser
        .path()
        .await
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();

    let awaited = browser.text("#awaited").await;
    assert!(
        awaited.contains("Waiting for the tribunal to send the notice of appeal"),
        "{awaited}"
    );
    let stages = browser.text("#stage-list").await;
    assert!(
        stages.contains("Appeal lodged") && stages.contains("Friday 1 March 2024"),
        "{stages}"
    );
    browser.screenshot("appeal-awaited").await;
    browser
        .assert_accessible("appeal awaiting the notice of appeal")
        .await;

    // Recorded on the wrong appeal: withdrawn, with the reason, on its own page.
    browser.select("#kind", "notice_of_appeal_sent").await;
    browser.date("date", 18, 7, 2024).await;
    browser.submit("#record-stage").await;
    let stages = browser.text("#stage-list").await;
    assert!(
        stages.contains("Notice of appeal sent to the Commissioner")
            && stages.contains("Thursday 18 July 2024"),
        "{stages}"
    );
    browser.submit("#stage-list a.govuk-link").await;
    assert!(
        browser.path().await.ends_with("/correct"),
        "{}",
        browser.path().await
    );
    assert_eq!(browser.text("h1").await, "Correct or withdraw a stage");
    browser.screenshot("appeal-correct").await;
    browser.assert_accessible("correct a stage").await;
    browser.submit("#withdraw-stage").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(
        summary.contains("Say why the stage is corrected or withdrawn"),
        "{summary}"
    );
    browser
        .fill("#reason", "recorded on the wrong appeal")
        .await;
    browser.submit("#withdraw-stage").await;
    assert!(
        browser.path().await.starts_with(&appeal_path),
        "{}",
        browser.path().await
    );
    let stages = browser.text("#stage-list").await;
    assert!(
        stages.contains("Withdraws the notice of appeal sent to the Commissioner dated Thursday 18 July 2024: recorded on the wrong appeal"),
        "{stages}"
    );
    let awaited = browser.text("#awaited").await;
    assert!(awaited.contains("Waiting for the tribunal"), "{awaited}");
    browser.screenshot("appeal-stages").await;

    // Recorded again, for real: on 31 December 2024 the response due 15 August is overdue.
    browser.select("#kind", "notice_of_appeal_sent").await;
    browser.date("date", 18, 7, 2024).await;
    browser.submit("#record-stage").await;
    browser.go("/appeals").await;
    let due = browser.text("#responses-due").await;
    assert!(
        due.contains("EA/2024/0123") && due.contains("Overdue"),
        "{due}"
    );
    let list = browser.text("#appeals").await;
    assert!(list.contains("Overdue"), "{list}");
    browser.screenshot("appeals-overdue").await;
}
