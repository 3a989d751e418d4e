//! The life of a case as an enum and one transition function: received → awaiting response /
//! responded → internal review → complaint received → accepted or rejected → allocated →
//! investigation → informally resolved | decision notice issued → appealed (determined) |
//! window closed → steps complied → closed. Status is stored as text and parsed back; nothing
//! else compares status codes (DESIGN.md convention 4).

use crate::domain::timeline::EventKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a complaint was not accepted for investigation (FOIA s50(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IneligibleReason {
    /// The complaints procedure (internal review) has not been exhausted: s50(2)(a).
    Premature,
    /// Undue delay in complaining: s50(2)(b).
    OutOfTime,
    /// The body is not a public authority under the Act.
    NotPublicAuthority,
    /// Frivolous or vexatious: s50(2)(c).
    Frivolous,
    /// Withdrawn or abandoned: s50(2)(d).
    Withdrawn,
}

impl IneligibleReason {
    /// Every reason.
    pub const ALL: [IneligibleReason; 5] = [
        IneligibleReason::Premature,
        IneligibleReason::OutOfTime,
        IneligibleReason::NotPublicAuthority,
        IneligibleReason::Frivolous,
        IneligibleReason::Withdrawn,
    ];

    /// The identifier in JSON.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            IneligibleReason::Premature => "premature",
            IneligibleReason::OutOfTime => "out_of_time",
            IneligibleReason::NotPublicAuthority => "not_public_authority",
            IneligibleReason::Frivolous => "frivolous",
            IneligibleReason::Withdrawn => "withdrawn",
        }
    }

    /// How a case officer would say it: the ground of FOIA s50(2) (or that the body is not a
    /// public authority under s3 and Schedule 1), for the add-event form and the timeline.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            IneligibleReason::Premature => {
                "Premature: the authority's complaints procedure was not exhausted"
            }
            IneligibleReason::OutOfTime => "Out of time: undue delay in complaining",
            IneligibleReason::NotPublicAuthority => "Not a public authority under the Act",
            IneligibleReason::Frivolous => "Frivolous or vexatious",
            IneligibleReason::Withdrawn => "Withdrawn or abandoned by the complainant",
        }
    }

    /// Parses the identifier.
    ///
    /// # Errors
    /// A message listing the accepted reasons.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.slug() == s)
            .ok_or_else(|| {
                format!(
                    "unknown reason \"{s}\": use {}",
                    Self::ALL.map(IneligibleReason::slug).join(", ")
                )
            })
    }
}

/// A step in the regulator's own handling of the case, beside the clock events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowKind {
    /// The complaint is eligible and accepted for investigation.
    ComplaintAccepted,
    /// The complaint is not eligible (with a reason).
    ComplaintRejected,
    /// A case officer was allocated (or reallocated).
    Allocated,
    /// The officer wrote to the authority with a date to respond by.
    InvestigationLetterSent,
    /// The authority replied to an investigation letter.
    AuthorityReplied,
    /// Resolved without a decision notice.
    InformallyResolved,
    /// The appeal period ended with no appeal.
    AppealWindowClosed,
    /// The case is closed.
    CaseClosed,
}

impl WorkflowKind {
    /// Every workflow kind.
    pub const ALL: [WorkflowKind; 8] = [
        WorkflowKind::ComplaintAccepted,
        WorkflowKind::ComplaintRejected,
        WorkflowKind::Allocated,
        WorkflowKind::InvestigationLetterSent,
        WorkflowKind::AuthorityReplied,
        WorkflowKind::InformallyResolved,
        WorkflowKind::AppealWindowClosed,
        WorkflowKind::CaseClosed,
    ];

