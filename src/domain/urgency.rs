//! How near a case's next deadline is, as staff see it: **overdue** once its date has passed,
//! **due soon** from today up to the fifth working day after today (and any non-working days
//! before the sixth), otherwise on track. One definition serves the case list's tags, its "due
//! soon" filter, the Team page's counts and the officers' digest: the Team page says "falls
//! within 5 working days", and working days are counted on the UK-wide calendar of FOIA s10(6)
//! ("a bank holiday in any part of the United Kingdom") whatever the case's regime, so that a
//! count done in SQL and a tag worked out per case always agree.

use crate::domain::calendar::Calendars;
use crate::domain::regime::Regime;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Working days ahead that a deadline counts as due soon.
pub const DUE_SOON_WORKING_DAYS: u32 = 5;

/// How near a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The date has passed (red).
    Overdue,
    /// Due today or within five working days (amber).
    DueSoon,
    /// Later.
    OnTrack,
    /// No open deadline.
    None,
}

impl Urgency {
    /// The tag's text.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "Overdue",
            Urgency::DueSoon => "Due soon",
            Urgency::OnTrack => "On track",
            Urgency::None => "No deadline",
        }
    }

    /// The design system's tag colour.
    #[must_use]
    pub fn tag_class(self) -> &'static str {
        match self {
            Urgency::Overdue => "govuk-tag--red",
            Urgency::DueSoon => "govuk-tag--yellow",
            Urgency::OnTrack => "govuk-tag--green",
            Urgency::None => "govuk-tag--grey",
        }
    }
}

/// The last day a deadline falls "within `n` working days" of `today`: the day before the
/// (n+1)-th working day after today, so that non-working days after the n-th working day count
/// as within (nothing can be done on them anyway). Outside the calendar's years (1971–2100)
/// every later date is within.
#[must_use]
pub fn within_working_days(calendars: &Calendars, today: NaiveDate, n: u32) -> NaiveDate {
    let calendar = calendars.get(Regime::Foia.calendar());
    calendar
        .add_working_days(today, n + 1)
        .ok()
        .and_then(|next| next.checked_sub_days(Days::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day counted as due soon.
#[must_use]
pub fn due_soon_last_day(calendars: &Calendars, today: NaiveDate) -> NaiveDate {
    within_working_days(calendars, today, DUE_SOON_WORKING_DAYS)
}

/// How near a deadline on `due` is.
#[must_use]
pub fn urgency(calendars: &Calendars, today: NaiveDate, due: Option<NaiveDate>) -> Urgency {
    match due {
        None => Urgency::None,
        Some(d) if d < today => Urgency::Overdue,
        Some(d) if d <= due_soon_last_day(calendars, today) => Urgency::DueSoon,
        Some(_) => Urgency::OnTrack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::ClockSettings;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_bounds_of_due_soon() {
        let calendars = Calendars::build(&ClockSettings::default().calendar_options());
        #[rustfmt::skip]
        let cases = [
            // (today, due, expected, why)
            ("2024-03-04", None, Urgency::None, "no open deadline"),
            ("2024-03-04", Some("2024-03-01"), Urgency::Overdue, "the Friday before a Monday has passed"),
            ("2024-03-04", Some("2024-03-04"), Urgency::DueSoon, "due today is due soon, not overdue"),
            ("2024-03-04", Some("2024-03-11"), Urgency::DueSoon, "Monday 11th is the fifth working day after Monday 4th"),
            ("2024-03-04", Some("2024-03-12"), Urgency::OnTrack, "the sixth working day is not soon"),
            ("2024-03-08", Some("2024-03-15"), Urgency::DueSoon, "Friday to the next Friday: five working days"),
            ("2024-03-08", Some("2024-03-17"), Urgency::DueSoon, "the weekend before the sixth working day is within"),
            ("2024-03-08", Some("2024-03-18"), Urgency::DueSoon, "Monday 18th is St Patrick's Day's substitute in Northern Ireland, so not a FOIA working day"),
            ("2024-03-08", Some("2024-03-19"), Urgency::OnTrack, "Tuesday 19th is the sixth working day"),
            ("2024-03-25", Some("2024-04-03"), Urgency::DueSoon, "Good Friday and Easter Monday 2024 are not counted"),
            ("2024-03-25", Some("2024-04-04"), Urgency::OnTrack, "Thursday 4 April is the sixth working day after 25 March"),
            ("2024-03-09", Some("2024-03-15"), Urgency::DueSoon, "from a Saturday the count starts on Monday"),
            ("2024-03-09", Some("2024-03-19"), Urgency::OnTrack, "from a Saturday, Tuesday 19th is the sixth"),
        ];
        for (today, due, expected, why) in cases {
            assert_eq!(
                urgency(&calendars, day(today), due.map(day)),
                expected,
                "{today} {due:?}: {why}"
            );
        }
    }

    #[test]
    fn a_date_is_due_soon_exactly_when_at_most_five_working_days_follow_today_up_to_it() {
        // The property that ties the tag to the working-day count the Team page describes.
        let calendars = Calendars::build(&ClockSettings::default().calendar_options());
        let uk = calendars.get(Regime::Foia.calendar());
        let start = day("2023-12-01");
        for t in 0..60 {
            let today = start + chrono::Duration::days(t);
            for ahead in 0..20 {
                let due = today + chrono::Duration::days(ahead);
                let counted = uk.working_days_between(today, due).unwrap();
                let soon = urgency(&calendars, today, Some(due)) == Urgency::DueSoon;
                assert_eq!(
                    soon,
                    counted <= 5,
                    "{today} -> {due}: {counted} working days"
                );
            }
        }
    }
}
