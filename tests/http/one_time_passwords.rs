//! One-time passwords (issue 15): the password `user add` prints or an admin's reset issues
//! opens one session, which every page but "Choose a new password" (and signing out) sends
//! there; once used it is spent even if nobody chooses a password, a second sign-in with it is
//! refused in words that say what to do, and the bearer token made beside it keeps working.

use crate::accounts::post_form;
use crate::helpers::{TODAY, TestApp, date};
use crate::pages::{Visitor, csrf_token, signed_in};
use chrono::{TimeZone, Utc};
use section50::domain::parties::{EmailAddress, RequiredText, Role};
use section50::domain::staff::TokenLifetime;
use section50::service::tokens::TokenRequest;
use section50::service::users;

const NEW_PAGE: &str = "/account/new-password";
const SPENT: &str =
    "This one-time password has already been used. Ask an admin to reset your password";

/// Adds Ann, an officer, with an API token; returns her one-time password and token.
fn add_ann(app: &TestApp) -> (String, String) {
    let (_, one_time, token) = add_ann_with_id(app);
    (one_time, token)
}

/// [`add_ann`], with her id (the subject of her audit entries).
fn add_ann_with_id(app: &TestApp) -> (i64, String, String) {
    let now = Utc.from_utc_datetime(&date(TODAY).and_hms_opt(9, 0, 0).unwrap());
    let created = users::add(
        &mut app.pool.get().unwrap(),
        now,
        &EmailAddress::parse("ann@example.org").unwrap(),
        &RequiredText::parse("name", "Ann Smith", 100).unwrap(),
        Role::Officer,
        Some(&TokenRequest {
            name: RequiredText::parse("token name", "scripts", 100).unwrap(),
            lifetime: TokenLifetime::DEFAULT,
        }),
    )
    .unwrap();
    (created.id, created.password, created.token.unwrap())
}

/// Chooses a password on the new-password page.
fn choose(v: &mut Visitor, new: &str, confirm: &str) -> crate::pages::Page {
    let token = csrf_token(&v.get(NEW_PAGE).body);
    v.post(
        NEW_PAGE,
        &[
            ("csrf_token", &token),
            ("new", new),
            ("confirm", confirm),
            ("next", "/cases"),
        ],
    )
}

#[test]
fn a_one_time_password_opens_one_session_that_can_only_choose_a_password() {
    let app = TestApp::spawn();
    let (one_time, token) = add_ann(&app);
    let mut v = Visitor::new(&app);
    let page = v.sign_in("ann@example.org", &one_time);
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/account/new-password?next=/cases"),
        "the first sign-in lands on choosing a password"
    );
    let form = v.get(NEW_PAGE);
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Choose a new password"), "{}", form.body);
    // (path, why) every other page sends the session there.
    for path in [
        "/cases",     // the home page
        "/account",   // even the account page
        "/cases/new", // a form
        "/stats",     // a page her role refuses would say so after
    ] {
        let page = v.get(path);
        assert_eq!(
            (page.status, page.location.as_str()),
            (303, NEW_PAGE),
            "{path}"
        );
    }
    // A form posted elsewhere is not taken either (its token is the session's, so only the
    // forced password choice stops it).
    let token_field = csrf_token(&form.body);
    let changed = v.post(
        "/account/password",
        &[
            ("csrf_token", &token_field),
            ("current", &one_time),
            ("new", "a pass phrase of my own"),
            ("confirm", "a pass phrase of my own"),
        ],
    );
    assert_eq!((changed.status, changed.location.as_str()), (303, NEW_PAGE));
    // The session reads nothing through the API; the bearer token is a separate credential.
    assert_eq!(
        v.get("/api/v1/cases").status,
        401,
        "the session reads no API"
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&token)).status,
        200,
        "the token works"
    );
    // Signing out works from there.
    let out = v.post("/sign-out", &[("csrf_token", &token_field)]);
    assert_eq!(
        (out.status, out.location.as_str()),
        (303, "/sign-in?done=signed_out")
    );
    assert_eq!(app.count("sessions"), 0);
}

