//! The response to a FOIA, EIR, FOISA or EIR (Scotland) request: the 20 working days, the clock
//! restarting on clarification (FOIA s1(3)), the fees-notice pause (FOIA s10(2), FOISA s10(2)),
//! and the public-interest and regulation 7 extensions. Rules: `docs/deadline-rules.md` §1–§3.

use super::{Evaluator, Spec};
use crate::domain::calendar::{OutOfRange, SkippedDay};
use crate::domain::deadline::{DeadlineKind, DeadlineName, Status};
use crate::domain::regime::Regime;
use crate::domain::settings::DayOneRule;
use crate::domain::timeline::{Event, EventKind, human_date};
use chrono::{Months, NaiveDate};

/// The day the rights of access under FOIA, the EIR, FOISA and the EIR (Scotland) came into
/// force. (A constant date: `from_ymd_opt` cannot fail for it.)
const RIGHTS_IN_FORCE: NaiveDate = match NaiveDate::from_ymd_opt(2005, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A response deadline in working days, with the fees-notice pauses applied.
pub(super) struct WorkingDayDue {
    pub(super) date: NaiveDate,
    pub(super) skipped: Vec<SkippedDay>,
}

/// The claims that move or answer the response deadline, as they count in law.
struct Claims {
    /// The public-interest extension (FOIA s10(3)), whenever claimed.
    pit: Option<NaiveDate>,
    /// The EIR reg 7 extension, only when claimed within the first 20 working days.
    eir_extension: Option<NaiveDate>,
}

impl Evaluator<'_> {
    /// `n` working days after `receipt`, disregarding the working days of every fees-notice
    /// period that began on or before the running due date (FOIA s10(2): "the working days in
    /// the period beginning with the day on which the fees notice is given … and ending with the
    /// day on which the fee is received … are to be disregarded": both end days included; FOISA
    /// s10(2) and EIR reg 8(6) alike).
    ///
    /// Periods that share a day are merged before counting: a second notice given on the day
    /// the first fee arrives must not disregard that day twice (issue 20).
    fn working_day_due(&self, receipt: NaiveDate, n: u32) -> Result<WorkingDayDue, OutOfRange> {
        let cal = self.cal();
        let overflow = || OutOfRange { date: receipt };
        let mut disregarded: u32 = 0;
        let mut due = cal.add_working_days(receipt, n)?;
        // Merged disregarded periods, in order: (first day, last day).
        let mut paused: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for (notice, paid) in self.fee_periods() {
            let Some(paid) = paid else { break };
            if notice > due || paid <= receipt {
                continue;
            }
            let start = notice.max(receipt.succ_opt().ok_or_else(overflow)?);
            // Count only the days the previous period has not already disregarded.
            let from = match paused.last() {
                Some(&(_, end)) if end >= start => end.succ_opt().ok_or_else(overflow)?,
                _ => start,
            };
            if from > paid {
                continue;
            }
            let days = cal.working_days_between(from.pred_opt().ok_or_else(overflow)?, paid)?;
            disregarded = disregarded
                .checked_add(u32::try_from(days.max(0)).map_err(|_| overflow())?)
                .ok_or_else(overflow)?;
            due =
                cal.add_working_days(receipt, n.checked_add(disregarded).ok_or_else(overflow)?)?;
            match paused.last_mut() {
                Some(last) if last.1 >= start => last.1 = paid,
                _ => paused.push((start, paid)),
            }
        }
        let mut skipped = cal.skipped_between(receipt, due);
        let source = self.timeline.regime.fees_pause_basis();
        for (first, last) in paused {
            let mut d = first;
            while d <= last {
                if cal.is_working_day(d)? {
                    skipped.push(SkippedDay {
                        date: d,
                        reason: format!(
                            "Disregarded: fees notice period {} to {} ({source})",
                            human_date(first),
                            human_date(last)
                        ),
                    });
                }
                d = d.succ_opt().ok_or_else(overflow)?;
            }
        }
        skipped.sort_by_key(|s| s.date);
        Ok(WorkingDayDue { date: due, skipped })
    }

    /// Fees-notice periods in order: (notice date, fee received date if paid).
    fn fee_periods(&self) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        for e in &self.timeline.events {
            match e.kind {
                EventKind::FeesNoticeIssued => out.push((e.date, None)),
                EventKind::FeePaid => {
                    if let Some(last) = out.last_mut() {
                        last.1 = Some(e.date);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The day the clock runs from, and the date of receipt after the day-one setting.
    fn clock_start(&self, request: &Event) -> Result<(NaiveDate, NaiveDate), OutOfRange> {
        // FOIA s1(3) and s10(6)(b): after clarification the clock restarts from the day the
        // clarification is received (ICO: treat it as a new request). EIR reg 9(4) is treated the
        // same way (UNCONFIRMED, docs/deadline-rules.md).
        let clock_start = self
            .timeline
            .last(EventKind::ClarificationReceived)
            .map_or(request.date, |e| e.date);
        let mut receipt = clock_start;
        // The ICO reading keeps the actual date; the alternative moves a non-working receipt day
        // to the next working day, which becomes the date of receipt (docs/deadline-rules.md).
        if self.settings.day_one_rule == DayOneRule::ReceiptMovesToNextWorkingDay {
            receipt = self.cal().roll_forward(receipt)?;
        }
        Ok((clock_start, receipt))
    }

    pub(super) fn request_stage(&mut self, request: &Event) -> Result<(), OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        if request.date < RIGHTS_IN_FORCE {
            // FOIA s1 (by the commencement order made under s87(3)), the EIR 2004 (reg 1) and
            // FOISA s1 and the EIR (Scotland) 2004 all gave the right of access from 1 Jan 2005.
            self.warnings.push(format!(
                "the request of {} predates 1 January 2005, when the right of access under {} came into force: these deadlines did not apply to it",
                human_date(request.date),
                regime.label()
            ));
        }
        let (clock_start, receipt) = self.clock_start(request)?;
        self.date_of_receipt = Some(receipt);
        let days = regime.response_working_days().unwrap_or(20);
        let response = self
            .timeline
            .first_on_or_after(EventKind::ResponseSent, clock_start)
            .map(|e| e.date);
        if let Some(before) = self.timeline.first(EventKind::ResponseSent)
            && before.date < clock_start
        {
            self.warnings.push(format!(
                "a response on {} came before the clarification received on {}; the clock runs from the clarification",
                human_date(before.date),
                human_date(clock_start)
            ));
        }
        if self.clarification_paused() {
            return Ok(());
        }
        let unextended = self.working_day_due(receipt, days)?;
        if self.fee_paused(unextended.date)? {
            return Ok(());
        }
        self.fee_warnings(unextended.date)?;
        let claims = self.claims(unextended.date);
        // The refusal notice claiming an extension itself answers within the 20 days
        // (FOIA s10(3) "does not affect the time for the s17(1) notice"; EIR reg 7(3)).
        let interim = claims.pit.or(claims.eir_extension);
        let met_on = match (response, interim) {
            (Some(r), Some(i)) => Some(r.min(i)),
            (r, i) => r.or(i),
        };
        let note = match self.settings.day_one_rule {
            DayOneRule::ReceiptMovesToNextWorkingDay if receipt != clock_start => Some(format!(
                "Setting receipt_moves_to_next_working_day: received on {}, treated as received on {}",
                human_date(clock_start),
                human_date(receipt)
            )),
            _ if clock_start != request.date => Some(format!(
                "Clock restarted on {} when the clarification was received (FOIA s1(3))",
                human_date(clock_start)
            )),
            _ => day_one_explained(self.cal(), receipt)?,
        };
        self.push(Spec {
            name: DeadlineName::ResponseDue,
            kind: DeadlineKind::Duty,
            date: unextended.date,
            basis: regime.response_basis().to_owned(),
            rule: format!("{days} working days after {}", human_date(receipt)),
            met_on,
            calendar: cal_kind,
            skipped: unextended.skipped,
            note,
        })?;
        let final_response_due = self
            .extended_response(&claims, receipt, days, response)?
            .unwrap_or(unextended.date);
        self.review_stage(response, final_response_due)
    }

    /// Pushes an undated, paused response deadline while a clarification is awaited; `true`
    /// when the clock is stopped.
    fn clarification_paused(&mut self) -> bool {
        let regime = self.timeline.regime;
        if let Some(c) = self.open_clarification() {
            let note = format!(
                "Clock stopped: clarification requested on {} and not yet received (FOIA s1(3)); 20 working days start again when it arrives",
                human_date(c.date)
            );
            self.push_undated(
                DeadlineName::ResponseDue,
                Status::Paused,
                regime.response_basis().to_owned(),
                note,
            );
            return true;
        }
        false
    }

    /// The last day to pay a fee given on `notice`: FOIA s9(2) and FOISA s9(4) give three months
    /// beginning with the day the notice is given (so ending the day before the corresponding
    /// date); EIR reg 8(5) 60 working days after the notification.
    fn last_day_to_pay(&self, notice: NaiveDate) -> Result<(NaiveDate, &'static str), OutOfRange> {
        let overflow = OutOfRange { date: notice };
        Ok(match self.timeline.regime {
            Regime::Eir => (
                self.cal().add_working_days(notice, 60)?,
                "60 working days (EIR reg 8(5))",
            ),
            regime => (
                notice
                    .checked_add_months(Months::new(3))
                    .and_then(|d| d.pred_opt())
                    .ok_or(overflow)?,
                if regime == Regime::Foisa {
                    "three months (FOISA s9(4))"
                } else {
                    "three months (FOIA s9(2))"
                },
            ),
        })
    }

    /// Pushes an undated, paused response deadline while a fee is awaited; `true` when the
    /// clock is stopped.
    fn fee_paused(&mut self, unextended_due: NaiveDate) -> Result<bool, OutOfRange> {
        let regime = self.timeline.regime;
        let Some((notice, None)) = self.fee_periods().last().copied() else {
            return Ok(false);
        };
        if notice > unextended_due {
            return Ok(false);
        }
        let (last_day, period) = self.last_day_to_pay(notice)?;
        let lapsed = if self.as_of > last_day {
            "; that time has passed, so the authority need not comply"
        } else {
            ""
        };
        self.push_undated(
            DeadlineName::ResponseDue,
            Status::Paused,
            regime.response_basis().to_owned(),
            format!(
                "Clock stopped: fees notice given on {} and the fee is not yet received ({}); the requester has {period} to pay, until {}{lapsed}",
                human_date(notice),
                regime.fees_pause_basis(),
                human_date(last_day)
            ),
        );
        Ok(true)
    }

    /// Warnings for fees notices the law does not let stop the clock (given after the time for
    /// compliance: FOIA s9(1), EIR reg 8(4)) and for fees paid after the time to pay.
    fn fee_warnings(&mut self, unextended_due: NaiveDate) -> Result<(), OutOfRange> {
        let basis = self.timeline.regime.fees_pause_basis();
        for (notice, paid) in self.fee_periods() {
            if notice > unextended_due {
                self.warnings.push(format!(
                    "the fees notice of {} came after the response was due on {}: it must be given within 20 working days of receipt (FOIA s9(1); EIR reg 8(4)), so it does not stop the clock ({basis})",
                    human_date(notice),
                    human_date(unextended_due)
                ));
                continue;
            }
            let (last_day, period) = self.last_day_to_pay(notice)?;
            if let Some(paid) = paid
                && paid > last_day
            {
                self.warnings.push(format!(
                    "the fee for the notice of {} was paid on {}, after the {period} allowed (last day {}): the authority was no longer obliged to comply",
                    human_date(notice),
                    human_date(paid),
                    human_date(last_day)
                ));
            }
        }
        Ok(())
    }

    /// The extension claims as they count, with a warning for each that came too late.
    fn claims(&mut self, unextended_due: NaiveDate) -> Claims {
        let pit = self
            .timeline
            .first(EventKind::PitExtensionClaimed)
            .map(|e| e.date);
        let eir_claim = self
            .timeline
            .first(EventKind::EirExtensionClaimed)
            .map(|e| e.date);
        // An EIR reg 7 extension counts only if the requester was told within the 20 days.
        let eir_extension = match eir_claim {
            Some(c) if c <= unextended_due => Some(c),
            Some(c) => {
                self.warnings.push(format!(
                    "the EIR extension was claimed on {}, after the 20-working-day limit of {}: regulation 7 requires notice within the 20 days, so the extension does not apply",
                    human_date(c),
                    human_date(unextended_due)
                ));
                None
            }
            None => None,
        };
        if let Some(p) = pit
            && p > unextended_due
        {
            self.warnings.push(format!(
                "the public interest extension was claimed on {}, after the 20-working-day limit of {}: the s17 refusal notice was late",
                human_date(p),
                human_date(unextended_due)
            ));
        }
        Claims { pit, eir_extension }
    }

    /// The public-interest guideline or the EIR extended limit, if one was claimed: the date
    /// the final answer was due.
    fn extended_response(
        &mut self,
        claims: &Claims,
        receipt: NaiveDate,
        days: u32,
        response: Option<NaiveDate>,
    ) -> Result<Option<NaiveDate>, OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        if let Some(p) = claims.pit {
            let extra = self.settings.pit_extension_working_days;
            let total = days
                .checked_add(extra)
                .ok_or(OutOfRange { date: receipt })?;
            let due = self.working_day_due(receipt, total)?;
            self.push(Spec {
                name: DeadlineName::PitGuidelineDue,
                kind: DeadlineKind::Guideline,
                date: due.date,
                basis: format!(
                    "FOIA s10(3), s17(2)-(3); ICO guidance: normally no more than {extra} further working days ({} in total)",
                    total
                ),
                rule: format!("{total} working days after {}", human_date(receipt)),
                met_on: self.timeline.first_on_or_after(EventKind::ResponseSent, p).map(|e| e.date),
                calendar: cal_kind,
                skipped: due.skipped,
                note: Some("Guidance, not a statutory deadline".to_owned()),
            })?;
            return Ok(Some(due.date));
        }
        if claims.eir_extension.is_none() {
            return Ok(None);
        }
        // EIR reg 7(1): up to 40 working days where complexity and volume require it.
        let due = self.working_day_due(receipt, 40)?;
        self.push(Spec {
            name: DeadlineName::EirExtendedDue,
            kind: DeadlineKind::Duty,
            date: due.date,
            basis: if regime == Regime::EirScotland {
                "EIR (Scotland) reg 7(1): up to 40 working days for complex and voluminous requests"
                    .to_owned()
            } else {
                "EIR reg 7(1): up to 40 working days for complex and voluminous requests".to_owned()
            },
            rule: format!("40 working days after {}", human_date(receipt)),
            met_on: response,
            calendar: cal_kind,
            skipped: due.skipped,
            note: None,
        })?;
        Ok(Some(due.date))
    }
}

/// Why day 1 of the count is not the day after receipt, when the request arrived on a day that
/// is not a working day: "29 March 2024 was Good Friday and 1 April 2024 Easter Monday, so day 1
/// is Tuesday 2 April 2024". The date of receipt itself stays as it was (the ICO's reading of
/// FOIA s10(6), `docs/deadline-rules.md`); only the counting starts at the next working day.
fn day_one_explained(
    cal: &crate::domain::calendar::WorkingCalendar,
    receipt: NaiveDate,
) -> Result<Option<String>, OutOfRange> {
    if cal.is_working_day(receipt)? {
        return Ok(None);
    }
    let day_one = cal.next_working_day(receipt)?;
    let mut parts = Vec::new();
    let mut d = receipt;
    while d < day_one {
        if let Some(reason) = cal.reason(d) {
            let reason = if matches!(reason.as_str(), "Saturday" | "Sunday") {
                format!("a {reason}")
            } else {
                reason
            };
            // "29 March 2024 was Good Friday", then "1 April 2024 Easter Monday".
            let verb = if parts.is_empty() { " was" } else { "" };
            parts.push(format!(
                "{}{verb} {reason}",
                crate::domain::dates::uk_date(d)
            ));
        }
        d = match d.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let listed = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => return Ok(None),
    };
    Ok(Some(format!(
        "The request arrived on a day that is not a working day: {listed}, so day 1 of the count is {}",
        crate::domain::dates::uk_date_with_weekday(day_one)
    )))
}
