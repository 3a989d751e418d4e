//! One synthetic case's story: the request, the authority's response and review, the complaint
//! and the Commissioner's handling of it, the decision and what followed, each stage with
//! realistic delays drawn from the generator's random stream, stopping at today.
//!
//! The draws are made in a fixed order, so the same seed tells the same stories.

use super::{clock, workflow};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::case::{EventDetails, EventInput};
use crate::domain::lifecycle::{CaseEventKind, IneligibleReason, WorkflowKind};
use crate::domain::timeline::EventKind;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;

/// What a story is drawn from, shared by every case of a caseload.
pub(super) struct Setting<'a> {
    /// The calendar the authority's working days are counted on.
    pub cal: &'a WorkingCalendar,
    /// Nothing happens after today.
    pub today: NaiveDate,
    /// The earliest request.
    pub first: NaiveDate,
    /// The days after `first` a request may be received on.
    pub span: i64,
    /// The officers a case may be allocated to.
    pub officers: &'a [i64],
}

/// One synthetic case's events, in date order, stopping at today; `lateness` is the authority's
/// chance of answering late.
pub(super) fn synthetic_events(
    rng: &mut StdRng,
    setting: &Setting<'_>,
    lateness: f64,
) -> Vec<EventInput> {
    let mut story = Story {
        rng,
        setting,
        out: Vec::new(),
    };
    // A story ends early (`None`) at today or where the case stops.
    let _ = story.tell(lateness);
    story.out
}

/// A story being told: its events so far.
struct Story<'r, 's> {
    rng: &'r mut StdRng,
    setting: &'s Setting<'s>,
    out: Vec<EventInput>,
}

/// A workflow event with nothing but its date.
fn plain(kind: WorkflowKind, on: NaiveDate) -> EventInput {
    workflow(kind, on, EventDetails::default())
}

impl Story<'_, '_> {
    /// The stages in order; each returns `None` where the story stops.
    fn tell(&mut self, lateness: f64) -> Option<()> {
        let span = self.setting.span.max(1);
        let received = self.setting.first + Duration::days(self.rng.random_range(0..span));
        self.out.push(clock(EventKind::RequestReceived, received));
        let response = self.response(received, lateness)?;
        let complaint = self.review_and_complaint(response)?;
        let decision = self.accept(complaint)?;
        let reply = self.investigate(decision)?;
        let (outcome, steps) = self.decide(reply)?;
        self.after_notice(outcome, steps)
    }

    /// Adds an event that happened by today; `None` (and nothing added) for one after today.
    fn push(&mut self, e: EventInput) -> Option<()> {
        if e.date > self.setting.today {
            return None;
        }
        self.out.push(e);
        Some(())
    }

    /// `n` working days after `d` (calendar days past the calendar's end).
    fn add(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.setting
            .cal
            .add_working_days(d, n)
            .unwrap_or(d + Duration::days(i64::from(n)))
    }

    /// The response: most on time, some late, a few never (and then perhaps a complaint about
    /// the silence, and a chase letter).
    fn response(&mut self, received: NaiveDate, lateness: f64) -> Option<NaiveDate> {
        let roll: f64 = self.rng.random();
        if roll < 0.05 {
            if self.rng.random_bool(0.5) {
                let delay = 25 + self.rng.random_range(0..30);
                let complaint = self.add(received, delay);
                self.push(clock(EventKind::ComplaintReceived, complaint))?;
                let delay = self.rng.random_range(2..15);
                let chase = self.add(complaint, delay);
                self.push(clock(EventKind::ChaseLetterSent, chase))?;
            }
            return None;
        }
        let delay = if roll < 0.05 + lateness {
            20 + self.rng.random_range(1..60)
        } else {
            self.rng.random_range(3..=20)
        };
        let response = self.add(received, delay);
        self.push(clock(EventKind::ResponseSent, response))?;
        Some(response)
    }

