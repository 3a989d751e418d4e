//! A case's append-only event log turned into domain values: the effective events (after
//! corrections), the lifecycle status, the clock timeline, every deadline, and the summary
//! columns kept beside the case for lists and statistics.

use super::ServiceError;
use crate::db::rows::{CaseSummary, EventRow};
use crate::domain::calendar::Calendars;
use crate::domain::deadline::{
    Deadline, DeadlineName, Evaluation, Status, evaluate_with, investigation_response,
};
use crate::domain::lifecycle::{CaseEventKind, CaseStatus, IneligibleReason, WorkflowKind};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::{
    Event, EventKind, Timeline, human_date, london_date_of_timestamp, parse_event,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The extra fields an event may carry, stored as JSON beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EventDetails {
    /// Decision notices: the date sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<NaiveDate>,
    /// Decision notices: the steps period in calendar days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_period_days: Option<u32>,
    /// Decision notices: steps ordered with the default period.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub steps_ordered: bool,
    /// Appeals: the tribunal extended time.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extension_granted: bool,
    /// Rejections: why the complaint is ineligible.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub reason: Option<IneligibleReason>,
    /// Allocations: the officer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub officer_id: Option<i64>,
    /// Investigation letters: the date the authority must reply by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<NaiveDate>,
}

/// An event parsed at the edge, ready to be checked against the case and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    /// What happened.
    pub kind: CaseEventKind,
    /// The Europe/London date.
    pub date: NaiveDate,
    /// The instant, when given as a timestamp.
    pub timestamp: Option<NaiveDateTime>,
    /// Extra fields.
    pub details: EventDetails,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowBody {
    #[serde(rename = "kind")]
    _kind: String,
    date: Option<String>,
    timestamp: Option<String>,
    reason: Option<String>,
    officer_id: Option<i64>,
    respond_by: Option<String>,
}

fn bad(rule: &str, message: String) -> ServiceError {
    ServiceError::invalid(rule, message)
}

impl EventInput {
    /// Parses an event from the API's JSON: clock events follow the timeline contract; the
    /// regulator's own steps carry `reason`, `officer_id` or `respond_by`.
    ///
    /// # Errors
    /// [`ServiceError::Invalid`] naming the field.
    pub fn parse(value: serde_json::Value) -> Result<Self, ServiceError> {
        let kind_text = value
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or("")
            .to_owned();
        let kind = CaseEventKind::from_slug(&kind_text).map_err(|m| bad("unknown_kind", m))?;
        let timestamp = value
            .get("timestamp")
            .and_then(|t| t.as_str())
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.naive_utc());
        match kind {
            CaseEventKind::Clock(_) => {
                let event = parse_event(0, value)?;
                Ok(EventInput {
                    kind,
                    date: event.date,
                    timestamp,
                    details: EventDetails {
                        sent: event.sent,
                        steps_period_days: event.steps_period_days,
                        steps_ordered: event.steps_ordered,
                        extension_granted: event.extension_granted,
                        ..EventDetails::default()
                    },
                })
            }
            CaseEventKind::Workflow(w) => {
                let body: WorkflowBody = serde_json::from_value(value)
                    .map_err(|e| bad("malformed_event", format!("{kind_text}: {e}")))?;
                let date = match (&body.date, &body.timestamp) {
                    (Some(d), None) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                        bad(
                            "malformed_date",
                            format!(
                                "{kind_text}: date \"{d}\" is not a date in the form YYYY-MM-DD"
                            ),
                        )
                    })?,
                    (None, Some(t)) => london_date_of_timestamp(t)
                        .map_err(|m| bad("malformed_timestamp", format!("{kind_text}: {m}")))?,
                    _ => {
                        return Err(bad(
                            "missing_date",
                            format!("{kind_text}: give a date (YYYY-MM-DD) or a timestamp"),
                        ));
                    }
                };
                let mut details = EventDetails::default();
                match w {
                    WorkflowKind::ComplaintRejected => {
                        let reason = body.reason.as_deref().ok_or_else(|| {
                            bad("reason_required", "complaint_rejected: give the reason (premature, out_of_time, not_public_authority, frivolous, withdrawn)".to_owned())
                        })?;
                        details.reason = Some(
                            IneligibleReason::from_slug(reason)
                                .map_err(|m| bad("unknown_reason", m))?,
                        );
                    }
                    WorkflowKind::Allocated => {
                        details.officer_id = Some(body.officer_id.ok_or_else(|| {
                            bad(
                                "officer_required",
                                "allocated: give the officer_id of the case officer".to_owned(),
                            )
                        })?);
                    }
                    WorkflowKind::InvestigationLetterSent => {
                        let text = body.respond_by.as_deref().ok_or_else(|| {
                            bad("respond_by_required", "investigation_letter_sent: give the respond_by date the letter sets".to_owned())
                        })?;
                        let respond_by =
                            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                                bad(
                                    "malformed_date",
                                    format!(
                                        "respond_by \"{text}\" is not a date in the form YYYY-MM-DD"
                                    ),
                                )
                            })?;
                        if respond_by <= date {
                            return Err(bad(
                                "respond_by_before_letter",
                                format!(
                                    "the letter of {} cannot ask for a reply by {}, which is not after it",
                                    human_date(date),
                                    human_date(respond_by)
                                ),
                            ));
                        }
                        details.respond_by = Some(respond_by);
                    }
                    _ => {}
                }
                let unexpected = [
                    (
                        body.reason.is_some() && w != WorkflowKind::ComplaintRejected,
                        "reason",
                    ),
                    (
                        body.officer_id.is_some() && w != WorkflowKind::Allocated,
                        "officer_id",
                    ),
                    (
                        body.respond_by.is_some() && w != WorkflowKind::InvestigationLetterSent,
                        "respond_by",
                    ),
                ];
                if let Some((_, field)) = unexpected.iter().find(|(present, _)| *present) {
                    return Err(bad(
                        "field_not_allowed",
                        format!("{kind_text}: {field} does not belong to this event"),
                    ));
                }
                Ok(EventInput {
                    kind,
                    date,
                    timestamp,
                    details,
                })
            }
        }
    }
}

