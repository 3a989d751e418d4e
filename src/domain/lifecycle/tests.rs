//! The lifecycle's tests: a whole case walked through, typed errors for illegal moves, and every
//! pair of status and event checked against the lifecycle written out independently.

use super::*;
use CaseEventKind::{Clock, Workflow};

#[test]
fn a_whole_case_walks_from_request_to_closure() {
    let log = [
        Clock(EventKind::RequestReceived),
        Clock(EventKind::ResponseSent),
        Clock(EventKind::InternalReviewRequested),
        Clock(EventKind::InternalReviewCompleted),
        Clock(EventKind::ComplaintReceived),
        Workflow(WorkflowKind::ComplaintAccepted),
        Workflow(WorkflowKind::Allocated),
        Workflow(WorkflowKind::InvestigationLetterSent),
        Clock(EventKind::DecisionNoticeIssued),
        Workflow(WorkflowKind::AppealWindowClosed),
        Clock(EventKind::StepsComplied),
        Workflow(WorkflowKind::CaseClosed),
    ];
    assert_eq!(replay(log), Ok(CaseStatus::Closed));
}

#[test]
fn illegal_moves_are_typed_errors() {
    // (status, event, why)
    let table = [
        (
            CaseStatus::Received,
            Clock(EventKind::DecisionNoticeIssued),
            "no notice before a complaint",
        ),
        (
            CaseStatus::ComplaintReceived,
            Workflow(WorkflowKind::Allocated),
            "allocation needs acceptance",
        ),
        (
            CaseStatus::Rejected,
            Clock(EventKind::DecisionNoticeIssued),
            "a rejected complaint gets no notice",
        ),
        (
            CaseStatus::NoticeIssued,
            Workflow(WorkflowKind::CaseClosed),
            "the appeal window must end first",
        ),
        (
            CaseStatus::Closed,
            Clock(EventKind::AppealLodged),
            "closed is final",
        ),
        (
            CaseStatus::NoticeIssued,
            Clock(EventKind::CommissionerResponseSent),
            "no response before an appeal",
        ),
        (
            CaseStatus::Appealed,
            Clock(EventKind::PermissionToAppealApplied),
            "no permission to appeal a decision not yet made",
        ),
        (
            CaseStatus::Appealed,
            Workflow(WorkflowKind::AppealWindowClosed),
            "an appeal is pending",
        ),
    ];
    for (from, event, why) in table {
        assert_eq!(
            from.apply(event),
            Err(TransitionError { from, event }),
            "{why}"
        );
    }
}

#[test]
fn statuses_round_trip_through_their_stored_text() {
    for s in CaseStatus::ALL {
        assert_eq!(CaseStatus::from_slug(s.slug()), Ok(s));
    }
}

mod every_transition {
    use crate::domain::lifecycle::*;
    use CaseEventKind::{Clock, Workflow};
    use CaseStatus as S;
    use EventKind as E;
    use WorkflowKind as W;

    /// The lifecycle written out independently as (from, event, to), stage by stage; every
    /// other pair must be refused.
    fn allowed() -> Vec<(CaseStatus, CaseEventKind, CaseStatus)> {
        let mut v = Vec::new();
        request_stage(&mut v);
        complaint_stage(&mut v);
        notice_and_appeal(&mut v);
        after_decision(&mut v);
        v
    }

    /// The request, its clock stops, the response (late ones too) and the internal review.
    fn request_stage(v: &mut Vec<(CaseStatus, CaseEventKind, CaseStatus)>) {
        v.push((S::Received, Clock(E::RequestReceived), S::AwaitingResponse));
        for e in [
            E::ClarificationRequested,
            E::ClarificationReceived,
            E::FeesNoticeIssued,
            E::FeePaid,
            E::PitExtensionClaimed,
            E::EirExtensionClaimed,
            E::SarExtensionClaimed,
        ] {
            v.push((S::AwaitingResponse, Clock(e), S::AwaitingResponse));
        }
        v.push((S::AwaitingResponse, Clock(E::ResponseSent), S::Responded));
        for s in [
            S::Responded,
            S::InternalReview,
            S::ReviewCompleted,
            S::ComplaintReceived,
            S::Accepted,
            S::Allocated,
            S::Investigation,
        ] {
            v.push((s, Clock(E::ResponseSent), s));
        }
        v.push((
            S::AwaitingResponse,
            Clock(E::InternalReviewRequested),
            S::InternalReview,
        ));
        v.push((
            S::Responded,
            Clock(E::InternalReviewRequested),
            S::InternalReview,
        ));
        v.push((
            S::InternalReview,
            Clock(E::InternalReviewCompleted),
            S::ReviewCompleted,
        ));
    }

