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

mod accounts;
mod appeal_provisions;
mod appeal_stages;
mod appeal_stats;
mod appeals;
mod confirmations;
mod driver;
#[path = "../http/helpers.rs"]
#[expect(
    dead_code,
    reason = "shared with the HTTP tests; the browser tests use the app and its accounts"
)]
mod helpers;
mod layout;
mod managers;
mod register;

#[path = "../http/smtp.rs"]
#[expect(
    dead_code,
    reason = "shared with the HTTP tests; the journey reads back what was sent"
)]
mod smtp;

use driver::Browser;
use fantoccini::Locator;
use helpers::TestApp;
use std::path::PathBuf;

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

/// Replaces the "[To complete: …]" markers in every box of the editor's one form, as an
/// officer would, and saves the form once; returns how many boxes were completed.
async fn complete_the_draft(browser: &Browser) -> usize {
    let ids = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#notice-form textarea.s50-paragraph-text')]
                 .filter(e => e.value.includes('[To complete')).map(e => e.id);",
            vec![],
        )
        .await
        .expect("look for unfinished text");
    let ids: Vec<String> = ids
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for (n, id) in ids.iter().enumerate() {
        let current = browser.value(&format!("#{id}")).await;
        browser
            .fill(&format!("#{id}"), &replace_markers(&current, n + 1))
            .await;
    }
    save_the_notice(browser).await;
    ids.len()
}

/// Presses "Save the notice" and checks the new version is confirmed.
async fn save_the_notice(browser: &Browser) {
    browser.submit("#save-notice").await;
    let text = browser.page_text().await;
    assert!(
        text.contains("saved as a new version"),
        "saving is confirmed: {text}"
    );
}

/// Records the seed notice's decision in the editor's outcome rows, replacing the suggestions:
/// section 10 breached (the response was 67 working days late), sections 31(1)(a) and 31(3)
/// correctly relied on.
async fn enter_the_outcomes(browser: &Browser) {
    browser
        .client
        .execute(
            "document.querySelectorAll('#outcome-rows input[name^=provision-]').forEach(e => e.value = '');
             document.querySelectorAll('#outcome-rows select').forEach(e => e.value = '');",
            vec![],
        )
        .await
        .expect("clear the suggestions");
    for (i, (provision, outcome)) in [
        ("s10", "upheld"),
        ("s31(1)(a)", "not_upheld"),
        ("s31(3)", "not_upheld"),
    ]
    .into_iter()
    .enumerate()
    {
        browser.fill(&format!("#provision-{i}"), provision).await;
        browser.select(&format!("#outcome-{i}"), outcome).await;
    }
}

/// A second manager, to approve what the first returned (four eyes are about who wrote it).
fn second_manager(app: &TestApp) -> (String, String) {
    use section50::domain::parties::{EmailAddress, RequiredText, Role};
    let mut conn = app.pool.get().expect("connection");
    let email = "second.manager@example.org";
    let created = section50::service::users::add(
        &mut conn,
        app.settings.clock.now(),
        &EmailAddress::parse(email).expect("email"),
        &RequiredText::parse("name", "Morgan Second", 100).expect("name"),
        Role::Manager,
        None,
    )
    .expect("the second manager is added");
    (email.to_owned(), created.password)
}

/// Opens every `<details>` inside `css` (to reach the fields they fold away).
async fn open_details(browser: &Browser, css: &str) {
    browser
        .client
        .execute(
            &format!("document.querySelectorAll('{css} details').forEach(d => d.open = true);"),
            vec![],
        )
        .await
        .expect("details opened");
}

/// A manager adds the seed case's authority on the Authorities page, as on an empty install.
async fn add_the_seed_authority(browser: &Browser) {
    browser.go("/authorities/new").await;
    browser
        .fill("#formal_name", "Commissioner of Police of the Metropolis")
        .await;
    browser.fill("#short_name", "MPS").await;
    browser.fill("#article", "the").await;
    browser.select("#sector", "police").await;
    browser.select("#nation", "england").await;
    browser.fill("#foi_email", "foi@met.example").await;
    browser
        .fill(
            "#address",
            "New Scotland Yard\nVictoria Embankment\nLondon SW1A 2JL",
        )
        .await;
    browser.click("#s53_certificate-no").await;
    browser.screenshot("authority-new").await;
    browser.submit("#save-authority").await;
    let text = browser.page_text().await;
    assert!(
        text.contains("Commissioner of Police of the Metropolis"),
        "the authority is added: {text}"
    );
}

