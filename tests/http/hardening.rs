//! What a security probe and a write-load test found, each shown here: concurrent writers wait
//! instead of failing, a stale `If-Match` is refused, a read-only database and a full render
//! queue answer 503, personal data is never cached, `X-Forwarded-Proto` is believed only from a
//! trusted proxy, `HEAD` works, and the errors actix writes itself are problem documents too.

use crate::helpers::{TestApp, seed_events};
use crate::notices::{allocated_case, issue_notice};
use diesel::connection::SimpleConnection;
use section50::db;
use serde_json::json;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[test]
fn twenty_writers_on_one_case_all_succeed_and_every_write_is_kept() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let before = app.count("case_events");
    let path = format!("/api/v1/cases/{reference}/events");
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..20)
            .map(|_| {
                s.spawn(|| {
                    let r = app.post(
                        &path,
                        Some(&app.officer),
                        &json!({"kind": "investigation_letter_sent", "date": "2023-11-07", "respond_by": "2023-12-06"}),
                    );
                    assert!(r.status < 500, "a writer failed: {:?}", r.body);
                    r.status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(
        app.count("case_events"),
        before + 20,
        "every acknowledged write is stored"
    );
}

#[test]
fn a_notice_saved_with_a_stale_if_match_is_refused_with_412_and_nothing_is_written() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    let notice = drafted.body["notice"].clone();
    let url = format!("{}{base}", app.base);
    // Each save changes the text (saving the same text makes no new version).
    let edited = std::cell::Cell::new(0);
    let next_text = || {
        edited.set(edited.get() + 1);
        let mut n = notice.clone();
        n["authority"]["name"] = json!(format!(
            "Commissioner of Police of the Metropolis ({})",
            edited.get()
        ));
        n.to_string()
    };
    let auth = format!("Bearer {}", app.officer);

    let got = agent()
        .get(&url)
        .header("Authorization", &auth)
        .call()
        .unwrap();
    assert_eq!(
        header(&got, "etag"),
        "\"1\"",
        "GET gives the version as the ETag"
    );

    let put = |if_match: Option<&str>| {
        let mut req = agent()
            .put(&url)
            .header("Authorization", &auth)
            .header("Content-Type", "application/json");
        if let Some(v) = if_match {
            req = req.header("If-Match", v);
        }
        req.send(&next_text()).unwrap()
    };
    let saved = put(Some("\"1\""));
    assert_eq!(saved.status(), 200);
    assert_eq!(header(&saved, "etag"), "\"2\"");
    let versions = app.count("notice_versions");

    let mut stale = put(Some("\"1\""));
    assert_eq!(stale.status(), 412);
    assert_eq!(header(&stale, "content-type"), "application/problem+json");
    let body = stale.body_mut().read_to_string().unwrap();
    assert!(body.contains("Version 2"), "{body}");
    assert_eq!(app.count("notice_versions"), versions, "nothing written");

    let malformed = put(Some("W/\"abc\""));
    assert_eq!(malformed.status(), 400);
    assert_eq!(app.count("notice_versions"), versions, "nothing written");

    assert_eq!(
        put(None).status(),
        200,
        "without If-Match it saves as before"
    );
    assert_eq!(put(Some("*")).status(), 200, "* matches any version");
}

/// Makes every pooled connection read-only (or writable again), as a standby or a read-only
/// mount would: SQLite's `query_only`, PostgreSQL's session default.
fn set_read_only(app: &TestApp, on: bool) {
    let held: Vec<_> = (0..app.settings.pool_size)
        .map(|_| app.pool.get().expect("a connection"))
        .collect();
    for mut conn in held {
        let sql = if db::is_postgres(&conn) {
            format!(
                "SET SESSION CHARACTERISTICS AS TRANSACTION {}",
                if on { "READ ONLY" } else { "READ WRITE" }
            )
        } else {
            format!("PRAGMA query_only = {}", i32::from(on))
        };
        conn.batch_execute(&sql).unwrap();
    }
}

#[test]
fn a_read_only_database_refuses_writes_with_503_keeps_reading_and_healthz_says_so() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire County Council");
    let reference = allocated_case(&app);
    assert_eq!(app.get("/healthz", None).status, 200);
    set_read_only(&app, true);

    let refused = app.open_case(&app.officer, authority, seed_events());
    assert_eq!(refused.status, 503, "{:?}", refused.body);
    assert_eq!(refused.content_type, "application/problem+json");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("accepting only reads"),
        "{:?}",
        refused.body
    );
    let health = app.get("/healthz", None);
    assert_eq!(health.status, 503);
    assert_eq!(health.body["database"], "read_only");
    let read = app.get(&format!("/api/v1/cases/{reference}"), Some(&app.officer));
    assert_eq!(read.status, 200, "reads still work");

    set_read_only(&app, false);
    assert_eq!(app.get("/healthz", None).status, 200);
    let opened = app.open_case(&app.officer, authority, seed_events());
    assert_eq!(opened.status, 201, "{:?}", opened.body);
}