    /// The complaint, acceptance or rejection, allocation, investigation, informal resolution.
    fn complaint_stage(v: &mut Vec<(CaseStatus, CaseEventKind, CaseStatus)>) {
        for s in [
            S::Received,
            S::AwaitingResponse,
            S::Responded,
            S::InternalReview,
            S::ReviewCompleted,
        ] {
            v.push((s, Clock(E::ComplaintReceived), S::ComplaintReceived));
        }
        for s in [
            S::ComplaintReceived,
            S::Accepted,
            S::Allocated,
            S::Investigation,
        ] {
            v.push((s, Clock(E::InternalReviewCompleted), s));
            v.push((s, Clock(E::ChaseLetterSent), s));
        }
        v.push((
            S::ComplaintReceived,
            Workflow(W::ComplaintAccepted),
            S::Accepted,
        ));
        v.push((
            S::ComplaintReceived,
            Workflow(W::ComplaintRejected),
            S::Rejected,
        ));
        v.push((S::Accepted, Workflow(W::ComplaintRejected), S::Rejected));
        v.push((S::Accepted, Workflow(W::Allocated), S::Allocated));
        v.push((S::Allocated, Workflow(W::Allocated), S::Allocated));
        v.push((S::Investigation, Workflow(W::Allocated), S::Investigation));
        for s in [S::Allocated, S::Investigation] {
            v.push((s, Workflow(W::InvestigationLetterSent), S::Investigation));
        }
        v.push((
            S::Investigation,
            Workflow(W::AuthorityReplied),
            S::Investigation,
        ));
        for s in [S::Allocated, S::Investigation] {
            v.push((s, Workflow(W::InformallyResolved), S::InformallyResolved));
        }
    }

    /// The decision notice and the appeal, from the First-tier Tribunal up.
    fn notice_and_appeal(v: &mut Vec<(CaseStatus, CaseEventKind, CaseStatus)>) {
        for s in [S::Allocated, S::Investigation] {
            v.push((s, Clock(E::DecisionNoticeIssued), S::NoticeIssued));
        }
        for s in [
            S::NoticeIssued,
            S::Appealed,
            S::AppealDetermined,
            S::WindowClosed,
            S::StepsComplied,
        ] {
            v.push((s, Clock(E::AppealLodged), S::Appealed));
        }
        for e in [
            E::NoticeOfAppealSent,
            E::CommissionerResponseSent,
            E::AppellantReplySent,
            E::DirectionGiven,
        ] {
            v.push((S::Appealed, Clock(e), S::Appealed));
        }
        v.push((S::Appealed, Clock(E::AppealDetermined), S::AppealDetermined));
        v.push((
            S::Appealed,
            Clock(E::TribunalDecisionSent),
            S::AppealDetermined,
        ));
        for e in [
            E::DirectionGiven,
            E::SetAsideApplied,
            E::PermissionToAppealApplied,
            E::PermissionRefused,
            E::UpperTribunalPermissionApplied,
            E::UpperTribunalDecisionSent,
            E::CourtOfAppealPermissionApplied,
            E::CourtOfSessionPermissionApplied,
            E::UpperTribunalNoticeOfAppealSent,
            E::UpperTribunalResponseSent,
            E::TribunalDecisionSent,
            E::AppealDetermined,
        ] {
            v.push((S::AppealDetermined, Clock(e), S::AppealDetermined));
        }
    }

    /// A ministerial certificate, the appeal window closing, the steps, and closure.
    fn after_decision(v: &mut Vec<(CaseStatus, CaseEventKind, CaseStatus)>) {
        for s in [S::NoticeIssued, S::WindowClosed, S::AppealDetermined] {
            v.push((s, Clock(E::MinisterialCertificateGiven), s));
        }
        v.push((
            S::NoticeIssued,
            Workflow(W::AppealWindowClosed),
            S::WindowClosed,
        ));
        for s in [S::NoticeIssued, S::WindowClosed, S::AppealDetermined] {
            v.push((s, Clock(E::StepsComplied), S::StepsComplied));
        }
        for s in [
            S::Rejected,
            S::InformallyResolved,
            S::WindowClosed,
            S::AppealDetermined,
            S::StepsComplied,
        ] {
            v.push((s, Workflow(W::CaseClosed), S::Closed));
        }
    }

    #[test]
    fn every_pair_of_status_and_event_is_allowed_or_refused_as_written() {
        let allowed = allowed();
        let events: Vec<CaseEventKind> = EventKind::ALL
            .into_iter()
            .map(Clock)
            .chain(WorkflowKind::ALL.into_iter().map(Workflow))
            .collect();
        let mut refused = 0;
        for from in CaseStatus::ALL {
            for &event in &events {
                match allowed.iter().find(|(f, e, _)| *f == from && *e == event) {
                    Some(&(_, _, to)) => {
                        assert_eq!(from.apply(event), Ok(to), "{from:?} + {event:?}")
                    }
                    None => {
                        refused += 1;
                        assert_eq!(
                            from.apply(event),
                            Err(TransitionError { from, event }),
                            "{from:?} + {event:?} must be refused"
                        );
                    }
                }
            }
        }
        assert!(refused > 300, "most pairs are refused: {refused}");
    }
}
