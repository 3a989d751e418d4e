//! The timeline of a request and its complaint: the clock events, parsed from the public JSON
//! contract into domain values and checked for impossible order before any date is computed.
//!
//! Contract (issue 2): `{"regime": "foia", "events": [{"kind": "...", "date": "YYYY-MM-DD"} |
//! {"kind": "...", "timestamp": RFC 3339}, ...], "settings": {...}}`.

use crate::domain::deadline::DeadlineName;
use crate::domain::regime::Regime;
use crate::domain::tribunal::{Appellant, DirectedDue, Outcome, StepsPeriod, TribunalReference};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod kind;
mod parse;

pub use kind::EventKind;

pub use parse::{london_date_of_timestamp, parse_calendar_date, parse_event, parse_timeline_json};

/// One dated event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The Europe/London date it happened.
    pub date: NaiveDate,
    /// Decision notices: the date the notice was sent, if later than its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<NaiveDate>,
    /// Decision notices: the steps period in calendar days (none when no steps are ordered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_period_days: Option<u32>,
    /// Decision notices: steps were ordered, with the default period.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub steps_ordered: bool,
    /// Appeals: the tribunal extended time for a late appeal (GRC rule 5(3)(a)).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extension_granted: bool,
    /// The instant (UTC), when the event was given as a timestamp: the tribunal's 5pm rule
    /// (GRC r12(1)) needs the time of day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<NaiveDateTime>,
    /// The appeal's fields, when it is an appeal event.
    #[serde(flatten)]
    pub tribunal: TribunalFields,
}

/// What an appeal event may carry besides its date (stored with a case's event as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TribunalFields {
    /// `appeal_lodged`: the tribunal's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tribunal_reference: Option<TribunalReference>,
    /// `appeal_lodged`: who appealed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appellant: Option<Appellant>,
    /// Decisions: how the appeal was disposed of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Decisions: the date of the decision, when it was sent later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided: Option<NaiveDate>,
    /// Decisions: the date written reasons were sent, when later than the decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons_sent: Option<NaiveDate>,
    /// Decisions allowing the appeal: the substituted notice's steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substituted_steps: Option<StepsPeriod>,
    /// `direction_given`: the deadline it replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DeadlineName>,
    /// `direction_given`: the new date (and time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DirectedDue>,
    /// `direction_given`: what the tribunal directed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `decision_notice_issued`: the authority may give a ministerial certificate (FOIA s53(1)).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub s53_certificate: bool,
}

impl TribunalFields {
    /// Whether nothing is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &TribunalFields::default()
    }
}

impl Event {
    /// An event with only a kind and a date.
    #[must_use]
    pub fn on(kind: EventKind, date: NaiveDate) -> Self {
        Event {
            kind,
            date,
            sent: None,
            steps_period_days: None,
            steps_ordered: false,
            extension_granted: false,
            at: None,
            tribunal: TribunalFields::default(),
        }
    }
}

/// A request's timeline under one regime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The regime.
    pub regime: Regime,
    /// The events, in date order (input order breaks ties).
    pub events: Vec<Event>,
}

/// Why a timeline was refused: the event concerned, the rule, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct TimelineError {
    /// The event, e.g. `events[2] response_sent`, when one is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// A stable identifier of the rule broken.
    pub rule: &'static str,
    /// What is wrong, in a case officer's words.
    pub message: String,
}

impl TimelineError {
    fn new(event: Option<String>, rule: &'static str, message: impl Into<String>) -> Self {
        TimelineError {
            event,
            rule,
            message: message.into(),
        }
    }
}

/// A date as case officers write it: "5 Jan 2023".
#[must_use]
pub fn human_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

impl Timeline {
    /// Sorts the events by date and refuses an impossible order.
    ///
    /// # Errors
    /// A [`TimelineError`] naming the event and the rule it breaks.
    pub fn new(regime: Regime, mut events: Vec<Event>) -> Result<Self, TimelineError> {
        events.sort_by_key(|e| e.date);
        let timeline = Timeline { regime, events };
        timeline.check_order()?;
        Ok(timeline)
    }

    /// The first event of a kind.
    #[must_use]
    pub fn first(&self, kind: EventKind) -> Option<&Event> {
        self.events.iter().find(|e| e.kind == kind)
    }

    /// The last event of a kind.
    #[must_use]
    pub fn last(&self, kind: EventKind) -> Option<&Event> {
        self.events.iter().rev().find(|e| e.kind == kind)
    }

