//! Which deadline reminders are due on a day, as values: the scheduler stores them in the
//! outbox and the worker sends them. Nothing here sends or reads the clock.
//!
//! The public authority hears about the response dates of the Commissioner's letters (the
//! chase letter and the investigation letter) some working days before, on the day, and the
//! working day after if missed; and about steps ordered by a decision notice some calendar days
//! before and the day after they fall due. These are courtesy reminders, not statutory
//! notices: a party may opt out of them.
//!
//! Staff hear about the Commissioner's own tribunal deadline, the response to a notice of
//! appeal (GRC rule 23), some working days before, on the day, and the working day after if
//! missed, counted on the tribunal's calendar (the deadline's own).

use crate::domain::calendar::{Calendars, WorkingCalendar};
use crate::domain::deadline::{Deadline, DeadlineName, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The offsets managers may change (defaults from the email issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderOffsets {
    /// Working days before a letter's response date that the authority is reminded (5).
    pub letter_working_days_before: u32,
    /// Calendar days before steps fall due that the authority is reminded (7).
    pub steps_days_before: u32,
    /// Working days ahead an officer's daily digest looks (5).
    pub digest_working_days: u32,
    /// Age in calendar days after which an open case is past the service standard (180).
    pub service_standard_days: u32,
    /// Working days before the Commissioner's response to a notice of appeal is due that the
    /// case's officer is reminded (5).
    pub appeal_response_working_days_before: u32,
}

impl Default for ReminderOffsets {
    fn default() -> Self {
        ReminderOffsets {
            letter_working_days_before: 5,
            steps_days_before: 7,
            digest_working_days: 5,
            service_standard_days: 180,
            appeal_response_working_days_before: 5,
        }
    }
}

/// When, relative to its deadline, a reminder goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// Ahead of the date.
    Before,
    /// On the date.
    OnTheDay,
    /// After the date passed unmet.
    Missed,
}

impl Moment {
    /// The identifier in keys and template names.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Moment::Before => "before",
            Moment::OnTheDay => "on_the_day",
            Moment::Missed => "missed",
        }
    }
}

/// A reminder due to the authority about one deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    /// The deadline.
    pub deadline: DeadlineName,
    /// Its date.
    pub date: NaiveDate,
    /// Before, on the day, or missed.
    pub moment: Moment,
}

/// The deadlines the authority is reminded of.
const LETTERS: [DeadlineName; 2] = [
    DeadlineName::ChaseResponseDue,
    DeadlineName::InvestigationResponseDue,
];

/// The reminders due `today` about a case's deadlines. A reminder is due from its moment
/// onwards (so a scheduler that did not run on the exact day still sends it), until the next
/// moment of the same deadline takes over; once a deadline is met, nothing is due.
#[must_use]
pub fn due_for_authority(
    deadlines: &[Deadline],
    calendar: &WorkingCalendar,
    offsets: &ReminderOffsets,
    today: NaiveDate,
) -> Vec<DueReminder> {
    let mut due = Vec::new();
    for d in deadlines {
        let Some(date) = d.date else { continue };
        if !matches!(
            d.status,
            Status::Pending | Status::DueToday | Status::Overdue
        ) {
            continue;
        }
        let moment = if LETTERS.contains(&d.name) {
            working_day_moment(calendar, date, offsets.letter_working_days_before, today)
        } else if d.name == DeadlineName::StepsDue {
            // Steps periods run in calendar days (docs/deadline-rules.md §4): so do their reminders.
            let before =
                date.checked_sub_days(chrono::Days::new(u64::from(offsets.steps_days_before)));
            let after = date.succ_opt();
            // Steps have no on-the-day reminder; "overdue" is the day after.
            match moment_on(today, before, date, after) {
                Some(Moment::OnTheDay) => Some(Moment::Before),
                other => other,
            }
        } else {
            None
        };
        if let Some(moment) = moment {
            due.push(DueReminder {
                deadline: d.name,
                date,
                moment,
            });
        }
    }
    due
}

/// The moment of a deadline reminded `n` working days before, on the day, and the working day
/// after if missed.
fn working_day_moment(
    calendar: &WorkingCalendar,
    date: NaiveDate,
    n: u32,
    today: NaiveDate,
) -> Option<Moment> {
    // "n working days before": the working day n working days ahead of the date.
    let before = nth_working_day_before(calendar, date, n);
    // "The day after if missed": the first working day after the date.
    let after = calendar.next_working_day(date).ok();
    moment_on(today, before, date, after)
}

