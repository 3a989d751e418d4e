//! Browser tests of the web interface: the service on port 0 with its own database (as in the
//! HTTP tests) driven by a real headless Chromium. They walk the main journeys as officers and
//! managers do, save a screenshot of each main page under `target/screenshots/`, and run
//! axe-core on them.

// A test fails by panicking, in its helpers as in its #[test] functions (clippy's
// allow-unwrap-in-tests covers only the latter).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests and their helpers fail by panicking"
)]

mod appeals;
mod driver;
#[path = "../http/helpers.rs"]
#[expect(
    dead_code,
    reason = "shared with the HTTP tests; the browser tests use the app and its accounts"
)]
mod helpers;
mod register;

use driver::Browser;
use fantoccini::Locator;
use helpers::TestApp;

fn credentials(app: &TestApp, who: &str) -> (String, String) {
    app.passwords
        .get(who)
        .cloned()
        .unwrap_or_else(|| panic!("no account {who}"))
}

/// The officer's own words in place of each "[To complete: …]" marker, keeping the rest.
fn replace_markers(text: &str, n: usize) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("[To complete") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(']')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&format!(
            "the officer's finding number {n} {{footnote:A footnote.}}"
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces every "[To complete: …]" paragraph of the draft, one save at a time, as an officer
/// would; returns how many were completed.
async fn complete_the_draft(browser: &Browser) -> usize {
    let mut completed = 0;
    loop {
        let id = browser
            .client
            .execute(
                "const t = [...document.querySelectorAll('textarea, input[name=text]')].find(e => e.value.includes('[To complete'));
                 return t ? t.id : null;",
                vec![],
            )
            .await
            .expect("look for unfinished text");
        let Some(id) = id.as_str().map(str::to_owned) else {
            return completed;
        };
        assert!(
            completed < 30,
            "the draft never runs out of unfinished text"
        );
        let current = browser
            .client
            .find(Locator::Css(&format!("#{id}")))
            .await
            .expect("the unfinished field")
            .prop("value")
            .await
            .expect("its text")
            .unwrap_or_default();
        let text = replace_markers(&current, completed + 1);
        browser.fill(&format!("#{id}"), &text).await;
        browser
            .submit(&format!("#{id}-block form button[type=submit]"))
            .await;
        assert!(
            browser.page_text().await.contains("saved as a new version"),
            "saving {id} is confirmed"
        );
        completed += 1;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_officer_and_a_manager_take_the_seed_case_from_complaint_to_issued_notice() {
    let app = TestApp::spawn();
    app.authority("Commissioner of Police of the Metropolis");
    let browser = Browser::start(&app.base).await;
    let (officer_email, officer_password) = credentials(&app, "officer");

    // Sign in.
    browser.go("/sign-in").await;
    browser.screenshot("sign-in").await;
    browser.assert_accessible("sign-in").await;
    browser.sign_in(&officer_email, &officer_password).await;
    browser.screenshot("cases-empty").await;

    // Open the seed case from its real dates.
    browser.go("/cases/new").await;
    browser.click("#regime-foia").await;
    // The authority picker: search, Find (works with or without JavaScript), choose.
    browser.fill("#authority_q", "metropolis").await;
    browser.submit("#find-authority").await;
    browser.click("#authority_id-1").await;
    browser.fill("#complainant_name", "Jane Requester").await;
    browser.fill("#complainant_email", "jane@example.org").await;
    browser.date("request", 13, 2, 2023).await;
    browser.date("response", 22, 6, 2023).await;
    browser.date("review_requested", 20, 7, 2023).await;
    browser.date("review_completed", 19, 9, 2023).await;
    browser.date("complaint", 20, 9, 2023).await;
    browser.screenshot("case-new").await;
    browser.assert_accessible("new case").await;
    browser.submit("#open-case").await;
    let path = browser.path().await;
    assert!(
        path.starts_with("/cases/IC-") && path.ends_with("done=case_created"),
        "the case opens: {path}"
    );
    let case_path = path.split('?').next().unwrap_or_default().to_owned();

    // A manager allocates it to the officer.
    browser.sign_out().await;
    let (manager_email, manager_password) = credentials(&app, "manager");
    browser.sign_in(&manager_email, &manager_password).await;
    browser.go(&case_path).await;
    browser.select("#kind", "complaint_accepted").await;
    browser.date("date", 10, 10, 2023).await;
    browser.submit("#add-event-button").await;
    assert!(
        browser.path().await.contains("done=event_added"),
        "{}",
        browser.page_text().await
    );
    browser
        .select("#officer_id", &app.officer_id.to_string())
        .await;
    // Allocated on its real date, 6 November 2023, not the day it is typed in.
    browser.date("allocation_date", 6, 11, 2023).await;
    browser.submit("#allocate").await;
    assert!(
        browser.path().await.contains("done=allocated"),
        "{}",
        browser.page_text().await
    );
    assert_eq!(browser.text("#officer").await, officer_email);
    browser.sign_out().await;
    browser.sign_in(&officer_email, &officer_password).await;
    browser.go(&case_path).await;

    // The right due dates, worked out by hand: the 20th working day after Monday 13 February
    // 2023 is Monday 13 March; the response on 22 June was 67 working days late (Good Friday,
    // Easter Monday, 1 May, the coronation on 8 May, 29 May and St Patrick's Day, an NI bank
    // holiday that FOIA counts, are skipped), 101 calendar days.
    let response = browser.text("#deadline-response_due").await;
    assert!(response.contains("Monday 13 March 2023"), "{response}");
    assert!(
        response.contains("67 working days late (101 calendar days)"),
        "{response}"
    );
    // The "why" panel lists each skipped day.
    browser
        .click("#deadline-response_due details summary")
        .await;
    let why = browser.text("#deadline-response_due .skipped").await;
    assert!(why.contains("18 Feb 2023: Saturday"), "{why}");
    assert!(why.contains("12 Mar 2023: Sunday"), "{why}");
    // The review, asked for on Thursday 20 July 2023, was due on the 20th working day after:
    // Friday 18 August, because 7 August is a bank holiday in Scotland, which FOIA counts.
    let review = browser.text("#deadline-internal_review_due").await;
    assert!(review.contains("Friday 18 August 2023"), "{review}");

    // Add an event through the form: the chase letter of 2 October 2023 gives the authority
    // until 16 October (10 working days).
    browser.select("#kind", "chase_letter_sent").await;
    browser.date("date", 2, 10, 2023).await;
    browser.submit("#add-event-button").await;
    assert!(browser.path().await.contains("done=event_added"));
    let chase = browser.text("#deadline-chase_response_due").await;
    assert!(chase.contains("Monday 16 October 2023"), "{chase}");

    // An impossible timeline is refused in words, and nothing typed is lost.
    browser.select("#kind", "response_sent").await;
    browser.date("date", 1, 1, 2023).await;
    browser.submit("#add-event-button").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(summary.contains("There is a problem"), "{summary}");
    let typed = browser
        .client
        .find(Locator::Css("#date-year"))
        .await
        .expect("year box")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        typed.as_deref(),
        Some("2023"),
        "the form keeps what was typed"
    );
    browser.go(&case_path).await;
    browser.screenshot("case").await;
    browser.assert_accessible("case").await;

    // Draft the notice, insert a library paragraph, complete it, preview, submit.
    browser.submit("#notice-link").await;
    browser.click("#steps-35").await;
    browser.submit("#draft-notice").await;
    assert!(browser.path().await.contains("done=notice_drafted"));
    let section = browser
        .client
        .execute(
            "const h = [...document.querySelectorAll('h2[id^=section-]')].find(h => h.textContent.includes('Reasons'));
             const n = h ? h.id.replace('section-', '') : '0';
             document.getElementById('add-' + n + '-library').closest('details').open = true;
             return n;",
            vec![],
        )
        .await
        .expect("the reasons section");
    let section = section.as_str().unwrap_or("0").to_owned();
    // Section 40, personal data, upheld: an FOIA paragraph of the library.
    browser
        .select(&format!("#add-{section}-library"), "s40:upheld")
        .await;
    let insert_button = format!("#add-{section}-insert");
    browser.submit(&insert_button).await;
    assert!(browser.page_text().await.contains("saved as a new version"));
    let completed = complete_the_draft(&browser).await;
    assert!(
        completed >= 3,
        "the draft had parts to complete ({completed})"
    );
    if let Ok(findings) = browser.client.find(Locator::Css("#findings")).await {
        panic!(
            "no findings block the notice once completed: {}",
            findings.text().await.unwrap_or_default()
        );
    }
    // Label the library paragraph and refer to it from the last paragraph with the picker.
    let ids = browser
        .client
        .execute(
            "const t = [...document.querySelectorAll('textarea.s50-paragraph-text')];
             const lib = t.find(e => e.value.includes('personal data') || e.value.includes('section 40'));
             return [lib ? lib.id : t[t.length - 2].id, t[t.length - 1].id];",
            vec![],
        )
        .await
        .expect("paragraph ids");
    let labelled = ids[0].as_str().expect("labelled id").to_owned();
    let referring = ids[1].as_str().expect("referring id").to_owned();
    browser
        .fill(&format!("#{labelled}-label"), "personal-data")
        .await;
    browser
        .submit(&format!("#{labelled}-block form button[type=submit]"))
        .await;
    assert!(browser.page_text().await.contains("saved as a new version"));
    browser
        .select(&format!("#{referring}-ref"), "personal-data")
        .await;
    let text = browser
        .client
        .find(Locator::Css(&format!("#{referring}")))
        .await
        .expect("the referring paragraph")
        .prop("value")
        .await
        .expect("its text")
        .unwrap_or_default();
    assert!(
        text.contains("{ref:personal-data}"),
        "the picker inserted the reference: {text}"
    );
    browser
        .submit(&format!("#{referring}-block form button[type=submit]"))
        .await;
    assert!(browser.page_text().await.contains("saved as a new version"));
    let labels = browser.text("#labels").await;
    assert!(labels.contains("{ref:personal-data}"), "{labels}");
    let (status, content_type, head) = browser.fetch(&format!("{case_path}/notice.pdf")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    assert!(head.starts_with("%PDF"), "a PDF preview: {head}");
    browser
        .client
        .find(Locator::Css("iframe#preview"))
        .await
        .expect("the preview frame");
    browser.screenshot("notice-editor").await;
    browser.assert_accessible("notice editor").await;
    browser.submit("#submit-notice").await;
    assert!(browser.path().await.contains("done=notice_submitted"));
    browser.sign_out().await;

    // The manager approves and issues it, then downloads the PDF.
    browser.sign_in(&manager_email, &manager_password).await;
    browser.go(&format!("{case_path}/notice")).await;
    browser.submit("#approve-notice").await;
    assert!(browser.path().await.contains("done=notice_approved"));
    // Issuing is confirmed on a page of its own, with the notice's real date.
    browser.submit("#issue-notice").await;
    assert_eq!(browser.text("h1").await, "Issue the decision notice");
    browser.date("issue_date", 8, 2, 2024).await;
    browser.screenshot("confirm-issue").await;
    browser.submit("#confirm-issue").await;
    assert!(browser.path().await.contains("done=notice_issued"));
    assert_eq!(browser.text("#notice-state").await, "Issued");
    let (status, content_type, head) = browser.fetch(&format!("{case_path}/notice.pdf")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    assert!(head.starts_with("%PDF"));
    // Issuing recorded the notice on the case: the appeal window now runs.
    browser.go(&case_path).await;
    // 28 days after the notice of Thursday 8 February 2024 (GRC rule 22(1)(b)).
    let appeal = browser.text("#deadline-appeal_last_day").await;
    assert!(appeal.contains("Thursday 7 March 2024"), "{appeal}");
    let timeline = browser.text("#events").await;
    assert!(
        timeline.contains("case allocated") && timeline.contains("To "),
        "{timeline}"
    );
    assert!(
        !timeline.contains("officer 1"),
        "no internal ids: {timeline}"
    );
    browser.sign_out().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn();
    let id = app.authority("Some Council");
    let case = app.open_case(&app.officer, id, helpers::seed_events());
    let reference = case.body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "officer");
    browser.sign_in(&email, &password).await;
    browser.go(&format!("/cases/{reference}")).await;
    let events_before = app.count("case_events");
    browser.select("#kind", "chase_letter_sent").await;
    browser.date("date", 2, 10, 2023).await;
    browser
        .client
        .execute(
            "document.querySelector('#add-event input[name=csrf_token]').remove();",
            vec![],
        )
        .await
        .expect("remove the token");
    browser.submit("#add-event-button").await;
    let text = browser.page_text().await;
    assert!(
        text.contains("did not come from this service"),
        "the refusal says why: {text}"
    );
    assert_eq!(app.count("case_events"), events_before, "nothing was saved");
}

#[tokio::test(flavor = "current_thread")]
async fn an_officer_reads_a_colleagues_case_and_is_told_they_cannot_change_it() {
    let app = TestApp::spawn();
    let id = app.authority("Some Council");
    let case = app.open_case(&app.officer, id, helpers::seed_events());
    let reference = case.body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "other_officer");
    browser.sign_in(&email, &password).await;
    browser.go(&format!("/cases/{reference}")).await;
    assert_eq!(browser.text("h1").await, format!("Case {reference}"));
    let banner = browser.text("#cannot-change").await;
    assert!(banner.contains("You cannot change this case"), "{banner}");
    let page = browser.page_text().await;
    assert!(
        !page.contains("Add an event"),
        "no form to change the case: {page}"
    );
    browser.screenshot("colleagues-case").await;
    browser.go("/team").await;
    assert_eq!(browser.text("h1").await, "You cannot do this");
    browser.go("/cases").await;
    assert!(
        !browser.page_text().await.contains(&reference),
        "the other officer's list does not show the case"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_public_calculator_skips_easter_and_the_coronation_without_signing_in() {
    let app = TestApp::spawn();
    let browser = Browser::start(&app.base).await;
    browser.go("/calculator").await;
    browser.click("#regime-foia").await;
    browser.select("#e0-kind", "request_received").await;
    // Received Thursday 6 April 2023: Good Friday, Easter Monday, 1 May and the coronation
    // bank holiday (8 May) are skipped, so the 20th working day is Wednesday 10 May 2023.
    browser.date("e0", 6, 4, 2023).await;
    browser.date("as_of", 20, 4, 2023).await;
    browser.submit("#calculate").await;
    let due = browser.text("#deadline-response_due").await;
    assert!(due.contains("Wednesday 10 May 2023"), "{due}");
    assert!(due.contains("Pending"), "{due}");
    browser
        .click("#deadline-response_due details summary")
        .await;
    let why = browser.text("#deadline-response_due .skipped").await;
    assert!(why.contains("7 Apr 2023: Good Friday"), "{why}");
    assert!(why.to_lowercase().contains("coronation"), "{why}");
    browser.screenshot("calculator").await;
    browser.assert_accessible("calculator").await;

    // Bad input gets the design system's error summary and keeps what was typed.
    browser.go("/calculator").await;
    browser.select("#e0-kind", "request_received").await;
    browser.date("e0", 31, 2, 2023).await;
    browser.submit("#calculate").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(summary.contains("must be a real date"), "{summary}");
}

#[tokio::test(flavor = "current_thread")]
async fn manager_pages_show_the_caseload_library_users_and_statistics() {
    let app = TestApp::spawn();
    let id = app.authority("Some Council");
    let reference = app.open_case(&app.officer, id, helpers::seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "admin");
    browser.sign_in(&email, &password).await;
    browser.screenshot("cases").await;
    browser.assert_accessible("cases").await;
    for (path, name, heading) in [
        ("/team", "team", "Team caseload"),
        ("/stats", "statistics", "Statistics"),
        ("/stats?view=lateness", "statistics-lateness", "Statistics"),
        ("/stats?view=stages", "statistics-stages", "Statistics"),
        ("/stats?view=outcomes", "statistics-outcomes", "Statistics"),
        ("/library", "library", "Paragraph library"),
        ("/users", "users", "Users"),
        ("/outbox", "outbox", "Outbox"),
        (
            "/outbox/1",
            "outbox-message",
            "Complaint received about Some Council: REFERENCE",
        ),
        ("/reminders", "reminders", "Reminders"),
    ] {
        browser.go(path).await;
        let heading = heading.replace("REFERENCE", &reference);
        assert_eq!(browser.text("h1").await, heading, "{path}");
        browser.screenshot(name).await;
        browser.assert_accessible(name).await;
    }
    // The dashboard's charts load with the browser session.
    browser.go("/stats").await;
    let (status, content_type, _) = browser.fetch("/api/v1/stats/charts/age.svg").await;
    assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"));
    let (status, content_type, _) = browser.fetch("/api/v1/stats/timeliness?format=csv").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    // The team page counts the open case, not yet allocated, opened in September 2023 (about
    // five months before the tests' today of 20 February 2024).
    browser.go("/team").await;
    let team = browser.text("#team tbody").await;
    assert_eq!(team.trim(), "Not allocated 1 0 0 0 0 1 0 0", "{team}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_officer_names_a_token_sees_it_once_and_revokes_it_on_the_account_page() {
    let app = TestApp::spawn();
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "officer");
    browser.sign_in(&email, &password).await;
    browser.go("/account").await;
    browser.screenshot("account").await;
    browser.assert_accessible("account").await;
    // A blank name is refused beside the field, the days typed kept.
    browser.fill("#token_days", "30").await;
    browser.submit("#make-token").await;
    let summary = browser.text(".govuk-error-summary").await;
    assert!(summary.contains("Enter the token name"), "{summary}");
    browser.screenshot("account-token-error").await;
    browser.assert_accessible("account token error").await;
    browser.fill("#token_name", "Monthly report script").await;
    browser.submit("#make-token").await;
    let token = browser.text("#new-token").await;
    assert!(token.starts_with("s50_"), "{token}");
    let table = browser.text("#token-list").await;
    assert!(table.contains("Monthly report script"), "{table}");
    assert!(
        table.contains("21 March 2024 at 12:00"),
        "30 days on: {table}"
    );
    browser.screenshot("account-token").await;
    browser.assert_accessible("account token").await;
    assert_eq!(app.get("/api/v1/cases", Some(&token)).status, 200);
    // Newest first: the token just made heads the list.
    browser
        .submit("#token-list tbody tr:first-child button")
        .await;
    let banner = browser.text(".govuk-notification-banner").await;
    assert!(banner.contains("revoked"), "{banner}");
    let first = browser.text("#token-list tbody tr:first-child").await;
    assert!(
        first.contains("Monthly report script") && first.contains("Revoked"),
        "{first}"
    );
    browser.screenshot("account-token-revoked").await;
    assert_eq!(app.get("/api/v1/cases", Some(&token)).status, 401);
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.officer)).status,
        200,
        "the other token works"
    );
}
