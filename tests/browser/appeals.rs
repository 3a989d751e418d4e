//! The appeal tracker in the browser (issue 18): a manager records the authority's appeal
//! `EA/2024/0123` against the seed case's notice of 8 February 2024 (steps within 35 days), the
//! tribunal's sending of the notice of appeal, the Commissioner's response and a decision
//! dismissing the appeal, uploads the tribunal's decision (a PDF) from the appeal's page, and
//! sees the steps' new due date with its explanation.

use crate::driver::Browser;
use crate::helpers::TestApp;
use chrono::{NaiveDate, Utc};
use section50::domain::calendar::Calendars;
use section50::domain::case::EventInput;
use section50::domain::parties::{RequiredText, Role};
use section50::domain::regime::Regime;
use section50::domain::settings::ClockSettings;
use section50::domain::staff::Actor;
use section50::service::cases::{self, ComplainantInput, Context, NewCaseInput};
use serde_json::json;

/// The seed case as the demo and the main journey record it, through the privileged seeding
/// path: complaint accepted, allocated to the officer, notice issued 8 February 2024 with
/// steps within 35 days (due 14 March 2024). Returns its reference.
pub(crate) fn seed_case(app: &TestApp, authority_id: i64) -> String {
    let settings = ClockSettings::default();
    let calendars = Calendars::build(&settings.calendar_options());
    let mail = section50::mail::MailSettings::default();
    let actor = Actor {
        user_id: app.officer_id,
        name: "Seed".to_owned(),
        role: Role::Manager,
    };
    let ctx = Context {
        actor: &actor,
        now: Utc::now(),
        today: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        settings: &settings,
        calendars: &calendars,
        mail: &mail,
    };
    let events = [
        json!({"kind": "request_received", "date": "2023-02-13"}),
        json!({"kind": "response_sent", "date": "2023-06-22"}),
        json!({"kind": "internal_review_requested", "date": "2023-07-20"}),
        json!({"kind": "internal_review_completed", "date": "2023-09-19"}),
        json!({"kind": "complaint_received", "date": "2023-09-20"}),
        json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
        json!({"kind": "allocated", "date": "2023-11-06", "officer_id": app.officer_id}),
        json!({"kind": "decision_notice_issued", "date": "2024-02-08", "sent": "2024-02-08", "steps_period_days": 35}),
    ];
    let input = NewCaseInput {
        reference: None,
        regime: Regime::Foia,
        authority_id,
        complainant: ComplainantInput {
            name: RequiredText::parse("name", "Jane Requester", 200).unwrap(),
            email: None,
            postal_address: String::new(),
        },
        record: Default::default(),
        events: events
            .into_iter()
            .map(|e| EventInput::parse(e).unwrap())
            .collect(),
    };
    let mut conn = app.pool.get().unwrap();
    cases::seed(&mut conn, &ctx, &input).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_manager_records_the_authoritys_appeal_and_sees_the_steps_new_date() {
    let app = TestApp::builder()
        .today(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        .build();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = seed_case(&app, authority);
    let case_path = format!("/cases/{reference}");
    let browser = Browser::start(&app.base).await;
    let (email, password) = crate::credentials(&app, "manager");
    browser.sign_in(&email, &password).await;

    // Before the appeal: the notice's 35 days end Thursday 14 March 2024.
    browser.go(&case_path).await;
    let steps = browser.text("#deadline-steps_due").await;
    assert!(steps.contains("Thursday 14 March 2024"), "{steps}");

    // Record the authority's appeal from the case page.
    let link = browser.text("#record-appeal-link").await;
    assert_eq!(link, "Record an appeal");
    browser.go(&format!("{case_path}/appeals/new")).await;
    assert_eq!(
        browser.text("h1").await,
        "Record an appeal",
        "{}",
        browser.page_text().await
    );
    browser.fill("#tribunal_reference", "EA/2024/0123").await;
    browser.select("#appellant", "public_authority").await;
    browser.date("date", 1, 3, 2024).await;
    browser.screenshot("appeal-new").await;
    browser.assert_accessible("new appeal").await;
    browser.submit("#record-appeal").await;
    let path = browser.path().await;
    assert!(
        path.starts_with("/appeals/") && path.contains("done=appeal_opened"),
        "{path}"
    );
    let appeal_path = path.split('?').next().unwrap_or_default().to_owned();
    assert_eq!(browser.text("h1").await, "Appeal EA/2024/0123");
    let steps = browser.text("#deadline-steps_due").await;
    assert!(
        steps.contains("Suspended"),
        "pending appeal, FOIA s50(6): {steps}"
    );

    // The tribunal sends the notice of appeal on Thursday 18 July 2024: the response is due
    // 28 days later, Thursday 15 August (GRC rule 23).
    browser.select("#kind", "notice_of_appeal_sent").await;
    browser.date("date", 18, 7, 2024).await;
    browser.submit("#record-stage").await;
    assert!(
        browser.path().await.contains("done=appeal_recorded"),
        "{}",
        browser.page_text().await
    );
    let response = browser.text("#deadline-commissioner_response_due").await;
    assert!(response.contains("Thursday 15 August 2024"), "{response}");
    // The service's today is 31 December 2024, so an unanswered response is overdue.
    assert!(response.contains("Overdue"), "{response}");

    // An impossible stage is refused in words and the form keeps what was typed.
    browser
        .select("#kind", "permission_to_appeal_applied")
        .await;
    browser.date("date", 20, 7, 2024).await;
    browser.submit("#record-stage").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(summary.contains("cannot have"), "{summary}");
    let kept = browser
        .client
        .find(fantoccini::Locator::Css("#date-day"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("20"), "nothing typed is lost");

    // The Commissioner responds on 14 August, in time.
    browser.go(&appeal_path).await;
    browser.select("#kind", "commissioner_response_sent").await;
    browser.date("date", 14, 8, 2024).await;
    browser.submit("#record-stage").await;
    let response = browser.text("#deadline-commissioner_response_due").await;
    assert!(response.contains("Met"), "{response}");

    // The tribunal dismisses the appeal; its decision is sent on Monday 4 November 2024.
    browser.select("#kind", "tribunal_decision_sent").await;
    browser.date("date", 4, 11, 2024).await;
    browser.select("#outcome", "dismissed").await;
    browser.submit("#record-stage").await;
    assert!(
        browser.path().await.contains("done=appeal_recorded"),
        "{}",
        browser.page_text().await
    );
    let status = browser.text("#appeal-status").await;
    assert!(status.contains("Decided: Dismissed"), "{status}");
    browser.screenshot("appeal").await;
    browser.assert_accessible("appeal").await;

    // The tribunal's decision uploaded from the page: a small real PDF from a file on disk.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Decision EA-2024-0123.pdf");
    std::fs::write(&file, small_pdf("Decision of the First-tier Tribunal")).unwrap();
    browser.select("#document_kind", "decision").await;
    browser.date("sent", 4, 11, 2024).await;
    browser.date("received", 5, 11, 2024).await;
    // Sent without its file first: refused in the error summary, the rest kept.
    browser.submit("#upload-document").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(
        summary.contains("Select the document to upload"),
        "{summary}"
    );
    assert_eq!(browser.value("#document_kind").await, "decision");
    assert_eq!(browser.value("#received-day").await, "5");
    browser.screenshot("appeal-upload-refused").await;
    browser.assert_accessible("refused upload").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    browser.submit("#upload-document").await;
    assert!(
        browser.path().await.contains("done=document_uploaded"),
        "{}",
        browser.page_text().await
    );
    let documents = browser.text("#documents").await;
    for shown in [
        "Decision EA-2024-0123.pdf",
        "4 November 2024",
        "5 November 2024",
        " bytes",
    ] {
        assert!(documents.contains(shown), "{shown}: {documents}");
    }
    browser.scroll_to("#documents-heading").await;
    browser.screenshot("appeal-documents").await;
    browser.assert_accessible("appeal with a document").await;

    // On the case: the 13 days left when the appeal was lodged on 1 March run from 4 November,
    // so the steps are due Sunday 17 November 2024, and "why this date" says so.
    browser.go(&case_path).await;
    let steps = browser.text("#deadline-steps_due").await;
    assert!(steps.contains("Sunday 17 November 2024"), "{steps}");
    browser.click("#deadline-steps_due details summary").await;
    let why = browser
        .text("#deadline-steps_due .govuk-details__text")
        .await;
    assert!(why.contains("13 days left when it was lodged"), "{why}");
    assert!(why.contains("dismissed"), "{why}");
    let appeals = browser.text("#case-appeals").await;
    assert!(appeals.contains("EA/2024/0123"), "{appeals}");
    browser.screenshot("case-after-appeal").await;

    // The appeals list: decided now, so under "every appeal".
    browser.go("/appeals?status=decided").await;
    let list = browser.text("#appeals").await;
    assert!(
        list.contains("EA/2024/0123") && list.contains("Dismissed"),
        "{list}"
    );
    browser.screenshot("appeals").await;
    browser.assert_accessible("appeals").await;
}

/// A one-page PDF saying `line`, with a correct cross-reference table (a real file, as a
/// reader opens it).
fn small_pdf(line: &str) -> Vec<u8> {
    let stream = format!("BT /F1 18 Tf 72 720 Td ({line}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}
