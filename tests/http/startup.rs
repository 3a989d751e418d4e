//! Start-up: the service the tests run is built by `Application::build` from `Settings`, as
//! `serve` builds it; what the settings say (clock, extra bank holidays, secure cookies, the
//! metrics token, the email transport) is what the running service does.

use crate::helpers::{TestApp, TestDb, date, deadline};
use section50::clock::Clock;
use section50::config::Settings;
use section50::domain::settings::ClockSettings;
use section50::mail::MailSettings;
use section50::startup::Application;
use serde_json::json;

/// A request received on Thursday 1 February 2024: FOIA s10(1) gives 20 working days, so
/// without extra holidays it is due on Thursday 29 February 2024.
fn response_due(app: &TestApp) -> serde_json::Value {
    let r = app.post(
        "/api/v1/timeline",
        None,
        &json!({"regime": "foia", "events": [{"kind": "request_received", "date": "2024-02-01"}]}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    deadline(&r.body, "response_due").clone()
}

#[test]
fn the_day_given_to_the_builder_is_the_services_today() {
    // (day the service runs on, status of the response due 29 Feb 2024)
    let cases = [
        ("2024-02-28", "pending"),   // the day before
        ("2024-02-29", "due_today"), // the day itself
        ("2024-03-01", "overdue"),   // the day after
    ];
    for (today, status) in cases {
        let app = TestApp::builder().today(date(today)).build();
        let due = response_due(&app);
        assert_eq!(due["date"], "2024-02-29");
        assert_eq!(due["status"], status, "on {today}");
    }
}

#[test]
fn a_bank_holiday_proclaimed_in_the_settings_moves_the_services_deadlines() {
    // An additional bank holiday on Monday 26 February 2024 in every division (as a 1971 Act
    // s1(3) proclamation would make): the 20th working day after 1 February becomes Friday
    // 1 March 2024.
    let settings = ClockSettings {
        extra_holidays: vec![
            serde_json::from_value(json!({
                "date": "2024-02-26",
                "divisions": ["england-and-wales", "scotland", "northern-ireland"],
                "kind": "additional",
                "name": "A test holiday",
                "source": "this test"
            }))
            .expect("a proclamation"),
        ],
        ..ClockSettings::default()
    };
    let noon = date("2024-02-20")
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc();
    let app = TestApp::builder()
        .clock(Clock::Fixed(noon))
        .clock_settings(settings)
        .build();
    assert_eq!(response_due(&app)["date"], "2024-03-01");
}

/// Whether the session cookie of a sign-in form is marked `Secure`.
fn sign_in_cookie_is_secure(app: &TestApp) -> bool {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .get(&format!("{}/sign-in", app.base))
        .call()
        .expect("the sign-in page");
    let cookies: Vec<String> = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    assert!(!cookies.is_empty(), "the sign-in page sets a cookie");
    cookies.iter().all(|c| c.contains("Secure"))
}

#[test]
fn cookies_over_plain_http_are_secure_only_when_the_settings_say_so() {
    assert!(!sign_in_cookie_is_secure(&TestApp::spawn()));
    assert!(sign_in_cookie_is_secure(
        &TestApp::builder().secure_cookies(true).build()
    ));
}

#[test]
fn a_metrics_token_in_the_settings_guards_the_metrics() {
    let app = TestApp::builder()
        .metrics_token("a-long-random-string")
        .build();
    assert_eq!(app.get("/metrics", None).status, 401);
    assert_eq!(app.get("/metrics", Some("another-string")).status, 401);
    assert_eq!(
        app.get("/metrics", Some("a-long-random-string")).status,
        200
    );
    assert_eq!(TestApp::spawn().get("/metrics", None).status, 200);
}

#[test]
fn workers_built_from_the_apps_settings_use_its_transport_and_email_settings() {
    let mail = MailSettings {
        public_url: "https://casework.example.org".to_owned(),
        ..MailSettings::default()
    };
    let app = TestApp::builder()
        .smtp("smtp://127.0.0.1:2525")
        .mail(mail.clone())
        .build();
    let w = app.worker(Clock::fixed_on(date("2024-02-20")), |_| {});
    assert!(w.transport.describe().starts_with("SMTP"));
    assert_eq!(w.mail, mail);
    let files = app.worker(Clock::fixed_on(date("2024-02-20")), |s| s.smtp_url = None);
    assert!(files.transport.describe().starts_with("files in"));
}

#[test]
fn an_application_binds_port_zero_to_a_free_port_and_a_taken_address_is_refused() {
    let db = TestDb::new();
    let mut settings = Settings::new(db.url.clone());
    settings.bind = "127.0.0.1:0".to_owned();
    settings.scheduler_interval = None;
    settings.warm_up_pdf = false;
    let first = Application::build(settings.clone()).expect("builds");
    assert_ne!(first.port(), 0);
    assert!(first.scheduler().is_none(), "the scheduler is off");
    settings.bind = first.address().to_string();
    let refused = Application::build(settings)
        .err()
        .expect("the port is taken");
    assert!(
        format!("{refused:#}").contains("cannot listen on"),
        "{refused:#}"
    );
}