    /// Every event of a kind, in date order.
    pub fn all(&self, kind: EventKind) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.kind == kind)
    }

    /// The first event of a kind on or after a date.
    #[must_use]
    pub fn first_on_or_after(&self, kind: EventKind, date: NaiveDate) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| e.kind == kind && e.date >= date)
    }

    #[expect(
        clippy::collapsible_match,
        reason = "one arm per event kind reads as the rule table it is"
    )]
    fn check_order(&self) -> Result<(), TimelineError> {
        use EventKind as K;
        let regime = self.regime;
        let here = |e: &Event| Some(format!("{} on {}", e.kind, e.date));
        let count = |k: K| self.all(k).count();
        for k in [K::RequestReceived, K::DecisionNoticeIssued] {
            if count(k) > 1 {
                return Err(TimelineError::new(
                    None,
                    "duplicate_event",
                    format!(
                        "there can be only one {} event; correct the existing one instead",
                        k
                    ),
                ));
            }
        }
        let request = self.first(K::RequestReceived);
        let response = self.first(K::ResponseSent);
        let notice = self.first(K::DecisionNoticeIssued);
        let complaint = self.first(K::ComplaintReceived);
        let mut open_fees: Option<&Event> = None;
        let mut open_clarification: Option<&Event> = None;
        let mut open_appeal: Option<&Event> = None;
        let mut review_requested: Option<&Event> = None;
        for e in &self.events {
            let needs_request = matches!(
                e.kind,
                K::ClarificationRequested
                    | K::ClarificationReceived
                    | K::FeesNoticeIssued
                    | K::FeePaid
                    | K::PitExtensionClaimed
                    | K::EirExtensionClaimed
                    | K::ResponseSent
                    | K::InternalReviewRequested
                    | K::InternalReviewCompleted
                    | K::SarExtensionClaimed
            );
            if needs_request {
                match request {
                    None => {
                        return Err(TimelineError::new(
                            here(e),
                            "request_required",
                            format!(
                                "{} on {} needs the request_received event it belongs to",
                                e.kind.label(),
                                human_date(e.date)
                            ),
                        ));
                    }
                    Some(r) if e.date < r.date => {
                        return Err(TimelineError::new(
                            here(e),
                            "before_request",
                            format!(
                                "{} on {} is before the request was received on {}",
                                e.kind.label(),
                                human_date(e.date),
                                human_date(r.date)
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            match e.kind {
                K::PitExtensionClaimed if !regime.has_public_interest_extension() => {
                    return Err(TimelineError::new(
                        here(e),
                        "not_in_regime",
                        format!(
                            "a public interest extension (FOIA s10(3)) does not exist under {}",
                            regime.label()
                        ),
                    ));
                }
                K::EirExtensionClaimed if !regime.has_eir_extension() => {
                    return Err(TimelineError::new(
                        here(e),
                        "not_in_regime",
                        format!(
                            "the regulation 7 extension exists only under the EIR, not {}",
                            regime.label()
                        ),
                    ));
                }
                K::SarExtensionClaimed if regime != Regime::UkGdprSar => {
                    return Err(TimelineError::new(
                        here(e),
                        "not_in_regime",
                        format!(
                            "a SAR extension does not apply to a {} request",
                            regime.label()
                        ),
                    ));
                }
                K::FeesNoticeIssued | K::FeePaid if !regime.has_fees_pause() => {
                    return Err(TimelineError::new(
                        here(e),
                        "not_in_regime",
                        format!(
                            "the fees notice clock stop (FOIA s10(2)) does not apply under {}",
                            regime.label()
                        ),
                    ));
                }
                K::ClarificationRequested => open_clarification = Some(e),
                K::ClarificationReceived => {
                    if open_clarification.take().is_none() {
                        return Err(TimelineError::new(
                            here(e),
                            "clarification_not_requested",
                            format!(
                                "clarification received on {} but no clarification was requested before it",
                                human_date(e.date)
                            ),
                        ));
                    }
                }
                K::FeesNoticeIssued => {
                    if let Some(prev) = open_fees {
                        return Err(TimelineError::new(
                            here(e),
                            "fees_notice_unpaid",
                            format!(
                                "a second fees notice on {} while the one of {} is unpaid",
                                human_date(e.date),
                                human_date(prev.date)
                            ),
                        ));
                    }
                    open_fees = Some(e);
                }
                K::FeePaid => {
                    if open_fees.take().is_none() {
                        return Err(TimelineError::new(
                            here(e),
                            "fee_without_notice",
                            format!(
                                "a fee paid on {} but no fees notice was issued before it",
                                human_date(e.date)
                            ),
                        ));
                    }
                }
                K::InternalReviewRequested => {
                    if let Some(r) = response
                        && e.date < r.date
                    {
                        return Err(TimelineError::new(
                            here(e),
                            "review_before_response",
                            format!(
                                "internal review requested on {} is before the response on {}",
                                human_date(e.date),
                                human_date(r.date)
                            ),
                        ));
                    }
                    review_requested = Some(e);
                }
                K::InternalReviewCompleted => {
                    if review_requested.is_none() {
                        return Err(TimelineError::new(
                            here(e),
                            "review_not_requested",
                            format!(
                                "internal review completed on {} but no review was requested before it",
                                human_date(e.date)
                            ),
                        ));
                    }
                }
                K::ChaseLetterSent => match complaint {
                    Some(c) if c.date <= e.date => {}
                    _ => {
                        return Err(TimelineError::new(
                            here(e),
                            "chase_before_complaint",
                            format!(
                                "the chase letter of {} comes before any complaint to the Commissioner",
                                human_date(e.date)
                            ),
                        ));
                    }
                },
                K::DecisionNoticeIssued => {
                    if let Some(c) = complaint
                        && e.date < c.date
                    {
                        return Err(TimelineError::new(
                            here(e),
                            "notice_before_complaint",
                            format!(
                                "decision notice dated {} is before the complaint was received on {}",
                                human_date(e.date),
                                human_date(c.date)
                            ),
                        ));
                    }
                    if let Some(sent) = e.sent
                        && sent < e.date
                    {
                        return Err(TimelineError::new(
                            here(e),
                            "sent_before_notice",
                            format!(
                                "the decision notice dated {} cannot have been sent earlier, on {}",
                                human_date(e.date),
                                human_date(sent)
                            ),
                        ));
                    }
                }
                K::AppealLodged => {
                    match notice {
                        Some(n) if n.date <= e.date => {}
                        _ => {
                            return Err(TimelineError::new(
                                here(e),
                                "appeal_without_notice",
                                format!(
                                    "appeal lodged on {} but there is no decision notice before it to appeal",
                                    human_date(e.date)
                                ),
                            ));
                        }
                    }
                    open_appeal = Some(e);
                }
                K::AppealDetermined | K::TribunalDecisionSent => {
                    // A remitted appeal is decided again: any earlier appeal will do.
                    if open_appeal.is_none() {
                        return Err(TimelineError::new(
                            here(e),
                            "determined_without_appeal",
                            format!(
                                "{} on {} but no appeal was lodged before it",
                                e.kind.label(),
                                human_date(e.date)
                            ),
                        ));
                    }
                }
                K::StepsComplied => match notice {
                    Some(n) if n.date <= e.date => {}
                    _ => {
                        return Err(TimelineError::new(
                            here(e),
                            "steps_without_notice",
                            format!(
                                "steps complied with on {} but no decision notice before it ordered steps",
                                human_date(e.date)
                            ),
                        ));
                    }
                },
                _ => {}
            }
            check_appeal_stage(e, notice)?;
        }
        if let (Some(c), Some(r)) = (complaint, request)
            && c.date < r.date
        {
            return Err(TimelineError::new(
                here(c),
                "complaint_before_request",
                format!(
                    "the complaint received on {} is before the request on {}",
                    human_date(c.date),
                    human_date(r.date)
                ),
            ));
        }
        Ok(())
    }
}

/// The appeal's own rules of order: every stage but the appeal itself needs the notice it
/// challenges (a stage the service does not know about may be skipped: only the impossible is
/// refused), and a direction cannot set a date before it was given.
fn check_appeal_stage(e: &Event, notice: Option<&Event>) -> Result<(), TimelineError> {
    let here = || Some(format!("{} on {}", e.kind, e.date));
    if e.kind.is_appeal()
        && e.kind != EventKind::AppealLodged
        && notice.is_none_or(|n| n.date > e.date)
    {
        return Err(TimelineError::new(
            here(),
            "appeal_without_notice",
            format!(
                "{} on {} but there is no decision notice before it",
                e.kind.label(),
                human_date(e.date)
            ),
        ));
    }
    if let Some(due) = e.tribunal.due
        && due.date < e.date
    {
        return Err(TimelineError::new(
            here(),
            "direction_due_before_given",
            format!(
                "the direction given on {} cannot set a date before it, {}",
                human_date(e.date),
                human_date(due.date)
            ),
        ));
    }
    Ok(())
}