#[test]
fn a_flood_of_pdf_requests_never_takes_the_connections_others_need() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    let drafted = app.post(
        &format!("/api/v1/cases/{reference}/notice/generate"),
        Some(&app.officer),
        &json!({}),
    );
    assert_eq!(drafted.status, 201);
    let pdf = format!("{}/api/v1/cases/{reference}/notice.pdf", app.base);
    let case = format!("/api/v1/cases/{reference}");
    let auth = format!("Bearer {}", app.officer);
    let (pdfs, reads): (Vec<(u16, String)>, Vec<u16>) = std::thread::scope(|s| {
        let pdfs: Vec<_> = (0..16)
            .map(|_| {
                s.spawn(|| {
                    let r = agent()
                        .get(&pdf)
                        .header("Authorization", &auth)
                        .call()
                        .unwrap();
                    (r.status().as_u16(), header(&r, "retry-after"))
                })
            })
            .collect();
        let reads: Vec<_> = (0..16)
            .map(|_| s.spawn(|| app.get(&case, Some(&app.officer)).status))
            .collect();
        (
            pdfs.into_iter().map(|h| h.join().unwrap()).collect(),
            reads.into_iter().map(|h| h.join().unwrap()).collect(),
        )
    });
    assert!(reads.iter().all(|s| *s == 200), "case reads: {reads:?}");
    for (status, retry) in &pdfs {
        assert!(
            *status == 200 || (*status == 503 && !retry.is_empty()),
            "a PDF request got {status} (Retry-After {retry:?})"
        );
    }
    assert!(pdfs.iter().any(|(s, _)| *s == 200), "some PDFs were made");
}

#[test]
fn personal_data_is_never_cached_and_static_assets_are() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    issue_notice(&app, &reference, "2024-02-08", Some(35));
    let auth = format!("Bearer {}", app.manager);
    for path in [
        format!("/api/v1/cases/{reference}"),
        format!("/api/v1/cases/{reference}/notice"),
        format!("/api/v1/cases/{reference}/notice.pdf?copy=party"),
        "/api/v1/cases".to_owned(),
        "/api/v1/stats/timeliness?from=2021-01-01&to=2024-02-20&format=csv".to_owned(),
    ] {
        let r = agent()
            .get(&format!("{}{path}", app.base))
            .header("Authorization", &auth)
            .call()
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "cache-control"), "no-store", "{path}");
        assert_eq!(
            header(&r, "strict-transport-security"),
            "",
            "no HSTS by default"
        );
    }
    let css = agent()
        .get(&format!("{}/assets/section50.css", app.base))
        .call()
        .unwrap();
    assert!(
        header(&css, "cache-control").starts_with("public"),
        "assets are cached"
    );
}

#[test]
fn hsts_is_sent_when_the_deployment_asks_for_it() {
    let app = TestApp::builder().setting(|s| s.hsts = true).build();
    let r = agent()
        .get(&format!("{}/sign-in", app.base))
        .call()
        .unwrap();
    assert_eq!(header(&r, "strict-transport-security"), "max-age=31536000");
}

fn sign_in_cookie(app: &TestApp, forwarded_proto: Option<&str>) -> String {
    let mut req = agent().get(&format!("{}/sign-in", app.base));
    if let Some(p) = forwarded_proto {
        req = req.header("X-Forwarded-Proto", p);
    }
    let r = req.call().unwrap();
    assert_eq!(r.status(), 200);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn x_forwarded_proto_is_believed_only_from_a_trusted_proxy() {
    let app = TestApp::spawn();
    let cookie = sign_in_cookie(&app, Some("https"));
    assert!(!cookie.is_empty(), "the sign-in page sets its CSRF cookie");
    assert!(
        !cookie.contains("Secure"),
        "anyone may send X-Forwarded-Proto: {cookie}"
    );
    let behind_proxy = TestApp::builder()
        .setting(|s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()])
        .build();
    assert!(sign_in_cookie(&behind_proxy, Some("https")).contains("Secure"));
    assert!(!sign_in_cookie(&behind_proxy, Some("http")).contains("Secure"));
}

