//! The appeal's clocks (issue 18): one table of named edge cases per row of the tribunals' time
//! limits, rule 12 (5pm; a last day that is not a working day moves to the next working day on
//! the tribunal calendar), months to the corresponding date, directions, the s53 certificate
//! window and s50(6)'s restart of the steps after each outcome. Expected dates were counted by
//! hand from the calendar (the reason beside each), never taken from the engine.

use crate::support::d;
use section50::domain::deadline::{DeadlineName as N, Evaluation, Status, evaluate};
use section50::domain::timeline::{TimelineError, parse_timeline_json};
use serde_json::{Value, json};

fn run(
    events: &[Value],
    settings: Option<Value>,
    as_of: &str,
) -> Result<Evaluation, TimelineError> {
    let mut input = json!({"regime": "foia", "events": events});
    if let Some(s) = settings {
        input["settings"] = s;
    }
    let (timeline, settings) = parse_timeline_json(&input.to_string())?;
    evaluate(&timeline, &settings, d(as_of))
}

fn eval(events: &[Value], as_of: &str) -> Evaluation {
    run(events, None, as_of).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn ev(kind: &str, date: &str) -> Value {
    json!({"kind": kind, "date": date})
}

fn at(kind: &str, timestamp: &str) -> Value {
    json!({"kind": kind, "timestamp": timestamp})
}

/// The seed case's notice: dated and sent Thursday 8 February 2024, steps within 35 days; the
/// last day to appeal is Thursday 7 March 2024 (8 Feb + 28).
fn notice() -> Value {
    json!({"kind": "decision_notice_issued", "date": "2024-02-08", "steps_period_days": 35})
}

fn appeal(date: &str) -> Value {
    json!({"kind": "appeal_lodged", "date": date, "tribunal_reference": "EA/2024/0123", "appellant": "public_authority"})
}

fn date_of(e: &Evaluation, name: N) -> String {
    e.get(name)
        .and_then(|x| x.date)
        .map_or_else(|| format!("no {name:?}"), |x| x.to_string())
}

#[test]
fn each_tribunal_time_limit_starts_with_its_event_and_rolls_by_rule_12() {
    // (stage events before the one that starts the clock, the starting event, deadline,
    //  expected last day, why)
    let lodged = appeal("2024-03-01");
    #[rustfmt::skip]
    let table: Vec<(Vec<Value>, Value, N, &str, &str)> = vec![
        (vec![lodged.clone()], ev("notice_of_appeal_sent", "2024-07-18"), N::CommissionerResponseDue, "2024-08-15", "the issue's example: 18 July + 28 = Thursday 15 August 2024"),
        (vec![lodged.clone()], ev("notice_of_appeal_sent", "2024-07-29"), N::CommissionerResponseDue, "2024-08-27", "day 28 is the summer bank holiday, Monday 26 August: Tuesday"),
        (vec![lodged.clone()], ev("notice_of_appeal_sent", "2024-11-28"), N::CommissionerResponseDue, "2024-12-27", "day 28 is Boxing Day: Friday 27 December"),
        (vec![lodged.clone()], ev("notice_of_appeal_sent", "2024-03-02"), N::CommissionerResponseDue, "2024-04-02", "day 28 is Easter Saturday: past Sunday and Easter Monday"),
        (vec![lodged.clone()], ev("notice_of_appeal_sent", "2024-12-05"), N::CommissionerResponseDue, "2025-01-02", "2 January is a holiday in Scotland only: a working day on the England and Wales calendar"),
        (vec![lodged.clone()], ev("commissioner_response_sent", "2024-08-15"), N::AppellantReplyDue, "2024-08-29", "r24: 14 days"),
        (vec![lodged.clone()], ev("commissioner_response_sent", "2024-08-12"), N::AppellantReplyDue, "2024-08-27", "day 14 is the summer bank holiday"),
        (vec![lodged.clone()], ev("tribunal_decision_sent", "2024-03-04"), N::SetAsideApplicationDue, "2024-04-02", "r41(3): day 28 is Easter Monday"),
        (vec![lodged.clone()], ev("tribunal_decision_sent", "2024-03-04"), N::PermissionToAppealDue, "2024-04-02", "r42: 28 days from the decision with its reasons"),
        (vec![lodged.clone()], json!({"kind": "tribunal_decision_sent", "date": "2024-03-04", "reasons_sent": "2024-03-11"}), N::PermissionToAppealDue, "2024-04-08", "r42: from the later written reasons"),
        (vec![lodged.clone()], ev("appeal_determined", "2024-03-04"), N::PermissionToAppealDue, "2024-04-02", "appeal_determined is another name for tribunal_decision_sent"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2028-01-10")], ev("permission_refused", "2028-01-31"), N::UpperTribunalPermissionDue, "2028-02-29", "UT r21(3)(b): a month from 31 January is 29 February in a leap year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2025-01-10")], ev("permission_refused", "2025-01-31"), N::UpperTribunalPermissionDue, "2025-02-28", "and 28 February in a common year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-04-10")], ev("permission_refused", "2024-04-30"), N::UpperTribunalPermissionDue, "2024-05-30", "a month runs to the corresponding date, not the month's end"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-07-01")], ev("permission_refused", "2024-07-26"), N::UpperTribunalPermissionDue, "2024-08-27", "a month ending on the summer bank holiday"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], ev("upper_tribunal_decision_sent", "2024-11-25"), N::CourtOfAppealPermissionDue, "2024-12-27", "UT r44(4): a month ending on Christmas Day passes Boxing Day too"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], json!({"kind": "upper_tribunal_decision_sent", "date": "2025-01-20", "reasons_sent": "2025-01-31"}), N::CourtOfAppealPermissionDue, "2025-02-28", "from the later reasons: 31 January to 28 February in a common year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], json!({"kind": "upper_tribunal_decision_sent", "date": "2024-11-25", "appellate_court": "court_of_session"}), N::CourtOfSessionPermissionDue, "2024-12-27", "UT r44(4) for the Court of Session: a month ending on Christmas Day passes Boxing Day too"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2027-06-03")], json!({"kind": "upper_tribunal_decision_sent", "date": "2028-01-31", "appellate_court": "court_of_session"}), N::CourtOfSessionPermissionDue, "2028-02-29", "Court of Session: 31 January to 29 February in a leap year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], json!({"kind": "upper_tribunal_decision_sent", "date": "2025-01-20", "reasons_sent": "2025-01-31", "appellate_court": "court_of_session"}), N::CourtOfSessionPermissionDue, "2025-02-28", "Court of Session: from the later reasons, 31 January to 28 February in a common year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], json!({"kind": "upper_tribunal_decision_sent", "date": "2024-07-26", "appellate_court": "court_of_session"}), N::CourtOfSessionPermissionDue, "2024-08-27", "Court of Session: a month ending on the summer bank holiday (the tribunal calendar, England and Wales by default)"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], ev("upper_tribunal_notice_of_appeal_sent", "2024-07-18"), N::UpperTribunalResponseDue, "2024-08-19", "UT r24(2)(b): 18 August 2024 is a Sunday: Monday"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2027-06-03")], ev("upper_tribunal_notice_of_appeal_sent", "2028-01-31"), N::UpperTribunalResponseDue, "2028-02-29", "UT r24(2)(b): 31 January to 29 February in a leap year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], ev("upper_tribunal_notice_of_appeal_sent", "2025-01-31"), N::UpperTribunalResponseDue, "2025-02-28", "UT r24(2)(b): and to 28 February in a common year"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2027-06-03")], ev("upper_tribunal_notice_of_appeal_sent", "2028-03-14"), N::UpperTribunalResponseDue, "2028-04-18", "UT r24(2)(b): a month ending on Good Friday passes Easter Monday"),
        (vec![lodged.clone(), ev("tribunal_decision_sent", "2024-06-03")], ev("upper_tribunal_notice_of_appeal_sent", "2024-07-26"), N::UpperTribunalResponseDue, "2024-08-27", "UT r24(2)(b): a month ending on the summer bank holiday"),
    ];
    for (before, start, name, expected, why) in table {
        let mut events = vec![notice()];
        events.extend(before);
        events.push(start);
        let e = eval(&events, "2028-06-01");
        assert_eq!(date_of(&e, name), expected, "{why}");
        let deadline = e.get(name).unwrap();
        assert_eq!(
            deadline.by_time.map(|t| t.to_string()),
            Some("17:00:00".to_owned()),
            "{why}: due by 5pm (rule 12(1))"
        );
    }
}

#[test]
fn a_further_appeal_from_the_upper_tribunal_is_timed_for_the_court_it_goes_to() {
    let before = [
        notice(),
        appeal("2024-03-01"),
        ev("tribunal_decision_sent", "2024-06-03"),
    ];
    let decision = |court: Option<&str>| {
        let mut d = json!({"kind": "upper_tribunal_decision_sent", "date": "2024-11-25", "outcome": "dismissed"});
        if let Some(c) = court {
            d["appellate_court"] = json!(c);
        }
        d
    };
    // (the decision's court, a later event, the deadline shown, the one not shown, why)
    type Row<'a> = (Option<&'a str>, Option<Value>, N, N, &'a str);
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        (None, None, N::CourtOfAppealPermissionDue, N::CourtOfSessionPermissionDue, "no court named: the Court of Appeal"),
        (Some("court_of_appeal"), None, N::CourtOfAppealPermissionDue, N::CourtOfSessionPermissionDue, "the Court of Appeal named"),
        (Some("court_of_session"), None, N::CourtOfSessionPermissionDue, N::CourtOfAppealPermissionDue, "the Court of Session named (TCEA s13(11)-(13))"),
        (None, Some(ev("court_of_session_permission_applied", "2024-12-20")), N::CourtOfSessionPermissionDue, N::CourtOfAppealPermissionDue, "no court named, but permission asked for the Court of Session"),
    ];
    for (court, later, shown, hidden, why) in table {
        let mut events = before.to_vec();
        events.push(decision(court));
        events.extend(later.clone());
        let e = eval(&events, "2024-12-21");
        assert_eq!(date_of(&e, shown), "2024-12-27", "{why}");
        assert!(e.get(hidden).is_none(), "{why}: {:?}", e.get(hidden));
        if later.is_some() {
            assert_eq!(e.get(shown).unwrap().status, Status::Met, "{why}");
        }
    }
    // 5pm on Friday 27 December 2024 (GMT): an application at 17:30 is half an hour late.
    let mut events = before.to_vec();
    events.push(decision(Some("court_of_session")));
    events.push(at(
        "court_of_session_permission_applied",
        "2024-12-27T17:30:00Z",
    ));
    let e = eval(&events, "2025-01-10");
    let d = e.get(N::CourtOfSessionPermissionDue).unwrap();
    assert_eq!((d.status, d.minutes_late), (Status::MetLate, Some(30)));
    assert!(d.basis.contains("r44(4)"), "{}", d.basis);
    // An application for permission to the Court of Session suspends the steps again (s50(6)).
    let steps = e.get(N::StepsDue).unwrap();
    assert_eq!(steps.status, Status::Suspended, "{steps:?}");
}

#[test]
fn the_response_to_an_appeal_in_the_upper_tribunal_is_due_a_month_after_it_is_sent() {
    // Sent Thursday 18 July 2024: due Sunday 18 August, so Monday 19 August 2024 by 5pm (BST).
    let before = [
        notice(),
        appeal("2024-03-01"),
        ev("tribunal_decision_sent", "2024-06-03"),
        ev("upper_tribunal_notice_of_appeal_sent", "2024-07-18"),
    ];
    // (response, status, minutes late, why)
    #[rustfmt::skip]
    let table: Vec<(Option<Value>, Status, Option<i64>, &str)> = vec![
        (None, Status::Expired, None, "a window: unused, it lapses (a respondent may respond, r24(1A))"),
        (Some(ev("upper_tribunal_response_sent", "2024-08-19")), Status::Met, None, "on the rolled last day"),
        (Some(at("upper_tribunal_response_sent", "2024-08-19T16:00:00Z")), Status::Met, None, "5pm BST exactly"),
        (Some(at("upper_tribunal_response_sent", "2024-08-19T17:15:00Z")), Status::MetLate, Some(75), "18:15 BST: an hour and a quarter late"),
    ];
    for (response, status, late, why) in table {
        let mut events = before.to_vec();
        events.extend(response);
        let e = eval(&events, "2024-08-20");
        let d = e.get(N::UpperTribunalResponseDue).unwrap();
        assert_eq!(d.date.unwrap().to_string(), "2024-08-19", "{why}");
        assert_eq!((d.status, d.minutes_late), (status, late), "{why}");
        assert!(d.basis.contains("r24(2)"), "{}", d.basis);
        assert_eq!(d.skipped.len(), 1, "{why}: the Sunday is shown as skipped");
    }
    // A direction may replace it (UT r5(3)(a)).
    let mut events = before.to_vec();
    events.push(json!({"kind": "direction_given", "date": "2024-08-01", "deadline": "upper_tribunal_response_due", "due": "2024-09-02"}));
    let e = eval(&events, "2024-08-20");
    assert_eq!(date_of(&e, N::UpperTribunalResponseDue), "2024-09-02");
}

#[test]
fn the_tribunal_calendar_setting_decides_which_holidays_roll_a_last_day() {
    let events = [
        notice(),
        appeal("2024-03-01"),
        ev("notice_of_appeal_sent", "2024-12-05"),
    ];
    let union = run(
        &events,
        Some(json!({"tribunal_calendar": "uk-union"})),
        "2025-01-10",
    )
    .unwrap();
    assert_eq!(
        date_of(&union, N::CommissionerResponseDue),
        "2025-01-03",
        "on the UK-union calendar 2 January (Scotland) is not a working day"
    );
    let skipped = &union.get(N::CommissionerResponseDue).unwrap().skipped;
    assert_eq!(
        skipped.len(),
        1,
        "the one day skipped is shown: {skipped:?}"
    );
}

#[test]
fn an_act_due_on_a_day_is_due_by_5pm_london_time() {
    // The response is due Thursday 15 August 2024 (BST, UTC+1) or Friday 27 December 2024
    // (GMT). (sent on, response timestamp, status, minutes late, why)
    #[rustfmt::skip]
    let table = [
        ("2024-07-18", "2024-08-15T15:59:00Z", Status::Met, None, "16:59 BST is in time"),
        ("2024-07-18", "2024-08-15T16:00:00Z", Status::Met, None, "17:00 BST exactly is by 5pm"),
        ("2024-07-18", "2024-08-15T16:30:00Z", Status::MetLate, Some(30), "17:30 BST is half an hour late"),
        ("2024-07-18", "2024-08-16T08:00:00Z", Status::MetLate, Some(16 * 60), "9am the next day is 16 hours late"),
        ("2024-11-28", "2024-12-27T17:00:00Z", Status::Met, None, "5pm GMT exactly, in winter"),
        ("2024-11-28", "2024-12-27T17:01:00Z", Status::MetLate, Some(1), "a minute after 5pm GMT"),
        ("2024-11-28", "2024-12-27T16:30:00Z", Status::Met, None, "16:30 GMT: UTC is London time in winter"),
    ];
    for (sent, response, status, late, why) in table {
        let e = eval(
            &[
                notice(),
                appeal("2024-03-01"),
                ev("notice_of_appeal_sent", sent),
                at("commissioner_response_sent", response),
            ],
            "2025-01-31",
        );
        let r = e.get(N::CommissionerResponseDue).unwrap();
        assert_eq!((r.status, r.minutes_late), (status, late), "{why}");
    }
    // A response recorded with a date only is taken as done in time that day.
    let e = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            ev("notice_of_appeal_sent", "2024-07-18"),
            ev("commissioner_response_sent", "2024-08-15"),
        ],
        "2024-09-01",
    );
    assert_eq!(
        e.get(N::CommissionerResponseDue).unwrap().status,
        Status::Met
    );
    // Unused, the optional reply's window expires; the duty to respond is overdue.
    let e = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            ev("notice_of_appeal_sent", "2024-07-18"),
        ],
        "2024-08-16",
    );
    assert_eq!(
        e.get(N::CommissionerResponseDue).unwrap().status,
        Status::Overdue
    );
    let e = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            ev("commissioner_response_sent", "2024-08-15"),
        ],
        "2024-08-30",
    );
    assert_eq!(e.get(N::AppellantReplyDue).unwrap().status, Status::Expired);
}

