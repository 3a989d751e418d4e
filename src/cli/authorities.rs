//! `section50 authorities import --input FILE.csv`: loads public authorities from a CSV file
//! (the columns are documented in the README; `docs/authorities-example.csv` is an example).
//! Each row is its own transaction, keyed on the formal name (case-insensitive), so importing
//! the same file twice changes nothing; a bad row is reported with its line number and reason
//! on standard error and nothing of it is written.

use super::csv_import::{CsvFile, CsvRow, outcome};
use super::{Common, DbArgs, Outcome};
use crate::service::ServiceError;
use crate::service::authorities::{self, AuthorityFields, Imported};
use std::path::PathBuf;

/// The flags of `authorities`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
}

/// What to do.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum Action {
    /// Add or update authorities from a CSV file with a header row: formal_name, short_name,
    /// article, sector, nation, foi_email, address, s53_certificate (only the first five are
    /// required; the order does not matter).
    Import {
        /// The CSV file.
        #[arg(long)]
        input: PathBuf,
    },
}

/// How many rows did what.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// New authorities.
    pub added: usize,
    /// Existing ones changed.
    pub updated: usize,
    /// Existing ones already so.
    pub unchanged: usize,
    /// Rows refused.
    pub refused: usize,
}

const REQUIRED: [&str; 5] = ["formal_name", "short_name", "sector", "nation", "article"];
const OPTIONAL: [&str; 3] = ["foi_email", "address", "s53_certificate"];

/// Imports the file, printing one line per refused row on standard error and a summary.
///
/// # Errors
/// The file cannot be read or the database fails; a missing column, or any refused row, is
/// [`Outcome::BadInput`] (exit code 2).
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let Action::Import { input } = &args.action;
    // "article" may be left out by a file that has none to give; the other four are the
    // least a notice needs.
    let optional: Vec<&str> = std::iter::once(REQUIRED[4]).chain(OPTIONAL).collect();
    let file = match CsvFile::open(input, &REQUIRED[..4], &optional)? {
        Ok(f) => f,
        Err(outcome) => return Ok(outcome),
    };
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let now = common.clock.now();
    let mut summary = Summary::default();
    summary.refused = file.for_each_row(|row| {
        let parsed = match fields_of(row).parse() {
            Ok(p) => p,
            Err(errors) => {
                let reasons: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect();
                return Ok(Err(reasons.join("; ")));
            }
        };
        match authorities::import(&mut conn, now, &parsed) {
            Ok(Imported::Added) => summary.added += 1,
            Ok(Imported::Updated) => summary.updated += 1,
            Ok(Imported::Unchanged) => summary.unchanged += 1,
            Err(ServiceError::Conflict(m) | ServiceError::Invalid { message: m, .. }) => {
                return Ok(Err(m));
            }
            Err(other) => return Err(anyhow::Error::new(other)),
        }
        Ok(Ok(()))
    })?;
    println!(
        "added {}, updated {}, unchanged {}, refused {}",
        summary.added, summary.updated, summary.unchanged, summary.refused
    );
    Ok(outcome(summary.refused, "row"))
}

fn fields_of(row: &CsvRow<'_>) -> AuthorityFields {
    let get = |name: &str| row.get(name);
    AuthorityFields {
        formal_name: get("formal_name"),
        short_name: get("short_name"),
        article: get("article"),
        sector: get("sector"),
        nation: get("nation"),
        foi_email: get("foi_email"),
        address: get("address"),
        s53_certificate: get("s53_certificate"),
    }
}
