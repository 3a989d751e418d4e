//! One request of an authority's request log, as the `section50 lateness` command evaluates it:
//! the response due date and how late the answer was, with no clarification, fees or extension
//! (the monitoring a regulator does with authorities' logs).

use super::types::judge;
use crate::domain::calendar::{Calendars, OutOfRange};
use crate::domain::deadline::{DeadlineKind, Status};
use crate::domain::regime::Regime;
use crate::domain::settings::{ClockSettings, DayOneRule};
use chrono::{Months, NaiveDate};

/// The response deadline and lateness of one request in an authority's request log: the
/// monitoring job a regulator does with authorities' logs (no clarification, fees or extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The response due date.
    pub due: NaiveDate,
    /// Working days late (0 when on time or pending).
    pub working_days_late: i64,
    /// The status on the evaluation day.
    pub status: Status,
}

/// Evaluates one request of a log: received on `received`, answered on `responded` if at all.
///
/// # Errors
/// [`OutOfRange`] outside 1971–2100; a response before receipt is reported by the caller.
pub fn logged_request(
    regime: Regime,
    received: NaiveDate,
    responded: Option<NaiveDate>,
    settings: &ClockSettings,
    calendars: &Calendars,
    as_of: NaiveDate,
) -> Result<LoggedRequest, OutOfRange> {
    let due = match regime.response_working_days() {
        Some(days) => {
            let cal = calendars.get(regime.calendar());
            let receipt = match settings.day_one_rule {
                DayOneRule::Ico => received,
                DayOneRule::ReceiptMovesToNextWorkingDay => cal.roll_forward(received)?,
            };
            cal.add_working_days(receipt, days)?
        }
        None => {
            let cal = calendars.get(settings.sar_calendar);
            cal.roll_forward(
                received
                    .checked_add_months(Months::new(1))
                    .ok_or(OutOfRange { date: received })?,
            )?
        }
    };
    let (status, late, _) = judge(
        DeadlineKind::Duty,
        due,
        responded,
        as_of,
        calendars.get(regime.calendar()),
    )?;
    Ok(LoggedRequest {
        due,
        working_days_late: late,
        status,
    })
}
