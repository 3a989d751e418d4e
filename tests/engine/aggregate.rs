//! The case aggregate's doors: who may record what, and what only a workflow may record. One
//! line per case, the reason beside it.

use chrono::{NaiveDate, NaiveDateTime};
use section50::domain::calendar::Calendars;
use section50::domain::case::{
    Case, CaseError, CaseHeader, Command, Correction, EventDetails, EventInput, IssuePermit,
    LoggedEvent, Rules,
};
use section50::domain::lifecycle::{CaseEventKind, WorkflowKind};
use section50::domain::notice::NoticeState;
use section50::domain::parties::Role;
use section50::domain::regime::Regime;
use section50::domain::settings::ClockSettings;
use section50::domain::staff::Actor;
use section50::domain::timeline::EventKind;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn event(kind: CaseEventKind, date: &str) -> EventInput {
    EventInput {
        kind,
        date: day(date),
        timestamp: None,
        details: EventDetails::default(),
    }
}

fn clock(kind: EventKind, date: &str) -> EventInput {
    event(CaseEventKind::Clock(kind), date)
}

fn why() -> String {
    "the letter was misdated".to_owned()
}

fn staff(id: i64, role: Role) -> Actor {
    Actor {
        user_id: id,
        name: format!("Staff {id}"),
        role,
    }
}

const OFFICER: i64 = 1;
const COLLEAGUE: i64 = 2;
const MANAGER: i64 = 3;

/// The seed case up to its allocation to the officer (and, when `decided`, its notice).
fn seed_case(rules: &Rules<'_>, decided: bool) -> Case {
    let mut events = vec![
        clock(EventKind::RequestReceived, "2023-02-13"),
        clock(EventKind::ResponseSent, "2023-06-22"),
        clock(EventKind::InternalReviewRequested, "2023-07-20"),
        clock(EventKind::InternalReviewCompleted, "2023-09-19"),
        clock(EventKind::ComplaintReceived, "2023-09-20"),
        event(
            CaseEventKind::Workflow(WorkflowKind::ComplaintAccepted),
            "2023-10-02",
        ),
        EventInput {
            details: EventDetails {
                officer_id: Some(OFFICER),
                ..EventDetails::default()
            },
            ..event(
                CaseEventKind::Workflow(WorkflowKind::Allocated),
                "2023-11-06",
            )
        },
    ];
    if decided {
        events.push(Command::decision_event(
            day("2024-02-08"),
            day("2024-02-08"),
            None,
            false,
        ));
    }
    let log = events
        .into_iter()
        .zip(1..)
        .map(|(e, id)| LoggedEvent {
            id,
            kind: e.kind,
            date: e.date,
            timestamp: None,
            details: e.details,
            supersedes: None,
            retracted: false,
            recorded_by: Some(MANAGER),
            recorded_at: NaiveDateTime::default(),
        })
        .collect();
    let header = CaseHeader {
        reference: "IC-123456-ABCD".to_owned(),
        regime: Regime::Foia,
        officer_id: Some(OFFICER),
        created_by: Some(MANAGER),
    };
    Case::replay(header, log, rules).unwrap()
}

/// The rule of a refusal, or "refused" for a permission refusal, or "ok".
fn outcome(result: Result<impl Sized, CaseError>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(CaseError::Invalid { rule, .. }) => rule,
        Err(CaseError::Refused(_)) => "refused".to_owned(),
        Err(CaseError::Conflict(_)) => "conflict".to_owned(),
        Err(CaseError::NotFound(_)) => "not_found".to_owned(),
    }
}

