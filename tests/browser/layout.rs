//! The page furniture at desktop widths (issue 14's fresh-eyes walk): "Sign out" stays on one
//! line, as the menu's last item rather than a row of its own, at 1280 and 1024 pixels, for
//! the roles with the longest menus; a case reference is never broken across lines.

use crate::credentials;
use crate::driver::Browser;
use crate::helpers::TestApp;

#[tokio::test(flavor = "current_thread")]
async fn sign_out_stays_on_one_line_at_1280_and_1024_pixels() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let opened = app.open_case(&app.officer, authority, crate::helpers::seed_events());
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let browser = Browser::start(&app.base).await;
    let mut found = Vec::new();
    for who in ["manager", "admin"] {
        let (email, password) = credentials(&app, who);
        browser.sign_in(&email, &password).await;
        for width in [1280, 1024] {
            browser.resize(width, 900).await;
            browser.go("/cases").await;
            let lines = browser.lines_of("#sign-out").await;
            if lines != 1 {
                found.push(format!(
                    "{who} at {width}px: \"Sign out\" takes {lines} lines"
                ));
            }
            // It sits on the menu's last row, beside the last item, not on a row of its own.
            let last_item = browser
                .top_of(".govuk-service-navigation__item:nth-last-child(2) a")
                .await;
            let sign_out = browser.top_of("#sign-out").await;
            if (sign_out - last_item).abs() > 8.0 {
                found.push(format!(
                    "{who} at {width}px: \"Sign out\" is on a row of its own ({sign_out}px, \
                     the menu's last item at {last_item}px)"
                ));
            }
            // A case reference ("IC-123456-ABCD") is never broken across lines.
            let reference = browser.lines_of("#cases .s50-reference").await;
            if reference != 1 {
                found.push(format!(
                    "{who} at {width}px: a reference takes {reference} lines"
                ));
            }
            browser.screenshot(&format!("layout-{who}-{width}")).await;
        }
        browser.resize(1280, 1024).await;
        browser.sign_out().await;
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
