//! Tables of named edge cases for every rule of docs/deadline-rules.md. Expected dates were counted by
//! hand from the calendar (the working days are listed in the comments), never taken from the
//! engine's own output.

use crate::support::d;
use section50::domain::deadline::{DeadlineName as N, Evaluation, Status, evaluate};
use section50::domain::timeline::{TimelineError, parse_timeline_json};
use serde_json::json;

fn run(input: &serde_json::Value, as_of: &str) -> Result<Evaluation, TimelineError> {
    let (timeline, settings) = parse_timeline_json(&input.to_string())?;
    evaluate(&timeline, &settings, d(as_of))
}

fn eval(input: &serde_json::Value, as_of: &str) -> Evaluation {
    run(input, as_of).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn refused(input: &serde_json::Value, as_of: &str) -> TimelineError {
    match run(input, as_of) {
        Ok(e) => panic!("accepted: {e:?}"),
        Err(e) => e,
    }
}

fn ev(kind: &str, date: &str) -> serde_json::Value {
    json!({"kind": kind, "date": date})
}

fn timeline(regime: &str, events: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"regime": regime, "events": events})
}

fn date_of(e: &Evaluation, name: N) -> String {
    e.get(name)
        .unwrap_or_else(|| {
            panic!(
                "{name:?} missing from {:?}",
                e.deadlines.iter().map(|d| d.name).collect::<Vec<_>>()
            )
        })
        .date
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn response_due_dates_follow_the_calendar_rules() {
    // (regime, received, expected due, why)
    let table = [
        (
            "foia",
            "2023-02-13",
            "2023-03-13",
            "plain weekdays: 4+5+5+5+1 working days, no holidays",
        ),
        ("foia", "2023-02-10", "2023-03-10", "Friday receipt"),
        (
            "foia",
            "2023-02-11",
            "2023-03-10",
            "Saturday receipt: same as Friday (ICO day one)",
        ),
        (
            "foia",
            "2023-02-12",
            "2023-03-10",
            "Sunday receipt: same as Friday (ICO day one)",
        ),
        (
            "foia",
            "2023-12-15",
            "2024-01-18",
            "Christmas: skips 25, 26 Dec, 1 Jan and Scotland's 2 Jan",
        ),
        (
            "foia",
            "2024-03-15",
            "2024-04-17",
            "Easter 2024: skips NI 18 Mar, Good Friday, Easter Monday",
        ),
        (
            "foisa",
            "2024-03-15",
            "2024-04-15",
            "FOISA: Easter Monday and St Patrick's are Scottish working days",
        ),
        (
            "foia",
            "2023-06-30",
            "2023-07-31",
            "NI-only 12 July stops the FOIA clock",
        ),
        (
            "foisa",
            "2023-06-30",
            "2023-07-28",
            "12 July is a working day for FOISA",
        ),
        (
            "foia",
            "2022-09-05",
            "2022-10-04",
            "state funeral 19 Sep 2022 skipped",
        ),
        (
            "foia",
            "2023-04-24",
            "2023-05-24",
            "Early May and the coronation 8 May 2023 skipped",
        ),
        (
            "foia",
            "2026-06-01",
            "2026-06-30",
            "Scotland's 2026 one-off 15 June stops the FOIA clock",
        ),
        (
            "eir",
            "2026-06-01",
            "2026-06-30",
            "EIR uses the same union calendar",
        ),
        (
            "foia",
            "2026-11-20",
            "2026-12-21",
            "St Andrew's Day 30 Nov 2026 (Scotland) stops the FOIA clock",
        ),
        (
            "foia",
            "2024-02-12",
            "2024-03-11",
            "leap year: 29 Feb 2024 is a working day",
        ),
        (
            "foia",
            "2023-02-27",
            "2023-03-28",
            "St Patrick's Day 17 Mar 2023 skipped",
        ),
    ];
    for (regime, received, due, why) in table {
        let e = eval(
            &timeline(regime, vec![ev("request_received", received)]),
            "2027-01-01",
        );
        assert_eq!(
            date_of(&e, N::ResponseDue),
            due,
            "{regime} {received}: {why}"
        );
    }
}

#[test]
fn the_receipt_moves_setting_makes_a_weekend_request_one_working_day_later() {
    let mut input = timeline("foia", vec![ev("request_received", "2023-02-11")]);
    input["settings"] = json!({"day_one_rule": "receipt_moves_to_next_working_day"});
    let e = eval(&input, "2024-01-01");
    // Saturday 11 Feb is treated as received on Monday 13 Feb: due Monday 13 Mar.
    assert_eq!(date_of(&e, N::ResponseDue), "2023-03-13");
    assert_eq!(e.date_of_receipt, Some(d("2023-02-13")));
}

#[test]
fn an_email_timestamp_late_at_night_counts_on_its_london_date() {
    // 23:30 UTC on Thu 29 Jun 2023 is 00:30 BST on Fri 30 Jun: due Mon 31 Jul (not Fri 28 Jul).
    let input = json!({"regime": "foia", "events": [{"kind": "request_received", "timestamp": "2023-06-29T23:30:00Z"}]});
    let e = eval(&input, "2024-01-01");
    assert_eq!(date_of(&e, N::ResponseDue), "2023-07-31");
}

#[test]
fn clarification_restarts_the_clock_from_the_day_it_arrives() {
    // Received 20 Mar 2023; 20 working days skipping Good Friday 7 Apr and Easter Monday 10 Apr.
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("request_received", "2023-03-06"),
                ev("clarification_requested", "2023-03-08"),
                ev("clarification_received", "2023-03-20"),
            ],
        ),
        "2023-04-01",
    );
    assert_eq!(date_of(&e, N::ResponseDue), "2023-04-19");
    assert_eq!(e.date_of_receipt, Some(d("2023-03-20")));
}

