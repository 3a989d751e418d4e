//! The case aggregate: built from its log of events, it answers status, deadlines and the next
//! deadline, who may read and change it ([`Case::may_change`], the one access rule every door
//! uses), and decides each [`Command`] against its permission and precondition, giving the
//! entries to append and the state after them. Nothing here stores anything.

pub mod commands;
pub mod event;
pub mod record;
pub mod replay;

use crate::domain::notice::draft::capitalised;
pub use commands::{Command, Correction, Door, IssuePermit, RecordCommand};
pub use event::{EventDetails, EventInput, LoggedEvent, NewEntry, effective};
pub use replay::{CaseState, ResponseTimeliness, Rules, Summary, replay};

use crate::domain::deadline::Deadline;
use crate::domain::lifecycle::{CaseEventKind, CaseStatus, WorkflowKind};
use crate::domain::regime::Regime;
use crate::domain::staff::{Actor, Refusal};
use crate::domain::timeline::TimelineError;
use chrono::NaiveDateTime;

/// Why a command was not carried out. Nothing is to be written when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The actor may not do this.
    #[error("{0}")]
    Refused(String),
    /// The command breaks a rule; `rule` is a stable identifier, the message is for people.
    #[error("{message}")]
    Invalid {
        /// The rule broken.
        rule: String,
        /// The event at fault, if any.
        event: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The entry named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The command conflicts with the log as it is.
    #[error("{0}")]
    Conflict(String),
}

impl CaseError {
    /// A rule broken.
    #[must_use]
    pub fn invalid(rule: &str, message: impl Into<String>) -> Self {
        CaseError::Invalid {
            rule: rule.to_owned(),
            event: None,
            message: message.into(),
        }
    }
}

impl From<TimelineError> for CaseError {
    fn from(e: TimelineError) -> Self {
        CaseError::Invalid {
            rule: e.rule.to_owned(),
            event: e.event,
            message: e.message,
        }
    }
}

impl From<Refusal> for CaseError {
    fn from(r: Refusal) -> Self {
        CaseError::Refused(r.0)
    }
}

/// What identifies a case and decides who may work on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHeader {
    /// The reference.
    pub reference: String,
    /// The regime.
    pub regime: Regime,
    /// The allocated officer.
    pub officer_id: Option<i64>,
    /// Who opened it.
    pub created_by: Option<i64>,
}

/// A case: its header, its whole log and what the effective events imply today.
#[derive(Debug, Clone)]
pub struct Case {
    header: CaseHeader,
    log: Vec<LoggedEvent>,
    state: CaseState,
}

/// A command the case accepted: the entries to append and the state once they are.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The entries to append, in order.
    pub entries: Vec<NewEntry>,
    /// The case's state with them.
    pub state: CaseState,
    /// The audit action.
    pub audit: String,
}

impl Case {
    /// Replays the log.
    ///
    /// # Errors
    /// [`CaseError::Invalid`] when the stored log no longer replays.
    pub fn replay(
        header: CaseHeader,
        log: Vec<LoggedEvent>,
        rules: &Rules<'_>,
    ) -> Result<Case, CaseError> {
        let state = replay(header.regime, &effective(&log), rules)?;
        Ok(Case { header, log, state })
    }

    /// The header.
    #[must_use]
    pub fn header(&self) -> &CaseHeader {
        &self.header
    }

    /// The whole log, corrections included, in the order recorded.
    #[must_use]
    pub fn log(&self) -> &[LoggedEvent] {
        &self.log
    }

    /// The entries that count, in date order.
    #[must_use]
    pub fn effective(&self) -> Vec<&LoggedEvent> {
        effective(&self.log)
    }

    /// What the log implies today.
    #[must_use]
    pub fn state(&self) -> &CaseState {
        &self.state
    }

    /// The lifecycle status.
    #[must_use]
    pub fn status(&self) -> CaseStatus {
        self.state.status
    }

    /// Every deadline with its status.
    #[must_use]
    pub fn deadlines(&self) -> &[Deadline] {
        &self.state.evaluation.deadlines
    }

    /// The next deadline that matters at the case's stage.
    #[must_use]
    pub fn next_deadline(&self) -> Option<&Deadline> {
        let summary = &self.state.summary;
        let name = summary.next_deadline_name?;
        self.deadlines()
            .iter()
            .find(|d| d.name == name && d.date == summary.next_deadline)
    }

    /// The summary to keep beside the case.
    #[must_use]
    pub fn summary(&self) -> &Summary {
        &self.state.summary
    }

