//! Replaying a case's effective events: the lifecycle status by the transition function, every
//! deadline by the engine, and the summary kept beside the case for lists and statistics.

use super::CaseError;
use super::event::LoggedEvent;
use crate::domain::calendar::Calendars;
use crate::domain::deadline::{
    Deadline, DeadlineName, Evaluation, Status, evaluate_with, investigation_response,
};
use crate::domain::lifecycle::{CaseEventKind, CaseStatus, IneligibleReason, WorkflowKind};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::{Event, EventKind, Timeline, human_date};
use chrono::NaiveDate;

/// What a replay needs besides the events: the deployment's settings, its calendars and today.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The deadline settings.
    pub settings: &'a ClockSettings,
    /// Calendars built from them.
    pub calendars: &'a Calendars,
    /// Today in the UK.
    pub today: NaiveDate,
}

/// How the authority's first response went, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseTimeliness {
    /// Answered within the time limit.
    Met,
    /// Answered late.
    MetLate,
    /// The clock is stopped (clarification or fee awaited).
    Paused,
    /// Not answered yet.
    Open,
}

impl ResponseTimeliness {
    /// Every value.
    pub const ALL: [ResponseTimeliness; 4] = [
        ResponseTimeliness::Met,
        ResponseTimeliness::MetLate,
        ResponseTimeliness::Paused,
        ResponseTimeliness::Open,
    ];

    /// The identifier stored beside the case.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            ResponseTimeliness::Met => "met",
            ResponseTimeliness::MetLate => "met_late",
            ResponseTimeliness::Paused => "paused",
            ResponseTimeliness::Open => "open",
        }
    }

    /// Parses the stored identifier.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == s)
    }
}

/// The summary of a case kept beside it, recomputed on every change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The lifecycle status.
    pub status: CaseStatus,
    /// Why it was rejected.
    pub rejection_reason: Option<IneligibleReason>,
    /// The allocated officer.
    pub officer_id: Option<i64>,
    /// The date the request was received.
    pub request_received: Option<NaiveDate>,
    /// The statutory response date.
    pub response_due: Option<NaiveDate>,
    /// The date the response was sent.
    pub response_sent: Option<NaiveDate>,
    /// How the response went.
    pub response_status: Option<ResponseTimeliness>,
    /// Working days late, when answered.
    pub response_working_days_late: Option<i32>,
    /// Whether an extension moved the final date.
    pub extension_claimed: bool,
    /// The final response date after any extension.
    pub final_response_due: Option<NaiveDate>,
    /// The date an internal review was asked for.
    pub review_requested: Option<NaiveDate>,
    /// The date it was completed.
    pub review_completed: Option<NaiveDate>,
    /// Working days it took.
    pub review_working_days: Option<i32>,
    /// The date the complaint reached the Commissioner.
    pub complaint_received: Option<NaiveDate>,
    /// The first allocation.
    pub allocated_on: Option<NaiveDate>,
    /// The decision (notice, rejection or informal resolution).
    pub decided_on: Option<NaiveDate>,
    /// Closure.
    pub closed_on: Option<NaiveDate>,
    /// The next deadline that matters at the case's stage.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<DeadlineName>,
    /// Working days from receipt to the response.
    pub response_working_days: Option<i32>,
    /// The date ordered steps are due.
    pub steps_due: Option<NaiveDate>,
    /// The date the steps were complied with.
    pub steps_complied: Option<NaiveDate>,
}

/// Everything the log implies on a day.
#[derive(Debug, Clone)]
pub struct CaseState {
    /// The lifecycle status.
    pub status: CaseStatus,
    /// The reason, when rejected.
    pub rejection_reason: Option<IneligibleReason>,
    /// The allocated officer.
    pub officer_id: Option<i64>,
    /// Every deadline.
    pub evaluation: Evaluation,
    /// The summary to store.
    pub summary: Summary,
}

/// What the fold over the events collects besides the clock events.
#[derive(Default)]
struct Fold {
    status: CaseStatus,
    rejection_reason: Option<IneligibleReason>,
    officer_id: Option<i64>,
    allocated_on: Option<NaiveDate>,
    decided_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    clock_events: Vec<Event>,
    letters: Vec<(NaiveDate, NaiveDate)>,
    replies: Vec<NaiveDate>,
}