#[test]
fn a_notice_of_appeal_received_after_5pm_on_the_last_day_is_late() {
    // The last day to appeal the notice of 8 February 2024 is Thursday 7 March (GMT).
    let in_time = eval(
        &[notice(), at("appeal_lodged", "2024-03-07T16:59:00Z")],
        "2024-03-08",
    );
    assert_eq!(in_time.get(N::AppealLastDay).unwrap().status, Status::Met);
    let late = run(
        &[notice(), at("appeal_lodged", "2024-03-07T17:30:00Z")],
        None,
        "2024-03-08",
    )
    .unwrap_err();
    assert_eq!(late.rule, "appeal_out_of_time", "{late}");
    assert!(late.message.contains("after 5pm"), "{}", late.message);
    let extended = eval(
        &[
            notice(),
            json!({"kind": "appeal_lodged", "timestamp": "2024-03-07T17:30:00Z", "extension_granted": true}),
        ],
        "2024-03-08",
    );
    let w = extended.get(N::AppealLastDay).unwrap();
    assert_eq!((w.status, w.minutes_late), (Status::MetLate, Some(30)));
    assert!(w.note.as_deref().unwrap().contains("extended time"));
}

#[test]
fn a_direction_replaces_the_deadline_it_names_and_keeps_the_rules_date() {
    let base = [
        notice(),
        appeal("2024-03-01"),
        ev("notice_of_appeal_sent", "2024-07-18"),
    ];
    let direction = |due: &str| json!({"kind": "direction_given", "date": "2024-08-01", "deadline": "commissioner_response_due", "due": due, "description": "Response within 8 weeks"});
    // (direction's due, response, expected date, status, minutes late, why)
    #[rustfmt::skip]
    let table = [
        ("2024-09-12", None, "2024-09-12", Status::Pending, None, "a later date replaces 15 August"),
        ("2024-09-15", None, "2024-09-16", Status::Pending, None, "a directed Sunday moves to Monday (rule 12(2) applies to directions)"),
        ("2024-09-12T12:00", Some("2024-09-12T11:30:00Z"), "2024-09-12", Status::MetLate, Some(30), "by noon: 12:30 BST is late"),
        ("2024-09-12", Some("2024-09-12T15:00:00Z"), "2024-09-12", Status::Met, None, "16:00 BST, before 5pm"),
    ];
    for (due, response, expected, status, late, why) in table {
        let mut events = base.to_vec();
        events.push(direction(due));
        if let Some(r) = response {
            events.push(at("commissioner_response_sent", r));
        }
        let e = eval(
            &events,
            if response.is_some() {
                "2024-09-13"
            } else {
                "2024-09-01"
            },
        );
        let r = e.get(N::CommissionerResponseDue).unwrap();
        assert_eq!(r.date.unwrap().to_string(), expected, "{why}");
        assert_eq!((r.status, r.minutes_late), (status, late), "{why}");
        assert!(
            r.note
                .as_deref()
                .unwrap()
                .contains("The rules gave 15 August 2024"),
            "{why}: {:?}",
            r.note
        );
        assert!(
            r.rule.contains("Response within 8 weeks"),
            "{why}: {}",
            r.rule
        );
        assert_eq!(
            e.deadlines
                .iter()
                .filter(|d| d.name == N::CommissionerResponseDue)
                .count(),
            1,
            "{why}: replaced, not added"
        );
    }
    // A direction on a stage the timeline skipped sets the deadline itself.
    let e = eval(
        &[notice(), appeal("2024-03-01"), direction("2024-09-12")],
        "2024-08-02",
    );
    assert_eq!(date_of(&e, N::CommissionerResponseDue), "2024-09-12");
}

