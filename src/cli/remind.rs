//! `section50 remind [--as-of DAY] [--dry-run]`: one pass of the scheduler (queue the day's
//! reminders, then send the outbox), for cron when `serve` runs without its scheduler.

use super::{Common, DbArgs, MailArgs, Outcome};
use crate::worker::Worker;
use chrono::NaiveDate;

/// The flags of `remind`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Plan as on this day instead of today (Europe/London).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Show what would be queued; queue and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Email settings.
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Plans, then (unless a dry run) dispatches, printing what each did.
///
/// # Errors
/// Database or transport set-up failures (a failed delivery is counted, not returned).
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let pool = args.db.open(2)?;
    let today = args.as_of.unwrap_or_else(|| common.clock.today());
    let w = Worker::new(
        pool,
        common.clock,
        common.settings.clone(),
        args.mail.settings(),
        args.mail.transport()?,
    );
    let plan = w.plan_as_of(today, args.dry_run)?;
    println!(
        "{today}: {} open cases checked, {} messages due, {} newly queued{}",
        plan.cases_checked,
        plan.due,
        plan.queued,
        if args.dry_run {
            " (dry run: nothing queued or sent)"
        } else {
            ""
        }
    );
    if args.dry_run {
        for (subject, role) in &plan.messages {
            println!("  to the {role}: {subject}");
        }
        return Ok(Outcome::Done);
    }
    let sent = w.dispatch()?;
    println!(
        "outbox ({}): {} sent, {} to retry, {} failed, {} cancelled",
        w.transport.describe(),
        sent.sent,
        sent.retrying,
        sent.failed,
        sent.cancelled
    );
    Ok(Outcome::Done)
}