/// The reminders due `today` to staff about the Commissioner's response to a notice of appeal
/// (GRC rule 23: 28 days after the tribunal sent it), each counted on the deadline's own
/// calendar (the tribunal calendar setting). Due from its moment onwards, as for authorities;
/// nothing once the response is sent.
#[must_use]
pub fn due_for_staff(
    deadlines: &[Deadline],
    calendars: &Calendars,
    offsets: &ReminderOffsets,
    today: NaiveDate,
) -> Vec<DueReminder> {
    deadlines
        .iter()
        .filter(|d| d.name == DeadlineName::CommissionerResponseDue)
        .filter(|d| {
            matches!(
                d.status,
                Status::Pending | Status::DueToday | Status::Overdue
            )
        })
        .filter_map(|d| {
            let date = d.date?;
            let calendar = calendars.get(d.calendar);
            working_day_moment(
                calendar,
                date,
                offsets.appeal_response_working_days_before,
                today,
            )
            .map(|moment| DueReminder {
                deadline: d.name,
                date,
                moment,
            })
        })
        .collect()
}

/// Which moment `today` falls in: from `before` until the day, the day itself, from `after` on.
fn moment_on(
    today: NaiveDate,
    before: Option<NaiveDate>,
    date: NaiveDate,
    after: Option<NaiveDate>,
) -> Option<Moment> {
    if after.is_some_and(|a| today >= a) {
        Some(Moment::Missed)
    } else if today == date {
        Some(Moment::OnTheDay)
    } else if before.is_some_and(|b| today >= b) && today < date {
        Some(Moment::Before)
    } else {
        None
    }
}

fn nth_working_day_before(
    calendar: &WorkingCalendar,
    date: NaiveDate,
    n: u32,
) -> Option<NaiveDate> {
    let mut day = date;
    let mut counted = 0;
    while counted < n {
        day = day.pred_opt()?;
        if calendar.is_working_day(day).ok()? {
            counted += 1;
        }
    }
    Some(day)
}

