//! `section50 demo` takes the seed case's notice through the notice workflow (drafted and
//! submitted by the officer, approved by the manager, issued dated 8 February 2024), so that
//! afterwards a visitor, signed out, finds it on the register. The command is run as a user
//! runs it, on the test service's database (SQLite, or PostgreSQL under `TEST_DATABASE_URL`).

use crate::helpers::TestApp;
use section50::config::DatabaseUrl;

fn run_demo(app: &TestApp) -> String {
    let url = match &app.settings.database {
        DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    };
    let outbox = tempfile::tempdir().expect("outbox folder");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_section50"))
        .arg("demo")
        .env("SECTION50_DATABASE_URL", &url)
        .env("SECTION50_OUTBOX_DIR", outbox.path())
        .env_remove("SECTION50_SMTP_URL")
        .output()
        .expect("section50 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn after_the_demo_a_visitor_finds_the_seed_notice_issued_through_the_workflow() {
    let app = TestApp::spawn();
    let printed = run_demo(&app);
    let seed = printed
        .split(['(', ',', ')'])
        .nth(1)
        .unwrap_or_else(|| panic!("the seed case's reference in {printed}"))
        .trim()
        .to_owned();

    let found = app.get("/api/v1/decisions?q=invoices", None);
    assert_eq!(found.status, 200, "{:?}", found.body);
    let items = found.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{:?}", found.body);
    let d = &items[0];
    assert_eq!(d["reference"], seed.as_str());
    assert_eq!(d["date"], "2024-02-08");
    assert_eq!(d["authority"], "Commissioner of Police of the Metropolis");
    let lines: Vec<&str> = d["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_str().unwrap())
        .collect();
    // Only what the notice decided: section 31 (paragraphs 47 and 68: no other exemption
    // was considered).
    assert_eq!(lines, vec!["FOI 31: Complaint not upheld"]);
    assert_eq!(d["allocated_on"], "2023-11-06");

    let page = app.get("/decisions?q=invoices", None);
    assert_eq!(page.status, 200);
    let html = page.body.as_str().unwrap_or_default();
    assert!(html.contains("1 decision notice found"), "{html}");
    assert!(html.contains(&seed), "the result links to its permalink");

    // Issued through the workflow: the notice's versions were saved by the officer, approved
    // by the manager and issued; the PDF is the frozen one.
    let notice = app.get(&format!("/api/v1/cases/{seed}/notice"), Some(&app.manager));
    assert_eq!(notice.status, 200, "{:?}", notice.body);
    assert_eq!(notice.body["state"], "issued");
    let audit: Vec<String> = {
        use diesel::prelude::*;
        use section50::db::schema::{audit_log, users};
        let mut conn = app.pool.get().unwrap();
        audit_log::table
            .inner_join(users::table.on(users::id.nullable().eq(audit_log::actor_id)))
            .filter(audit_log::subject.eq(&seed))
            .filter(audit_log::action.like("notice.%"))
            .order(audit_log::id)
            .select((audit_log::action, users::name))
            .load::<(String, String)>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|(a, n)| format!("{a} by {n}"))
            .collect()
    };
    assert_eq!(
        audit,
        vec![
            "notice.generate by Sam Officer",
            "notice.save by Sam Officer",
            "notice.submitted by Sam Officer",
            "notice.approved by Dana Manager",
            "notice.issued by Sam Officer",
        ]
    );
    let (status, pdf) = app.get_bytes(&format!("/decisions/{seed}.pdf"), None);
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    // The register shows no trace of the demo's complainant.
    let permalink = app.get(&format!("/decisions/{seed}"), None);
    assert!(
        permalink
            .body
            .as_str()
            .unwrap_or_default()
            .contains("id=\"paragraph-1\"")
    );
    for trace in ["Avery Quinn", "avery.quinn@example.org", "Quinn"] {
        for path in [
            format!("/decisions/{seed}"),
            "/decisions?q=invoices".to_owned(),
            "/decisions.atom".to_owned(),
            "/decisions.csv".to_owned(),
            format!("/api/v1/decisions/{seed}"),
        ] {
            let body = app.get(&path, None).body.to_string();
            assert!(!body.contains(trace), "{path} shows {trace}");
        }
    }
}

#[test]
fn the_demo_seed_notice_is_the_seed_fixture_the_tests_use() {
    assert_eq!(
        include_str!("../../assets/demo/seed-notice.json"),
        include_str!("../fixtures/notices/seed-004.json"),
        "assets/demo/seed-notice.json is a copy of tests/fixtures/notices/seed-004.json"
    );
}
