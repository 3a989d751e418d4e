//! Accounts in the browser: an admin adds a member of staff on Users, who signs in with the
//! one-time password shown, is made to choose a password of their own, and cannot use the
//! one-time password again.

use crate::credentials;
use crate::driver::Browser;
use crate::helpers::TestApp;

#[tokio::test(flavor = "current_thread")]
async fn a_new_colleague_signs_in_once_with_the_one_time_password_and_chooses_their_own() {
    let app = TestApp::spawn();
    let browser = Browser::start(&app.base).await;
    let (email, password) = credentials(&app, "admin");
    browser.sign_in(&email, &password).await;
    browser.go("/users").await;
    browser.fill("#email", "new.colleague@example.org").await;
    browser.fill("#name", "New Colleague").await;
    browser.submit("#add-user").await;
    let one_time = browser.text("#one-time-password code").await;
    assert!(one_time.len() >= 12, "{one_time:?}");
    browser.sign_out().await;

    browser
        .first_sign_in(
            "new.colleague@example.org",
            &one_time,
            "my own long pass phrase",
        )
        .await;
    assert!(
        browser
            .page_text()
            .await
            .contains("Your password has been set"),
        "the case list says so"
    );
    browser.sign_out().await;

    // The one-time password is spent; the chosen one works.
    browser.go("/sign-in").await;
    browser.fill("#email", "new.colleague@example.org").await;
    browser.fill("#password", &one_time).await;
    browser.submit("#sign-in").await;
    assert!(
        browser
            .text(".govuk-error-summary")
            .await
            .contains("Enter a correct email address and password"),
        "refused"
    );
    browser
        .sign_in("new.colleague@example.org", "my own long pass phrase")
        .await;
}