#[test]
fn an_unanswered_clarification_stops_the_clock() {
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("request_received", "2023-03-06"),
                ev("clarification_requested", "2023-03-08"),
            ],
        ),
        "2023-05-01",
    );
    let due = e.get(N::ResponseDue).unwrap();
    assert_eq!(due.status, Status::Paused);
    assert_eq!(due.date, None);
}

#[test]
fn a_fees_notice_pause_disregards_both_end_days() {
    // Received Mon 6 Mar 2023; fees notice Mon 13 Mar, fee received Fri 17 Mar (St Patrick's).
    // Disregarded working days: 13, 14, 15, 16 Mar. Counting the rest: 7-10 Mar (4),
    // 20-24 (9), 27-31 (14), 3-6 Apr (18), [7 and 10 Apr Easter], 11-12 Apr (20).
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("request_received", "2023-03-06"),
                ev("fees_notice_issued", "2023-03-13"),
                ev("fee_paid", "2023-03-17"),
            ],
        ),
        "2023-03-20",
    );
    let due = e.get(N::ResponseDue).unwrap();
    assert_eq!(due.date, Some(d("2023-04-12")));
    let disregarded: Vec<_> = due
        .skipped
        .iter()
        .filter(|s| s.reason.starts_with("Disregarded"))
        .map(|s| s.date)
        .collect();
    assert_eq!(
        disregarded,
        vec![
            d("2023-03-13"),
            d("2023-03-14"),
            d("2023-03-15"),
            d("2023-03-16")
        ]
    );
}

#[test]
fn an_unpaid_fee_stops_the_clock() {
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("request_received", "2023-03-06"),
                ev("fees_notice_issued", "2023-03-13"),
            ],
        ),
        "2023-06-01",
    );
    assert_eq!(e.get(N::ResponseDue).unwrap().status, Status::Paused);
}

#[test]
fn a_public_interest_extension_sets_a_guideline_at_forty_working_days() {
    // 40 working days from 13 Feb 2023: day 20 is 13 Mar; then 14-16 Mar (23), [17 Mar NI],
    // 20-24 (28), 27-31 (33), 3-6 Apr (37), [7, 10 Apr], 11-13 Apr (40).
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("request_received", "2023-02-13"),
                ev("pit_extension_claimed", "2023-03-10"),
                ev("response_sent", "2023-04-05"),
            ],
        ),
        "2023-05-01",
    );
    assert_eq!(date_of(&e, N::PitGuidelineDue), "2023-04-13");
    assert_eq!(
        e.get(N::ResponseDue).unwrap().status,
        Status::Met,
        "the s17 notice answered within 20 days"
    );
    assert_eq!(e.get(N::PitGuidelineDue).unwrap().status, Status::Met);
}

