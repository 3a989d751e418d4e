//! The deadline engine audit (issue 20): one test per finding, each a table of named cases whose
//! expected dates were counted by hand from the calendar (the days are listed in the comments).

use crate::support::d;
use chrono::DateTime;
use section50::domain::deadline::{DeadlineKind, DeadlineName as N, Evaluation, Status, evaluate};
use section50::domain::london::london_date;
use section50::domain::timeline::{TimelineError, parse_timeline_json};
use serde_json::json;

fn run(input: &serde_json::Value, as_of: &str) -> Result<Evaluation, TimelineError> {
    let (timeline, settings) = parse_timeline_json(&input.to_string())?;
    evaluate(&timeline, &settings, d(as_of))
}

fn eval(input: &serde_json::Value, as_of: &str) -> Evaluation {
    run(input, as_of).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn ev(kind: &str, date: &str) -> serde_json::Value {
    json!({"kind": kind, "date": date})
}

fn timeline(regime: &str, events: &[(&str, &str)]) -> serde_json::Value {
    let events: Vec<_> = events.iter().map(|(k, d)| ev(k, d)).collect();
    json!({"regime": regime, "events": events})
}

fn date_of(e: &Evaluation, name: N) -> Option<String> {
    e.get(name).and_then(|d| d.date).map(|d| d.to_string())
}

/// Request Mon 6 Mar 2023; fees notices 13 and 15 Mar; fees paid 15 and 17 Mar (the second
/// notice on the day the first fee arrived: the fee event comes first that day).
const TWO_FEES: [(&str, &str); 5] = [
    ("request_received", "2023-03-06"),
    ("fees_notice_issued", "2023-03-13"),
    ("fee_paid", "2023-03-15"),
    ("fees_notice_issued", "2023-03-15"),
    ("fee_paid", "2023-03-17"),
];

#[test]
fn a_day_in_two_fees_periods_is_disregarded_once() {
    let mut with_pit = TWO_FEES.to_vec();
    with_pit.push(("pit_extension_claimed", "2023-04-05"));
    // (regime, events, deadline, expected, why)
    let table = [
        (
            "foia",
            TWO_FEES.to_vec(),
            N::ResponseDue,
            "2023-04-12",
            // 13-17 Mar disregarded once: 13, 14, 15, 16 (17 is St Patrick's). 7-10 Mar (4),
            // 20-31 Mar (14), 3-6 Apr (18), 7 and 10 Apr Easter, 11-12 Apr (20): Wed 12 Apr.
            "FOIA s10(2): the brief's case",
        ),
        (
            "foisa",
            TWO_FEES.to_vec(),
            N::ResponseDue,
            "2023-04-11",
            // Scotland: 13-17 Mar all disregarded (17 is a working day). 7-10 Mar (4), 20-31
            // Mar (14), 3-6 Apr (18), 7 Apr Good Friday, 10 Apr is a Scottish working day (19),
            // 11 Apr (20).
            "FOISA s10(2) on the Scottish calendar",
        ),
        (
            "foia",
            with_pit,
            N::PitGuidelineDue,
            "2023-05-12",
            // 40 working days with 13-16 Mar disregarded: 7-10 Mar (4), 20-31 Mar (14), 3-6
            // Apr (18), 11-28 Apr (32), 1 May holiday, 2-5 May (36), 8 May coronation,
            // 9-12 May (40).
            "the public-interest guideline moves with it",
        ),
    ];
    for (regime, events, name, expected, why) in table {
        let e = eval(&timeline(regime, &events), "2023-04-20");
        assert_eq!(date_of(&e, name).as_deref(), Some(expected), "{why}");
        let disregarded: Vec<_> = e
            .get(name)
            .unwrap()
            .skipped
            .iter()
            .filter(|s| s.reason.starts_with("Disregarded"))
            .map(|s| s.date)
            .collect();
        let mut unique = disregarded.clone();
        unique.dedup();
        assert_eq!(disregarded, unique, "{why}: a day listed twice");
    }
}

#[test]
fn a_subject_access_request_awaiting_identification_is_paused_not_overdue() {
    // (events, as of, status, date, why)
    let table = [
        (
            vec![
                ("request_received", "2023-03-06"),
                ("clarification_requested", "2023-03-08"),
            ],
            "2023-05-01",
            Status::Paused,
            None,
            "ID asked for and not received: time has not started (UK GDPR art 12(6))",
        ),
        (
            vec![
                ("request_received", "2023-03-06"),
                ("clarification_requested", "2023-03-08"),
                ("clarification_received", "2023-03-20"),
            ],
            "2023-05-01",
            Status::Overdue,
            Some("2023-04-20"),
            "ID received Mon 20 Mar: one month is Thu 20 Apr, a working day",
        ),
    ];
    for (events, as_of, status, date, why) in table {
        let e = eval(&timeline("uk_gdpr_sar", &events), as_of);
        let sar = e.get(N::SarDue).unwrap();
        assert_eq!(sar.status, status, "{why}");
        assert_eq!(sar.date.map(|d| d.to_string()).as_deref(), date, "{why}");
    }
}

fn with_settings(mut input: serde_json::Value, settings: serde_json::Value) -> serde_json::Value {
    input["settings"] = settings;
    input
}

#[test]
fn settings_out_of_their_bounds_are_refused_naming_the_setting_and_the_bounds() {
    let reviewed = timeline(
        "foia",
        &[
            ("request_received", "2023-01-09"),
            ("response_sent", "2023-02-01"),
            ("internal_review_requested", "2023-02-02"),
            ("internal_review_completed", "2023-02-20"),
        ],
    );
    let noticed = json!({"regime": "foia", "events": [
        {"kind": "request_received", "date": "2023-01-09"},
        {"kind": "decision_notice_issued", "date": "2023-09-01", "steps_ordered": true}]});
    let pit = timeline(
        "foia",
        &[
            ("request_received", "2023-01-09"),
            ("pit_extension_claimed", "2023-02-01"),
        ],
    );
    // (timeline, settings, the setting named, its bounds as written, why)
    let table = [
        (
            &reviewed,
            json!({"complaint_window_days": 100_000_000}),
            "complaint_window_days",
            "between 1 and 1096",
            "panicked: the window end left chrono's range",
        ),
        (
            &reviewed,
            json!({"complaint_window_days": 0}),
            "complaint_window_days",
            "between 1 and 1096",
            "a window of no days",
        ),
        (
            &noticed,
            json!({"steps_period_days": 4_294_967_295_u32}),
            "steps_period_days",
            "between 1 and 365",
            "panicked: u32::MAX days after the notice",
        ),
        (
            &pit,
            json!({"pit_extension_working_days": 4_294_967_290_u32}),
            "pit_extension_working_days",
            "between 0 and 260",
            "wrapped: 20 + the setting overflowed u32",
        ),
        (
            &pit,
            json!({"extra_holidays": [{"date": "2150-06-14", "divisions": ["scotland"], "kind": "additional", "name": "x", "source": "y"}]}),
            "extra_holidays",
            "1971 to 2100",
            "a holiday outside the calendars' years",
        ),
    ];
    for (input, settings, name, bounds, why) in table {
        let Err(err) = run(&with_settings(input.clone(), settings), "2024-01-01") else {
            panic!("{why}: accepted")
        };
        assert_eq!(err.rule, "setting_out_of_range", "{why}: {err}");
        assert!(err.message.contains(name), "{why}: {err}");
        assert!(err.message.contains(bounds), "{why}: {err}");
    }
    // The bounds themselves are accepted.
    let at_bounds = json!({"complaint_window_days": 1096, "steps_period_days": 365, "pit_extension_working_days": 260});
    for input in [&reviewed, &noticed, &pit] {
        eval(
            &with_settings(input.clone(), at_bounds.clone()),
            "2024-01-01",
        );
    }
}

#[test]
fn an_eir_advance_payment_stops_the_twenty_working_days_until_it_is_paid() {
    // (events, as of, response due, status, warning expected, why)
    let table = [
        (
            vec![
                ("request_received", "2023-03-06"),
                ("fees_notice_issued", "2023-03-13"),
                ("fee_paid", "2023-03-17"),
            ],
            "2023-03-20",
            Some("2023-04-12"),
            Status::Pending,
            None,
            // reg 8(6): 13-17 Mar disregarded (13-16 are working days): as the FOIA case.
            "EIR reg 8(6): notification to payment disregarded",
        ),
        (
            vec![
                ("request_received", "2023-03-06"),
                ("fees_notice_issued", "2023-03-13"),
            ],
            "2023-03-20",
            None,
            Status::Paused,
            None,
            "reg 8(5): nothing is due until the charge is paid",
        ),
        (
            vec![
                ("request_received", "2023-03-06"),
                ("fees_notice_issued", "2023-04-05"),
                ("fee_paid", "2023-04-06"),
            ],
            "2023-04-20",
            Some("2023-04-04"),
            Status::Overdue,
            Some("within 20 working days"),
            // Due Tue 4 Apr (7-10 Mar, 13-16, 20-31 Mar, 3-4 Apr): notified a day later.
            "reg 8(4): notification after the 20 working days does not stop the clock",
        ),
        (
            vec![
                ("request_received", "2023-03-06"),
                ("fees_notice_issued", "2023-03-13"),
                ("fee_paid", "2023-06-13"),
            ],
            "2023-06-14",
            Some("2023-07-05"),
            Status::Pending,
            Some("60 working days"),
            // 60 working days after 13 Mar 2023 (union calendar): 14-16 Mar (3), 20-31 (13),
            // 3-6 Apr (17), 11-28 Apr (31), 2-5 May (35), 9-26 May (49), 30 May-9 Jun (58),
            // 12-13 Jun (60): paid on the last day. 61 working days (13 Mar-13 Jun) disregarded: 7-10
            // Mar (4), 14-16 Jun (7), 19-30 Jun (17), 3-5 Jul (20).
            "paid on the 60th working day: in time, no warning",
        ),
    ];
    for (events, as_of, due, status, warning, why) in table {
        let e = eval(&timeline("eir", &events), as_of);
        let response = e.get(N::ResponseDue).unwrap();
        assert_eq!(
            response.date.map(|d| d.to_string()).as_deref(),
            due,
            "{why}"
        );
        assert_eq!(response.status, status, "{why}");
        match warning {
            Some(w) if why.starts_with("paid on the 60th") => {
                assert!(
                    !e.warnings.iter().any(|x| x.contains(w)),
                    "{why}: {:?}",
                    e.warnings
                )
            }
            Some(w) => assert!(
                e.warnings.iter().any(|x| x.contains(w)),
                "{why}: {:?}",
                e.warnings
            ),
            None => assert!(e.warnings.is_empty(), "{why}: {:?}", e.warnings),
        }
    }
}

#[test]
fn an_eir_charge_paid_after_sixty_working_days_is_flagged() {
    // 60 working days after Mon 13 Mar 2023 end on Tue 13 Jun (see the table above); paid on
    // Wed 14 Jun: reg 8(5), the authority was no longer obliged to comply.
    let e = eval(
        &timeline(
            "eir",
            &[
                ("request_received", "2023-03-06"),
                ("fees_notice_issued", "2023-03-13"),
                ("fee_paid", "2023-06-14"),
            ],
        ),
        "2023-06-15",
    );
    assert!(
        e.warnings.iter().any(|w| w.contains("60 working days")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn the_eir_scotland_review_window_runs_from_the_response_or_from_the_deadline() {
    // (regime, events, as of, window end, why)
    let table = [
        (
            "eir_scotland",
            vec![
                ("request_received", "2023-02-13"),
                ("response_sent", "2023-02-20"),
            ],
            "2023-03-01",
            "2023-04-18",
            // reg 16(2): 40 working days after the response of Mon 20 Feb (Scotland): 21-28 Feb
            // (6), 1-31 Mar (29), 3-6 Apr (33), 7 Apr Good Friday, 10-14 Apr (38; Easter
            // Monday is Scottish working day), 17-18 Apr (40).
            "an answer on time: from the response, not from the deadline",
        ),
        (
            "foisa",
            vec![
                ("request_received", "2023-02-13"),
                ("response_sent", "2023-02-20"),
            ],
            "2023-03-01",
            "2023-05-11",
            // FOISA s20(5)(a): from the expiry of the 20 days, Mon 13 Mar 2023 (14-31 Mar (14),
            // 3-6 Apr (18), 10-28 Apr (33), 1 May holiday, 2-5 May (37), 8 May coronation,
            // 9-11 May (40)).
            "FOISA is unchanged: from the expiry of the time for response",
        ),
        (
            "eir_scotland",
            vec![("request_received", "2023-02-13")],
            "2023-03-20",
            "2023-05-11",
            "no answer: from the deadline (the failure to comply), as FOISA",
        ),
    ];
    for (regime, events, as_of, end, why) in table {
        let e = eval(&timeline(regime, &events), as_of);
        assert_eq!(
            date_of(&e, N::ReviewRequirementDeadline).as_deref(),
            Some(end),
            "{why}"
        );
    }
}

#[test]
fn dates_before_the_rules_the_engine_applies_are_warned_about() {
    // (regime, received, warning expected, why)
    let table = [
        (
            "foia",
            "2004-12-20",
            Some("1 January 2005"),
            "FOIA s1 in force 1 Jan 2005",
        ),
        (
            "eir",
            "2004-12-31",
            Some("1 January 2005"),
            "EIR 2004 in force 1 Jan 2005",
        ),
        ("foia", "2005-01-04", None, "after commencement"),
        (
            "uk_gdpr_sar",
            "2018-05-24",
            Some("25 May 2018"),
            "before the GDPR applied: DPA 1998 s7 gave 40 days",
        ),
        ("uk_gdpr_sar", "2018-05-25", None, "the first GDPR day"),
    ];
    for (regime, received, warning, why) in table {
        let e = eval(
            &timeline(regime, &[("request_received", received)]),
            "2019-01-01",
        );
        match warning {
            Some(w) => assert!(
                e.warnings.iter().any(|x| x.contains(w)),
                "{why}: {:?}",
                e.warnings
            ),
            None => assert!(e.warnings.is_empty(), "{why}: {:?}", e.warnings),
        }
    }
}

#[test]
fn british_summer_time_in_2100_follows_the_summer_time_act() {
    // (instant, London date, why)
    let table = [
        (
            "2100-07-01T23:30:00Z",
            "2100-07-02",
            "July: BST, 00:30 the next day",
        ),
        ("2100-01-31T23:30:00Z", "2100-01-31", "January: GMT"),
        (
            "2100-03-28T23:30:00Z",
            "2100-03-29",
            "the evening of the last Sunday in March is BST",
        ),
        (
            "2100-03-28T00:59:00Z",
            "2100-03-28",
            "last Sunday in March, before 01:00 GMT",
        ),
        (
            "2100-03-27T23:30:00Z",
            "2100-03-27",
            "the Saturday night before the change is still GMT",
        ),
        (
            "2100-10-30T23:30:00Z",
            "2100-10-31",
            "Saturday 30 Oct 23:30 GMT is 00:30 BST on Sunday 31 Oct",
        ),
        (
            "2100-10-31T23:30:00Z",
            "2100-10-31",
            "after 01:00 GMT on the last Sunday in October: GMT again",
        ),
    ];
    for (instant, date, why) in table {
        let t = DateTime::parse_from_rfc3339(instant).unwrap().to_utc();
        assert_eq!(london_date(t), d(date), "{why}");
    }
}

#[test]
fn guidance_is_not_called_a_duty_and_calendar_day_windows_do_not_say_working_days() {
    let foia = eval(
        &timeline(
            "foia",
            &[
                ("request_received", "2023-01-09"),
                ("response_sent", "2023-02-01"),
                ("internal_review_requested", "2023-02-02"),
                ("internal_review_completed", "2023-02-20"),
                ("complaint_received", "2023-02-21"),
                ("chase_letter_sent", "2023-03-01"),
            ],
        ),
        "2023-04-01",
    );
    // (deadline, kind, why)
    let kinds = [
        (N::ResponseDue, DeadlineKind::Duty, "FOIA s10(1) is a duty"),
        (N::InternalReviewDue, DeadlineKind::Guideline, "s45 Code"),
        (N::InternalReviewMax, DeadlineKind::Guideline, "s45 Code"),
        (N::ChaseResponseDue, DeadlineKind::Guideline, "ICO practice"),
    ];
    for (name, kind, why) in kinds {
        assert_eq!(foia.get(name).unwrap().kind, kind, "{name:?}: {why}");
    }
    let letter = section50::domain::deadline::investigation_response(
        d("2023-03-01"),
        d("2023-03-15"),
        None,
        section50::domain::deadline::default_calendars()
            .get(section50::domain::calendar::CalendarKind::UkUnion),
        d("2023-03-02"),
    )
    .unwrap();
    assert_eq!(letter.kind, DeadlineKind::Guideline, "the officer's date");
    assert!(!letter.why_this_date().contains("breach"));

    let window = foia.get(N::ComplaintWindowEnd).unwrap();
    assert!(
        !window
            .why_this_date()
            .to_lowercase()
            .contains("working days"),
        "{}",
        window.why_this_date()
    );
    assert!(
        foia.get(N::ResponseDue)
            .unwrap()
            .why_this_date()
            .contains("Working days on the whole-UK (a holiday anywhere in the UK) calendar")
    );

    let eir = eval(
        &timeline(
            "eir",
            &[
                ("request_received", "2023-01-09"),
                ("response_sent", "2023-02-01"),
                ("internal_review_requested", "2023-02-02"),
                ("internal_review_completed", "2023-02-20"),
            ],
        ),
        "2023-04-01",
    );
    assert!(
        eir.get(N::ComplaintWindowEnd)
            .unwrap()
            .basis
            .contains("reg 18"),
        "the EIR apply FOIA s50 through regulation 18"
    );
}

/// Runs `section50 lateness` in memory: (outcome message if refused, output CSV, diagnostics).
fn lateness(log: &str, as_of: &str) -> (Option<String>, String, String) {
    use section50::cli::{Outcome, lateness::run_with_diagnostics};
    use section50::domain::regime::Regime;
    use section50::domain::settings::ClockSettings;
    let (mut out, mut diag) = (Vec::new(), Vec::new());
    let (outcome, _) = run_with_diagnostics(
        &mut log.as_bytes(),
        &mut out,
        &mut diag,
        Regime::Foia,
        d(as_of),
        &ClockSettings::default(),
    )
    .unwrap();
    let refused = match outcome {
        Outcome::Done => None,
        Outcome::BadInput(m) => Some(m),
    };
    (
        refused,
        String::from_utf8(out).unwrap(),
        String::from_utf8(diag).unwrap(),
    )
}

#[test]
fn the_lateness_command_refuses_future_responses_and_skips_ragged_rows() {
    // A response after --as-of is refused, naming the row.
    let (refused, out, _) = lateness(
        "reference,received,responded\nA1,2023-02-13,2023-03-13\nA2,2023-02-13,2023-04-03\n",
        "2023-03-20",
    );
    let refused = refused.expect("the future response is refused");
    assert!(
        refused.contains("row 2 (line 3)") && refused.contains("after the evaluation day"),
        "{refused}"
    );
    assert!(out.contains("A2,2023-02-13,2023-04-03,,,invalid"), "{out}");
    assert!(
        out.contains("A1,2023-02-13,2023-03-13,2023-03-13,0,met"),
        "{out}"
    );

    // A ragged row is reported on the diagnostics stream and skipped; the rest are evaluated.
    let (refused, out, diag) = lateness(
        "reference,received,responded\nA1,2023-02-13,2023-03-13\nA2,2023-02-13\nA3,2023-02-13,2023-03-13,extra\nA4,2023-02-13,\n",
        "2023-03-20",
    );
    assert!(
        diag.contains("line 3 (row 2): 2 fields where the header has 3; row skipped"),
        "{diag}"
    );
    assert!(diag.contains("line 4 (row 3): 4 fields"), "{diag}");
    assert!(refused.unwrap().contains("2 ragged rows were skipped"));
    assert!(!out.contains("A2") && !out.contains("A3"), "{out}");
    // 14, 15, 16 and 20 Mar 2023 (17 Mar is St Patrick's Day).
    assert!(out.contains("A4,2023-02-13,,2023-03-13,4,overdue"), "{out}");
}

#[test]
fn the_lateness_command_reads_dates_as_the_timeline_does() {
    // (text, why)
    let table = [
        ("2023-02-13", "the canonical form"),
        ("2023-2-13", "an unpadded month"),
        ("2023-02-30", "no such day"),
        ("13/02/2023", "a British date: refused by both"),
        (
            "2023-02-13T23:30:00Z",
            "a timestamp: a date in neither contract's date field",
        ),
    ];
    for (text, why) in table {
        // The timeline's answer: the response due date, or a refusal.
        let input =
            json!({"regime": "foia", "events": [{"kind": "request_received", "date": text}]});
        let timeline = run(&input, "2024-01-01")
            .ok()
            .and_then(|e| date_of(&e, N::ResponseDue));
        // The log's answer: its due column, or `invalid`.
        let (_, out, _) = lateness(
            &format!("reference,received,responded\nA1,{text},\n"),
            "2024-01-01",
        );
        let row: Vec<String> = out
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .map(str::to_owned)
            .collect();
        let logged = (row[5] != "invalid").then(|| row[3].clone());
        if text.contains('T') {
            // The log also takes a timestamp (on its London date); the timeline has a separate
            // timestamp field for it, so its date field refuses one. 23:30 GMT is 13 Feb in London.
            assert_eq!(
                (timeline, logged.as_deref()),
                (None, Some("2023-03-13")),
                "{why}"
            );
            continue;
        }
        assert_eq!(timeline, logged, "{text}: {why}");
    }
}

#[test]
fn a_request_received_on_a_non_working_day_says_why_day_one_is_later() {
    // Received on Good Friday 2024: Saturday, Sunday and Easter Monday follow, so the count
    // starts on Tuesday 2 April 2024 (the date of receipt stays 29 March: ICO guidance).
    let input =
        r#"{"regime": "foia", "events": [{"kind": "request_received", "date": "2024-03-29"}]}"#;
    let (timeline, settings) = section50::domain::timeline::parse_timeline_json(input).unwrap();
    let calendars = section50::domain::calendar::Calendars::build(&settings.calendar_options());
    let evaluation = section50::domain::deadline::evaluate_with(
        &timeline,
        &settings,
        &calendars,
        d("2024-04-02"),
    )
    .unwrap();
    let due = evaluation
        .get(section50::domain::deadline::DeadlineName::ResponseDue)
        .unwrap();
    let note = due.note.as_deref().unwrap_or_default();
    assert!(
        note.starts_with(
            "The request arrived on a day that is not a working day: 29 March 2024 was Good Friday"
        ),
        "{note}"
    );
    assert!(note.contains("1 April 2024 Easter Monday"), "{note}");
    assert!(
        note.ends_with("so day 1 of the count is Tuesday 2 April 2024"),
        "{note}"
    );
    // A working-day receipt needs no explanation.
    let plain =
        r#"{"regime": "foia", "events": [{"kind": "request_received", "date": "2024-03-28"}]}"#;
    let (timeline, settings) = section50::domain::timeline::parse_timeline_json(plain).unwrap();
    let evaluation = section50::domain::deadline::evaluate_with(
        &timeline,
        &settings,
        &calendars,
        d("2024-04-02"),
    )
    .unwrap();
    let due = evaluation
        .get(section50::domain::deadline::DeadlineName::ResponseDue)
        .unwrap();
    assert_eq!(due.note, None);
}