#[test]
fn steps_restart_after_each_outcome_by_s50_6() {
    // The notice's 35 days end Thursday 14 March 2024, after the last day to appeal (7 March).
    // An appeal lodged on 1 March leaves 13 days; they run from the day the appeal ends.
    let decision = |date: &str, outcome: &str| json!({"kind": "tribunal_decision_sent", "date": date, "outcome": outcome});
    #[rustfmt::skip]
    let table: Vec<(Vec<Value>, &str, Option<&str>, &str)> = vec![
        (vec![], "2024-04-01", Some("2024-03-14"), "no appeal: 8 Feb + 35"),
        (vec![appeal("2024-03-01")], "2024-04-01", None, "suspended while pending"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "dismissed")], "2024-06-04", Some("2024-06-16"), "dismissed 3 June: + 13 days"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "struck_out")], "2024-06-04", Some("2024-06-16"), "struck out: as dismissed"),
        (vec![appeal("2024-03-01"), decision("2024-04-02", "withdrawn")], "2024-04-03", Some("2024-04-15"), "withdrawn 2 April: + 13 days"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "dismissed"), ev("permission_to_appeal_applied", "2024-06-20")], "2024-06-21", None, "a further appeal suspends them again"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "dismissed"), ev("permission_to_appeal_applied", "2024-06-20"), ev("permission_refused", "2024-07-10")], "2024-07-11", Some("2024-07-06"), "94 + 20 days pending: 14 March + 114"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "dismissed"), ev("permission_to_appeal_applied", "2024-06-20"), json!({"kind": "upper_tribunal_decision_sent", "date": "2024-10-01", "outcome": "remitted"})], "2024-10-02", None, "remitted: the appeal is pending again"),
        (vec![appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "decided": "2024-06-01", "outcome": "allowed", "substituted_steps": {"days_from_decision": 35}})], "2024-06-04", Some("2024-07-06"), "allowed: the substituted notice's 35 days from the decision of 1 June"),
        (vec![appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "decided": "2024-06-01", "outcome": "allowed", "substituted_steps": {"days_from_sent": 35}})], "2024-06-04", Some("2024-07-08"), "allowed: 35 days from its being sent on 3 June"),
        (vec![appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "allowed", "substituted_steps": {"by": "2024-07-31T16:00"}})], "2024-06-04", Some("2024-07-31"), "allowed: by 4pm on 31 July"),
        (vec![appeal("2024-03-01"), decision("2024-06-03", "allowed")], "2024-06-04", None, "allowed with no substituted steps: none are due"),
        (vec![appeal("2024-03-20"), decision("2024-04-10", "not_admitted")], "2024-04-11", Some("2024-03-14"), "a late appeal not admitted suspended nothing"),
        (vec![ev("ministerial_certificate_given", "2024-03-01")], "2024-04-01", None, "a ministerial certificate: the notice ceased to have effect"),
    ];
    for (after, as_of, expected, why) in table {
        let mut events = vec![notice()];
        events.extend(after);
        let e = eval(&events, as_of);
        let steps = e.get(N::StepsDue);
        assert_eq!(
            steps.and_then(|s| s.date).map(|x| x.to_string()).as_deref(),
            expected,
            "{why}: {steps:?}"
        );
    }
    let suspended = eval(&[notice(), appeal("2024-03-01")], "2024-04-01");
    assert_eq!(
        suspended.get(N::StepsDue).unwrap().status,
        Status::Suspended
    );
    let dismissed = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            decision("2024-06-03", "dismissed"),
        ],
        "2024-06-04",
    );
    let note = dismissed.get(N::StepsDue).unwrap().note.clone().unwrap();
    assert!(note.contains("13 days left"), "why this date: {note}");
    let allowed = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            decision("2024-06-03", "allowed"),
        ],
        "2024-06-04",
    );
    assert!(
        allowed
            .warnings
            .iter()
            .any(|w| w.contains("no longer apply")),
        "{:?}",
        allowed.warnings
    );
    let substituted = eval(
        &[
            notice(),
            appeal("2024-03-01"),
            json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "allowed", "substituted_steps": {"by": "2024-07-31T16:00"}}),
            at("steps_complied", "2024-07-31T15:30:00Z"),
        ],
        "2024-08-01",
    );
    let s = substituted.get(N::StepsDue).unwrap();
    assert_eq!(
        (s.status, s.minutes_late),
        (Status::MetLate, Some(30)),
        "16:30 BST is after 4pm"
    );
    assert!(s.basis.contains("enforced by the tribunal"), "{}", s.basis);
}