#[test]
fn an_eir_extension_counts_only_if_claimed_within_the_first_twenty_days() {
    let on_time = eval(
        &timeline(
            "eir",
            vec![
                ev("request_received", "2023-02-13"),
                ev("eir_extension_claimed", "2023-03-01"),
            ],
        ),
        "2023-03-20",
    );
    assert_eq!(date_of(&on_time, N::EirExtendedDue), "2023-04-13");
    let late = eval(
        &timeline(
            "eir",
            vec![
                ev("request_received", "2023-02-13"),
                ev("eir_extension_claimed", "2023-03-14"),
            ],
        ),
        "2023-03-20",
    );
    assert!(late.get(N::EirExtendedDue).is_none());
    assert_eq!(late.get(N::ResponseDue).unwrap().status, Status::Overdue);
    assert!(
        late.warnings.iter().any(|w| w.contains("regulation 7")),
        "{:?}",
        late.warnings
    );
}

#[test]
fn lateness_counts_working_days_after_the_due_date() {
    // (response, status, working days late, calendar days late, why); due Mon 13 Mar 2023.
    let table = [
        (
            "2023-03-13",
            Status::Met,
            0,
            0,
            "a response on the due date is on time",
        ),
        ("2023-03-01", Status::Met, 0, 0, "early"),
        ("2023-03-14", Status::MetLate, 1, 1, "one day late"),
        (
            "2023-03-17",
            Status::MetLate,
            3,
            4,
            "14, 15, 16 Mar; 17 Mar is St Patrick's Day",
        ),
        (
            "2023-03-20",
            Status::MetLate,
            4,
            7,
            "the weekend does not count",
        ),
    ];
    for (response, status, wd, cd, why) in table {
        let e = eval(
            &timeline(
                "foia",
                vec![
                    ev("request_received", "2023-02-13"),
                    ev("response_sent", response),
                ],
            ),
            "2023-04-01",
        );
        let due = e.get(N::ResponseDue).unwrap();
        assert_eq!(
            (due.status, due.working_days_late, due.calendar_days_late),
            (status, wd, cd),
            "{why}"
        );
    }
}

#[test]
fn status_on_the_evaluation_day_is_pending_due_today_or_overdue() {
    let input = timeline("foia", vec![ev("request_received", "2023-02-13")]);
    let table = [
        ("2023-03-10", Status::Pending, 0, "before the due date"),
        ("2023-03-13", Status::DueToday, 0, "on the due date"),
        ("2023-03-16", Status::Overdue, 3, "three working days after"),
    ];
    for (as_of, status, late, why) in table {
        let due = eval(&input, as_of).get(N::ResponseDue).cloned().unwrap();
        assert_eq!((due.status, due.working_days_late), (status, late), "{why}");
    }
}

#[test]
fn subject_access_requests_use_the_ico_month_method() {
    // (received, due, why)
    let table = [
        ("2024-09-03", "2024-10-03", "corresponding date next month"),
        (
            "2023-03-31",
            "2023-05-02",
            "30 Apr is a Sunday and 1 May 2023 a bank holiday",
        ),
        (
            "2024-01-31",
            "2024-02-29",
            "no 31 Feb: last day of the month, leap year",
        ),
        (
            "2023-01-31",
            "2023-02-28",
            "no 31 Feb: last day of the month",
        ),
        ("2023-11-25", "2023-12-27", "25 Dec and 26 Dec are holidays"),
    ];
    for (received, due, why) in table {
        let e = eval(
            &timeline("uk_gdpr_sar", vec![ev("request_received", received)]),
            "2025-01-01",
        );
        assert_eq!(date_of(&e, N::SarDue), due, "{received}: {why}");
    }
    let extended = eval(
        &timeline(
            "uk_gdpr_sar",
            vec![
                ev("request_received", "2023-03-31"),
                ev("sar_extension_claimed", "2023-04-20"),
            ],
        ),
        "2023-05-01",
    );
    assert_eq!(
        date_of(&extended, N::SarExtendedDue),
        "2023-06-30",
        "receipt + 3 months"
    );
}

