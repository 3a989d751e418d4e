//! The web interface over plain HTTP: sign-in and its protections, sessions, CSRF, security
//! headers, the 404 page, and every page walked with each role.

use crate::helpers::{TestApp, seed_events};

/// A browser-like client: keeps the cookies the service sets, follows no redirects.
pub(crate) struct Visitor {
    base: String,
    agent: ureq::Agent,
    cookies: std::collections::BTreeMap<String, String>,
}

pub(crate) struct Page {
    pub(crate) status: u16,
    pub(crate) location: String,
    headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Visitor {
    pub(crate) fn new(app: &TestApp) -> Self {
        Visitor {
            base: app.base.clone(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into(),
            cookies: std::collections::BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn finish(&mut self, mut resp: ureq::http::Response<ureq::Body>) -> Page {
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        for (k, v) in &headers {
            if k == "set-cookie"
                && let Some((pair, _)) = v.split_once(';').or(Some((v.as_str(), "")))
                && let Some((name, value)) = pair.split_once('=')
            {
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let location = headers
            .iter()
            .find(|(k, _)| k == "location")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        Page {
            status: resp.status().as_u16(),
            location,
            headers,
            body: resp.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    pub(crate) fn get(&mut self, path: &str) -> Page {
        let resp = self
            .agent
            .get(&format!("{}{path}", self.base))
            .header("Cookie", &self.cookie_header())
            .call()
            .expect("GET");
        self.finish(resp)
    }

    pub(crate) fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let resp = self
            .agent
            .post(&format!("{}{path}", self.base))
            .header("Cookie", &self.cookie_header())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body.as_bytes())
            .expect("POST");
        self.finish(resp)
    }

    /// POST a body of any type (a `multipart/form-data` upload) with the session's cookies.
    pub(crate) fn post_body(&mut self, path: &str, content_type: &str, body: &[u8]) -> Page {
        let resp = self
            .agent
            .post(&format!("{}{path}", self.base))
            .header("Cookie", &self.cookie_header())
            .header("Content-Type", content_type)
            .send(body)
            .expect("POST");
        self.finish(resp)
    }

    /// GET the raw bytes of a reply (a download) with the session's cookies.
    pub(crate) fn get_bytes(&mut self, path: &str) -> (u16, Vec<u8>) {
        TestApp::bytes_of(
            self.agent
                .get(&format!("{}{path}", self.base))
                .header("Cookie", &self.cookie_header())
                .call()
                .expect("GET"),
        )
    }

    pub(crate) fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let page = self.get("/sign-in");
        let token = csrf_token(&page.body);
        self.post(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", password),
                ("next", "/cases"),
            ],
        )
    }
}

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(crate) fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn signed_in(app: &TestApp, who: &str) -> Visitor {
    let (email, password) = app.passwords[who].clone();
    let mut v = Visitor::new(app);
    let page = v.sign_in(&email, &password);
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/cases"),
        "{who} signs in"
    );
    v
}

#[test]
fn sign_in_follows_only_a_local_next_and_survives_header_splitting() {
    let app = TestApp::spawn();
    let (email, password) = app.passwords["officer"].clone();
    let cases: &[(&str, &str)] = &[
        ("/cases?status=open", "/cases?status=open"), // a page of ours is followed
        ("//evil.example/", "/cases"),                // another host is not
        ("/\\evil.example", "/cases"),                // nor with a backslash
        ("https://evil.example/", "/cases"),          // nor with a scheme
        ("/x\r\nSet-Cookie: a=b", "/cases"),          // CR/LF: no 500, no second header
    ];
    for (next, want) in cases {
        let mut v = Visitor::new(&app);
        let token = csrf_token(&v.get("/sign-in").body);
        let page = v.post(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("email", &email),
                ("password", &password),
                ("next", next),
            ],
        );
        assert_eq!(
            (page.status, page.location.as_str()),
            (303, *want),
            "{next:?}"
        );
        assert!(!v.cookies.contains_key("a"), "{next:?}");
    }
}

#[test]
fn forty_parallel_wrong_passwords_get_at_most_five_password_checks() {
    let app = TestApp::spawn();
    let (email, _) = app.passwords["officer"].clone();
    let (mut wrong, mut locked) = (0, 0);
    let answers: Vec<String> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..40)
            .map(|_| {
                s.spawn(|| {
                    let mut v = Visitor::new(&app);
                    let token = csrf_token(&v.get("/sign-in").body);
                    let page = v.post(
                        "/sign-in",
                        &[
                            ("csrf_token", &token),
                            ("email", &email),
                            ("password", "not the password"),
                            ("next", "/cases"),
                        ],
                    );
                    page.body
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for body in &answers {
        if body.contains("too many failed attempts") {
            locked += 1;
        } else {
            wrong += 1;
        }
    }
    assert_eq!(wrong + locked, 40);
    assert!(
        wrong <= 5,
        "{wrong} passwords were checked, {locked} locked"
    );
    assert!(locked >= 35, "{wrong} wrong, {locked} locked");
}

#[test]
fn signing_in_sets_a_private_cookie_and_signing_out_ends_the_session() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "officer");
    assert_eq!(v.get("/cases").status, 200);
    let session = v
        .cookies
        .get("s50_session")
        .cloned()
        .expect("session cookie");
    // The cookie is HttpOnly and SameSite; only a hash of it is stored.
    let stored: i64 = app.count("sessions");
    assert_eq!(stored, 1);
    let page = v.get("/cases");
    let token = csrf_token(&page.body);
    let out = v.post("/sign-out", &[("csrf_token", &token)]);
    assert_eq!(out.status, 303);
    assert!(out.location.starts_with("/sign-in"));
    // The old cookie no longer opens anything, even when replayed.
    v.cookies.insert("s50_session".into(), session);
    let page = v.get("/cases");
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/sign-in?next=/cases")
    );
}

#[test]
fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::spawn();
    let (email, password) = app.passwords["officer"].clone();
    let mut v = Visitor::new(&app);
    let page = v.sign_in(&email, &password);
    let cookie = page
        .headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("s50_session="))
        .map(|(_, v)| v.clone())
        .expect("the session cookie is set");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
}