#[test]
fn the_s53_certificate_window_runs_20_working_days_from_the_effective_date() {
    let certified =
        json!({"kind": "decision_notice_issued", "date": "2024-02-08", "s53_certificate": true});
    // 20 working days after Thursday 8 February 2024 (no holiday on the way): Thursday 7 March.
    let e = eval(std::slice::from_ref(&certified), "2024-02-20");
    assert_eq!(date_of(&e, N::S53CertificateDue), "2024-03-07");
    // An appeal pending: no date yet (s53(4)(b)).
    let e = eval(&[certified.clone(), appeal("2024-03-01")], "2024-04-01");
    assert_eq!(
        e.get(N::S53CertificateDue).unwrap().status,
        Status::Suspended
    );
    // Determined Monday 3 June 2024: 20 working days later is Monday 1 July.
    let e = eval(
        &[
            certified.clone(),
            appeal("2024-03-01"),
            json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed"}),
        ],
        "2024-06-04",
    );
    assert_eq!(date_of(&e, N::S53CertificateDue), "2024-07-01");
    // Only for authorities s53 names.
    assert!(
        eval(&[notice()], "2024-02-20")
            .get(N::S53CertificateDue)
            .is_none()
    );
    let e = eval(
        &[certified, ev("ministerial_certificate_given", "2024-03-01")],
        "2024-03-02",
    );
    assert_eq!(e.get(N::S53CertificateDue).unwrap().status, Status::Met);
}