#[test]
fn a_one_time_password_used_once_is_refused_the_second_time_even_if_nobody_chose_one() {
    let app = TestApp::spawn();
    let (ann, one_time, _) = add_ann_with_id(&app);
    let first = Visitor::new(&app).sign_in("ann@example.org", &one_time);
    assert_eq!(first.status, 303);
    // She walks away; someone (or she) tries it again, in another browser.
    let mut again = Visitor::new(&app);
    let page = again.sign_in("ann@example.org", &one_time);
    assert_eq!(page.status, 422);
    assert!(page.body.contains(SPENT), "{}", page.body);
    assert!(page.body.contains("govuk-error-summary"));
    assert_eq!(
        again.get("/cases").location,
        "/sign-in?next=/cases",
        "no session was opened"
    );
    assert_eq!(
        app.count(&format!(
            "audit_log WHERE action = 'session.sign_in_one_time_password' AND subject = '{ann}'"
        )),
        1
    );
    assert_eq!(
        app.count("audit_log WHERE action = 'session.one_time_password_reused'"),
        1
    );
}

#[test]
fn two_sign_ins_racing_with_one_one_time_password_open_one_session() {
    let app = TestApp::spawn();
    let (one_time, _) = add_ann(&app);
    let answers: Vec<u16> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    Visitor::new(&app)
                        .sign_in("ann@example.org", &one_time)
                        .status
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert_eq!(
        answers.iter().filter(|s| **s == 303).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|s| **s == 422).count(),
        3,
        "{answers:?}"
    );
    assert_eq!(app.count("sessions"), 1);
}

#[test]
fn choosing_the_password_refuses_bad_ones_then_opens_the_service_and_signs_in_normally() {
    let app = TestApp::spawn();
    let (ann, one_time, _) = add_ann_with_id(&app);
    let mut v = Visitor::new(&app);
    v.sign_in("ann@example.org", &one_time);
    // (new, confirm, the words beside the field)
    let refused: &[(&str, &str, &str)] = &[
        ("", "", "Enter a new password"),
        (
            "a pass phrase of mine",
            "a pass phrase of yours",
            "The new passwords do not match",
        ),
        (
            "too short",
            "too short",
            "Your new password must be 12 characters or more",
        ),
        (
            &one_time,
            &one_time,
            "not the one-time password you were given",
        ),
    ];
    for (new, confirm, words) in refused {
        let page = choose(&mut v, new, confirm);
        assert_eq!(page.status, 422, "{words}");
        assert!(page.body.contains(words), "{words}: {}", page.body);
        assert_eq!(
            v.get("/cases").location,
            NEW_PAGE,
            "{words}: still to choose"
        );
    }
    let page = choose(&mut v, "a pass phrase of mine", "a pass phrase of mine");
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/cases?done=password_chosen")
    );
    let cases = v.get("/cases?done=password_chosen");
    assert_eq!(cases.status, 200);
    assert!(cases.body.contains("Your password has been set"));
    assert_eq!(
        v.get(NEW_PAGE).location,
        "/account",
        "the page is done with: changing it again is under Account"
    );
    assert_eq!(
        app.count(&format!(
            "audit_log WHERE action = 'user.choose_password' AND subject = '{ann}'"
        )),
        1
    );
    // The chosen password signs in normally, every time; the one-time password does not.
    for _ in 0..2 {
        let page = Visitor::new(&app).sign_in("ann@example.org", "a pass phrase of mine");
        assert_eq!((page.status, page.location.as_str()), (303, "/cases"));
    }
    let old = Visitor::new(&app).sign_in("ann@example.org", &one_time);
    assert_eq!(old.status, 422);
    assert!(
        old.body
            .contains("Enter a correct email address and password")
    );
}

#[test]
fn an_admins_reset_issues_a_new_one_time_password_shown_with_the_address() {
    let app = TestApp::spawn();
    let mut admin = signed_in(&app, "admin");
    let page = post_form(
        &mut admin,
        "/users",
        &format!("/users/{}", app.officer_id),
        &[("action", "reset")],
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("One-time password for officer@example.org"),
        "the address, never an internal number: {}",
        page.body
    );
    let marker = "<div class=\"govuk-panel__body\"><code>";
    let start = page.body.find(marker).unwrap() + marker.len();
    let one_time = page.body[start..].split('<').next().unwrap().to_owned();
    let (email, chosen) = app.passwords["officer"].clone();
    let before = Visitor::new(&app).sign_in(&email, &chosen);
    assert_eq!(
        before.status, 422,
        "the password chosen before no longer works"
    );
    let mut v = Visitor::new(&app);
    let first = v.sign_in(&email, &one_time);
    assert_eq!(first.location, "/account/new-password?next=/cases");
    assert_eq!(
        choose(
            &mut v,
            "the officer's new phrase",
            "the officer's new phrase"
        )
        .status,
        303
    );
    assert_eq!(v.get("/cases").status, 200);
}
