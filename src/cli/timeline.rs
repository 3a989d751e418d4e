//! `section50 timeline [--as-of DATE] < timeline.json`: evaluates a timeline and prints the
//! evaluation as JSON (the same contract as `POST /api/v1/timeline`).

use super::Outcome;
use crate::domain::deadline::evaluate;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::parse_timeline_json;
use chrono::NaiveDate;
use std::io::{Read, Write};

/// Reads the timeline JSON from `input`, writes the evaluation to `output`.
///
/// # Errors
/// I/O failures only; refused input is an [`Outcome::BadInput`].
pub fn run(
    input: &mut dyn Read,
    output: &mut dyn Write,
    as_of: NaiveDate,
    deployment: &ClockSettings,
) -> anyhow::Result<Outcome> {
    let mut text = String::new();
    input.read_to_string(&mut text)?;
    let (timeline, mut settings) = match parse_timeline_json(&text) {
        Ok(parsed) => parsed,
        Err(e) => return Ok(Outcome::BadInput(error_json(&e))),
    };
    settings
        .extra_holidays
        .extend(deployment.extra_holidays.iter().cloned());
    match evaluate(&timeline, &settings, as_of) {
        Ok(evaluation) => {
            serde_json::to_writer_pretty(&mut *output, &evaluation)?;
            writeln!(output)?;
            Ok(Outcome::Done)
        }
        Err(e) => Ok(Outcome::BadInput(error_json(&e))),
    }
}

fn error_json(e: &crate::domain::timeline::TimelineError) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "error": e }))
        .unwrap_or_else(|_| e.to_string())
}

/// The flags of `timeline`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The day statuses are evaluated on (default: today in the UK).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
}

/// [`run`] on standard input and output.
///
/// # Errors
/// As [`run`].
pub fn command(args: &Args, common: &super::Common) -> anyhow::Result<Outcome> {
    run(
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        args.as_of.unwrap_or_else(|| common.clock.today()),
        &common.settings,
    )
}