#[test]
fn head_answers_as_get_without_a_body() {
    let app = TestApp::spawn();
    let reference = allocated_case(&app);
    for (path, token) in [
        ("/healthz".to_owned(), None),
        ("/sign-in".to_owned(), None),
        (format!("/api/v1/cases/{reference}"), Some(&app.officer)),
    ] {
        let mut req = agent().head(&format!("{}{path}", app.base));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        let mut r = req.call().unwrap();
        assert_eq!(r.status(), 200, "HEAD {path}");
        assert!(
            r.body_mut().read_to_string().unwrap_or_default().is_empty(),
            "HEAD {path} has no body"
        );
    }
}

#[test]
fn a_body_over_the_limit_and_a_query_that_does_not_parse_are_problem_documents() {
    let app = TestApp::spawn();
    let big = format!(
        "{{\"regime\": \"foia\", \"events\": [], \"x\": \"{}\"}}",
        "a".repeat(300 * 1024)
    );
    for path in ["/api/v1/timeline", "/api/v1/cases"] {
        let r = app.send("POST", path, Some(&app.officer), &big);
        assert_eq!(r.status, 413, "{path}: {:?}", r.body);
        assert_eq!(r.content_type, "application/problem+json", "{path}");
        assert!(
            r.body["detail"].as_str().unwrap().contains("256 KiB"),
            "{path}: {:?}",
            r.body
        );
    }
    let r = app.send(
        "POST",
        "/api/v1/timeline?as_of=2024-01-01&as_of=2024-01-02",
        None,
        &json!({"regime": "foia", "events": []}).to_string(),
    );
    assert_eq!(r.status, 400, "{:?}", r.body);
    assert_eq!(r.content_type, "application/problem+json");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("could not be read")
    );
}

#[test]
fn refusals_and_failed_sign_ins_are_logged_as_security_events_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_section50"))
        .args([
            "serve",
            "--database-url",
            &url,
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--log-format",
            "json",
        ])
        .env("SECTION50_SCHEDULER_INTERVAL", "0")
        .env("RUST_LOG", "info")
        .env_remove("SECTION50_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Killed however the test ends: a service left running would keep its port and its files.
    struct Kill(u32);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = std::process::Command::new("kill")
                .arg(self.0.to_string())
                .status();
        }
    }
    let guard = Kill(child.id());
    let base = format!("http://127.0.0.1:{port}");
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        agent().get(&format!("{base}/healthz")).call().is_ok()
    });
    assert!(up, "the service started");
    assert_eq!(
        agent()
            .get(&format!("{base}/api/v1/cases"))
            .call()
            .unwrap()
            .status(),
        401
    );
    let page = agent()
        .get(&format!("{base}/sign-in"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let token = crate::pages::csrf_token(&page);
    let r = agent()
        .post(&format!("{base}/sign-in"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", &format!("s50_sign_in={token}"))
        .send(&format!(
            "csrf_token={token}&email=someone.private%40example.org&password=Guess-Secret-1"
        ))
        .unwrap();
    assert!(r.status().as_u16() < 500);
    let forged = agent()
        .post(&format!("{base}/sign-in"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", &format!("s50_sign_in={token}"))
        .send("csrf_token=forged&email=a%40b.org&password=x")
        .unwrap();
    assert_eq!(forged.status(), 400, "a forged form is refused");
    drop(guard);
    let out = child.wait_with_output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        log.contains("request refused") && log.contains("\"status\":401"),
        "{log}"
    );
    assert!(log.contains("sign_in_failed"), "{log}");
    assert!(log.contains("csrf_refused"), "{log}");
    assert!(
        !log.contains("someone.private"),
        "no address in the log: {log}"
    );
    assert!(
        !log.contains("Guess-Secret"),
        "no password in the log: {log}"
    );
}
