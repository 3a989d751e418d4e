//! A writer killed with SIGKILL in the middle of a stream of writes leaves a SQLite database
//! that opens, passes `PRAGMA integrity_check`, and holds every case whose write returned.

use chrono::NaiveDate;
use diesel::RunQueryDsl;
use section50::clock::Clock;
use section50::config::DatabaseUrl;
use section50::db;
use section50::domain::calendar::Calendars;
use section50::domain::case::EventInput;
use section50::domain::parties::{RequiredText, Role};
use section50::domain::regime::Regime;
use section50::domain::settings::ClockSettings;
use section50::service::Actor;
use section50::service::cases::{self, ComplainantInput, Context, NewCaseInput};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

pub(crate) const CHILD_ENV: &str = "SECTION50_CRASH_WRITER_DB";

/// Writes cases one transaction at a time, printing each reference once its write returned.
pub(crate) fn write_stream(
    path: &std::path::Path,
    limit: Option<usize>,
    acknowledge: bool,
) -> usize {
    let url = DatabaseUrl::Sqlite(path.to_path_buf());
    let pool = db::pool(&url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    db::migrate(&mut conn).expect("migrate");
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "INSERT INTO users (email, name, role, password_hash, active, created_at) VALUES ('w@example.org', 'Writer', 'manager', '!', 1, '2024-01-01 00:00:00') ON CONFLICT DO NOTHING;
         INSERT INTO authorities (formal_name, short_name, address, sector, nation, created_at, updated_at) VALUES ('A', 'A', '', 'other', 'england', '2024-01-01 00:00:00', '2024-01-01 00:00:00');",
    )
    .expect("seed rows");
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let user = diesel::sql_query("SELECT id FROM users WHERE email = 'w@example.org'")
        .get_result::<Id>(&mut conn)
        .unwrap()
        .id;
    let authority = diesel::sql_query("SELECT MAX(id) AS id FROM authorities")
        .get_result::<Id>(&mut conn)
        .unwrap()
        .id;
    let actor = Actor {
        user_id: user,
        name: "Writer".into(),
        role: Role::Manager,
    };
    let settings = ClockSettings::default();
    let calendars = Calendars::build(&settings.calendar_options());
    let today = NaiveDate::from_ymd_opt(2024, 2, 20).unwrap();
    let mail = section50::mail::MailSettings::default();
    let ctx = Context {
        actor: &actor,
        now: Clock::fixed_on(today).now(),
        today,
        settings: &settings,
        calendars: &calendars,
        mail: &mail,
    };
    let mut out = std::io::stdout().lock();
    let mut written = 0;
    while limit.is_none_or(|l| written < l) {
        let input = NewCaseInput {
            reference: None,
            regime: Regime::Foia,
            authority_id: authority,
            complainant: ComplainantInput {
                name: RequiredText::parse("name", "Crash Test", 50).unwrap(),
                email: None,
                postal_address: String::new(),
            },
            record: Default::default(),
            events: vec![
                EventInput::parse(
                    serde_json::json!({"kind": "request_received", "date": "2023-02-13"}),
                )
                .unwrap(),
                EventInput::parse(
                    serde_json::json!({"kind": "response_sent", "date": "2023-03-01"}),
                )
                .unwrap(),
            ],
        };
        let detail = cases::create(&mut conn, &ctx, &input).expect("write succeeds");
        if acknowledge {
            writeln!(out, "ok {}", detail.reference()).unwrap();
            out.flush().unwrap();
        }
        written += 1;
    }
    written
}

#[test]
fn a_stream_of_case_writes_all_succeed_and_a_killed_writer_loses_none_it_acknowledged() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        // Child mode: write until killed.
        write_stream(std::path::Path::new(&path), None, true);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    // Prepare the schema first so the child starts writing at once.
    assert_eq!(write_stream(&path, Some(3), false), 3);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash::a_stream_of_case_writes_all_succeed_and_a_killed_writer_loses_none_it_acknowledged", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .env_remove("TEST_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the writer starts");
    let stdout = child.stdout.take().unwrap();
    let mut acknowledged = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(reference) = line.strip_prefix("ok ") {
            acknowledged.push(reference.to_owned());
            if acknowledged.len() == 60 {
                // SIGKILL in the middle of the stream: no chance to clean up.
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(
        acknowledged.len(),
        60,
        "the writer acknowledged writes before it was killed"
    );

    let pool = db::pool(&DatabaseUrl::Sqlite(path.clone()), 1).unwrap();
    let mut conn = pool.get().unwrap();
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check = diesel::sql_query("PRAGMA integrity_check")
        .get_result::<Check>(&mut conn)
        .unwrap();
    assert_eq!(check.integrity_check, "ok");
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        reference: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        events: i64,
    }
    let rows = diesel::sql_query(
        "SELECT c.reference AS reference, (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id) AS events FROM cases c",
    )
    .load::<Row>(&mut conn)
    .unwrap();
    for reference in &acknowledged {
        let row = rows
            .iter()
            .find(|r| &r.reference == reference)
            .unwrap_or_else(|| panic!("{reference} was acknowledged but is missing"));
        assert_eq!(row.events, 2, "{reference} has both its events");
    }
    for row in &rows {
        assert_eq!(row.events, 2, "no case is half-written: {}", row.reference);
    }
}