/// The case record on the seed case: the request's wording and the provisions the MPS cited
/// (typed when it was opened), a dated note, and a link to another complaint about the same
/// request, shown on both cases with the other's reference and the authority's full name.
async fn the_case_record_is_kept_with_a_note_and_a_link(
    browser: &Browser,
    app: &TestApp,
    case_path: &str,
) {
    let wording = browser.text("#request-wording").await;
    assert!(wording.contains("the 18 invoices"), "{wording}");
    let cited = browser.text("#exemptions-cited").await;
    assert_eq!(
        cited,
        "Section 24(1), section 31(1), section 40(2), section 43(2)"
    );
    assert_eq!(
        browser.text("#authority-reference").await,
        "01/FOI/23/030456"
    );
    browser.date("note_date", 13, 11, 2023).await;
    browser
        .fill(
            "#note_text",
            "Sent the investigation letter; MPS asked for 20 working days.",
        )
        .await;
    browser.submit("#note-button").await;
    let notes = browser.text("#case-notes").await;
    assert!(
        notes.contains("Monday 13 November 2023") && notes.contains("investigation letter"),
        "{notes}"
    );
    let other = app.open_case(&app.officer, 1, helpers::seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    open_details(browser, "#links ~").await;
    browser.fill("#link_reference", &other).await;
    browser.select("#link_kind", "same_request").await;
    browser.submit("#link-button").await;
    let links = browser.text("#case-links").await;
    assert!(
        links.contains(&format!(
            "Same request: {other} (Commissioner of Police of the Metropolis)"
        )),
        "{links}"
    );
    browser.screenshot("case-record").await;
    browser.assert_accessible("case record").await;
    let this = case_path.trim_start_matches("/cases/");
    browser.go(&format!("/cases/{other}")).await;
    let back = browser.text("#case-links").await;
    assert!(back.contains(this), "{back}");
    browser.go(&format!("{case_path}/record")).await;
    browser.screenshot("case-record-change").await;
    browser.assert_accessible("case record change").await;
    browser.go(case_path).await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_officer_and_a_manager_take_the_seed_case_from_complaint_to_issued_notice() {
    let server = smtp::SmtpServer::start();
    let app = TestApp::builder().smtp(&server.url()).build();
    let browser = Browser::start(&app.base).await;
    let (officer_email, officer_password) = credentials(&app, "officer");

    // Sign in.
    browser.go("/sign-in").await;
    browser.screenshot("sign-in").await;
    browser.assert_accessible("sign-in").await;
    // An empty install: a manager adds the authority on the Authorities page.
    let (manager_email, manager_password) = credentials(&app, "manager");
    browser.sign_in(&manager_email, &manager_password).await;
    add_the_seed_authority(&browser).await;
    browser.sign_out().await;
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
    // The request and the response as the seed notice gives them (paragraphs 3 and 5).
    browser
        .fill(
            "#request_wording",
            "Please provide details of the 18 invoices listed in your expenditure logs.",
        )
        .await;
    browser
        .fill("#exemptions_cited", "s24(1), s31(1), s40(2), s43(2)")
        .await;
    browser
        .fill("#authority_reference", "01/FOI/23/030456")
        .await;
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
    assert_eq!(
        browser.text("#officer").await,
        "Olivia Officer",
        "the name, not the email"
    );
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
    assert!(why.contains("18 February 2023: Saturday"), "{why}");
    assert!(why.contains("12 March 2023: Sunday"), "{why}");
    // The review, asked for on Thursday 20 July 2023, was due on the 20th working day after:
    // Friday 18 August, because 7 August is a bank holiday in Scotland, which FOIA counts.
    let review = browser.text("#deadline-internal_review_due").await;
    assert!(review.contains("Friday 18 August 2023"), "{review}");

    // The complaint window: 42 calendar days after the review completed on 19 September 2023.
    let window = browser.text("#deadline-complaint_window_end").await;
    assert!(window.contains("Tuesday 31 October 2023"), "{window}");

    // Letters recorded in the order the paperwork comes to hand, not in date order: first the
    // investigation letter of 13 November 2023 (reply by 11 December), then the chase letter
    // of 2 October 2023, which gave the authority until 16 October (10 working days).
    browser.select("#kind", "investigation_letter_sent").await;
    browser.date("date", 13, 11, 2023).await;
    open_details(&browser, "#add-event").await;
    browser.date("respond_by", 11, 12, 2023).await;
    browser.submit("#add-event-button").await;
    assert!(
        browser.path().await.contains("done=event_added"),
        "{}",
        browser.page_text().await
    );
    browser.select("#kind", "chase_letter_sent").await;
    browser.date("date", 2, 10, 2023).await;
    browser.submit("#add-event-button").await;
    assert!(
        browser.path().await.contains("done=event_added"),
        "{}",
        browser.page_text().await
    );
    let chase = browser.text("#deadline-chase_response_due").await;
    assert!(chase.contains("Monday 16 October 2023"), "{chase}");
    let reply = browser.text("#deadline-investigation_response_due").await;
    assert!(reply.contains("Monday 11 December 2023"), "{reply}");
    the_case_record_is_kept_with_a_note_and_a_link(&browser, &app, &case_path).await;

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

    // Draft the notice, insert a library paragraph, complete it, record the outcomes, submit.
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
    // Section 31, law enforcement, not upheld: an FOIA paragraph of the library.
    browser
        .select(&format!("#add-{section}-library"), "s31:not_upheld")
        .await;
    browser.submit(&format!("#add-{section}-insert")).await;
    assert!(browser.page_text().await.contains("saved as a new version"));
    let completed = complete_the_draft(&browser).await;
    assert!(
        completed >= 3,
        "the draft had parts to complete ({completed})"
    );
    // Label the library paragraph and refer to it from the last paragraph with the picker.
    let ids = browser
        .client
        .execute(
            "const t = [...document.querySelectorAll('textarea.s50-paragraph-text')];
             const lib = t.find(e => e.closest('.notice-block').textContent.includes('(from s31:not_upheld)'));
             return [lib ? lib.id : t[t.length - 2].id, t[t.length - 1].id];",
            vec![],
        )
        .await
        .expect("paragraph ids");
    let labelled = ids[0].as_str().expect("labelled id").to_owned();
    let referring = ids[1].as_str().expect("referring id").to_owned();
    browser
        .fill(&format!("#{labelled}-label"), "law-enforcement")
        .await;
    save_the_notice(&browser).await;
    browser
        .select(&format!("#{referring}-ref"), "law-enforcement")
        .await;
    let text = browser.value(&format!("#{referring}")).await;
    assert!(
        text.contains("{ref:law-enforcement}"),
        "the picker inserted the reference: {text}"
    );
    enter_the_outcomes(&browser).await;
    save_the_notice(&browser).await;
    let labels = browser.text("#labels").await;
    assert!(labels.contains("{ref:law-enforcement}"), "{labels}");
    let outcome = browser.text("#notice-outcome").await;
    for words in [
        "Complaint partly upheld",
        "FOI 10: Complaint upheld",
        "FOI 31(1)(a): Complaint not upheld",
        "FOI 31(3): Complaint not upheld",
    ] {
        assert!(outcome.contains(words), "{words}: {outcome}");
    }
    if let Ok(findings) = browser.client.find(Locator::Css("#findings")).await {
        panic!(
            "no findings block the notice once completed: {}",
            findings.text().await.unwrap_or_default()
        );
    }
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
    browser.screenshot("notice-submitted").await;
    browser.sign_out().await;

    // The manager finds it in the queue and returns it once with a comment.
    browser.sign_in(&manager_email, &manager_password).await;
    browser.go("/approvals").await;
    assert!(browser.text("#approvals").await.contains(&case_path[7..]));
    browser.screenshot("approvals").await;
    browser.assert_accessible("approvals").await;
    browser.go(&format!("{case_path}/notice")).await;
    browser.screenshot("notice-typeset").await;
    let typeset = browser.text("#typeset").await;
    assert!(
        !typeset.contains("{ref:") && !typeset.contains("??") && !typeset.contains("{footnote:"),
        "the typeset view shows numbers and footnotes, not the editing syntax: {typeset}"
    );
    browser.click("#actions details summary").await;
    browser
        .fill(
            "#comment",
            "Paragraph 2: say which invoices the MPS disclosed.",
        )
        .await;
    browser.submit("#return-notice").await;
    assert!(browser.path().await.contains("done=notice_returned"));
    browser.sign_out().await;

    // The officer sees the comment, changes the text and submits it again.
    browser.sign_in(&officer_email, &officer_password).await;
    browser.go(&format!("{case_path}/notice")).await;
    assert!(browser.page_text().await.contains("say which invoices"));
    let first = browser
        .client
        .execute(
            "return document.querySelector('#notice-form textarea.s50-paragraph-text').id;",
            vec![],
        )
        .await
        .expect("the first paragraph");
    let first = first.as_str().expect("its id").to_owned();
    let current = browser.value(&format!("#{first}")).await;
    browser
        .fill(
            &format!("#{first}"),
            &format!("{current} The MPS disclosed the dates and amounts of 10 invoices."),
        )
        .await;
    save_the_notice(&browser).await;
    browser.submit("#submit-notice").await;
    assert!(browser.path().await.contains("done=notice_submitted"));
    browser.sign_out().await;

    // Another manager, who wrote none of it, approves and issues it dated 8 February 2024.
    let (second_email, second_password) = second_manager(&app);
    browser
        .first_sign_in(
            &second_email,
            &second_password,
            "Morgan's own long pass phrase",
        )
        .await;
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
    browser.screenshot("notice-issued").await;
    let (status, content_type, head) = browser.fetch(&format!("{case_path}/notice.pdf")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    assert!(head.starts_with("%PDF"));

    // The case shows the decision and the appeal window: 28 days after the notice of Thursday
    // 8 February 2024 was sent (GRC rule 22(1)(b)), Thursday 7 March 2024.
    browser.go(&case_path).await;
    assert_eq!(
        browser.text("#decision-outcome").await,
        "Complaint partly upheld"
    );
    // Exactly what the officer recorded: a suggestion is never recorded unless chosen.
    assert_eq!(
        browser.text("#decision-provisions").await,
        "FOI 10: Complaint upheld\nFOI 31(1)(a): Complaint not upheld\nFOI 31(3): Complaint not upheld"
    );
    assert_eq!(
        browser.text("#decision-appeal").await,
        "Thursday 7 March 2024"
    );
    let appeal = browser.text("#deadline-appeal_last_day").await;
    assert!(appeal.contains("Thursday 7 March 2024"), "{appeal}");
    browser.screenshot("case-decided").await;
    browser.assert_accessible("case decided").await;
    let timeline = browser.text("#events").await;
    assert!(
        timeline.contains("Case allocated") && timeline.contains("To "),
        "{timeline}"
    );
    assert!(
        !timeline.contains("officer 1"),
        "no internal ids: {timeline}"
    );
    let page = browser.page_text().await;
    assert!(!page.contains("None"), "no 'None' on the case page");
    browser.sign_out().await;

    // The authority's email, in the test SMTP server, carries its PDF without the
    // complainant's details.
    let noon = helpers::date(helpers::TODAY)
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc();
    app.worker(section50::clock::Clock::Fixed(noon), |_| {})
        .dispatch()
        .expect("the outbox is sent");
    let authority_mail: Vec<smtp::Received> = server
        .received()
        .into_iter()
        .filter(|m| {
            m.header("Subject")
                .is_some_and(|s| s.starts_with("Decision notice issued"))
        })
        .collect();
    assert_eq!(authority_mail.len(), 1, "the authority's email");
    let (_, pdf, _) = smtp::attachment_and_link(&authority_mail[0]);
    let text = smtp::pdf_text(&pdf);
    assert!(text.contains(&case_path[7..]), "{text}");
    assert!(!text.contains("Jane Requester"), "{text}");
    assert!(!text.contains("jane@example.org"), "{text}");
    let pages = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::write(pages.join("issued-notice.pdf"), &pdf).expect("the PDF is kept");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(pages.join("issued-notice.pdf"))
        .arg(pages.join("issued-notice-page"))
        .status()
        .expect("pdftoppm runs");
    assert!(rendered.success());
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
    assert!(why.contains("7 April 2023: Good Friday"), "{why}");
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
    // Every member of staff has a row (zeros for those with no open case); the open case is
    // on the "Not allocated" row.
    assert!(
        team.contains("Not allocated 1\nopen, not allocated\n0\noverdue, not allocated"),
        "{team}"
    );
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
