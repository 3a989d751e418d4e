//! `section50 authorities import --input FILE.csv`: loads public authorities from a CSV file
//! (the columns are documented in the README; `docs/authorities-example.csv` is an example).
//! Each row is its own transaction, keyed on the formal name (case-insensitive), so importing
//! the same file twice changes nothing; a bad row is reported with its line number and reason
//! on standard error and nothing of it is written.

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
    let file = match std::fs::File::open(input) {
        Ok(f) => f,
        Err(e) => {
            return Ok(Outcome::BadInput(format!(
                "--input {}: {e}",
                input.display()
            )));
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(file);
    let headers: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if let Some(problem) = column_problem(input, &headers) {
        return Ok(Outcome::BadInput(problem));
    }
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let now = common.clock.now();
    let mut summary = Summary::default();
    for record in reader.records() {
        let (line, fields) = match record {
            Ok(r) => (
                r.position().map_or(0, csv::Position::line),
                fields_of(&headers, &r),
            ),
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                eprintln!("{}: line {line}: {e}", input.display());
                summary.refused += 1;
                continue;
            }
        };
        let parsed = match fields.parse() {
            Ok(p) => p,
            Err(errors) => {
                let reasons: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect();
                eprintln!("{}: line {line}: {}", input.display(), reasons.join("; "));
                summary.refused += 1;
                continue;
            }
        };
        match authorities::import(&mut conn, now, &parsed) {
            Ok(Imported::Added) => summary.added += 1,
            Ok(Imported::Updated) => summary.updated += 1,
            Ok(Imported::Unchanged) => summary.unchanged += 1,
            Err(ServiceError::Conflict(m) | ServiceError::Invalid { message: m, .. }) => {
                eprintln!("{}: line {line}: {m}", input.display());
                summary.refused += 1;
            }
            Err(other) => return Err(anyhow::Error::new(other)),
        }
    }
    println!(
        "added {}, updated {}, unchanged {}, refused {}",
        summary.added, summary.updated, summary.unchanged, summary.refused
    );
    Ok(if summary.refused == 0 {
        Outcome::Done
    } else {
        Outcome::BadInput(format!(
            "{} row(s) refused; nothing of them was written",
            summary.refused
        ))
    })
}

/// What is wrong with the header row, if anything: a required column missing, or one unknown.
fn column_problem(input: &std::path::Path, headers: &[String]) -> Option<String> {
    // "article" may be left out by a file that has none to give; the other four are the
    // least a notice needs.
    let missing: Vec<&str> = REQUIRED[..4]
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "{}: line 1: missing column(s) {}",
            input.display(),
            missing.join(", ")
        ));
    }
    if let Some(unknown) = headers
        .iter()
        .find(|h| !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()))
    {
        return Some(format!(
            "{}: line 1: unknown column \"{unknown}\"; the columns are {}, {}",
            input.display(),
            REQUIRED.join(", "),
            OPTIONAL.join(", ")
        ));
    }
    None
}

fn fields_of(headers: &[String], record: &csv::StringRecord) -> AuthorityFields {
    let get = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_owned()
    };
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
