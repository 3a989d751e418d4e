//! Page views shared by several pages: a deadline as a row with its status tag and its "why
//! this date" explanation (the basis, the rule and every day skipped).

use super::forms::{long_date, short_date};
use crate::domain::calendar::{CalendarKind, Calendars, Division};
use crate::domain::deadline::{Deadline, Status};
use crate::domain::urgency::{Urgency, urgency};
use chrono::NaiveDate;
use serde::Serialize;

/// A deadline as the case page and the calculator show it.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    /// Identifier (for ids in the page).
    pub name: &'static str,
    /// Its name in words.
    pub label: &'static str,
    /// "Tuesday 13 March 2023", or an explanation when there is no date.
    pub date: String,
    /// The tag's text.
    pub tag: &'static str,
    /// The tag's colour class.
    pub tag_class: &'static str,
    /// "3 working days late (5 calendar days)" or empty.
    pub lateness: String,
    /// Met on, when met.
    pub met_on: String,
    /// Duty, window or guideline, in words.
    pub kind: String,
    /// How the date was worked out.
    pub basis: String,
    /// The rule and its source.
    pub rule: String,
    /// Which calendar's working days count.
    pub calendar: &'static str,
    /// Any note from the engine.
    pub note: String,
    /// Every non-working day between the start and the date.
    pub skipped: Vec<SkippedRow>,
    /// Why a holiday of only some parts of the UK was skipped ("7 August 2023 was a bank
    /// holiday in Scotland; FOIA s10(6) …"), so an English case's date can be checked by hand.
    pub holiday_notes: Vec<String>,
}

/// A day the count skipped.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedRow {
    /// "Mon 10 Apr 2023".
    pub date: String,
    /// Weekend or the holiday's name and division.
    pub reason: String,
}

fn status_tag(status: Status, soon: Urgency) -> (&'static str, &'static str) {
    match status {
        Status::Overdue => ("Overdue", "govuk-tag--red"),
        Status::DueToday => ("Due today", "govuk-tag--orange"),
        Status::Pending if soon == Urgency::DueSoon => ("Due soon", "govuk-tag--yellow"),
        Status::Pending => ("Pending", "govuk-tag--blue"),
        Status::Met => ("Met", "govuk-tag--green"),
        Status::MetLate => ("Met late", "govuk-tag--pink"),
        Status::Expired => ("Window closed", "govuk-tag--grey"),
        Status::Suspended => ("Suspended", "govuk-tag--purple"),
        Status::Paused => ("Paused", "govuk-tag--purple"),
    }
}

/// The rows of a case's (or a calculation's) deadlines.
#[must_use]
pub fn deadline_rows(
    deadlines: &[Deadline],
    calendars: &Calendars,
    today: NaiveDate,
) -> Vec<DeadlineRow> {
    deadlines
        .iter()
        .map(|d| {
            let soon = urgency(calendars, today, d.date);
            let (tag, tag_class) = status_tag(d.status, soon);
            let lateness = if d.working_days_late > 0 {
                format!(
                    "{} working day{} late ({} calendar day{})",
                    d.working_days_late,
                    if d.working_days_late == 1 { "" } else { "s" },
                    d.calendar_days_late,
                    if d.calendar_days_late == 1 { "" } else { "s" }
                )
            } else {
                d.minutes_late.map(minutes_late).unwrap_or_default()
            };
            DeadlineRow {
                name: d.name.slug(),
                label: d.name.label(),
                date: d.date.map_or_else(
                    || "Not set yet".to_owned(),
                    |date| match d.by_time {
                        Some(t) => format!("{}, by {}", long_date(date), clock_time(t)),
                        None => long_date(date),
                    },
                ),
                tag,
                tag_class,
                lateness,
                met_on: d.met_on.map(long_date).unwrap_or_default(),
                kind: d.why_this_date(),
                basis: d.basis.clone(),
                rule: d.rule.clone(),
                calendar: d.calendar.label(),
                note: d.note.clone().unwrap_or_default(),
                holiday_notes: partial_holiday_notes(d, calendars),
                skipped: d
                    .skipped
                    .iter()
                    .map(|s| SkippedRow {
                        date: short_date(s.date),
                        reason: s.reason.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// For a count on the whole-UK calendar, a sentence for each skipped holiday that is a bank
/// holiday in only some parts of the UK. FOIA s10(6) defines a working day as any day other than
/// a weekend, Christmas Day, Good Friday or "a day which is a bank holiday under the Banking and
/// Financial Dealings Act 1971 in any part of the United Kingdom"; the EIR (reg 2(1)) use the
/// same definition, and the s45 Code's working days are the Act's (`docs/deadline-rules.md` §0).
fn partial_holiday_notes(d: &Deadline, calendars: &Calendars) -> Vec<String> {
    use chrono::{Datelike, Weekday};
    if d.calendar != CalendarKind::UkUnion {
        return Vec::new();
    }
    let calendar_of = |division: Division| match division {
        Division::EnglandAndWales => CalendarKind::EnglandAndWales,
        Division::Scotland => CalendarKind::Scotland,
        Division::NorthernIreland => CalendarKind::NorthernIreland,
    };
    let mut notes = Vec::new();
    for s in &d.skipped {
        if matches!(s.date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let holiday_in: Vec<&str> = Division::ALL
            .iter()
            .filter(|div| {
                calendars
                    .get(calendar_of(**div))
                    .is_working_day(s.date)
                    .is_ok_and(|working| !working)
            })
            .map(|div| div.label())
            .collect();
        if holiday_in.is_empty() || holiday_in.len() == Division::ALL.len() {
            continue;
        }
        notes.push(format!(
            "{} was a bank holiday in {}; FOIA s10(6) counts a bank holiday in any part of the UK, \
             so it is not a working day wherever the authority is (the EIR, reg 2(1), use the same definition).",
            short_date(s.date),
            holiday_in.join(" and ")
        ));
    }
    notes
}

/// A time of day as people write it: "5pm", "4:30pm".
fn clock_time(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    let (pm, hour) = t.hour12();
    let suffix = if pm { "pm" } else { "am" };
    if t.minute() == 0 {
        format!("{hour}{suffix}")
    } else {
        format!("{hour}:{:02}{suffix}", t.minute())
    }
}

/// Lateness within the day, for acts due by a time (the tribunals' 5pm): "30 minutes late",
/// "2 hours 5 minutes late".
fn minutes_late(total: i64) -> String {
    let plural = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let (h, m) = (total / 60, total % 60);
    match (h, m) {
        (0, m) => format!("{} late", plural(m, "minute")),
        (h, 0) => format!("{} late", plural(h, "hour")),
        (h, m) => format!("{} {} late", plural(h, "hour"), plural(m, "minute")),
    }
}