#[test]
fn only_impossible_appeal_timelines_are_refused() {
    // (events, rule, why)
    #[rustfmt::skip]
    let table: Vec<(Vec<Value>, &str, &str)> = vec![
        (vec![ev("complaint_received", "2023-09-20"), ev("notice_of_appeal_sent", "2024-01-10"), notice()], "appeal_without_notice", "a notice of appeal before the notice"),
        (vec![notice(), ev("tribunal_decision_sent", "2024-06-03")], "determined_without_appeal", "a decision with no appeal"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "dismissed", "substituted_steps": {"days_from_decision": 35}})], "steps_without_substitution", "a dismissal substitutes no notice"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "won"})], "unknown_outcome", "an outcome the service does not know"),
        (vec![notice(), json!({"kind": "appeal_lodged", "date": "2024-03-01", "tribunal_reference": "2024/123"})], "bad_tribunal_reference", "a reference of no known form"),
        (vec![notice(), json!({"kind": "appeal_lodged", "date": "2024-03-01", "appellant": "the council"})], "unknown_appellant", "an appellant must be complainant, public_authority or both"),
        (vec![notice(), json!({"kind": "notice_of_appeal_sent", "date": "2024-03-05", "outcome": "dismissed"})], "field_not_allowed", "an outcome on a notice of appeal"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "direction_given", "date": "2024-03-10", "deadline": "response_due", "due": "2024-04-01"})], "not_a_tribunal_deadline", "the tribunal does not direct the authority's FOIA response"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "direction_given", "date": "2024-03-10", "deadline": "commissioner_response_due", "due": "2024-03-09"})], "direction_due_before_given", "a direction cannot set a date before it was given"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "direction_given", "date": "2024-03-10"})], "direction_incomplete", "a direction names its deadline and date"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "outcome": "allowed", "substituted_steps": {"by": "2024-07-31"}})], "bad_substituted_steps", "a fixed time needs its hour"),
        (vec![notice(), appeal("2024-03-01"), json!({"kind": "tribunal_decision_sent", "date": "2024-06-03", "appellate_court": "court_of_session"})], "field_not_allowed", "the First-tier's decision names no appellate court: its appeals go to the Upper Tribunal"),
        (vec![notice(), appeal("2024-03-01"), ev("tribunal_decision_sent", "2024-06-03"), json!({"kind": "upper_tribunal_decision_sent", "date": "2024-11-01", "appellate_court": "upper_tribunal"})], "unknown_appellate_court", "an appeal from the Upper Tribunal goes to a court above it"),
        (vec![ev("complaint_received", "2023-09-20"), ev("upper_tribunal_notice_of_appeal_sent", "2024-01-10"), notice()], "appeal_without_notice", "an Upper Tribunal notice of appeal before the notice"),
    ];
    for (events, rule, why) in table {
        let err = run(&events, None, "2024-12-31").unwrap_err();
        assert_eq!(err.rule, rule, "{why}: {err}");
    }
    // Stages the service does not know about may be skipped.
    #[rustfmt::skip]
    let skipped: Vec<Vec<Value>> = vec![
        vec![notice(), appeal("2024-03-01"), ev("commissioner_response_sent", "2024-04-01")],
        vec![notice(), appeal("2024-03-01"), ev("tribunal_decision_sent", "2024-06-03"), ev("upper_tribunal_decision_sent", "2024-11-01")],
        vec![notice(), appeal("2024-03-01"), ev("tribunal_decision_sent", "2024-06-03"), json!({"kind": "upper_tribunal_decision_sent", "date": "2024-11-01", "outcome": "remitted"}), ev("tribunal_decision_sent", "2024-12-01")],
    ];
    for events in skipped {
        assert!(run(&events, None, "2024-12-31").is_ok(), "{events:?}");
    }
}