impl Fold {
    fn apply(&mut self, e: &LoggedEvent) -> Result<(), CaseError> {
        self.status = self.status.apply(e.kind).map_err(|t| CaseError::Invalid {
            rule: "illegal_transition".to_owned(),
            event: Some(format!("{} on {}", e.kind.slug(), e.date)),
            message: format!("{t} ({} on {})", e.kind.label(), human_date(e.date)),
        })?;
        match e.kind {
            CaseEventKind::Clock(kind) => {
                if kind == EventKind::DecisionNoticeIssued {
                    self.decided_on = Some(e.date);
                }
                self.clock_events.push(Event {
                    kind,
                    date: e.date,
                    sent: e.details.sent,
                    steps_period_days: e.details.steps_period_days,
                    steps_ordered: e.details.steps_ordered,
                    extension_granted: e.details.extension_granted,
                    at: e.timestamp,
                    tribunal: e.details.tribunal.clone(),
                });
            }
            CaseEventKind::Workflow(w) => match w {
                WorkflowKind::ComplaintRejected => {
                    self.rejection_reason = e.details.reason;
                    self.decided_on = Some(e.date);
                }
                WorkflowKind::Allocated => {
                    self.officer_id = e.details.officer_id;
                    self.allocated_on.get_or_insert(e.date);
                }
                WorkflowKind::InvestigationLetterSent => {
                    if let Some(by) = e.details.respond_by {
                        self.letters.push((e.date, by));
                    }
                }
                WorkflowKind::AuthorityReplied => self.replies.push(e.date),
                WorkflowKind::InformallyResolved => self.decided_on = Some(e.date),
                WorkflowKind::CaseClosed => self.closed_on = Some(e.date),
                WorkflowKind::ComplaintAccepted | WorkflowKind::AppealWindowClosed => {}
            },
        }
        Ok(())
    }
}

/// Replays effective events (in date order): status by the transition function, deadlines by
/// the engine.
///
/// # Errors
/// [`CaseError::Invalid`] for an illegal move or an impossible timeline.
pub fn replay(
    regime: Regime,
    events: &[&LoggedEvent],
    rules: &Rules<'_>,
) -> Result<CaseState, CaseError> {
    let mut fold = Fold::default();
    for e in events {
        fold.apply(e)?;
    }
    let timeline = Timeline::new(regime, std::mem::take(&mut fold.clock_events))?;
    let mut evaluation = evaluate_with(&timeline, rules.settings, rules.calendars, rules.today)?;
    let cal = rules.calendars.get(regime.calendar());
    for (letter, by) in &fold.letters {
        let replied = fold.replies.iter().copied().find(|r| r >= letter);
        let deadline = investigation_response(*letter, *by, replied, cal, rules.today)
            .map_err(|e| CaseError::invalid("date_out_of_range", e.to_string()))?;
        evaluation.deadlines.push(deadline);
    }
    let summary = summarise(&timeline, &evaluation, &fold, rules.calendars);
    Ok(CaseState {
        status: fold.status,
        rejection_reason: fold.rejection_reason,
        officer_id: fold.officer_id,
        evaluation,
        summary,
    })
}

/// How far a case has gone, for choosing the deadlines that matter now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Request,
    Complaint,
    Notice,
}

/// The deadlines that matter at the case's stage: before a complaint, the authority's; during
/// the investigation, the replies to the Commissioner's letters; after a notice, its steps.
fn is_current(deadline: &Deadline, stage: Stage) -> bool {
    use DeadlineName as N;
    match deadline.name {
        N::ChaseResponseDue | N::InvestigationResponseDue => stage == Stage::Complaint,
        N::StepsDue | N::AppealLastDay => stage == Stage::Notice,
        // The appeal's clocks: the Commissioner's response is the officer's duty, so it is the
        // case's next deadline (the officers' digest and calendar remind them of it).
        name if name.is_appeal() => stage == Stage::Notice,
        _ => stage == Stage::Request,
    }
}

