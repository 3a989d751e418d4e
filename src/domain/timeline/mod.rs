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
use std::fmt;

mod parse;

pub use parse::{london_date_of_timestamp, parse_calendar_date, parse_event, parse_timeline_json};

/// What happened on a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The authority received the request.
    RequestReceived,
    /// The authority asked the requester to clarify (FOIA s1(3)): the clock stops.
    ClarificationRequested,
    /// The clarification arrived: the clock restarts from zero.
    ClarificationReceived,
    /// A fees notice was given (FOIA s9): the clock pauses.
    FeesNoticeIssued,
    /// The fee was received (FOIA s10(2)): the clock resumes.
    FeePaid,
    /// The authority claimed time to consider the public interest (FOIA s10(3), s17(2)).
    PitExtensionClaimed,
    /// The authority extended the EIR limit to 40 working days (EIR reg 7).
    EirExtensionClaimed,
    /// The authority responded.
    ResponseSent,
    /// The requester asked for an internal review (reconsideration, requirement for review).
    InternalReviewRequested,
    /// The authority completed its internal review.
    InternalReviewCompleted,
    /// The regulator received the complaint (FOIA s50).
    ComplaintReceived,
    /// The regulator wrote to the authority asking it to respond within 10 working days.
    ChaseLetterSent,
    /// The regulator issued a decision notice (optional `sent`, `steps_period_days`).
    DecisionNoticeIssued,
    /// A party appealed to the tribunal.
    AppealLodged,
    /// The tribunal determined the appeal (the older name of [`EventKind::TribunalDecisionSent`],
    /// still accepted and treated the same).
    AppealDetermined,
    /// The authority complied with the steps ordered in the notice.
    StepsComplied,
    /// The controller extended a subject access request by two months (UK GDPR art 12(3)).
    SarExtensionClaimed,
    /// The tribunal sent the notice of appeal to the Commissioner (GRC r22(5)).
    NoticeOfAppealSent,
    /// The Commissioner sent its response (GRC r23).
    CommissionerResponseSent,
    /// The appellant sent a reply to the response (GRC r24).
    AppellantReplySent,
    /// The tribunal gave a direction setting a new date for a deadline (GRC r5, r6).
    DirectionGiven,
    /// The First-tier Tribunal sent its decision (`outcome`).
    TribunalDecisionSent,
    /// A party applied to set the decision aside (GRC r41).
    SetAsideApplied,
    /// A party asked the First-tier Tribunal for permission to appeal (GRC r42).
    PermissionToAppealApplied,
    /// The First-tier Tribunal refused permission to appeal.
    PermissionRefused,
    /// A party asked the Upper Tribunal for permission to appeal (UT r21).
    UpperTribunalPermissionApplied,
    /// The Upper Tribunal sent its decision (`outcome`).
    UpperTribunalDecisionSent,
    /// A party asked the Upper Tribunal for permission to appeal to the Court of Appeal or the
    /// Court of Session (UT r44).
    CourtOfAppealPermissionApplied,
    /// The accountable person gave the Commissioner a ministerial certificate (FOIA s53(2)).
    MinisterialCertificateGiven,
}

impl EventKind {
    /// Every kind, in the order of a typical case.
    pub const ALL: [EventKind; 29] = [
        EventKind::RequestReceived,
        EventKind::ClarificationRequested,
        EventKind::ClarificationReceived,
        EventKind::FeesNoticeIssued,
        EventKind::FeePaid,
        EventKind::PitExtensionClaimed,
        EventKind::EirExtensionClaimed,
        EventKind::ResponseSent,
        EventKind::InternalReviewRequested,
        EventKind::InternalReviewCompleted,
        EventKind::ComplaintReceived,
        EventKind::ChaseLetterSent,
        EventKind::DecisionNoticeIssued,
        EventKind::AppealLodged,
        EventKind::AppealDetermined,
        EventKind::StepsComplied,
        EventKind::SarExtensionClaimed,
        EventKind::NoticeOfAppealSent,
        EventKind::CommissionerResponseSent,
        EventKind::AppellantReplySent,
        EventKind::DirectionGiven,
        EventKind::TribunalDecisionSent,
        EventKind::SetAsideApplied,
        EventKind::PermissionToAppealApplied,
        EventKind::PermissionRefused,
        EventKind::UpperTribunalPermissionApplied,
        EventKind::UpperTribunalDecisionSent,
        EventKind::CourtOfAppealPermissionApplied,
        EventKind::MinisterialCertificateGiven,
    ];

    /// The events of an appeal, recorded through the appeal (not the case's events door).
    pub const APPEAL: [EventKind; 14] = [
        EventKind::AppealLodged,
        EventKind::AppealDetermined,
        EventKind::NoticeOfAppealSent,
        EventKind::CommissionerResponseSent,
        EventKind::AppellantReplySent,
        EventKind::DirectionGiven,
        EventKind::TribunalDecisionSent,
        EventKind::SetAsideApplied,
        EventKind::PermissionToAppealApplied,
        EventKind::PermissionRefused,
        EventKind::UpperTribunalPermissionApplied,
        EventKind::UpperTribunalDecisionSent,
        EventKind::CourtOfAppealPermissionApplied,
        EventKind::MinisterialCertificateGiven,
    ];

    /// Whether the event belongs to an appeal.
    #[must_use]
    pub fn is_appeal(self) -> bool {
        Self::APPEAL.contains(&self)
    }

