//! iCalendar (RFC 5545) for deadline feeds: all-day events, text escaped (§3.3.11), lines
//! folded at 75 octets (§3.1), CRLF line ends. Pure text building; no clock is read (the stamp
//! is given).

use chrono::{NaiveDate, NaiveDateTime};

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllDayEvent {
    /// Globally unique and stable across refreshes, so calendars update rather than duplicate.
    pub uid: String,
    /// The day.
    pub date: NaiveDate,
    /// One line.
    pub summary: String,
    /// Longer text.
    pub description: String,
    /// A link to the case.
    pub url: Option<String>,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
#[must_use]
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no line exceeds 75 octets, never splitting a character
/// (RFC 5545 §3.1: continuation lines start with one space).
#[must_use]
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// A calendar of all-day events.
#[must_use]
pub fn calendar(name: &str, stamp: NaiveDateTime, events: &[AllDayEvent]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//section50//deadlines//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ];
    let dtstamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{}", escape_text(&e.uid)));
        lines.push(format!("DTSTAMP:{dtstamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
        if let Some(next) = e.date.succ_opt() {
            lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        }
        lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if let Some(url) = &e.url {
            lines.push(format!("URL:{url}"));
        }
        lines.push("TRANSP:TRANSPARENT".to_owned());
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_rfc_5545_says() {
        assert_eq!(escape_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            line,
            "unfolding gives the line back"
        );
        assert_eq!(fold("SHORT"), "SHORT");
    }

    #[test]
    fn an_event_is_all_day_with_crlf_lines() {
        let stamp = NaiveDate::from_ymd_opt(2024, 2, 20)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let text = calendar(
            "Deadlines",
            stamp,
            &[AllDayEvent {
                uid: "IC-1-chase@section50".into(),
                date: NaiveDate::from_ymd_opt(2023, 10, 16).unwrap(),
                summary: "IC-1: reply due, the MPS".into(),
                description: String::new(),
                url: None,
            }],
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20231016\r\nDTEND;VALUE=DATE:20231017\r\n"));
        assert!(text.contains("SUMMARY:IC-1: reply due\\, the MPS\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
    }
}