    /// The identifier in JSON and in the event log.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            WorkflowKind::ComplaintAccepted => "complaint_accepted",
            WorkflowKind::ComplaintRejected => "complaint_rejected",
            WorkflowKind::Allocated => "allocated",
            WorkflowKind::InvestigationLetterSent => "investigation_letter_sent",
            WorkflowKind::AuthorityReplied => "authority_replied",
            WorkflowKind::InformallyResolved => "informally_resolved",
            WorkflowKind::AppealWindowClosed => "appeal_window_closed",
            WorkflowKind::CaseClosed => "case_closed",
        }
    }
}

/// Any event in a case's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum CaseEventKind {
    /// An event the statutory clock depends on.
    Clock(EventKind),
    /// A step in the regulator's handling.
    Workflow(WorkflowKind),
}

impl CaseEventKind {
    /// The identifier in JSON and in the event log.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            CaseEventKind::Clock(k) => k.slug(),
            CaseEventKind::Workflow(k) => k.slug(),
        }
    }

    /// Parses the identifier.
    ///
    /// # Errors
    /// A message listing every kind.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        if let Some(k) = EventKind::from_slug(s) {
            return Ok(CaseEventKind::Clock(k));
        }
        WorkflowKind::ALL
            .into_iter()
            .find(|k| k.slug() == s)
            .map(CaseEventKind::Workflow)
            .ok_or_else(|| {
                let mut all: Vec<&str> = EventKind::ALL.iter().map(|k| k.slug()).collect();
                all.extend(WorkflowKind::ALL.iter().map(|k| k.slug()));
                format!(
                    "unknown event kind \"{s}\"; known kinds are {}",
                    all.join(", ")
                )
            })
    }

    /// How a case officer would say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CaseEventKind::Clock(k) => k.label(),
            CaseEventKind::Workflow(k) => match k {
                WorkflowKind::ComplaintAccepted => "complaint accepted",
                WorkflowKind::ComplaintRejected => "complaint rejected as ineligible",
                WorkflowKind::Allocated => "case allocated",
                WorkflowKind::InvestigationLetterSent => "investigation letter sent",
                WorkflowKind::AuthorityReplied => "authority replied",
                WorkflowKind::InformallyResolved => "informally resolved",
                WorkflowKind::AppealWindowClosed => "appeal window closed",
                WorkflowKind::CaseClosed => "case closed",
            },
        }
    }
}

/// Where a case is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Opened; no request recorded yet.
    #[default]
    Received,
    /// The request was made and has not been answered.
    AwaitingResponse,
    /// The authority responded.
    Responded,
    /// An internal review is under way.
    InternalReview,
    /// The internal review was completed.
    ReviewCompleted,
    /// The regulator received the complaint.
    ComplaintReceived,
    /// Accepted for investigation, not yet allocated.
    Accepted,
    /// Not eligible (the reason is stored beside the status).
    Rejected,
    /// Allocated to a case officer.
    Allocated,
    /// Under investigation: letters to the authority.
    Investigation,
    /// Resolved without a notice.
    InformallyResolved,
    /// A decision notice was issued; the appeal window is open.
    NoticeIssued,
    /// A party appealed to the tribunal.
    Appealed,
    /// The tribunal determined the appeal.
    AppealDetermined,
    /// The appeal window closed with no appeal.
    WindowClosed,
    /// The authority complied with the steps ordered.
    StepsComplied,
    /// Closed.
    Closed,
}

impl CaseStatus {
    /// Every status.
    pub const ALL: [CaseStatus; 17] = [
        CaseStatus::Received,
        CaseStatus::AwaitingResponse,
        CaseStatus::Responded,
        CaseStatus::InternalReview,
        CaseStatus::ReviewCompleted,
        CaseStatus::ComplaintReceived,
        CaseStatus::Accepted,
        CaseStatus::Rejected,
        CaseStatus::Allocated,
        CaseStatus::Investigation,
        CaseStatus::InformallyResolved,
        CaseStatus::NoticeIssued,
        CaseStatus::Appealed,
        CaseStatus::AppealDetermined,
        CaseStatus::WindowClosed,
        CaseStatus::StepsComplied,
        CaseStatus::Closed,
    ];