/// The events that count: each correction replaces the event it supersedes; retractions remove
/// it. Sorted by date, then by the order they were recorded.
#[must_use]
pub fn effective(rows: &[EventRow]) -> Vec<&EventRow> {
    let superseded: HashSet<i64> = rows.iter().filter_map(|r| r.supersedes).collect();
    let mut out: Vec<&EventRow> = rows
        .iter()
        .filter(|r| !superseded.contains(&r.id) && !r.retracted)
        .collect();
    out.sort_by_key(|r| (r.event_date, r.id));
    out
}

/// One effective event in domain terms.
#[derive(Debug, Clone)]
pub struct DomainEvent {
    /// Its kind.
    pub kind: CaseEventKind,
    /// Its date.
    pub date: NaiveDate,
    /// Its details.
    pub details: EventDetails,
}

/// Converts stored rows (already effective and sorted).
///
/// # Errors
/// Unexpected: a row the code cannot read back.
pub fn to_domain(rows: &[&EventRow]) -> Result<Vec<DomainEvent>, ServiceError> {
    rows.iter()
        .map(|r| {
            let kind = CaseEventKind::from_slug(&r.kind)
                .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
            let details: EventDetails = serde_json::from_str(&r.details).map_err(|e| {
                ServiceError::Unexpected(anyhow::anyhow!("event {} details: {e}", r.id))
            })?;
            Ok(DomainEvent {
                kind,
                date: r.event_date,
                details,
            })
        })
        .collect()
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
    /// The summary columns to store.
    pub summary: CaseSummary,
}