#[test]
fn each_command_comes_through_its_own_door() {
    let calendars = Calendars::build(&ClockSettings::default().calendar_options());
    let settings = ClockSettings::default();
    let rules = Rules {
        settings: &settings,
        calendars: &calendars,
        today: day("2024-02-20"),
    };
    let open = seed_case(&rules, false);
    let decided = seed_case(&rules, true);
    let officer = staff(OFFICER, Role::Officer);
    let colleague = staff(COLLEAGUE, Role::Officer);
    let manager = staff(MANAGER, Role::Manager);
    let letter = EventInput {
        details: EventDetails {
            respond_by: Some(day("2023-12-06")),
            ..EventDetails::default()
        },
        ..event(
            CaseEventKind::Workflow(WorkflowKind::InvestigationLetterSent),
            "2023-11-07",
        )
    };
    let decision = clock(EventKind::DecisionNoticeIssued, "2024-02-08");
    let allocation = EventInput {
        details: EventDetails {
            officer_id: Some(COLLEAGUE),
            ..EventDetails::default()
        },
        ..event(
            CaseEventKind::Workflow(WorkflowKind::Allocated),
            "2024-01-10",
        )
    };
    let appeal = clock(EventKind::AppealLodged, "2024-02-15");
    let permit = IssuePermit::for_notice(NoticeState::Approved).unwrap();
    let issue = Command::IssueDecision {
        permit,
        date: day("2024-02-08"),
        sent: day("2024-02-08"),
        steps_period_days: None,
        s53_certificate: false,
    };
    #[rustfmt::skip]
    let table: Vec<(&str, &Case, &Actor, Command, &str)> = vec![
        ("the officer records a letter on their case", &open, &officer, Command::Record(letter.clone()), "ok"),
        ("a colleague may not change the case", &open, &colleague, Command::Record(letter.clone()), "refused"),
        ("a manager changes any case", &open, &manager, Command::Record(letter.clone()), "ok"),
        ("the officer cannot issue a decision as an event", &open, &officer, Command::Record(decision.clone()), "use_notice_workflow"),
        ("nor can a manager", &open, &manager, Command::Record(decision.clone()), "use_notice_workflow"),
        ("allocation is not an event, even for a manager", &open, &manager, Command::Record(allocation.clone()), "use_allocation"),
        ("an officer does not allocate", &open, &officer, Command::Allocate { officer_id: COLLEAGUE, date: day("2024-01-10") }, "refused"),
        ("a manager allocates with the date", &open, &manager, Command::Allocate { officer_id: COLLEAGUE, date: day("2024-01-10") }, "ok"),
        ("an allocation dated tomorrow is refused", &open, &manager, Command::Allocate { officer_id: COLLEAGUE, date: day("2024-02-21") }, "event_in_future"),
        ("the notice workflow issues the decision", &open, &officer, issue.clone(), "ok"),
        ("a colleague cannot issue it", &open, &colleague, issue, "refused"),
        ("an appeal is not an event of the case, for the officer", &decided, &officer, Command::Record(appeal.clone()), "use_appeal"),
        ("nor for a manager", &decided, &manager, Command::Record(appeal.clone()), "use_appeal"),
        ("the officer records an appeal on their case (issue 18)", &decided, &officer, Command::RecordAppeal(appeal.clone()), "ok"),
        ("a manager records an appeal", &decided, &manager, Command::RecordAppeal(appeal.clone()), "ok"),
        ("a colleague may not record an appeal on a case not theirs", &decided, &colleague, Command::RecordAppeal(appeal), "refused"),
        ("a letter is not a stage of an appeal", &decided, &manager, Command::RecordAppeal(letter.clone()), "not_an_appeal_event"),
        ("the decision is not re-dated through the events", &decided, &manager, Command::Correct { event_id: 8, correction: Correction::Redate(day("2024-02-09")), reason: why() }, "use_notice_workflow"),
        ("nor withdrawn", &decided, &officer, Command::Correct { event_id: 8, correction: Correction::Retract, reason: why() }, "use_notice_workflow"),
        ("an officer does not correct the decision", &decided, &officer, Command::CorrectDecision { correction: Correction::Redate(day("2024-02-09")), reason: why() }, "refused"),
        ("a manager corrects it through the workflow", &decided, &manager, Command::CorrectDecision { correction: Correction::Redate(day("2024-02-09")), reason: why() }, "ok"),
        ("an allocation is corrected by a manager", &open, &manager, Command::Correct { event_id: 7, correction: Correction::Redate(day("2023-11-08")), reason: why() }, "ok"),
        ("but not by its officer", &open, &officer, Command::Correct { event_id: 7, correction: Correction::Redate(day("2023-11-08")), reason: why() }, "refused"),
        ("a correction says why", &open, &manager, Command::Correct { event_id: 7, correction: Correction::Redate(day("2023-11-08")), reason: "  ".to_owned() }, "reason_required"),
        ("an event that does not exist", &open, &manager, Command::Correct { event_id: 99, correction: Correction::Retract, reason: why() }, "not_found"),
    ];
    for (why, case, actor, command, expected) in table {
        assert_eq!(
            outcome(case.decide(actor, command, &rules)),
            expected,
            "{why}"
        );
    }
}

#[test]
fn only_an_approved_notice_gives_a_permit_to_issue() {
    for (state, permitted) in [
        (NoticeState::Draft, false),
        (NoticeState::Submitted, false),
        (NoticeState::Returned, false),
        (NoticeState::Approved, true),
        (NoticeState::Issued, false),
    ] {
        assert_eq!(
            IssuePermit::for_notice(state).is_some(),
            permitted,
            "{state:?}"
        );
    }
}