/// The next deadline the case's officer must watch: open duties at the case's stage, and the
/// appeal window while the officer waits for it to close.
fn next_deadline(evaluation: &Evaluation, status: CaseStatus, stage: Stage) -> Option<&Deadline> {
    if status.is_closed() {
        return None;
    }
    evaluation
        .deadlines
        .iter()
        .filter(|d| d.met_on.is_none() && d.date.is_some())
        .filter(|d| {
            d.officer_watches()
                || (d.name == DeadlineName::AppealLastDay && status == CaseStatus::NoticeIssued)
        })
        .filter(|d| is_current(d, stage))
        .min_by_key(|d| d.date)
}

fn working_days(
    calendars: &Calendars,
    regime: Regime,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<i32> {
    calendars
        .get(regime.calendar())
        .working_days_between(from, to)
        .ok()
        .and_then(|n| i32::try_from(n).ok())
}

fn summarise(
    timeline: &Timeline,
    evaluation: &Evaluation,
    fold: &Fold,
    calendars: &Calendars,
) -> Summary {
    let regime = timeline.regime;
    let first = |k: EventKind| timeline.first(k).map(|e| e.date);
    let response = evaluation
        .get(DeadlineName::ResponseDue)
        .or_else(|| evaluation.get(DeadlineName::SarDue));
    let final_due = evaluation
        .get(DeadlineName::PitGuidelineDue)
        .or_else(|| evaluation.get(DeadlineName::EirExtendedDue))
        .or_else(|| evaluation.get(DeadlineName::SarExtendedDue))
        .or(response);
    let response_sent = first(EventKind::ResponseSent);
    let (response_status, late) = match response.map(|d| d.status) {
        Some(Status::Met) => (Some(ResponseTimeliness::Met), Some(0)),
        Some(Status::MetLate) => (
            Some(ResponseTimeliness::MetLate),
            response.and_then(|d| i32::try_from(d.working_days_late).ok()),
        ),
        Some(Status::Paused) => (Some(ResponseTimeliness::Paused), None),
        Some(_) => (Some(ResponseTimeliness::Open), None),
        None => (None, None),
    };
    let review_requested = first(EventKind::InternalReviewRequested);
    let review_completed = review_requested.and_then(|r| {
        timeline
            .first_on_or_after(EventKind::InternalReviewCompleted, r)
            .map(|e| e.date)
    });
    let stage = if first(EventKind::DecisionNoticeIssued).is_some() {
        Stage::Notice
    } else if first(EventKind::ComplaintReceived).is_some() {
        Stage::Complaint
    } else {
        Stage::Request
    };
    let next = next_deadline(evaluation, fold.status, stage);
    Summary {
        status: fold.status,
        rejection_reason: fold.rejection_reason,
        officer_id: fold.officer_id,
        request_received: first(EventKind::RequestReceived),
        response_due: response.and_then(|d| d.date),
        response_sent,
        response_status,
        response_working_days_late: late,
        extension_claimed: final_due.map(|d| d.name) != response.map(|d| d.name),
        final_response_due: final_due.and_then(|d| d.date),
        review_requested,
        review_completed,
        review_working_days: review_requested
            .zip(review_completed)
            .and_then(|(a, b)| working_days(calendars, regime, a, b)),
        complaint_received: first(EventKind::ComplaintReceived),
        allocated_on: fold.allocated_on,
        decided_on: fold.decided_on,
        closed_on: fold.closed_on,
        next_deadline: next.and_then(|d| d.date),
        next_deadline_name: next.map(|d| d.name),
        // Working days from the date of receipt to the response (the statistics' "days to respond").
        response_working_days: match (evaluation.date_of_receipt, response_sent) {
            (Some(receipt), Some(sent)) if sent >= receipt => {
                working_days(calendars, regime, receipt, sent)
            }
            _ => None,
        },
        steps_due: evaluation.get(DeadlineName::StepsDue).and_then(|d| d.date),
        steps_complied: first(EventKind::StepsComplied),
    }
}
