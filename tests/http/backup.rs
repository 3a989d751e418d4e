//! `section50 backup` taken while another process writes cases, restored with
//! `section50 restore`: the copy is intact and holds every case acknowledged before the backup
//! began, each with all of its events.

use crate::crash::{CHILD_ENV, write_stream};
use diesel::RunQueryDsl;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

fn section50(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_section50"))
        .args(args)
        .env_remove("SECTION50_DATABASE_URL")
        .output()
        .expect("section50 runs")
}

#[test]
fn a_backup_taken_under_write_load_restores_every_case_acknowledged_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("live.db");
    assert_eq!(
        write_stream(&live, Some(3), false),
        3,
        "schema and first cases"
    );
    // A writer in another process, acknowledging each case once its transaction committed.
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "crash::a_stream_of_case_writes_all_succeed_and_a_killed_writer_loses_none_it_acknowledged",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &live)
        .env_remove("TEST_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the writer starts");
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = {
        let acknowledged = Arc::clone(&acknowledged);
        let stdout = child.stdout.take().expect("writer output");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(reference) = line.strip_prefix("ok ") {
                    acknowledged
                        .lock()
                        .expect("lock")
                        .push(reference.to_owned());
                }
            }
        })
    };
    let started = std::time::Instant::now();
    while acknowledged.lock().expect("lock").len() < 50 {
        assert!(
            started.elapsed().as_secs() < 60,
            "the writer wrote fewer than 50 cases in 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let before: BTreeSet<String> = acknowledged.lock().expect("lock").iter().cloned().collect();
    let backup = dir.path().join("backup.db");
    let out = section50(&[
        "backup",
        "--database-url",
        &format!("sqlite://{}", live.display()),
        "--to",
        &backup.to_string_lossy(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The writer went on during the backup.
    let during = acknowledged.lock().expect("lock").len();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().expect("stop the writer");
    let _ = child.wait();
    let _ = reader.join();
    assert!(
        acknowledged.lock().expect("lock").len() > during || during > before.len(),
        "writes went on while the backup was taken"
    );
    // A second backup to the same file is refused rather than overwriting it.
    let again = section50(&[
        "backup",
        "--database-url",
        &format!("sqlite://{}", live.display()),
        "--to",
        &backup.to_string_lossy(),
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let restored = dir.path().join("restored.db");
    std::fs::write(&restored, b"an older database").expect("an old file to replace");
    let out = section50(&[
        "restore",
        "--database-url",
        &format!("sqlite://{}", restored.display()),
        "--from",
        &backup.to_string_lossy(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let url = section50::config::DatabaseUrl::Sqlite(restored.clone());
    let pool = section50::db::pool(&url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        reference: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        events: i64,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT c.reference AS reference, COUNT(e.id) AS events FROM cases c
         LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.reference",
    )
    .load(&mut conn)
    .expect("read the restored cases");
    let restored_refs: BTreeSet<String> = rows.iter().map(|r| r.reference.clone()).collect();
    let missing: Vec<&String> = before.difference(&restored_refs).collect();
    assert!(
        missing.is_empty(),
        "cases acknowledged before the backup are missing: {missing:?}"
    );
    assert!(
        rows.iter().all(|r| r.events == 2),
        "every restored case has both of its events"
    );
    section50::db::backup::check_sqlite_file(&restored).expect("the restored file is intact");
}

#[test]
fn a_damaged_backup_is_refused_and_the_database_is_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("live.db");
    assert_eq!(write_stream(&live, Some(2), false), 2);
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"not a database at all").expect("a bad file");
    let out = section50(&[
        "restore",
        "--database-url",
        &format!("sqlite://{}", live.display()),
        "--from",
        &bad.to_string_lossy(),
    ]);
    assert!(!out.status.success());
    let url = section50::config::DatabaseUrl::Sqlite(live.clone());
    let pool = section50::db::pool(&url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n = diesel::sql_query("SELECT COUNT(*) AS n FROM cases")
        .get_result::<N>(&mut conn)
        .expect("count")
        .n;
    assert_eq!(n, 2, "the live database is untouched");
}