    /// The identifier stored and sent in JSON.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::AwaitingResponse => "awaiting_response",
            CaseStatus::Responded => "responded",
            CaseStatus::InternalReview => "internal_review",
            CaseStatus::ReviewCompleted => "review_completed",
            CaseStatus::ComplaintReceived => "complaint_received",
            CaseStatus::Accepted => "accepted",
            CaseStatus::Rejected => "rejected",
            CaseStatus::Allocated => "allocated",
            CaseStatus::Investigation => "investigation",
            CaseStatus::InformallyResolved => "informally_resolved",
            CaseStatus::NoticeIssued => "notice_issued",
            CaseStatus::Appealed => "appealed",
            CaseStatus::AppealDetermined => "appeal_determined",
            CaseStatus::WindowClosed => "window_closed",
            CaseStatus::StepsComplied => "steps_complied",
            CaseStatus::Closed => "closed",
        }
    }

    /// Parses the stored identifier.
    ///
    /// # Errors
    /// A message listing the statuses.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == s)
            .ok_or_else(|| {
                format!(
                    "unknown status \"{s}\": use {}",
                    Self::ALL.map(CaseStatus::slug).join(", ")
                )
            })
    }

    /// How a case officer would say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Received => "Received",
            CaseStatus::AwaitingResponse => "Awaiting the authority's response",
            CaseStatus::Responded => "Responded",
            CaseStatus::InternalReview => "Internal review",
            CaseStatus::ReviewCompleted => "Internal review completed",
            CaseStatus::ComplaintReceived => "Complaint received",
            CaseStatus::Accepted => "Accepted, awaiting allocation",
            CaseStatus::Rejected => "Rejected as ineligible",
            CaseStatus::Allocated => "Allocated",
            CaseStatus::Investigation => "Under investigation",
            CaseStatus::InformallyResolved => "Informally resolved",
            CaseStatus::NoticeIssued => "Decision notice issued",
            CaseStatus::Appealed => "Appealed to the tribunal",
            CaseStatus::AppealDetermined => "Appeal determined",
            CaseStatus::WindowClosed => "Appeal window closed",
            CaseStatus::StepsComplied => "Steps complied with",
            CaseStatus::Closed => "Closed",
        }
    }

    /// Whether a decision notice may be drafted: the complaint was accepted and the case is
    /// allocated (or under investigation), so it can end in one; once issued, the notice stays.
    #[must_use]
    pub fn may_draft_notice(self) -> bool {
        matches!(
            self,
            CaseStatus::Allocated | CaseStatus::Investigation | CaseStatus::NoticeIssued
        )
    }

    /// Whether a case officer may be allocated (or the case reallocated): the complaint was
    /// accepted and no decision has been reached. The same statuses [`CaseStatus::apply`] lets
    /// an allocation through.
    #[must_use]
    pub fn may_allocate(self) -> bool {
        matches!(
            self,
            CaseStatus::Accepted | CaseStatus::Allocated | CaseStatus::Investigation
        )
    }

    /// Why a case in this status cannot be allocated, in words, when it cannot.
    #[must_use]
    pub fn why_not_allocated(self) -> Option<&'static str> {
        if self.may_allocate() {
            return None;
        }
        Some(if self.before_acceptance() {
            "The complaint has not been accepted yet: accept it before allocating the case"
        } else if self == CaseStatus::Rejected {
            "The complaint was rejected as ineligible: a rejected case is not allocated"
        } else if self.is_closed() {
            "The case is closed: a closed case cannot be allocated"
        } else {
            "The case has been decided: it can no longer be allocated"
        })
    }

    /// Whether the complaint has yet to be accepted (or rejected).
    #[must_use]
    pub fn before_acceptance(self) -> bool {
        matches!(
            self,
            CaseStatus::Received
                | CaseStatus::AwaitingResponse
                | CaseStatus::Responded
                | CaseStatus::InternalReview
                | CaseStatus::ReviewCompleted
                | CaseStatus::ComplaintReceived
        )
    }

    /// Whether the case is finished.
    #[must_use]
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Closed)
    }

    /// The status after `event`, or why the event cannot happen now. The stages are tried in
    /// order, the first that knows the move answers.
    ///
    /// # Errors
    /// A [`TransitionError`] when the event is not allowed in this status.
    pub fn apply(self, event: CaseEventKind) -> Result<CaseStatus, TransitionError> {
        self.request_stage(event)
            .or_else(|| self.complaint_stage(event))
            .or_else(|| self.appeal_stage(event))
            .or_else(|| self.final_stage(event))
            .ok_or(TransitionError { from: self, event })
    }

    /// The request has not yet reached the regulator.
    fn before_complaint(self) -> bool {
        use CaseStatus as S;
        matches!(
            self,
            S::Received
                | S::AwaitingResponse
                | S::Responded
                | S::InternalReview
                | S::ReviewCompleted
        )
    }

    /// The complaint is with the regulator and not yet decided.
    fn under_investigation(self) -> bool {
        use CaseStatus as S;
        matches!(
            self,
            S::ComplaintReceived | S::Accepted | S::Allocated | S::Investigation
        )
    }

    /// The authority's handling: the request, its clock stops and extensions, the response and
    /// the internal review.
    fn request_stage(self, event: CaseEventKind) -> Option<CaseStatus> {
        use CaseEventKind::Clock;
        use CaseStatus as S;
        use EventKind as E;
        match (self, event) {
            (S::Received, Clock(E::RequestReceived)) => Some(S::AwaitingResponse),
            (
                S::AwaitingResponse,
                Clock(
                    E::ClarificationRequested
                    | E::ClarificationReceived
                    | E::FeesNoticeIssued
                    | E::FeePaid
                    | E::PitExtensionClaimed
                    | E::EirExtensionClaimed
                    | E::SarExtensionClaimed,
                ),
            ) => Some(self),
            (S::AwaitingResponse, Clock(E::ResponseSent)) => Some(S::Responded),
            // A late answer may arrive at any point before a decision; the status stays.
            (_, Clock(E::ResponseSent))
                if !self.before_complaint() && self.under_investigation() =>
            {
                Some(self)
            }
            (S::Responded | S::InternalReview | S::ReviewCompleted, Clock(E::ResponseSent)) => {
                Some(self)
            }
            // EIR reg 11 allows representations about a failure to respond, so a review may
            // follow no response as well as a response.
            (S::AwaitingResponse | S::Responded, Clock(E::InternalReviewRequested)) => {
                Some(S::InternalReview)
            }
            (S::InternalReview, Clock(E::InternalReviewCompleted)) => Some(S::ReviewCompleted),
            _ => None,
        }
    }

    /// The regulator's handling: the complaint, its acceptance or rejection, allocation, the
    /// investigation, and an informal resolution.
    fn complaint_stage(self, event: CaseEventKind) -> Option<CaseStatus> {
        use CaseEventKind::{Clock, Workflow};
        use CaseStatus as S;
        use EventKind as E;
        use WorkflowKind as W;
        match (self, event) {
            (_, Clock(E::ComplaintReceived)) if self.before_complaint() => {
                Some(S::ComplaintReceived)
            }
            // A review the authority completes after the complaint arrived still counts.
            (_, Clock(E::InternalReviewCompleted)) if self.under_investigation() => Some(self),
            (S::ComplaintReceived, Workflow(W::ComplaintAccepted)) => Some(S::Accepted),
            (S::ComplaintReceived | S::Accepted, Workflow(W::ComplaintRejected)) => {
                Some(S::Rejected)
            }
            (S::Accepted | S::Allocated | S::Investigation, Workflow(W::Allocated)) => {
                Some(if self == S::Investigation {
                    S::Investigation
                } else {
                    S::Allocated
                })
            }
            (_, Clock(E::ChaseLetterSent)) if self.under_investigation() => Some(self),
            (S::Allocated | S::Investigation, Workflow(W::InvestigationLetterSent)) => {
                Some(S::Investigation)
            }
            (S::Investigation, Workflow(W::AuthorityReplied)) => Some(S::Investigation),
            (S::Allocated | S::Investigation, Workflow(W::InformallyResolved)) => {
                Some(S::InformallyResolved)
            }
            _ => None,
        }
    }

    /// The decision notice and the appeal against it, up the courts.
    fn appeal_stage(self, event: CaseEventKind) -> Option<CaseStatus> {
        use CaseEventKind::Clock;
        use CaseStatus as S;
        use EventKind as E;
        match (self, event) {
            (S::Allocated | S::Investigation, Clock(E::DecisionNoticeIssued)) => {
                Some(S::NoticeIssued)
            }
            // A notice may be appealed by each party, late with the tribunal's leave after the
            // window closed, or again after steps were taken.
            (
                S::NoticeIssued
                | S::Appealed
                | S::AppealDetermined
                | S::WindowClosed
                | S::StepsComplied,
                Clock(E::AppealLodged),
            ) => Some(S::Appealed),
            (
                S::Appealed,
                Clock(
                    E::NoticeOfAppealSent
                    | E::CommissionerResponseSent
                    | E::AppellantReplySent
                    | E::DirectionGiven,
                ),
            ) => Some(S::Appealed),
            (S::Appealed, Clock(E::AppealDetermined | E::TribunalDecisionSent)) => {
                Some(S::AppealDetermined)
            }
            // After the First-tier decision: set-aside, permission, the higher courts, remittal.
            (
                S::AppealDetermined,
                Clock(
                    E::DirectionGiven
                    | E::SetAsideApplied
                    | E::PermissionToAppealApplied
                    | E::PermissionRefused
                    | E::UpperTribunalPermissionApplied
                    | E::UpperTribunalDecisionSent
                    | E::CourtOfAppealPermissionApplied
                    | E::CourtOfSessionPermissionApplied
                    | E::UpperTribunalNoticeOfAppealSent
                    | E::UpperTribunalResponseSent
                    | E::TribunalDecisionSent
                    | E::AppealDetermined,
                ),
            ) => Some(S::AppealDetermined),
            _ => None,
        }
    }

    /// After the decision: a ministerial certificate, the appeal window closing, the steps
    /// complied with, and closure.
    fn final_stage(self, event: CaseEventKind) -> Option<CaseStatus> {
        use CaseEventKind::{Clock, Workflow};
        use CaseStatus as S;
        use EventKind as E;
        use WorkflowKind as W;
        match (self, event) {
            (
                S::NoticeIssued | S::WindowClosed | S::AppealDetermined,
                Clock(E::MinisterialCertificateGiven),
            ) => Some(self),
            (S::NoticeIssued, Workflow(W::AppealWindowClosed)) => Some(S::WindowClosed),
            (S::NoticeIssued | S::WindowClosed | S::AppealDetermined, Clock(E::StepsComplied)) => {
                Some(S::StepsComplied)
            }
            (
                S::Rejected
                | S::InformallyResolved
                | S::WindowClosed
                | S::AppealDetermined
                | S::StepsComplied,
                Workflow(W::CaseClosed),
            ) => Some(S::Closed),
            _ => None,
        }
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An event that cannot happen in the case's current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("A case that is \"{}\" cannot have \"{}\" recorded next", .from.label(), .event.label())]
pub struct TransitionError {
    /// The status the case was in.
    pub from: CaseStatus,
    /// The event refused.
    pub event: CaseEventKind,
}

/// Replays a log of events from a new case.
///
/// # Errors
/// The first [`TransitionError`].
pub fn replay(
    events: impl IntoIterator<Item = CaseEventKind>,
) -> Result<CaseStatus, TransitionError> {
    events
        .into_iter()
        .try_fold(CaseStatus::Received, |status, event| status.apply(event))
}

#[cfg(test)]
mod tests;
