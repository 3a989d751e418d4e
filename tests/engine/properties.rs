//! Properties of working-day arithmetic and of the clock, over random dates and periods.

use crate::support::{d, gov_uk};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use section50::domain::calendar::{CalendarKind, WorkingCalendar};
use section50::domain::deadline::{DeadlineName, default_calendars, evaluate};
use section50::domain::settings::ClockSettings;
use section50::domain::timeline::parse_timeline_json;
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