    /// Whether a tribunal or court decided with it (`appeal_determined` is the older name of
    /// `tribunal_decision_sent`).
    #[must_use]
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            EventKind::AppealDetermined
                | EventKind::TribunalDecisionSent
                | EventKind::UpperTribunalDecisionSent
        )
    }

    /// The identifier in JSON.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            EventKind::RequestReceived => "request_received",
            EventKind::ClarificationRequested => "clarification_requested",
            EventKind::ClarificationReceived => "clarification_received",
            EventKind::FeesNoticeIssued => "fees_notice_issued",
            EventKind::FeePaid => "fee_paid",
            EventKind::PitExtensionClaimed => "pit_extension_claimed",
            EventKind::EirExtensionClaimed => "eir_extension_claimed",
            EventKind::ResponseSent => "response_sent",
            EventKind::InternalReviewRequested => "internal_review_requested",
            EventKind::InternalReviewCompleted => "internal_review_completed",
            EventKind::ComplaintReceived => "complaint_received",
            EventKind::ChaseLetterSent => "chase_letter_sent",
            EventKind::DecisionNoticeIssued => "decision_notice_issued",
            EventKind::AppealLodged => "appeal_lodged",
            EventKind::AppealDetermined => "appeal_determined",
            EventKind::StepsComplied => "steps_complied",
            EventKind::SarExtensionClaimed => "sar_extension_claimed",
            EventKind::NoticeOfAppealSent => "notice_of_appeal_sent",
            EventKind::CommissionerResponseSent => "commissioner_response_sent",
            EventKind::AppellantReplySent => "appellant_reply_sent",
            EventKind::DirectionGiven => "direction_given",
            EventKind::TribunalDecisionSent => "tribunal_decision_sent",
            EventKind::SetAsideApplied => "set_aside_applied",
            EventKind::PermissionToAppealApplied => "permission_to_appeal_applied",
            EventKind::PermissionRefused => "permission_refused",
            EventKind::UpperTribunalPermissionApplied => "upper_tribunal_permission_applied",
            EventKind::UpperTribunalDecisionSent => "upper_tribunal_decision_sent",
            EventKind::CourtOfAppealPermissionApplied => "court_of_appeal_permission_applied",
            EventKind::MinisterialCertificateGiven => "ministerial_certificate_given",
        }
    }

    /// Parses the identifier; `None` when the text names no kind.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// How a case officer would say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            EventKind::RequestReceived => "request received",
            EventKind::ClarificationRequested => "clarification requested",
            EventKind::ClarificationReceived => "clarification received",
            EventKind::FeesNoticeIssued => "fees notice issued",
            EventKind::FeePaid => "fee paid",
            EventKind::PitExtensionClaimed => "public interest extension claimed",
            EventKind::EirExtensionClaimed => "EIR extension claimed",
            EventKind::ResponseSent => "response sent",
            EventKind::InternalReviewRequested => "internal review requested",
            EventKind::InternalReviewCompleted => "internal review completed",
            EventKind::ComplaintReceived => "complaint received",
            EventKind::ChaseLetterSent => "chase letter sent",
            EventKind::DecisionNoticeIssued => "decision notice issued",
            EventKind::AppealLodged => "appeal lodged",
            EventKind::AppealDetermined => "appeal determined",
            EventKind::StepsComplied => "steps complied with",
            EventKind::SarExtensionClaimed => "SAR extension claimed",
            EventKind::NoticeOfAppealSent => "notice of appeal sent to the Commissioner",
            EventKind::CommissionerResponseSent => "Commissioner's response sent",
            EventKind::AppellantReplySent => "appellant's reply sent",
            EventKind::DirectionGiven => "tribunal direction given",
            EventKind::TribunalDecisionSent => "tribunal decision sent",
            EventKind::SetAsideApplied => "application to set aside made",
            EventKind::PermissionToAppealApplied => "permission to appeal asked of the tribunal",
            EventKind::PermissionRefused => "permission to appeal refused",
            EventKind::UpperTribunalPermissionApplied => {
                "permission to appeal asked of the Upper Tribunal"
            }
            EventKind::UpperTribunalDecisionSent => "Upper Tribunal decision sent",
            EventKind::CourtOfAppealPermissionApplied => {
                "permission to appeal to the Court of Appeal asked"
            }
            EventKind::MinisterialCertificateGiven => "ministerial certificate given (s53)",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

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
                K::DirectionGiven => {
                    if let Some(due) = e.tribunal.due
                        && due.date < e.date
                    {
                        return Err(TimelineError::new(
                            here(e),
                            "direction_due_before_given",
                            format!(
                                "the direction given on {} cannot set a date before it, {}",
                                human_date(e.date),
                                human_date(due.date)
                            ),
                        ));
                    }
                }
                _ => {}
            }
            // Every stage of an appeal needs the notice it challenges (stages the service does
            // not know about may be skipped: only the impossible is refused).
            if e.kind.is_appeal() && e.kind != K::AppealLodged {
                match notice {
                    Some(n) if n.date <= e.date => {}
                    _ => {
                        return Err(TimelineError::new(
                            here(e),
                            "appeal_without_notice",
                            format!(
                                "{} on {} but there is no decision notice before it",
                                e.kind.label(),
                                human_date(e.date)
                            ),
                        ));
                    }
                }
            }
            match e.kind {
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
