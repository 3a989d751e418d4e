//! The changes a case accepts, each with its own permission and precondition. The events door
//! records facts reported by a party and the steps its users may decide; facts that only a
//! workflow may create are refused there with a message naming the right action: a case is
//! allocated only through its allocation, a decision notice is issued (and corrected) only
//! through the notice workflow, an appeal and its stages only through the appeal.

use super::event::{EventDetails, EventInput};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use crate::domain::notice::NoticeState;
use crate::domain::timeline::EventKind;
use chrono::NaiveDate;

/// Which door an event kind comes through, and so who may record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// Facts reported by a party and the officer's own steps (request, response, review,
    /// complaint, letters, the authority's replies, steps complied, closure): whoever may
    /// change the case.
    Facts,
    /// Accepting or rejecting the complaint: managers, or an officer for an unallocated case
    /// they opened.
    Eligibility,
    /// An appeal to a tribunal, its stages and outcome: through the appeal only, by managers
    /// and the case's officer.
    Appeals,
    /// Allocation to an officer: managers, through the allocation only.
    Allocation,
    /// The decision notice: only the notice workflow, once a manager has approved the notice.
    NoticeWorkflow,
}

impl Door {
    /// The door an event kind comes through.
    #[must_use]
    pub fn of(kind: CaseEventKind) -> Door {
        match kind {
            CaseEventKind::Clock(EventKind::DecisionNoticeIssued) => Door::NoticeWorkflow,
            CaseEventKind::Clock(k) if k.is_appeal() => Door::Appeals,
            CaseEventKind::Workflow(WorkflowKind::Allocated) => Door::Allocation,
            CaseEventKind::Workflow(
                WorkflowKind::ComplaintAccepted | WorkflowKind::ComplaintRejected,
            ) => Door::Eligibility,
            _ => Door::Facts,
        }
    }
}

/// Proof that the notice workflow allows a decision to be issued: only an approved notice
/// gives one, so nothing but the workflow can record `decision_notice_issued`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuePermit(());

impl IssuePermit {
    /// A permit for a notice in `state`: only an approved notice may be issued.
    #[must_use]
    pub fn for_notice(state: NoticeState) -> Option<IssuePermit> {
        (state == NoticeState::Approved).then_some(IssuePermit(()))
    }
}

/// A correction of one entry of the log (a replacement carries a whole event: boxing it
/// would buy nothing for a value made once per request).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Correction {
    /// The event as it should have been recorded (same kind).
    Replace(EventInput),
    /// The event happened on another day: same kind and details, the new date (any time it was
    /// recorded with is dropped).
    Redate(NaiveDate),
    /// The event happened at another instant (UTC): same kind and details, its London date and
    /// the time (the tribunals' 5pm rule, GRC r12(1) and UT r12(1), counts lateness in hours).
    RedateAt(chrono::NaiveDateTime),
    /// The event should never have been recorded.
    Retract,
}

/// A change asked of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The events door: a fact, or a step its door allows the actor to record.
    Record(EventInput),
    /// A stage of an appeal (the appeal's own commands only).
    RecordAppeal(EventInput),
    /// Allocate (or reallocate) the case to an officer on a date.
    Allocate {
        /// The officer.
        officer_id: i64,
        /// The date of the allocation.
        date: NaiveDate,
    },
    /// Issue the decision notice (the notice workflow only).
    IssueDecision {
        /// The approved notice's permit.
        permit: IssuePermit,
        /// The notice's date.
        date: NaiveDate,
        /// The date it was sent to the parties.
        sent: NaiveDate,
        /// The period for steps, in calendar days, when steps are ordered.
        steps_period_days: Option<u32>,
        /// The authority may give a ministerial certificate (FOIA s53(1)): the case then shows
        /// the s53 window.
        s53_certificate: bool,
    },
    /// Correct or withdraw an entry through the events door.
    Correct {
        /// The entry.
        event_id: i64,
        /// The correction.
        correction: Correction,
        /// Why (required: the log says who corrected what, when and why).
        reason: String,
    },
    /// Correct or withdraw a stage of an appeal (the appeal's own commands only).
    CorrectAppeal {
        /// The appeal the entry belongs to.
        appeal_id: i64,
        /// The entry.
        event_id: i64,
        /// The correction.
        correction: Correction,
        /// Why.
        reason: String,
    },
    /// Correct or withdraw the issued decision (managers, through the notice workflow).
    CorrectDecision {
        /// The correction.
        correction: Correction,
        /// Why.
        reason: String,
    },
}

