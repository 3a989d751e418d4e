//! Reading forms at the edge: the design system's date input (day, month, year), error messages
//! in its wording, and the list of errors a page shows in its error summary and beside each
//! field.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One field's error, as the error summary links to it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    /// The id of the input the summary links to.
    pub href: String,
    /// What to do, in the design system's words.
    pub message: String,
}

/// The errors of a submitted form, by field name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormErrors {
    /// In the order found (the order of the form).
    pub list: Vec<FieldError>,
    /// By field name, for the message beside each field.
    pub by_field: BTreeMap<String, String>,
}

impl FormErrors {
    /// Records an error on `field` (the first error of a field wins).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.by_field.contains_key(field) {
            return;
        }
        let message = message.into();
        self.by_field.insert(field.to_owned(), message.clone());
        self.list.push(FieldError {
            href: format!("#{field}"),
            message,
        });
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A date input's three boxes as typed.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct DateParts {
    /// Day.
    pub day: String,
    /// Month.
    pub month: String,
    /// Year.
    pub year: String,
}

impl DateParts {
    /// The parts of a date, to fill the boxes.
    #[must_use]
    pub fn of(date: NaiveDate) -> Self {
        use chrono::Datelike;
        DateParts {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }

    /// Whether all three boxes are empty.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.day.trim().is_empty() && self.month.trim().is_empty() && self.year.trim().is_empty()
    }
}

/// Parses a date input as the design system asks: "`label` must include a month", "must be a
/// real date", a four-digit year. Months may be written as names ("March", "mar").
///
/// # Errors
/// The message to show, naming the field by its label.
pub fn parse_date(label: &str, parts: &DateParts) -> Result<NaiveDate, String> {
    let day = parts.day.trim();
    let month = parts.month.trim();
    let year = parts.year.trim();
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err(format!("Enter the {label}"));
    }
    let missing: Vec<&str> = [("day", day), ("month", month), ("year", year)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| *n)
        .collect();
    match missing.as_slice() {
        [] => {}
        [one] => return Err(format!("The {label} must include a {one}")),
        [a, b] => return Err(format!("The {label} must include a {a} and {b}")),
        _ => return Err(format!("Enter the {label}")),
    }
    let month_number = month.parse::<u32>().ok().or_else(|| month_by_name(month));
    let (Ok(d), Some(m), Ok(y)) = (day.parse::<u32>(), month_number, year.parse::<i32>()) else {
        return Err(format!("The {label} must be a real date"));
    };
    if year.len() != 4 {
        return Err(format!("The year of the {label} must include 4 numbers"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("The {label} must be a real date"))
}

fn month_by_name(text: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = text.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|n| n.starts_with(&lower))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Percent-encodes a value for a query string.
#[must_use]
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only addresses inside this service are followed after sign-in (no open redirect): a plain
/// local path, one `/` first. Not `//host` or `/\\host` (browsers read both as another host),
/// and only visible ASCII: browsers drop tabs and newlines from a URL (so `/\t/host` is
/// `//host`), CR/LF would split the `Location` header, and a header value cannot hold other
/// bytes (a percent-encoded path is how a link carries them).
#[must_use]
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() <= 2048
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_owned()
        }
        _ => "/cases".to_owned(),
    }
}

