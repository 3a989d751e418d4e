//! `section50 backup --to FILE` and `section50 restore --from FILE`: a consistent copy of the
//! SQLite database taken while the service runs, and its restoration (PostgreSQL uses
//! `pg_dump` and `pg_restore`).

use super::{DbArgs, Outcome};
use crate::config::DatabaseUrl;
use crate::db::backup;
use std::path::PathBuf;

/// The flags of `backup` (the database must be SQLite; PostgreSQL: use `pg_dump`).
#[derive(clap::Args, Debug, Clone)]
pub struct BackupArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The new backup file (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

/// The flags of `restore`.
#[derive(clap::Args, Debug, Clone)]
pub struct RestoreArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The backup to restore.
    #[arg(long)]
    pub from: PathBuf,
}

/// Writes the backup and checks it opens as an intact database.
///
/// # Errors
/// The database cannot be opened, or the copy cannot be written or fails its check.
pub fn run_backup(args: &BackupArgs) -> anyhow::Result<Outcome> {
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    backup::sqlite_backup(&mut conn, &args.to).map_err(anyhow::Error::msg)?;
    backup::check_sqlite_file(&args.to).map_err(anyhow::Error::msg)?;
    println!("Backed up to {} (checked)", args.to.display());
    Ok(Outcome::Done)
}

/// Replaces the SQLite file with the backup, then migrates it to this version's schema.
///
/// # Errors
/// The backup cannot be copied into place or migrated; a PostgreSQL URL is
/// [`Outcome::BadInput`].
pub fn run_restore(args: &RestoreArgs) -> anyhow::Result<Outcome> {
    let DatabaseUrl::Sqlite(path) = args.db.url()? else {
        return Ok(Outcome::BadInput(
            "restore is for SQLite; restore PostgreSQL with pg_restore (see docs/deploy.md)"
                .to_owned(),
        ));
    };
    backup::sqlite_restore(&args.from, &path).map_err(anyhow::Error::msg)?;
    // Bring the restored copy up to this version's schema.
    args.db.open(1)?;
    println!("Restored {} from {}", path.display(), args.from.display());
    Ok(Outcome::Done)
}
