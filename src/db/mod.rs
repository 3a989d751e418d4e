//! Storage: one code path over SQLite (embedded default) and PostgreSQL (production), chosen by
//! the URL scheme. A pool of [`AnyConnection`]s, per-connection SQLite pragmas, and the embedded
//! migrations of both trees (DESIGN.md convention 7).

pub mod rows;
pub mod schema;

pub mod backup;
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
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
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
    let pool = r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(Manager { url: url.clone() })?;
    Ok(pool)
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
