//! `section50 lateness --input log.csv [--regime foia]`: reads an authority's request log
//! (`reference,received,responded`; responded may be empty) and writes the same rows plus
//! `due,working_days_late,status`. Streams, so a million rows need no more memory than one.
//!
//! Dates are read as `section50 timeline` reads them (`YYYY-MM-DD`, or an RFC 3339 timestamp
//! taken on its Europe/London date). A row that cannot be evaluated (a bad date, a response
//! before receipt or after the evaluation day) is written with status `invalid`; a ragged row
//! (a different number of fields from the header) is reported on the diagnostics stream with
//! its line number and skipped. Either way the run goes on to the end.

use super::Outcome;
use crate::domain::deadline::{calendars_for, logged_request};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::{london_date_of_timestamp, parse_calendar_date};
use crate::service::csv_safe;
use chrono::NaiveDate;
use std::io::{Read, Write};

/// Counts of what a run wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Rows evaluated (including those marked invalid).
    pub rows: u64,
    /// Rows refused (status `invalid`).
    pub invalid: u64,
    /// Ragged rows, reported and left out of the output.
    pub skipped: u64,
}

/// Parses a date cell as `section50 timeline` parses dates, falling back to an RFC 3339
/// timestamp converted to the Europe/London date.
fn parse_day(field: &[u8]) -> Result<NaiveDate, String> {
    let text = std::str::from_utf8(field).map_err(|_| "not UTF-8".to_owned())?;
    if let Some(date) = parse_calendar_date(text) {
        return Ok(date);
    }
    london_date_of_timestamp(text)
        .map_err(|_| format!("\"{text}\" is not a date (YYYY-MM-DD) or a timestamp"))
}

/// Evaluates one row: (due, working days late, status), or why the row is refused.
fn evaluate_row(
    received: &[u8],
    responded: &[u8],
    regime: Regime,
    settings: &ClockSettings,
    calendars: &crate::domain::calendar::Calendars,
    as_of: NaiveDate,
) -> Result<(NaiveDate, i64, &'static str), String> {
    let received = parse_day(received).map_err(|e| format!("received: {e}"))?;
    let responded = if responded.is_empty() {
        None
    } else {
        Some(parse_day(responded).map_err(|e| format!("responded: {e}"))?)
    };
    if received > as_of {
        return Err(format!(
            "received {received} is after the evaluation day {as_of}"
        ));
    }
    if let Some(r) = responded {
        if r < received {
            return Err(format!("responded {r} is before received {received}"));
        }
        // A response the evaluation day cannot have seen: refusing it is safer than judging
        // a deadline on a day before the act that meets it.
        if r > as_of {
            return Err(format!("responded {r} is after the evaluation day {as_of}"));
        }
    }
    let result = logged_request(regime, received, responded, settings, calendars, as_of)
        .map_err(|e| e.to_string())?;
    Ok((result.due, result.working_days_late, result.status.slug()))
}

/// Reads the log from `input` and writes the evaluated log to `output`; ragged rows are
/// reported on standard error.
///
/// # Errors
/// I/O and CSV framing failures; refused rows are marked `invalid` and reported in the outcome.
pub fn run(
    input: &mut dyn Read,
    output: &mut dyn Write,
    regime: Regime,
    as_of: NaiveDate,
    settings: &ClockSettings,
) -> anyhow::Result<(Outcome, Summary)> {
    run_with_diagnostics(
        input,
        output,
        &mut std::io::stderr().lock(),
        regime,
        as_of,
        settings,
    )
}

