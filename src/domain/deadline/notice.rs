//! After the request and its review: the window to complain to the Commissioner, the
//! Commissioner's letters to the authority, the decision notice, its steps and the appeal.
//! Rules: `docs/deadline-rules.md`.

use super::{Evaluator, Spec};
use crate::domain::calendar::{CalendarKind, OutOfRange, SkippedDay, WorkingCalendar};
use crate::domain::deadline::types::judge;
use crate::domain::deadline::{Deadline, DeadlineKind, DeadlineName, Status};
use crate::domain::regime::Regime;
use crate::domain::timeline::{Event, EventKind, TimelineError, human_date};
use chrono::{Days, Duration, Months, NaiveDate};

impl Evaluator<'_> {
    /// The window to complain to the Commissioner after a completed internal review.
    pub(super) fn complaint_window(&mut self, completed: NaiveDate) -> Result<(), OutOfRange> {
        let c = completed;
        let cal_kind = self.timeline.regime.calendar();
        // ICO: complaints within six weeks of the final response; later ones may
        // be refused for undue delay (FOIA s50(2)(b)). A warning, not a refusal.
        let days = self.settings.complaint_window_days;
        let end = c
            .checked_add_days(Days::new(u64::from(days)))
            .ok_or(OutOfRange { date: c })?;
        self.push(Spec {
            name: DeadlineName::ComplaintWindowEnd,
            kind: DeadlineKind::Window,
            date: end,
            basis: if self.timeline.regime == Regime::Eir {
                "FOIA s50(2)(b) undue delay, applied to the EIR by reg 18; ICO: complain within six weeks of the final response"
            } else {
                "FOIA s50(2)(b) undue delay; ICO: complain within six weeks of the final response"
            }
            .to_owned(),
            rule: format!(
                "{days} calendar days after the internal review of {}",
                human_date(c)
            ),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::ComplaintReceived, c)
                .map(|e| e.date),
            calendar: cal_kind,
            skipped: Vec::new(),
            note: None,
        })
    }

    /// FOISA s47(4): apply to the Scottish Information Commissioner within six months of the
    /// review notice, or of the end of the review period.
    pub(super) fn scottish_application_window(
        &mut self,
        from: NaiveDate,
    ) -> Result<(), OutOfRange> {
        let cal_kind = self.timeline.regime.calendar();
        let end = from
            .checked_add_months(Months::new(6))
            .ok_or(OutOfRange { date: from })?;
        self.push(Spec {
            name: DeadlineName::ComplaintWindowEnd,
            kind: DeadlineKind::Window,
            date: end,
            basis: "FOISA s47(4): application within six months of the review notice or the end of the review period".to_owned(),
            rule: format!("six months after {}", human_date(from)),
            met_on: self.timeline.first_on_or_after(EventKind::ComplaintReceived, from).map(|e| e.date),
            calendar: cal_kind,
            skipped: Vec::new(),
            note: None,
        })
    }

    /// The regulator's letter asking an authority that has not answered to respond within 10
    /// working days of receiving it (ICO practice, letter FS50519635; docs/deadline-rules.md §4).
    pub(super) fn chase_letter(&mut self) -> Result<(), OutOfRange> {
        let Some(chase) = self
            .timeline
            .last(EventKind::ChaseLetterSent)
            .map(|e| e.date)
        else {
            return Ok(());
        };
        let cal_kind = self.timeline.regime.calendar();
        // ICO practice, not a statutory period: a guideline (the Commissioner's remedy for
        // silence is an information notice or a decision notice, FOIA s50-s51).
        let due = self.cal().add_working_days(chase, 10)?;
        self.push(Spec {
            name: DeadlineName::ChaseResponseDue,
            kind: DeadlineKind::Guideline,
            date: due,
            basis: "ICO practice: the authority is asked to respond within 10 working days of the Commissioner's letter".to_owned(),
            rule: format!("10 working days after the letter of {}", human_date(chase)),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::ResponseSent, chase)
                .map(|e| e.date),
            calendar: cal_kind,
            skipped: self.cal().skipped_between(chase, due),
            note: None,
        })
    }

    fn appeal_window(
        &self,
        sent: NaiveDate,
    ) -> Result<(NaiveDate, CalendarKind, Vec<SkippedDay>, String, String), OutOfRange> {
        if self.timeline.regime.is_scottish() {
            // FOISA s56: appeal on a point of law to the Court of Session; 42 days by the Rules
            // of the Court of Session (UNCONFIRMED: one source says 45), docs/deadline-rules.md §3.
            let end = sent
                .checked_add_days(Days::new(42))
                .ok_or(OutOfRange { date: sent })?;
            return Ok((
                end,
                CalendarKind::Scotland,
                Vec::new(),
                "FOISA s56; Rules of the Court of Session: 42 days (UNCONFIRMED)".to_owned(),
                format!(
                    "42 days after the decision was sent on {}",
                    human_date(sent)
                ),
            ));
        }
        // GRC Rules 2009 r22(1)(b): received within 28 days of the date the notice was sent;
        // r12: a period ending on a non-working day ends on the next working day instead.
        // Non-working days inside the period do not extend it (Hughes v IC [2023] UKFTT 302).
        let day28 = sent
            .checked_add_days(Days::new(28))
            .ok_or(OutOfRange { date: sent })?;
        let kind = self.settings.tribunal_calendar;
        let cal = self.calendars.get(kind);
        let last = cal.roll_forward(day28)?;
        Ok((
            last,
            kind,
            cal.skipped_between(day28 - Duration::days(1), last),
            "Tribunal Procedure (First-tier Tribunal) (General Regulatory Chamber) Rules 2009 r22(1)(b) and r12: 28 days from the date the notice was sent, by 5pm".to_owned(),
            format!("28 calendar days after the notice was sent on {}", human_date(sent)),
        ))
    }

    pub(super) fn decision_notice(&mut self) -> Result<(), OutOfRange> {
        let Some(notice) = self
            .timeline
            .first(EventKind::DecisionNoticeIssued)
            .cloned()
        else {
            return Ok(());
        };
        let sent = notice.sent.unwrap_or(notice.date);
        let (last_day, tribunal_cal, skipped, basis, rule) = self.appeal_window(sent)?;
        let appeal = self.timeline.first(EventKind::AppealLodged).cloned();
        self.push(Spec {
            name: DeadlineName::AppealLastDay,
            kind: DeadlineKind::Window,
            date: last_day,
            basis,
            rule,
            met_on: appeal.as_ref().map(|a| a.date),
            calendar: tribunal_cal,
            skipped,
            note: match &appeal {
                Some(a) if a.date > last_day && a.extension_granted => Some(
                    "Late appeal admitted: the tribunal extended time (GRC rule 5(3)(a))"
                        .to_owned(),
                ),
                _ => None,
            },
        })?;

        self.steps(&notice, last_day, appeal.as_ref())
    }

    /// The steps a decision notice orders (FOIA s50(4), s50(6)).
    fn steps(
        &mut self,
        notice: &Event,
        last_day: NaiveDate,
        appeal: Option<&Event>,
    ) -> Result<(), OutOfRange> {
        let period = notice.steps_period_days.or(notice
            .steps_ordered
            .then_some(self.settings.steps_period_days));
        let Some(period) = period else {
            return Ok(());
        };
        // FOIA s50(4): the notice sets the period; s50(6): it must not expire before the end of
        // the period for appeal, and if an appeal is brought nothing is due until it is determined.
        let base = notice
            .date
            .checked_add_days(Days::new(u64::from(period)))
            .ok_or(OutOfRange { date: notice.date })?;
        let mut due = base.max(last_day);
        let basis = "FOIA s50(4) and s50(6): steps within the period the notice sets; suspended while an appeal is pending".to_owned();
        if let Some(a) = appeal {
            match self
                .timeline
                .first_on_or_after(EventKind::AppealDetermined, a.date)
            {
                None => {
                    self.push_undated(
                        DeadlineName::StepsDue,
                        Status::Suspended,
                        basis,
                        format!(
                            "Suspended: appeal lodged on {} and not yet determined (FOIA s50(6))",
                            human_date(a.date)
                        ),
                    );
                    return Ok(());
                }
                Some(d) => {
                    // The days the appeal was pending do not run against the authority.
                    due = due
                        .checked_add_signed(d.date - a.date)
                        .ok_or(OutOfRange { date: due })?;
                }
            }
        }
        let note = (due != base).then(|| {
            format!(
                "{} days from the notice would be {}; moved to {} (not before the appeal period ends, and not while an appeal was pending)",
                period,
                human_date(base),
                human_date(due)
            )
        });
        self.push(Spec {
            name: DeadlineName::StepsDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis,
            rule: format!(
                "{period} calendar days after the notice of {}",
                human_date(notice.date)
            ),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::StepsComplied, notice.date)
                .map(|e| e.date),
            calendar: self.timeline.regime.calendar(),
            skipped: Vec::new(),
            note,
        })
    }

    /// An appeal after the last day needs the tribunal's extension of time to be possible.
    pub(super) fn check_appeal_in_time(&self) -> Result<(), TimelineError> {
        let (Some(appeal), Some(window)) = (
            self.timeline.first(EventKind::AppealLodged),
            self.deadlines
                .iter()
                .find(|d| d.name == DeadlineName::AppealLastDay),
        ) else {
            return Ok(());
        };
        match window.date {
            Some(last) if appeal.date > last && !appeal.extension_granted => Err(TimelineError {
                event: Some(format!("{} on {}", appeal.kind, appeal.date)),
                rule: "appeal_out_of_time",
                message: format!(
                    "appeal lodged on {} is after the last day to appeal, {}; record it only if the tribunal extended time (set extension_granted)",
                    human_date(appeal.date),
                    human_date(last)
                ),
            }),
            _ => Ok(()),
        }
    }
}
///
/// # Errors
/// [`OutOfRange`] outside 1971–2100.
pub fn investigation_response(
    letter: NaiveDate,
    respond_by: NaiveDate,
    replied: Option<NaiveDate>,
    calendar: &WorkingCalendar,
    as_of: NaiveDate,
) -> Result<Deadline, OutOfRange> {
    // The officer's date, not a statutory period: a guideline. Only an information notice
    // (FOIA s51) makes a reply compulsory, and its time is the notice's own.
    let (status, working_days_late, calendar_days_late) = judge(
        DeadlineKind::Guideline,
        respond_by,
        replied,
        as_of,
        calendar,
    )?;
    Ok(Deadline {
        name: DeadlineName::InvestigationResponseDue,
        kind: DeadlineKind::Guideline,
        date: Some(respond_by),
        basis: "The date set in the Commissioner's investigation letter (FOIA s50)".to_owned(),
        rule: format!("set by the letter of {}", human_date(letter)),
        status,
        working_days_late,
        calendar_days_late,
        met_on: replied,
        calendar: calendar.kind(),
        skipped: calendar.skipped_between(letter, respond_by),
        note: None,
    })
}