#[test]
fn the_tribunal_appeal_window_rolls_only_when_day_28_is_not_a_working_day() {
    // (notice sent, last day, why)
    let table = [
        (
            "2024-02-08",
            "2024-03-07",
            "seed notice: day 28 is a Thursday",
        ),
        (
            "2023-11-27",
            "2023-12-27",
            "day 28 is Christmas Day: 25 and 26 Dec roll to 27 Dec",
        ),
        (
            "2023-11-04",
            "2023-12-04",
            "sent on a Saturday: day 28 is a Saturday",
        ),
        (
            "2026-11-02",
            "2026-11-30",
            "St Andrew's Day is not an England and Wales holiday",
        ),
        (
            "2023-04-03",
            "2023-05-02",
            "day 28 is Monday 1 May 2023, Early May bank holiday",
        ),
    ];
    for (sent, last, why) in table {
        let e = eval(
            &timeline(
                "foia",
                vec![
                    ev("complaint_received", "2023-01-01"),
                    json!({"kind": "decision_notice_issued", "date": sent}),
                ],
            ),
            "2027-01-01",
        );
        assert_eq!(date_of(&e, N::AppealLastDay), last, "{sent}: {why}");
    }
    let mut union = timeline(
        "foia",
        vec![
            ev("complaint_received", "2023-01-01"),
            ev("decision_notice_issued", "2026-11-02"),
        ],
    );
    union["settings"] = json!({"tribunal_calendar": "uk-union"});
    assert_eq!(
        date_of(&eval(&union, "2027-01-01"), N::AppealLastDay),
        "2026-12-01"
    );
}

#[test]
fn the_appeal_window_runs_from_the_date_the_notice_was_sent() {
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("complaint_received", "2023-09-20"),
                json!({"kind": "decision_notice_issued", "date": "2024-02-08", "sent": "2024-02-12"}),
            ],
        ),
        "2024-02-20",
    );
    assert_eq!(date_of(&e, N::AppealLastDay), "2024-03-11");
}

#[test]
fn steps_are_due_after_the_notices_period_and_suspended_while_an_appeal_is_pending() {
    let notice =
        json!({"kind": "decision_notice_issued", "date": "2024-02-08", "steps_period_days": 35});
    let plain = eval(&timeline("foia", vec![notice.clone()]), "2024-02-20");
    assert_eq!(
        date_of(&plain, N::StepsDue),
        "2024-03-14",
        "8 Feb + 35 days"
    );

    let pending = eval(
        &timeline(
            "foia",
            vec![notice.clone(), ev("appeal_lodged", "2024-03-01")],
        ),
        "2024-04-01",
    );
    assert_eq!(pending.get(N::StepsDue).unwrap().status, Status::Suspended);

    let determined = eval(
        &timeline(
            "foia",
            vec![
                notice.clone(),
                ev("appeal_lodged", "2024-03-01"),
                ev("appeal_determined", "2024-06-01"),
            ],
        ),
        "2024-06-02",
    );
    // 92 days pending (1 Mar to 1 Jun) added to 14 Mar.
    assert_eq!(date_of(&determined, N::StepsDue), "2024-06-14");

    let no_steps = eval(
        &timeline("foia", vec![ev("decision_notice_issued", "2024-02-08")]),
        "2024-02-20",
    );
    assert!(
        no_steps.get(N::StepsDue).is_none(),
        "a notice that orders no steps has no steps deadline"
    );

    let default_period = eval(
        &timeline(
            "foia",
            vec![
                json!({"kind": "decision_notice_issued", "date": "2024-02-08", "steps_ordered": true}),
            ],
        ),
        "2024-02-20",
    );
    assert_eq!(
        date_of(&default_period, N::StepsDue),
        "2024-03-09",
        "default 30 calendar days"
    );
}

