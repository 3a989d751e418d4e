//! The timeline's rules of order, stage by stage: what cannot happen twice, what needs the
//! request, what the regime does not have, and the order within the request (clarification,
//! fees), the internal review, the complaint and the decision notice, and the appeal.
//!
//! Only the impossible is refused: a stage the service does not know about may be skipped. Each
//! check looks at one event with what came before it ([`Seen`]); the first broken rule is the
//! answer, in the order the checks are listed in [`check`].

use super::{Event, EventKind as K, Timeline, TimelineError, human_date};
use crate::domain::regime::Regime;

/// Refuses an impossible order in a sorted timeline.
///
/// # Errors
/// A [`TimelineError`] naming the event and the rule it breaks.
pub(super) fn check(timeline: &Timeline) -> Result<(), TimelineError> {
    check_unique(timeline)?;
    let mut seen = Seen::new(timeline);
    for e in &timeline.events {
        check_needs_request(e, seen.request)?;
        check_regime(e, timeline.regime)?;
        seen.check_request_stage(e)?;
        seen.check_review(e)?;
        seen.check_complaint_stage(e)?;
        seen.check_appeal(e)?;
        check_appeal_stage(e, seen.notice)?;
    }
    check_complaint_after_request(seen.complaint, seen.request)
}

/// The event as the error names it, e.g. `response_sent on 2023-03-01`.
fn here(e: &Event) -> Option<String> {
    Some(format!("{} on {}", e.kind, e.date))
}

/// What the walk has seen: the first of the events other rules refer to, and the stages still
/// open at the event being checked.
struct Seen<'a> {
    request: Option<&'a Event>,
    response: Option<&'a Event>,
    notice: Option<&'a Event>,
    complaint: Option<&'a Event>,
    open_fees: Option<&'a Event>,
    open_clarification: Option<&'a Event>,
    open_appeal: Option<&'a Event>,
    review_requested: Option<&'a Event>,
}

impl<'a> Seen<'a> {
    fn new(timeline: &'a Timeline) -> Self {
        Seen {
            request: timeline.first(K::RequestReceived),
            response: timeline.first(K::ResponseSent),
            notice: timeline.first(K::DecisionNoticeIssued),
            complaint: timeline.first(K::ComplaintReceived),
            open_fees: None,
            open_clarification: None,
            open_appeal: None,
            review_requested: None,
        }
    }

