//! After the request and its review: the window to complain to the Commissioner, the
//! Commissioner's letters to the authority, the decision notice, its steps and the appeal.
//! Rules: `docs/deadline-rules.md`.

use super::tribunal::Course;
use super::{Evaluator, Spec};
use crate::domain::calendar::{CalendarKind, OutOfRange, SkippedDay, WorkingCalendar};
use crate::domain::deadline::types::judge;
use crate::domain::deadline::{Deadline, DeadlineKind, DeadlineName, Status};
use crate::domain::regime::Regime;
use crate::domain::timeline::{Event, EventKind, TimelineError, human_date};
use crate::domain::tribunal::{Outcome, five_pm};
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
        let spec = Spec {
            name: DeadlineName::AppealLastDay,
            kind: DeadlineKind::Window,
            date: last_day,
            basis,
            rule,
            met_on: appeal.as_ref().map(|a| a.date),
            calendar: tribunal_cal,
            skipped,
            note: None,
        };
        if self.timeline.regime.is_scottish() {
            self.push(spec)?;
        } else {
            // GRC r12(1): received by 5pm on the last day.
            self.push_timed(spec, appeal.as_ref().and_then(|a| a.at), five_pm())?;
        }
        if let Some(d) = self.deadlines.last_mut()
            && d.status == Status::MetLate
            && appeal.as_ref().is_some_and(|a| a.extension_granted)
        {
            d.note = Some(
                "Late appeal admitted: the tribunal extended time (GRC rule 5(3)(a))".to_owned(),
            );
        }
        self.tribunal_stages()?;
        self.directions()?;
        let course = Course::of(&self.timeline.events);
        self.s53_window(&notice, &course)?;
        self.steps(&notice, last_day, &course)
    }

    /// The steps a decision notice orders (FOIA s50(4), s50(6)), and what an appeal does to
    /// them: suspended while it is pending; after a dismissal, strike-out or withdrawal the part
    /// of the period left when the appeal was lodged runs from the day it ended; after an
    /// allowed appeal a substituted notice's steps replace them (FOIA s58(1)).
    fn steps(
        &mut self,
        notice: &Event,
        last_day: NaiveDate,
        course: &Course,
    ) -> Result<(), OutOfRange> {
        let period = notice.steps_period_days.or(notice
            .steps_ordered
            .then_some(self.settings.steps_period_days));
        if self.certificate_ends_steps(notice, period) {
            return Ok(());
        }
        if let Some(since) = course.pending_since() {
            if period.is_some() || course.substituted.is_some() {
                self.push_undated(
                    DeadlineName::StepsDue,
                    Status::Suspended,
                    STEPS_BASIS.to_owned(),
                    format!(
                        "Suspended: an appeal has been pending since {} and is not yet determined or withdrawn (FOIA s50(6))",
                        human_date(since)
                    ),
                );
            }
            return Ok(());
        }
        if let Some(decision) = course.substituted.clone() {
            return self.substituted_steps(&decision);
        }
        let Some(period) = period else {
            return Ok(());
        };
        let outcome = course.first_tier.as_ref().and_then(|d| d.tribunal.outcome);
        if outcome == Some(Outcome::Allowed) {
            self.warnings.push(
                "The tribunal allowed the appeal and substituted no steps: the Commissioner's steps no longer apply (FOIA s58(1))".to_owned(),
            );
            return Ok(());
        }
        self.steps_due(notice, period, last_day, course, outcome)
    }

    /// A ministerial certificate given after the notice ends it, steps and all (FOIA s53(2));
    /// a warning says so when the notice ordered steps.
    fn certificate_ends_steps(&mut self, notice: &Event, period: Option<u32>) -> bool {
        let certificate = self
            .timeline
            .first_on_or_after(EventKind::MinisterialCertificateGiven, notice.date)
            .map(|e| e.date);
        let Some(c) = certificate else {
            return false;
        };
        if period.is_some() {
            self.warnings.push(format!(
                "A ministerial certificate was given on {}: the notice ceased to have effect, so its steps are not due (FOIA s53(2))",
                human_date(c)
            ));
        }
        true
    }

    /// The steps' date: the notice's period, no earlier than the end of the appeal period,
    /// moved on by the days an appeal was pending.
    fn steps_due(
        &mut self,
        notice: &Event,
        period: u32,
        last_day: NaiveDate,
        course: &Course,
        outcome: Option<Outcome>,
    ) -> Result<(), OutOfRange> {
        // FOIA s50(4): the notice sets the period; s50(6): it must not expire before the end of
        // the period for appeal.
        let base = notice
            .date
            .checked_add_days(Days::new(u64::from(period)))
            .ok_or(OutOfRange { date: notice.date })?;
        let earliest = base.max(last_day);
        // Our reading of s50(6) ("if an appeal is brought"): an appeal the tribunal did not
        // admit was never brought, so it suspended nothing.
        let pending = if outcome == Some(Outcome::NotAdmitted) {
            0
        } else {
            course.days_pending()
        };
        let due = earliest
            .checked_add_signed(Duration::days(pending))
            .ok_or(OutOfRange { date: earliest })?;
        let note = Self::steps_note(period, base, earliest, due, course, outcome);
        self.push(Spec {
            name: DeadlineName::StepsDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: STEPS_BASIS.to_owned(),
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

    /// Why the steps' date is not simply the notice's period.
    fn steps_note(
        period: u32,
        base: NaiveDate,
        earliest: NaiveDate,
        due: NaiveDate,
        course: &Course,
        outcome: Option<Outcome>,
    ) -> Option<String> {
        if due == base {
            return None;
        }
        let mut parts = vec![format!(
            "{period} days from the notice would be {}",
            human_date(base)
        )];
        if earliest != base {
            parts.push(format!(
                "the period cannot end before the last day to appeal, {} (FOIA s50(6))",
                human_date(earliest)
            ));
        }
        if due != earliest {
            if let (Some((from, _)), Some(end)) = (course.pending.first(), course.ended_on()) {
                let left = (earliest - *from).num_days().max(0);
                let how = outcome.map_or("determined".to_owned(), |o| o.label().to_lowercase());
                parts.push(format!(
                    "an appeal was pending from {} to {} ({} days in all), when no step was due (FOIA s50(6)); the appeal was {how}, so the {left} days left when it was lodged run from {}",
                    human_date(*from),
                    human_date(end),
                    course.days_pending(),
                    human_date(end)
                ));
            }
        } else if outcome == Some(Outcome::NotAdmitted) {
            parts.push("the appeal was not admitted (late, time not extended), so it did not suspend the steps".to_owned());
        }
        Some(format!("{}: due {}", parts.join("; "), human_date(due)))
    }

    /// The steps of a notice the tribunal substituted (FOIA s58(1)); the tribunal, not the
    /// Commissioner, enforces them (FOIA s61, GRC r7A).
    fn substituted_steps(&mut self, decision: &Event) -> Result<(), OutOfRange> {
        let Some(period) = decision.tribunal.substituted_steps else {
            return Ok(());
        };
        let decided = decision.tribunal.decided.unwrap_or(decision.date);
        let (due, time) = period
            .due(decided, decision.date)
            .ok_or(OutOfRange { date: decided })?;
        let spec = Spec {
            name: DeadlineName::StepsDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: "FOIA s58(1): the steps of the notice the tribunal substituted; enforced by the tribunal (FOIA s61, GRC r7A), not the Commissioner".to_owned(),
            rule: format!(
                "{} (the substituted notice of {})",
                period.describe(),
                human_date(decided)
            ),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::StepsComplied, decision.date)
                .map(|e| e.date),
            calendar: self.timeline.regime.calendar(),
            skipped: Vec::new(),
            note: Some(format!(
                "The tribunal's decision sent on {} substituted its own notice: these steps replace the Commissioner's and are enforced by the tribunal, not the Commissioner",
                human_date(decision.date)
            )),
        };
        match time {
            Some(t) => {
                let met_at = self
                    .timeline
                    .first_on_or_after(EventKind::StepsComplied, decision.date)
                    .and_then(|e| e.at);
                self.push_timed(spec, met_at, t)
            }
            None => self.push(spec),
        }
    }

    /// An appeal after the last day (by date, or after 5pm on it) needs the tribunal's
    /// extension of time to be possible, unless the tribunal did not admit it.
    pub(super) fn check_appeal_in_time(&self) -> Result<(), TimelineError> {
        let (Some(appeal), Some(window)) = (
            self.timeline.first(EventKind::AppealLodged),
            self.deadlines
                .iter()
                .find(|d| d.name == DeadlineName::AppealLastDay),
        ) else {
            return Ok(());
        };
        let not_admitted = self
            .timeline
            .events
            .iter()
            .any(|e| e.kind.is_decision() && e.tribunal.outcome == Some(Outcome::NotAdmitted));
        match window.date {
            Some(last)
                if window.status == Status::MetLate
                    && !appeal.extension_granted
                    && !not_admitted =>
            {
                let when = if appeal.date > last {
                    format!("lodged on {}", human_date(appeal.date))
                } else {
                    format!("received after 5pm on the last day, {}", human_date(last))
                };
                Err(TimelineError {
                    event: Some(format!("{} on {}", appeal.kind, appeal.date)),
                    rule: "appeal_out_of_time",
                    message: format!(
                        "appeal {when} is after the last day to appeal, {}; record it only if the tribunal extended time (set extension_granted)",
                        human_date(last)
                    ),
                })
            }
            _ => Ok(()),
        }
    }
}

/// The authority's reply to the Commissioner's investigation letter, by the date it set.
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
        by_time: None,
        minutes_late: None,
    })
}

/// The basis of the steps' deadline (FOIA s50(4), s50(6)).
const STEPS_BASIS: &str = "FOIA s50(4) and s50(6): steps within the period the notice sets; suspended while an appeal is pending";
