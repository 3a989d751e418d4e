//! `section50 lateness --input log.csv [--regime foia]`: reads an authority's request log
//! (`reference,received,responded`; responded may be empty) and writes the same rows plus
//! `due,working_days_late,status`. Streams, so a million rows need no more memory than one.

use super::Outcome;
use crate::domain::deadline::{calendars_for, logged_request};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::london_date_of_timestamp;
use chrono::NaiveDate;
use std::io::{Read, Write};

/// Counts of what a run wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Rows evaluated.
    pub rows: u64,
    /// Rows refused (status `invalid`).
    pub invalid: u64,
}

/// Parses `YYYY-MM-DD` quickly (the hot path of a million-row log), falling back to an RFC 3339
/// timestamp converted to the Europe/London date.
fn parse_day(field: &[u8]) -> Result<NaiveDate, String> {
    let text = std::str::from_utf8(field)
        .map_err(|_| "not UTF-8".to_owned())?
        .trim();
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(&b[0..4]), num(&b[5..7]), num(&b[8..10]))
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Ok(date);
        }
        return Err(format!("\"{text}\" is not a valid date"));
    }
    london_date_of_timestamp(text)
        .map_err(|_| format!("\"{text}\" is not a date (YYYY-MM-DD) or a timestamp"))
}

/// Reads the log from `input` and writes the evaluated log to `output`.
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
    let calendars = calendars_for(settings);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.byte_headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let (Some(received_col), Some(responded_col)) = (column("received"), column("responded"))
    else {
        return Ok((
            Outcome::BadInput(
                "the log needs the columns reference,received,responded (header row)".to_owned(),
            ),
            Summary::default(),
        ));
    };
    if column("reference").is_none() {
        return Ok((
            Outcome::BadInput(
                "the log needs the columns reference,received,responded (header row)".to_owned(),
            ),
            Summary::default(),
        ));
    }
    let mut writer =
        csv::WriterBuilder::new().from_writer(std::io::BufWriter::with_capacity(1 << 16, output));
    let mut out_headers = headers.clone();
    out_headers.push_field(b"due");
    out_headers.push_field(b"working_days_late");
    out_headers.push_field(b"status");
    writer.write_byte_record(&out_headers)?;
    let mut summary = Summary::default();
    let mut first_error: Option<String> = None;
    let mut record = csv::ByteRecord::new();
    let mut line = 1u64;
    let mut itoa = String::with_capacity(12);
    while reader.read_byte_record(&mut record)? {
        line += 1;
        summary.rows += 1;
        let evaluated = (|| -> Result<(NaiveDate, i64, &'static str), String> {
            let received =
                parse_day(&record[received_col]).map_err(|e| format!("received: {e}"))?;
            let responded_field = &record[responded_col];
            let responded = if responded_field.iter().all(u8::is_ascii_whitespace) {
                None
            } else {
                Some(parse_day(responded_field).map_err(|e| format!("responded: {e}"))?)
            };
            if let Some(r) = responded
                && r < received
            {
                return Err(format!("responded {r} is before received {received}"));
            }
            if received > as_of {
                return Err(format!(
                    "received {received} is after the evaluation day {as_of}"
                ));
            }
            let result = logged_request(regime, received, responded, settings, &calendars, as_of)
                .map_err(|e| e.to_string())?;
            Ok((result.due, result.working_days_late, result.status.slug()))
        })();
        match evaluated {
            Ok((due, late, status)) => {
                record.push_field(due.format("%Y-%m-%d").to_string().as_bytes());
                itoa.clear();
                itoa.push_str(&late.to_string());
                record.push_field(itoa.as_bytes());
                record.push_field(status.as_bytes());
            }
            Err(message) => {
                summary.invalid += 1;
                if first_error.is_none() {
                    first_error = Some(format!("line {line}: {message}"));
                }
                record.push_field(b"");
                record.push_field(b"");
                record.push_field(b"invalid");
            }
        }
        writer.write_byte_record(&record)?;
    }
    writer.flush()?;
    let outcome = match first_error {
        None => Outcome::Done,
        Some(first) => Outcome::BadInput(format!(
            "{} of {} rows are invalid (marked status \"invalid\"); the first is {first}",
            summary.invalid, summary.rows
        )),
    };
    Ok((outcome, summary))
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
