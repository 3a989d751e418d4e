//! `section50 stats --from DAY --to DAY [--by …] [--format csv|json] [--min N]`: authority
//! timeliness for requests received in a date range, as CSV or JSON.

use super::{DbArgs, Outcome};
use crate::service::stats::{self, GroupBy, Query};
use chrono::NaiveDate;

/// The flags of `stats`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    /// First day of receipt.
    #[arg(long)]
    pub from: NaiveDate,
    /// Last day of receipt.
    #[arg(long)]
    pub to: NaiveDate,
    /// authority, sector, regime, officer, month or quarter.
    #[arg(long, default_value = "authority")]
    pub by: String,
    /// csv or json.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// Smallest group to rate.
    #[arg(long, default_value_t = 20)]
    pub min: i64,
}

/// Computes the table and writes it to standard output.
///
/// # Errors
/// Database or output failures; a bad `--by`, `--format` or range is [`Outcome::BadInput`].
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let by = match GroupBy::from_slug(&args.by) {
        Ok(b) => b,
        Err(m) => return Ok(Outcome::BadInput(format!("--by: {m}"))),
    };
    if args.to < args.from {
        return Ok(Outcome::BadInput(
            "--to must not be before --from".to_owned(),
        ));
    }
    // Refused before the database is touched, as the other flags are.
    if !matches!(args.format.as_str(), "csv" | "json") {
        return Ok(Outcome::BadInput(format!(
            "--format {}: use csv or json",
            args.format
        )));
    }
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let query = Query {
        from: args.from,
        to: args.to,
        by,
        minimum: args.min,
    };
    // The operator holds the database itself: no member of staff to check.
    let rows = crate::db::stats::timeliness(&mut conn, &query)?;
    if args.format == "json" {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &rows)?;
        println!();
        return Ok(Outcome::Done);
    }
    // The same columns as the Statistics page's CSV download (one definition).
    stats::write_timeliness_csv(std::io::stdout().lock(), &rows)?;
    Ok(Outcome::Done)
}
