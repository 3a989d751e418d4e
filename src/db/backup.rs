//! Backups of the embedded database. SQLite's `VACUUM INTO` writes a consistent copy of the
//! database as of one read transaction while the service keeps serving (writers are not
//! blocked: WAL); restoring checks the copy and swaps it in atomically. PostgreSQL is backed up
//! with its own tools (`pg_dump -Fc` / `pg_restore`, see docs/deploy.md).

use super::AnyConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::path::Path;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Writes a consistent copy of a live SQLite database to `to` (which must not exist).
///
/// # Errors
/// A PostgreSQL connection (use pg_dump), an existing target, or SQLite's refusal.
pub fn sqlite_backup(conn: &mut AnyConnection, to: &Path) -> Result<(), String> {
    if super::is_postgres(conn) {
        return Err(
            "this is a PostgreSQL database: back it up with pg_dump -Fc (see docs/deploy.md)"
                .to_owned(),
        );
    }
    if to.exists() {
        return Err(format!(
            "{} already exists; choose a new file so no backup is overwritten",
            to.display()
        ));
    }
    let target = to
        .to_str()
        .ok_or_else(|| format!("{} is not a UTF-8 path", to.display()))?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(conn)
        .map_err(|e| format!("the backup failed: {e}"))?;
    Ok(())
}

/// Checks that a file is an intact SQLite database (`PRAGMA integrity_check`).
///
/// # Errors
/// When it cannot be opened or is damaged.
pub fn check_sqlite_file(path: &Path) -> Result<(), String> {
    let url = path
        .to_str()
        .ok_or_else(|| format!("{} is not a UTF-8 path", path.display()))?;
    let mut conn = diesel::SqliteConnection::establish(url)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .map_err(|e| format!("{} is not a SQLite database: {e}", path.display()))?;
    match rows.first() {
        Some(r) if r.integrity_check == "ok" => Ok(()),
        Some(r) => Err(format!(
            "{} is damaged: {}",
            path.display(),
            r.integrity_check
        )),
        None => Err(format!("{} could not be checked", path.display())),
    }
}

/// Replaces the database file at `database` with the backup `from`, after checking the backup.
/// The service must be stopped first. The copy is written beside the database and renamed
/// over it, so a failure leaves the old database as it was; its WAL files are removed.
///
/// # Errors
/// A damaged backup, or the file system's refusal.
pub fn sqlite_restore(from: &Path, database: &Path) -> Result<(), String> {
    check_sqlite_file(from)?;
    let staging = database.with_extension("restoring");
    std::fs::copy(from, &staging)
        .map_err(|e| format!("cannot copy {} beside the database: {e}", from.display()))?;
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", database.display());
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {side}: {e}")),
        }
    }
    std::fs::rename(&staging, database)
        .map_err(|e| format!("cannot move the restored database into place: {e}"))?;
    Ok(())
}