    /// Clarification is received only after it was requested; a fees notice is paid only after
    /// it was issued, and a second is not issued while one is unpaid.
    fn check_request_stage(&mut self, e: &'a Event) -> Result<(), TimelineError> {
        match e.kind {
            K::ClarificationRequested => self.open_clarification = Some(e),
            K::ClarificationReceived if self.open_clarification.take().is_none() => {
                return Err(TimelineError::new(
                    here(e),
                    "clarification_not_requested",
                    format!(
                        "clarification received on {} but no clarification was requested before it",
                        human_date(e.date)
                    ),
                ));
            }
            K::FeesNoticeIssued => {
                if let Some(prev) = self.open_fees {
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
                self.open_fees = Some(e);
            }
            K::FeePaid if self.open_fees.take().is_none() => {
                return Err(TimelineError::new(
                    here(e),
                    "fee_without_notice",
                    format!(
                        "a fee paid on {} but no fees notice was issued before it",
                        human_date(e.date)
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// A review is requested no earlier than the response, and completed only once requested.
    fn check_review(&mut self, e: &'a Event) -> Result<(), TimelineError> {
        match e.kind {
            K::InternalReviewRequested => {
                if let Some(r) = self.response
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
                self.review_requested = Some(e);
            }
            K::InternalReviewCompleted if self.review_requested.is_none() => {
                return Err(TimelineError::new(
                    here(e),
                    "review_not_requested",
                    format!(
                        "internal review completed on {} but no review was requested before it",
                        human_date(e.date)
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// A chase letter follows the complaint; the decision notice is dated no earlier than the
    /// complaint and sent no earlier than its date.
    fn check_complaint_stage(&self, e: &Event) -> Result<(), TimelineError> {
        match e.kind {
            K::ChaseLetterSent if self.complaint.is_none_or(|c| c.date > e.date) => {
                Err(TimelineError::new(
                    here(e),
                    "chase_before_complaint",
                    format!(
                        "the chase letter of {} comes before any complaint to the Commissioner",
                        human_date(e.date)
                    ),
                ))
            }
            K::DecisionNoticeIssued => check_notice_dates(e, self.complaint),
            _ => Ok(()),
        }
    }

    /// An appeal challenges an earlier decision notice and is determined only once lodged;
    /// steps are complied with only after a notice that could order them.
    fn check_appeal(&mut self, e: &'a Event) -> Result<(), TimelineError> {
        let no_notice_before = self.notice.is_none_or(|n| n.date > e.date);
        match e.kind {
            K::AppealLodged if no_notice_before => Err(TimelineError::new(
                here(e),
                "appeal_without_notice",
                format!(
                    "appeal lodged on {} but there is no decision notice before it to appeal",
                    human_date(e.date)
                ),
            )),
            K::AppealLodged => {
                self.open_appeal = Some(e);
                Ok(())
            }
            // A remitted appeal is decided again: any earlier appeal will do.
            K::AppealDetermined | K::TribunalDecisionSent if self.open_appeal.is_none() => {
                Err(TimelineError::new(
                    here(e),
                    "determined_without_appeal",
                    format!(
                        "{} on {} but no appeal was lodged before it",
                        e.kind.label(),
                        human_date(e.date)
                    ),
                ))
            }
            K::StepsComplied if no_notice_before => Err(TimelineError::new(
                here(e),
                "steps_without_notice",
                format!(
                    "steps complied with on {} but no decision notice before it ordered steps",
                    human_date(e.date)
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// There is one request and one decision notice: a second is a correction of the first.
fn check_unique(timeline: &Timeline) -> Result<(), TimelineError> {
    for k in [K::RequestReceived, K::DecisionNoticeIssued] {
        if timeline.all(k).count() > 1 {
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
    Ok(())
}

/// The events of the request's handling need the request, and come no earlier than it.
fn check_needs_request(e: &Event, request: Option<&Event>) -> Result<(), TimelineError> {
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
    match request {
        _ if !needs_request => Ok(()),
        None => Err(TimelineError::new(
            here(e),
            "request_required",
            format!(
                "{} on {} needs the request_received event it belongs to",
                e.kind.label(),
                human_date(e.date)
            ),
        )),
        Some(r) if e.date < r.date => Err(TimelineError::new(
            here(e),
            "before_request",
            format!(
                "{} on {} is before the request was received on {}",
                e.kind.label(),
                human_date(e.date),
                human_date(r.date)
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// Extensions and the fees clock stop exist only under the regimes that have them.
fn check_regime(e: &Event, regime: Regime) -> Result<(), TimelineError> {
    let message = match e.kind {
        K::PitExtensionClaimed if !regime.has_public_interest_extension() => format!(
            "a public interest extension (FOIA s10(3)) does not exist under {}",
            regime.label()
        ),
        K::EirExtensionClaimed if !regime.has_eir_extension() => format!(
            "the regulation 7 extension exists only under the EIR, not {}",
            regime.label()
        ),
        K::SarExtensionClaimed if regime != Regime::UkGdprSar => format!(
            "a SAR extension does not apply to a {} request",
            regime.label()
        ),
        K::FeesNoticeIssued | K::FeePaid if !regime.has_fees_pause() => format!(
            "the fees notice clock stop (FOIA s10(2)) does not apply under {}",
            regime.label()
        ),
        _ => return Ok(()),
    };
    Err(TimelineError::new(here(e), "not_in_regime", message))
}

/// The decision notice is dated no earlier than the complaint, and sent no earlier than dated.
fn check_notice_dates(e: &Event, complaint: Option<&Event>) -> Result<(), TimelineError> {
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
    Ok(())
}

/// The appeal's own rules of order: every stage but the appeal itself needs the notice it
/// challenges (a stage the service does not know about may be skipped: only the impossible is
/// refused), and a direction cannot set a date before it was given.
fn check_appeal_stage(e: &Event, notice: Option<&Event>) -> Result<(), TimelineError> {
    if e.kind.is_appeal() && e.kind != K::AppealLodged && notice.is_none_or(|n| n.date > e.date) {
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
    Ok(())
}

/// A complaint to the Commissioner follows the request it is about.
fn check_complaint_after_request(
    complaint: Option<&Event>,
    request: Option<&Event>,
) -> Result<(), TimelineError> {
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