    /// Who may read the case: every member of staff (the regulator works as a team; an
    /// officer covering for a colleague reads the case and is told they cannot change it).
    #[must_use]
    pub fn may_read(&self, _actor: &Actor) -> bool {
        true
    }

    /// Who may change the case: the same people. The one access rule every door uses.
    #[must_use]
    pub fn may_change(&self, actor: &Actor) -> bool {
        may_change(&self.header, actor)
    }

    fn require_change(&self, actor: &Actor) -> Result<(), CaseError> {
        if self.may_change(actor) {
            Ok(())
        } else {
            Err(CaseError::Refused(format!(
                "case {} is not allocated to you; only its officer or a manager may change it",
                self.header.reference
            )))
        }
    }

    /// Whether `actor` may record (or correct) an event that comes through `door`.
    fn require_door(&self, actor: &Actor, door: Door) -> Result<(), CaseError> {
        self.require_change(actor)?;
        match door {
            Door::Facts => Ok(()),
            Door::Eligibility => {
                let opened_it = self.header.officer_id.is_none()
                    && self.header.created_by == Some(actor.user_id);
                if actor.sees_every_case() || opened_it {
                    Ok(())
                } else {
                    Err(CaseError::Refused(
                        "only a manager may accept or reject this complaint (an officer may \
                         only for an unallocated case they opened)"
                            .to_owned(),
                    ))
                }
            }
            // Issue 18: appeals are recorded by managers and the officer allocated to the case.
            Door::Appeals => Ok(()),
            Door::Allocation => Ok(actor.require_manager("allocate cases")?),
            Door::NoticeWorkflow => Err(wrong_door(door, &self.header.reference)),
        }
    }

    /// Decides a command: checks its permission and precondition, and replays the log with the
    /// entries it adds, refusing an illegal move or an impossible timeline.
    ///
    /// # Errors
    /// [`CaseError`] saying why; nothing is to be written then.
    pub fn decide(
        &self,
        actor: &Actor,
        command: Command,
        rules: &Rules<'_>,
    ) -> Result<Decision, CaseError> {
        let audit = command.audit_action();
        let entries = match command {
            Command::Record(event) => self.record(actor, event)?,
            Command::RecordAppeal(event) => self.record_appeal(actor, event)?,
            Command::Allocate { officer_id, date } => {
                self.require_door(actor, Door::Allocation)?;
                if let Some(why) = self.status().why_not_allocated() {
                    return Err(CaseError::invalid("not_allocatable", why));
                }
                vec![NewEntry::fact(EventInput {
                    kind: CaseEventKind::Workflow(WorkflowKind::Allocated),
                    date,
                    timestamp: None,
                    details: EventDetails {
                        officer_id: Some(officer_id),
                        ..EventDetails::default()
                    },
                })]
            }
            Command::IssueDecision {
                permit: _,
                date,
                sent,
                steps_period_days,
                s53_certificate,
            } => {
                self.require_change(actor)?;
                vec![NewEntry::fact(Command::decision_event(
                    date,
                    sent,
                    steps_period_days,
                    s53_certificate,
                ))]
            }
            Command::Correct {
                event_id,
                correction,
                reason,
            } => self.correct(actor, event_id, correction, &reason)?,
            Command::CorrectAppeal {
                appeal_id,
                event_id,
                correction,
                reason,
            } => {
                self.require_door(actor, Door::Appeals)?;
                let original = self.appeal_stage(appeal_id, event_id)?;
                vec![corrected(original, correction, &reason)?]
            }
            Command::CorrectDecision { correction, reason } => {
                actor.require_manager("correct an issued decision notice")?;
                vec![corrected(self.issued_decision()?, correction, &reason)?]
            }
        };
        let state = self.with(&entries, rules)?;
        Ok(Decision {
            entries,
            state,
            audit,
        })
    }

    /// A fact reported by a party, through the events door: not one only the allocation, the
    /// notice workflow or the appeals may record.
    fn record(&self, actor: &Actor, event: EventInput) -> Result<Vec<NewEntry>, CaseError> {
        let door = Door::of(event.kind);
        if matches!(
            door,
            Door::Allocation | Door::NoticeWorkflow | Door::Appeals
        ) {
            return Err(wrong_door(door, &self.header.reference));
        }
        self.require_door(actor, door)?;
        Ok(vec![NewEntry::fact(event)])
    }

    /// A stage of an appeal, through the appeals' door only.
    fn record_appeal(&self, actor: &Actor, event: EventInput) -> Result<Vec<NewEntry>, CaseError> {
        let door = Door::of(event.kind);
        if door != Door::Appeals {
            return Err(CaseError::invalid(
                "not_an_appeal_event",
                format!(
                    "{} is not a stage of an appeal; record it on the case",
                    capitalised(event.kind.label())
                ),
            ));
        }
        self.require_door(actor, door)?;
        Ok(vec![NewEntry::fact(event)])
    }