#[test]
fn review_and_complaint_clocks_follow_each_regime() {
    // EIR reg 11(4): 40 working days from 3 Jul 2023, skipping 12 Jul (NI), 7 Aug (Scotland)
    // and 28 Aug (E&W, NI).
    let eir = eval(
        &timeline(
            "eir",
            vec![
                ev("request_received", "2023-05-02"),
                ev("response_sent", "2023-05-30"),
                ev("internal_review_requested", "2023-07-03"),
            ],
        ),
        "2023-07-10",
    );
    assert_eq!(date_of(&eir, N::ReconsiderationDue), "2023-08-31");
    assert!(
        eir.get(N::InternalReviewDue).is_none(),
        "EIR has reconsideration, not the FOIA code review"
    );

    // FOISA s20(5): 40 Scottish working days after the 20-day period expired on 13 Mar 2023:
    // Easter Monday works in Scotland; Good Friday, 1 May and 8 May do not.
    let foisa = eval(
        &timeline(
            "foisa",
            vec![
                ev("request_received", "2023-02-13"),
                ev("response_sent", "2023-03-01"),
                ev("internal_review_requested", "2023-04-03"),
            ],
        ),
        "2023-04-05",
    );
    assert_eq!(date_of(&foisa, N::ReviewRequirementDeadline), "2023-05-11");
    // s21(1): 20 Scottish working days from 3 Apr 2023: [7 Apr Good Friday] ... 2 May.
    // 4-6 Apr (3), 10-14 (8), 17-21 (13), 24-28 (18), [1 May], 2-3 May (20).
    assert_eq!(date_of(&foisa, N::ReviewResponseDue), "2023-05-03");
}

#[test]
fn the_chase_letter_gives_the_authority_ten_working_days() {
    // 7-10 Mar (4), 13-16 (8), [17 Mar St Patrick's], 20-21 (10).
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("complaint_received", "2023-03-01"),
                ev("chase_letter_sent", "2023-03-06"),
            ],
        ),
        "2023-03-22",
    );
    let chase = e.get(N::ChaseResponseDue).unwrap();
    assert_eq!(chase.date, Some(d("2023-03-21")));
    assert_eq!(chase.status, Status::Overdue);
}

#[test]
fn the_unproclaimed_scottish_substitute_of_2010_is_a_switch() {
    // Scotland, received Thu 31 Dec 2009: 1 Jan 2010 is a holiday; 4 Jan only if as published.
    let input = timeline("foisa", vec![ev("request_received", "2009-12-31")]);
    assert_eq!(
        date_of(&eval(&input, "2010-03-01"), N::ResponseDue),
        "2010-01-29"
    );
    let mut published = input.clone();
    published["settings"] = json!({"unproclaimed_substitutes": "as_published"});
    assert_eq!(
        date_of(&eval(&published, "2010-03-01"), N::ResponseDue),
        "2010-02-01"
    );
}

#[test]
fn explanations_list_every_skipped_day_with_its_reason() {
    let e = eval(
        &timeline("foia", vec![ev("request_received", "2022-09-05")]),
        "2022-12-01",
    );
    let due = e.get(N::ResponseDue).unwrap();
    let funeral = due
        .skipped
        .iter()
        .find(|s| s.date == d("2022-09-19"))
        .expect("the funeral is listed");
    assert!(
        funeral.reason.contains("State Funeral"),
        "{}",
        funeral.reason
    );
    // 4 weekends and the funeral between 5 Sep and 4 Oct 2022.
    assert_eq!(due.skipped.len(), 9);
}

#[test]
fn a_newly_proclaimed_day_moves_an_open_deadline_and_the_move_is_reported() {
    let before = eval(
        &timeline("foia", vec![ev("request_received", "2027-06-01")]),
        "2027-06-02",
    );
    let mut input = timeline("foia", vec![ev("request_received", "2027-06-01")]);
    input["settings"] = json!({"extra_holidays": [{"date": "2027-06-14", "divisions": ["scotland"], "kind": "additional", "name": "Example day", "source": "test"}]});
    let after = eval(&input, "2027-06-02");
    let moves = after.moves_since(&before);
    assert_eq!(moves.len(), 1);
    assert_eq!(
        moves[0].to.unwrap() - moves[0].from.unwrap(),
        chrono::Duration::days(1)
    );
}