#[test]
fn a_wrong_password_is_refused_without_saying_which_part_was_wrong_and_repeated_guessing_locks_the_address()
 {
    let app = TestApp::spawn();
    let (email, password) = app.passwords["officer"].clone();
    let mut v = Visitor::new(&app);
    for attempt in 1..=5 {
        let page = v.sign_in(&email, "not the password");
        assert_eq!(page.status, 422, "attempt {attempt}");
        assert!(
            page.body
                .contains("Enter a correct email address and password"),
            "attempt {attempt}"
        );
        assert!(page.body.contains("govuk-error-summary"));
        assert!(page.body.contains(&email), "the email typed is kept");
    }
    // Now even the right password waits.
    let page = v.sign_in(&email, &password);
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("too many failed attempts"),
        "{}",
        page.body
    );
    // An unknown address gets the same answer as a wrong password.
    let page = Visitor::new(&app).sign_in("nobody@example.org", "x");
    assert!(
        page.body
            .contains("Enter a correct email address and password")
    );
}

#[test]
fn a_sign_in_form_without_its_token_is_refused() {
    let app = TestApp::spawn();
    let (email, password) = app.passwords["officer"].clone();
    let mut v = Visitor::new(&app);
    v.get("/sign-in");
    let page = v.post(
        "/sign-in",
        &[
            ("email", &email),
            ("password", &password),
            ("csrf_token", "forged"),
        ],
    );
    assert_eq!(page.status, 400);
    assert!(!v.cookies.contains_key("s50_session"));
}

#[test]
fn every_page_carries_the_security_headers_and_a_strict_content_security_policy() {
    let app = TestApp::spawn();
    let mut v = Visitor::new(&app);
    for path in [
        "/sign-in",
        "/calculator",
        "/no-such-page",
        "/api/v1/openapi.json",
    ] {
        let page = v.get(path);
        let header = |name: &str| {
            page.headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{path} has no {name}"))
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "same-origin");
    }
}

#[test]
fn an_unknown_page_gets_the_404_page_and_an_unknown_api_address_a_problem() {
    let app = TestApp::spawn();
    let mut v = Visitor::new(&app);
    let page = v.get("/no-such-page");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Page not found"));
    assert!(page.body.contains("govuk-template"));
    let api = v.get("/api/v1/no-such-thing");
    assert_eq!(api.status, 404);
    assert!(
        api.headers
            .iter()
            .any(|(k, v)| k == "content-type" && v == "application/problem+json")
    );
}

