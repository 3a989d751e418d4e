//! The timeline of a request and its complaint: the clock events, parsed from the public JSON
//! contract into domain values and checked for impossible order before any date is computed.
//!
//! Contract (issue 2): `{"regime": "foia", "events": [{"kind": "...", "date": "YYYY-MM-DD"} |
//! {"kind": "...", "timestamp": RFC 3339}, ...], "settings": {...}}`.

use crate::domain::deadline::DeadlineName;
use crate::domain::regime::Regime;
use crate::domain::tribunal::{
    Appellant, DirectedDue, Outcome, Stage, StepsPeriod, TribunalReference,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod kind;
mod order;
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
    /// `upper_tribunal_decision_sent`: the court a further appeal goes to, as the Upper Tribunal
    /// specifies it (TCEA 2007 s13(11)-(13)): the Court of Appeal (the default) or the Court of
    /// Session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appellate_court: Option<Stage>,
    /// Decisions allowed in part: the outcome on each provision of the notice.
    #[serde(rename = "provisions", default, skip_serializing_if = "Vec::is_empty")]
    pub provision_outcomes: Vec<crate::domain::tribunal::ProvisionOutcome>,
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

/// A date as case officers write it: "5 January 2023" (the one format).
#[must_use]
pub fn human_date(d: NaiveDate) -> String {
    crate::domain::dates::uk_date(d)
}

impl Timeline {
    /// Sorts the events by date and refuses an impossible order.
    ///
    /// # Errors
    /// A [`TimelineError`] naming the event and the rule it breaks.
    pub fn new(regime: Regime, mut events: Vec<Event>) -> Result<Self, TimelineError> {
        events.sort_by_key(|e| e.date);
        let timeline = Timeline { regime, events };
        order::check(&timeline)?;
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
}