/// [`run`], with the reports of skipped rows written to `diagnostics`.
///
/// # Errors
/// As [`run`].
pub fn run_with_diagnostics(
    input: &mut dyn Read,
    output: &mut dyn Write,
    diagnostics: &mut dyn Write,
    regime: Regime,
    as_of: NaiveDate,
    settings: &ClockSettings,
) -> anyhow::Result<(Outcome, Summary)> {
    let calendars = calendars_for(settings);
    // Cells are trimmed as CSV cells (a space after a comma is layout, not data); ragged rows
    // are read so they can be reported and skipped rather than end the run.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = reader.byte_headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let (Some(_), Some(received_col), Some(responded_col)) =
        (column("reference"), column("received"), column("responded"))
    else {
        return Ok((
            Outcome::BadInput(
                "the log needs the columns reference,received,responded (header row)".to_owned(),
            ),
            Summary::default(),
        ));
    };
    let mut writer =
        csv::WriterBuilder::new().from_writer(std::io::BufWriter::with_capacity(1 << 16, output));
    writer.write_byte_record(&output_headers(&headers))?;
    let mut summary = Summary::default();
    let mut first_error: Option<String> = None;
    let mut record = csv::ByteRecord::new();
    let mut out = csv::ByteRecord::new();
    let mut row = 0u64;
    while reader.read_byte_record(&mut record)? {
        row += 1;
        let line = record.position().map_or(row + 1, csv::Position::line);
        if record.len() != headers.len() {
            summary.skipped += 1;
            writeln!(
                diagnostics,
                "line {line} (row {row}): {} fields where the header has {}; row skipped",
                record.len(),
                headers.len()
            )?;
            continue;
        }
        summary.rows += 1;
        let evaluated = evaluate_row(
            &record[received_col],
            &record[responded_col],
            regime,
            settings,
            &calendars,
            as_of,
        );
        if let Err(message) = &evaluated {
            summary.invalid += 1;
            first_error.get_or_insert_with(|| format!("row {row} (line {line}): {message}"));
        }
        output_row(&mut out, &record, evaluated);
        writer.write_byte_record(&out)?;
    }
    writer.flush()?;
    Ok((outcome(first_error, &summary), summary))
}

/// The output's header: the log's columns, then due, working days late and status.
///
/// The cells are copied from a file someone gave us and the output is opened in a spreadsheet,
/// so each is written through `csv_safe` (numbers kept, formulas quoted).
fn output_headers(headers: &csv::ByteRecord) -> csv::ByteRecord {
    let mut out: csv::ByteRecord = headers.iter().map(csv_safe::any_bytes).collect();
    out.push_field(b"due");
    out.push_field(b"working_days_late");
    out.push_field(b"status");
    out
}

/// One output row into `out`: the log's cells (through `csv_safe`, as the header), then the
/// evaluation, or empty cells and "invalid".
fn output_row(
    out: &mut csv::ByteRecord,
    record: &csv::ByteRecord,
    evaluated: Result<(NaiveDate, i64, &'static str), String>,
) {
    out.clear();
    for field in record {
        out.push_field(&csv_safe::any_bytes(field));
    }
    match evaluated {
        Ok((due, late, status)) => {
            out.push_field(due.format("%Y-%m-%d").to_string().as_bytes());
            out.push_field(late.to_string().as_bytes());
            out.push_field(status.as_bytes());
        }
        Err(_) => {
            out.push_field(b"");
            out.push_field(b"");
            out.push_field(b"invalid");
        }
    }
}

/// What the run says at the end: done, or which rows were skipped or invalid.
fn outcome(first_error: Option<String>, summary: &Summary) -> Outcome {
    match (first_error, summary.skipped) {
        (None, 0) => Outcome::Done,
        (None, skipped) => Outcome::BadInput(format!(
            "{skipped} ragged rows were skipped (reported above); the other {} rows were evaluated",
            summary.rows
        )),
        (Some(first), skipped) => Outcome::BadInput(format!(
            "{} of {} rows are invalid (marked status \"invalid\"); the first is {first}{}",
            summary.invalid,
            summary.rows,
            if skipped > 0 {
                format!("; {skipped} ragged rows were skipped (reported above)")
            } else {
                String::new()
            }
        )),
    }
}

/// The flags of `lateness`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The log to read ("-" for standard input).
    #[arg(long)]
    pub input: std::path::PathBuf,
    /// Where to write the result (default: standard output).
    #[arg(long)]
    pub output: Option<std::path::PathBuf>,
    /// The regime the requests were made under.
    #[arg(long, default_value = "foia")]
    pub regime: String,
    /// The day unanswered requests are evaluated on (default: today in the UK).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
}

/// [`run`] from a file or standard input to a file or standard output.
///
/// # Errors
/// The files cannot be opened, or as [`run`].
pub fn command(args: &Args, common: &super::Common) -> anyhow::Result<Outcome> {
    use anyhow::Context as _;
    let regime = match Regime::from_slug(&args.regime) {
        Ok(r) => r,
        Err(m) => return Ok(Outcome::BadInput(format!("--regime: {m}"))),
    };
    let input = &args.input;
    let mut reader: Box<dyn Read> = if input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(input)
                .with_context(|| format!("cannot open {}", input.display()))?,
        )
    };
    let mut writer: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let (outcome, _summary) = run(
        &mut reader,
        &mut writer,
        regime,
        args.as_of.unwrap_or_else(|| common.clock.today()),
        &common.settings,
    )?;
    Ok(outcome)
}