#[test]
fn text_typed_into_a_form_is_shown_back_escaped() {
    let app = TestApp::spawn();
    let mut v = signed_in(&app, "officer");
    let page = v.get("/cases/new");
    let token = csrf_token(&page.body);
    let hostile = "<script>alert(1)</script>";
    let page = v.post(
        "/cases/new",
        &[
            ("csrf_token", &token),
            ("regime", "foia"),
            ("complainant_name", hostile),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(!page.body.contains(hostile));
    assert!(
        page.body
            .contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
    );
    assert!(page.body.contains("Select the public authority"));
    assert!(
        page.body
            .contains("Enter the date the authority received the request")
    );
}

#[test]
fn the_api_reads_with_a_browser_session_but_never_changes_anything_with_one() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let mut v = signed_in(&app, "manager");
    assert_eq!(v.get("/api/v1/stats/timeliness?format=csv").status, 200);
    // A form on another site could send the cookie: the API's changes need a token.
    let resp = v
        .agent
        .post(&format!("{}/api/v1/cases", v.base))
        .header("Cookie", &v.cookie_header())
        .header("Content-Type", "application/json")
        .send(
            serde_json::json!({"regime": "foia", "authority_id": authority, "complainant": {"name": "A"}})
                .to_string()
                .as_bytes(),
        )
        .expect("POST");
    assert_eq!(resp.status().as_u16(), 401);
    assert_eq!(app.count("cases"), 0);
}

#[test]
fn every_page_enforces_its_roles() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let case = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let mut visitors = [
        Visitor::new(&app),
        signed_in(&app, "officer"),
        signed_in(&app, "other_officer"),
        signed_in(&app, "manager"),
        signed_in(&app, "admin"),
    ];
    // (path, [none, officer, other officer, manager, admin]); 303 sends to sign-in.
    let table: Vec<(String, [u16; 5])> = vec![
        ("/calculator".into(), [200, 200, 200, 200, 200]),
        ("/sign-in".into(), [200, 200, 200, 200, 200]),
        ("/assets/section50.css".into(), [200, 200, 200, 200, 200]),
        ("/cases".into(), [303, 200, 200, 200, 200]),
        ("/cases/new".into(), [303, 200, 200, 200, 200]),
        // The team reads every case (the other officer is told they cannot change it).
        (format!("/cases/{case}"), [303, 200, 200, 200, 200]),
        (format!("/cases/{case}/notice"), [303, 200, 200, 200, 200]),
        (
            format!("/cases/{case}/notice/issue"),
            [303, 200, 200, 200, 200],
        ),
        ("/account".into(), [303, 200, 200, 200, 200]),
        ("/team".into(), [303, 403, 403, 200, 200]),
        ("/stats".into(), [303, 403, 403, 200, 200]),
        ("/library".into(), [303, 403, 403, 200, 200]),
        ("/library/s31:upheld".into(), [303, 403, 403, 200, 200]),
        ("/users".into(), [303, 403, 403, 403, 200]),
        ("/outbox".into(), [303, 403, 403, 403, 200]),
        ("/outbox?status=failed".into(), [303, 403, 403, 403, 200]),
        ("/outbox/1".into(), [303, 403, 403, 403, 200]),
        ("/reminders".into(), [303, 403, 403, 200, 200]),
        ("/opt-out/unknown-token".into(), [200, 200, 200, 200, 200]),
    ];
    for (path, expected) in &table {
        for (who, v) in visitors.iter_mut().enumerate() {
            let page = v.get(path);
            assert_eq!(page.status, expected[who], "GET {path} as visitor {who}");
        }
    }
    // Every form refuses a post without a session (to sign-in) or without its token (400).
    let posts = [
        "/cases/new".to_owned(),
        format!("/cases/{case}/events"),
        format!("/cases/{case}/events/1/correct"),
        format!("/cases/{case}/allocation"),
        format!("/cases/{case}/notice/draft"),
        format!("/cases/{case}/notice/edit"),
        format!("/cases/{case}/notice/action"),
        "/library/s31:upheld".to_owned(),
        "/users".to_owned(),
        "/users/1".to_owned(),
        "/account/password".to_owned(),
        "/outbox/1/retry".to_owned(),
        "/reminders".to_owned(),
        "/sign-out".to_owned(),
    ];
    let before = app.count("case_events");
    for path in &posts {
        assert_eq!(
            visitors[0].post(path, &[]).status,
            303,
            "POST {path} signed out"
        );
        assert_eq!(
            visitors[4].post(path, &[("csrf_token", "forged")]).status,
            400,
            "POST {path} with a forged token"
        );
    }
    assert_eq!(app.count("case_events"), before, "nothing was written");
}

