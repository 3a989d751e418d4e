//! Storage: one code path over SQLite (embedded default) and PostgreSQL (production), chosen by
//! the URL scheme. A pool of [`AnyConnection`]s, per-connection SQLite pragmas, and the embedded
//! migrations of both trees (DESIGN.md convention 7).

pub mod audit;
pub mod authorities;
pub mod backup;
pub mod calendar;
pub mod caseload;
pub mod cases;
pub mod dialect;
pub mod library;
pub mod notices;
pub mod outbox;
pub mod reminders;
pub mod rows;
pub mod schema;
pub mod sessions;
pub mod stats;
pub mod team;
pub mod users;
use crate::config::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL.
    Postgresql(diesel::PgConnection),
    /// SQLite.
    Sqlite(diesel::SqliteConnection),
}

/// A pool of connections.
pub type Pool = r2d2::Pool<Manager>;
/// One pooled connection.
pub type PooledConnection = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Opens connections of the backend the URL names (never guessing: SQLite would accept any
/// string as a file name).
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

/// Why a connection could not be made or checked.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    /// The database refused or could not be reached.
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    /// A query on a fresh connection failed.
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = ConnectionError;

    fn connect(&self) -> Result<AnyConnection, ConnectionError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => Ok(AnyConnection::Postgresql(
                diesel::PgConnection::establish(url)?,
            )),
            DatabaseUrl::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
                // Per connection: enforce foreign keys, wait for writers instead of failing,
                // write-ahead log for concurrent readers, NORMAL sync (durable with WAL).
                // Reads map the file (256 MiB) instead of copying pages through the cache.
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 268435456;",
                )
                .map_err(ConnectionError::Query)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::Query)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// Builds a pool for the URL, creating the SQLite file's directory if needed.
///
/// # Errors
/// When the directory cannot be created or no connection can be made.
pub fn pool(url: &DatabaseUrl, size: u32) -> anyhow::Result<Pool> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the database directory {}: {e}",
                dir.display()
            )
        })?;
    }
    let size = match url {
        DatabaseUrl::Sqlite(_) => size.min(8),
        DatabaseUrl::Postgres(_) => size,
    };
    if matches!(url, DatabaseUrl::Sqlite(_)) {
        configure_sqlite_library();
    }
    // A SQLite connection to a local file does not go stale, so it is not tested with a query
    // on every checkout; a PostgreSQL one is (the server may have restarted).
    let pool = r2d2::Pool::builder()
        .max_size(size)
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(Manager { url: url.clone() })?;
    Ok(pool)
}

/// Process-wide SQLite settings, applied once before the first connection is opened:
/// - multi-thread mode: each connection is used by one thread at a time (the pool sees to it),
///   so SQLite's per-connection mutexes are not needed;
/// - no memory statistics: their global mutex serialised every allocation of every connection;
/// - every new connection turns on the query planner stability guarantee (QPSG). Without it
///   SQLite marks a cached statement for recompiling whenever a value it might plan around is
///   bound again: the `LIMIT ?` diesel writes for `.first()`, and columns with STAT4 samples
///   after `ANALYZE`. Under `scripts/load` that recompiling was a third of the time spent on a
///   case's detail. Plans here are index lookups that do not depend on the values bound.
fn configure_sqlite_library() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` may only be called before `sqlite3_initialize` (or after
        // `sqlite3_shutdown`); called later it returns SQLITE_MISUSE and changes nothing, which
        // is harmless. `sqlite3_auto_extension` takes a function pointer with the signature
        // SQLite documents, valid for the life of the process.
        unsafe {
            libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MULTITHREAD);
            libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0);
            libsqlite3_sys::sqlite3_auto_extension(Some(stable_query_plans));
        }
    });
}

/// Runs for each new SQLite connection (registered with `sqlite3_auto_extension`).
unsafe extern "C" fn stable_query_plans(
    db: *mut libsqlite3_sys::sqlite3,
    _error: *mut *mut std::os::raw::c_char,
    _api: *const libsqlite3_sys::sqlite3_api_routines,
) -> std::os::raw::c_int {
    // SAFETY: SQLite passes the connection being opened; SQLITE_DBCONFIG_ENABLE_QPSG takes an
    // int (1 = on) and an optional int pointer for the new setting (null: not wanted).
    unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::os::raw::c_int,
            std::ptr::null_mut::<std::os::raw::c_int>(),
        )
    }
}

/// Runs the pending migrations of the connection's backend.
///
/// # Errors
/// When a migration fails.
pub fn migrate(conn: &mut AnyConnection) -> anyhow::Result<()> {
    let result = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        AnyConnection::Postgresql(c) => {
            // One instance migrates at a time when several start together.
            c.batch_execute("SELECT pg_advisory_lock(505050)")?;
            let r = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            c.batch_execute("SELECT pg_advisory_unlock(505050)")?;
            r
        }
    };
    result.map_err(|e| anyhow::anyhow!("database migration failed: {e}"))
}

/// Why a pooled connection could not be had.
pub type PoolError = r2d2::PoolError;

/// Asks the database to answer (the health check).
///
/// # Errors
/// When it does not.
pub fn ping(conn: &mut AnyConnection) -> Result<(), diesel::result::Error> {
    conn.batch_execute("SELECT 1")
}

/// The error for a stored value that does not parse: it names the table, the column and the
/// value, and is never replaced by a default (a row nobody can read is a fault to see, not to
/// hide).
#[must_use]
pub fn unreadable(table: &str, column: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(
        format!("{table}.{column}: the stored value \"{value}\" is not known").into(),
    )
}

/// Whether the connection is to PostgreSQL (for the few backend-specific statements).
#[must_use]
pub fn is_postgres(conn: &AnyConnection) -> bool {
    matches!(conn, AnyConnection::Postgresql(_))
}

/// Runs the same diesel expression on the concrete connection inside an [`AnyConnection`], for
/// the few statements the multi-backend cannot express (multi-row inserts).
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Sqlite($c) => $body,
            $crate::db::AnyConnection::Postgresql($c) => $body,
        }
    };
}
