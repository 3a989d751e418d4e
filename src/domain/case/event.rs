//! The entries of a case's append-only log: what an event carries ([`EventDetails`]), an event
//! parsed at the edge ([`EventInput`]), an entry as stored ([`LoggedEvent`]) and one about to be
//! stored ([`NewEntry`]), and the rule that picks the entries that count ([`effective`]).

use super::CaseError;
use crate::domain::lifecycle::{CaseEventKind, IneligibleReason, WorkflowKind};
use crate::domain::timeline::{TribunalFields, human_date, london_date_of_timestamp, parse_event};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The extra fields an event may carry, stored as JSON beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    pub reason: Option<IneligibleReason>,
    /// Allocations: the officer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub officer_id: Option<i64>,
    /// Investigation letters: the date the authority must reply by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<NaiveDate>,
    /// Corrections and withdrawals: why the entry was corrected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction_reason: Option<String>,
    /// Appeal events: the appeal record they belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeal_id: Option<i64>,
    /// Appeal events: their fields (reference, outcome, direction, substituted steps).
    #[serde(skip_serializing_if = "TribunalFields::is_empty")]
    pub tribunal: TribunalFields,
}

/// An event parsed at the edge, ready to be checked against the case and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    /// What happened.
    pub kind: CaseEventKind,
    /// The Europe/London date.
    pub date: NaiveDate,
    /// The instant, when given as a timestamp (UTC).
    pub timestamp: Option<NaiveDateTime>,
    /// Extra fields.
    pub details: EventDetails,
}

/// An entry of the log as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    /// Its number in the log (unique across cases).
    pub id: i64,
    /// What happened.
    pub kind: CaseEventKind,
    /// The Europe/London date it happened.
    pub date: NaiveDate,
    /// The instant, when recorded from a timestamp (UTC).
    pub timestamp: Option<NaiveDateTime>,
    /// Extra fields.
    pub details: EventDetails,
    /// The entry this one corrects.
    pub supersedes: Option<i64>,
    /// Whether this correction withdraws the entry it supersedes.
    pub retracted: bool,
    /// Who recorded it (none for history seeded by the service itself).
    pub recorded_by: Option<i64>,
    /// When it was recorded (UTC).
    pub recorded_at: NaiveDateTime,
}

/// An entry about to be appended to the log; who and when are added when it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The event.
    pub event: EventInput,
    /// The entry it corrects.
    pub supersedes: Option<i64>,
    /// Whether it withdraws the entry it supersedes.
    pub retracted: bool,
}

impl NewEntry {
    /// A new fact, correcting nothing.
    #[must_use]
    pub fn fact(event: EventInput) -> Self {
        NewEntry {
            event,
            supersedes: None,
            retracted: false,
        }
    }
}

/// The entries that count: each correction replaces the entry it supersedes; withdrawals remove
/// it. Sorted by the date the event happened (not the order the paperwork arrived in), then by
/// the order recorded.
#[must_use]
pub fn effective(log: &[LoggedEvent]) -> Vec<&LoggedEvent> {
    let superseded: HashSet<i64> = log.iter().filter_map(|e| e.supersedes).collect();
    let mut out: Vec<&LoggedEvent> = log
        .iter()
        .filter(|e| !superseded.contains(&e.id) && !e.retracted)
        .collect();
    out.sort_by_key(|e| (e.date, e.id));
    out
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

fn bad(rule: &str, message: String) -> CaseError {
    CaseError::invalid(rule, message)
}

fn parse_iso_date(kind: &str, field: &str, text: &str) -> Result<NaiveDate, CaseError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        bad(
            "malformed_date",
            format!("{kind}: {field} \"{text}\" is not a date in the form YYYY-MM-DD"),
        )
    })
}

impl EventInput {
    /// Parses an event from the API's JSON: clock events follow the timeline contract; the
    /// regulator's own steps carry `reason`, `officer_id` or `respond_by`.
    ///
    /// # Errors
    /// [`CaseError::Invalid`] naming the field.
    pub fn parse(value: serde_json::Value) -> Result<Self, CaseError> {
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
                let event = parse_event(0, value).map_err(CaseError::from)?;
                Ok(EventInput {
                    kind,
                    date: event.date,
                    timestamp,
                    details: EventDetails {
                        sent: event.sent,
                        steps_period_days: event.steps_period_days,
                        steps_ordered: event.steps_ordered,
                        extension_granted: event.extension_granted,
                        tribunal: event.tribunal,
                        ..EventDetails::default()
                    },
                })
            }
            CaseEventKind::Workflow(w) => {
                let body: WorkflowBody = serde_json::from_value(value)
                    .map_err(|e| bad("malformed_event", format!("{kind_text}: {e}")))?;
                let date = match (&body.date, &body.timestamp) {
                    (Some(d), None) => parse_iso_date(&kind_text, "date", d)?,
                    (None, Some(t)) => london_date_of_timestamp(t)
                        .map_err(|m| bad("malformed_timestamp", format!("{kind_text}: {m}")))?,
                    _ => {
                        return Err(bad(
                            "missing_date",
                            format!("{kind_text}: give a date (YYYY-MM-DD) or a timestamp"),
                        ));
                    }
                };
                let details = workflow_details(w, &kind_text, &body, date)?;
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

/// The details a workflow step must (and may only) carry.
fn workflow_details(
    w: WorkflowKind,
    kind_text: &str,
    body: &WorkflowBody,
    date: NaiveDate,
) -> Result<EventDetails, CaseError> {
    let mut details = EventDetails::default();
    match w {
        WorkflowKind::ComplaintRejected => {
            let reason = body.reason.as_deref().ok_or_else(|| {
                bad(
                    "reason_required",
                    "complaint_rejected: give the reason (premature, out_of_time, \
                     not_public_authority, frivolous, withdrawn)"
                        .to_owned(),
                )
            })?;
            details.reason =
                Some(IneligibleReason::from_slug(reason).map_err(|m| bad("unknown_reason", m))?);
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
                bad(
                    "respond_by_required",
                    "investigation_letter_sent: give the respond_by date the letter sets"
                        .to_owned(),
                )
            })?;
            let respond_by = parse_iso_date(kind_text, "respond_by", text)?;
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
    Ok(details)
}