#[test]
fn an_event_is_corrected_to_a_new_date_or_withdrawn_from_the_case_page() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    let reference = app.open_case(&app.officer, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let event_id = |kind: &str| -> i64 {
        let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
        case.body["events"]
            .as_array()
            .and_then(|e| {
                e.iter()
                    .find(|x| x["kind"] == kind && x["effective"] == true)
            })
            .and_then(|x| x["id"].as_i64())
            .expect("the event")
    };
    let mut v = signed_in(&app, "officer");
    let token = csrf_token(&v.get(&format!("/cases/{reference}")).body);
    let complaint = event_id("complaint_received");
    let correct = |v: &mut Visitor, reason: &str| {
        v.post(
            &format!("/cases/{reference}/events/{complaint}/correct"),
            &[
                ("csrf_token", token.as_str()),
                ("action", "replace"),
                ("date_day", "21"),
                ("date_month", "9"),
                ("date_year", "2023"),
                ("reason", reason),
            ],
        )
    };
    // A correction says why; without a reason nothing is written and the date typed is kept.
    let before = app.count("case_events");
    let page = correct(&mut v, "");
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("Say why the event is corrected"),
        "{}",
        page.body
    );
    assert_eq!(app.count("case_events"), before);
    let page = correct(&mut v, "the complaint arrived on the 21st");
    assert_eq!(page.status, 303, "{}", page.body);
    let shown = v.get(&format!("/cases/{reference}")).body;
    assert!(
        shown.contains("Corrects the complaint received dated Wednesday 20 September 2023: the complaint arrived on the 21st"),
        "the timeline says what was corrected and why"
    );
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let corrected = case.body["events"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["supersedes"] == complaint))
        .expect("a correction");
    assert_eq!(corrected["kind"], "complaint_received", "the kind is kept");
    assert_eq!(corrected["date"], "2023-09-21");
    // A date that does not exist is refused beside the event, and nothing is written.
    let events_before = app.count("case_events");
    let review = event_id("internal_review_completed");
    let page = v.post(
        &format!("/cases/{reference}/events/{review}/correct"),
        &[
            ("csrf_token", &token),
            ("action", "replace"),
            ("date_day", "31"),
            ("date_month", "9"),
            ("date_year", "2023"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(page.body.contains("The corrected date must be a real date"));
    assert_eq!(app.count("case_events"), events_before);
    // Withdrawing is confirmed on its own page (tests/http/confirmations.rs).
    let page = v.post(
        &format!("/cases/{reference}/events/{review}/withdraw"),
        &[("csrf_token", &token), ("reason", "recorded twice")],
    );
    assert_eq!(page.status, 303);
    let case = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    let withdrawn = case.body["events"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["supersedes"] == review))
        .expect("a withdrawal");
    assert_eq!(withdrawn["retracted"], true);
}

#[test]
fn a_new_case_keeps_its_existing_reference_and_a_taken_one_is_shown_beside_the_field() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let mut v = signed_in(&app, "officer");
    let token = csrf_token(&v.get("/cases/new").body);
    let id = authority.to_string();
    let open = |v: &mut Visitor, reference: &str| {
        v.post(
            "/cases/new",
            &[
                ("csrf_token", token.as_str()),
                ("reference", reference),
                ("regime", "foia"),
                ("authority_id", id.as_str()),
                ("complainant_name", "Jane Requester"),
                ("request_day", "13"),
                ("request_month", "2"),
                ("request_year", "2023"),
                ("complaint_day", "20"),
                ("complaint_month", "9"),
                ("complaint_year", "2023"),
                ("acknowledged", "yes"),
            ],
        )
    };
    let made = open(&mut v, "ic-254468-z9k2");
    assert_eq!(made.status, 303, "{}", made.body);
    assert!(
        made.location.contains("/cases/IC-254468-Z9K2"),
        "{}",
        made.location
    );
    let before = app.count("cases");
    let again = open(&mut v, "IC-254468-Z9K2");
    assert_eq!(again.status, 422);
    assert!(
        again
            .body
            .contains("There is already a case IC-254468-Z9K2"),
        "{}",
        again.body
    );
    assert!(
        again.body.contains("value=\"IC-254468-Z9K2\""),
        "what was typed is kept"
    );
    let malformed = open(&mut v, "IC-2544");
    assert_eq!(malformed.status, 422);
    assert!(malformed.body.contains("is not a case reference"));
    assert_eq!(app.count("cases"), before, "nothing written");
}
