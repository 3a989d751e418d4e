//! `section50 decisions import --input FILE.jsonl`: loads historical decision notices into the
//! public register, one JSON object per line (the format is in `docs/register-import.md`).
//! Each line is its own transaction, keyed on the case reference, so importing the same file
//! twice changes nothing; a bad line is reported with its number and every problem on
//! standard error, and nothing of it is written; the other lines still are.

use super::{Common, DbArgs, Outcome};
use crate::domain::register::history::HistoricalNotice;
use crate::service::register::{self, Imported};
use std::io::BufRead;
use std::path::PathBuf;

/// The flags of `decisions`.
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
    /// Add historical notices to the register from a JSON lines file (docs/register-import.md).
    Import {
        /// The file: one notice per line.
        #[arg(long)]
        input: PathBuf,
    },
}

/// Imports the file, printing one line per refused line on standard error and a summary.
///
/// # Errors
/// The file cannot be read or the database fails; any refused line is [`Outcome::BadInput`]
/// (exit code 2).
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
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let at = common.clock.now().naive_utc();
    let (mut added, mut unchanged, mut refused) = (0usize, 0usize, 0usize);
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let number = i + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<HistoricalNotice>(&line)
            .map_err(|e| vec![format!("not a notice as documented: {e}")])
            .and_then(HistoricalNotice::into_entry);
        match parsed {
            Ok(entry) => match register::import(&mut conn, at, entry)? {
                Imported::Added => added += 1,
                Imported::AlreadyThere => unchanged += 1,
            },
            Err(problems) => {
                eprintln!(
                    "{}: line {number}: {}",
                    input.display(),
                    problems.join("; ")
                );
                refused += 1;
            }
        }
    }
    println!("added {added}, already on the register {unchanged}, refused {refused}");
    Ok(super::csv_import::outcome(refused, "line"))
}