    /// A correction or withdrawal through the events door, with the permission of recording
    /// the original; an appeal's stage or the issued decision are corrected elsewhere.
    fn correct(
        &self,
        actor: &Actor,
        event_id: i64,
        correction: Correction,
        reason: &str,
    ) -> Result<Vec<NewEntry>, CaseError> {
        self.require_change(actor)?;
        let original = self.correctable(event_id)?;
        let door = Door::of(original.kind);
        if door == Door::Appeals {
            return Err(wrong_door(door, &self.header.reference));
        }
        if door == Door::NoticeWorkflow {
            return Err(CaseError::Invalid {
                rule: "use_notice_workflow".to_owned(),
                event: None,
                message: commands::decision_correction_message(&self.header.reference),
            });
        }
        self.require_door(actor, door)?;
        Ok(vec![corrected(original, correction, reason)?])
    }

    /// The issued decision in effect, the one a manager may correct.
    fn issued_decision(&self) -> Result<&LoggedEvent, CaseError> {
        self.effective()
            .into_iter()
            .rev()
            .find(|e| Door::of(e.kind) == Door::NoticeWorkflow)
            .ok_or_else(|| {
                CaseError::Conflict(format!(
                    "case {} has no issued decision notice to correct",
                    self.header.reference
                ))
            })
    }

    /// The state with `entries` appended, as if stored.
    fn with(&self, entries: &[NewEntry], rules: &Rules<'_>) -> Result<CaseState, CaseError> {
        // What is recorded has happened: a date after today is a typing slip, not a plan.
        if let Some(e) = entries.iter().find(|e| e.event.date > rules.today) {
            return Err(CaseError::Invalid {
                rule: "event_in_future".to_owned(),
                event: Some(format!("{} on {}", e.event.kind.slug(), e.event.date)),
                message: format!(
                    "{} is dated {}, which is after today ({}): record it once it has happened",
                    capitalised(e.event.kind.label()),
                    crate::domain::timeline::human_date(e.event.date),
                    crate::domain::timeline::human_date(rules.today)
                ),
            });
        }
        let next_id = self.log.iter().map(|e| e.id).max().unwrap_or(0);
        let mut log = self.log.clone();
        for (n, entry) in (1..).zip(entries) {
            log.push(LoggedEvent {
                id: next_id.saturating_add(n),
                kind: entry.event.kind,
                date: entry.event.date,
                timestamp: entry.event.timestamp,
                details: entry.event.details.clone(),
                supersedes: entry.supersedes,
                retracted: entry.retracted,
                recorded_by: None,
                recorded_at: NaiveDateTime::default(),
            });
        }
        replay(self.header.regime, &effective(&log), rules)
    }

    /// The appeal stage to correct: a correctable entry recorded on appeal `appeal_id`, not
    /// the appeal's opening (the appeal itself stands on it).
    fn appeal_stage(&self, appeal_id: i64, event_id: i64) -> Result<&LoggedEvent, CaseError> {
        let original = self.correctable(event_id)?;
        if original.details.appeal_id != Some(appeal_id) {
            return Err(CaseError::NotFound(format!(
                "appeal {appeal_id} has no stage {event_id}"
            )));
        }
        if crate::domain::appeal::progress::is_opening(original.kind) {
            return Err(CaseError::invalid(
                "opening_not_correctable",
                format!(
                    "the {} opens the appeal and stays with it; correct the other stages here",
                    original.kind.label()
                ),
            ));
        }
        Ok(original)
    }

    /// The entry to correct: it exists, is not corrected already and is not a withdrawal.
    fn correctable(&self, event_id: i64) -> Result<&LoggedEvent, CaseError> {
        let reference = &self.header.reference;
        let original = self.log.iter().find(|e| e.id == event_id).ok_or_else(|| {
            CaseError::NotFound(format!("case {reference} has no event {event_id}"))
        })?;
        if let Some(later) = self.log.iter().find(|e| e.supersedes == Some(event_id)) {
            return Err(CaseError::Conflict(format!(
                "event {event_id} was already corrected by event {}; correct that one instead",
                later.id
            )));
        }
        if original.retracted {
            return Err(CaseError::Conflict(format!(
                "event {event_id} is a withdrawal and cannot be corrected"
            )));
        }
        Ok(original)
    }

