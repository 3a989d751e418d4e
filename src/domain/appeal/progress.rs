//! An appeal's progress as its page tells it: its own stages (the case's log entries recorded
//! on it, corrections and withdrawals included, oldest first) and, while none of its
//! tribunal's clocks is running, what the appeals team is waiting for. Words only; dates are
//! left to the page.

use super::{AppealStatus, Stage};
use crate::domain::case::LoggedEvent;
use crate::domain::deadline::{Deadline, Status};
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::timeline::EventKind;

/// One entry of the appeal's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageLine<'a> {
    /// The entry.
    pub event: &'a LoggedEvent,
    /// The entry it corrects or withdraws, when it is a correction.
    pub corrects: Option<&'a LoggedEvent>,
    /// Whether it still counts (not corrected or withdrawn since).
    pub effective: bool,
    /// Whether it may be corrected or withdrawn from the appeal's page: it counts, is not a
    /// withdrawal, and is not the appeal's opening (the appeal itself stands on it).
    pub correctable: bool,
}

/// What an entry says beyond its kind: the outcome, a substituted notice's steps, the
/// direction's new date, the reference and appellant of the opening.
#[must_use]
pub fn particulars(event: &LoggedEvent) -> Vec<String> {
    let t = &event.details.tribunal;
    let mut out = Vec::new();
    if let Some(r) = &t.tribunal_reference {
        out.push(format!("Reference {}", r.as_str()));
    }
    if let Some(a) = t.appellant {
        out.push(format!("Appellant: {}", a.label().to_lowercase()));
    }
    if event.details.extension_granted {
        out.push("The tribunal extended time (rule 5(3)(a))".to_owned());
    }
    if let Some(o) = t.outcome {
        out.push(format!("Outcome: {}", o.label().to_lowercase()));
    }
    if let Some(c) = t.appellate_court {
        out.push(format!("A further appeal goes to the {}", c.label()));
    }
    if !t.provision_outcomes.is_empty() {
        let each: Vec<String> = t
            .provision_outcomes
            .iter()
            .map(|p| format!("{} {}", p.provision, p.outcome.label().to_lowercase()))
            .collect();
        out.push(format!("Per provision: {}", each.join(", ")));
    }
    if let Some(s) = t.substituted_steps {
        out.push(format!("Substituted notice: steps {}", s.describe()));
    }
    if let Some(d) = t.deadline {
        out.push(format!("Sets the {}", d.label().to_lowercase()));
    }
    if let Some(text) = t.description.as_deref().filter(|s| !s.is_empty()) {
        out.push(format!("\u{201c}{text}\u{201d}"));
    }
    out
}

/// The outcome per provision of the appeal's deciding entry (the last effective decision on it),
/// when it was allowed in part.
#[must_use]
pub fn provision_outcomes(
    log: &[LoggedEvent],
    appeal_id: i64,
) -> Vec<crate::domain::tribunal::ProvisionOutcome> {
    stages(log, appeal_id)
        .iter()
        .filter(|l| l.effective)
        .rfind(|l| matches!(l.event.kind, CaseEventKind::Clock(k) if k.is_decision()))
        .map(|l| l.event.details.tribunal.provision_outcomes.clone())
        .unwrap_or_default()
}

/// The entries of `log` that belong to appeal `appeal_id`, oldest first. A correction belongs
/// to the appeal of the entry it corrects.
#[must_use]
pub fn stages(log: &[LoggedEvent], appeal_id: i64) -> Vec<StageLine<'_>> {
    let find = |id: i64| log.iter().find(|e| e.id == id);
    let superseded = |id: i64| log.iter().any(|e| e.supersedes == Some(id));
    log.iter()
        .filter(|e| e.details.appeal_id == Some(appeal_id))
        .map(|e| {
            let effective = !e.retracted && !superseded(e.id);
            StageLine {
                event: e,
                corrects: e.supersedes.and_then(find),
                effective,
                correctable: effective && !is_opening(e.kind),
            }
        })
        .collect()
}

/// Whether an entry opens an appeal (its lodging, or an application for permission that
/// brings it before a higher court): corrected only with the appeal itself.
#[must_use]
pub fn is_opening(kind: CaseEventKind) -> bool {
    matches!(
        kind,
        CaseEventKind::Clock(
            EventKind::AppealLodged
                | EventKind::UpperTribunalPermissionApplied
                | EventKind::CourtOfAppealPermissionApplied
                | EventKind::CourtOfSessionPermissionApplied
        )
    )
}

/// While none of the appeal's clocks runs (nothing pending, due or overdue), what the team is
/// waiting for, in words; `None` while a clock runs.
#[must_use]
pub fn awaited(
    deadlines: &[&Deadline],
    effective: &[&LoggedEvent],
    appeal_id: i64,
    stage: Stage,
    status: AppealStatus,
) -> Option<&'static str> {
    let running = deadlines.iter().any(|d| {
        d.name.is_appeal()
            && d.met_on.is_none()
            && matches!(
                d.status,
                Status::Pending | Status::DueToday | Status::Overdue
            )
    });
    if running {
        return None;
    }
    let has = |k: EventKind| {
        effective
            .iter()
            .any(|e| e.details.appeal_id == Some(appeal_id) && e.kind == CaseEventKind::Clock(k))
    };
    Some(match (stage, status) {
        (_, AppealStatus::Decided) => {
            "The appeal is decided at this stage and no time for a further step is running."
        }
        (Stage::FirstTier, AppealStatus::Open) if !has(EventKind::NoticeOfAppealSent) => {
            "Waiting for the tribunal to send the notice of appeal to the Commissioner. When it \
             does, record it here: the Commissioner's response is then due within 28 days \
             (GRC rule 23(1))."
        }
        (Stage::FirstTier, AppealStatus::Open) => {
            "Waiting for the tribunal's decision: record it here when the tribunal sends it."
        }
        (Stage::UpperTribunal, AppealStatus::Open) => {
            "Waiting for the Upper Tribunal: record its decision here when it is sent."
        }
        (Stage::CourtOfAppeal | Stage::CourtOfSession, AppealStatus::Open) => {
            "Waiting for the court: record its decision when it is given."
        }
    })
}