/// The ISO week of a day, as "2024-W08": the key of the managers' weekly summary.
#[must_use]
pub fn iso_week(day: NaiveDate) -> String {
    use chrono::Datelike;
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarKind, CalendarOptions};
    use crate::domain::deadline::DeadlineKind;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn deadline(name: DeadlineName, date: &str, status: Status) -> Deadline {
        Deadline {
            name,
            kind: DeadlineKind::Duty,
            date: Some(day(date)),
            basis: String::new(),
            rule: String::new(),
            status,
            working_days_late: 0,
            calendar_days_late: 0,
            met_on: None,
            calendar: CalendarKind::UkUnion,
            skipped: Vec::new(),
            note: None,
            by_time: None,
            minutes_late: None,
        }
    }

    fn moments(d: &Deadline, today: &str) -> Vec<Moment> {
        let cal = WorkingCalendar::build(CalendarKind::UkUnion, &CalendarOptions::default());
        due_for_authority(
            std::slice::from_ref(d),
            &cal,
            &ReminderOffsets::default(),
            day(today),
        )
        .into_iter()
        .map(|r| r.moment)
        .collect()
    }

    #[test]
    fn a_letter_is_reminded_five_working_days_before_on_the_day_and_the_working_day_after() {
        // Response date Monday 16 October 2023: five working days before is Monday 9 October;
        // the working day after is Tuesday 17 October.
        let chase = deadline(
            DeadlineName::ChaseResponseDue,
            "2023-10-16",
            Status::Pending,
        );
        assert_eq!(moments(&chase, "2023-10-06"), vec![]);
        assert_eq!(moments(&chase, "2023-10-09"), vec![Moment::Before]);
        assert_eq!(moments(&chase, "2023-10-13"), vec![Moment::Before]);
        let today = deadline(
            DeadlineName::ChaseResponseDue,
            "2023-10-16",
            Status::DueToday,
        );
        assert_eq!(moments(&today, "2023-10-16"), vec![Moment::OnTheDay]);
        let missed = deadline(
            DeadlineName::ChaseResponseDue,
            "2023-10-16",
            Status::Overdue,
        );
        assert_eq!(moments(&missed, "2023-10-17"), vec![Moment::Missed]);
        assert_eq!(moments(&missed, "2023-10-30"), vec![Moment::Missed]);
    }

    #[test]
    fn working_days_before_skip_bank_holidays() {
        // Response date Thursday 11 May 2023: counting back five working days skips the
        // coronation bank holiday (Monday 8 May) and lands on Wednesday 3 May.
        let chase = deadline(
            DeadlineName::InvestigationResponseDue,
            "2023-05-11",
            Status::Pending,
        );
        assert_eq!(moments(&chase, "2023-05-02"), vec![]);
        assert_eq!(moments(&chase, "2023-05-03"), vec![Moment::Before]);
        // The day after a date on a Friday is the Monday (unless a holiday): Friday 26 May 2023
        // is followed by the spring bank holiday, so "missed" is Tuesday 30 May.
        let friday = deadline(
            DeadlineName::ChaseResponseDue,
            "2023-05-26",
            Status::Overdue,
        );
        assert_eq!(moments(&friday, "2023-05-29"), vec![]);
        assert_eq!(moments(&friday, "2023-05-30"), vec![Moment::Missed]);
    }

    #[test]
    fn steps_are_reminded_seven_calendar_days_before_and_the_day_after() {
        let steps = deadline(DeadlineName::StepsDue, "2024-03-14", Status::Pending);
        assert_eq!(moments(&steps, "2024-03-06"), vec![]);
        assert_eq!(moments(&steps, "2024-03-07"), vec![Moment::Before]);
        assert_eq!(moments(&steps, "2024-03-14"), vec![Moment::Before]);
        let overdue = deadline(DeadlineName::StepsDue, "2024-03-14", Status::Overdue);
        assert_eq!(moments(&overdue, "2024-03-15"), vec![Moment::Missed]);
    }

    #[test]
    fn met_or_suspended_deadlines_and_other_deadlines_are_never_reminded() {
        for status in [
            Status::Met,
            Status::MetLate,
            Status::Suspended,
            Status::Expired,
        ] {
            let d = deadline(DeadlineName::ChaseResponseDue, "2023-10-16", status);
            assert_eq!(moments(&d, "2023-10-16"), vec![], "{status:?}");
        }
        let response = deadline(DeadlineName::ResponseDue, "2023-10-16", Status::Pending);
        assert_eq!(moments(&response, "2023-10-16"), vec![]);
    }

    #[test]
    fn the_commissioners_response_is_reminded_on_the_tribunal_calendar_and_only_until_sent() {
        let cals = Calendars::build(&CalendarOptions::default());
        let on = |d: &Deadline, today: &str| -> Vec<Moment> {
            due_for_staff(
                std::slice::from_ref(d),
                &cals,
                &ReminderOffsets::default(),
                day(today),
            )
            .into_iter()
            .map(|r| r.moment)
            .collect()
        };
        let mut due = deadline(
            DeadlineName::CommissionerResponseDue,
            "2024-08-29",
            Status::Pending,
        );
        due.calendar = CalendarKind::EnglandAndWales;
        // Response due Thursday 29 August 2024: five working days back skips the summer bank
        // holiday of England and Wales (Monday 26 August) and lands on Wednesday 21 August.
        let table = [
            ("the day before the fifth working day", "2024-08-20", vec![]),
            (
                "five working days before",
                "2024-08-21",
                vec![Moment::Before],
            ),
            (
                "on the bank holiday, still ahead",
                "2024-08-26",
                vec![Moment::Before],
            ),
            ("on the day", "2024-08-29", vec![Moment::OnTheDay]),
            ("the working day after", "2024-08-30", vec![Moment::Missed]),
        ];
        for (name, today, expected) in table {
            assert_eq!(on(&due, today), expected, "{name}");
        }
        // In Scotland 26 August 2024 is a working day: five back is Thursday 22 August.
        due.calendar = CalendarKind::Scotland;
        assert_eq!(on(&due, "2024-08-21"), vec![], "Scotland: not yet");
        assert_eq!(on(&due, "2024-08-22"), vec![Moment::Before], "Scotland");
        for status in [Status::Met, Status::MetLate, Status::Suspended] {
            due.status = status;
            assert_eq!(on(&due, "2024-08-29"), vec![], "{status:?}");
        }
        let letter = deadline(
            DeadlineName::ChaseResponseDue,
            "2024-08-29",
            Status::Pending,
        );
        assert_eq!(
            on(&letter, "2024-08-29"),
            vec![],
            "letters go to the authority"
        );
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(iso_week(day("2024-02-20")), "2024-W08");
        assert_eq!(iso_week(day("2021-01-03")), "2020-W53");
    }
}
