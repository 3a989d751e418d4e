//! The kinds of event on a timeline: the public contract's identifiers, labels, and which
//! belong to an appeal.

use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// A party asked the Upper Tribunal for permission to appeal to the Court of Session, the
    /// appellate court in Scotland (TCEA 2007 s13(11)-(13); UT r44(4)).
    CourtOfSessionPermissionApplied,
    /// The Upper Tribunal sent the notice of appeal to the respondent (UT r23(5)): the
    /// response runs from it (UT r24(2)(b)).
    UpperTribunalNoticeOfAppealSent,
    /// The respondent sent its response to the Upper Tribunal (UT r24).
    UpperTribunalResponseSent,
    /// The accountable person gave the Commissioner a ministerial certificate (FOIA s53(2)).
    MinisterialCertificateGiven,
}

impl EventKind {
    /// Every kind, in the order of a typical case.
    pub const ALL: [EventKind; 32] = [
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
        EventKind::CourtOfSessionPermissionApplied,
        EventKind::UpperTribunalNoticeOfAppealSent,
        EventKind::UpperTribunalResponseSent,
        EventKind::MinisterialCertificateGiven,
    ];

    /// The events of an appeal, recorded through the appeal (not the case's events door).
    pub const APPEAL: [EventKind; 17] = [
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
        EventKind::CourtOfSessionPermissionApplied,
        EventKind::UpperTribunalNoticeOfAppealSent,
        EventKind::UpperTribunalResponseSent,
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
            EventKind::CourtOfSessionPermissionApplied => "court_of_session_permission_applied",
            EventKind::UpperTribunalNoticeOfAppealSent => "upper_tribunal_notice_of_appeal_sent",
            EventKind::UpperTribunalResponseSent => "upper_tribunal_response_sent",
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
            EventKind::CourtOfSessionPermissionApplied => {
                "permission to appeal to the Court of Session asked"
            }
            EventKind::UpperTribunalNoticeOfAppealSent => {
                "notice of appeal sent by the Upper Tribunal"
            }
            EventKind::UpperTribunalResponseSent => "response to the Upper Tribunal sent",
            EventKind::MinisterialCertificateGiven => "ministerial certificate given (s53)",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}
