//! The `section50` command: parses the command line and dispatches to `section50::cli`.

use clap::{Parser, Subcommand};
use section50::cli::{self, Common, DbArgs, Outcome};
use section50::clock::Clock;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "section50",
    version,
    about = "Casework system of a UK information-rights regulator"
)]
struct Cli {
    /// A JSON file of bank holidays proclaimed after this build (a list of proclamations).
    #[arg(long, env = "SECTION50_EXTRA_HOLIDAYS", global = true)]
    extra_holidays: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (migrates the database first).
    Serve(Box<cli::serve::Args>),
    /// Write a consistent copy of the SQLite database while the service runs.
    Backup(cli::backup::BackupArgs),
    /// Replace the SQLite database with a backup (stop the service first).
    Restore(cli::backup::RestoreArgs),
    /// One pass of the scheduler: queue today's reminders, then send the outbox (for cron).
    Remind(cli::remind::Args),
    /// Create or upgrade the database schema.
    Migrate(DbArgs),
    /// Recompute the deadlines of every open case with the current bank holidays (run after
    /// adding a proclaimed day with --extra-holidays).
    Recompute(DbArgs),
    /// Manage staff accounts.
    User(cli::user::Args),
    /// Import public authorities from a CSV file.
    Authorities(cli::authorities::Args),
    /// Bring an existing caseload in from a CSV file.
    Cases(cli::cases::Args),
    /// The public register: import historical decision notices (JSON lines).
    Decisions(cli::decisions::Args),
    /// Load demonstration data: a small realistic set (with the seed case), or N synthetic cases.
    Demo(cli::demo::Args),
    /// Evaluate a timeline (JSON on standard input) and print every deadline as JSON.
    Timeline(cli::timeline::Args),
    /// List the bank holidays of a year.
    Holidays(cli::holidays::Args),
    /// Print delay statistics: authority timeliness for requests received in a date range.
    Stats(cli::stats::Args),
    /// Typeset a decision notice (notice JSON) to PDF, without a database.
    Render(cli::render::Args),
    /// Add due dates and lateness to an authority's request log (CSV: reference,received,responded).
    Lateness(cli::lateness::Args),
}

fn main() -> ExitCode {
    cli::exit_code(run())
}

fn run() -> anyhow::Result<Outcome> {
    let cli = Cli::parse();
    let common = Common {
        clock: Clock::System,
        settings: section50::config::clock_settings(cli.extra_holidays.as_deref())?,
    };
    match &cli.command {
        Command::Serve(args) => cli::serve::run(args, &common),
        Command::Backup(args) => cli::backup::run_backup(args),
        Command::Restore(args) => cli::backup::run_restore(args),
        Command::Remind(args) => cli::remind::run(args, &common),
        Command::Migrate(db) => cli::migrate::run(db),
        Command::Recompute(db) => cli::recompute::run(db, &common),
        Command::User(args) => cli::user::run(args, &common),
        Command::Authorities(args) => cli::authorities::run(args, &common),
        Command::Cases(args) => cli::cases::run(args, &common),
        Command::Decisions(args) => cli::decisions::run(args, &common),
        Command::Demo(args) => cli::demo::run(args, &common),
        Command::Timeline(args) => cli::timeline::command(args, &common),
        Command::Holidays(args) => cli::holidays::command(args, &common),
        Command::Stats(args) => cli::stats::run(args),
        Command::Render(args) => cli::render::command(args, &common),
        Command::Lateness(args) => cli::lateness::command(args, &common),
    }
}