    /// Some requesters ask for a review, and some of those then complain to the Commissioner.
    fn review_and_complaint(&mut self, response: NaiveDate) -> Option<NaiveDate> {
        if !self.rng.random_bool(0.6) {
            return None;
        }
        let delay = self.rng.random_range(1..40);
        let review = self.add(response, delay);
        self.push(clock(EventKind::InternalReviewRequested, review))?;
        let delay = self.rng.random_range(5..70);
        let completed = self.add(review, delay);
        self.push(clock(EventKind::InternalReviewCompleted, completed))?;
        if !self.rng.random_bool(0.5) {
            return None;
        }
        let complaint = completed + Duration::days(self.rng.random_range(1..50));
        self.push(clock(EventKind::ComplaintReceived, complaint))?;
        Some(complaint)
    }

    /// The complaint is accepted (or, one in ten, rejected with a reason).
    fn accept(&mut self, complaint: NaiveDate) -> Option<NaiveDate> {
        let decision = complaint + Duration::days(self.rng.random_range(3..30));
        if self.rng.random_bool(0.1) {
            let reason =
                IneligibleReason::ALL[self.rng.random_range(0..IneligibleReason::ALL.len())];
            let details = EventDetails {
                reason: Some(reason),
                ..EventDetails::default()
            };
            self.push(workflow(WorkflowKind::ComplaintRejected, decision, details))?;
            return None;
        }
        self.push(plain(WorkflowKind::ComplaintAccepted, decision))?;
        Some(decision)
    }

    /// The case waits for an officer, who writes to the authority, which replies.
    fn investigate(&mut self, accepted: NaiveDate) -> Option<NaiveDate> {
        let allocated = accepted + Duration::days(self.rng.random_range(5..150));
        let officers = self.setting.officers;
        let officer = officers[self.rng.random_range(0..officers.len())];
        let details = EventDetails {
            officer_id: Some(officer),
            ..EventDetails::default()
        };
        self.push(workflow(WorkflowKind::Allocated, allocated, details))?;
        let letter = allocated + Duration::days(self.rng.random_range(1..20));
        let details = EventDetails {
            respond_by: Some(letter + Duration::days(20)),
            ..EventDetails::default()
        };
        self.push(workflow(
            WorkflowKind::InvestigationLetterSent,
            letter,
            details,
        ))?;
        let reply = letter + Duration::days(self.rng.random_range(5..40));
        self.push(plain(WorkflowKind::AuthorityReplied, reply))?;
        Some(reply)
    }

    /// Some cases are resolved informally and closed; the rest end in a decision notice, with
    /// steps (35 days) in three of ten. Returns the notice's date and whether it ordered steps.
    fn decide(&mut self, reply: NaiveDate) -> Option<(NaiveDate, bool)> {
        let outcome = reply + Duration::days(self.rng.random_range(10..200));
        if self.rng.random_bool(0.15) {
            self.push(plain(WorkflowKind::InformallyResolved, outcome))?;
            self.push(plain(WorkflowKind::CaseClosed, outcome))?;
            return None;
        }
        let steps = self.rng.random_bool(0.3);
        self.push(EventInput {
            kind: CaseEventKind::Clock(EventKind::DecisionNoticeIssued),
            date: outcome,
            timestamp: None,
            details: EventDetails {
                steps_period_days: steps.then_some(35),
                ..EventDetails::default()
            },
        })?;
        Some((outcome, steps))
    }

    /// One notice in ten is appealed (and determined); the rest see the appeal window close,
    /// the steps complied with, and the case closed.
    fn after_notice(&mut self, outcome: NaiveDate, steps: bool) -> Option<()> {
        let window_end = outcome + Duration::days(29);
        if self.rng.random_bool(0.1) {
            let appeal = outcome + Duration::days(self.rng.random_range(5..27));
            self.push(clock(EventKind::AppealLodged, appeal))?;
            let determined = appeal + Duration::days(self.rng.random_range(60..300));
            return self.push(clock(EventKind::AppealDetermined, determined));
        }
        self.push(plain(WorkflowKind::AppealWindowClosed, window_end))?;
        let closed_on = if steps {
            let complied = outcome + Duration::days(self.rng.random_range(10..50));
            self.push(clock(EventKind::StepsComplied, complied.max(window_end)))?;
            complied.max(window_end)
        } else {
            window_end
        };
        self.push(plain(WorkflowKind::CaseClosed, closed_on))
    }
}