/// An optional time of day as people type it: "17:30", "17.30", "5:30pm", "5pm" (London time;
/// the tribunals' 5pm rule needs it). Empty is none.
///
/// # Errors
/// A sentence for the form, naming `label`.
pub fn parse_time(label: &str, text: &str) -> Result<Option<chrono::NaiveTime>, String> {
    let t = text.trim().to_ascii_lowercase().replace(' ', "");
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || format!("Enter the {label} as a time like 17:30 or 5:30pm");
    let (clock, pm) = match (t.strip_suffix("pm"), t.strip_suffix("am")) {
        (Some(c), _) => (c, Some(true)),
        (_, Some(c)) => (c, Some(false)),
        _ => (t.as_str(), None),
    };
    let (h, m) = clock
        .split_once([':', '.'])
        .map_or((clock, "00"), |(h, m)| (h, m));
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let (Ok(mut hour), Ok(minute)) = (h.parse::<u32>(), m.parse::<u32>()) else {
        return Err(bad());
    };
    match pm {
        Some(_) if !(1..=12).contains(&hour) => return Err(bad()),
        Some(true) if hour != 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    chrono::NaiveTime::from_hms_opt(hour, minute, 0)
        .map(Some)
        .ok_or_else(bad)
}

/// The UTC timestamp (RFC 3339) of a London date and optional time, for the API's `timestamp`;
/// `None` when no time was typed.
///
/// # Errors
/// A time the clocks skipped (the last Sunday of March, 01:00 to 01:59).
pub fn london_timestamp(
    date: NaiveDate,
    time: Option<chrono::NaiveTime>,
) -> Result<Option<chrono::NaiveDateTime>, String> {
    let Some(time) = time else {
        return Ok(None);
    };
    crate::domain::london::london_instant(date.and_time(time))
        .map(Some)
        .ok_or_else(|| {
            "That time did not happen in London: the clocks went forward an hour that night"
                .to_owned()
        })
}

/// The text with its first letter in capitals ("date received" → "Date received"): the one
/// definition, the notice's own.
pub use crate::domain::notice::draft::capitalised as capitalise;

/// A date as people write it in letters: "Tuesday 20 February 2024" (the one format, after
/// its weekday).
#[must_use]
pub fn long_date(date: NaiveDate) -> String {
    crate::domain::dates::uk_date_with_weekday(date)
}

/// A date in tables: "20 February 2024", the one format without the weekday (issue 14: not
/// "20 Feb 2024").
#[must_use]
pub fn short_date(date: NaiveDate) -> String {
    crate::domain::dates::uk_date(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_local_paths_are_followed_after_sign_in() {
        let cases: &[(Option<&str>, &str)] = &[
            (Some("/cases/FS50123456"), "/cases/FS50123456"), // a page of ours
            (
                Some("/cases?status=open&page=2"),
                "/cases?status=open&page=2",
            ), // with a query
            (Some("/search?q=a%20b"), "/search?q=a%20b"),     // percent-encoding is kept
            (None, "/cases"),                                 // nothing asked for
            (Some(""), "/cases"),                             // empty
            (Some("https://evil.example/"), "/cases"),        // a scheme
            (Some("javascript:alert(1)"), "/cases"),          // a script URL
            (Some("//evil.example"), "/cases"),               // scheme-relative: another host
            (Some("/\\evil.example"), "/cases"),              // browsers read \\ as /
            (Some("/\t/evil.example"), "/cases"),             // the tab is dropped: //evil.example
            (Some("/\n/evil.example"), "/cases"),             // so is a newline
            (Some("/x\r\nSet-Cookie: a=b"), "/cases"),        // header splitting (no 500 either)
            (Some("/caf\u{e9}"), "/cases"),                   // not a valid header value
            (Some("/a b"), "/cases"),                         // spaces are encoded in a real link
            (Some("cases"), "/cases"),                        // relative
        ];
        for (next, want) in cases {
            assert_eq!(safe_next(*next), *want, "{next:?}");
        }
        let long = format!("/{}", "a".repeat(3000));
        assert_eq!(safe_next(Some(&long)), "/cases", "too long to be ours");
    }

    fn parts(d: &str, m: &str, y: &str) -> DateParts {
        DateParts {
            day: d.into(),
            month: m.into(),
            year: y.into(),
        }
    }

    #[test]
    fn date_inputs_are_read_as_the_design_system_says() {
        let ok = |p: DateParts| parse_date("date received", &p);
        assert_eq!(
            ok(parts("13", "2", "2023")),
            Ok(NaiveDate::from_ymd_opt(2023, 2, 13).unwrap())
        );
        assert_eq!(
            ok(parts(" 1 ", "March", "2024")),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
        );
        assert_eq!(
            ok(parts("", "", "")),
            Err("Enter the date received".to_owned())
        );
        assert_eq!(
            ok(parts("13", "", "2023")),
            Err("The date received must include a month".to_owned())
        );
        assert_eq!(
            ok(parts("", "", "2023")),
            Err("The date received must include a day and month".to_owned())
        );
        assert_eq!(
            ok(parts("30", "2", "2024")),
            Err("The date received must be a real date".to_owned())
        );
        assert_eq!(
            ok(parts("1", "2", "24")),
            Err("The year of the date received must include 4 numbers".to_owned())
        );
        assert_eq!(
            ok(parts("x", "2", "2024")),
            Err("The date received must be a real date".to_owned())
        );
    }

    #[test]
    fn times_are_read_as_people_type_them() {
        let t = |h, m| Ok(Some(chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap()));
        #[rustfmt::skip]
        let table = [
            ("17:30", t(17, 30)), ("17.30", t(17, 30)), ("5:30pm", t(17, 30)), ("5:30 PM", t(17, 30)),
            ("5pm", t(17, 0)), ("12pm", t(12, 0)), ("12:15am", t(0, 15)), ("09:05", t(9, 5)),
            ("", Ok(None)), ("  ", Ok(None)),
        ];
        for (text, want) in table {
            assert_eq!(parse_time("time", text), want, "{text}");
        }
        for text in [
            "25:00",
            "17:60",
            "13pm",
            "0am",
            "5:3",
            "half five",
            "1730",
            ":30",
        ] {
            assert!(parse_time("time", text).is_err(), "{text}");
        }
    }

    #[test]
    fn only_local_addresses_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/cases/IC-1")), "/cases/IC-1");
        assert_eq!(safe_next(Some("//evil.example")), "/cases");
        assert_eq!(safe_next(Some("https://evil.example")), "/cases");
        assert_eq!(safe_next(Some("/\\evil.example")), "/cases");
        assert_eq!(safe_next(None), "/cases");
    }
}
