//! The switches of the deadline engine where the law is uncertain, with the defaults of the
//! "Decisions" table in `shared/law/time-rules.md`. Every one is shown to users beside any date
//! it affects.

use crate::domain::calendar::{
    CalendarKind, CalendarOptions, Proclamation, UnproclaimedSubstitutes,
};
use serde::{Deserialize, Serialize};

/// Which day is day one when a request arrives on a non-working day (time-rules.md §1.3).
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

/// How the two-month SAR extension is counted (time-rules.md §6, UNCONFIRMED).
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
    /// Wales: never tell a party a later last day than the tribunal may accept (§5.1).
    pub tribunal_calendar: CalendarKind,
    /// The ICO complaint window after the final response, in calendar days (§4: six weeks).
    pub complaint_window_days: u32,
    /// The public-interest guideline: further working days after the first 20 (§1.6).
    pub pit_extension_working_days: u32,
    /// The steps period proposed for a notice that orders steps without stating one (§4).
    pub steps_period_days: u32,
    /// SAR extension arithmetic.
    pub sar_extension: SarExtension,
    /// Calendar for the SAR roll-forward: the controller's own jurisdiction (§6).
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

impl ClockSettings {
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
