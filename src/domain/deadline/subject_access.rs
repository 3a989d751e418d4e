//! UK GDPR subject access requests (art 12(3)): one month by the ICO method, the two-month
//! extension, and the clock starting from what the controller needed. Rules:
//! `docs/deadline-rules.md`.

use super::{Evaluator, Spec};
use crate::domain::calendar::OutOfRange;
use crate::domain::deadline::{DeadlineKind, DeadlineName, Status};
use crate::domain::regime::Regime;
use crate::domain::settings::SarExtension;
use crate::domain::timeline::{Event, EventKind, human_date};
use chrono::{Duration, Months, NaiveDate};

/// The day the GDPR's art 12(3) started to apply (GDPR art 99(2)); the UK GDPR kept the rule.
/// (A constant date: `from_ymd_opt` cannot fail for it.)
const GDPR_APPLIES: NaiveDate = match NaiveDate::from_ymd_opt(2018, 5, 25) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

impl Evaluator<'_> {
    /// UK GDPR art 12(3), ICO method since 15 Aug 2019 (docs/deadline-rules.md §6): the day of receipt is
    /// day 1; the deadline is the corresponding date next month, or the month's last day if there
    /// is none, rolled to the next working day.
    pub(super) fn subject_access(&mut self, request: &Event) -> Result<(), OutOfRange> {
        if request.date < GDPR_APPLIES {
            self.warnings.push(format!(
                "the request of {} predates 25 May 2018, when the UK GDPR rule this engine applies took effect; the Data Protection Act 1998 s7 gave 40 days",
                human_date(request.date)
            ));
        }
        if self.sar_paused() {
            return Ok(());
        }
        let cal_kind = self.settings.sar_calendar;
        let cal = self.calendars.get(cal_kind);
        // Time runs from the later of receipt and of the information needed (ID, clarification).
        let start = self
            .timeline
            .last(EventKind::ClarificationReceived)
            .map_or(request.date, |e| e.date);
        self.date_of_receipt = Some(start);
        let one_month = start
            .checked_add_months(Months::new(1))
            .ok_or(OutOfRange { date: start })?;
        let due = cal.roll_forward(one_month)?;
        let skipped = cal.skipped_between(one_month - Duration::days(1), due);
        let response = self
            .timeline
            .first_on_or_after(EventKind::ResponseSent, start)
            .map(|e| e.date);
        let claim = self
            .timeline
            .first(EventKind::SarExtensionClaimed)
            .map(|e| e.date);
        let extension = claim.and_then(|c| self.sar_extension_in_time(c, due));
        let met_on = match (response, extension) {
            (Some(r), Some(e)) => Some(r.min(e)),
            (r, e) => r.or(e),
        };
        self.push(Spec {
            name: DeadlineName::SarDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: Regime::UkGdprSar.response_basis().to_owned(),
            rule: format!(
                "one month from {} (day 1), rolled to a working day",
                human_date(start)
            ),
            met_on,
            calendar: cal_kind,
            skipped,
            note: None,
        })?;
        if extension.is_some() {
            self.sar_extended(start, one_month, response)?;
        }
        Ok(())
    }

    /// UK GDPR art 12(6) and the ICO's guidance: where the controller asks for what it needs
    /// to confirm the requester's identity (or to clarify), time runs from its receipt, so
    /// while it is awaited nothing is due yet. Whether the clock is stopped so.
    fn sar_paused(&mut self) -> bool {
        if let Some(asked) = self.open_clarification() {
            let note = format!(
                "Clock stopped: identification or clarification asked for on {} and not yet received (UK GDPR art 12(6)); one month starts when it arrives",
                human_date(asked.date)
            );
            self.push_undated(
                DeadlineName::SarDue,
                Status::Paused,
                Regime::UkGdprSar.response_basis().to_owned(),
                note,
            );
            return true;
        }
        false
    }

    /// The SAR extension's claim, if made in time: within the first month (UK GDPR art 12(3));
    /// a late claim is warned about and counts for nothing.
    fn sar_extension_in_time(&mut self, claim: NaiveDate, due: NaiveDate) -> Option<NaiveDate> {
        if claim <= due {
            return Some(claim);
        }
        self.warnings.push(format!(
            "the SAR extension was claimed on {}, after the one-month limit of {}: it had to be claimed within the first month",
            human_date(claim),
            human_date(due)
        ));
        None
    }

    /// UK GDPR art 12(3): the deadline extended by two further months, counted as the
    /// `sar_extension` setting says (the law is unsettled), rolled to a working day.
    fn sar_extended(
        &mut self,
        start: NaiveDate,
        one_month: NaiveDate,
        response: Option<NaiveDate>,
    ) -> Result<(), OutOfRange> {
        let cal_kind = self.settings.sar_calendar;
        let cal = self.calendars.get(cal_kind);
        let base = match self.settings.sar_extension {
            SarExtension::FromReceipt => start.checked_add_months(Months::new(3)),
            SarExtension::FromFirstDeadline => one_month.checked_add_months(Months::new(2)),
        }
        .ok_or(OutOfRange { date: start })?;
        let extended = cal.roll_forward(base)?;
        self.push(Spec {
            name: DeadlineName::SarExtendedDue,
            kind: DeadlineKind::Duty,
            date: extended,
            basis: "UK GDPR art 12(3): extended by two further months where necessary".to_owned(),
            rule: match self.settings.sar_extension {
                SarExtension::FromReceipt => format!(
                    "three months from {}, rolled to a working day",
                    human_date(start)
                ),
                SarExtension::FromFirstDeadline => format!(
                    "two months after {}, rolled to a working day",
                    human_date(one_month)
                ),
            },
            met_on: response,
            calendar: cal_kind,
            skipped: cal.skipped_between(base - Duration::days(1), extended),
            note: Some(
                "Extension arithmetic is a setting (sar_extension); the law is unsettled"
                    .to_owned(),
            ),
        })
    }
}