/// Replays the events: status by the transition function, deadlines by the engine.
///
/// # Errors
/// [`ServiceError::Invalid`] for an illegal move or an impossible timeline.
pub fn replay(
    regime: Regime,
    events: &[DomainEvent],
    settings: &ClockSettings,
    calendars: &Calendars,
    today: NaiveDate,
) -> Result<CaseState, ServiceError> {
    let mut status = CaseStatus::Received;
    let mut rejection_reason = None;
    let mut officer_id = None;
    let mut allocated_on = None;
    let mut decided_on = None;
    let mut closed_on = None;
    let mut clock_events = Vec::new();
    let mut letters: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut replies: Vec<NaiveDate> = Vec::new();
    for e in events {
        status = status.apply(e.kind).map_err(|t| ServiceError::Invalid {
            rule: "illegal_transition".to_owned(),
            event: Some(format!("{} on {}", e.kind.slug(), e.date)),
            message: format!("{t} ({} on {})", e.kind.label(), human_date(e.date)),
        })?;
        match e.kind {
            CaseEventKind::Clock(kind) => {
                if kind == EventKind::DecisionNoticeIssued {
                    decided_on = Some(e.date);
                }
                clock_events.push(Event {
                    kind,
                    date: e.date,
                    sent: e.details.sent,
                    steps_period_days: e.details.steps_period_days,
                    steps_ordered: e.details.steps_ordered,
                    extension_granted: e.details.extension_granted,
                });
            }
            CaseEventKind::Workflow(w) => match w {
                WorkflowKind::ComplaintRejected => {
                    rejection_reason = e.details.reason;
                    decided_on = Some(e.date);
                }
                WorkflowKind::Allocated => {
                    officer_id = e.details.officer_id;
                    allocated_on.get_or_insert(e.date);
                }
                WorkflowKind::InvestigationLetterSent => {
                    if let Some(by) = e.details.respond_by {
                        letters.push((e.date, by));
                    }
                }
                WorkflowKind::AuthorityReplied => replies.push(e.date),
                WorkflowKind::InformallyResolved => decided_on = Some(e.date),
                WorkflowKind::CaseClosed => closed_on = Some(e.date),
                WorkflowKind::ComplaintAccepted | WorkflowKind::AppealWindowClosed => {}
            },
        }
    }
    let timeline = Timeline::new(regime, clock_events)?;
    let mut evaluation = evaluate_with(&timeline, settings, calendars, today)?;
    let cal = calendars.get(regime.calendar());
    for (letter, by) in &letters {
        let replied = replies.iter().copied().find(|r| r >= letter);
        let deadline = investigation_response(*letter, *by, replied, cal, today)
            .map_err(|e| ServiceError::invalid("date_out_of_range", e.to_string()))?;
        evaluation.deadlines.push(deadline);
    }
    let summary = summarise(
        &timeline,
        &evaluation,
        status,
        rejection_reason,
        officer_id,
        allocated_on,
        decided_on,
        closed_on,
        calendars,
    );
    Ok(CaseState {
        status,
        rejection_reason,
        officer_id,
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
        _ => stage == Stage::Request,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one summary built from the whole replay"
)]
fn summarise(
    timeline: &Timeline,
    evaluation: &Evaluation,
    status: CaseStatus,
    rejection_reason: Option<IneligibleReason>,
    officer_id: Option<i64>,
    allocated_on: Option<NaiveDate>,
    decided_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    calendars: &Calendars,
) -> CaseSummary {
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
    let (response_status, late) = match response {
        Some(d) => match d.status {
            Status::Met => (Some("met"), Some(0)),
            Status::MetLate => (Some("met_late"), Some(d.working_days_late as i32)),
            Status::Paused => (Some("paused"), None),
            _ => (Some("open"), None),
        },
        None => (None, None),
    };
    let review_requested = first(EventKind::InternalReviewRequested);
    let review_completed = review_requested.and_then(|r| {
        timeline
            .first_on_or_after(EventKind::InternalReviewCompleted, r)
            .map(|e| e.date)
    });
    let review_working_days = match (review_requested, review_completed) {
        (Some(a), Some(b)) => calendars
            .get(timeline.regime.calendar())
            .working_days_between(a, b)
            .ok()
            .map(|n| n as i32),
        _ => None,
    };
    let stage = if first(EventKind::DecisionNoticeIssued).is_some() {
        Stage::Notice
    } else if first(EventKind::ComplaintReceived).is_some() {
        Stage::Complaint
    } else {
        Stage::Request
    };
    let next = if status.is_closed() {
        None
    } else {
        evaluation
            .deadlines
            .iter()
            .filter(|d| d.met_on.is_none() && d.date.is_some())
            // Duties, and the appeal window while the officer waits for it to close.
            .filter(|d| {
                d.officer_watches()
                    || (d.name == DeadlineName::AppealLastDay && status == CaseStatus::NoticeIssued)
            })
            .filter(|d| is_current(d, stage))
            .min_by_key(|d| d.date)
    };
    CaseSummary {
        status: status.slug().to_owned(),
        rejection_reason: rejection_reason.map(|r| r.slug().to_owned()),
        officer_id,
        request_received: first(EventKind::RequestReceived),
        response_due: response.and_then(|d| d.date),
        response_sent,
        response_status: response_status.map(str::to_owned),
        response_working_days_late: late,
        extension_claimed: final_due.map(|d| d.name) != response.map(|d| d.name),
        final_response_due: final_due.and_then(|d| d.date),
        review_requested,
        review_completed,
        review_working_days,
        complaint_received: first(EventKind::ComplaintReceived),
        allocated_on,
        decided_on,
        closed_on,
        next_deadline: next.and_then(|d| d.date),
        next_deadline_name: next.map(|d| d.name.slug().to_owned()),
        // Working days from the date of receipt to the response (the statistics' "days to respond").
        response_working_days: match (evaluation.date_of_receipt, response_sent) {
            (Some(receipt), Some(sent)) if sent >= receipt => calendars
                .get(timeline.regime.calendar())
                .working_days_between(receipt, sent)
                .ok()
                .map(|n| n as i32),
            _ => None,
        },
        steps_due: evaluation.get(DeadlineName::StepsDue).and_then(|d| d.date),
        steps_complied: first(EventKind::StepsComplied),
    }
}
