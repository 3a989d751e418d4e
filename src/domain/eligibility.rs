//! Warnings shown when a complaint is opened: things that may make it ineligible, or the wrong
//! regulator's. They are warnings for the officer to weigh, never refusals (docs/deadline-rules.md §4:
//! the complaint window is "a warning not a refusal").

use crate::domain::deadline::{DeadlineName, Evaluation, Status};
use crate::domain::parties::Nation;
use crate::domain::regime::Regime;
use crate::domain::timeline::{EventKind, Timeline, human_date};

/// Something for the officer to check before accepting a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EligibilityWarning {
    /// No internal review was asked for. FOIA s50(2)(a): the Commissioner need not decide a
    /// complaint while the authority's complaints procedure has not been exhausted (EIR reg 11).
    NoInternalReview,
    /// A review was asked for, is not complete, and its 20 working days have not yet run out.
    ReviewNotYetDue {
        /// When the review is due.
        due: chrono::NaiveDate,
    },
    /// The complaint came after the six-week window that follows the final response
    /// (ICO service standard; docs/deadline-rules.md §4).
    ComplaintAfterWindow {
        /// The last day of the window.
        window_end: chrono::NaiveDate,
        /// When the complaint arrived.
        complaint: chrono::NaiveDate,
    },
    /// The regime does not fit where the authority is: Scottish public authorities answer
    /// under FOISA and EIR (Scotland), to the Scottish Information Commissioner (FOISA s3, s47);
    /// others under FOIA and EIR.
    RegimeMismatch {
        /// The regime chosen.
        regime: Regime,
        /// Where the authority is.
        nation: Nation,
    },
}

impl EligibilityWarning {
    /// The warning in words for a case officer.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            EligibilityWarning::NoInternalReview => "The requester has not asked the authority for an internal review. The Commissioner need not decide a complaint until the authority's complaints procedure has been used (FOIA s50(2)(a); EIR regulation 11).".to_owned(),
            EligibilityWarning::ReviewNotYetDue { due } => format!(
                "The internal review is not complete and is not due until {}. The complaint may be premature.",
                human_date(*due)
            ),
            EligibilityWarning::ComplaintAfterWindow { window_end, complaint } => format!(
                "The complaint arrived on {}, after the six weeks following the final response ended on {}. Consider whether to accept it late.",
                human_date(*complaint),
                human_date(*window_end)
            ),
            EligibilityWarning::RegimeMismatch { regime, nation } => match nation {
                Nation::Scotland => format!(
                    "This authority is in Scotland, but the case is under {}. Scottish public authorities answer under FOISA or EIR (Scotland), and complaints go to the Scottish Information Commissioner.",
                    regime.label()
                ),
                _ => format!(
                    "The case is under {}, a Scottish regime, but the authority is not a Scottish public authority.",
                    regime.label()
                ),
            },
        }
    }
}

/// The warnings for a complaint, from its timeline and the engine's evaluation of it.
#[must_use]
pub fn check(
    timeline: &Timeline,
    evaluation: &Evaluation,
    nation: Nation,
) -> Vec<EligibilityWarning> {
    let mut warnings = Vec::new();
    let regime = timeline.regime;
    let scottish_regime = regime.is_scottish();
    let foi_regime = matches!(
        regime,
        Regime::Foia | Regime::Eir | Regime::Foisa | Regime::EirScotland
    );
    // UK-wide bodies answer under FOIA and EIR even in Scotland (FOISA s3 covers only
    // Scottish public authorities).
    if foi_regime && (nation == Nation::Scotland) != scottish_regime {
        warnings.push(EligibilityWarning::RegimeMismatch { regime, nation });
    }
    let review_requested = timeline.first(EventKind::InternalReviewRequested).is_some();
    let review_completed = timeline.first(EventKind::InternalReviewCompleted).is_some();
    if foi_regime && !review_requested {
        warnings.push(EligibilityWarning::NoInternalReview);
    } else if review_requested
        && !review_completed
        && let Some(due) = evaluation
            .get(DeadlineName::InternalReviewDue)
            .or_else(|| evaluation.get(DeadlineName::ReviewResponseDue))
            .filter(|d| matches!(d.status, Status::Pending | Status::DueToday))
            .and_then(|d| d.date)
    {
        warnings.push(EligibilityWarning::ReviewNotYetDue { due });
    }
    if let (Some(window), Some(complaint)) = (
        evaluation
            .get(DeadlineName::ComplaintWindowEnd)
            .and_then(|d| d.date),
        timeline.first(EventKind::ComplaintReceived).map(|e| e.date),
    ) && complaint > window
    {
        warnings.push(EligibilityWarning::ComplaintAfterWindow {
            window_end: window,
            complaint,
        });
    }
    warnings
}