impl Command {
    /// The event recorded by issuing a decision; `s53_certificate` when the authority may give
    /// a ministerial certificate (FOIA s53(1)), which starts the s53 window.
    #[must_use]
    pub fn decision_event(
        date: NaiveDate,
        sent: NaiveDate,
        steps_period_days: Option<u32>,
        s53_certificate: bool,
    ) -> EventInput {
        EventInput {
            kind: CaseEventKind::Clock(EventKind::DecisionNoticeIssued),
            date,
            timestamp: None,
            details: EventDetails {
                sent: Some(sent),
                steps_period_days,
                tribunal: crate::domain::timeline::TribunalFields {
                    s53_certificate,
                    ..Default::default()
                },
                ..EventDetails::default()
            },
        }
    }

    /// The audit action recorded for the command.
    #[must_use]
    pub fn audit_action(&self) -> String {
        match self {
            Command::Record(e) => format!("case.event.{}", e.kind.slug()),
            Command::RecordAppeal(e) => format!("appeal.event.{}", e.kind.slug()),
            Command::Allocate { .. } => "case.event.allocated".to_owned(),
            Command::IssueDecision { .. } => "case.event.decision_notice_issued".to_owned(),
            Command::Correct { .. } => "case.event.correct".to_owned(),
            Command::CorrectAppeal { .. } => "appeal.event.correct".to_owned(),
            Command::CorrectDecision { .. } => "notice.issue.correct".to_owned(),
        }
    }
}

/// The message for an event kind refused at the events door (or at case creation), naming the
/// action that records it.
#[must_use]
pub fn wrong_door(door: Door, reference: &str) -> Option<(&'static str, String)> {
    match door {
        Door::Allocation => Some((
            "use_allocation",
            format!(
                "A case is allocated through its allocation, not recorded as an event: use \
                 \"Allocate\" on the case page, or POST /api/v1/cases/{reference}/allocation \
                 (managers only). A new case is opened unallocated."
            ),
        )),
        Door::NoticeWorkflow => Some((
            "use_notice_workflow",
            format!(
                "A decision notice is issued through the notice workflow, not recorded as an \
                 event: draft the notice, submit it for approval and, once a manager has \
                 approved it, issue it from the notice page (POST \
                 /api/v1/cases/{reference}/notice/issue)."
            ),
        )),
        Door::Appeals => Some((
            "use_appeal",
            format!(
                "An appeal is recorded through the appeal, not as an event of the case: use \
                 \"Record an appeal\" on the case page (POST /api/v1/cases/{reference}/appeals), \
                 then record its stages on the appeal's page (POST /api/v1/appeals/{{id}}/events)."
            ),
        )),
        Door::Facts | Door::Eligibility => None,
    }
}

/// The message for correcting the issued decision through the events door.
#[must_use]
pub fn decision_correction_message(reference: &str) -> String {
    format!(
        "An issued decision notice is corrected only by a manager, through the notice workflow \
         (POST /api/v1/cases/{reference}/notice/issue-correction), not through the events."
    )
}

/// A change to the case's record beside its log (the request's wording, the provisions cited,
/// the authority's reference, the parties, notes, links). Each has its permission here, as the
/// log's commands have theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordCommand {
    /// Change the request's wording, the provisions cited or the authority's reference.
    EditRecord,
    /// Change the complainant's details or the authority complained about.
    EditParties,
    /// Add an internal note.
    AddNote,
    /// Link the case to another.
    Link,
    /// Remove a link.
    Unlink,
}

impl RecordCommand {
    /// The door the change comes through, and so who may make it: each is the case's own
    /// business, so whoever may change the case (its officer, the officer who opened it while
    /// unallocated, managers). A colleague reading the case is told they cannot change it.
    #[must_use]
    pub fn door(self) -> Door {
        match self {
            RecordCommand::EditRecord
            | RecordCommand::EditParties
            | RecordCommand::AddNote
            | RecordCommand::Link
            | RecordCommand::Unlink => Door::Facts,
        }
    }

    /// The audit action recorded for the change (the values themselves are kept in the case's
    /// own list of changes, never in the audit log).
    #[must_use]
    pub fn audit_action(self) -> &'static str {
        match self {
            RecordCommand::EditRecord => "case.record.edit",
            RecordCommand::EditParties => "case.parties.edit",
            RecordCommand::AddNote => "case.note.add",
            RecordCommand::Link => "case.link.add",
            RecordCommand::Unlink => "case.link.remove",
        }
    }
}
