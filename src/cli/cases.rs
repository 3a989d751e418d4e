//! `section50 cases import --input FILE.csv --by EMAIL`: brings an existing caseload in. Each
//! row opens a case with its history (the columns are in the README; `docs/cases-example.csv`
//! is an example) in its own transaction, through the privileged seeding path; a refused row
//! is reported with its line number and reason and nothing of it is written; a reference
//! already here is left unchanged, so importing a file twice changes nothing.

use super::csv_import::{CsvFile, outcome};
use super::{Common, DbArgs, Outcome};
use crate::domain::calendar::Calendars;
use crate::domain::parties::EmailAddress;
use crate::service::Actor;
use crate::service::case_import::{self, Imported, OPTIONAL, REQUIRED, STAGES};
use crate::service::cases::Context;
use std::path::PathBuf;

/// The flags of `cases`.
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
    /// Open cases with their history from a CSV file with a header row (see the README).
    Import {
        /// The CSV file.
        #[arg(long)]
        input: PathBuf,
        /// The email of the manager or admin the import is recorded as (the audit names them).
        #[arg(long)]
        by: String,
    },
}

/// Imports the file, printing one line per refused row on standard error and a summary.
///
/// # Errors
/// The file cannot be read or the database fails; a missing column, an unknown `--by`, or any
/// refused row is [`Outcome::BadInput`] (exit code 2).
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let Action::Import { input, by } = &args.action;
    let mut optional: Vec<&str> = OPTIONAL.to_vec();
    optional.extend(STAGES.iter().map(|k| k.slug()));
    let file = match CsvFile::open(input, &REQUIRED, &optional)? {
        Ok(f) => f,
        Err(outcome) => return Ok(outcome),
    };
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let Some(actor) = importer(&mut conn, by)? else {
        return Ok(Outcome::BadInput(format!(
            "--by: there is no active manager or admin with the email {by}"
        )));
    };
    let now = common.clock.now();
    let calendars = Calendars::build(&common.settings.calendar_options());
    let mail = crate::mail::MailSettings::default();
    let ctx = Context {
        actor: &actor,
        now,
        today: crate::domain::london::london_date(now),
        settings: &common.settings,
        calendars: &calendars,
        mail: &mail,
    };
    let (mut added, mut unchanged) = (0usize, 0usize);
    let refused = file.for_each_row(|row| {
        match case_import::import_row(&mut conn, &ctx, &|name| row.get(name))? {
            Ok(Imported::Added) => added += 1,
            Ok(Imported::AlreadyThere) => unchanged += 1,
            Err(reason) => return Ok(Err(reason)),
        }
        Ok(Ok(()))
    })?;
    println!("added {added}, already here (unchanged) {unchanged}, refused {refused}");
    if added == 0 && refused == 0 {
        println!("No change: every case in the file is here already.");
    }
    Ok(outcome(refused, "row"))
}

/// The manager or admin named by `--by`.
fn importer(conn: &mut crate::db::AnyConnection, email: &str) -> anyhow::Result<Option<Actor>> {
    let Ok(email) = EmailAddress::parse(email) else {
        return Ok(None);
    };
    Ok(crate::db::users::by_email(conn, &email.account_key())?
        .filter(|u| u.active)
        .map(|u| u.actor())
        .filter(Actor::sees_every_case))
}
