//! `TestApp`: the real service, started as `serve` starts it ([`Application::build`]) on port 0
//! with its own database, a fixed clock and emails kept in a temporary folder.
//! `TestApp::spawn()` takes the defaults; `TestApp::builder().today(..).smtp(..).build()`
//! changes them.

use chrono::NaiveDate;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use section50::clock::Clock;
use section50::config::{DatabaseUrl, Settings};
use section50::db;
use section50::domain::notice::draft::RegulatorDetails;
use section50::domain::parties::{EmailAddress, RequiredText, Role};
use section50::domain::settings::ClockSettings;
use section50::domain::staff::TokenLifetime;
use section50::mail::MailSettings;
use section50::service::tokens as users_tokens;
use section50::service::{sessions, users};
use section50::startup::Application;
use section50::worker::Worker;
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
    /// Each account's email and the password its owner chose at the first sign-in (the
    /// one-time password is spent: see [`past_first_sign_in`]), for signing in through the pages.
    pub passwords: std::collections::HashMap<&'static str, (String, String)>,
    /// The settings the service was started from (for workers over the same database).
    pub settings: Settings,
    agent: ureq::Agent,
    _outbox: tempfile::TempDir,
    _db: TestDb,
}

/// How a [`TestApp`] is started: [`TestApp::builder`], adjusted, then [`TestAppBuilder::build`].
pub struct TestAppBuilder {
    clock: Clock,
    clock_settings: ClockSettings,
    mail: MailSettings,
    smtp_url: Option<String>,
    metrics_token: Option<String>,
    secure_cookies: bool,
    adjustments: Vec<Adjustment>,
    regulator: RegulatorDetails,
}

/// A change to the settings before the service starts.
type Adjustment = Box<dyn FnOnce(&mut Settings)>;

impl TestAppBuilder {
    /// Any other setting, changed before the service starts.
    pub fn setting(mut self, adjust: impl FnOnce(&mut Settings) + 'static) -> Self {
        self.adjustments.push(Box::new(adjust));
        self
    }

    /// A fixed clock at midnight (UTC) starting `day`, instead of [`TODAY`].
    pub fn today(mut self, day: NaiveDate) -> Self {
        self.clock = Clock::fixed_on(day);
        self
    }

    /// Any clock (a fixed instant, or the system's).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Deadline settings other than the defaults (e.g. extra proclaimed days).
    pub fn clock_settings(mut self, settings: ClockSettings) -> Self {
        self.clock_settings = settings;
        self
    }

    /// Email settings other than the defaults.
    pub fn mail(mut self, mail: MailSettings) -> Self {
        self.mail = mail;
        self
    }

    /// Emails go to this SMTP server instead of `.eml` files in a temporary folder.
    pub fn smtp(mut self, url: &str) -> Self {
        self.smtp_url = Some(url.to_owned());
        self
    }

    /// `/metrics` requires this bearer token.
    pub fn metrics_token(mut self, token: &str) -> Self {
        self.metrics_token = Some(token.to_owned());
        self
    }

    /// Cookies are marked `Secure` even over plain HTTP.
    pub fn secure_cookies(mut self, on: bool) -> Self {
        self.secure_cookies = on;
        self
    }

    /// The regulator's details (e.g. a one-person office allowing self-approval).
    pub fn regulator(mut self, regulator: RegulatorDetails) -> Self {
        self.regulator = regulator;
        self
    }

    /// Starts the service through [`Application::build`] on port 0, with its own database, one
    /// HTTP worker, no scheduler (tests drive workers themselves) and an account of each role.
    pub fn build(self) -> TestApp {
        let db = TestDb::new();
        let outbox = tempfile::tempdir().expect("outbox folder");
        let mut settings = Settings::new(db.url.clone());
        settings.pool_size = 4;
        "127.0.0.1:0".clone_into(&mut settings.bind);
        settings.http_workers = Some(1);
        settings.clock = self.clock;
        settings.clock_settings = self.clock_settings;
        settings.mail = self.mail;
        settings.smtp_url = self.smtp_url;
        outbox.path().clone_into(&mut settings.outbox_dir);
        settings.scheduler_interval = None;
        settings.metrics_token = self.metrics_token;
        settings.secure_cookies = self.secure_cookies;
        settings.regulator = self.regulator;
        // Fonts load on the first render instead: most tests render nothing.
        settings.warm_up_pdf = false;
        for adjust in self.adjustments {
            adjust(&mut settings);
        }
        let app = Application::build(settings.clone()).expect("the application builds");
        let pool = app.state().pool.clone();
        let base = format!("http://{}", app.address());
        let now = settings.clock.now();
        let mut conn = pool.get().expect("connection");
        let mut passwords = std::collections::HashMap::new();
        // Real names, as staff have (issue 14: a screen names a person, never by email when a
        // name exists); `TEST_NAMES` lists them for the tests that read them.
        let mut add = |key: &'static str, email: &str, role: Role| {
            let name = test_name(key);
            let created = users::add(
                &mut conn,
                now,
                &EmailAddress::parse(email).expect("email"),
                &RequiredText::parse("name", name, 100).expect("name"),
                role,
                Some(&users_tokens::TokenRequest {
                    name: RequiredText::parse("token name", "tests", 100).expect("token name"),
                    lifetime: TokenLifetime::DEFAULT,
                }),
            )
            .expect("the account is added");
            let chosen = past_first_sign_in(&mut conn, now, email, &created.password);
            passwords.insert(key, (email.to_owned(), chosen));
            (created.id, created.token.expect("a token"))
        };
        let (officer_id, officer) = add("officer", "officer@example.org", Role::Officer);
        let (_, other_officer) = add("other_officer", "other.officer@example.org", Role::Officer);
        let (_, manager) = add("manager", "manager@example.org", Role::Manager);
        let (_, admin) = add("admin", "admin@example.org", Role::Admin);
        drop(conn);
        // The thread ends with the test process; the listener is already bound, so requests
        // made before it starts serving wait in the backlog.
        let _server = app.spawn();
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
            settings,
            agent,
            _outbox: outbox,
            _db: db,
        }
    }
}

