//! Properties of working-day arithmetic and of the clock, over random dates and periods.

use crate::support::{d, gov_uk};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use section50::domain::calendar::{CalendarKind, WorkingCalendar};
use section50::domain::deadline::{DeadlineName, default_calendars, evaluate};
use section50::domain::regime::Regime;
use section50::domain::settings::ClockSettings;
use section50::domain::timeline::{Event, EventKind, Timeline, parse_timeline_json};
use std::collections::BTreeSet;
use std::sync::LazyLock;

fn union() -> &'static WorkingCalendar {
    default_calendars().get(CalendarKind::UkUnion)
}

/// A date between 1971 and 2099 (room to add a year of working days).
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(129 * 365)).prop_map(|n| d("1971-01-01") + Duration::days(n))
}

/// gov.uk's union of the three divisions: an independent list of non-working weekdays.
static GOV_UK_UNION: LazyLock<BTreeSet<NaiveDate>> =
    LazyLock::new(|| gov_uk().into_values().flatten().collect());

/// The plain day-by-day count, with holidays from gov.uk rather than from the engine.
fn naive_add(start: NaiveDate, n: u32) -> NaiveDate {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day += Duration::days(1);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if !weekend && !GOV_UK_UNION.contains(&day) {
            left -= 1;
        }
    }
    day
}

