//! The second look at a request: the FOIA internal review (s45 Code of Practice), the EIR
//! reconsideration (reg 11), and the Scottish requirement for review (FOISA s20–s21, EIR
//! (Scotland) reg 16). Rules: `docs/deadline-rules.md`.

use super::{Evaluator, Spec};
use crate::domain::calendar::OutOfRange;
use crate::domain::deadline::{DeadlineKind, DeadlineName};
use crate::domain::regime::Regime;
use crate::domain::timeline::{EventKind, human_date};
use chrono::NaiveDate;

impl Evaluator<'_> {
    /// The review deadlines after a response (or its deadline), then the complaint window.
    pub(super) fn review_stage(
        &mut self,
        response: Option<NaiveDate>,
        response_due: NaiveDate,
    ) -> Result<(), OutOfRange> {
        match self.timeline.regime {
            Regime::Foia | Regime::Eir => self.review_foia_eir(response),
            Regime::Foisa | Regime::EirScotland => self.review_scottish(response, response_due),
            Regime::UkGdprSar => Ok(()),
        }
    }

    fn review_requested(&self) -> Option<NaiveDate> {
        self.timeline
            .first(EventKind::InternalReviewRequested)
            .map(|e| e.date)
    }

    fn review_completed(&self, from: NaiveDate) -> Option<NaiveDate> {
        self.timeline
            .first_on_or_after(EventKind::InternalReviewCompleted, from)
            .map(|e| e.date)
    }

    fn review_foia_eir(&mut self, response: Option<NaiveDate>) -> Result<(), OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        let requested = self.review_requested();
        if let Some(r) = response {
            let end = self.cal().add_working_days(r, 40)?;
            let basis = if regime == Regime::Foia {
                "s45 Code of Practice (2018) para 5: authorities need not accept a review requested more than 40 working days after the response"
            } else {
                "EIR reg 11(2): representations within 40 working days after the date of the failure to comply"
            };
            self.push(Spec {
                name: DeadlineName::InternalReviewRequestWindowEnd,
                kind: DeadlineKind::Window,
                date: end,
                basis: basis.to_owned(),
                rule: format!("40 working days after the response of {}", human_date(r)),
                met_on: requested,
                calendar: cal_kind,
                skipped: self.cal().skipped_between(r, end),
                note: None,
            })?;
        }
        let Some(rq) = requested else {
            return Ok(());
        };
        let done = self.review_completed(rq);
        if regime == Regime::Foia {
            for (name, n, basis) in [
                (
                    DeadlineName::InternalReviewDue,
                    20,
                    "s45 Code of Practice (2018) para 5: reviews within 20 working days in most cases",
                ),
                (
                    DeadlineName::InternalReviewMax,
                    40,
                    "s45 Code of Practice (2018) para 5: 40 working days in exceptional circumstances; the requester may complain after that",
                ),
            ] {
                let due = self.cal().add_working_days(rq, n)?;
                // The s45 Code is guidance: FOIA imposes no statutory review, so missing these
                // limits is poor practice the Commissioner may record, not a breach of the Act.
                self.push(Spec {
                    name,
                    kind: DeadlineKind::Guideline,
                    date: due,
                    basis: basis.to_owned(),
                    rule: format!(
                        "{n} working days after the review request of {}",
                        human_date(rq)
                    ),
                    met_on: done,
                    calendar: cal_kind,
                    skipped: self.cal().skipped_between(rq, due),
                    note: None,
                })?;
            }
        } else {
            let due = self.cal().add_working_days(rq, 40)?;
            self.push(Spec {
                name: DeadlineName::ReconsiderationDue,
                kind: DeadlineKind::Duty,
                date: due,
                basis: "EIR reg 11(4): a decision within 40 working days of receiving the representations (statutory)".to_owned(),
                rule: format!(
                    "40 working days after the representations of {}",
                    human_date(rq)
                ),
                met_on: done,
                calendar: cal_kind,
                skipped: self.cal().skipped_between(rq, due),
                note: None,
            })?;
        }
        if let Some(c) = done {
            self.complaint_window(c)?;
        }
        Ok(())
    }

    fn review_scottish(
        &mut self,
        response: Option<NaiveDate>,
        response_due: NaiveDate,
    ) -> Result<(), OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        let requested = self.review_requested();
        // FOISA s20(5)(a)/(b): 40 working days after the expiry of the time for response
        // or, for a late response, after its receipt (our reading; UNCONFIRMED).
        // EIR (Scotland) reg 16(2) runs from the date of the failure to comply the applicant
        // complains of: the response itself when there was one (on time or late), the end of the
        // time for response when there was none.
        let start = match response {
            Some(r) if r > response_due || regime == Regime::EirScotland => r,
            _ => response_due,
        };
        let show_window = response.is_some() || self.as_of > response_due || requested.is_some();
        if show_window {
            let end = self.cal().add_working_days(start, 40)?;
            let basis = if regime == Regime::Foisa {
                "FOISA s20(5): a requirement for review within 40 working days after the time for response expired or a late response was received"
            } else {
                "EIR (Scotland) reg 16(2): representations within 40 working days after the response, or after the time for response ended without one"
            };
            self.push(Spec {
                name: DeadlineName::ReviewRequirementDeadline,
                kind: DeadlineKind::Window,
                date: end,
                basis: basis.to_owned(),
                rule: format!("40 working days after {}", human_date(start)),
                met_on: requested,
                calendar: cal_kind,
                skipped: self.cal().skipped_between(start, end),
                note: None,
            })?;
        }
        let Some(rq) = requested else {
            return Ok(());
        };
        let due = self.cal().add_working_days(rq, 20)?;
        let done = self.review_completed(rq);
        let basis = if regime == Regime::Foisa {
            "FOISA s21(1): the twentieth working day after receipt of the requirement for review"
        } else {
            "EIR (Scotland) reg 16(4): within 20 working days of receiving the representations"
        };
        self.push(Spec {
            name: DeadlineName::ReviewResponseDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: basis.to_owned(),
            rule: format!(
                "20 working days after the requirement for review of {}",
                human_date(rq)
            ),
            met_on: done,
            calendar: cal_kind,
            skipped: self.cal().skipped_between(rq, due),
            note: None,
        })?;
        if done.is_some() || self.as_of > due {
            self.scottish_application_window(done.unwrap_or(due))?;
        }
        Ok(())
    }
}