/// Completes an account's first sign-in as its owner does (signs in with the one-time
/// password, chooses a password, signs out) through the service commands the sign-in and
/// new-password pages call; returns the chosen password. The page itself is tested in
/// `accounts::a_one_time_password_*` and the browser test.
pub fn past_first_sign_in(
    conn: &mut db::AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    email: &str,
    one_time: &str,
) -> String {
    let chosen = format!("{email} chose this");
    let opened = sessions::sign_in(conn, now, email, one_time)
        .expect("the database answers")
        .expect("the one-time password opens a session");
    assert!(opened.must_choose_password, "{email}: a one-time password");
    let user = sessions::find(conn, now, &opened.secret)
        .expect("the database answers")
        .expect("the session is open");
    users::choose_first_password(conn, &user.actor, now, &chosen, &opened.secret)
        .expect("the password is chosen");
    sessions::sign_out(conn, &opened.secret).expect("signed out");
    chosen
}

impl TestApp {
    /// The defaults: a fixed clock on [`TODAY`], default deadline and email settings, emails
    /// as files.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            clock: Clock::fixed_on(date(TODAY)),
            clock_settings: ClockSettings::default(),
            mail: MailSettings::default(),
            smtp_url: None,
            metrics_token: None,
            secure_cookies: false,
            adjustments: Vec::new(),
            regulator: RegulatorDetails::default(),
        }
    }

    /// Starts the service on port 0 with a fixed clock on [`TODAY`] (the builder's defaults).
    pub fn spawn() -> Self {
        Self::builder().build()
    }

    /// A worker over this app's database, as the service would build it, with its own clock
    /// and `adjust`ed settings (e.g. another SMTP server or fewer attempts); tests drive its
    /// `tick`, `plan` and `dispatch`.
    pub fn worker(&self, clock: Clock, adjust: impl FnOnce(&mut Settings)) -> Worker {
        let mut settings = self.settings.clone();
        settings.clock = clock;
        adjust(&mut settings);
        Worker::from_settings(&settings, self.pool.clone()).expect("the worker builds")
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
            "PATCH" => self.agent.patch(&url),
            _ => self.agent.post(&url),
        };
        req = req.header("Content-Type", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::finish(req.send(body).expect("request completes"))
    }

    /// POST raw bytes with a content type (uploads); the reply's body read as bytes.
    pub fn post_bytes(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &[u8],
    ) -> (u16, Vec<u8>) {
        let mut req = self
            .agent
            .post(&format!("{}{path}", self.base))
            .header("Content-Type", content_type);
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::bytes_of(req.send(body).expect("request completes"))
    }

    /// The status and the raw bytes of a reply (up to 64 MB).
    pub(crate) fn bytes_of(mut resp: ureq::http::Response<ureq::Body>) -> (u16, Vec<u8>) {
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        (status, bytes)
    }

    /// GET the raw bytes of a reply.
    pub fn get_bytes(&self, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
        let mut req = self.agent.get(&format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::bytes_of(req.call().expect("request completes"))
    }

    /// DELETE with an optional bearer token.
    pub fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.agent.delete(&format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        Self::finish(req.call().expect("request completes"))
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

/// The names of the test accounts, by their key ("officer" is Olivia Officer).
pub const TEST_NAMES: [(&str, &str); 4] = [
    ("officer", "Olivia Officer"),
    ("other_officer", "Oscar Other"),
    ("manager", "Maya Manager"),
    ("admin", "Adam Admin"),
];

/// The name of the test account `key`.
pub fn test_name(key: &str) -> &'static str {
    TEST_NAMES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no test account {key}"))
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