proptest! {
    #[test]
    fn the_due_date_is_a_working_day(start in any_date(), n in 1u32..250) {
        let due = union().add_working_days(start, n).unwrap();
        prop_assert!(union().is_working_day(due).unwrap());
        prop_assert!(due > start);
    }

    #[test]
    fn counting_undoes_adding(start in any_date(), n in 0u32..250) {
        let due = union().add_working_days(start, n).unwrap();
        prop_assert_eq!(union().working_days_between(start, due).unwrap(), i64::from(n));
    }

    #[test]
    fn more_days_never_give_an_earlier_date(start in any_date(), a in 0u32..250, b in 0u32..250) {
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(union().add_working_days(start, lo).unwrap() <= union().add_working_days(start, hi).unwrap());
    }

    #[test]
    fn a_later_start_never_gives_an_earlier_date(start in any_date(), gap in 0i64..30, n in 1u32..60) {
        let later = start + Duration::days(gap);
        prop_assert!(union().add_working_days(start, n).unwrap() <= union().add_working_days(later, n).unwrap());
    }

    #[test]
    fn adding_agrees_with_a_day_by_day_count_over_gov_uk_data(offset in 0i64..(15 * 365), n in 0u32..60) {
        let start = d("2012-01-01") + Duration::days(offset);
        prop_assert_eq!(union().add_working_days(start, n).unwrap(), naive_add(start, n));
    }

    #[test]
    fn a_fees_pause_never_shortens_the_deadline(offset in 0i64..3000, notice_after in 0i64..25, paid_after in 0i64..40) {
        let received = d("2015-01-05") + Duration::days(offset);
        let notice = received + Duration::days(notice_after);
        let paid = notice + Duration::days(paid_after);
        let as_of = paid + Duration::days(1);
        let plain = format!(r#"{{"regime":"foia","events":[{{"kind":"request_received","date":"{received}"}}]}}"#);
        let paused = format!(
            r#"{{"regime":"foia","events":[{{"kind":"request_received","date":"{received}"}},{{"kind":"fees_notice_issued","date":"{notice}"}},{{"kind":"fee_paid","date":"{paid}"}}]}}"#
        );
        let settings = ClockSettings::default();
        let (t1, _) = parse_timeline_json(&plain).unwrap();
        let (t2, _) = parse_timeline_json(&paused).unwrap();
        let a = evaluate(&t1, &settings, as_of).unwrap().get(DeadlineName::ResponseDue).unwrap().date.unwrap();
        let b = evaluate(&t2, &settings, as_of).unwrap().get(DeadlineName::ResponseDue).unwrap().date.unwrap();
        prop_assert!(b >= a, "pause moved {a} to {b}");
    }
}

#[test]
fn the_union_calendar_never_has_more_working_days_than_any_division() {
    // A sanity property over whole years: the union calendar never has more working days than
    // any single division, because it has every division's holidays.
    let cals = default_calendars();
    for year in 1972..2100 {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap() - Duration::days(1);
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let union = cals
            .get(CalendarKind::UkUnion)
            .working_days_between(start, end)
            .unwrap();
        for kind in [
            CalendarKind::EnglandAndWales,
            CalendarKind::Scotland,
            CalendarKind::NorthernIreland,
        ] {
            assert!(
                union <= cals.get(kind).working_days_between(start, end).unwrap(),
                "{year} {kind:?}"
            );
        }
    }
}

/// Settings anywhere inside their documented bounds.
fn in_range_settings() -> impl Strategy<Value = ClockSettings> {
    use section50::domain::settings::{
        COMPLAINT_WINDOW_DAYS, DayOneRule, PIT_EXTENSION_WORKING_DAYS, STEPS_PERIOD_DAYS,
        SarExtension,
    };
    (
        COMPLAINT_WINDOW_DAYS,
        PIT_EXTENSION_WORKING_DAYS,
        STEPS_PERIOD_DAYS,
        any::<bool>(),
        any::<bool>(),
        0usize..4,
        0usize..4,
    )
        .prop_map(|(window, pit, steps, day_one, sar, tribunal, sar_cal)| {
            let kinds = [
                CalendarKind::EnglandAndWales,
                CalendarKind::Scotland,
                CalendarKind::NorthernIreland,
                CalendarKind::UkUnion,
            ];
            ClockSettings {
                complaint_window_days: window,
                pit_extension_working_days: pit,
                steps_period_days: steps,
                day_one_rule: if day_one {
                    DayOneRule::Ico
                } else {
                    DayOneRule::ReceiptMovesToNextWorkingDay
                },
                sar_extension: if sar {
                    SarExtension::FromReceipt
                } else {
                    SarExtension::FromFirstDeadline
                },
                tribunal_calendar: kinds[tribunal],
                sar_calendar: kinds[sar_cal],
                ..ClockSettings::default()
            }
        })
}

/// A random timeline: a request, then up to 12 events of any kind on days after it (most are
/// impossible orders, refused by `Timeline::new`; the rest reach the engine). Any date in
/// 1971-2100, so deadlines past the calendars' end are exercised too.
fn any_timeline() -> impl Strategy<Value = Option<(Timeline, NaiveDate)>> {
    (
        0usize..5,
        0i64..(130 * 365),
        proptest::collection::vec((0usize..17, 0i64..500, any::<bool>()), 0..12),
        0i64..800,
    )
        .prop_map(|(regime, start, events, after)| {
            let received = d("1971-01-01") + Duration::days(start);
            let mut list = vec![Event::on(EventKind::RequestReceived, received)];
            let mut last = received;
            for (kind, offset, flag) in events {
                let date = received + Duration::days(offset);
                let mut e = Event::on(EventKind::ALL[kind], date);
                e.steps_ordered = flag && e.kind == EventKind::DecisionNoticeIssued;
                e.extension_granted = e.kind == EventKind::AppealLodged;
                last = last.max(date);
                list.push(e);
            }
            let timeline = Timeline::new(Regime::ALL[regime], list).ok()?;
            Some((timeline, last + Duration::days(after)))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn in_range_settings_never_make_the_engine_panic(
        settings in in_range_settings(),
        case in any_timeline(),
    ) {
        prop_assert!(settings.validate().is_ok());
        if let Some((timeline, as_of)) = case {
            // Refusals (a date past 2100, an appeal out of time) are fine; a panic is not.
            let _ = evaluate(&timeline, &settings, as_of);
        }
    }

    #[test]
    fn out_of_range_settings_are_always_refused(which in 0usize..3, value in any::<u32>()) {
        use section50::domain::settings::{
            COMPLAINT_WINDOW_DAYS, PIT_EXTENSION_WORKING_DAYS, STEPS_PERIOD_DAYS,
        };
        let (name, bounds) = [
            ("complaint_window_days", COMPLAINT_WINDOW_DAYS),
            ("pit_extension_working_days", PIT_EXTENSION_WORKING_DAYS),
            ("steps_period_days", STEPS_PERIOD_DAYS),
        ][which].clone();
        prop_assume!(!bounds.contains(&value));
        let input = format!(
            r#"{{"regime":"foia","events":[{{"kind":"request_received","date":"2023-01-09"}}],"settings":{{"{name}":{value}}}}}"#
        );
        let err = parse_timeline_json(&input).unwrap_err();
        prop_assert_eq!(err.rule, "setting_out_of_range");
        prop_assert!(err.message.contains(name), "{}", err.message);
        // The engine refuses them too when a caller builds settings itself.
        let mut settings = ClockSettings::default();
        match which {
            0 => settings.complaint_window_days = value,
            1 => settings.pit_extension_working_days = value,
            _ => settings.steps_period_days = value,
        }
        let (timeline, _) = parse_timeline_json(
            r#"{"regime":"foia","events":[{"kind":"request_received","date":"2023-01-09"}]}"#,
        ).unwrap();
        prop_assert!(evaluate(&timeline, &settings, d("2024-01-01")).is_err());
    }
}
