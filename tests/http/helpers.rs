//! `TestApp`: the real service started on port 0 with its own database and a fixed clock.

use chrono::NaiveDate;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use section50::clock::Clock;
use section50::config::DatabaseUrl;
use section50::db;
use section50::domain::parties::{EmailAddress, RequiredText, Role};
use section50::domain::settings::ClockSettings;
use section50::service::users;
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};

/// The day every test runs on.
pub const TODAY: &str = "2024-02-20";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database of the test's own.
pub struct TestDb {
    /// Its URL.
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    /// A temporary SQLite file, or a fresh PostgreSQL database under `TEST_DATABASE_URL`.
    pub fn new() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!(
                    "s50_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    rand::random::<u32>()
                );
                let mut conn = diesel::PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!(
                        "TEST_DATABASE_URL is set to {admin} but PostgreSQL cannot be reached: {e}. \
                         Run scripts/test, which starts a throwaway server."
                    )
                });
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create the test database");
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                let url = format!("{base}/{name}");
                TestDb {
                    url: DatabaseUrl::Postgres(url),
                    _dir: None,
                    drop_pg: Some((admin, name)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("section50.db");
                TestDb {
                    url: DatabaseUrl::Sqlite(path),
                    _dir: Some(dir),
                    drop_pg: None,
                }
            }
        }
    }

    /// A migrated pool.
    pub fn pool(&self) -> db::Pool {
        let pool = db::pool(&self.url, 4).expect("database pool");
        db::migrate(&mut pool.get().expect("connection")).expect("migrations run");
        pool
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop_pg.take()
            && let Ok(mut conn) = diesel::PgConnection::establish(&admin)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A response: status, headers we look at, and the JSON body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

/// The running service and a member of staff of each role.
pub struct TestApp {
    pub base: String,
    pub pool: db::Pool,
    pub officer: String,
    pub officer_id: i64,
    pub other_officer: String,
    pub manager: String,
    pub admin: String,
    /// Each account's email and one-time password, for signing in through the pages.
    pub passwords: std::collections::HashMap<&'static str, (String, String)>,
    agent: ureq::Agent,
    _db: TestDb,
}

impl TestApp {
    /// Starts the service on port 0 with a fixed clock on [`TODAY`].
    pub fn spawn() -> Self {
        let db = TestDb::new();
        let pool = db.pool();
        let now = Clock::fixed_on(NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap());
        let mut conn = pool.get().unwrap();
        let mut passwords = std::collections::HashMap::new();
        let mut add = |key: &'static str, email: &str, role: Role| {
            let created = users::add(
                &mut conn,
                now.now(),
                &EmailAddress::parse(email).unwrap(),
                &RequiredText::parse("name", email, 100).unwrap(),
                role,
                true,
            )
            .unwrap();
            passwords.insert(key, (email.to_owned(), created.password.clone()));
            (created.id, created.token.unwrap())
        };
        let (officer_id, officer) = add("officer", "officer@example.org", Role::Officer);
        let (_, other_officer) = add("other_officer", "other.officer@example.org", Role::Officer);
        let (_, manager) = add("manager", "manager@example.org", Role::Manager);
        let (_, admin) = add("admin", "admin@example.org", Role::Admin);
        drop(conn);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = section50::web::AppState::new(now, ClockSettings::default(), pool.clone());
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server =
                    section50::web::start(listener, state, Some(1)).expect("server starts");
                server.await
            })
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        TestApp {
            base,
            pool,
            officer,
            officer_id,
            other_officer,
            manager,
            admin,
            passwords,
            agent,
            _db: db,
        }
    }

    fn finish(mut resp: ureq::http::Response<ureq::Body>) -> Reply {
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            content_type,
            body,
        }
    }

    /// GET with an optional bearer token.
    pub fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.agent.get(&format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::finish(req.call().expect("request completes"))
    }

    /// A request with a raw body.
    pub fn send(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> Reply {
        let url = format!("{}{path}", self.base);
        let mut req = match method {
            "PUT" => self.agent.put(&url),
            _ => self.agent.post(&url),
        };
        req = req.header("Content-Type", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::finish(req.send(body).expect("request completes"))
    }

    /// POST JSON.
    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send("POST", path, token, &body.to_string())
    }

    /// Creates an authority as the manager; returns its id.
    pub fn authority(&self, formal: &str) -> i64 {
        let r = self.post(
            "/api/v1/authorities",
            Some(&self.manager),
            &serde_json::json!({
                "formal_name": formal, "short_name": "the MPS", "address": "New Scotland Yard",
                "sector": "police", "nation": "england", "foi_email": "foi@met.example"
            }),
        );
        assert_eq!(r.status, 201, "{:?}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    /// Opens a case as `token` with the given events; returns the reply.
    pub fn open_case(&self, token: &str, authority_id: i64, events: Value) -> Reply {
        self.post(
            "/api/v1/cases",
            Some(token),
            &serde_json::json!({
                "regime": "foia",
                "authority_id": authority_id,
                "complainant": {"name": "Alex Complainant", "email": "alex@example.org", "postal_address": "1 High Street"},
                "events": events,
            }),
        )
    }

    /// Counts the rows of a table (to prove nothing was written).
    pub fn count(&self, table: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.pool.get().unwrap();
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result::<N>(&mut conn)
            .unwrap()
            .n
    }
}

/// The seed decision notice's request-stage events and complaint.
pub fn seed_events() -> Value {
    serde_json::json!([
        {"kind": "request_received", "date": "2023-02-13"},
        {"kind": "response_sent", "date": "2023-06-22"},
        {"kind": "internal_review_requested", "date": "2023-07-20"},
        {"kind": "internal_review_completed", "date": "2023-09-19"},
        {"kind": "complaint_received", "date": "2023-09-20"}
    ])
}

/// The deadline of a name in a case or evaluation body.
pub fn deadline<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["deadlines"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["name"] == name))
        .unwrap_or_else(|| panic!("{name} missing in {body}"))
}

/// A date from `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