    /// Checks a new case's first events: the doors that a case's creator may use. History that
    /// only a workflow may create is refused with the action that records it.
    ///
    /// # Errors
    /// [`CaseError`] for the first event refused.
    pub fn open(
        header: CaseHeader,
        actor: &Actor,
        events: Vec<EventInput>,
        rules: &Rules<'_>,
    ) -> Result<Decision, CaseError> {
        let case = Case::replay(header, Vec::new(), rules)?;
        for event in &events {
            let door = Door::of(event.kind);
            if matches!(
                door,
                Door::Allocation | Door::NoticeWorkflow | Door::Appeals
            ) {
                return Err(wrong_door(door, &case.header.reference));
            }
            case.require_door(actor, door)?;
        }
        let entries: Vec<NewEntry> = events.into_iter().map(NewEntry::fact).collect();
        let state = case.with(&entries, rules)?;
        Ok(Decision {
            entries,
            state,
            audit: "case.create".to_owned(),
        })
    }

    /// Seeds a case's history as it happened elsewhere (the demo and the import commands): any
    /// event kind, checked only against the lifecycle and the clock. The privileged path: no
    /// HTTP door reaches it, and the service audits it as seeding.
    ///
    /// # Errors
    /// [`CaseError::Invalid`] for an illegal move or an impossible timeline.
    pub fn seed(
        header: CaseHeader,
        events: Vec<EventInput>,
        rules: &Rules<'_>,
    ) -> Result<Decision, CaseError> {
        let case = Case::replay(header, Vec::new(), rules)?;
        let entries: Vec<NewEntry> = events.into_iter().map(NewEntry::fact).collect();
        let state = case.with(&entries, rules)?;
        Ok(Decision {
            entries,
            state,
            audit: "case.seed".to_owned(),
        })
    }
}

/// The one access rule: managers and admins change every case; an officer, the cases allocated
/// to them and the unallocated cases they opened.
#[must_use]
pub fn may_change(header: &CaseHeader, actor: &Actor) -> bool {
    actor.sees_every_case()
        || header.officer_id == Some(actor.user_id)
        || (header.officer_id.is_none() && header.created_by == Some(actor.user_id))
}

fn wrong_door(door: Door, reference: &str) -> CaseError {
    match commands::wrong_door(door, reference) {
        Some((rule, message)) => CaseError::Invalid {
            rule: rule.to_owned(),
            event: None,
            message,
        },
        None => CaseError::invalid("wrong_door", "this event cannot be recorded here"),
    }
}

/// The entry moved to `date` (and `timestamp`, when the time is known): a notice sent on the day
/// it was dated moves with it.
fn redated(
    original: &LoggedEvent,
    date: chrono::NaiveDate,
    timestamp: Option<NaiveDateTime>,
) -> EventInput {
    let mut details = original.details.clone();
    if details.sent == Some(original.date) {
        details.sent = Some(date);
    }
    EventInput {
        kind: original.kind,
        date,
        timestamp,
        details,
    }
}

/// The entry that corrects `original`.
fn corrected(
    original: &LoggedEvent,
    correction: Correction,
    reason: &str,
) -> Result<NewEntry, CaseError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CaseError::invalid(
            "reason_required",
            "Say why the event is corrected or withdrawn: the timeline keeps the reason",
        ));
    }
    if let Err(message) = crate::domain::input::CORRECTION_REASON.check(reason) {
        return Err(CaseError::invalid("reason_refused", message));
    }
    let retracted = correction == Correction::Retract;
    let mut event = match correction {
        Correction::Replace(input) => {
            if input.kind != original.kind {
                return Err(CaseError::invalid(
                    "kind_changed",
                    format!(
                        "a correction keeps the event's kind ({}); withdraw the event and record \
                         a new one instead",
                        original.kind.label()
                    ),
                ));
            }
            input
        }
        Correction::Redate(date) => redated(original, date, None),
        Correction::RedateAt(_) if !matches!(original.kind, CaseEventKind::Clock(_)) => {
            return Err(CaseError::invalid(
                "time_not_kept",
                "A time is kept only for a stage of the tribunal's clocks: leave it empty for the stance, a party or a hearing",
            ));
        }
        Correction::RedateAt(at) => redated(
            original,
            crate::domain::london::london_date(at.and_utc()),
            Some(at),
        ),
        Correction::Retract => EventInput {
            kind: original.kind,
            date: original.date,
            timestamp: original.timestamp,
            details: original.details.clone(),
        },
    };
    event.details.correction_reason = Some(reason.to_owned());
    Ok(NewEntry {
        retracted,
        event,
        supersedes: Some(original.id),
    })
}
