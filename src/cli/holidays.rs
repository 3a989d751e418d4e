//! `section50 holidays --year YYYY [--division …] [--json]`: the bank holidays of a year.

use super::Outcome;
use crate::domain::calendar::{CalendarKind, FIRST_YEAR, LAST_YEAR};
use crate::domain::deadline::calendars_for;
use crate::domain::settings::ClockSettings;
use chrono::Datelike;
use std::io::Write;

/// Prints the holidays of `year` in a calendar, as text or JSON.
///
/// # Errors
/// I/O failures only.
pub fn run(
    output: &mut dyn Write,
    year: i32,
    division: &str,
    json: bool,
    settings: &ClockSettings,
) -> anyhow::Result<Outcome> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Ok(Outcome::BadInput(format!(
            "--year {year}: the calendars cover {FIRST_YEAR} to {LAST_YEAR}"
        )));
    }
    let kind = match CalendarKind::from_slug(division) {
        Ok(k) => k,
        Err(m) => return Ok(Outcome::BadInput(m)),
    };
    let calendars = calendars_for(settings);
    let days = calendars.get(kind).holidays_in_year(year);
    if json {
        let rows: Vec<serde_json::Value> = days
            .iter()
            .map(|(d, reason)| {
                serde_json::json!({ "date": d, "weekday": d.weekday().to_string(), "name": reason })
            })
            .collect();
        let doc = serde_json::json!({ "year": year, "division": kind.slug(), "holidays": rows });
        serde_json::to_writer_pretty(&mut *output, &doc)?;
        writeln!(output)?;
    } else {
        writeln!(output, "Bank holidays {year}, {}:", kind.slug())?;
        for (d, reason) in days {
            writeln!(output, "{}  {}  {reason}", d, d.format("%a"))?;
        }
    }
    Ok(Outcome::Done)
}

/// The flags of `holidays`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The year (1971–2100).
    #[arg(long)]
    pub year: i32,
    /// england-and-wales, scotland, northern-ireland or uk-union (FOIA and EIR).
    #[arg(long, default_value = "uk-union")]
    pub division: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// [`run`] to standard output.
///
/// # Errors
/// As [`run`].
pub fn command(args: &Args, common: &super::Common) -> anyhow::Result<Outcome> {
    run(
        &mut std::io::stdout().lock(),
        args.year,
        &args.division,
        args.json,
        &common.settings,
    )
}
