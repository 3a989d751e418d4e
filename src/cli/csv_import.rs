//! The skeleton every CSV import shares: open the file, read its header row, refuse a missing
//! or unknown column (line 1), then hand each row over with its line number, reporting refused
//! rows on standard error as "FILE: line N: reason" and ending with a summary.

use super::Outcome;
use std::path::{Path, PathBuf};

/// A CSV file with its header row checked.
pub struct CsvFile {
    path: PathBuf,
    headers: Vec<String>,
    reader: csv::Reader<std::fs::File>,
}

/// One row: its line number and the value of each column.
pub struct CsvRow<'a> {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    headers: &'a [String],
    record: csv::StringRecord,
}

impl CsvRow<'_> {
    /// The value of a column (trimmed; empty when the column or the value is absent).
    #[must_use]
    pub fn get(&self, name: &str) -> String {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.record.get(i))
            .unwrap_or_default()
            .to_owned()
    }
}

impl CsvFile {
    /// Opens the file and checks its header: every `required` column present, none but
    /// `required` and `optional` (case-insensitive, any order).
    ///
    /// # Errors
    /// `Ok(Err(outcome))`: the file cannot be opened or its header is refused (for the person
    /// running the command); `Err`: the header cannot be read at all.
    pub fn open(
        input: &Path,
        required: &[&str],
        optional: &[&str],
    ) -> anyhow::Result<Result<CsvFile, Outcome>> {
        let file = match std::fs::File::open(input) {
            Ok(f) => f,
            Err(e) => {
                return Ok(Err(Outcome::BadInput(format!(
                    "--input {}: {e}",
                    input.display()
                ))));
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(file);
        let headers: Vec<String> = reader
            .headers()?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !headers.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            return Ok(Err(Outcome::BadInput(format!(
                "{}: line 1: missing column(s) {}",
                input.display(),
                missing.join(", ")
            ))));
        }
        if let Some(unknown) = headers
            .iter()
            .find(|h| !required.contains(&h.as_str()) && !optional.contains(&h.as_str()))
        {
            return Ok(Err(Outcome::BadInput(format!(
                "{}: line 1: unknown column \"{unknown}\"; the columns are {}, {}",
                input.display(),
                required.join(", "),
                optional.join(", ")
            ))));
        }
        Ok(Ok(CsvFile {
            path: input.to_owned(),
            headers,
            reader,
        }))
    }

    /// Calls `each` with every row; a row refused by `each` (or that is not CSV) is reported
    /// on standard error as "FILE: line N: reason". Returns how many rows were refused.
    ///
    /// # Errors
    /// Whatever `each` returns as an error (a database failure stops the import).
    pub fn for_each_row(
        mut self,
        mut each: impl FnMut(&CsvRow<'_>) -> anyhow::Result<Result<(), String>>,
    ) -> anyhow::Result<usize> {
        let mut refused = 0usize;
        let mut refuse = |line: u64, reason: &str| {
            eprintln!("{}: line {line}: {reason}", self.path.display());
            refused += 1;
        };
        for record in self.reader.records() {
            match record {
                Ok(r) => {
                    let row = CsvRow {
                        line: r.position().map_or(0, csv::Position::line),
                        headers: &self.headers,
                        record: r,
                    };
                    if let Err(reason) = each(&row)? {
                        refuse(row.line, &reason);
                    }
                }
                Err(e) => refuse(e.position().map_or(0, csv::Position::line), &e.to_string()),
            }
        }
        Ok(refused)
    }
}

/// How an import ended: done when no row was refused, otherwise exit code 2 saying that
/// nothing of the refused rows was written (`what`: "row", "line").
#[must_use]
pub fn outcome(refused: usize, what: &str) -> Outcome {
    if refused == 0 {
        Outcome::Done
    } else {
        Outcome::BadInput(format!(
            "{refused} {what}(s) refused; nothing of them was written"
        ))
    }
}
