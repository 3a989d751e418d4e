//! Cells of every CSV file the service writes, safe to open in a spreadsheet.
//!
//! A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading
//! tab or carriage return can hide one), so an authority called `=HYPERLINK(...)` would run when a
//! manager opens the export ("CSV injection"). OWASP's advice is to prefix such a text cell
//! with a single quote, which the spreadsheet shows as text. Numbers the code writes (`-3`)
//! are not text and stay as they are.

use std::borrow::Cow;

/// Whether a cell's first byte would make a spreadsheet read it as a formula.
fn starts_a_formula(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Whether the cell is a plain decimal number (`-3`, `12.5`), which no spreadsheet runs.
fn is_plain_number(cell: &[u8]) -> bool {
    let digits = cell.strip_prefix(b"-").unwrap_or(cell);
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    !whole.is_empty()
        && whole.iter().all(u8::is_ascii_digit)
        && fraction.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

/// A text cell (a name, a label, a provision): prefixed with `'` when it would start a formula.
#[must_use]
pub fn text(cell: &str) -> Cow<'_, str> {
    if starts_a_formula(cell.as_bytes()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A text cell, owned: [`text`] for the record builders that collect `Vec<String>`.
#[must_use]
pub fn text_owned(cell: &str) -> String {
    text(cell).into_owned()
}

/// A cell whose type is not known (one copied from a file a person gave us): a plain number
/// is kept, anything else is treated as [`text`].
#[must_use]
pub fn any_bytes(cell: &[u8]) -> Cow<'_, [u8]> {
    if starts_a_formula(cell) && !is_plain_number(cell) {
        let mut quoted = Vec::with_capacity(cell.len() + 1);
        quoted.push(b'\'');
        quoted.extend_from_slice(cell);
        Cow::Owned(quoted)
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_that_would_start_a_formula_are_quoted() {
        let cases: &[(&str, &str)] = &[
            ("=1+1", "'=1+1"),                                     // the classic formula
            ("+44 20 7946 0000", "'+44 20 7946 0000"),             // a phone number is text here
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), // DDE payload
            ("@SUM(A1)", "'@SUM(A1)"),                             // Lotus-style function
            ("\t=1", "'\t=1"),                                     // a tab hides the formula
            ("\r=1", "'\r=1"),                                     // so does a carriage return
            ("-3", "'-3"), // as text (a label), even this is quoted
            ("Northshire Council", "Northshire Council"), // ordinary names are untouched
            ("a=b", "a=b"), // only the first character counts
            ("", ""),      // empty stays empty
            (" =1", " =1"), // a space first is not a formula
            ("'=1", "'=1"), // already quoted
        ];
        for (cell, want) in cases {
            assert_eq!(text(cell), *want, "{cell:?}");
        }
    }

    #[test]
    fn cells_of_unknown_type_keep_plain_numbers() {
        let cases: &[(&str, &str)] = &[
            ("-3", "-3"),                 // a negative number is a number
            ("-12.5", "-12.5"),           // with a fraction too
            ("-", "'-"),                  // a lone minus is text
            ("-.5", "'-.5"),              // not a plain decimal
            ("-3.", "'-3."),              // nor this
            ("-3e5", "'-3e5"),            // exponents are not written by anyone here
            ("-1+1", "'-1+1"),            // arithmetic is a formula
            ("+3", "'+3"),                // a plus sign is how formulas start
            ("=3", "'=3"),                // so is =
            ("FS50123456", "FS50123456"), // a reference is untouched
        ];
        for (cell, want) in cases {
            assert_eq!(
                any_bytes(cell.as_bytes()).as_ref(),
                want.as_bytes(),
                "{cell:?}"
            );
        }
    }
}
