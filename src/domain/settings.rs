//! The switches of the deadline engine where the law is uncertain, with their defaults
//! (`docs/deadline-rules.md`, "Settings"), and the bounds every numeric setting must keep: the
//! settings arrive from the public `POST /api/v1/timeline`, so a value no law could mean is
//! refused rather than allowed to overflow the date arithmetic. Every switch is shown to users
//! beside any date it affects.

use crate::domain::calendar::{
    CalendarKind, CalendarOptions, FIRST_YEAR, LAST_YEAR, Proclamation, UnproclaimedSubstitutes,
};
use crate::domain::timeline::TimelineError;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// `complaint_window_days`: from one day to three years. The longest complaint window in these
/// regimes is FOISA s47(4)'s six months; three years leaves room for policy without letting a
/// date leave the calendar.
pub const COMPLAINT_WINDOW_DAYS: RangeInclusive<u32> = 1..=1096;

/// `pit_extension_working_days`: none to a year of working days. The ICO guideline is 20 (FOIA
/// s10(3) says only "reasonable in the circumstances"); more than a year is no guideline.
pub const PIT_EXTENSION_WORKING_DAYS: RangeInclusive<u32> = 0..=260;

/// `steps_period_days`: the same bounds as a notice's own `steps_period_days` (one day to a
/// year; FOIA s50(4) lets the notice set the period, the ICO's standard is 30 or 35 days).
pub const STEPS_PERIOD_DAYS: RangeInclusive<u32> = 1..=365;

/// `extra_holidays`: at most this many entries (a century of one-off proclamations is far fewer).
pub const EXTRA_HOLIDAYS_MAX: usize = 1000;

/// Which day is day one when a request arrives on a non-working day (docs/deadline-rules.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOneRule {
    /// ICO reading (default): the receipt date stays the actual date, so day 1 is the first
    /// working day after it.
    #[default]
    Ico,
    /// The reading attributed to the 2018 s45 Code: the next working day becomes the date of
    /// receipt, so day 1 is the working day after that (one working day later).
    ReceiptMovesToNextWorkingDay,
}

/// How the two-month SAR extension is counted (docs/deadline-rules.md; UNCONFIRMED).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SarExtension {
    /// Default: receipt + 3 months, clamped to the month's end, rolled to a working day.
    #[default]
    FromReceipt,
    /// The alternative reading: the one-month date + 2 months.
    FromFirstDeadline,
}

/// The engine's settings. Unknown fields are refused so that a misspelt switch is never
/// silently ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockSettings {
    /// Receipt on a non-working day.
    pub day_one_rule: DayOneRule,
    /// Scotland 4 Jan 2010 and 4 Jan 2011.
    pub unproclaimed_substitutes: UnproclaimedSubstitutes,
    /// 14 Nov 1973 as a bank holiday.
    pub royal_wedding_1973: bool,
    /// Calendar for rolling a tribunal day 28 that is not a working day. Default England and
    /// Wales: never tell a party a later last day than the tribunal may accept (docs/deadline-rules.md).
    pub tribunal_calendar: CalendarKind,
    /// The ICO complaint window after the final response, in calendar days (ICO: six weeks).
    pub complaint_window_days: u32,
    /// The public-interest guideline: further working days after the first 20 (ICO guidance).
    pub pit_extension_working_days: u32,
    /// The steps period proposed for a notice that orders steps without stating one (ICO standard).
    pub steps_period_days: u32,
    /// SAR extension arithmetic.
    pub sar_extension: SarExtension,
    /// Calendar for the SAR roll-forward: the controller's own jurisdiction (ICO guidance).
    pub sar_calendar: CalendarKind,
    /// Days proclaimed after this build, added by configuration.
    pub extra_holidays: Vec<Proclamation>,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            day_one_rule: DayOneRule::Ico,
            unproclaimed_substitutes: UnproclaimedSubstitutes::Law,
            royal_wedding_1973: false,
            tribunal_calendar: CalendarKind::EnglandAndWales,
            complaint_window_days: 42,
            pit_extension_working_days: 20,
            steps_period_days: 30,
            sar_extension: SarExtension::FromReceipt,
            sar_calendar: CalendarKind::EnglandAndWales,
            extra_holidays: Vec::new(),
        }
    }
}

fn out_of_bounds(setting: &str, message: String) -> TimelineError {
    TimelineError {
        event: None,
        rule: "setting_out_of_range",
        message: format!("settings: {setting} {message}"),
    }
}

fn check_range(
    setting: &str,
    value: u32,
    bounds: &RangeInclusive<u32>,
    unit: &str,
) -> Result<(), TimelineError> {
    if bounds.contains(&value) {
        return Ok(());
    }
    Err(out_of_bounds(
        setting,
        format!(
            "must be between {} and {} {unit}, not {value}",
            bounds.start(),
            bounds.end()
        ),
    ))
}

impl ClockSettings {
    /// Refuses a setting outside its bounds ([`COMPLAINT_WINDOW_DAYS`],
    /// [`PIT_EXTENSION_WORKING_DAYS`], [`STEPS_PERIOD_DAYS`], [`EXTRA_HOLIDAYS_MAX`], and extra
    /// holidays inside the years the calendars cover).
    ///
    /// # Errors
    /// A [`TimelineError`] with rule `setting_out_of_range` naming the setting and its bounds.
    pub fn validate(&self) -> Result<(), TimelineError> {
        check_range(
            "complaint_window_days",
            self.complaint_window_days,
            &COMPLAINT_WINDOW_DAYS,
            "calendar days",
        )?;
        check_range(
            "pit_extension_working_days",
            self.pit_extension_working_days,
            &PIT_EXTENSION_WORKING_DAYS,
            "working days",
        )?;
        check_range(
            "steps_period_days",
            self.steps_period_days,
            &STEPS_PERIOD_DAYS,
            "calendar days",
        )?;
        if self.extra_holidays.len() > EXTRA_HOLIDAYS_MAX {
            return Err(out_of_bounds(
                "extra_holidays",
                format!(
                    "may list at most {EXTRA_HOLIDAYS_MAX} days, not {}",
                    self.extra_holidays.len()
                ),
            ));
        }
        if let Some(p) = self
            .extra_holidays
            .iter()
            .find(|p| !(FIRST_YEAR..=LAST_YEAR).contains(&p.date.year()))
        {
            return Err(out_of_bounds(
                "extra_holidays",
                format!(
                    "dates must be in the years {FIRST_YEAR} to {LAST_YEAR}, not {}",
                    p.date
                ),
            ));
        }
        Ok(())
    }

    /// The calendar options these settings imply.
    #[must_use]
    pub fn calendar_options(&self) -> CalendarOptions {
        CalendarOptions {
            unproclaimed_substitutes: self.unproclaimed_substitutes,
            royal_wedding_1973: self.royal_wedding_1973,
            extra_days: self.extra_holidays.clone(),
        }
    }
}