#[test]
fn impossible_timelines_are_refused_naming_the_event_and_the_rule() {
    // (events, as_of, rule, message fragment, why)
    let table: Vec<(Vec<serde_json::Value>, &str, &str, &str, &str)> = vec![
        (
            vec![
                ev("request_received", "2023-02-05"),
                ev("response_sent", "2023-02-01"),
            ],
            "2023-03-01",
            "before_request",
            "response sent on 1 February 2023 is before the request was received on 5 February 2023",
            "a response before the request",
        ),
        (
            vec![
                ev("request_received", "2022-12-01"),
                ev("response_sent", "2023-02-01"),
                ev("internal_review_requested", "2023-01-05"),
            ],
            "2023-03-01",
            "review_before_response",
            "internal review requested on 5 January 2023 is before the response on 1 February 2023",
            "a review before the response",
        ),
        (
            vec![
                ev("request_received", "2023-01-05"),
                ev("fee_paid", "2023-01-10"),
            ],
            "2023-03-01",
            "fee_without_notice",
            "no fees notice",
            "a fee paid with no fees notice",
        ),
        (
            vec![
                ev("request_received", "2023-01-05"),
                ev("clarification_received", "2023-01-10"),
            ],
            "2023-03-01",
            "clarification_not_requested",
            "no clarification was requested",
            "clarification received but never requested",
        ),
        (
            vec![
                ev("complaint_received", "2023-01-05"),
                ev("decision_notice_issued", "2023-02-01"),
                ev("appeal_lodged", "2023-03-10"),
            ],
            "2023-04-01",
            "appeal_out_of_time",
            "after the last day to appeal, 1 March 2023",
            "an appeal after the window with no extension",
        ),
        (
            vec![
                ev("request_received", "2023-01-05"),
                ev("pit_extension_claimed", "2023-01-10"),
            ],
            "2023-03-01",
            "not_in_regime",
            "does not exist under EIR",
            "no public interest extension under EIR",
        ),
        (
            vec![
                ev("request_received", "2023-01-05"),
                ev("response_sent", "2023-05-01"),
            ],
            "2023-03-01",
            "event_in_future",
            "after the day of evaluation",
            "an event after the evaluation day",
        ),
        (
            vec![ev("appeal_lodged", "2023-01-05")],
            "2023-03-01",
            "appeal_without_notice",
            "no decision notice",
            "an appeal with nothing to appeal",
        ),
    ];
    for (events, as_of, rule, fragment, why) in table {
        let regime = if rule == "not_in_regime" {
            "eir"
        } else {
            "foia"
        };
        let err = refused(&timeline(regime, events), as_of);
        assert_eq!(err.rule, rule, "{why}: {err}");
        assert!(err.message.contains(fragment), "{why}: {}", err.message);
    }
}

#[test]
fn a_late_appeal_is_accepted_when_the_tribunal_extended_time() {
    let e = eval(
        &timeline(
            "foia",
            vec![
                ev("complaint_received", "2023-01-05"),
                ev("decision_notice_issued", "2023-02-01"),
                json!({"kind": "appeal_lodged", "date": "2023-03-10", "extension_granted": true}),
            ],
        ),
        "2023-04-01",
    );
    assert_eq!(e.get(N::AppealLastDay).unwrap().status, Status::MetLate);
}

#[test]
fn malformed_input_is_refused_with_a_named_rule() {
    // (input text, rule, why)
    let table = [
        ("{", "malformed_json", "not JSON"),
        (
            r#"{"regime":"foi","events":[]}"#,
            "unknown_regime",
            "misspelt regime",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_recieved","date":"2023-01-01"}]}"#,
            "unknown_kind",
            "misspelt kind",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_received","date":"2023-02-30"}]}"#,
            "malformed_date",
            "no 30 February",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_received","date":"13/02/2023"}]}"#,
            "malformed_date",
            "UK date format",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_received"}]}"#,
            "missing_date",
            "no date",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_received","timestamp":"yesterday"}]}"#,
            "malformed_timestamp",
            "bad timestamp",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"request_received","date":"2023-01-01","colour":"red"}]}"#,
            "malformed_event",
            "unknown field",
        ),
        (
            r#"{"regime":"foia","events":[],"settings":{"day_one":"ico"}}"#,
            "bad_settings",
            "misspelt setting",
        ),
        (
            r#"{"regime":"foia","events":[{"kind":"response_sent","date":"2023-01-01","sent":"2023-01-02"}]}"#,
            "field_not_allowed",
            "sent on a response",
        ),
    ];
    for (text, rule, why) in table {
        let err = parse_timeline_json(text).expect_err(why);
        assert_eq!(err.rule, rule, "{why}: {err}");
    }
}
