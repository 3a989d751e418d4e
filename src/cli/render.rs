//! `section50 render --input notice.json -o notice.pdf [--issued]`: typesets a notice without a
//! database — the same template and checks as the service.

use super::Outcome;
use crate::domain::notice::Notice;
use crate::pdf;
use chrono::NaiveDate;

/// Reads a notice, resolves it and writes the PDF.
///
/// # Errors
/// I/O failures; a notice that cannot be read or typeset is [`Outcome::BadInput`].
pub fn run(
    input: &str,
    issued: bool,
    today: NaiveDate,
) -> anyhow::Result<(Outcome, Option<Vec<u8>>)> {
    let notice: Notice = match serde_json::from_str(input) {
        Ok(n) => n,
        Err(e) => {
            return Ok((
                Outcome::BadInput(format!("the notice is not valid notice JSON: {e}")),
                None,
            ));
        }
    };
    let resolved = match notice.resolve(issued) {
        Ok(r) => r,
        Err(findings) => {
            let lines: Vec<String> = findings
                .iter()
                .map(|f| format!("{}: {} ({})", f.location, f.message, f.rule))
                .collect();
            return Ok((Outcome::BadInput(lines.join("\n")), None));
        }
    };
    match pdf::render(&resolved, notice.date.unwrap_or(today)) {
        Ok(bytes) => Ok((Outcome::Done, Some(bytes))),
        Err(e) => Ok((Outcome::BadInput(e.to_string()), None)),
    }
}

/// The flags of `render`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The notice JSON ("-" for standard input).
    #[arg(long)]
    pub input: std::path::PathBuf,
    /// Where to write the PDF.
    #[arg(short, long)]
    pub output: std::path::PathBuf,
    /// Render as issued (no DRAFT watermark).
    #[arg(long)]
    pub issued: bool,
}

/// Reads the notice from a file or standard input and writes the PDF to a file.
///
/// # Errors
/// The input cannot be read or the PDF cannot be written.
pub fn command(args: &Args, common: &super::Common) -> anyhow::Result<Outcome> {
    use anyhow::Context as _;
    let text = super::read_input(&args.input)?;
    let (outcome, pdf) = run(&text, args.issued, common.clock.today())?;
    if let Some(bytes) = pdf {
        std::fs::write(&args.output, bytes)
            .with_context(|| format!("cannot write {}", args.output.display()))?;
    }
    Ok(outcome)
}
